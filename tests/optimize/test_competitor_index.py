"""The competitor index: built once per optimize job from plain values, reused for every product (each in its own
session) with the same findings a per-product build gives, and a competitor imported mid-job breaks nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.optimize.optimize_fixtures import (
    TMALL_SIDE,
    ZH_CLEAN,
    ZH_PRODUCT,
    busy_background,
    import_rows,
    product_of,
    product_row,
    save_image,
)
from tests.optimize.test_competitors import RIVALS

from shopforge.jobs.runner import run_job
from shopforge.optimize import competitors as competitors_module
from shopforge.optimize.competitors import CompetitorIndex, CompetitorRecord
from shopforge.optimize.diagnose import Diagnoser, diagnose_product
from shopforge.optimize.run import OptimizeParams, build_toolkit, create_optimize_job
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.db import Database
from shopforge.store.models import Job, OptimizationRun

SKUS = ("CUP-A", "CUP-B", "CUP-C")
LATE = ZH_PRODUCT | {
    "sku": "RIVAL-LATE",
    "competitor": True,
    "metrics": {"sales_rank": 1},
    "content": {"title": "晚到 真空 保温杯 304不锈钢 黑色 750ml", "bullets": ["耐用易清洁"]},
}


def _settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", default_backend="template", segmenter="opencv")


def _shop(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        create_account(session, "tea", "tmall", "zh")
    rival_photo = save_image(busy_background(TMALL_SIDE), tmp_path, "rival")  # measured once per job, not per SKU
    rivals = [RIVALS[0] | {"images": [str(rival_photo)]}, *RIVALS[1:]]
    # No 真空 in the titles (their descriptions support it): every product trails the rivals' keywords.
    titles = [
        "象山 304不锈钢 750ml 黑色 保温杯 通勤",
        "象山 304不锈钢 黑色 保温杯 办公 750ml",
        "象山 保温杯 750ml 学生",
    ]
    rows = [product_row(ZH_PRODUCT, sku, ZH_CLEAN | {"title": t}, None) for sku, t in zip(SKUS, titles, strict=True)]
    import_rows(db, "tea", [*rows, *rivals], tmp_path)


def _competitor_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["code"].startswith("competitor_")]


def _per_product(db: Database, settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """Each product diagnosed alone (its own fresh index), with the analyzer the job uses."""
    found = {}
    with db.session() as session:
        account = get_account(session, "tea")
        analyzer = build_toolkit(settings, account, backend="template").analyzer
        for sku in SKUS:
            diagnosis = diagnose_product(session, account, sku, "search", settings, analyzer=analyzer)
            found[sku] = _competitor_findings([f.to_dict() for f in diagnosis.findings])
    return found


def _job_findings(db: Database, job_id: int) -> dict[str, list[dict[str, Any]]]:
    with db.session() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.done == len(SKUS) and job.failed == 0, job and job.items
        account = get_account(session, "tea")
        found = {}
        for sku in SKUS:
            product_id = product_of(session, account, sku).id
            (run,) = session.query(OptimizationRun).filter_by(job_id=job_id, product_id=product_id)
            found[sku] = _competitor_findings(run.findings_before)
    return found


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    builds: list[int] = []
    real_build = competitors_module.CompetitorIndex.build.__func__  # type: ignore[attr-defined]

    def counting_build(cls: type[CompetitorIndex], session: Any, account: Any, analyzer: Any = None) -> Any:
        builds.append(account.id)
        return real_build(cls, session, account, analyzer)

    monkeypatch.setattr(competitors_module.CompetitorIndex, "build", classmethod(counting_build))
    return builds


def test_one_index_per_job_gives_the_per_product_findings(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path)
    _shop(db, tmp_path)
    expected = _per_product(db, settings)
    assert all(any(f["code"] == "competitor_keyword_gap" for f in expected[sku]) for sku in SKUS)
    builds = _count_builds(monkeypatch)
    with db.session() as session:
        job_id = create_optimize_job(session, get_account(session, "tea"), OptimizeParams("search")).id
    run_job(db, settings, job_id)
    assert len(builds) == 1  # once for the job, not once per product
    assert _job_findings(db, job_id) == expected


def test_a_competitor_imported_mid_job_breaks_nothing_and_counts_from_the_next_job(
    db: Database, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    _shop(db, tmp_path)
    expected = _per_product(db, settings)
    imported: list[int] = []

    def import_late(done: int, total: int, failed: int) -> None:
        if done == 1 and not imported:  # after the first product, before the others
            import_rows(db, "tea", [LATE], tmp_path)
            imported.append(done)

    with db.session() as session:
        job_id = create_optimize_job(session, get_account(session, "tea"), OptimizeParams("search")).id
    run_job(db, settings, job_id, progress=import_late)
    assert imported == [1]
    assert _job_findings(db, job_id) == expected  # the job's snapshot: the late rival is not half-seen
    with db.session() as session:
        account = get_account(session, "tea")
        after = Diagnoser(session, account, settings).diagnose(product_of(session, account, "CUP-B"), "search")
    bench = after.understanding.competitors
    assert bench is not None and "RIVAL-LATE" in [c.sku for c in bench.competitors]


def test_the_index_holds_plain_values_usable_after_its_session_closed(db: Database, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _shop(db, tmp_path)
    with db.session() as session:
        account = get_account(session, "tea")
        index = CompetitorIndex.build(session, account, build_toolkit(settings, account).analyzer.without_ocr())
    assert len(index) == 3 and all(isinstance(r, CompetitorRecord) for r in index.records)
    assert index.records[0].metrics == {"sales_rank": 2.0} and index.records[0].images
    benches = []
    for sku in ("CUP-A", "CUP-C"):
        with db.session() as session:  # a new session per product, as in a job
            account = get_account(session, "tea")
            diagnoser = Diagnoser(session, account, settings, competitors=index)
            benches.append(diagnoser.diagnose(product_of(session, account, sku), "search").understanding.competitors)
    first, second = benches
    assert first is not None and second is not None and first.count == second.count == 3
    assert first.images_measured == 1 and first.white_share == 0.0  # the rival's busy backdrop was measured
    assert first.competitors[0] is second.competitors[0]  # each competitor's view is built once and reused
