"""Storage: upsert by SKU keeps generated content; accounts are isolated; API keys are stored hashed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.helpers import EN_KETTLE, EN_SHORTS, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.knowledge.rulepacks import UnknownPlatformError
from shopforge.store.accounts import AccountError, account_for_api_key, create_account, issue_api_key
from shopforge.store.contents import GeneratedCopy, list_contents, save_generated
from shopforge.store.db import Database
from shopforge.store.models import Account, Product
from shopforge.store.products import get_product, list_products


def test_reimport_updates_product_and_keeps_its_content(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        account = create_account(session, "a", "amazon", "en")
        report = import_file(session, account, write_jsonl(tmp_path / "c.jsonl", [EN_SHORTS, EN_KETTLE]))
        assert (report.created, report.updated) == (2, 0)
        product = get_product(session, account, "EN-KETTLE-1")
        assert product is not None
        copy = GeneratedCopy(
            "title", "Brewly Electric Kettle", "template", {}, {"ok": True, "violations": []}
        )
        content_id = save_generated(session, account, product, copy).id
    changed = dict(EN_KETTLE, title="Brewly Electric Kettle 1.7 L Stainless Steel 1500 W Silver")
    with db.session() as session:
        account = session.scalar(select(Account).where(Account.name == "a"))
        assert account is not None
        report = import_file(session, account, write_jsonl(tmp_path / "d.jsonl", [changed]))
        assert (report.created, report.updated) == (0, 1)
        assert len(list_products(session, account)) == 2
        product = get_product(session, account, "EN-KETTLE-1")
        assert product is not None and product.title.endswith("Silver")
        assert [c.id for c in list_contents(session, account)] == [content_id]


def test_one_account_never_sees_anothers_products(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        a = create_account(session, "a", "amazon", "en")
        b = create_account(session, "b", "amazon", "en")
        import_file(session, a, write_jsonl(tmp_path / "c.jsonl", [EN_SHORTS]))
        assert get_product(session, b, "EN-SHORTS-1") is None
        assert list_products(session, b) == []
        # the same SKU in two accounts is two products
        import_file(session, b, write_jsonl(tmp_path / "c.jsonl", [EN_SHORTS]))
        assert len(session.scalars(select(Product)).all()) == 2


def test_api_keys_are_stored_hashed_and_resolve_to_their_account(db: Database) -> None:
    with db.session() as session:
        a = create_account(session, "a", "amazon", "en")
        key = issue_api_key(session, a)
        assert a.api_key_hash and key not in a.api_key_hash
        found = account_for_api_key(session, key)
        assert found is not None and found.id == a.id
        assert account_for_api_key(session, key + "x") is None


def test_account_validation_names_the_bad_value(db: Database) -> None:
    with db.session() as session:
        with pytest.raises(UnknownPlatformError, match="ebay"):
            create_account(session, "x", "ebay", "en")
        with pytest.raises(AccountError, match="fr"):
            create_account(session, "x", "amazon", "fr")
        create_account(session, "x", "amazon", "en")
        with pytest.raises(AccountError, match="already exists"):
            create_account(session, "x", "jd", "zh")


def test_image_paths_in_a_catalogue_are_relative_to_the_catalogue_file(db: Database, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "k.jpg").write_bytes(b"not checked here")
    row = dict(EN_KETTLE, images=["photos/k.jpg", "https://cdn.example/k.jpg", "missing.jpg"])
    with db.session() as session:
        account = create_account(session, "a", "amazon", "en")
        import_file(session, account, write_jsonl(tmp_path / "c.jsonl", [row]))
        product = get_product(session, account, "EN-KETTLE-1")
        assert product is not None
        assert product.images == [str((tmp_path / "photos" / "k.jpg").resolve()), "https://cdn.example/k.jpg",
                                  "missing.jpg"]
