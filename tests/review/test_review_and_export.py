"""Review: edits are re-verified, failing copy cannot be approved, export follows the contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import ZH_BOTTLE, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.jobs.generate import GenerateParams, create_generate_job
from shopforge.jobs.runner import run_job
from shopforge.review.export import export_contents
from shopforge.review.service import ReviewError, approval_rates, approve, edit, reject
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.contents import list_contents
from shopforge.store.db import Database


@pytest.fixture
def generated(db: Database, settings: Settings, tmp_path: Path) -> Database:
    with db.session() as session:
        account = create_account(session, "zh-shop", "taobao", "zh")
        import_file(session, account, write_jsonl(tmp_path / "c.jsonl", [ZH_BOTTLE]))
        job_id = create_generate_job(session, account, GenerateParams(("title", "bullets"), "template")).id
    run_job(db, settings, job_id)
    return db


def _content_id(db: Database, kind: str) -> int:
    with db.session() as session:
        return next(c.id for c in list_contents(session, get_account(session, "zh-shop")) if c.kind == kind)


def test_edit_adding_absolute_term_blocks_approval_until_fixed(generated: Database) -> None:
    title_id = _content_id(generated, "title")
    with generated.session() as session:
        account = get_account(session, "zh-shop")
        content = edit(session, account, title_id, "象山 国家级 304不锈钢保温杯")
        assert content.status == "blocked" and not content.verification["ok"]
        assert any("国家级" in v["span"] for v in content.verification["violations"])
    with generated.session() as session, pytest.raises(ReviewError, match="fails verification"):
        approve(session, get_account(session, "zh-shop"), title_id)
    with generated.session() as session:
        account = get_account(session, "zh-shop")
        assert edit(session, account, title_id, "象山 304不锈钢保温杯 750ml").status == "edited"
        assert approve(session, account, title_id).status == "approved"


def test_edit_with_ungrounded_capacity_is_blocked(generated: Database) -> None:
    with generated.session() as session:
        content = edit(
            session,
            get_account(session, "zh-shop"),
            _content_id(generated, "title"),
            "象山 304不锈钢保温杯 1000ml",
        )
        assert not content.verification["ok"]


def test_export_writes_contract_lines_and_marks_approved_exported(
    generated: Database, tmp_path: Path
) -> None:
    title_id, bullets_id = _content_id(generated, "title"), _content_id(generated, "bullets")
    with generated.session() as session:
        account = get_account(session, "zh-shop")
        approve(session, account, title_id)
        reject(session, account, bullets_id, "too plain")
    out = tmp_path / "export.jsonl"
    with generated.session() as session:
        assert export_contents(session, get_account(session, "zh-shop"), out) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    keys = {"sku", "account", "platform", "lang", "kind", "text", "status", "provenance", "verification"}
    assert all(set(line) == keys for line in lines)
    by_kind = {line["kind"]: line for line in lines}
    assert by_kind["title"]["status"] == "exported" and by_kind["bullets"]["status"] == "rejected"
    assert by_kind["bullets"]["text"].count("\n") >= 2, "bullets are one string, one bullet per line"
    assert by_kind["title"]["verification"]["ok"] is True
    claims = by_kind["title"]["provenance"]["claims"]  # what licensed each phrase, from the product's own fields
    assert claims and all(set(c) == {"span", "licence", "source"} for c in claims)
    assert all(c["span"] in by_kind["title"]["text"] for c in claims)
    assert {c["source"] for c in claims} & {"attributes.材质", "attributes.容量", "brand"}
    with generated.session() as session:
        rates = approval_rates(session, get_account(session, "zh-shop"))
        assert rates["template"]["approval_rate"] == pytest.approx(0.5)


def test_exported_copy_cannot_be_edited(generated: Database, tmp_path: Path) -> None:
    title_id = _content_id(generated, "title")
    with generated.session() as session:
        approve(session, get_account(session, "zh-shop"), title_id)
        export_contents(session, get_account(session, "zh-shop"), tmp_path / "x.jsonl")
    with generated.session() as session, pytest.raises(ReviewError, match="exported"):
        edit(session, get_account(session, "zh-shop"), title_id, "象山 保温杯")
