"""Batch generation jobs: every item done once, resumable after a crash, idempotent, tenant-scoped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.helpers import EN_KETTLE, EN_SHORTS, ZH_BOTTLE, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.jobs.generate import GenerateParams, JobError, create_generate_job, get_job
from shopforge.jobs.runner import run_job
from shopforge.settings import Settings
from shopforge.store.accounts import create_account
from shopforge.store.db import Database
from shopforge.store.models import Content, JobItem, Product

EN_SOCKS = {
    "sku": "EN-SOCKS-1",
    "title": "Trailfoot Merino Wool Hiking Socks, 5 Pairs",
    "brand": "Trailfoot",
    "attributes": {"Material": "Merino Wool", "Type": "Hiking Socks", "Pack": "5 Pairs"},
}


def _setup(db: Database, tmp_path: Path) -> int:
    catalogue = write_jsonl(tmp_path / "c.jsonl", [EN_SHORTS, EN_KETTLE, EN_SOCKS])
    with db.session() as session:
        account = create_account(session, "shop-a", "amazon", "en")
        import_file(session, account, catalogue)
        job = create_generate_job(session, account, GenerateParams(("title", "bullets"), "template"))
        return job.id


def test_job_generates_every_item_once_and_verified(db: Database, settings: Settings, tmp_path: Path) -> None:
    job_id = _setup(db, tmp_path)
    seen: list[tuple[int, int, int]] = []
    run_job(db, settings, job_id, progress=lambda d, t, f: seen.append((d, t, f)))
    with db.session() as session:
        contents = session.scalars(select(Content)).all()
        assert len(contents) == 6
        assert all(c.verification["ok"] and c.status == "draft" for c in contents)
        assert all(c.provenance["facts_used"] for c in contents)
        items = session.scalars(select(JobItem)).all()
        assert {i.status for i in items} == {"done"} and {i.attempts for i in items} == {1}
    assert seen[-1] == (6, 6, 0)


def test_crashed_job_resumes_without_redoing_items(db: Database, settings: Settings, tmp_path: Path) -> None:
    job_id = _setup(db, tmp_path)

    def crash_after_two(done: int, total: int, failed: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt("simulated crash")

    with pytest.raises(KeyboardInterrupt):
        run_job(db, settings, job_id, progress=crash_after_two)
    with db.session() as session:
        done_before = session.scalar(
            select(func.count()).select_from(JobItem).where(JobItem.status == "done")
        )
    assert done_before is not None and 2 <= done_before < 6
    run_job(db, settings, job_id)
    with db.session() as session:
        items = session.scalars(select(JobItem)).all()
        assert all(i.status == "done" and i.attempts == 1 for i in items), "no item generated twice"
        assert session.scalar(select(func.count()).select_from(Content)) == 6


def test_same_generation_request_resumes_the_unfinished_job(db: Database, tmp_path: Path) -> None:
    job_id = _setup(db, tmp_path)
    with db.session() as session:
        account = get_job_account(session, job_id)
        again = create_generate_job(session, account, GenerateParams(("title", "bullets"), "template"))
        assert again.id == job_id


def test_item_failure_is_reported_and_the_batch_goes_on(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    job_id = _setup(db, tmp_path)
    with db.session() as session:
        session.delete(session.scalar(select(Product).where(Product.sku == "EN-KETTLE-1")))
    run_job(db, settings, job_id)
    with db.session() as session:
        account = get_job_account(session, job_id)
        job = get_job(session, account, job_id)
        assert job is not None and job.failed == 2 and job.done == 4
        failed = [i for i in job.items if i.status == "failed"]
        assert all("EN-KETTLE-1" in (i.error or "") for i in failed)


def test_product_without_data_in_the_account_language_fails_with_reason(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    with db.session() as session:
        account = create_account(session, "en-shop", "amazon", "en")
        import_file(session, account, write_jsonl(tmp_path / "zh.jsonl", [ZH_BOTTLE, EN_KETTLE]))
        job_id = create_generate_job(session, account, GenerateParams(("title",), "template")).id
    run_job(db, settings, job_id)
    with db.session() as session:
        job = get_job(session, get_job_account(session, job_id), job_id)
        assert job is not None and (job.done, job.failed) == (1, 1)
        failed = next(i for i in job.items if i.status == "failed")
        assert failed.sku == "ZH-CUP-1" and "not in 'en'" in (failed.error or "")


def test_unknown_sku_and_kind_are_rejected_with_reason(db: Database, tmp_path: Path) -> None:
    _setup(db, tmp_path)
    with db.session() as session:
        account = get_job_account(session, 1)
        with pytest.raises(JobError, match="NOPE"):
            create_generate_job(session, account, GenerateParams(("title",), "template", ("NOPE",)))
        with pytest.raises(ValueError, match="unknown kind"):
            create_generate_job(session, account, GenerateParams(("poem",), "template"))


def test_jobs_are_invisible_to_other_accounts(db: Database, tmp_path: Path) -> None:
    job_id = _setup(db, tmp_path)
    with db.session() as session:
        other = create_account(session, "shop-b", "taobao", "zh")
        assert get_job(session, other, job_id) is None


def get_job_account(session: object, job_id: int):  # type: ignore[no-untyped-def]
    from shopforge.store.models import Account, Job

    job = session.get(Job, job_id)  # type: ignore[attr-defined]
    return session.get(Account, job.account_id)  # type: ignore[attr-defined]
