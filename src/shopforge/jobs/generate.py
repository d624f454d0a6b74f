"""Batch generation as a resumable, idempotent job.

A job is a list of items (SKU × kind) stored in the database. Each item is generated and saved in one
transaction together with its "done" mark, so after a crash a resumed job runs exactly the items that were not
saved: none is generated twice, none is lost. Starting the same generation again resumes the unfinished job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopforge.copywriting.kinds import require_kind
from shopforge.store.models import Account, Job, JobItem
from shopforge.store.products import list_products

Progress = Callable[[int, int, int], None]  # (done, total, failed)


class JobError(ValueError):
    pass


@dataclass(frozen=True)
class GenerateParams:
    kinds: tuple[str, ...]
    backend: str
    skus: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"kinds": list(self.kinds), "backend": self.backend, "skus": sorted(self.skus)}


def create_generate_job(session: Session, account: Account, params: GenerateParams) -> Job:
    """A new job for these items, or the account's unfinished job with the same parameters (idempotent)."""
    for kind in params.kinds:
        require_kind(kind)
    existing = session.scalars(
        select(Job).where(
            Job.account_id == account.id,
            Job.kind == "generate",
            Job.status.in_(("pending", "running", "interrupted")),
        )
    ).all()
    for job in existing:
        if job.params == params.to_dict():
            return job
    products = list_products(session, account, list(params.skus) or None)
    found = {p.sku for p in products}
    missing = [sku for sku in params.skus if sku not in found]
    if missing:
        raise JobError(f"unknown sku(s) for account {account.name!r}: {', '.join(missing[:10])}")
    if not products:
        raise JobError(f"account {account.name!r} has no products; import a catalogue first")
    job = Job(account_id=account.id, kind="generate", params=params.to_dict(), status="pending")
    session.add(job)
    session.flush()
    for product in products:
        for kind in params.kinds:
            session.add(JobItem(job_id=job.id, sku=product.sku, kind=kind))
    job.total = len(products) * len(params.kinds)
    session.flush()
    return job


def get_job(session: Session, account: Account, job_id: int) -> Job | None:
    return session.scalar(select(Job).where(Job.account_id == account.id, Job.id == job_id))


def list_jobs(session: Session, account: Account, limit: int = 50) -> list[Job]:
    query = select(Job).where(Job.account_id == account.id).order_by(Job.id.desc()).limit(limit)
    return list(session.scalars(query))


def mark_started(job: Job) -> None:
    job.status = "running"
    job.started_at = job.started_at or datetime.now(UTC)


def mark_finished(job: Job) -> None:
    job.status = "failed" if job.failed and not job.done else "done"
    job.finished_at = datetime.now(UTC)


def retry_failed(session: Session, account: Account, job_id: int) -> Job:
    job = get_job(session, account, job_id)
    if job is None:
        raise JobError(f"no job {job_id} for account {account.name!r}")
    for item in job.items:
        if item.status == "failed":
            item.status, item.error = "pending", None
    job.failed = 0
    job.status = "pending"
    session.flush()
    return job
