"""Creative outputs for a catalogue product are stored as assets with provenance, per account."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from tests.helpers import ZH_BOTTLE, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.creative.segment.registry import get_segmenter
from shopforge.creative.showcase import showcase_product
from shopforge.jobs.generate import GenerateParams, create_generate_job
from shopforge.jobs.runner import run_job
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.assets import list_assets
from shopforge.store.db import Database
from shopforge.store.products import get_product


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (600, 600), (232, 232, 236))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((240, 150, 360, 520), radius=40, fill=(30, 30, 34))
    draw.rounded_rectangle((265, 100, 335, 160), radius=12, fill=(150, 150, 156))
    image.save(path)
    return path


def test_showcase_writes_checked_outputs_and_records_assets(db: Database, settings: Settings, tmp_path: Path) -> None:
    _photo(tmp_path / "bottle.png")
    row = dict(ZH_BOTTLE, images=["bottle.png"])
    with db.session() as session:
        account = create_account(session, "zh-shop", "tmall", "zh")
        create_account(session, "other-shop", "tmall", "zh")
        import_file(session, account, write_jsonl(tmp_path / "c.jsonl", [row]))
        job_id = create_generate_job(session, account, GenerateParams(("title", "bullets"), "template")).id
    run_job(db, settings, job_id)
    with db.session() as session:
        account = get_account(session, "zh-shop")
        product = get_product(session, account, "ZH-CUP-1")
        assert product is not None
        result = showcase_product(session, account, product, get_segmenter("u2netp", settings), tmp_path / "out")
        assert result.error is None and result.main_image_ok is True
        assert all(path.is_file() for path in result.outputs) and len(result.outputs) == 4
        assets = list_assets(session, account, product)
        assert [a.kind for a in assets] == ["cutout", "main_image", "scene", "poster"]
        assert all(a.provenance["source_image"].endswith("bottle.png") for a in assets)
        assert assets[1].check_result["ok"] is True
        assert "".join(assets[3].check_result["strings"]).replace(" ", "")  # the poster's rendered copy
        assert list_assets(session, get_account(session, "other-shop")) == []
