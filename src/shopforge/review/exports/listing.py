"""The one read every export format shares: per product of one account, its approved copy by kind, and its assets.

Only copy a person signed off (status ``approved``, or ``exported`` by an earlier export) is ever handed to a
format; drafts, blocked, edited-but-unapproved and rejected copy are kept out here, once, for all of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from shopforge.store.assets import list_assets
from shopforge.store.contents import list_contents
from shopforge.store.models import Account, Asset, Content, Product, ReviewEvent
from shopforge.store.products import list_products

EXPORTABLE_STATUSES = frozenset({"approved", "exported"})


@dataclass
class Listing:
    """One product of the account, with the approved copy each format may use."""

    product: Product
    approved: dict[str, Content] = field(default_factory=dict)  # kind → approved or exported copy
    withheld: dict[str, str] = field(default_factory=dict)  # kind → status of copy that is not approved
    assets: list[Asset] = field(default_factory=list)  # in creation order

    @property
    def sku(self) -> str:
        return self.product.sku


def approved_listings(session: Session, account: Account) -> list[Listing]:
    """Every product of ``account`` (catalogue order) with its approved copy and assets: three queries, each
    filtered on the account, so another shop's products, copy and images can never come along."""
    listings = {product.id: Listing(product) for product in list_products(session, account)}
    for content in list_contents(session, account):
        listing = listings.get(content.product_id)
        if listing is None:
            continue
        if content.status in EXPORTABLE_STATUSES:
            listing.approved[content.kind] = content
        else:
            listing.withheld[content.kind] = content.status
    assets_by_product: dict[int, list[Asset]] = defaultdict(list)
    for asset in list_assets(session, account):
        if asset.product_id is not None:
            assets_by_product[asset.product_id].append(asset)
    for product_id, assets in assets_by_product.items():
        if product_id in listings:
            listings[product_id].assets = assets
    return list(listings.values())


def mark_exported(session: Session, account: Account, content: Content, note: str) -> None:
    """Approved copy that went into an export file becomes ``exported``, with the review event that says where."""
    if content.status != "approved":
        return
    content.status = "exported"
    session.add(
        ReviewEvent(
            account_id=account.id,
            content_id=content.id,
            action="export",
            after_text=content.text,
            note=note,
        )
    )
