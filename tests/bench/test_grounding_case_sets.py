"""Grounding case sets B, C and D (bench/grounding_cases_{b,c,d}) are well-formed and big enough (data only,
not scores). Set A has its own test (tests/bench/test_grounding_cases.py): its format differs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
TYPES = {"brand", "material", "number", "colour", "origin", "certification", "feature", "compatibility",
         "negation", "health"}  # fmt: skip
PLATFORM = {"en": "amazon", "zh": "tmall"}
# set -> (products per language at least, whether each type is used 4-10 times per language)
SETS = {"b": (40, False), "c": (30, True), "d": (30, True)}
CASES = [(name, lang) for name in SETS for lang in ("en", "zh")]


def _lines(name: str, lang: str) -> list[dict[str, Any]]:
    text = (BENCH / f"grounding_cases_{name}" / f"{lang}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_distinct_products_as_catalogue_records(name: str, lang: str) -> None:
    lines = _lines(name, lang)
    assert len(lines) >= SETS[name][0]
    skus = [line["product"]["sku"] for line in lines]
    assert len(set(skus)) == len(skus)
    for line in lines:
        product = line["product"]
        assert product["title"].strip() and isinstance(product["attributes"], dict) and product["attributes"]
        assert line["platform"] == PLATFORM[lang]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_restatements_are_three_bullets_and_half_have_a_description(name: str, lang: str) -> None:
    lines = _lines(name, lang)
    with_description = 0
    for line in lines:
        kinds = [case["kind"] for case in line["restate"]]
        assert kinds.count("bullets") == 1, line["product"]["sku"]
        bullets = next(case["text"] for case in line["restate"] if case["kind"] == "bullets")
        assert len([row for row in bullets.split("\n") if row.strip()]) == 3, line["product"]["sku"]
        with_description += "description" in kinds
    assert with_description >= len(lines) // 2


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_invented_variants_carry_their_claim_and_a_known_type(name: str, lang: str) -> None:
    types: Counter[str] = Counter()
    for line in _lines(name, lang):
        restated = {case["kind"]: case["text"] for case in line["restate"]}
        assert len(line["invented"]) >= 2, line["product"]["sku"]
        for case in line["invented"]:
            assert case["type"] in TYPES
            assert case["claim"] and case["claim"] in case["text"]
            # the variant is the restatement with one claim added or swapped in, so it must differ from it
            assert case["kind"] in restated and case["text"] != restated[case["kind"]]
            types[case["type"]] += 1
    assert set(types) == TYPES, f"types never used: {TYPES - set(types)}"
    if SETS[name][1]:
        assert all(4 <= n <= 10 for n in types.values()), dict(types)
