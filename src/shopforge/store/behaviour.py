"""Behaviour events (impressions, clicks, add-to-cart, orders per day), always read and written within one account.

A row is keyed by (account, date, sku, variant, scenario). Writing a key that exists replaces its counts: logs are
daily snapshots, so a re-imported or corrected export overwrites and never adds to what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopforge.store.models import Account, BehaviourEvent, Content, Product


@dataclass(frozen=True)
class EventKey:
    day: date
    sku: str
    variant: str
    scenario: str


@dataclass(frozen=True)
class EventCounts:
    impressions: int
    clicks: int
    add_to_cart: int
    orders: int


@dataclass(frozen=True)
class EventWrite:
    """One validated row ready to store: its key, counts and what it refers to in this account."""

    key: EventKey
    counts: EventCounts
    product_id: int
    content_id: int | None = None


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ArmTotals:
    """Summed counts of one SKU × scenario × variant over all stored days."""

    sku: str
    scenario: str
    variant: str
    content_id: int | None
    days: int
    first_day: date
    last_day: date
    impressions: int
    clicks: int
    add_to_cart: int
    orders: int


def product_ids_by_sku(session: Session, account: Account, skus: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(skus))
    if not wanted:
        return {}
    query = select(Product.sku, Product.id).where(Product.account_id == account.id, Product.sku.in_(wanted))
    return {sku: product_id for sku, product_id in session.execute(query)}


def content_products(session: Session, account: Account, content_ids: Iterable[int]) -> dict[int, int]:
    """Content id -> its product id, for the ids that belong to this account (others are simply absent)."""
    wanted = sorted(set(content_ids))
    if not wanted:
        return {}
    query = select(Content.id, Content.product_id).where(Content.account_id == account.id, Content.id.in_(wanted))
    return {content_id: product_id for content_id, product_id in session.execute(query)}


def write_events(session: Session, account: Account, rows: Sequence[EventWrite]) -> WriteCounts:
    """Insert new keys, replace the counts of stored keys that differ, leave identical ones alone."""
    result = WriteCounts()
    if not rows:
        return result
    stored = _stored_by_key(session, account, rows)
    for row in rows:
        event = stored.get(row.key)
        if event is None:
            event = BehaviourEvent(
                account_id=account.id,
                sku=row.key.sku,
                variant=row.key.variant,
                scenario=row.key.scenario,
                date=row.key.day,
            )
            _set_counts(event, row)
            session.add(event)
            stored[row.key] = event
            result.inserted += 1
        elif _counts_of(event) == row.counts and event.content_id == row.content_id:
            result.unchanged += 1
        else:
            _set_counts(event, row)
            result.updated += 1
    session.flush()
    return result


def _stored_by_key(session: Session, account: Account, rows: Sequence[EventWrite]) -> dict[EventKey, BehaviourEvent]:
    # One query over the file's SKUs and date range instead of one look-up per row.
    skus = sorted({row.key.sku for row in rows})
    days = [row.key.day for row in rows]
    query = select(BehaviourEvent).where(
        BehaviourEvent.account_id == account.id,
        BehaviourEvent.sku.in_(skus),
        BehaviourEvent.date >= min(days),
        BehaviourEvent.date <= max(days),
    )
    return {EventKey(event.date, event.sku, event.variant, event.scenario): event for event in session.scalars(query)}


def _counts_of(event: BehaviourEvent) -> EventCounts:
    return EventCounts(event.impressions, event.clicks, event.add_to_cart, event.orders)


def _set_counts(event: BehaviourEvent, row: EventWrite) -> None:
    event.product_id = row.product_id
    event.content_id = row.content_id
    event.impressions = row.counts.impressions
    event.clicks = row.counts.clicks
    event.add_to_cart = row.counts.add_to_cart
    event.orders = row.counts.orders


def list_events(
    session: Session, account: Account, *, sku: str | None = None, scenario: str | None = None
) -> list[BehaviourEvent]:
    query = select(BehaviourEvent).where(BehaviourEvent.account_id == account.id)
    if sku is not None:
        query = query.where(BehaviourEvent.sku == sku)
    if scenario is not None:
        query = query.where(BehaviourEvent.scenario == scenario)
    order = (BehaviourEvent.sku, BehaviourEvent.scenario, BehaviourEvent.variant, BehaviourEvent.date)
    return list(session.scalars(query.order_by(*order)))


def arm_totals(
    session: Session, account: Account, *, sku: str | None = None, scenario: str | None = None
) -> list[ArmTotals]:
    """Counts summed per SKU × scenario × variant, ordered by those three."""
    event = BehaviourEvent
    query = select(
        event.sku,
        event.scenario,
        event.variant,
        func.max(event.content_id),
        func.count(event.id),
        func.min(event.date),
        func.max(event.date),
        func.sum(event.impressions),
        func.sum(event.clicks),
        func.sum(event.add_to_cart),
        func.sum(event.orders),
    ).where(event.account_id == account.id)
    if sku is not None:
        query = query.where(event.sku == sku)
    if scenario is not None:
        query = query.where(event.scenario == scenario)
    query = query.group_by(event.sku, event.scenario, event.variant).order_by(event.sku, event.scenario, event.variant)
    return [
        ArmTotals(
            sku=row[0],
            scenario=row[1],
            variant=row[2],
            content_id=row[3],
            days=int(row[4]),
            first_day=row[5],
            last_day=row[6],
            impressions=int(row[7]),
            clicks=int(row[8]),
            add_to_cart=int(row[9]),
            orders=int(row[10]),
        )
        for row in session.execute(query)
    ]
