"""Loading images safely: every failure is an ``ImageInputError`` naming the file and the reason.

Handles what merchants' folders really hold: EXIF-rotated phone photos, CMYK JPEGs, 16-bit PNGs, palette and
alpha images, truncated files and decompression bombs.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 50_000_000  # ~7000×7000; larger inputs are refused before decoding (decompression-bomb guard)
MIN_SIDE = 16


class ImageInputError(ValueError):
    """An image that cannot be used, with the path and the reason in the message."""


def load_image(path: Path, *, keep_alpha: bool = False) -> Image.Image:
    """Open, validate and normalise an image to 8-bit RGB (or RGBA when ``keep_alpha`` and it has alpha)."""
    if not path.is_file():
        raise ImageInputError(f"{path}: no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise ImageInputError(f"{path}: {width}×{height} px exceeds the {MAX_PIXELS:,}-pixel limit")
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except ImageInputError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageInputError(f"{path}: not a usable image ({exc})") from exc
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt data
        raise ImageInputError(f"{path}: corrupt or truncated image ({exc})") from exc
    if min(image.size) < MIN_SIDE:
        raise ImageInputError(f"{path}: {image.width}×{image.height} px is too small (min side {MIN_SIDE} px)")
    return to_8bit(image, keep_alpha=keep_alpha)


def to_8bit(image: Image.Image, *, keep_alpha: bool = False) -> Image.Image:
    """8-bit RGB(A) from any mode: CMYK, 16-bit grey (I;16), 32-bit int/float, palette with transparency."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")  # 16-bit → 8-bit by scaling, not clipping
    elif image.mode == "F":
        image = image.convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if keep_alpha and has_alpha:
        return image.convert("RGBA")
    if has_alpha:
        # Flatten on white, the neutral e-commerce background, rather than on black.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def cutout_alpha(image: Image.Image, *, below: int = 255) -> Image.Image | None:
    """The alpha channel when ``image`` is already a cut-out (RGBA with some alpha under ``below``), else None."""
    if image.mode != "RGBA":
        return None
    alpha = image.getchannel("A")
    lowest = alpha.getextrema()[0]
    return alpha if isinstance(lowest, int) and lowest < below else None


def matte_image(mask: np.ndarray, size: tuple[int, int]) -> Image.Image:
    """A product mask (bool, uint8 or float in [0, 1]) as an 8-bit ``L`` image, checked against ``size``.

    Every pipeline that keeps product pixels resizes this image with the same resampling as the photo.
    """
    width, height = size
    if mask.ndim != 2 or mask.shape != (height, width):
        raise ValueError(f"mask is {mask.shape[-1]}×{mask.shape[0]} but the image is {width}×{height}")
    if mask.dtype == bool:
        values = mask.astype(np.uint8) * 255
    elif mask.dtype == np.uint8:
        values = mask
    else:
        values = np.clip(np.rint(mask.astype(np.float32) * 255), 0, 255).astype(np.uint8)
    return Image.fromarray(values, mode="L")


def file_format(path: Path) -> str | None:
    """The format the file's header declares (``JPEG``, ``PNG``…), whatever its extension; None if unreadable."""
    try:
        with Image.open(path) as opened:
            return opened.format
    except OSError:
        return None
