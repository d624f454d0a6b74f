"""``load_image`` on what merchants' folders really hold: each case a clear error or correct handling."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from shopforge.creative import io as image_io
from shopforge.creative.cutout import cutout
from shopforge.creative.io import ImageInputError, load_image
from shopforge.creative.segment.opencv import OpenCVSegmenter


def _save(image: Image.Image, path: Path, **kwargs: Any) -> Path:
    image.save(path, **kwargs)
    return path


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "noise.jpg"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    with pytest.raises(ImageInputError, match=rf"{path.name}: not a usable image"):
        load_image(path)


def test_truncated_file_is_a_clear_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(buffer, format="JPEG", quality=95)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ImageInputError, match="truncated"):
        load_image(path)


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(Image.new("RGB", (100, 100)), tmp_path / "bomb.png")
    monkeypatch.setattr(image_io, "MAX_PIXELS", 5_000)
    with pytest.raises(ImageInputError, match="exceeds"):
        load_image(path)


def test_pillow_bomb_guard_is_also_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(Image.new("RGB", (100, 100)), tmp_path / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)  # 10,000 px is then > 2× the limit: an error in Pillow
    with pytest.raises(ImageInputError, match="not a usable image"):
        load_image(path)


def test_cmyk_becomes_rgb(tmp_path: Path) -> None:
    path = _save(Image.new("CMYK", (40, 30), (0, 255, 255, 0)), tmp_path / "cmyk.jpg", quality=95)
    image = load_image(path)
    assert image.mode == "RGB" and image.size == (40, 30)
    red, green, blue = np.asarray(image).reshape(-1, 3).mean(0)
    assert red > 200 and green < 60 and blue < 60


def test_16_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    array = np.full((20, 30), 32768, dtype=np.uint16)
    path = _save(Image.fromarray(array), tmp_path / "deep.png")
    assert Image.open(path).mode.startswith("I")
    image = load_image(path)
    assert image.mode == "RGB" and abs(int(np.asarray(image)[0, 0, 0]) - 128) <= 1


def test_palette_with_transparency_flattens_on_white_or_keeps_alpha(tmp_path: Path) -> None:
    palette = Image.new("P", (32, 32), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    ImageDraw.Draw(palette).rectangle((8, 8, 23, 23), fill=1)
    path = _save(palette, tmp_path / "pal.png", transparency=0)
    flat = np.asarray(load_image(path))
    assert tuple(flat[0, 0]) == (255, 255, 255) and tuple(flat[16, 16]) == (255, 0, 0)
    kept = load_image(path, keep_alpha=True)
    alpha = np.asarray(kept)[..., 3]
    assert kept.mode == "RGBA" and alpha[0, 0] == 0 and alpha[16, 16] == 255


def test_rgba_keeps_alpha_only_when_asked(tmp_path: Path) -> None:
    rgba = Image.new("RGBA", (20, 20), (0, 0, 255, 0))
    path = _save(rgba, tmp_path / "a.png")
    assert load_image(path).getpixel((0, 0)) == (255, 255, 255)
    assert load_image(path, keep_alpha=True).mode == "RGBA"


def test_exif_rotation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = _save(Image.new("RGB", (60, 20), (10, 200, 10)), tmp_path / "phone.jpg", exif=exif)
    assert load_image(path).size == (20, 60)


def test_one_pixel_image_is_a_clear_error(tmp_path: Path) -> None:
    path = _save(Image.new("RGB", (1, 1)), tmp_path / "dot.png")
    with pytest.raises(ImageInputError, match="too small"):
        load_image(path)


def test_very_wide_image_loads_and_cuts_out_at_full_size(tmp_path: Path) -> None:
    strip = Image.new("RGB", (20_000, 20), (230, 230, 230))
    ImageDraw.Draw(strip).rectangle((9000, 4, 11000, 15), fill=(20, 60, 200))
    image = load_image(_save(strip, tmp_path / "wide.png"))
    assert image.size == (20_000, 20)
    result = cutout(image, OpenCVSegmenter())
    assert result.size == (20_000, 20) and result.mode == "RGBA"


def test_product_filling_the_frame_and_white_on_white_load_unchanged(tmp_path: Path) -> None:
    full = Image.effect_noise((64, 64), 40).convert("RGB")
    assert np.array_equal(np.asarray(load_image(_save(full, tmp_path / "full.png"))), np.asarray(full))
    white = Image.new("RGB", (64, 64), (255, 255, 255))
    ImageDraw.Draw(white).ellipse((16, 16, 48, 48), fill=(246, 246, 244))
    assert np.array_equal(np.asarray(load_image(_save(white, tmp_path / "white.png"))), np.asarray(white))
