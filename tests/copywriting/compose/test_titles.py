"""Titles shaped per platform by the packs' title shapes."""

from __future__ import annotations

from tests.copywriting.compose.products import CUP, JACKET, MUG, TOP, plan_for, product

from shopforge.copywriting.compose import build_inventory, compose
from shopforge.copywriting.compose.text import join_tight
from shopforge.copywriting.verify.checks import measure_length


def _titles(item, platform: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    plan = plan_for(item, platform, lang, "title")
    return compose(plan, build_inventory(plan))


def test_amazon_title_leads_with_brand_and_names_the_product_type_in_title_case() -> None:
    titles = _titles(MUG, "amazon", "en")
    assert titles
    for title in titles:
        assert title.startswith("Clearbrew ")
        assert "Coffee Mug" in title[:80]
        assert title.count("Clearbrew") == 1
    assert any("(Clear)" in t for t in titles), "the colour variant is named, in parentheses"


def test_amazon_title_never_uses_placeholders_or_a_pack_of_one() -> None:
    for title in _titles(TOP, "amazon", "en"):
        assert "Pack of 1" not in title and "Need to confirm" not in title
        assert title.startswith("Kaaryah") and "Top" in title


def test_taobao_title_has_no_separators_and_stays_within_60_bytes() -> None:
    for title in _titles(JACKET, "taobao", "zh"):
        assert "、" not in title and " " not in title
        assert measure_length(title, "bytes_gbk") <= 60
        assert "外套" in title


def test_taobao_title_fills_towards_its_budget_with_unlocked_scene_words() -> None:
    sparse = _titles(product("简约 牛仔外套", None, ["女装"], [("材质", "牛仔布")]), "taobao", "zh")
    rich = _titles(JACKET, "taobao", "zh")
    assert max(measure_length(t, "bytes_gbk") for t in rich) > max(measure_length(t, "bytes_gbk") for t in sparse)


def test_chinese_title_keeps_a_space_only_between_latin_or_number_parts() -> None:
    assert join_tight(["禾川", "750ml", "304不锈钢", "黑色"]) == "禾川750ml 304不锈钢黑色"
    for title in _titles(CUP, "tmall", "zh"):
        assert title.startswith("禾川")
        for i, char in enumerate(title):
            if char == " ":
                assert title[i - 1].isascii() and title[i + 1].isascii(), title


def test_colour_variants_of_one_product_get_distinct_titles() -> None:
    black = _titles(CUP, "tmall", "zh")[0]
    white = _titles(
        product("禾川 真空保温杯 750ml 304不锈钢 白色", "禾川", ["杯壶", "保温杯"],
                [("容量", "750ml"), ("材质", "304不锈钢"), ("颜色", "白色"), ("风格", "简约")], sku="W"),
        "tmall", "zh",
    )[0]  # fmt: skip
    assert black != white and "白色" in white and "黑色" in black


def test_shopify_seo_title_fits_70_characters() -> None:
    long = product(
        "Hydrolite Tritan Sports Water Bottle 1 L",
        "Hydrolite",
        ["Drinkware"],
        [("material", "Tritan copolyester"), ("feature", "leak-proof flip lid"), ("certification", "LFGB"),
         ("capacity", "1 L"), ("colour", "smoke grey"), ("pattern", "solid")],
    )  # fmt: skip
    titles = _titles(long, "shopify", "en")
    assert titles and all(len(t) <= 70 for t in titles)


def test_jd_title_names_brand_product_and_model() -> None:
    item = product("美的 电热水壶 MK-HJ1705", "美的", ["电热水壶"], [("型号", "MK-HJ1705"), ("容量", "1.7L")])
    title = _titles(item, "jd", "zh")[0]
    assert title.startswith("美的") and "MK-HJ1705" in title and "电热水壶" in title
