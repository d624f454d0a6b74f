"""Scenes: every style keeps the product's pixels; backgrounds follow the product's colours; bad input is clear."""

from __future__ import annotations

import colorsys
from pathlib import Path

import numpy as np
import pytest
import typer
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from shopforge.cli.image_poster import scene_images
from shopforge.creative.backgrounds import BackgroundError, dominant_colours, make_background
from shopforge.creative.scene import RESAMPLE, compose_scene, prepare_product, scene


def synthetic_product(size: tuple[int, int] = (320, 400)) -> tuple[Image.Image, np.ndarray]:
    """A textured bottle-like product on grey, with its exact mask (noise makes pixel identity meaningful)."""
    width, height = size
    rng = np.random.default_rng(7)
    pixels = np.full((height, width, 3), 128, np.uint8)
    mask_image = Image.new("L", size, 0)
    ImageDraw.Draw(mask_image).rounded_rectangle(
        (width // 4, height // 8, width * 3 // 4, height - 10), radius=width // 8, fill=255
    )
    mask = np.asarray(mask_image) > 0
    texture = rng.integers(0, 60, (height, width, 3), dtype=np.uint8)
    pixels[mask] = (np.array([30, 90, 170], np.uint8) + texture)[mask]
    return Image.fromarray(pixels, "RGB"), mask.astype(np.float32)


def expected_product(image: Image.Image, mask: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """The source cropped to the mask and resized exactly as the pipeline says it does."""
    alpha = Image.fromarray((mask * 255).astype(np.uint8), "L")
    box = alpha.getbbox()
    assert box is not None
    rgb = image.crop(box).resize(size, RESAMPLE) if image.crop(box).size != size else image.crop(box)
    matte = alpha.crop(box).resize(size, RESAMPLE) if alpha.crop(box).size != size else alpha.crop(box)
    return np.asarray(rgb), np.asarray(matte)


def assert_product_identical(
    output: Image.Image, box: tuple[int, int, int, int], image: Image.Image, mask: np.ndarray
) -> None:
    left, top, right, bottom = box
    rgb, matte = expected_product(image, mask, (right - left, bottom - top))
    inside = matte == 255
    assert inside.sum() > 0.3 * inside.size
    region = np.asarray(output.convert("RGB"))[top:bottom, left:right]
    assert np.array_equal(region[inside], rgb[inside])


@pytest.mark.parametrize("style", ["studio", "gradient", "texture", "noise", "palette"])
@pytest.mark.parametrize("reflect", [False, True])
def test_product_pixels_inside_the_mask_are_the_resized_source(style: str, reflect: bool) -> None:
    image, mask = synthetic_product()
    result = compose_scene((image, mask), style, (600, 500), reflect=reflect)
    assert result.image.size == (600, 500)
    assert_product_identical(result.image, result.product_box, image, mask)


def test_rgba_cutout_input_and_user_folder_background(tmp_path: Path) -> None:
    image, mask = synthetic_product()
    cutout = image.convert("RGBA")
    cutout.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    folder = tmp_path / "backgrounds"
    folder.mkdir()
    Image.new("RGB", (900, 700), (200, 180, 150)).save(folder / "wood.jpg")
    (folder / "broken.png").write_bytes(b"not an image")
    result = compose_scene(cutout, f"folder:{folder}", (500, 500))
    assert_product_identical(result.image, result.product_box, image, mask)
    corner = np.asarray(result.image)[5, 5]
    assert np.abs(corner.astype(int) - [200, 180, 150]).max() <= 3


def test_contact_shadow_darkens_the_floor_under_the_base() -> None:
    image, mask = synthetic_product()
    result = compose_scene((image, mask), "gradient", (600, 600))
    left, _, right, bottom = result.product_box
    plain = np.asarray(make_background("gradient", (600, 600), dominant_colours(image, mask)), np.float32)
    shaded = np.asarray(result.image, np.float32)
    centre = (left + right) // 2
    under = plain[bottom + 2, centre].mean() - shaded[bottom + 2, centre].mean()
    far = plain[bottom + 2, 5].mean() - shaded[bottom + 2, 5].mean()
    assert under > 15 and abs(far) < 1  # dark at the contact line, untouched away from the product


def test_palette_background_takes_the_product_hue_not_the_other_way_round() -> None:
    image, mask = synthetic_product()
    colours = dominant_colours(image, mask)
    background = make_background("palette", (200, 200), colours)
    r, g, b = (c / 255 for c in np.asarray(background)[10, 100])
    hue, lightness, _ = colorsys.rgb_to_hls(r, g, b)
    product_hue = colorsys.rgb_to_hls(*(c / 255 for c in colours[0]))[0]
    assert lightness > 0.8  # a light tint behind a blue product
    assert abs(hue - product_hue) < 0.05


def test_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    image, mask = synthetic_product()
    with pytest.raises(ValueError, match="no product pixels"):
        prepare_product((image, np.zeros_like(mask)))
    with pytest.raises(BackgroundError, match="unknown style"):
        scene((image, mask), "marble")
    with pytest.raises(BackgroundError, match="no images"):
        scene((image, mask), f"folder:{tmp_path}")


def test_a_product_filling_the_whole_frame_still_composes() -> None:
    image, _ = synthetic_product()
    full = np.ones((image.height, image.width), np.float32)
    result = compose_scene((image, full), "studio", (400, 400))
    assert_product_identical(result.image, result.product_box, image, full)


def test_cli_writes_one_jpg_per_image_and_reports_bad_ones(tmp_path: Path) -> None:
    image, mask = synthetic_product()
    cutout = image.convert("RGBA")
    cutout.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    good, bad = tmp_path / "bottle.png", tmp_path / "truncated.png"
    cutout.save(good)
    bad.write_bytes(good.read_bytes()[:200])
    app = typer.Typer()
    app.command()(scene_images)
    result = CliRunner().invoke(app, [str(bad), str(good), "--style", "gradient", "--out", str(tmp_path / "out")])
    assert (tmp_path / "out" / "bottle.png").is_file()
    assert not (tmp_path / "out" / "truncated.png").exists()
    assert f"{bad}:" in result.output
    assert result.exit_code == 1
