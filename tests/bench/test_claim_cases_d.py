"""The held-out claim cases in bench/claim_cases_d/ are well-formed and share no text with the other sets.

These tests check the case set itself, not the checker's recall (bench/checker_cases.py --cases bench/claim_cases_d).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from tests.bench.test_claim_cases_c import ROOT, _load, check_cited_case

CASES = _load(ROOT / "bench" / "claim_cases_d")


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c.get("id")))
def test_case_is_well_formed(case: dict[str, Any]) -> None:
    check_cited_case(case, "d")


def test_size_balance_and_uniqueness() -> None:
    assert len(CASES) >= 150 and len({c["id"] for c in CASES}) == len({c["text"] for c in CASES}) == len(CASES)
    per_category = Counter((c["lang"], c["category"]) for c in CASES)
    assert min(per_category.values()) >= 3
    for lang in ("zh", "en"):
        assert sum(1 for c in CASES if c["lang"] == lang and not c["violating"]) >= 20, f"too few clean {lang}"


def test_no_text_is_shared_with_the_other_sets() -> None:
    other = {c["text"] for name in ("claim_cases", "claim_cases_c") for c in _load(ROOT / "bench" / name)}
    assert not other & {c["text"] for c in CASES}
