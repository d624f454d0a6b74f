"""Category synonyms (knowledge/data/category_synonyms.yaml): a title that names the category by a synonym or a
narrower kind is not flagged; one that names something else, or a broader kind, still is."""

from __future__ import annotations

import pytest

from shopforge.knowledge.synonyms import load_category_synonyms
from shopforge.optimize.understand import category_term, names_category


def test_every_group_is_sourced_and_the_book_is_versioned() -> None:
    book = load_category_synonyms()
    assert book.version and book.source
    ids = [group.id for group in book.groups]
    assert len(ids) == len(set(ids))
    for group in book.groups:
        assert len(group.source) > 20 and group.names, group.id


@pytest.mark.parametrize(
    ("title", "category", "term"),
    [
        ("Ladela Bellies", "Ballerinas", "bellies"),  # Flipkart's Indian English for ballet flats
        ("Kielz Ladies Boots", "Casual Shoes", "boots"),  # a narrower kind names the category
        ("Urban Crew Cotton Tee, Pack of 2", "T-Shirts", "tee"),
        ("Puma Men's Running Shoes", "Sneakers", "running shoes"),
        ("Stride Trainers for Men", "Sneakers", "trainers"),
        ("Ceramic Coffee Cup 350 ml", "Mug", "coffee cup"),
        ("Bulaky Jewellery Vanity Case", "Vanity Boxes", "vanity case"),
        ("象山 304不锈钢 保温瓶 750ml", "保温杯", "保温瓶"),
        ("象山 不锈钢焖烧杯 500ml", "保温杯", "焖烧杯"),
        ("夏季纯棉体恤 男款", "T恤", "体恤"),
    ],
)
def test_a_synonym_or_narrower_kind_names_the_category(title: str, category: str, term: str) -> None:
    assert category_term(title, category) == term


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Kielz Ladies Shoes", "Boots"),  # a broader word does not say it is a boot
        ("象山 304不锈钢 保温杯 750ml", "焖烧杯"),  # nor does a thermos cup say food jar
        ("Carrel Printed Women's", "Swim-dress"),  # really missing
        ("Brewly Stainless Steel 1.7 L Silver 1500 W Heating", "Electric Kettle"),
        ("夏季女士凉鞋 透气", "拖鞋"),  # sandals are not slippers: 鞋 alone is no group name
        ("Cupboard Organiser Shelf", "Mug"),  # whole words only
    ],
)
def test_other_or_broader_words_do_not_name_the_category(title: str, category: str) -> None:
    assert not names_category(title, category)


def test_the_category_itself_and_its_number_still_count() -> None:
    assert category_term("KAJCI Waistcoat for Men", "Waistcoats") == "Waistcoat"
    assert category_term("象山保温杯 黑色", "保温杯") == "保温杯"
