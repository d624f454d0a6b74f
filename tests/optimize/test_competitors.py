"""Competitor benchmarks and benefit points: competitors stay out of the account's products; gaps count only what
the product's own facts support; benefits are ranked from facts, reviews and rivals but never invented."""

from __future__ import annotations

from pathlib import Path

from tests.optimize.optimize_fixtures import ZH_CLEAN, ZH_PRODUCT, analyzer, import_rows, product_row
from tests.optimize.test_understand import ZH

from shopforge.copywriting.plan import AccountProfile, plan_content
from shopforge.jobs.generate import GenerateParams, create_generate_job
from shopforge.optimize.benefits import rank_benefits
from shopforge.optimize.diagnose import diagnose_product
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.db import Database
from shopforge.store.optimization import list_competitors
from shopforge.store.products import list_products

RIVALS = [
    ZH_PRODUCT | {"sku": f"RIVAL-{i}", "competitor": True, "metrics": {"sales_rank": rank}, "content": content}
    for i, (rank, content) in enumerate(
        [
            (2, {"title": "北岭 真空 保温杯 304不锈钢 750ml 商务", "bullets": ["耐用易清洁", "保温保冷"]}),
            (8, {"title": "云杉 真空 保温杯 304不锈钢 500ml 学生", "bullets": ["耐用易清洁，不易生锈"]}),
            (90, {"title": "松果 保温杯 钛合金 600ml", "bullets": ["轻巧结实"]}),
        ]
    )
]


def _shop(db: Database, tmp_path: Path, title: str) -> None:
    with db.session() as session:
        create_account(session, "tea", "tmall", "zh")
    live = {"title": title, "bullets": ["保温12小时"], "description": "象山保温杯，容量750ml，适合通勤携带。"}
    rows = [product_row(ZH_PRODUCT, "CUP", live, None), *RIVALS]
    import_rows(db, "tea", rows, tmp_path)


def test_competitors_never_become_the_accounts_products(db: Database, tmp_path: Path) -> None:
    _shop(db, tmp_path, ZH_CLEAN["title"])
    with db.session() as session:
        account = get_account(session, "tea")
        assert [p.sku for p in list_products(session, account)] == ["CUP"]
        assert [c.sku for c in list_competitors(session, account)] == ["RIVAL-0", "RIVAL-1", "RIVAL-2"]
        assert list_competitors(session, account)[0].metrics == {"sales_rank": 2.0}
        job = create_generate_job(session, account, GenerateParams(("title",), "template"))
        assert [item.sku for item in job.items] == ["CUP"]


def test_keyword_gaps_count_only_what_the_products_facts_support(
    db: Database, tmp_path: Path, settings: Settings
) -> None:
    _shop(db, tmp_path, "象山 304不锈钢 750ml 黑色 保温杯")  # no 真空; 真空 is in its description
    with db.session() as session:
        account = get_account(session, "tea")
        diagnosis = diagnose_product(session, account, "CUP", "search", settings, analyzer=analyzer("tmall"))
        recommend = diagnose_product(session, account, "CUP", "recommend", settings, analyzer=analyzer("tmall"))
    bench = diagnosis.understanding.competitors
    assert bench is not None and bench.count == 3
    assert "真空" in bench.supported_gaps  # the product's description says 双层真空结构
    assert "商务" not in bench.supported_gaps  # only one rival says it, and the facts do not
    gap = next(f for f in diagnosis.findings if f.code == "competitor_keyword_gap")
    assert gap.evidence["keywords"] == bench.supported_gaps
    weights = {c.sku: c.weight for c in bench.competitors}
    assert weights["RIVAL-0"] > weights["RIVAL-1"] > weights["RIVAL-2"]  # better sales rank weighs more
    benefit = next(f for f in recommend.findings if f.code == "competitor_benefit_gap")
    assert "耐用易清洁" in benefit.evidence["benefits"]  # rivals lead with it; 304不锈钢 unlocks it here too


def test_benefits_are_ranked_from_facts_and_raised_by_reviews_and_rivals_never_added() -> None:
    plain = rank_benefits(ZH.facts, "zh")
    texts = [p.text for p in plain]
    assert "耐用易清洁" in texts and all(p.facts for p in plain)
    assert all(source.startswith("attributes.") or source in ("title", "category") for p in plain for source in p.facts)
    reviewed = rank_benefits(ZH.facts, "zh", reviews=["保温效果很好", "真空保温一整天"] * 2)
    assert reviewed[0].text == "保温保冷" and any("review" in s for s in reviewed[0].signals)
    rivals = rank_benefits(ZH.facts, "zh", competitor_texts=["不易生锈", "不易生锈，结实"])
    assert rivals[0].text == "不易生锈"
    invented = rank_benefits(ZH.facts, "zh", reviews=["柔软透气"], competitor_texts=["柔软透气"])
    assert "柔软透气" not in [p.text for p in invented]  # cotton's benefit: this product has no cotton


def test_a_ranking_reorders_the_plans_benefits_without_adding_any() -> None:
    profile = AccountProfile("tea", "tmall", "zh")
    baseline = [p.text for p in plan_content(ZH, profile, "bullets").benefits]
    ranked = ("不易生锈", "柔软透气")
    from dataclasses import replace

    led = [p.text for p in plan_content(replace(ZH, benefits=ranked), profile, "bullets").benefits]
    assert led[0] == "不易生锈" and sorted(led) == sorted(baseline) and "柔软透气" not in led
