"""Per-item bookkeeping shared by every job kind (generate, creative, optimize).

Each runner decides how to produce one item; how that item's outcome is recorded is the same for all of them, so it
lives here: an item's done mark is written in the caller's transaction (the same one that saves its output, so a
crash never leaves one without the other), a failure is stored with its reason in a transaction of its own, and
the job's counters move with the item so that progress and resumes read the database, not the runner's memory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shopforge.jobs.generate import JobError, Progress, mark_finished, mark_started
from shopforge.store.db import Database
from shopforge.store.models import Account, Job, JobItem, Product
from shopforge.store.products import list_products

UNFINISHED = ("pending", "running", "interrupted")


def start_job(session: Session, job_id: int, kind: str | None = None) -> tuple[Job, Account]:
    """The job (of this kind, when given) and its account, marked running; ``ValueError`` if there is no such job."""
    job = session.get(Job, job_id)
    if job is None or (kind is not None and job.kind != kind):
        raise ValueError(f"no {kind + ' ' if kind else ''}job {job_id}")
    account = session.get(Account, job.account_id)
    assert account is not None
    mark_started(job)
    return job, account


def mark_item_done(session: Session, job_id: int, item_id: int, **values: Any) -> None:
    """Mark the item done (``values`` adds columns, e.g. ``content_id``) and count it on the job."""
    session.execute(
        update(JobItem).where(JobItem.id == item_id).values(status="done", attempts=JobItem.attempts + 1, **values)
    )
    session.execute(update(Job).where(Job.id == job_id).values(done=Job.done + 1))


def failure_reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def mark_item_failed(db: Database, job_id: int, item_id: int, exc: BaseException | str) -> None:
    """Store the item's failure and its reason (the exception's type and message) and count it on the job."""
    reason = exc if isinstance(exc, str) else failure_reason(exc)
    with db.session() as session:
        session.execute(
            update(JobItem)
            .where(JobItem.id == item_id)
            .values(status="failed", error=reason, attempts=JobItem.attempts + 1)
        )
        session.execute(update(Job).where(Job.id == job_id).values(failed=Job.failed + 1))


def report_progress(
    db: Database, job_id: int, progress: Progress | None, cancelled: threading.Event | None = None
) -> None:
    """Call ``progress(done, total, failed)`` from the stored counters; if it raises, ``cancelled`` is set."""
    if progress is None:
        return
    try:
        with db.session() as session:
            job = session.get(Job, job_id)
            if job is not None:
                progress(job.done, job.total, job.failed)
    except BaseException:
        if cancelled is not None:
            cancelled.set()  # the caller is going away: start no further item
        raise


@contextmanager
def interruptible(db: Database, job_id: int, cancelled: threading.Event | None = None) -> Iterator[None]:
    """Run the job's items; on Ctrl-C or shutdown mark it interrupted (saved items stay done, the rest pending)."""
    try:
        yield
    except BaseException:
        if cancelled is not None:
            cancelled.set()
        with db.session() as session:
            job = session.get(Job, job_id)
            if job is not None:
                job.status = "interrupted"
        raise


def finish_job(db: Database, job_id: int) -> None:
    with db.session() as session:
        job = session.get(Job, job_id)
        assert job is not None
        mark_finished(job)


def unfinished_job(session: Session, account: Account, kind: str, params: dict[str, Any]) -> Job | None:
    """The account's unfinished job of this kind with exactly these parameters (starting it again resumes it)."""
    jobs = session.scalars(
        select(Job).where(Job.account_id == account.id, Job.kind == kind, Job.status.in_(UNFINISHED))
    ).all()
    return next((job for job in jobs if job.params == params), None)


def job_products(session: Session, account: Account, skus: Sequence[str]) -> list[Product]:
    """The account's products with these SKUs (all when none given); ``JobError`` naming unknown SKUs or none."""
    products = list_products(session, account, list(skus) or None)
    missing = sorted(set(skus) - {p.sku for p in products})
    if missing:
        raise JobError(f"unknown sku(s) for account {account.name!r}: {', '.join(missing[:10])}")
    if not products:
        raise JobError(f"account {account.name!r} has no products; import a catalogue first")
    return products
