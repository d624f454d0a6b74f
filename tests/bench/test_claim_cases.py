"""The labelled claim cases in bench/claim_cases/ are well-formed, and the scorer survives bad data.

These tests check the case set itself (fields, sources, categories, balance), not the checker's recall.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "bench" / "claim_cases"
CATEGORIES = {
    "zh": {"absolute", "state_authority", "superstition", "vulgar", "data_unsourced", "patent", "disparage",
           "medical", "health_food", "guarantee", "efficacy_promise", "endorsement", "restricted",
           "platform_false_promo"},
    "en": {"health_claim", "pesticide", "drug", "environmental", "fda_clinical", "promo", "superlative", "format"},
}
PLATFORMS = {"zh": {"taobao", "tmall", "jd", "douyin", "xiaohongshu"}, "en": {"amazon", "shopify"}}
KINDS = {"title", "bullets", "description", "post", "video_script"}
FIELDS = {"id": str, "lang": str, "platform": str, "kind": str, "text": str, "violating": bool,
          "category": str, "source": str}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _cases() -> list[dict[str, Any]]:
    rows = []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


CASES = _cases()


def test_enough_cases_in_both_languages() -> None:
    langs = Counter(c["lang"] for c in CASES)
    assert len(CASES) >= 400
    assert set(langs) == {"zh", "en"}
    assert min(langs.values()) >= 150


def check_fields(case: dict[str, Any]) -> None:
    """The checks every labelled claim case passes (this set's and set C's)."""
    for name, typ in FIELDS.items():
        assert isinstance(case.get(name), typ), f"{name} missing or not {typ.__name__}"
    lang = case["lang"]
    assert case["category"] in CATEGORIES[lang]
    assert case["platform"] in PLATFORMS[lang]
    assert case["kind"] in KINDS
    assert case["text"].strip() and len(case["source"]) >= 10
    assert set(case) <= {*FIELDS, "note", "severity"}
    if "severity" in case:
        assert case["severity"] == "warning" and case["violating"], "only violating cases carry a severity"
    if lang == "zh":
        assert CJK.search(case["text"]), "zh case without Chinese text"


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c.get("id")))
def test_case_is_well_formed(case: dict[str, Any]) -> None:
    check_fields(case)
    assert case["id"].startswith(f"{case['lang']}-{case['category']}-")


def test_ids_and_texts_are_unique() -> None:
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert len({c["text"] for c in CASES}) == len(CASES)


def test_every_category_has_both_labels() -> None:
    labels: dict[tuple[str, str], Counter[bool]] = {}
    for c in CASES:
        labels.setdefault((c["lang"], c["category"]), Counter())[c["violating"]] += 1
    expected = {(lang, cat) for lang, cats in CATEGORIES.items() for cat in cats}
    assert set(labels) == expected
    thin = {k: dict(v) for k, v in labels.items() if v[True] < 5 or v[False] < 5}
    assert not thin, f"categories with fewer than 5 cases of a label: {thin}"


def test_violating_share_is_roughly_forty_percent() -> None:
    share = sum(c["violating"] for c in CASES) / len(CASES)
    assert 0.35 <= share <= 0.55


def test_environmental_violations_are_warnings() -> None:
    env = [c for c in CASES if c["category"] == "environmental" and c["violating"]]
    assert env and all(c.get("severity") == "warning" for c in env)


def test_readme_states_origin_method_and_licence() -> None:
    text = (CASES_DIR / "README.md").read_text(encoding="utf-8").lower()
    for word in ("origin", "method", "licence"):
        assert word in text


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("checker_cases", ROOT / "bench" / "checker_cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


def test_scorer_reports_bad_data_and_goes_on(tmp_path: Path) -> None:
    good = {"id": "en-format-x", "lang": "en", "platform": "amazon", "kind": "title", "violating": False,
            "text": "USB-C Cable, 6 ft, 2-Pack", "category": "format", "source": "test"}
    lines = [json.dumps(good), "{not json", json.dumps({**good, "id": "bad-platform", "platform": "nowhere"}),
             json.dumps({"id": "no-fields"})]
    (tmp_path / "t.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scorer = _scorer()
    run = scorer.Run()
    cases = scorer.load_cases(tmp_path, run)
    scorer.check_all(cases, run)
    summary = scorer.summarise(run, show=5)
    assert [o.case["id"] for o in run.outcomes] == ["en-format-x"]
    errors = {e["id"]: e["error"] for e in summary["errors"]}
    assert set(errors) == {"t.jsonl:2", "t.jsonl:4", "bad-platform"}
    assert "nowhere" in errors["bad-platform"]
    assert summary["overall"]["n"] == 1
