"""Tenant isolation in the console: shop B gets 404 on every URL of shop A's products, contents, jobs, assets
and exports, and its lists never show shop A's data."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from tests.web.console_helpers import ZH_ROWS, Console, Shop, make_shop, once_of

from shopforge.store.assets import save_asset
from shopforge.store.db import Database
from shopforge.store.models import Account
from shopforge.store.products import get_product


def add_photo_asset(db: Database, account_id: int, sku: str, folder: Path) -> int:
    """A cut-out made from the product's own photo, as the creative pipelines record it."""
    photo, cutout = folder / f"{sku}.jpg", folder / f"{sku}-cutout.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(photo)
    Image.new("RGBA", (64, 64), (200, 30, 30, 255)).save(cutout)
    with db.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        product = get_product(session, account, sku)
        assert product is not None
        product.images = [str(photo)]
        check = {"ok": False, "violations": [{"rule": "amazon.main.fill", "message": "fill 40 % < 85 %", "value": 40}]}
        asset = save_asset(session, account, product, "cutout", cutout, {"source_image": str(photo)}, check)
        return asset.id


def test_shop_b_gets_404_on_every_url_of_shop_a(client: TestClient, app: FastAPI, db: Database,
                                                 tmp_path: Path) -> None:
    shop_a = make_shop(db, "A 店", ZH_ROWS)
    shop_b = make_shop(db, "B 店", [{**ZH_ROWS[0], "sku": "B-ONLY-1"}])
    a = Console(client)
    a.sign_in(shop_a.key)
    job = a.start_generation(["title"])
    assert a.wait_for_job(job) == "done"
    content_ids = a.content_ids()
    asset_id = add_photo_asset(db, shop_a.id, "ZH-CUP-1", tmp_path)
    made = a.post("/console/exports", {"once": once_of(a.get("/console/exports").text)})
    export_id = made.url.params["made"]
    cid = content_ids[0]
    own = [f"/console/products/{ZH_ROWS[0]['sku']}", f"/console/review/{cid}", f"/console/jobs/{job}",
           f"/console/jobs/{job}/progress", f"/console/assets/{asset_id}", f"/console/assets/{asset_id}/file",
           f"/console/assets/{asset_id}/source", f"/console/exports/{export_id}"]
    assert [a.get(url).status_code for url in own] == [200] * len(own)  # the URLs work for their owner
    assert a.get(f"/console/assets/{asset_id}/file").headers["content-type"] == "image/png"
    before = a.get(f"/console/review/{cid}").text

    b = Console(TestClient(app))  # another browser, same server
    b.sign_in(shop_b.key)
    gets = [b.get(url) for url in own]
    posts = [
        b.post(f"/console/review/{cid}/check", {"text": "x"}),
        b.post(f"/console/review/{cid}/edit", {"text": "国家级 hijacked", "action": "save"}),
        b.post(f"/console/review/{cid}/approve"),
        b.post(f"/console/review/{cid}/reject", {"note": "mine"}),
        b.post(f"/console/jobs/{job}/retry"),
    ]
    assert [r.status_code for r in gets + posts] == [404] * (len(gets) + len(posts))
    assert all(shop_a.name not in r.text and "保温杯" not in r.text for r in gets + posts)

    bulk = b.post("/console/review/approve", {"id": [str(i) for i in content_ids]})
    assert f"0 approved, {len(content_ids)} refused" in bulk.text
    foreign = b.post("/console/generate", {"scope": "selected", "sku": ["ZH-CUP-1"], "kind": ["title"],
                                           "once": once_of(b.get("/console/generate").text)})
    assert foreign.status_code == 422 and "unknown sku(s)" in foreign.text
    for url in ("/console/", "/console/products", "/console/review?status=all", "/console/jobs",
                "/console/gallery", "/console/exports"):
        page = b.get(url).text
        assert "ZH-CUP-1" not in page and "ZH-MUG-2" not in page and export_id not in page, url
        assert not re.search(rf'href="/console/(jobs|review|assets)/({job}|{cid}|{asset_id})"', page), url

    assert a.get(f"/console/review/{cid}").text.replace(a.csrf, "") == before.replace(a.csrf, "")


def test_gallery_badges_and_only_image_files_are_served(console: Console, shop: Shop, db: Database,
                                                          tmp_path: Path) -> None:
    asset_id = add_photo_asset(db, shop.id, "ZH-CUP-1", tmp_path)
    gallery = console.get("/console/gallery").text
    assert f'src="/console/assets/{asset_id}/file"' in gallery and "1 check failures" in gallery
    detail = console.get(f"/console/assets/{asset_id}").text
    assert "amazon.main.fill" in detail and f'src="/console/assets/{asset_id}/source"' in detail
    secret = tmp_path / "secret.txt"
    secret.write_text("not an image")
    with db.session() as session:
        account = session.get(Account, shop.id)
        assert account is not None
        product = get_product(session, account, "ZH-MUG-2")
        assert product is not None
        product.images = [str(secret)]
        text_asset = save_asset(session, account, product, "poster", secret, {"source_image": str(secret)})
        stray = save_asset(session, account, product, "scene", tmp_path / "ZH-CUP-1-cutout.png",
                           {"source_image": str(tmp_path / "ZH-CUP-1.jpg")})  # not this product's photo
        ids = (text_asset.id, stray.id)
    assert console.get(f"/console/assets/{ids[0]}/file").status_code == 404
    assert console.get(f"/console/assets/{ids[0]}/source").status_code == 404
    assert console.get(f"/console/assets/{ids[1]}/file").status_code == 200
    assert console.get(f"/console/assets/{ids[1]}/source").status_code == 404
