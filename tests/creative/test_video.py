"""Product videos: frame count and size read back from the file, product pixels unchanged, verified captions only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from tests.creative.creative_helpers import Stored, bottle_photo
from typer.testing import CliRunner

from shopforge.creative.ocr import OCRUnavailableError, RapidTextReader
from shopforge.creative.scene import RESAMPLE
from shopforge.creative.video import VideoEncodeError, camera, encode, frames, plan_video, verified_points
from shopforge.jobs.creative_outputs import squash

POINTS = ("【保温】12小时长效保温", "【便携】仅重280克")


def product() -> tuple[Image.Image, np.ndarray]:
    return bottle_photo(5, (200, 300), (50, 20, 150, 280), 30, (30, 90, 150), background=240, noise=60)


def decoded(path: Path) -> tuple[dict[str, Any], list[np.ndarray]]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta: dict[str, Any] = next(reader)
    width, height = meta["size"]
    return meta, [np.frombuffer(raw, np.uint8).reshape(height, width, 3) for raw in reader]


def test_product_pixels_equal_the_resized_cutout_in_every_frame_and_survive_a_lossless_encode(tmp_path: Path) -> None:
    image, mask = product()
    plan = plan_video((image, mask), POINTS, "square", seconds=2, fps=10, dimensions=(240, 240))
    rendered = list(frames(plan))
    assert len(rendered) == 20 and rendered[0].shape == (240, 240, 3)
    # the expectation is built independently: crop to the matte, resize once with the scene's filter
    left, top, right, bottom = plan.product_box
    alpha = Image.fromarray((mask * 255).astype(np.uint8), "L")
    crop = alpha.getbbox()
    assert crop is not None
    expected = np.asarray(image.crop(crop).resize((right - left, bottom - top), RESAMPLE))
    opaque = np.asarray(alpha.crop(crop).resize((right - left, bottom - top), RESAMPLE)) == 255
    assert opaque.sum() > 0.5 * opaque.size
    for frame in rendered:
        assert np.array_equal(frame[top:bottom, left:right][opaque], expected[opaque])
    # the camera moves: the background differs between the first and the last frame, the product does not
    assert camera(plan, 0) != camera(plan, 19)
    assert np.abs(rendered[0][:top].astype(int) - rendered[-1][:top].astype(int)).max() > 0
    path = tmp_path / "lossless.mp4"
    check = encode(plan, path, lossless=True)
    assert check == {"product_pixels_kept": True, "frames_checked": 20}
    meta, back = decoded(path)
    assert meta["size"] == (240, 240) and len(back) == 20
    assert all(np.array_equal(a, b) for a, b in zip(rendered, back, strict=True))


def test_h264_file_has_the_frames_and_ocr_reads_each_caption_back(tmp_path: Path) -> None:
    plan = plan_video(product(), POINTS, "douyin", seconds=2, fps=10, dimensions=(540, 960))
    path = tmp_path / "v.mp4"
    encode(plan, path)
    meta, back = decoded(path)
    assert meta["size"] == (540, 960) and meta["codec"] == "h264" and len(back) == 20
    reader = RapidTextReader()
    try:
        reader.read(Image.new("RGB", (64, 64), (255, 255, 255)))
    except OCRUnavailableError as exc:
        pytest.skip(str(exc))
    for caption in plan.captions:
        product_top, product_bottom = plan.product_box[1], plan.product_box[3]
        card_top, card_bottom = caption.box[1], caption.box[3]
        assert card_top >= product_bottom or card_bottom <= product_top  # cards never cover the product
        found = reader.read(Image.fromarray(back[caption.full_frame]).crop(caption.box))
        read = squash("".join(box.text for box in sorted(found, key=lambda b: b.box[0][1])))
        assert read == squash(caption.text)
    # cards are time slots after an intro: the first frame shows the product alone
    assert plan.captions[0].start > 0 and plan.captions[-1].end == plan.frame_count


def test_only_verified_points_are_captioned() -> None:
    bullets = Stored("1. 【保温】12小时长效保温\n- 【便携】仅重280克\n\n")
    assert verified_points(bullets) == (POINTS, None)
    assert verified_points(Stored(bullets.text, verification={"ok": False}))[0] == ()
    assert "rejected" in str(verified_points(Stored(bullets.text, status="rejected"))[1])
    assert verified_points(None) == ((), "no selling-point copy for this product")
    plan = plan_video(product(), (), "square", seconds=2, fps=10, dimensions=(240, 240))
    assert plan.captions == [] and plan.strings == [] and "no captions" in plan.notes[0]


def test_bad_parameters_and_ffmpeg_failure_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown video size"):
        plan_video(product(), POINTS, "tiktok")
    with pytest.raises(ValueError, match="between"):
        plan_video(product(), POINTS, "square", seconds=0.5)
    with pytest.raises(ValueError, match="even"):
        plan_video(product(), POINTS, "square", seconds=2, dimensions=(241, 240))
    plan = plan_video(product(), (), "square", seconds=2, fps=10, dimensions=(240, 240))
    (tmp_path / ".v.mp4.partial.mp4").mkdir()  # ffmpeg cannot open its output: a directory is in the way
    with pytest.raises(VideoEncodeError, match="ffmpeg failed"):
        encode(plan, tmp_path / "v.mp4")
    assert not (tmp_path / "v.mp4").exists()


def _seed(tmp_path: Path) -> None:
    from shopforge.catalog.records import ProductRecord
    from shopforge.settings import Settings
    from shopforge.store.accounts import create_account
    from shopforge.store.db import open_database
    from shopforge.store.models import Content
    from shopforge.store.products import get_product, upsert_product

    image, mask = product()
    cutout = image.convert("RGBA")
    cutout.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    cutout.save(tmp_path / "cup.png")
    database = open_database(Settings().resolved_database_url)
    with database.session() as session:
        accounts = {name: create_account(session, name, "douyin", "zh") for name in ("a", "b")}
        for name, sku, ok in [("a", "A-1", True), ("a", "A-2", False), ("b", "B-1", True)]:
            account = accounts[name]
            images = [str(tmp_path / "cup.png")] if sku != "B-1" else [str(tmp_path / "missing.png")]
            upsert_product(session, account, ProductRecord(sku, "保温杯", 1, images=images), [])
            item = get_product(session, account, sku)
            assert item is not None
            session.add(Content(account_id=account.id, product_id=item.id, kind="bullets", platform="douyin",
                                lang="zh", text="\n".join(POINTS), backend="template", verification={"ok": ok},
                                status="draft"))  # fmt: skip
    database.dispose()


def test_cli_writes_the_video_and_an_asset_per_account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shopforge.cli.main import app
    from shopforge.settings import Settings
    from shopforge.store.assets import list_assets
    from shopforge.store.db import open_database
    from shopforge.store.models import Account

    monkeypatch.setenv("SHOPFORGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SHOPFORGE_SEGMENTER", "opencv")  # weight-free; the photo is a cut-out anyway
    _seed(tmp_path)
    out = tmp_path / "out"

    def run(account: str, sku: str) -> Any:
        args = ["image", "video", "--account", account, "--sku", sku, "--out", str(out), "--size", "square",
                "--seconds", "2"]  # fmt: skip
        return CliRunner().invoke(app, args, catch_exceptions=False)

    made = run("a", "A-1")
    assert made.exit_code == 0, made.stderr
    path = out / "A-1-square.mp4"
    assert made.stdout.strip() == str(path)
    assert imageio_ffmpeg.count_frames_and_secs(str(path)) == (50, 2.0)
    bare = run("a", "A-2")  # unverified bullets: a video all the same, without captions, and it says so
    assert bare.exit_code == 0 and "no captions" in bare.stderr and (out / "A-2-square.mp4").is_file()
    assert run("b", "A-1").exit_code == 2  # another account's SKU is not found …
    assert "no product 'B-1'" in run("a", "B-1").stderr  # … in either direction
    no_photo = run("b", "B-1")
    assert no_photo.exit_code == 2 and "no local product photo" in no_photo.stderr
    database = open_database(Settings().resolved_database_url)
    with database.session() as session:
        accounts = {account.name: account for account in session.query(Account).all()}
        assets = list_assets(session, accounts["a"])
        names = [(a.kind, Path(a.path).name) for a in assets]
        assert names == [("video", "A-1-square.mp4"), ("video", "A-2-square.mp4")]
        first, second = assets
        assert first.check_result["ok"] is True and first.check_result["product_pixels_kept"] is True
        assert squash("".join(first.check_result["captions"])) == squash("".join(POINTS))
        assert first.provenance["parameters"]["frames"] == 50 and first.provenance["source_image"].endswith("cup.png")
        assert second.check_result["captions"] == [] and "verification" in second.provenance["captions_skipped"]
        assert list_assets(session, accounts["b"]) == []
    database.dispose()
