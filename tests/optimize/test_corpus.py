"""The near-duplicate corpus: built once per optimize job, and a change kept for one product is what the next
product's duplicate check compares with, within the same job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.optimize.optimize_fixtures import (
    TMALL_SIDE,
    ZH_CLEAN,
    ZH_PRODUCT,
    clean_photo,
    import_rows,
    product_of,
    product_row,
    put_content,
    save_image,
)

from shopforge.jobs.runner import run_job
from shopforge.optimize import corpus as corpus_module
from shopforge.optimize.corpus import DuplicateCorpus
from shopforge.optimize.diagnose import Diagnoser
from shopforge.optimize.run import OptimizeParams, create_optimize_job
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.db import Database
from shopforge.store.models import Job, OptimizationRun
from shopforge.store.versions import ListingContent, current_version

TITLE = "象山 304不锈钢 750ml 黑色 真空保温杯 通勤款"
DESCRIPTION = "象山保温杯采用304不锈钢内胆，容量750ml，黑色磨砂外壳，适合通勤与办公。"


def test_corpus_finds_copies_follows_updates_and_restores() -> None:
    corpus = DuplicateCorpus(
        {"A": ListingContent(TITLE, (), DESCRIPTION), "B": ListingContent("别的标题很不一样的杯子")}
    )
    copy = ListingContent(TITLE, (), "另一段完全不同的描述文字，讲的是别的事情。")
    assert corpus.duplicates("C", copy) == [{"sku": "A", "part": "title", "similarity": 1.0}]
    assert corpus.duplicates("A", copy) == []  # a listing is never its own duplicate
    before = corpus.snapshot("A")
    corpus.update("A", ListingContent("全新的标题 完全改写 没有重复", (), DESCRIPTION))
    assert corpus.duplicates("C", copy) == []
    corpus.restore("A", before)  # e.g. the product's transaction rolled back
    assert corpus.duplicates("C", copy)[0]["sku"] == "A"
    corpus.restore("D", None)
    assert "D" not in corpus and len(corpus) == 2


def _shop(db: Database, tmp_path: Path, name: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    with db.session() as session:
        create_account(session, name, "tmall", "zh")
    photo = save_image(clean_photo(TMALL_SIDE), tmp_path, f"{name}-photo")
    import_rows(db, name, [product_row(ZH_PRODUCT, sku, content, photo) for sku, content in rows], tmp_path)


def _job(db: Database, settings: Settings, name: str, skus: tuple[str, ...] = ()) -> int:
    with db.session() as session:
        job_id = create_optimize_job(session, get_account(session, name), OptimizeParams("search", skus)).id
    run_job(db, settings, job_id)
    return job_id


def test_a_kept_change_is_seen_by_the_next_products_duplicate_check_in_the_same_job(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(home=tmp_path / "home", default_backend="template", segmenter="opencv")
    # The forbidden term gets CUP's title rewritten.
    broken: dict[str, Any] = ZH_CLEAN | {"title": "全网第一 " + str(ZH_CLEAN["title"])}
    other: dict[str, Any] = {
        "title": "另一件商品 完全不同的标题文字",
        "bullets": [],
        "description": "完全不同的一段描述，讲另一件商品。",
    }
    _shop(db, tmp_path, "shop", [("CUP", broken), ("TWIN", other)])
    # What the agent writes for CUP (the template back end is deterministic per account and product).
    _job(db, settings, "shop", ("CUP",))
    with db.session() as session:
        account = get_account(session, "shop")
        rewritten = current_version(session, account, product_of(session, account, "CUP"))
        assert rewritten is not None and rewritten.title != broken["title"]
        new_title = rewritten.title
    # Back to the broken CUP; TWIN's live title is exactly that rewrite: a duplicate only once CUP's change is kept.
    with db.session() as session:
        account = get_account(session, "shop")
    put_content(db, account, "CUP", ListingContent(str(broken["title"]), (), str(broken["description"])))
    put_content(db, account, "TWIN", ListingContent(new_title, (), other["description"]))
    with db.session() as session:
        account = get_account(session, "shop")
        corpus = DuplicateCorpus.build(session, account)
        twin_product = product_of(session, account, "TWIN")
        before_job = Diagnoser(session, account, settings, corpus=corpus).diagnose(twin_product, "search")
    assert corpus.text("CUP", "title") == broken["title"] and corpus.text("TWIN", "title") == new_title
    assert not any(d["sku"] == "CUP" and d["part"] == "title" for d in before_job.understanding.duplicates)

    builds: list[int] = []
    real_build = corpus_module.DuplicateCorpus.build.__func__  # type: ignore[attr-defined]

    def counting_build(cls: type[DuplicateCorpus], session: Any, account: Any) -> DuplicateCorpus:
        builds.append(account.id)
        return real_build(cls, session, account)

    monkeypatch.setattr(corpus_module.DuplicateCorpus, "build", classmethod(counting_build))
    job_id = _job(db, settings, "shop")
    assert len(builds) == 1  # once for the job, not once per product
    with db.session() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.done == 2 and job.failed == 0
        account = get_account(session, "shop")
        twin_id = product_of(session, account, "TWIN").id
        (twin_run,) = session.query(OptimizationRun).filter_by(job_id=job_id, product_id=twin_id)
        twin_findings = twin_run.findings_before
        cup = current_version(session, account, product_of(session, account, "CUP"))
        assert cup is not None and cup.title == new_title
    copied = [f["evidence"] for f in twin_findings if f["code"] == "duplicate_content"]
    assert {"sku": "CUP", "part": "title", "similarity": 1.0} in copied
