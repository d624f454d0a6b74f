"""Generated content, always looked up within one account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shopforge.store.models import Account, Content, Product

# Content a person has already signed off is never overwritten by a new generation run.
LOCKED_STATUSES = frozenset({"approved", "exported"})
STATUSES = ("draft", "blocked", "edited", "approved", "rejected", "exported")


@dataclass
class GeneratedCopy:
    kind: str
    text: str
    backend: str
    provenance: dict[str, Any]
    verification: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.verification.get("ok"))


def save_generated(
    session: Session, account: Account, product: Product, copy: GeneratedCopy, *, job_id: int | None = None
) -> Content:
    content = get_content_for(session, account, product, copy.kind)
    if content is not None and content.status in LOCKED_STATUSES:
        return content
    if content is None:
        content = Content(account_id=account.id, product_id=product.id, kind=copy.kind)
        session.add(content)
    content.platform = account.platform
    content.lang = account.lang
    content.text = copy.text
    content.backend = copy.backend
    content.provenance = copy.provenance
    content.verification = copy.verification
    # A copy that failed verification is stored (nothing is lost) but can never be approved as is.
    content.status = "draft" if copy.ok else "blocked"
    content.job_id = job_id
    session.flush()
    return content


def get_content_for(session: Session, account: Account, product: Product, kind: str) -> Content | None:
    return session.scalar(
        select(Content).where(
            Content.account_id == account.id, Content.product_id == product.id, Content.kind == kind
        )
    )


def get_content(session: Session, account: Account, content_id: int) -> Content | None:
    return session.scalar(select(Content).where(Content.account_id == account.id, Content.id == content_id))


def list_contents(
    session: Session,
    account: Account,
    *,
    status: str | None = None,
    kind: str | None = None,
    skus: list[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Content]:
    query = (
        select(Content)
        .where(Content.account_id == account.id)
        .order_by(Content.id)
        .options(selectinload(Content.product))
    )
    if status:
        query = query.where(Content.status == status)
    if kind:
        query = query.where(Content.kind == kind)
    if skus:
        query = query.join(Product).where(Product.sku.in_(skus))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(session.scalars(query))
