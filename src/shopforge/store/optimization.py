"""Optimisation traces (runs and their steps) and competitor listings, always looked up within one account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shopforge.catalog.records import ProductRecord
from shopforge.store.models import Account, CompetitorListing, OptimizationRun, OptimizationStep, Product

STEP_STATUSES = ("kept", "reverted", "failed", "asked")


def start_run(
    session: Session,
    account: Account,
    product: Product,
    *,
    scenario: str,
    planner: str,
    score_before: float,
    findings_before: list[dict[str, Any]],
    plan: list[dict[str, Any]],
    version_before_id: int | None,
    job_id: int | None = None,
) -> OptimizationRun:
    run = OptimizationRun(
        account_id=account.id,
        product_id=product.id,
        sku=product.sku,
        scenario=scenario,
        planner=planner,
        job_id=job_id,
        status="running",
        score_before=score_before,
        findings_before=findings_before,
        plan=plan,
        version_before_id=version_before_id,
    )
    session.add(run)
    session.flush()
    return run


def add_step(session: Session, run: OptimizationRun, **values: Any) -> OptimizationStep:
    """One trace step of ``run``: tool, findings, status, scores, the versions before and after, details."""
    if values.get("status") not in STEP_STATUSES:
        raise ValueError(f"unknown step status {values.get('status')!r}; known: {', '.join(STEP_STATUSES)}")
    step = OptimizationStep(account_id=run.account_id, run_id=run.id, position=len(run.steps) + 1, **values)
    run.steps.append(step)
    session.flush()
    return step


def finish_run(
    run: OptimizationRun,
    *,
    score_after: float,
    findings_after: list[dict[str, Any]],
    version_after_id: int | None,
) -> None:
    run.status = "done"
    run.score_after = score_after
    run.findings_after = findings_after
    run.version_after_id = version_after_id


def list_runs(
    session: Session, account: Account, sku: str | None = None, *, scenario: str | None = None
) -> list[OptimizationRun]:
    query = (
        select(OptimizationRun)
        .where(OptimizationRun.account_id == account.id)
        .order_by(OptimizationRun.id)
        .options(selectinload(OptimizationRun.steps))
    )
    if sku is not None:
        query = query.where(OptimizationRun.sku == sku)
    if scenario is not None:
        query = query.where(OptimizationRun.scenario == scenario)
    return list(session.scalars(query))


def upsert_competitor(session: Session, account: Account, record: ProductRecord) -> bool:
    """Insert or update a competitor listing by (account, sku); returns True when it is new."""
    listing = session.scalar(
        select(CompetitorListing).where(CompetitorListing.account_id == account.id, CompetitorListing.sku == record.sku)
    )
    created = listing is None
    if listing is None:
        listing = CompetitorListing(account_id=account.id, sku=record.sku)
        session.add(listing)
    listing.title = record.title
    listing.brand = record.brand
    listing.categories = list(record.categories)
    listing.price = record.price
    listing.currency = record.currency
    listing.attributes = [[key, value] for key, value in record.attributes]
    listing.description = record.description
    listing.content = dict(record.content or {})
    listing.images = list(record.images)
    listing.metrics = dict(record.metrics)
    session.flush()
    return created


def list_competitors(session: Session, account: Account) -> list[CompetitorListing]:
    query = select(CompetitorListing).where(CompetitorListing.account_id == account.id).order_by(CompetitorListing.id)
    return list(session.scalars(query))
