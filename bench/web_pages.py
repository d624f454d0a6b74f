"""Server time of every console page with a large shop: 5,000 products and 50,000 contents in the database.

Seeds a temporary SQLite database (or ``--database-url``): the measured shop gets ``--products`` products
imported by the real importer (facts and all) and every product × every kind as content (25,000 for 5,000
products and 5 kinds), with realistic statuses (drafts, blocked copies with their violations, edits,
approvals, rejections, exports) spread over 40 days; a second shop gets the same, so the tables hold 50,000
contents (``--shops 1 --products 10000`` puts 50,000 in one shop). Jobs with failed items, assets and review
events are seeded too. Then each page is requested ``--runs`` times through FastAPI's TestClient (in process:
the time is the server's, no network) after one warm-up, and a table of median / p95 / max milliseconds is
printed, with the 300 ms target.

    .venv/bin/python bench/web_pages.py [--products 5000] [--shops 2] [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from shopforge.api.app import create_app
from shopforge.catalog.importer import import_upload
from shopforge.copywriting.kinds import KINDS
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, issue_api_key
from shopforge.store.db import Database, open_database
from shopforge.store.models import Asset, Content, Job, JobItem, Product, ReviewEvent

TARGET_MS = 300.0
SEED = 20240611
COLOURS = ["黑色", "白色", "蓝色", "红色", "灰色", "绿色"]
MATERIALS = ["304不锈钢", "陶瓷", "玻璃", "纯棉", "竹纤维", "硅胶"]
NOUNS = ["保温杯", "马克杯", "水杯", "毛巾", "餐盘", "收纳盒", "茶壶", "饭盒"]
STATUSES = (["draft"] * 12 + ["blocked"] * 2 + ["edited"] * 2 + ["approved"] * 2 + ["rejected", "exported"])
VIOLATION = {"rule": "cn_ad_law.absolute_terms", "span": "国家级",
             "message": "Absolute term 「国家级」 is banned", "severity": "error"}


def catalogue_rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        colour, material, noun = rng.choice(COLOURS), rng.choice(MATERIALS), rng.choice(NOUNS)
        size = rng.choice([250, 350, 500, 750, 1000])
        rows.append({
            "sku": f"SKU-{i:05d}", "title": f"青禾 {material}{noun} {size}ml {colour}", "brand": rng.choice(
                ["青禾", "象山", "禾川", "山野"]), "category": ["家居", noun], "price": round(rng.uniform(9, 299), 1),
            "currency": "CNY", "attributes": {"材质": material, "容量": f"{size}ml", "颜色": colour},
        })
    return rows


def seed_shop(db: Database, name: str, products: int, rng: random.Random) -> tuple[int, str]:
    started = time.perf_counter()
    with db.session() as session:
        account = create_account(session, name, "tmall", "zh")
        key = issue_api_key(session, account)
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in catalogue_rows(products, rng)).encode()
        report = import_upload(session, account, data, "catalogue.jsonl")
        assert report.imported == products, report.errors[:3]
        account_id = account.id
    with db.session() as session:
        product_rows = session.execute(select(Product.id, Product.title).where(Product.account_id == account_id))
        _seed_contents(session, account_id, list(product_rows), rng)
        _seed_jobs(session, account_id, products, rng)
        _seed_assets(session, account_id, rng)
    print(f"seeded {name}: {products} products, {products * len(KINDS)} contents "
          f"in {time.perf_counter() - started:.1f} s")
    return account_id, key


def _seed_contents(session: Any, account_id: int, products: list[Any], rng: random.Random) -> None:
    now = datetime.now(UTC)
    rows = []
    for product_id, title in products:
        for kind in KINDS:
            status = rng.choice(STATUSES)
            blocked = status == "blocked"
            body = title if kind == "title" else f"{title}\n选用优质材料，日常好用。"
            text = f"国家级 {body}" if blocked else body
            rows.append({
                "account_id": account_id, "product_id": product_id, "kind": kind, "platform": "tmall",
                "lang": "zh", "text": text, "status": status, "backend": rng.choice(["template", "embedded"]),
                "provenance": {"backend": "template", "facts_used": [], "fallback": False, "attempts": []},
                "verification": {"ok": not blocked, "violations": [VIOLATION] if blocked else [], "warnings": [],
                                 "pack_versions": {"tmall": "1.0.0", "cn_ad_law": "1.0.0"}},
                "updated_at": now - timedelta(days=rng.randrange(40), minutes=rng.randrange(1440)),
                "created_at": now - timedelta(days=41),
            })
    for start in range(0, len(rows), 5000):
        session.execute(insert(Content), rows[start : start + 5000])


def _seed_jobs(session: Any, account_id: int, products: int, rng: random.Random) -> None:
    for _ in range(60):
        job = Job(account_id=account_id, kind="generate", params={"kinds": ["title"], "backend": "template",
                                                                  "skus": []}, status="done", total=100)
        session.add(job)
        session.flush()
        items = []
        for n in range(100):
            failed = rng.random() < 0.05
            items.append({"job_id": job.id, "sku": f"SKU-{rng.randrange(products):05d}-{n}", "kind": "title",
                          "status": "failed" if failed else "done", "attempts": 1,
                          "error": "PlanError: title and category are not in 'zh'" if failed else None})
        session.execute(insert(JobItem), items)
        job.failed = sum(1 for item in items if item["status"] == "failed")
        job.done = job.total - job.failed


def _seed_assets(session: Any, account_id: int, rng: random.Random) -> None:
    product_ids = list(session.scalars(select(Product.id).where(Product.account_id == account_id).limit(500)))
    rows = [{"account_id": account_id, "product_id": pid, "kind": kind, "path": f"/nonexistent/{pid}-{kind}.png",
             "provenance": {"steps": ["cutout"]}, "check_result": {"ok": rng.random() < 0.8, "violations": []}}
            for pid in product_ids for kind in ("cutout", "main_image")]
    session.execute(insert(Asset), rows)
    contents = list(session.scalars(select(Content.id).where(Content.account_id == account_id).limit(2000)))
    session.execute(insert(ReviewEvent), [{"account_id": account_id, "content_id": cid, "action": "approve"}
                                          for cid in contents])


def pages(db: Database, account_id: int, products: int) -> list[tuple[str, str, dict[str, str] | None]]:
    with db.session() as session:
        blocked = session.scalar(select(Content.id).where(Content.account_id == account_id,
                                                          Content.status == "blocked").limit(1))
        job = session.scalar(select(Job.id).where(Job.account_id == account_id).order_by(Job.id.desc()).limit(1))
        asset = session.scalar(select(Asset.id).where(Asset.account_id == account_id).limit(1))
    return [
        ("dashboard", "/console/", None),
        ("catalogue", "/console/products", None),
        ("catalogue search", "/console/products?q=保温杯&page=20", None),
        ("catalogue: no copy", "/console/products?state=no_copy", None),
        ("catalogue: has blocked", "/console/products?state=has_blocked&brand=象山", None),
        ("product", f"/console/products/SKU-{products // 2:05d}", None),
        ("generate", "/console/generate?sku=SKU-00001&sku=SKU-00002", None),
        ("jobs", "/console/jobs", None),
        ("job", f"/console/jobs/{job}", None),
        ("job progress (poll)", f"/console/jobs/{job}/progress", None),
        ("review queue", "/console/review", None),
        ("review queue, page 200", "/console/review?status=all&page=200", None),
        ("review queue, blocked", "/console/review?status=blocked&kind=title", None),
        ("review queue search", "/console/review?q=SKU-012", None),
        ("review item", f"/console/review/{blocked}", None),
        ("live re-verify (POST)", f"/console/review/{blocked}/check", {"text": "青禾 陶瓷马克杯 350ml 白色 国家级"}),
        ("gallery", "/console/gallery", None),
        ("asset", f"/console/assets/{asset}", None),
        ("rule packs", "/console/rules", None),
        ("exports", "/console/exports", None),
        ("optimization", "/console/optimize", None),
    ]


def measure(client: TestClient, csrf: str, url: str, form: dict[str, str] | None, runs: int) -> list[float]:
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        if form is None:
            response = client.get(url)
        else:
            response = client.post(url, data=form, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        if i:  # the first request warms caches (templates, rule packs)
            times.append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--shops", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="shopforge-web-bench-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        db = open_database(url)
        shops = [seed_shop(db, f"bench-shop-{n}", args.products, rng) for n in range(args.shops)]
        with db.session() as session:
            total = session.query(Content).count()
            products = session.query(Product).count()
        print(f"database: {products} products, {total} contents ({url.split(':', 1)[0]})")
        account_id, key = shops[0]
        settings = Settings(home=Path(tmp) / "home", default_backend="template", session_secret="bench")
        with TestClient(create_app(settings, database=db)) as client:
            page = client.get("/console/signin")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            signed = client.post("/console/signin", data={"api_key": key, "csrf_token": csrf})
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', signed.text).group(1)  # type: ignore[union-attr]
            print(f"\n{'page':<28} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  target {TARGET_MS:.0f} ms")
            worst = 0.0
            for name, page_url, form in pages(db, account_id, args.products):
                times = sorted(measure(client, csrf, page_url, form, args.runs))
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                worst = max(worst, p95)
                flag = "" if p95 < TARGET_MS else "  SLOW"
                print(f"{name:<28} {statistics.median(times):>10.1f} {p95:>8.1f} {times[-1]:>8.1f}{flag}")
            print(f"\nworst_p95_ms={worst:.1f}")
        db.dispose()


if __name__ == "__main__":
    main()
