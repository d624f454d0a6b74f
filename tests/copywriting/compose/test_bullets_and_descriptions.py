"""Selling points and descriptions composed from the plan."""

from __future__ import annotations

import re

from tests.copywriting.compose.products import CUP, JACKET, MUG, TOP, plan_for

from shopforge.copywriting.compose import build_inventory, compose


def _first(item, platform: str, lang: str, kind: str) -> str:  # type: ignore[no-untyped-def]
    plan = plan_for(item, platform, lang, kind)
    found = compose(plan, build_inventory(plan))
    assert found, f"no {kind} composed"
    return found[0]


def _labels(text: str) -> list[str]:
    return [re.split(r"[:】]", line.lstrip("【"), maxsplit=1)[0].lower() for line in text.splitlines()]


def test_selling_points_have_one_label_each_and_never_repeat_one() -> None:
    for item, platform, lang in ((MUG, "amazon", "en"), (JACKET, "taobao", "zh"), (CUP, "tmall", "zh")):
        labels = _labels(_first(item, platform, lang, "bullets"))
        assert len(labels) == len(set(labels)) >= 3


def test_a_selling_point_does_not_repeat_its_label_as_its_body() -> None:
    for line in _first(JACKET, "taobao", "zh", "bullets").splitlines():
        label, body = line[1:].split("】", 1)
        assert body != label


def test_benefit_led_points_come_before_plain_specs() -> None:
    lines = _first(MUG, "amazon", "en", "bullets").splitlines()
    assert lines[0].split(":")[0] not in ("Capacity", "Colour")


def test_placeholders_never_reach_the_selling_points() -> None:
    text = _first(TOP, "amazon", "en", "bullets")
    assert "Need to confirm" not in text and "Pack of 1" not in text


def test_multi_value_attributes_are_said_as_separate_phrases() -> None:
    plan = plan_for(TOP, "amazon", "en", "bullets")
    texts = [p.text for p in plan.attributes]
    assert "Casual" in texts and "Festive" in texts and "Casual, Festive, Party" not in texts


def test_english_description_is_prose_with_agreement_and_no_repeated_sentence() -> None:
    text = _first(MUG, "amazon", "en", "description")
    sentences = [s for s in re.split(r"(?<=\.)\s+", text) if s]
    assert len(sentences) >= 2 and len(set(sentences)) == len(sentences)
    assert text.startswith(("The Clearbrew", "This Clearbrew"))
    assert "holds 450 ml" in text or "450 ml" not in text  # the capacity is said as a capacity


def test_plural_product_words_take_plural_verbs() -> None:
    from tests.copywriting.compose.products import product

    shorts = product("Alisha Solid Women's Cycling Shorts", "Alisha", ["Shorts"],
                     [("Fabric", "Cotton Lycra"), ("Type", "Cycling Shorts"), ("Pattern", "Solid")])  # fmt: skip
    text = _first(shorts, "amazon", "en", "description")
    assert "Shorts are made of cotton lycra" in text and "Shorts is" not in text


def test_chinese_description_says_each_fact_once() -> None:
    text = _first(CUP, "tmall", "zh", "description")
    assert text.count("304不锈钢") == 1 and text.endswith("。")
