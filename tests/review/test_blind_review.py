"""Blind review: the sheet hides who wrote each item, only the account's published copy is sampled, and the score
joins the ratings with the hidden key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import EN_KETTLE, ZH_BOTTLE, write_jsonl
from typer.testing import CliRunner

from shopforge.catalog.importer import import_file
from shopforge.cli.main import app
from shopforge.review.blind import (
    BlindReviewError,
    KeyEntry,
    draw_sample,
    parse_ratings,
    score_directory,
    score_ratings,
    write_sample,
)
from shopforge.review.service import approve, reject
from shopforge.store.accounts import create_account, get_account
from shopforge.store.contents import GeneratedCopy, save_generated
from shopforge.store.db import Database
from shopforge.store.products import get_product

BACKEND_WORDS = ("embedded", "openai", "template", "fallback")
OK: dict[str, Any] = {"ok": True, "violations": []}
FAILING: dict[str, Any] = {"ok": False, "violations": [{"rule": "cn_ad_law.absolute_terms", "span": "最"}]}
# (sku, kind, backend, fallback, verification, then): what each stored item is; published ones are marked True
ITEMS = [
    ("ZH-CUP-1", "title", "embedded", False, OK, "draft", True),
    ("ZH-CUP-1", "bullets", "template", True, OK, "draft", True),
    ("ZH-CUP-1", "description", "embedded", False, FAILING, "blocked", False),
    ("ZH-CUP-1", "post", "openai", False, OK, "approved", True),
    ("ZH-CUP-1", "video_script", "embedded", False, OK, "rejected", False),
    ("ZH-CUP-2", "title", "template", False, OK, "exported", True),
    ("ZH-CUP-2", "bullets", "openai", False, OK, "draft", True),
    ("ZH-CUP-2", "description", "template", True, FAILING, "blocked", False),
    ("ZH-CUP-2", "post", "embedded", True, OK, "draft", True),
    ("ZH-CUP-2", "video_script", "openai", False, OK, "rejected", False),
]
PUBLISHED = {(sku, kind) for sku, kind, *_, published in ITEMS if published}


@pytest.fixture
def shops(db: Database, tmp_path: Path) -> Database:
    """zh-shop with ten items in every state; en-shop with one published item of its own."""
    with db.session() as session:
        zh = create_account(session, "zh-shop", "tmall", "zh")
        import_file(session, zh, write_jsonl(tmp_path / "zh.jsonl", [ZH_BOTTLE, {**ZH_BOTTLE, "sku": "ZH-CUP-2"}]))
        for sku, kind, backend, fallback, verification, then, _ in ITEMS:
            product = get_product(session, zh, sku)
            assert product is not None
            copy = GeneratedCopy(kind, f"象山 保温杯 {sku} {kind}", backend, {"fallback": fallback}, verification)
            content = save_generated(session, zh, product, copy)
            if then == "approved":
                approve(session, zh, content.id)
            elif then == "rejected":
                reject(session, zh, content.id, "too plain")
            elif then == "exported":
                content.status = "exported"
        en = create_account(session, "en-shop", "amazon", "en")
        import_file(session, en, write_jsonl(tmp_path / "en.jsonl", [EN_KETTLE]))
        kettle = get_product(session, en, "EN-KETTLE-1")
        assert kettle is not None
        save_generated(session, en, kettle, GeneratedCopy("title", "Brewly Kettle 1.7 L", "embedded", {}, OK))
    return db


def _sample(db: Database, account: str, n: int, seed: int = 11) -> Any:
    with db.session() as session:
        return draw_sample(session, get_account(session, account), n, seed=seed)


def test_sheet_and_items_never_show_backend_or_fallback(shops: Database, tmp_path: Path) -> None:
    out = tmp_path / "review"
    write_sample(_sample(shops, "zh-shop", 10), out, rubric=None)
    for name in ("sheet.md", "items.jsonl"):
        text = (out / name).read_text(encoding="utf-8").lower()
        assert not [word for word in BACKEND_WORDS if word in text], name
    key = [json.loads(line) for line in (out / "key.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {row["backend"] for row in key} == {"embedded", "template", "openai"}
    assert sum(row["fallback"] for row in key) == 2
    assert set(key[0]) == {"id", "content_id", "sku", "kind", "lang", "backend", "fallback", "platform"}


def test_items_carry_the_products_facts_and_opaque_ids(shops: Database, tmp_path: Path) -> None:
    out = tmp_path / "review"
    write_sample(_sample(shops, "zh-shop", 10), out)
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(set(item) == {"id", "sku", "kind", "text", "facts"} for item in items)
    assert [item["id"] for item in items] == [f"r{n:02d}" for n in range(1, 7)]
    facts = items[0]["facts"]
    assert facts["title"] == ZH_BOTTLE["title"] and facts["brand"] == "象山" and facts["price"] == 89.0
    assert ["材质", "304不锈钢"] in facts["attributes"] and facts["categories"] == ["水具", "保温杯"]
    sheet = (out / "sheet.md").read_text(encoding="utf-8")
    assert "ratings.jsonl" in sheet and "## r01 · " in sheet and "| · 材质 | 304不锈钢 |" in sheet
    assert "tmall / zh" in sheet and not (out / "RUBRIC.md").exists()


def test_rubric_is_copied_beside_the_sheet_when_there_is_one(shops: Database, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.md"
    rubric.write_text("# Rubric\n", encoding="utf-8")
    written = write_sample(_sample(shops, "zh-shop", 2), tmp_path / "review", rubric)
    assert (tmp_path / "review" / "RUBRIC.md").read_text(encoding="utf-8") == "# Rubric\n"
    assert tmp_path / "review" / "RUBRIC.md" in written
    assert "`RUBRIC.md`" in (tmp_path / "review" / "sheet.md").read_text(encoding="utf-8")


def test_blocked_and_rejected_never_sampled_and_n_above_available_gives_all(shops: Database) -> None:
    drawn = _sample(shops, "zh-shop", 50)
    assert drawn.available == 6 and len(drawn.items) == 6
    assert {(item.sku, item.kind) for item in drawn.items} == PUBLISHED


def test_sample_is_spread_across_kinds(shops: Database) -> None:
    assert sorted(item.kind for item in _sample(shops, "zh-shop", 3).items) == ["bullets", "post", "title"]


def test_same_seed_draws_the_same_shuffled_sheet(shops: Database) -> None:
    first, again = _sample(shops, "zh-shop", 6), _sample(shops, "zh-shop", 6)
    assert [e.content_id for e in first.key] == [e.content_id for e in again.key]
    assert [e.content_id for e in first.key] != sorted(e.content_id for e in first.key), "the order is shuffled"
    other = _sample(shops, "zh-shop", 6, seed=12)
    assert [e.content_id for e in other.key] != [e.content_id for e in first.key]


def test_other_accounts_items_are_never_sampled(shops: Database) -> None:
    assert "EN-KETTLE-1" not in {item.sku for item in _sample(shops, "zh-shop", 50).items}
    assert [(item.sku, item.text) for item in _sample(shops, "en-shop", 50).items] == [
        ("EN-KETTLE-1", "Brewly Kettle 1.7 L")
    ]


def test_an_account_with_nothing_published_cannot_be_sampled(db: Database) -> None:
    with db.session() as session:
        create_account(session, "empty", "tmall", "zh")
    with pytest.raises(BlindReviewError, match="no published copy"):
        _sample(db, "empty", 5)


# --- scoring, on a hand-made key with a known answer ---

KEY = [
    KeyEntry("r01", 1, "A", "title", "zh", "template", False, "tmall"),
    KeyEntry("r02", 2, "A", "title", "zh", "embedded", False, "tmall"),
    KeyEntry("r03", 3, "B", "bullets", "zh", "template", True, "tmall"),
    KeyEntry("r04", 4, "C", "bullets", "en", "embedded", False, "amazon"),
    KeyEntry("r05", 5, "C", "title", "en", "embedded", False, "amazon"),  # never rated
]
RATINGS = [
    {"id": "r01", "verdict": "approve", "false_claims": 0, "note": ""},
    {"id": "r02", "verdict": "approve", "false_claims": 1, "note": "invented colour"},
    {"id": "r03", "verdict": "approve", "false_claims": 0, "note": ""},
    {"id": "r04", "verdict": "edit", "false_claims": 2, "note": "two claims"},
]


def _review_dir(tmp_path: Path, ratings: list[str]) -> Path:
    folder = tmp_path / "review"
    folder.mkdir()
    key_lines = [json.dumps(entry.__dict__) for entry in KEY]
    (folder / "key.jsonl").write_text("\n".join(key_lines) + "\n", encoding="utf-8")
    (folder / "ratings.jsonl").write_text("\n".join(ratings) + "\n", encoding="utf-8")
    return folder


def test_score_rates_per_kind_lang_backend_and_source(tmp_path: Path) -> None:
    card = score_directory(_review_dir(tmp_path, [json.dumps(r) for r in RATINGS]))
    groups = {(g.dimension, g.value): g for g in card.groups}
    overall = groups["all", "all"]
    assert (overall.items, overall.rate("approve"), overall.rate("edit"), overall.rate("reject")) == (4, 0.75, 0.25, 0)
    assert overall.false_claims_per_item == 0.75 and card.unrated_ids == ["r05"] and card.rated == 4
    assert (groups["kind", "title"].items, groups["kind", "title"].rate("approve"), groups["kind", "title"].unrated) \
        == (2, 1.0, 1)  # fmt: skip
    assert groups["kind", "bullets"].rate("edit") == 0.5 and groups["kind", "bullets"].false_claims_per_item == 1.0
    assert groups["lang", "en"].rate("edit") == 1.0 and groups["lang", "zh"].rate("approve") == 1.0
    assert groups["backend", "embedded"].rate("approve") == 0.5 and groups["backend", "template"].items == 2
    assert groups["source", "fallback"].items == 1
    assert groups["source", "writer"].rate("approve") == pytest.approx(2 / 3)
    assert card.groups[-1] is overall and card.errors == []


def test_bad_rating_lines_are_named_and_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps(RATINGS[0]),
        json.dumps({**RATINGS[1], "id": "r99"}),
        json.dumps({**RATINGS[1], "verdict": "maybe"}),
        json.dumps({**RATINGS[2], "false_claims": "two"}),
        "{not json",
        json.dumps({**RATINGS[3], "false_claims": 1.5}),
        json.dumps({**RATINGS[0], "verdict": "reject"}),
        json.dumps(RATINGS[3]),
    ]
    card = score_directory(_review_dir(tmp_path, lines))
    messages = [str(error) for error in card.errors]
    assert [error.line for error in card.errors] == [2, 3, 4, 5, 6, 7]
    assert "ratings.jsonl line 2: unknown id 'r99'" in messages
    assert "'maybe'" in messages[1] and "false_claims 'two'" in messages[2] and "second rating" in messages[5]
    assert card.rated == 2 and card.overall.rate("approve") == 0.5 and card.unrated_ids == ["r02", "r03", "r05"]


def test_bench_ids_given_as_numbers_match_their_text_ids() -> None:
    ratings, errors = parse_ratings(['{"id": 1, "verdict": "reject", "false_claims": 0}'], {"1"})
    assert errors == [] and ratings[0].id == "1"
    card = score_ratings([KeyEntry("1", None, "S", "title", "en", "embedded", False, "amazon")], ratings)
    assert card.overall.rate("reject") == 1.0


# --- the two commands ---


def _cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.setenv("SHOPFORGE_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args), catch_exceptions=False)


def test_review_sample_command_writes_the_sheet_without_backends(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run = _cli(monkeypatch, tmp_path)
    run("account", "create", "zh-shop", "--platform", "tmall", "--lang", "zh")
    run("catalog", "import", str(write_jsonl(tmp_path / "c.jsonl", [ZH_BOTTLE])), "--account", "zh-shop")
    assert run("generate", "--account", "zh-shop", "--kind", "title", "--kind", "bullets",
               "--backend", "template").exit_code == 0  # fmt: skip
    out = tmp_path / "sheet"
    result = run("review", "sample", "--account", "zh-shop", "--n", "5", "--out", str(out), "--seed", "3")
    assert result.exit_code == 0, result.output
    assert "sampled 2 of 2" in result.stdout
    for name in ("sheet.md", "items.jsonl"):
        assert "template" not in (out / name).read_text(encoding="utf-8")
    assert {json.loads(line)["backend"] for line in (out / "key.jsonl").read_text().splitlines()} == {"template"}
    again = run("review", "sample", "--account", "zh-shop", "--n", "5", "--out", str(out))
    assert again.exit_code == 0, "no ratings yet: the folder may be drawn again"
    (out / "ratings.jsonl").write_text("", encoding="utf-8")
    refused = run("review", "sample", "--account", "zh-shop", "--n", "5", "--out", str(out))
    assert refused.exit_code == 2 and "ratings.jsonl" in refused.stderr.replace("\n", "")


def test_review_score_command_prints_rates_json_and_fails_without_ratings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run = _cli(monkeypatch, tmp_path)
    folder = _review_dir(tmp_path, [json.dumps(r) for r in RATINGS] + ['{"id": "r05", "verdict": "ok"}'])
    result = run("review", "score", str(folder))
    assert result.exit_code == 0, result.output
    assert "75%" in result.stdout and "unrated 1 (r05)" in result.stdout
    assert "ratings.jsonl line 5:" in result.stderr
    data = json.loads(run("review", "score", str(folder), "--json").stdout)
    overall = data["groups"][-1]
    assert (overall["dimension"], overall["approve_rate"], overall["items"], data["unrated"]) == ("all", 0.75, 4, 1)
    (folder / "ratings.jsonl").write_text('{"id": "r01", "verdict": "fine"}\n', encoding="utf-8")
    failed = run("review", "score", str(folder))
    assert failed.exit_code == 1 and "no valid rating" in failed.stderr
