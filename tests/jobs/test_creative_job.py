"""Creative batch jobs: assets with provenance and checks, per-item failures, resume, tenant isolation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from tests.helpers import ZH_BOTTLE, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.jobs.creative import CreativeParams, asset_folder, create_creative_job
from shopforge.jobs.creative_outputs import ProductData
from shopforge.jobs.generate import GenerateParams, JobError, create_generate_job, get_job, retry_failed
from shopforge.jobs.runner import run_job
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.assets import list_assets
from shopforge.store.db import Database
from shopforge.store.models import Asset, JobItem
from shopforge.store.products import get_product


def photo(path: Path, colour: tuple[int, int, int] = (30, 30, 34)) -> Path:
    image = Image.new("RGB", (600, 600), (232, 232, 236))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((240, 150, 360, 520), radius=40, fill=colour)
    draw.rounded_rectangle((265, 100, 335, 160), radius=12, fill=(150, 150, 156))
    image.save(path)
    return path


def _catalogue(db: Database, settings: Settings, tmp_path: Path) -> None:
    """zh-shop: a product with a photo and verified copy, one with a corrupt photo, one with none; other-shop."""
    photo(tmp_path / "bottle.png")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a JPEG")
    rows = [
        dict(ZH_BOTTLE, images=["bottle.png"]),
        dict(ZH_BOTTLE, sku="ZH-CUP-BROKEN", images=["broken.jpg"]),
        dict(ZH_BOTTLE, sku="ZH-CUP-NOPHOTO", images=["https://example.invalid/cup.jpg"]),
    ]
    with db.session() as session:
        account = create_account(session, "zh-shop", "tmall", "zh")
        create_account(session, "other-shop", "tmall", "zh")
        import_file(session, account, write_jsonl(tmp_path / "c.jsonl", rows))
        copy = GenerateParams(("title", "bullets"), "template", ("ZH-CUP-1",))
        copy_job_id = create_generate_job(session, account, copy).id
    run_job(db, settings, copy_job_id)


def _create(db: Database, params: CreativeParams, account: str = "zh-shop") -> int:
    with db.session() as session:
        return create_creative_job(session, get_account(session, account), params).id


def test_batch_stores_each_output_as_a_checked_asset_and_failures_name_their_reason(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    _catalogue(db, settings, tmp_path)
    job_id = _create(db, CreativeParams(("cutout", "main", "poster", "detail"), segmenter="opencv"))
    seen: list[tuple[int, int, int]] = []
    run_job(db, settings, job_id, progress=lambda d, t, f: seen.append((d, t, f)))
    assert seen[-1] == (4, 12, 8)
    with db.session() as session:
        account = get_account(session, "zh-shop")
        job = get_job(session, account, job_id)
        assert job is not None and job.status == "done" and (job.done, job.failed) == (4, 8)
        failed = {(i.sku, i.kind): i.error or "" for i in job.items if i.status == "failed"}
        assert all("broken.jpg" in failed["ZH-CUP-BROKEN", kind] for kind in ("cutout", "main", "poster", "detail"))
        assert "no local product photo" in failed["ZH-CUP-NOPHOTO", "main"]
        product = get_product(session, account, "ZH-CUP-1")
        assets = {a.kind: a for a in list_assets(session, account, product)}
    assert set(assets) == {"cutout", "main_image", "poster", "detail"}
    folder = asset_folder(settings, "zh-shop", job_id)
    for asset in assets.values():
        assert Path(asset.path).is_file() and Path(asset.path).parent == folder
        provenance = asset.provenance
        assert provenance["source_image"].endswith("bottle.png") and provenance["backend"] == "opencv"
        assert provenance["job_id"] == job_id and provenance["steps"][:1] == ["segment"]
        assert asset.check_result["ok"] is True, (asset.kind, asset.check_result)
    assert assets["main_image"].check_result["violations"] == []
    assert assets["main_image"].provenance["parameters"]["platform"] == "tmall"
    poster_check = assets["poster"].check_result
    assert poster_check["product_pixels_kept"] and poster_check["readback"]["ok"] is True
    detail_check = assets["detail"].check_result
    assert detail_check["size"][0] == 750 and detail_check["sections"][:3] == ["hero", "points", "specs"]
    assert Image.open(assets["detail"].path).width == 750


def test_rendering_data_carries_the_products_own_phrases(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        account = create_account(session, "zh-shop", "tmall", "zh")
        import_file(session, account, write_jsonl(tmp_path / "c.jsonl", [ZH_BOTTLE]))
        product = get_product(session, account, "ZH-CUP-1")
        assert product is not None
        phrases = ProductData.load(session, account, product).phrases
    # the brand, attribute values and title words; not the whole title or the description sentence
    assert {"象山", "304不锈钢保温杯", "304不锈钢", "750ml", "黑色", "12小时"} <= set(phrases), phrases
    assert ZH_BOTTLE["title"] not in phrases and ZH_BOTTLE["description"] not in phrases


def test_jobs_and_assets_stay_inside_their_account(db: Database, settings: Settings, tmp_path: Path) -> None:
    _catalogue(db, settings, tmp_path)
    job_id = _create(db, CreativeParams(("cutout",), ("ZH-CUP-1",), segmenter="opencv"))
    run_job(db, settings, job_id)
    with db.session() as session:
        other = get_account(session, "other-shop")
        assert get_job(session, other, job_id) is None
        assert list_assets(session, other) == []
        assert len(list_assets(session, get_account(session, "zh-shop"))) == 1
        with pytest.raises(JobError, match="ZH-CUP-1"):  # another shop's SKU is unknown here
            create_creative_job(session, other, CreativeParams(("cutout",), ("ZH-CUP-1",)))


def test_an_interrupted_job_resumes_without_redoing_done_items(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    _catalogue(db, settings, tmp_path)
    job_id = _create(db, CreativeParams(("cutout", "scene", "main"), ("ZH-CUP-1",), segmenter="opencv"))

    def crash_after_two(done: int, total: int, failed: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt("simulated Ctrl-C")

    with pytest.raises(KeyboardInterrupt):
        run_job(db, settings, job_id, progress=crash_after_two)
    with db.session() as session:
        job = get_job(session, get_account(session, "zh-shop"), job_id)
        assert job is not None and job.status == "interrupted" and job.done == 2
        assert session.scalar(select(func.count()).select_from(Asset)) == 2
    run_job(db, settings, job_id)
    with db.session() as session:
        items = session.scalars(select(JobItem).where(JobItem.job_id == job_id)).all()
        assert all(i.status == "done" and i.attempts == 1 for i in items), "no item rendered twice"
        assert session.scalar(select(func.count()).select_from(Asset)) == 3


def test_the_same_request_resumes_the_unfinished_job_and_bad_parameters_are_refused(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    _catalogue(db, settings, tmp_path)
    params = CreativeParams(("cutout", "scene"), segmenter="opencv")
    assert _create(db, params) == _create(db, params)
    for bad, message in [
        (CreativeParams(("gif",)), "unknown creative kind"),
        (CreativeParams(("video",), video_size="imax"), "unknown video size"),
        (CreativeParams(("video",), video_seconds=90), "not between"),
        (CreativeParams(("video",), video_dimensions=(65, 64)), "must be even"),
        (CreativeParams(("poster",), poster_size="a4"), "unknown poster size"),
        (CreativeParams(("scene",), scene_style="marble"), "unknown style"),
        (CreativeParams(("cutout",), segmenter="sam"), "unknown segmenter"),
        (CreativeParams(("cutout",), ("NOPE",)), "NOPE"),
    ]:
        with pytest.raises(JobError, match=message):
            _create(db, bad)


def test_failed_items_run_again_after_the_photo_is_fixed(db: Database, settings: Settings, tmp_path: Path) -> None:
    _catalogue(db, settings, tmp_path)
    job_id = _create(db, CreativeParams(("cutout",), ("ZH-CUP-1", "ZH-CUP-BROKEN"), segmenter="opencv"))
    run_job(db, settings, job_id)
    photo(tmp_path / "broken.jpg", colour=(160, 30, 40))
    with db.session() as session:
        retry_failed(session, get_account(session, "zh-shop"), job_id)
    run_job(db, settings, job_id)
    with db.session() as session:
        job = get_job(session, get_account(session, "zh-shop"), job_id)
        assert job is not None and (job.status, job.done, job.failed) == ("done", 2, 0)
        assert {a.kind for a in list_assets(session, get_account(session, "zh-shop"))} == {"cutout"}


def test_a_segmenter_that_cannot_run_fails_the_job_with_the_reason(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    _catalogue(db, settings, tmp_path)
    job_id = _create(db, CreativeParams(("cutout",), ("ZH-CUP-1",), segmenter="onnx"))
    with pytest.raises(JobError, match="SHOPFORGE_SEGMENTER_ONNX_PATH"):
        run_job(db, settings, job_id)
    with db.session() as session:
        job = get_job(session, get_account(session, "zh-shop"), job_id)
        assert job is not None and job.status == "failed" and "needs a model file" in (job.error or "")
        assert {item.status for item in job.items} == {"pending"}  # nothing was attempted, so nothing is lost


def test_a_batch_video_is_an_mp4_asset_with_its_frame_check_and_a_bad_photo_fails_alone(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    _catalogue(db, settings, tmp_path)
    params = CreativeParams(("video",), ("ZH-CUP-1", "ZH-CUP-BROKEN"), segmenter="opencv", video_seconds=2,
                            video_dimensions=(240, 240))  # fmt: skip
    assert params.video_size == "square" and CreativeParams().video_seconds == 6  # the affordable batch default
    job_id = _create(db, params)
    run_job(db, settings, job_id)
    with db.session() as session:
        account = get_account(session, "zh-shop")
        job = get_job(session, account, job_id)
        assert job is not None and (job.status, job.done, job.failed) == ("done", 1, 1)
        failed = {i.sku: i.error or "" for i in job.items if i.status == "failed"}
        assert "broken.jpg" in failed["ZH-CUP-BROKEN"]
        (asset,) = list_assets(session, account, get_product(session, account, "ZH-CUP-1"))
        kind, path, check, provenance = asset.kind, Path(asset.path), asset.check_result, asset.provenance
    assert kind == "video" and path.parent == asset_folder(settings, "zh-shop", job_id)
    assert path.name == "ZH-CUP-1-video.mp4" and path.read_bytes()[4:8] == b"ftyp"
    assert check["ok"] is True and check["frames_checked"] == 2 * 25
    assert check["captions"], "the template copy is verified, so its selling points are drawn"
    parameters = provenance["parameters"]
    assert (parameters["size"], parameters["width"], parameters["seconds"]) == ("square", 240, 2)
    assert provenance["steps"][-1] == "video:square" and provenance["job_id"] == job_id
