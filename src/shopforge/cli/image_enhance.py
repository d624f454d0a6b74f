"""``shopforge image enhance IMAGE... --out DIR [--scale 2] [--onnx MODEL]``: detail enhancement in a batch.

Denoise, white balance, exposure, upscale (Lanczos, or an ONNX super-resolution model taking and giving
float32 1×3×H×W RGB in [0, 1]) and edge-aware sharpening (``creative/enhance.py``). With ``--keep-product`` the
product is segmented and its pixels are only resized, never retouched. One JSON line per image; a bad image gets
its line with the reason and the batch goes on; exit 0 when at least one image was written, 1 otherwise.
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
from shopforge.creative.enhance import MAX_SCALE, check_scale, enhance
from shopforge.creative.io import ImageInputError, cutout_alpha, load_image
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.settings import Settings

logger = logging.getLogger(__name__)


def enhance_images(
    images: list[Path] = typer.Argument(..., help="Product photos"),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder: DIR/<stem>.png or .jpg"),
    scale: float = typer.Option(2.0, "--scale", help=f"Upscale factor, above 0 and at most {MAX_SCALE:g}"),
    onnx: Path | None = typer.Option(None, "--onnx", help="An ONNX super-resolution model (used when scale > 1)"),
    keep_product: bool = typer.Option(False, "--keep-product", help="Segment and leave the product's pixels as is"),
    backend: str = typer.Option("", "--backend", help="Segmenter for --keep-product (default: settings)"),
    denoise: bool = typer.Option(True, "--denoise/--no-denoise"),
    white_balance: bool = typer.Option(True, "--white-balance/--no-white-balance"),
    exposure: bool = typer.Option(True, "--exposure/--no-exposure"),
    sharpen: bool = typer.Option(True, "--sharpen/--no-sharpen"),
) -> None:
    """Enhance each photo; print {image, ok, output, size} or {image, ok: false, error} per image."""
    try:
        check_scale(scale)
    except ValueError as exc:
        fail(str(exc))
    if onnx is not None:
        _check_model(onnx)
    segmenter = _segmenter(backend) if keep_product else None
    out.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {
        "scale": scale, "denoise": denoise, "white_balance": white_balance, "exposure": exposure,
        "sharpen": sharpen, "sr_model": onnx,
    }  # fmt: skip
    written = sum(_enhance_one(path, out, segmenter, options) for path in images)
    raise typer.Exit(0 if written else 1)


def _enhance_one(path: Path, out: Path, segmenter: Segmenter | None, options: dict[str, Any]) -> bool:
    try:
        photo = load_image(path, keep_alpha=True)
        mask = _mask(photo, segmenter) if segmenter is not None or photo.mode == "RGBA" else None
        result = enhance(photo.convert("RGB"), mask=mask, **options)
        target = _save(result, out, path)
    except Exception as exc:  # one bad photo must not stop the batch; the reason is reported, not hidden
        if not isinstance(exc, (ImageInputError, SegmentationError, ValueError, OSError, MemoryError)):
            logger.exception("enhancement failed for %s", path)
        message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
        err_console.print(message, highlight=False, markup=False, soft_wrap=True)
        _emit({"image": str(path), "ok": False, "error": str(exc)})
        return False
    _emit({"image": str(path), "ok": True, "output": str(target), "size": list(result.size)})
    return True


def _mask(photo: Image.Image, segmenter: Segmenter | None) -> np.ndarray | None:
    """The photo's own alpha when it is a cut-out, else the segmenter's matte (None: enhance everything)."""
    alpha = cutout_alpha(photo)
    if alpha is not None:
        return np.asarray(alpha, np.float32) / 255.0
    if segmenter is None:
        return None
    return np.asarray(segmenter.mask(photo.convert("RGB")), np.float32)


def _save(image: Image.Image, out: Path, source: Path) -> Path:
    # lossless inputs stay lossless; photos stay JPEG, at 4:4:4 so enhanced edges keep their colour
    if source.suffix.lower() in (".png", ".tif", ".tiff", ".bmp", ".webp"):
        target = out / f"{source.stem}.png"
        image.save(target, format="PNG")
    else:
        target = out / f"{source.stem}.jpg"
        image.save(target, format="JPEG", quality=95, subsampling=0)
    return target


def _check_model(model: Path) -> None:
    """Refuse a missing or unloadable model once, up front, rather than failing every image with it."""
    if not model.is_file():
        fail(f"{model}: no such super-resolution model file")
    import onnxruntime as ort  # only needed on this path

    try:
        ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types for bad files
        fail(f"{model}: not a usable ONNX model ({exc})")


def _segmenter(backend: str) -> Segmenter:
    from shopforge.creative.segment.registry import get_segmenter

    settings = Settings()
    try:
        return get_segmenter(backend or settings.segmenter, settings)
    except (ValueError, SegmentationError) as exc:
        fail(str(exc))


def _emit(line: dict[str, Any]) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)
