"""Migrations on a database that already holds data: 0005 adds Product.handle and Product.variants to existing
products (empty / []) without touching the rows or the copy attached to them, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from shopforge.catalog.records import ProductRecord, VariantRecord
from shopforge.store.accounts import get_account
from shopforge.store.db import MIGRATIONS_DIR, Database
from shopforge.store.models import Content
from shopforge.store.products import get_product, list_products, upsert_product

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _run(db: Database, step: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    move = command.upgrade if step == "upgrade" else command.downgrade
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        move(config, revision)


def _product_columns(db: Database) -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns("products")}


@pytest.fixture
def db_at_0004(db: Database) -> Iterator[Database]:
    """The test database taken back to revision 0004 (before handles), and always brought back to head."""
    _run(db, "downgrade", "0004")
    try:
        yield db
    finally:
        _run(db, "upgrade", "head")


def _insert_0004_rows(db: Database) -> None:
    """An account, two products and a piece of copy, written with 0004's columns only."""
    product = (
        "INSERT INTO products (id, account_id, sku, title, categories, attributes, images, facts, import_notes,"
        " created_at, updated_at) VALUES (:id, 1, :sku, :title, '[]', '[]', '[]', '[]', '[]', :now, :now)"
    )
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO accounts (id, name, platform, lang, brand_voice, audience, created_at)"
                " VALUES (1, 'old-shop', 'shopify', 'en', '', '', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(text(product), [
            {"id": 1, "sku": "OLD-TEE", "title": "Old Tee", "now": NOW},
            {"id": 2, "sku": "OLD-MUG", "title": "Old Mug", "now": NOW},
        ])  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO contents (account_id, product_id, kind, platform, lang, text, status, backend,"
                " provenance, verification, created_at, updated_at) VALUES (1, 1, 'title', 'shopify', 'en',"
                " 'Approved Old Tee', 'approved', 'template', '{}', '{}', :now, :now)"
            ),
            {"now": NOW},
        )


def test_0005_gives_existing_products_an_empty_handle_and_no_variants(db_at_0004: Database) -> None:
    db = db_at_0004
    assert not {"handle", "variants"} & _product_columns(db), "the downgrade must really remove the columns"
    _insert_0004_rows(db)

    _run(db, "upgrade", "head")

    assert {"handle", "variants"} <= _product_columns(db)
    with db.session() as session:
        account = get_account(session, "old-shop")
        products = list_products(session, account)
        assert [(p.sku, p.title, p.handle, p.variants) for p in products] == [
            ("OLD-TEE", "Old Tee", None, []),
            ("OLD-MUG", "Old Mug", None, []),
        ]
        [copy] = session.query(Content).all()  # the upgrade rebuilt no table: nothing cascaded away
        assert (copy.product_id, copy.text, copy.status) == (1, "Approved Old Tee", "approved")


def test_after_0005_an_old_product_takes_a_handle_and_variants_on_reimport(db_at_0004: Database) -> None:
    db = db_at_0004
    _insert_0004_rows(db)
    _run(db, "upgrade", "head")
    variant = {"sku": "OLD-TEE", "options": {"Size": "M"}, "price": 20.0, "compare_at_price": None, "image": None}
    with db.session() as session:
        account = get_account(session, "old-shop")
        record = ProductRecord("OLD-TEE", "Old Tee", 1, handle="old-tee")
        record.variants = [VariantRecord("OLD-TEE", {"Size": "M"}, 20.0)]
        assert upsert_product(session, account, record, []) is False, "the existing row is updated"
    with db.session() as session:
        product = get_product(session, get_account(session, "old-shop"), "OLD-TEE")
        assert product is not None and product.id == 1
        assert (product.handle, product.variants) == ("old-tee", [variant])
