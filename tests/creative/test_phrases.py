"""The product's own phrases for typesetting: fact values and title words, not whole sentences."""

from __future__ import annotations

from shopforge.creative.phrases import product_phrases
from shopforge.facts.model import Fact, FactKind


def test_phrases_are_fact_values_and_title_words_without_whole_fields_or_sentences() -> None:
    facts = [
        Fact(FactKind.BRAND, "brand", "禾川", "brand"),
        Fact(FactKind.MATERIAL, "材质", "316不锈钢", "attributes.材质", "stainless_steel_316"),
        Fact(FactKind.TEXT, "title", "禾川 焖烧杯 316不锈钢 保温饭盒", "title"),  # the whole title: words only
        Fact(FactKind.TEXT, "description", "双层真空结构，适合通勤。", "description"),
        Fact(FactKind.FEATURE, "适用场景", "办公室上班族学生宿舍户外野餐", "attributes.适用场景"),  # a clause
        Fact(FactKind.COLOUR, "颜色", "禾川", "attributes.颜色"),  # a repeat is kept once
    ]
    phrases = product_phrases("禾川 焖烧杯 316不锈钢 保温饭盒", facts)
    assert phrases == ("禾川", "焖烧杯", "316不锈钢", "保温饭盒")
    assert product_phrases("", []) == ()
