"""Read-only queries behind the console pages: counts and pages of rows, always within one account.

Pages show aggregates computed by the database (GROUP BY, COUNT) and one page of rows at a time, so they stay
fast with tens of thousands of products and contents.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, case, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from shopforge.store.models import Account, Asset, Content, Job, JobItem, Product

T = TypeVar("T")
PER_PAGE = 50
PENDING_REVIEW = ("draft", "blocked", "edited")  # what the review queue shows by default
APPROVED = ("approved", "exported")


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _paged(session: Session, query: Select[Any], page: int, per_page: int = PER_PAGE) -> Page[Any]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


# --- dashboard -------------------------------------------------------------------------------------------


def content_status_counts(session: Session, account: Account) -> dict[str, int]:
    rows = session.execute(
        select(Content.status, func.count()).where(Content.account_id == account.id).group_by(Content.status)
    )
    return {status: count for status, count in rows}


def count_products(session: Session, account: Account) -> int:
    return session.scalar(select(func.count()).select_from(Product).where(Product.account_id == account.id)) or 0


def count_jobs(session: Session, account: Account) -> dict[str, int]:
    rows = session.execute(
        select(Job.status, func.count()).where(Job.account_id == account.id).group_by(Job.status)
    )
    return {status: count for status, count in rows}


@dataclass
class Approval:
    backend: str
    approved: int = 0
    rejected: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        reviewed = self.approved + self.rejected
        return self.approved / reviewed if reviewed else None


@dataclass
class DayCount:
    day: date
    total: int  # copies written or edited that day
    blocked: int  # of which still fail verification


@dataclass
class ContentSummary:
    statuses: dict[str, int]
    approvals: list[Approval]  # per writing backend (edited then approved counts as approved)
    days: list[DayCount]  # the last ``days`` days, oldest first


def content_summary(session: Session, account: Account, days: int = 30) -> ContentSummary:
    """Status counts, approval per backend and copies per day, from one pass over the account's contents.

    One GROUP BY (backend, status, day-if-recent) instead of three queries: each scan of a large shop's
    contents costs tens of milliseconds, and the dashboard must render in well under 300 ms.
    """
    start = (datetime.now(UTC) - timedelta(days=days - 1)).date()
    since = datetime.combine(start, datetime.min.time(), UTC)
    day = case((Content.updated_at >= since, func.date(Content.updated_at)), else_=None)
    rows = session.execute(
        select(Content.backend, Content.status, day, func.count())
        .where(Content.account_id == account.id)
        .group_by(Content.backend, Content.status, day)
    )
    statuses: Counter[str] = Counter()
    approvals: dict[str, Approval] = {}
    per_day: dict[date, list[int]] = {}
    for backend, status, when, count in rows:
        statuses[status] += count
        entry = approvals.setdefault(backend, Approval(backend))
        entry.total += count
        entry.approved += count if status in APPROVED else 0
        entry.rejected += count if status == "rejected" else 0
        if when is not None:
            tally = per_day.setdefault(_as_date(when), [0, 0])
            tally[0] += count
            tally[1] += count if status == "blocked" else 0
    series = [DayCount(start + timedelta(days=i), *per_day.get(start + timedelta(days=i), [0, 0])) for i in range(days)]
    return ContentSummary(dict(statuses), sorted(approvals.values(), key=lambda a: a.backend), series)


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def top_violated_rules(session: Session, account: Account, limit: int = 8, sample: int = 500) -> list[tuple[str, int]]:
    """The rules most often broken by the most recent blocked copies (at most ``sample`` of them)."""
    reports = session.scalars(
        select(Content.verification)
        .where(Content.account_id == account.id, Content.status == "blocked")
        .order_by(Content.id.desc())
        .limit(sample)
    )
    counter: Counter[str] = Counter()
    for report in reports:
        for violation in (report or {}).get("violations", []):
            counter[str(violation.get("rule", "?"))] += 1
    return counter.most_common(limit)


def recent_jobs(session: Session, account: Account, limit: int = 5) -> list[Job]:
    return list(session.scalars(select(Job).where(Job.account_id == account.id).order_by(Job.id.desc()).limit(limit)))


# --- catalogue ------------------------------------------------------------------------------------------

PRODUCT_STATES = ("all", "no_copy", "has_blocked", "has_approved")


def search_products(
    session: Session, account: Account, *, q: str = "", brand: str = "", state: str = "all", page: int = 1
) -> Page[Product]:
    query = select(Product).where(Product.account_id == account.id).order_by(Product.id)
    if q:
        query = query.where(_sku_or_title_contains(q))
    if brand:
        query = query.where(Product.brand == brand)
    own_content = Content.product_id == Product.id
    if state == "no_copy":
        query = query.where(~exists().where(own_content))
    elif state == "has_blocked":
        query = query.where(exists().where(own_content, Content.status == "blocked"))
    elif state == "has_approved":
        query = query.where(exists().where(own_content, Content.status.in_(APPROVED)))
    return _paged(session, query, page)


def _sku_or_title_contains(q: str) -> ColumnElement[bool]:
    """Products whose SKU or title contains ``q`` literally (``%`` and ``_`` in it match themselves)."""
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(Product.sku.ilike(pattern, escape="\\"), Product.title.ilike(pattern, escape="\\"))


def brands(session: Session, account: Account, limit: int = 300) -> list[str]:
    query = (
        select(Product.brand)
        .where(Product.account_id == account.id, Product.brand.is_not(None))
        .group_by(Product.brand)
        .order_by(Product.brand)
        .limit(limit)
    )
    return [brand for brand in session.scalars(query) if brand]


def contents_of(session: Session, account: Account, product: Product) -> list[Content]:
    query = select(Content).where(Content.account_id == account.id, Content.product_id == product.id)
    return list(session.scalars(query.order_by(Content.kind)))


# --- review ---------------------------------------------------------------------------------------------


def review_queue(
    session: Session, account: Account, *, status: str = "pending", kind: str = "", q: str = "", page: int = 1
) -> Page[Content]:
    query = (
        select(Content)
        .where(Content.account_id == account.id)
        .order_by(Content.id)
        .options(selectinload(Content.product))
    )
    if status == "pending":
        query = query.where(Content.status.in_(PENDING_REVIEW))
    elif status != "all":
        query = query.where(Content.status == status)
    if kind:
        query = query.where(Content.kind == kind)
    if q:
        matching = select(Product.id).where(Product.account_id == account.id, _sku_or_title_contains(q))
        query = query.where(Content.product_id.in_(matching))
    return _paged(session, query, page)


def next_in_queue(session: Session, account: Account, after_id: int) -> int | None:
    """The next content awaiting review after ``after_id`` (wrapping to the first), for review-and-move-on."""
    base = select(Content.id).where(Content.account_id == account.id, Content.status.in_(("draft", "edited")))
    following = session.scalar(base.where(Content.id > after_id).order_by(Content.id).limit(1))
    if following is not None:
        return following
    return session.scalar(base.where(Content.id != after_id).order_by(Content.id).limit(1))


# --- jobs -----------------------------------------------------------------------------------------------


def jobs_page(session: Session, account: Account, page: int) -> Page[Job]:
    return _paged(session, select(Job).where(Job.account_id == account.id).order_by(Job.id.desc()), page)


def failed_items(session: Session, job: Job, limit: int = 200) -> list[JobItem]:
    # ``job`` was looked up within the account, so its items are that account's.
    query = select(JobItem).where(JobItem.job_id == job.id, JobItem.status == "failed").order_by(JobItem.id)
    return list(session.scalars(query.limit(limit)))


# --- gallery --------------------------------------------------------------------------------------------


def assets_page(session: Session, account: Account, *, kind: str = "", page: int = 1) -> Page[Asset]:
    query = select(Asset).where(Asset.account_id == account.id).order_by(Asset.id.desc())
    if kind:
        query = query.where(Asset.kind == kind)
    return _paged(session, query, page, per_page=24)


def asset_kinds(session: Session, account: Account) -> list[str]:
    query = select(Asset.kind).where(Asset.account_id == account.id).group_by(Asset.kind).order_by(Asset.kind)
    return list(session.scalars(query))


def products_by_id(session: Session, account: Account, ids: set[int]) -> dict[int, Product]:
    if not ids:
        return {}
    query = select(Product).where(Product.account_id == account.id, Product.id.in_(ids))
    return {product.id: product for product in session.scalars(query)}
