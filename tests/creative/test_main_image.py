"""The main-image pipeline: product pixels kept, spec met, refusal to over-upscale, and the CLI batch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from PIL import Image
from tests.creative.test_measure import render_bottle
from typer.testing import CliRunner

from shopforge.cli import image_main
from shopforge.cli.image_main import main_images
from shopforge.creative import measure
from shopforge.creative.image_check import check_image
from shopforge.creative.main_image import RESAMPLE, MainImageError, main_image, plan_placement
from shopforge.creative.ocr import TextBox
from shopforge.knowledge.image_specs import image_spec_for


class NoText:
    def read(self, image: Image.Image) -> list[TextBox]:
        return []


def _soft(mask: np.ndarray) -> np.ndarray:
    """A matte with a soft 1-px edge, as a real cut-out has."""
    from PIL import ImageFilter

    return np.asarray(Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.BoxBlur(1)), np.float32) / 255


def test_product_pixels_inside_the_mask_equal_the_resized_source() -> None:
    photo, mask = render_bottle((1600, 1600), fill=0.8, background=(120, 160, 90))
    matte = _soft(mask)
    result = main_image(photo, matte, "amazon")
    spec = image_spec_for("amazon")
    alpha_source = Image.fromarray(np.rint(matte * 255).astype(np.uint8), "L")
    placement = plan_placement(spec, alpha_source, photo.size)
    expected = np.asarray(photo.resize(placement.size, RESAMPLE, box=placement.box))
    alpha = np.asarray(alpha_source.resize(placement.size, RESAMPLE, box=placement.box))
    left, top = placement.offset
    window = np.asarray(result)[top : top + placement.size[1], left : left + placement.size[0]]
    inside = alpha == 255
    assert inside.sum() > 0.2 * inside.size
    assert np.array_equal(window[inside], expected[inside])
    # and the old green background is gone: outside the matte the canvas is pure white
    outside = np.ones(np.asarray(result).shape[:2], bool)
    outside[top : top + placement.size[1], left : left + placement.size[0]] = alpha == 0
    assert (np.asarray(result)[outside] == 255).all()


def test_amazon_output_is_2000_square_at_87_percent_and_passes_the_check(tmp_path: Path) -> None:
    photo, mask = render_bottle((1600, 1600), fill=0.9, background=(200, 200, 200))
    result = main_image(photo, mask, "amazon")
    assert result.size == (2000, 2000)
    fill = measure.fill_ratio(measure.estimate_foreground(result)).fill
    assert fill == pytest.approx(0.87, abs=0.005)
    assert check_image(result, "amazon", reader=NoText()).violations == []
    path = tmp_path / "main.jpg"
    result.save(path, quality=95, subsampling=0)  # the JPEG the CLI writes must pass too
    reloaded = Image.open(path).convert("RGB")
    assert check_image(reloaded, "amazon", reader=NoText()).violations == []


@pytest.mark.parametrize("platform", ["taobao", "tmall", "jd", "douyin", "xiaohongshu", "shopify"])
def test_every_platform_output_passes_its_own_check(platform: str) -> None:
    photo, mask = render_bottle((1200, 1200), fill=0.8)
    result = main_image(photo, mask, platform)
    spec = image_spec_for(platform)
    assert min(result.size) >= spec.size.min_short_side and max(result.size) >= spec.size.min_long_side
    assert check_image(result, platform, mask=None, reader=NoText()).violations == []


def test_refuses_to_upscale_a_tiny_product_and_shrinks_the_canvas_when_it_can() -> None:
    tiny, tiny_mask = render_bottle((300, 300), fill=0.3)
    with pytest.raises(MainImageError, match="upscal"):
        main_image(tiny, tiny_mask, "amazon")
    medium, medium_mask = render_bottle((500, 500), fill=0.8)  # 400 px tall: ×4.35 to fill a 2000 px frame
    result = main_image(medium, medium_mask, "amazon")
    assert 1000 <= result.size[0] < 2000 and result.size[0] == result.size[1]
    height = measure.fill_ratio(measure.estimate_foreground(result)).fill * result.size[1]
    assert height / 400 <= image_spec_for("amazon").output.max_upscale + 1e-6
    assert check_image(result, "amazon", reader=NoText()).violations == []


def test_product_touching_the_frame_and_white_on_white() -> None:
    full, full_mask = render_bottle((1400, 1400), fill=1.0)
    assert check_image(main_image(full, full_mask, "amazon"), "amazon", reader=NoText()).violations == []
    photo, mask = render_bottle((1400, 1400), fill=0.8)
    pale = np.asarray(photo).copy()
    pale[mask] = 250  # a white product on white: only the mask knows where it is
    result = main_image(Image.fromarray(pale), mask, "amazon")
    assert result.size == (2000, 2000)
    placed = measure.fill_ratio(np.asarray(result).min(axis=2) < 255)
    assert placed.fill == pytest.approx(0.87, abs=0.01)


def test_bad_masks_are_clear_errors() -> None:
    photo, mask = render_bottle((1000, 1000))
    with pytest.raises(MainImageError, match="empty"):
        main_image(photo, np.zeros_like(mask), "amazon")
    with pytest.raises(MainImageError, match="mask is"):
        main_image(photo, mask[:10], "amazon")


def test_cli_writes_one_file_per_photo_and_goes_on_after_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(image_main, "segmenter_mask", lambda rgb: None)  # as on a machine without model files
    photo, mask = render_bottle((1200, 1200), fill=0.8)
    photo.save(tmp_path / "flat.png")  # flat white background: no segmentation model needed
    cutout = photo.convert("RGBA")
    cutout.putalpha(Image.fromarray(mask.astype(np.uint8) * 255))
    cutout.save(tmp_path / "cutout.png")  # a cut-out: its alpha is the mask
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff garbage")
    app = typer.Typer()
    app.command()(main_images)
    out = tmp_path / "out"
    names = ["flat.png", "broken.jpg", "cutout.png"]
    result = CliRunner().invoke(app, [*(str(tmp_path / n) for n in names), "--platform", "amazon", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["ok"] for line in lines] == [True, False, True]
    assert sorted(p.name for p in out.iterdir()) == ["cutout.jpg", "flat.jpg"]
    for name in ("cutout.jpg", "flat.jpg"):
        written = Image.open(out / name)
        assert written.format == "JPEG" and written.size[0] == written.size[1] >= 1000
        assert check_image(written.convert("RGB"), "amazon", reader=NoText()).ok


def test_cli_mask_prefers_alpha_then_the_segmenter_then_a_flat_background(monkeypatch: pytest.MonkeyPatch) -> None:
    photo, mask = render_bottle((400, 400), fill=0.8)
    cutout = photo.convert("RGBA")
    cutout.putalpha(Image.fromarray(mask.astype(np.uint8) * 255))
    assert np.array_equal(image_main.product_mask(cutout) > 0.5, mask)
    segmented = np.zeros(mask.shape, np.float32)
    segmented[100:300, 150:250] = 1.0
    monkeypatch.setattr(image_main, "segmenter_mask", lambda rgb: segmented)
    assert image_main.product_mask(photo) is segmented
    monkeypatch.setattr(image_main, "segmenter_mask", lambda rgb: None)
    assert np.array_equal(image_main.product_mask(photo) > 0.5, measure.estimate_foreground(photo))
    busy = Image.fromarray(np.random.default_rng(1).integers(0, 255, (400, 400, 3), dtype=np.uint8))
    with pytest.raises(image_main.ProductMaskError, match="cut-out"):
        image_main.product_mask(busy)
