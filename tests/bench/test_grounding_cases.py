"""The grounding case set in bench/grounding_cases/ is well-formed and big enough.

These tests check the data (record shape, labels, that each invented claim is really in its text and absent
from the product's facts), not the verifier's scores.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "bench" / "grounding_cases"
TYPES = {"brand", "material", "number", "colour", "origin", "certification", "feature", "compatibility",
         "negation", "health"}
PLATFORM = {"en": "amazon", "zh": "tmall"}
LANGS = sorted(PLATFORM)


def _cases(lang: str) -> list[dict[str, Any]]:
    text = (CASES_DIR / f"{lang}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _fact_text(product: dict[str, Any]) -> str:
    parts = [product["title"], product.get("brand") or "", product.get("category") or ""]
    parts += [f"{k} {v}" for k, v in product["attributes"].items()]
    return " ".join(parts).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_25_distinct_products_per_language(lang: str) -> None:
    skus = [c["product"]["sku"] for c in _cases(lang)]
    assert len(skus) == 25
    assert len(set(skus)) == 25


@pytest.mark.parametrize("lang", LANGS)
def test_products_are_catalogue_records(lang: str) -> None:
    for case in _cases(lang):
        product = case["product"]
        assert set(product) <= {"sku", "title", "brand", "category", "attributes", "description"}
        assert product["title"].strip() and product["sku"].strip()
        assert isinstance(product["attributes"], dict) and len(product["attributes"]) >= 3
        assert all(isinstance(v, str) and v for v in product["attributes"].values())
        assert case["platform"] == PLATFORM[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_restatements_three_bullets_and_a_third_with_description(lang: str) -> None:
    cases = _cases(lang)
    for case in cases:
        kinds = [r["kind"] for r in case["restate"]]
        assert kinds.count("bullets") == 1 and set(kinds) <= {"bullets", "description"}
        bullets = next(r["text"] for r in case["restate"] if r["kind"] == "bullets")
        assert len([b for b in bullets.splitlines() if b.strip()]) == 3
    assert sum(any(r["kind"] == "description" for r in c["restate"]) for c in cases) >= 8


@pytest.mark.parametrize("lang", LANGS)
def test_invented_variants_hold_their_claim_once(lang: str) -> None:
    for case in _cases(lang):
        bullets = next(r["text"] for r in case["restate"] if r["kind"] == "bullets").splitlines()
        assert 2 <= len(case["invented"]) <= 3
        for item in case["invented"]:
            assert item["type"] in TYPES and item["kind"] == "bullets"
            assert item["claim"].lower() in item["text"].lower()
            changed = [line for line in item["text"].splitlines() if line not in bullets]
            assert len(changed) == 1, item  # one edited line: exactly one invented claim


@pytest.mark.parametrize("lang", LANGS)
def test_invented_claims_are_not_in_the_product_data(lang: str) -> None:
    for case in _cases(lang):
        facts = _fact_text(case["product"])
        # A negation contradicts a stated fact, so its span may well contain the fact's words.
        for item in (i for i in case["invented"] if i["type"] != "negation"):
            # Word boundaries so that "Casio" is not found inside "casual"; CJK has none, so it is a substring.
            pattern = rf"(?<![a-z0-9]){re.escape(item['claim'].lower())}(?![a-z0-9])"
            assert not re.search(pattern, facts), (case["product"]["sku"], item["claim"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_type_is_covered_several_times(lang: str) -> None:
    types = Counter(i["type"] for c in _cases(lang) for i in c["invented"])
    assert set(types) == TYPES
    assert min(types.values()) >= 4
    assert sum(types.values()) >= 60
