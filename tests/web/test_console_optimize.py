"""Optimization page: a SKU's scenario score, findings, plan, the agent's runs before/after, variant CTRs."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.console_helpers import Console, Shop, make_shop

from shopforge.optimize.logs import import_logs
from shopforge.optimize.run import OptimizeParams, create_optimize_job, run_optimize_job
from shopforge.settings import Settings
from shopforge.store.db import Database
from shopforge.store.models import Account

LOGS = Path(__file__).parents[2] / "samples" / "behaviour_logs.csv"


def logs_for(tmp_path: Path, sku: str) -> Path:
    """The sample behaviour logs, with the rows of one SKU renamed to a product of the test shop."""
    lines = LOGS.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")[1]
    path = tmp_path / "logs.csv"
    path.write_text("\n".join([lines[0], *(line.replace(first, sku) for line in lines[1:])]) + "\n", "utf-8")
    return path


def test_diagnosis_runs_and_variant_ctrs(console: Console, shop: Shop, db: Database, console_settings: Settings,
                                        tmp_path: Path) -> None:
    with db.session() as session:
        account = session.get(Account, shop.id)
        assert account is not None
        assert import_logs(session, account, logs_for(tmp_path, "ZH-CUP-1")).inserted > 0
        job = create_optimize_job(session, account, OptimizeParams(scenario="search", skus=("ZH-CUP-1",)))
        job_id = job.id
    run_optimize_job(db, console_settings, job_id)

    page = console.get("/console/optimize?sku=ZH-CUP-1&scenario=search")
    assert page.status_code == 200
    text = page.text
    score = re.search(r'<span class="num">([\d.]+)</span><span class="label">score / 100', text)
    assert score and 0 <= float(score.group(1)) <= 100
    assert "<code>title_length</code>" in text and "Why and source" in text  # criteria with their sources
    runs = text.split("Optimization runs: before and after", 1)[1]
    assert "<code>rewrite_title</code>" in runs and "kept" in runs and "Score 35.7 →" in runs
    assert "<h4>Before</h4>" in runs and "<h4>After</h4>" in runs
    variants = text.split("Variant CTRs from behaviour logs", 1)[1]
    assert "title-a" in variants and "P(best)" in variants and "%" in variants

    overview = console.get("/console/optimize").text
    assert 'href="/console/optimize?sku=ZH-CUP-1&amp;scenario=search"' in overview
    recommend = console.get("/console/optimize?sku=ZH-CUP-1&scenario=recommend")
    assert recommend.status_code == 200 and "ZH-CUP-1 in recommendation feed" in recommend.text


def test_another_shops_sku_is_not_found_and_unknown_scenarios_fall_back(
    client: TestClient, app: FastAPI, console: Console, db: Database
) -> None:
    other = make_shop(db, "Other shop", [{"sku": "OTHER-1", "title": "陶瓷杯 白色", "brand": "乙"}])
    assert console.get("/console/optimize?sku=OTHER-1").status_code == 404
    intruder = Console(TestClient(app))
    intruder.sign_in(other.key)
    assert intruder.get("/console/optimize?sku=ZH-CUP-1").status_code == 404
    assert "ZH-CUP-1" not in intruder.get("/console/optimize").text
    assert console.get("/console/optimize?sku=ZH-CUP-1&scenario=bogus").status_code == 200
