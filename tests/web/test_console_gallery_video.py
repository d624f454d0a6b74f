"""Videos in the console gallery: a <video> with its check badge, served as video/mp4 with byte ranges, only to
the shop that owns it, and never as a "before" photo."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from tests.web.console_helpers import ZH_ROWS, Console, Shop, make_shop

from shopforge.creative.video import encode, plan_video
from shopforge.store.assets import save_asset
from shopforge.store.db import Database
from shopforge.store.models import Account
from shopforge.store.products import get_product


def add_video_asset(db: Database, account_id: int, sku: str, folder: Path, *, ok: bool = True) -> int:
    """A real (tiny) H.264 video of a drawn product, stored as the batch job stores it."""
    cutout = Image.new("RGBA", (120, 200), (0, 0, 0, 0))
    ImageDraw.Draw(cutout).rounded_rectangle((20, 20, 100, 190), radius=20, fill=(30, 60, 140, 255))
    path = folder / f"{sku}-video.mp4"
    check = encode(plan_video(cutout, (), "square", seconds=2, fps=10, dimensions=(96, 96)), path)
    photo = folder / f"{sku}.jpg"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(photo)
    with db.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        product = get_product(session, account, sku)
        assert product is not None
        product.images = [str(photo), str(path)]  # the video path among the images must still not be a "before"
        provenance = {"source_image": str(path), "kind": "video"}
        check = {**check, "ok": ok and check["product_pixels_kept"], "captions": []}
        return save_asset(session, account, product, "video", path, provenance, check).id


def test_a_video_asset_plays_in_the_gallery_with_its_badge(console: Console, shop: Shop, db: Database,
                                                           tmp_path: Path) -> None:
    asset_id = add_video_asset(db, shop.id, "ZH-CUP-1", tmp_path)
    gallery = console.get("/console/gallery").text
    assert f'<video src="/console/assets/{asset_id}/file" controls' in gallery
    assert f'<img src="/console/assets/{asset_id}/file"' not in gallery
    assert "✓" in gallery.split(f'/console/assets/{asset_id}/file', 1)[1].split("</li>", 1)[0]  # its own badge
    assert "<video" in console.get("/console/gallery?kind=video").text
    page = console.get(f"/console/assets/{asset_id}").text
    assert f'<video src="/console/assets/{asset_id}/file" controls' in page

    file = console.get(f"/console/assets/{asset_id}/file")
    body = (tmp_path / "ZH-CUP-1-video.mp4").read_bytes()
    assert file.status_code == 200 and file.headers["content-type"] == "video/mp4" and file.content == body
    part = console.get(f"/console/assets/{asset_id}/file", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == body[:100]  # seekable in a browser's player
    assert console.get(f"/console/assets/{asset_id}/source").status_code == 404  # an MP4 is never a "before"


def test_a_failed_video_check_shows_and_other_shops_get_404(client: TestClient, app: FastAPI, console: Console,
                                                            shop: Shop, db: Database, tmp_path: Path) -> None:
    asset_id = add_video_asset(db, shop.id, "ZH-CUP-1", tmp_path, ok=False)
    card = console.get("/console/gallery").text.split(f'/console/assets/{asset_id}/file', 1)[1].split("</li>", 1)[0]
    assert "✗" in card and "✓" not in card
    other = make_shop(db, "B 店", [{**ZH_ROWS[0], "sku": "B-ONLY-1"}])
    b = Console(TestClient(app))
    b.sign_in(other.key)
    for url in (f"/console/assets/{asset_id}", f"/console/assets/{asset_id}/file"):
        assert b.get(url).status_code == 404, url
    assert "<video" not in b.get("/console/gallery").text
