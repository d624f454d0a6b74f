"""Grounding case set D (bench/grounding_cases_d) is well-formed and big enough (data only, not scores)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

CASES_DIR = Path(__file__).resolve().parents[2] / "bench" / "grounding_cases_d"
TYPES = {"brand", "material", "number", "colour", "origin", "certification", "feature", "compatibility",
         "negation", "health"}  # fmt: skip
PLATFORM = {"en": "amazon", "zh": "tmall"}


def _lines(lang: str) -> list[dict[str, Any]]:
    text = (CASES_DIR / f"{lang}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_thirty_distinct_products_as_catalogue_records(lang: str) -> None:
    lines = _lines(lang)
    assert len(lines) >= 30
    skus = [line["product"]["sku"] for line in lines]
    assert len(set(skus)) == len(skus)
    for line in lines:
        product = line["product"]
        assert product["title"].strip() and isinstance(product["attributes"], dict) and product["attributes"]
        assert line["platform"] == PLATFORM[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_restatements_are_three_bullets_and_half_have_a_description(lang: str) -> None:
    lines = _lines(lang)
    with_description = 0
    for line in lines:
        kinds = [case["kind"] for case in line["restate"]]
        assert kinds.count("bullets") == 1, line["product"]["sku"]
        bullets = next(case["text"] for case in line["restate"] if case["kind"] == "bullets")
        assert len([row for row in bullets.split("\n") if row.strip()]) == 3, line["product"]["sku"]
        with_description += "description" in kinds
    assert with_description >= len(lines) // 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_invented_variants_carry_their_claim_and_a_known_type(lang: str) -> None:
    lines = _lines(lang)
    types: Counter[str] = Counter()
    for line in lines:
        restated = {case["kind"]: case["text"] for case in line["restate"]}
        assert len(line["invented"]) >= 2, line["product"]["sku"]
        for case in line["invented"]:
            assert case["type"] in TYPES
            assert case["claim"] and case["claim"] in case["text"]
            # the variant is the restatement with one claim added or swapped in, so it must differ from it
            assert case["kind"] in restated and case["text"] != restated[case["kind"]]
            types[case["type"]] += 1
    assert set(types) == TYPES, f"types never used: {TYPES - set(types)}"
    # set D spreads the invented claims: 4-10 of each type per language
    assert all(4 <= n <= 10 for n in types.values()), dict(types)
