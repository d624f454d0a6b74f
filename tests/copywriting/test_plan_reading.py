"""The planner reads the merchant's data as a copywriter would (issue 11, item 1)."""

from __future__ import annotations

import pytest
from tests.copywriting.compose.products import plan_for, product

from shopforge.copywriting.plan import is_non_selling


@pytest.mark.parametrize("value", ["Need to confirm", "NA", "N/A", "Pack of 1", "1-Pack", "1 pcs", "待确认", "无"])
def test_placeholders_and_a_pack_of_one_are_not_selling_material(value: str) -> None:
    assert is_non_selling(value)


@pytest.mark.parametrize("value", ["Pack of 3", "Cotton", "1.6 kg", "Navy", "304不锈钢", "Non-stick"])
def test_real_values_are_selling_material(value: str) -> None:
    assert not is_non_selling(value)


def test_the_product_type_comes_from_the_title_before_a_crawled_category_path() -> None:
    stapler = product(
        "Amazon Basics Stapler, 25 Sheet Capacity, Black", "Amazon Basics",
        ["Office Products", "office and school supplies"], [("Material", "Metal, Rubber"), ("Color", "Black")],
    )  # fmt: skip
    assert plan_for(stapler, "amazon", "en", "title").category.text == "Stapler"


def test_a_type_attribute_that_is_not_a_product_word_gives_way_to_the_title() -> None:
    shampoo = product(
        "Sicons All Purpose Arnica Dog Shampoo", "Sicons", ["Pet Supplies", "Shampoo"],
        [("Type", "All Purpose"), ("Quantity", "500 ml")],
    )  # fmt: skip
    assert plan_for(shampoo, "amazon", "en", "title").category.text == "Dog Shampoo"


def test_a_type_attribute_that_names_the_product_is_kept() -> None:
    shorts = product("Alisha Solid Women's Cycling Shorts", "Alisha", ["Shorts"], [("Type", "Cycling Shorts")])
    plan = plan_for(shorts, "amazon", "en", "title")
    assert (plan.category.text, plan.category.source) == ("Cycling Shorts", "attributes.Type")


def test_multi_value_attributes_split_into_phrases_in_both_languages() -> None:
    dress = product("条纹刺绣连衣裙", None, ["连衣裙"], [("图案", "条纹、刺绣"), ("风格", "简约")])
    texts = [p.text for p in plan_for(dress, "taobao", "zh", "title").attributes]
    assert "条纹" in texts and "刺绣" in texts and "条纹、刺绣" not in texts


def test_a_thousands_separator_is_not_a_value_separator() -> None:
    paper = product("Copy Paper 1,000 Sheets", "Papyrus", ["Paper"], [("Sheets", "1,000")])
    assert "1,000" in [p.text for p in plan_for(paper, "amazon", "en", "title").attributes]


def test_a_latin_model_code_is_kept_for_chinese_copy() -> None:
    kettle = product("美的 电热水壶", "美的", ["电热水壶"], [("型号", "MK-HJ1705")])
    assert "MK-HJ1705" in [p.text for p in plan_for(kettle, "jd", "zh", "title").attributes]


def test_a_fibre_composition_and_a_list_of_sizes_stay_one_phrase_each() -> None:
    hoodie = product("Northline Unisex Fleece Hoodie", "Northline", ["Hoodies"],
                     [("Material", "80% cotton, 20% polyester"), ("Sizes", "XS, S, M, L")])  # fmt: skip
    texts = [p.text for p in plan_for(hoodie, "amazon", "en", "title").attributes]
    assert "80% cotton, 20% polyester" in texts and "XS, S, M, L" in texts
    assert "20% polyester" not in texts and "XS" not in texts


def test_the_product_word_skips_trailing_sizes_colours_materials_and_a_dangling_of() -> None:
    cases = {
        ("Bamboo Cutting Board Set of 3", ()): "Board Set",
        ("Brewly Electric Kettle 1.7 L Stainless Steel 1500 W", (("Material", "Stainless Steel"),)): "Electric Kettle",
        ("Salt N Pepper 14-475 Dorthea Almond Boots Boots", (("Color", "Almond"),)): "Boots",
        ("Bruno Manetti 664 Boots", ()): "Boots",
    }
    for (title, attributes), expected in cases.items():
        item = product(title, None, ["Misc"], list(attributes))
        assert plan_for(item, "amazon", "en", "title").category.text == expected, title
