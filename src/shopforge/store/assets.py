"""Creative assets, always looked up within one account."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopforge.store.models import Account, Asset, Product


def save_asset(
    session: Session,
    account: Account,
    product: Product | None,
    kind: str,
    path: Path,
    provenance: dict[str, Any],
    check_result: dict[str, Any] | None = None,
) -> Asset:
    asset = Asset(
        account_id=account.id,
        product_id=product.id if product else None,
        kind=kind,
        path=str(path),
        provenance=provenance,
        check_result=check_result or {},
    )
    session.add(asset)
    session.flush()
    return asset


def list_assets(session: Session, account: Account, product: Product | None = None) -> list[Asset]:
    query = select(Asset).where(Asset.account_id == account.id).order_by(Asset.id)
    if product is not None:
        query = query.where(Asset.product_id == product.id)
    return list(session.scalars(query))


def get_asset(session: Session, account: Account, asset_id: int) -> Asset | None:
    return session.scalar(select(Asset).where(Asset.account_id == account.id, Asset.id == asset_id))
