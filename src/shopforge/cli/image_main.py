"""``shopforge image main`` and ``shopforge image check``: platform main images and image compliance checks.

Both go on through a batch: an image that cannot be read or processed gets its own JSON line with the reason,
and the next image is handled.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import typer
from PIL import Image

from shopforge.cli.context import err_console, fail
from shopforge.creative import measure
from shopforge.creative.image_check import check_image
from shopforge.creative.io import ImageInputError, cutout_alpha, load_image
from shopforge.creative.io import file_format as read_file_format
from shopforge.creative.main_image import MainImageError, main_image, save_main_image
from shopforge.creative.segment.base import SegmentationError
from shopforge.knowledge.image_specs import image_spec_for
from shopforge.knowledge.rulepacks import UnknownPlatformError

logger = logging.getLogger(__name__)


def check_images(
    images: list[Path] = typer.Argument(..., help="Images to check"),
    platform: str = typer.Option(..., "--platform"),
) -> None:
    """Print one JSON line per image: {image, ok, violations: [{rule, message, value}], warnings: [...]}."""
    _spec_or_fail(platform)
    for path in images:
        _emit({"image": str(path), **_check_one(path, platform)})


def main_images(
    images: list[Path] = typer.Argument(..., help="Product photos"),
    platform: str = typer.Option(..., "--platform"),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder (DIR/<stem>.jpg)"),
) -> None:
    """Write DIR/<stem>.jpg (or .png) per photo and print one JSON line each: {image, ok, output | error}."""
    spec = _spec_or_fail(platform)
    out.mkdir(parents=True, exist_ok=True)
    for path in images:
        try:
            photo = load_image(path, keep_alpha=True)
            mask = product_mask(photo)
            result = main_image(photo.convert("RGB"), mask, platform)
            written = save_main_image(result, spec, out, path.stem)
            _emit({"image": str(path), "ok": True, "output": str(written), "size": list(result.size)})
        except (ImageInputError, MainImageError, ProductMaskError) as exc:
            message = str(exc) if isinstance(exc, ImageInputError) else f"{path}: {exc}"  # the former names the file
            err_console.print(message, highlight=False, markup=False)
            _emit({"image": str(path), "ok": False, "error": str(exc)})
        except Exception as exc:  # one bad photo must not stop the batch; the reason is reported, not hidden
            logger.exception("main image failed for %s", path)
            _emit({"image": str(path), "ok": False, "error": f"internal error: {exc}"})


def _spec_or_fail(platform: str) -> Any:
    try:
        return image_spec_for(platform)
    except UnknownPlatformError as exc:
        fail(str(exc))


def _emit(line: dict[str, Any]) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


def _check_one(path: Path, platform: str) -> dict[str, Any]:
    try:
        image = load_image(path)
        file_format = read_file_format(path)
        report = check_image(image, platform, file_bytes=path.stat().st_size, file_format=file_format)
    except ImageInputError as exc:
        return _failed("input", str(exc))
    except Exception as exc:  # reported per image so the batch goes on
        logger.exception("image check failed for %s", path)
        return _failed("internal", f"the check failed: {exc}")
    return report.to_dict()


def _failed(rule: str, message: str) -> dict[str, Any]:
    return {"ok": False, "violations": [{"rule": rule, "message": message, "value": None, "severity": "error"}]}


class ProductMaskError(RuntimeError):
    """No product mask could be made for a photo."""


def product_mask(photo: Image.Image) -> np.ndarray:
    """The product matte for a photo: its alpha channel, else the configured segmenter, else a flat-background cut."""
    alpha = cutout_alpha(photo)
    if alpha is not None:  # a real cut-out: its alpha is the mask
        return np.asarray(alpha, np.float32) / 255.0
    rgb = photo.convert("RGB")
    matte = segmenter_mask(rgb)
    return matte if matte is not None else _flat_background_mask(rgb)


def segmenter_mask(rgb: Image.Image) -> np.ndarray | None:
    """The configured segmenter's matte, or None when no segmenter can run here (its model file is missing).

    The registry is imported lazily: it loads ONNX models, and ``image check`` never needs it.
    """
    from shopforge.creative.segment.registry import get_segmenter
    from shopforge.settings import Settings

    settings = Settings()
    try:
        segmenter = get_segmenter(settings.segmenter, settings)
        return np.asarray(segmenter.mask(rgb), dtype=np.float32)
    except (SegmentationError, OSError) as exc:  # a missing model: say so, then use what needs no model
        logger.warning("segmenter %r unavailable (%s); using the flat-background cut", settings.segmenter, exc)
        return None


def _flat_background_mask(rgb: Image.Image) -> np.ndarray:
    stats = measure.background(rgb, target=(255, 255, 255), tolerance=24)
    if stats.std > 12:  # a busy background: differencing against it would select the whole frame
        raise ProductMaskError("no segmentation model available and the background is not flat; make a cut-out first")
    return measure.estimate_foreground(rgb).astype(np.float32)
