"""``shopforge optimize``: the diagnose --json contract, run with before/after, traces, versions and the report,
on the bundled live-content sample (samples/live_catalog.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.cli.conftest import Run

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "live_catalog.jsonl"
OWN_SKUS = ["LV-CUP-750-BK", "LV-CUP-750-WH", "LV-BTL-1L", "LV-MUG-350", "LV-PAN-28"]


@pytest.fixture
def run(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``shopforge`` with the "tea" account holding the live sample; OpenCV segmenter and template text back end."""
    monkeypatch.setenv("SHOPFORGE_SEGMENTER", "opencv")
    monkeypatch.setenv("SHOPFORGE_DEFAULT_BACKEND", "template")
    invoke = run
    assert invoke("account", "create", "tea", "--platform", "tmall", "--lang", "zh").exit_code == 0
    imported = invoke("catalog", "import", str(SAMPLE), "--account", "tea")
    assert imported.exit_code == 0 and "competitor listing(s)" in imported.stderr
    return invoke


def _lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_diagnose_json_prints_the_contract_line_per_own_sku(run) -> None:  # type: ignore[no-untyped-def]
    result = run("optimize", "diagnose", "--account", "tea", "--scenario", "search", "--json")
    assert result.exit_code == 0
    lines = _lines(result.stdout)
    assert [line["sku"] for line in lines] == OWN_SKUS  # competitors are not diagnosed as own products
    for line in lines:
        assert set(line) == {"sku", "scenario", "score", "criteria", "findings", "plan"}
        assert line["scenario"] == "search" and 0 <= line["score"] <= 100
        assert all(set(c) == {"id", "score", "weight"} for c in line["criteria"])
        assert all(set(f) == {"code", "severity", "message", "evidence"} for f in line["findings"])
        assert all(set(s) == {"step", "tool", "expected_gain"} for s in line["plan"])
    by_sku = {line["sku"]: {f["code"] for f in line["findings"]} for line in lines}
    assert "forbidden_term" in by_sku["LV-CUP-750-BK"] and "duplicate_content" in by_sku["LV-CUP-750-WH"]
    assert {"ungrounded_claim", "title_too_short", "missing_selling_points"} <= by_sku["LV-BTL-1L"]
    assert "title_too_long" in by_sku["LV-MUG-350"] and "title_missing_category" in by_sku["LV-PAN-28"]


def test_diagnose_filters_skus_and_rejects_unknown_scenarios(run) -> None:  # type: ignore[no-untyped-def]
    one = run("optimize", "diagnose", "--account", "tea", "--scenario", "channel", "--sku", "LV-PAN-28", "--json")
    (line,) = _lines(one.stdout)
    assert line["sku"] == "LV-PAN-28" and "channel_missing_poster" in {f["code"] for f in line["findings"]}
    detail = run("optimize", "diagnose", "--account", "tea", "--scenario", "recommend", "--sku", "LV-MUG-350",
                 "--json", "--detail")  # fmt: skip
    (full,) = _lines(detail.stdout)
    assert full["understanding"]["image"]["fill"] > 0 and full["layout"]["size"] == "xiaohongshu"
    bad = run("optimize", "diagnose", "--account", "tea", "--scenario", "billboard", "--json")
    assert bad.exit_code == 2 and "billboard" in bad.stderr and "search" in bad.stderr
    nobody = run("optimize", "diagnose", "--account", "nobody", "--scenario", "search")
    assert nobody.exit_code == 2 and "nobody" in nobody.stderr


def test_run_prints_before_and_after_and_leaves_traces_versions_and_a_report(  # type: ignore[no-untyped-def]
    run, tmp_path: Path
) -> None:
    skus = ("--sku", "LV-BTL-1L", "--sku", "LV-CUP-750-WH")
    result = run("optimize", "run", "--account", "tea", "--scenario", "search", *skus, "--json")
    assert result.exit_code == 0
    runs = {line["sku"]: line for line in _lines(result.stdout)}
    assert set(runs) == {"LV-BTL-1L", "LV-CUP-750-WH"}
    bottle = runs["LV-BTL-1L"]
    assert bottle["score_after"] - bottle["score_before"] >= 20
    assert {s["tool"] for s in bottle["steps"] if s["status"] == "kept"} >= {"rewrite_description", "rewrite_title"}
    asked = [s for s in runs["LV-CUP-750-WH"]["steps"] if s["status"] == "asked"]
    assert asked and "photo" in asked[0]["reason"]  # no photo on file: the merchant is asked
    traces = _lines(run("optimize", "traces", "--account", "tea", "--sku", "LV-BTL-1L").stdout)
    assert len(traces) == 1 and traces[0]["gain"] == round(bottle["score_after"] - bottle["score_before"], 1)
    versions = _lines(run("optimize", "versions", "--account", "tea", "--sku", "LV-BTL-1L").stdout)
    assert versions[0]["source"] == "import" and versions[-1]["source"] == "optimize"
    assert [v["number"] for v in versions] == list(range(1, len(versions) + 1))
    html = tmp_path / "report.html"
    report = run("optimize", "report", "--account", "tea", "--html", str(html))
    (summary,) = _lines(report.stdout)
    assert summary["products"] == 2 and summary["scenarios"]["search"]["median_gain"] > 0
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "LV-BTL-1L" in page
    assert not any(tag in page for tag in ("<script", "<link", "src=", "<img"))  # opens offline: nothing to fetch
    table = run("optimize", "run", "--account", "tea", "--scenario", "search", "--sku", "LV-PAN-28")
    assert table.exit_code == 0 and "LV-PAN-28" in table.stdout
