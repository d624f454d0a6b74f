"""Behaviour-log import: per-row errors, idempotent re-import, tenant isolation — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.helpers import EN_KETTLE, EN_SHORTS, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.optimize.log_report import build_report, serve_next
from shopforge.optimize.logs import import_logs, read_logs
from shopforge.store.accounts import create_account, get_account
from shopforge.store.behaviour import arm_totals, list_events
from shopforge.store.contents import GeneratedCopy, save_generated
from shopforge.store.db import Database
from shopforge.store.products import get_product

TODAY = date(2026, 11, 20)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HEADER = "date,sku,variant,content_id,scenario,impressions,clicks,add_to_cart,orders\n"


def _shop(db: Database, tmp_path: Path, name: str = "a") -> None:
    with db.session() as session:
        account = create_account(session, name, "amazon", "en")
        catalog = tmp_path / f"{name}.jsonl"
        catalog.write_text("".join(json.dumps(p) + "\n" for p in (EN_KETTLE, EN_SHORTS)), encoding="utf-8")
        import_file(session, account, catalog)


def _csv(tmp_path: Path, rows: list[str], name: str = "logs.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_each_bad_row_is_reported_by_line_and_good_rows_are_stored(db: Database, tmp_path: Path) -> None:
    _shop(db, tmp_path)
    path = _csv(
        tmp_path,
        [
            "2026-11-01,EN-KETTLE-1,a,,search,100,5,2,1",  # line 2: good
            "2026-11-01,EN-KETTLE-1,b,,search,-3,0,0,0",  # 3: negative impressions
            "2026-11-01,EN-KETTLE-1,c,,search,10,11,0,0",  # 4: clicks > impressions
            "2026-11-01,EN-KETTLE-1,d,,search,100,5,0,6",  # 5: orders > clicks
            "2026-11-01,EN-KETTLE-1,e,,search,100,5,7,0",  # 6: add_to_cart > clicks
            "2026-11-01,NO-SUCH-SKU,a,,search,100,5,0,0",  # 7: unknown SKU
            "2026-11-01,EN-KETTLE-1,a,,search,100,5,2,1",  # 8: duplicate of line 2
            "2026-13-45,EN-KETTLE-1,f,,search,100,5,0,0",  # 9: unreadable date
            "2027-01-01,EN-KETTLE-1,g,,search,100,5,0,0",  # 10: future date
            "2026-11-01,EN-KETTLE-1,,,search,100,5,0,0",  # 11: neither variant nor content_id
            "2026-11-01,EN-KETTLE-1,h,,search,1e3,5,0,0",  # 12: not a whole number
            "2026-11-01,,a,,search,100,5,0,0",  # 13: missing sku
            "2026-11-02,EN-SHORTS-1,a,,Search,200,8,,",  # 14: good; blank cart/orders are 0
        ],
    )
    with db.session() as session:
        report = import_logs(session, get_account(session, "a"), path, today=TODAY)
    reasons = {error.line: error.reason for error in report.errors}
    assert sorted(reasons) == list(range(3, 14))
    assert "negative impressions" in reasons[3]
    assert "clicks (11) > impressions (10)" in reasons[4]
    assert "orders (6) > clicks (5)" in reasons[5]
    assert "add_to_cart (7) > clicks (5)" in reasons[6]
    assert "unknown sku 'NO-SUCH-SKU'" in reasons[7]
    assert "duplicate" in reasons[8] and "line 2" in reasons[8]
    assert "unreadable date" in reasons[9]
    assert "future" in reasons[10]
    assert "variant or a content_id" in reasons[11]
    assert "whole number" in reasons[12]
    assert "missing sku" in reasons[13]
    assert (report.inserted, report.replaced, report.unchanged) == (2, 0, 0)
    with db.session() as session:
        totals = arm_totals(session, get_account(session, "a"))
    assert [(t.sku, t.scenario, t.variant, t.impressions, t.clicks, t.orders) for t in totals] == [
        ("EN-KETTLE-1", "search", "a", 100, 5, 1),
        ("EN-SHORTS-1", "search", "a", 200, 8, 0),
    ]


def test_reimport_never_double_counts_and_a_corrected_file_replaces(db: Database, tmp_path: Path) -> None:
    _shop(db, tmp_path)
    rows = ["2026-11-01,EN-KETTLE-1,a,,search,100,5,2,1", "2026-11-02,EN-KETTLE-1,a,,search,120,6,2,1"]
    path = _csv(tmp_path, rows)
    with db.session() as session:
        first = import_logs(session, get_account(session, "a"), path, today=TODAY)
        second = import_logs(session, get_account(session, "a"), path, today=TODAY)
    assert (first.inserted, second.inserted, second.unchanged) == (2, 0, 2)
    corrected = _csv(tmp_path, ["2026-11-02,EN-KETTLE-1,a,,search,150,9,3,2"], "fixed.csv")
    with db.session() as session:
        third = import_logs(session, get_account(session, "a"), corrected, today=TODAY)
        (total,) = arm_totals(session, get_account(session, "a"))
        events = list_events(session, get_account(session, "a"))
    assert (third.inserted, third.replaced) == (0, 1)
    assert (total.impressions, total.clicks, total.orders, total.days) == (250, 14, 3, 2)
    assert len(events) == 2


def test_missing_required_column_rejects_the_file_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "logs.csv"
    path.write_text("date,sku,variant,scenario,impressions\n2026-11-01,X,a,search,10\n", encoding="utf-8")
    result = read_logs(path, today=TODAY)
    assert result.rows == []
    assert [(e.line, "clicks" in e.reason) for e in result.errors] == [(1, True)]


def test_jsonl_rows_with_content_ids_are_checked_against_the_account(db: Database, tmp_path: Path) -> None:
    _shop(db, tmp_path, "a")
    _shop(db, tmp_path, "b")
    with db.session() as session:
        a = get_account(session, "a")
        kettle = get_product(session, a, "EN-KETTLE-1")
        assert kettle is not None
        copy = GeneratedCopy("title", "Brewly Kettle 1.7 L", "template", {}, {"ok": True, "violations": []})
        content_id = save_generated(session, a, kettle, copy).id
    base: dict[str, object] = {"date": "2026-11-03", "scenario": "recommend", "impressions": 50, "clicks": 2}
    rows: list[dict[str, object]] = [
        dict(base, sku="EN-KETTLE-1", content_id=content_id),  # line 1: good, variant "content:<id>"
        dict(base, sku="EN-SHORTS-1", content_id=content_id),  # 2: content of another SKU
        dict(base, sku="EN-KETTLE-1", content_id=999_999),  # 3: no such content
    ]
    path = write_jsonl(tmp_path / "logs.jsonl", rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n" + json.dumps([1]) + "\n")  # 4, 5
    with db.session() as session:
        report = import_logs(session, get_account(session, "a"), path, today=TODAY)
        (event,) = list_events(session, get_account(session, "a"))
    assert report.inserted == 1 and [e.line for e in report.errors] == [2, 3, 4, 5]
    assert "not content of sku 'EN-SHORTS-1'" in report.errors[0].reason
    assert (event.variant, event.content_id) == (f"content:{content_id}", content_id)
    # account b has its own EN-KETTLE-1, but a's content id is not b's
    with db.session() as session:
        other = import_logs(session, get_account(session, "b"), path, today=TODAY)
    assert other.inserted == 0 and "unknown content_id" in other.errors[0].reason


def test_accounts_are_isolated(db: Database, tmp_path: Path) -> None:
    _shop(db, tmp_path, "a")
    with db.session() as session:
        create_account(session, "b", "amazon", "en")  # no products
    path = _csv(tmp_path, ["2026-11-01,EN-KETTLE-1,a,,search,100,5,2,1"])
    with db.session() as session:
        as_b = import_logs(session, get_account(session, "b"), path, today=TODAY)
        as_a = import_logs(session, get_account(session, "a"), path, today=TODAY)
        report_b = build_report(session, get_account(session, "b"))
        report_a = build_report(session, get_account(session, "a"))
    assert as_b.imported == 0 and "unknown sku 'EN-KETTLE-1' in account 'b'" in as_b.errors[0].reason
    assert as_a.inserted == 1
    assert report_b.groups == [] and [g.sku for g in report_a.groups] == ["EN-KETTLE-1"]


def test_the_sample_logs_import_cleanly_into_the_sample_catalogue(db: Database) -> None:
    with db.session() as session:
        account = create_account(session, "demo", "tmall", "zh")
        import_file(session, account, SAMPLES / "catalog.jsonl")
        report = import_logs(session, account, SAMPLES / "behaviour_logs.csv", today=TODAY)
        groups = build_report(session, account).groups
    assert report.errors == [] and report.inserted == 224
    assert len(groups) == 8
    for group in groups:
        assert abs(sum(arm.share for arm in group.arms) - 1.0) < 1e-9


def test_serve_next_prefers_the_variant_that_earns_more_clicks(db: Database, tmp_path: Path) -> None:
    _shop(db, tmp_path)
    rows = [
        f"2026-11-0{day},EN-KETTLE-1,{v},,search,1000,{c},0,0" for day in (1, 2, 3) for v, c in (("a", 20), ("b", 45))
    ]
    path = _csv(tmp_path, [*rows, "2026-11-01,EN-SHORTS-1,a,,search,1000,30,0,0"])
    with db.session() as session:
        account = get_account(session, "a")
        import_logs(session, account, path, today=TODAY)
        allocation = serve_next(session, account, "EN-KETTLE-1", "search")
        assert allocation.shares["b"] > 0.99 and set(allocation.shares) == {"a", "b"}
        with pytest.raises(LookupError, match="recommend"):
            serve_next(session, account, "EN-KETTLE-1", "recommend")
