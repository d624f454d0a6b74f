"""The third-party-wording claim cases in bench/claim_cases_c/ are well-formed and independent of set B.

These tests check the case set itself (fields, sources, balance, independence), not the checker's recall.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tests.bench.test_claim_cases import CJK, check_fields

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "bench" / "claim_cases_c"
OTHER_DIR = ROOT / "bench" / "claim_cases"
# A source names a document: an address, a law or rule citation, or a repository file.
CITED = re.compile(r"https?://|《|Art\.|CFR|FD&C|FTC|itemID|GitHub|tests?/|\.py", re.IGNORECASE)


def _load(directory: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(directory.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


CASES = _load(CASES_DIR)


def test_size_and_languages() -> None:
    langs = Counter(c["lang"] for c in CASES)
    assert len(CASES) >= 150
    assert langs["zh"] >= 90 and langs["en"] >= 60


def check_cited_case(case: dict[str, Any], set_letter: str) -> None:
    """The checks every case of a third-party set passes: fields, an id naming its set, a cited source."""
    check_fields(case)
    assert re.fullmatch(rf"{case['lang']}-{re.escape(case['category'])}-{set_letter}\d{{3}}", case["id"])
    assert len(case["source"]) >= 20 and CITED.search(case["source"]), "source must name a document or address"
    if case["lang"] == "en":
        assert not CJK.search(case["text"]), "en case with Chinese text"


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c.get("id")))
def test_case_is_well_formed(case: dict[str, Any]) -> None:
    check_cited_case(case, "c")


def test_ids_and_texts_are_unique() -> None:
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert len({c["text"] for c in CASES}) == len(CASES)


def test_no_text_is_shared_with_the_tuning_set() -> None:
    other = {c["text"] for c in _load(OTHER_DIR)}
    assert not other & {c["text"] for c in CASES}


def test_violating_share_and_clean_near_misses() -> None:
    share = sum(c["violating"] for c in CASES) / len(CASES)
    assert 0.45 <= share <= 0.62
    for lang in ("zh", "en"):
        clean = [c for c in CASES if c["lang"] == lang and not c["violating"]]
        assert len(clean) >= 25, f"too few clean {lang} near-misses"


def test_weak_categories_are_covered() -> None:
    count = Counter((c["lang"], c["category"], c["violating"]) for c in CASES)
    for lang, cat in (("zh", "state_authority"), ("zh", "vulgar"), ("zh", "endorsement"),
                      ("zh", "superstition"), ("en", "drug"), ("en", "superlative")):
        assert count[(lang, cat, True)] >= 4 and count[(lang, cat, False)] >= 2, (lang, cat)


def test_environmental_violations_are_warnings() -> None:
    env = [c for c in CASES if c["category"] == "environmental" and c["violating"]]
    assert env and all(c.get("severity") == "warning" for c in env)


def test_readme_states_origin_method_and_licence() -> None:
    text = (CASES_DIR / "README.md").read_text(encoding="utf-8").lower()
    for word in ("origin", "method", "licence", "held out"):
        assert word in text
