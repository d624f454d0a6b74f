"""Products, always looked up within one account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopforge.catalog.records import ProductRecord
from shopforge.facts.model import Fact
from shopforge.store.models import Account, Product


def upsert_product(session: Session, account: Account, record: ProductRecord, facts: list[Fact]) -> bool:
    """Insert or update by (account, sku); returns True when the product is new.

    The row keeps its id on update, so content generated for it stays attached.
    """
    product = get_product(session, account, record.sku)
    created = product is None
    if product is None:
        product = Product(account_id=account.id, sku=record.sku)
        session.add(product)
    product.title = record.title
    product.brand = record.brand
    product.categories = list(record.categories)
    product.price = record.price
    product.currency = record.currency
    product.attributes = [[key, value] for key, value in record.attributes]
    product.description = record.description
    product.images = list(record.images)
    product.facts = [fact.to_dict() for fact in facts]
    product.import_notes = list(record.notes)
    product.handle = record.handle  # replaced like every other field: the file being imported is the truth
    product.variants = [variant.to_dict() for variant in record.variants]
    session.flush()
    return created


def get_product(session: Session, account: Account, sku: str) -> Product | None:
    return session.scalar(select(Product).where(Product.account_id == account.id, Product.sku == sku))


def list_products(
    session: Session,
    account: Account,
    skus: Sequence[str] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[Product]:
    query = select(Product).where(Product.account_id == account.id).order_by(Product.id)
    if skus:
        query = query.where(Product.sku.in_(list(skus)))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(session.scalars(query))


def product_facts(product: Product) -> list[Fact]:
    return [Fact.from_dict(item) for item in product.facts]
