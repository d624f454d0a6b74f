"""The cut-out pipeline and the ``image cutout`` command: size, RGBA, product pixels untouched, batch errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import typer
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from shopforge.cli.image_cutout import cutout as cutout_command
from shopforge.creative.cutout import CutoutOptions, cutout, product_matte, select_product
from shopforge.creative.segment.base import SegmentationError
from shopforge.creative.segment.opencv import OpenCVSegmenter

NO_CROP = CutoutOptions(crop_pass=False)  # a fixed matte cannot be re-segmented on a crop


class FixedSegmenter:
    """Returns a given matte, whatever the photo (to test the pipeline without a model)."""

    def __init__(self, matte: np.ndarray, name: str = "fixed") -> None:
        self.name, self.matte = name, matte

    def mask(self, image: Image.Image) -> np.ndarray:
        return np.asarray(Image.fromarray(self.matte).resize(image.size, Image.Resampling.BILINEAR), np.float32)


def _photo(size: tuple[int, int] = (300, 200)) -> tuple[Image.Image, np.ndarray]:
    image = Image.new("RGB", size, (40, 120, 200))
    mask = Image.new("L", size, 0)
    box = (90, 50, 210, 170)
    ImageDraw.Draw(image).ellipse(box, fill=(230, 180, 20))
    ImageDraw.Draw(mask).ellipse(box, fill=255)
    noise = np.random.default_rng(0).integers(0, 12, (size[1], size[0], 3), dtype=np.uint8)
    return Image.fromarray(np.asarray(image) + noise), np.asarray(mask, np.float32) / 255


def test_cutout_is_rgba_same_size_and_product_pixels_are_the_source() -> None:
    photo, truth = _photo()
    result = cutout(photo, FixedSegmenter(truth), NO_CROP)
    assert result.mode == "RGBA" and result.size == photo.size
    rgba = np.asarray(result)
    opaque = rgba[..., 3] == 255
    assert opaque.sum() > 0.9 * (truth == 1).sum()
    assert np.array_equal(rgba[..., :3][opaque], np.asarray(photo)[opaque])
    assert (rgba[..., 3][truth == 0] < 128).mean() > 0.98


def test_cutout_with_the_opencv_backend_end_to_end() -> None:
    photo, truth = _photo()
    alpha = np.asarray(cutout(photo, OpenCVSegmenter()))[..., 3] >= 128
    assert (alpha & (truth > 0.5)).sum() / (alpha | (truth > 0.5)).sum() >= 0.85


def test_select_product_keeps_the_large_central_object_and_what_touches_it() -> None:
    matte = np.zeros((300, 480), np.float32)
    matte[90:240, 150:330] = 1.0  # the product
    matte[120:200, 333:345] = 1.0  # its handle, split off by a 2-px gap
    matte[15:60, 15:75] = 1.0  # a lamp in the corner
    matte[100:200, 420:480] = 1.0  # another object at the frame edge, not touching the product
    kept = select_product(matte)
    assert kept[150, 240] == 1.0 and kept[150, 340] == 1.0
    assert kept[30, 30] == 0.0 and kept[150, 450] == 0.0


def test_product_filling_the_whole_frame_stays_opaque() -> None:
    photo, _ = _photo()
    result = np.asarray(cutout(photo, FixedSegmenter(np.ones((200, 300), np.float32)), NO_CROP))
    assert (result[..., 3] == 255).all()
    assert np.array_equal(result[..., :3], np.asarray(photo))


def test_white_product_on_white_falls_back_to_the_background_difference() -> None:
    image = Image.new("RGB", (200, 200), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((60, 60, 140, 140), fill=(238, 238, 236), outline=(205, 205, 205), width=2)
    empty = FixedSegmenter(np.zeros((200, 200), np.float32))  # a saliency model that saw nothing
    alpha = product_matte(image, empty, CutoutOptions(refine=False))  # the crop pass finds nothing either
    assert alpha[100, 100] == 1.0 and alpha[10, 10] == 0.0


def test_a_flat_image_is_a_clear_error() -> None:
    with pytest.raises(SegmentationError, match="flat colour"):
        cutout(Image.new("RGB", (64, 64), (255, 255, 255)), OpenCVSegmenter())


def test_wrong_matte_shape_is_a_segmentation_error() -> None:
    class Broken:
        name = "broken"

        def mask(self, image: Image.Image) -> np.ndarray:
            return np.zeros((3, 3), np.float32)

    with pytest.raises(SegmentationError, match="shape"):
        cutout(_photo()[0], Broken())


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(cutout_command)
    return app


def test_cli_writes_pngs_and_reports_bad_images_without_stopping(tmp_path: Path) -> None:
    good = tmp_path / "mug.jpg"
    _photo()[0].save(good, quality=95)
    corrupt = tmp_path / "broken.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    tiny = tmp_path / "dot.png"
    Image.new("RGB", (1, 1)).save(tiny)
    out = tmp_path / "out"
    result = CliRunner().invoke(_cli(), [str(corrupt), str(good), str(tiny), "--out", str(out), "--backend", "opencv"])
    assert result.exit_code == 0, result.output
    written = Image.open(out / "mug.png")
    assert written.mode == "RGBA" and written.size == (300, 200)
    assert f"{corrupt}:" in result.stderr and f"{tiny}:" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["mug.png"]


def test_cli_exits_1_when_nothing_was_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"garbage")
    result = CliRunner().invoke(_cli(), [str(bad), "--out", str(tmp_path / "out"), "--backend", "opencv"])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr


def test_cli_unknown_backend_lists_the_names(tmp_path: Path) -> None:
    result = CliRunner().invoke(_cli(), [str(tmp_path / "x.jpg"), "--out", str(tmp_path), "--backend", "nope"])
    assert result.exit_code == 1 and "u2netp" in result.stderr
