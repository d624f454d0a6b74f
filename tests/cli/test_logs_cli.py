"""`shopforge logs import FILE --account A` and `shopforge logs report --account A [--html OUT] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.conftest import Run

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def run(run: Run) -> Run:
    """``shopforge`` with the demo account holding the sample catalogue."""
    invoke = run
    assert invoke("account", "create", "demo", "--platform", "tmall", "--lang", "zh").exit_code == 0
    assert invoke("catalog", "import", str(SAMPLES / "catalog.jsonl"), "--account", "demo").exit_code == 0
    return invoke


def test_import_then_reimport_counts_once(run) -> None:  # type: ignore[no-untyped-def]
    first = run("logs", "import", str(SAMPLES / "behaviour_logs.csv"), "--account", "demo")
    assert first.exit_code == 0, first.stdout
    assert "imported 224 row(s) (224 new, 0 replaced, 0 unchanged/skipped), rejected 0" in first.stdout
    second = run("logs", "import", str(SAMPLES / "behaviour_logs.csv"), "--account", "demo")
    assert second.exit_code == 0 and "(0 new, 0 replaced, 224 unchanged/skipped)" in second.stdout
    report = json.loads(run("logs", "report", "--account", "demo", "--json").stdout)
    impressions = sum(arm["impressions"] for group in report["groups"] for arm in group["arms"])
    lines = (SAMPLES / "behaviour_logs.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert impressions == sum(int(line.split(",")[4]) for line in lines)


def test_bad_rows_go_to_stderr_by_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "logs.csv"
    path.write_text(
        "date,sku,variant,scenario,impressions,clicks,add_to_cart,orders\n"
        "2026-11-01,DW-GLS-450,a,search,100,4,1,0\n"
        "2026-11-01,DW-GLS-450,b,search,100,400,1,0\n"
        "2026-11-01,NOPE,a,search,100,4,1,0\n",
        encoding="utf-8",
    )
    result = run("logs", "import", str(path), "--account", "demo")
    assert result.exit_code == 0
    assert "line 3: clicks (400) > impressions (100)" in result.stderr
    assert "line 4: unknown sku 'NOPE'" in result.stderr
    assert "imported 1 row(s)" in result.stdout and "rejected 2" in result.stdout


def test_a_file_without_one_good_row_exits_non_zero(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "logs.jsonl"
    path.write_text('{"date": "2026-11-01", "sku": "NOPE", "variant": "a"}\n', encoding="utf-8")
    result = run("logs", "import", str(path), "--account", "demo")
    assert result.exit_code == 1 and "line 1: missing scenario" in result.stderr
    unknown = run("logs", "import", str(path), "--account", "nobody")
    assert unknown.exit_code == 2 and "nobody" in unknown.stderr


def test_report_json_table_and_html(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("logs", "import", str(SAMPLES / "behaviour_logs.csv"), "--account", "demo")
    report = json.loads(run("logs", "report", "--account", "demo", "--json").stdout)
    groups = {(g["sku"], g["scenario"]): g for g in report["groups"]}
    assert len(groups) == 8
    bottle = groups[("DW-ZB750-BK", "search")]
    arms = {arm["variant"]: arm for arm in bottle["arms"]}
    for arm in arms.values():
        assert arm["ctr"]["low"] <= arm["ctr"]["mean"] <= arm["ctr"]["high"]
        assert arm["cvr"]["low"] <= arm["cvr"]["mean"] <= arm["cvr"]["high"]
    assert abs(sum(arm["share"] for arm in arms.values()) - 1) < 1e-9
    assert bottle["leader"] == max(arms, key=lambda name: arms[name]["share"])

    out = tmp_path / "report" / "logs.html"
    table = run("logs", "report", "--account", "demo", "--html", str(out), "--sku", "PA-PB-10K")
    assert table.exit_code == 0 and "PA-PB-10K" in table.stdout and "DW-ZB750-BK" not in table.stdout
    one = json.loads(run("logs", "report", "--account", "demo", "--json", "--sku", "DW-ZB750-BK").stdout)
    assert [g for g in report["groups"] if g["sku"] == "DW-ZB750-BK"] == one["groups"]  # same numbers filtered
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and "<circle" in page and "PA-PB-10K" in page
    assert "<script" not in page and "https://" not in page  # offline, self-contained


def test_report_of_an_account_without_logs(run) -> None:  # type: ignore[no-untyped-def]
    run("account", "create", "other", "--platform", "amazon", "--lang", "en")
    run("logs", "import", str(SAMPLES / "behaviour_logs.csv"), "--account", "demo")
    result = run("logs", "report", "--account", "other")
    assert result.exit_code == 0 and "no behaviour logs" in result.stdout
    assert json.loads(run("logs", "report", "--account", "other", "--json").stdout)["groups"] == []
