"""``main_image``: a platform main image from a product photo and its mask.

A pure white canvas of the spec's output size; the product, cut out by its mask, scaled so that it fills the
spec's target share of the frame (87% for Amazon, whose floor is 85%) and centred. The product's pixels are
never retouched: source and mask are resized by the same Lanczos resample over the same source box, and the
product is pasted through the resized mask, so wherever the resized mask is fully opaque the output equals the
resized source exactly.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from shopforge.creative import measure
from shopforge.creative.io import matte_image
from shopforge.knowledge.image_specs import ImageSpec, image_spec_for

logger = logging.getLogger(__name__)

RESAMPLE = Image.Resampling.LANCZOS
WHITE = (255, 255, 255)


class MainImageError(ValueError):
    """The product cannot be made into a compliant main image (empty mask, too small to upscale)."""


@dataclass(frozen=True)
class Placement:
    """Where the product goes: the source box, its size on the canvas, its offset and the scale."""

    canvas: tuple[int, int]
    box: tuple[int, int, int, int]  # product bounding box in the source (left, top, right, bottom)
    size: tuple[int, int]  # the box's size on the canvas
    offset: tuple[int, int]
    scale: float


def main_image(image: Image.Image, mask: np.ndarray, platform: str) -> Image.Image:
    """The platform's main image: the masked product centred on white at the spec's target fill."""
    spec = image_spec_for(platform)
    rgb = image.convert("RGB")
    matte = _matte(mask, rgb.size)
    placement = plan_placement(spec, matte, rgb.size)
    return compose(rgb, matte, placement)


def _matte(mask: np.ndarray, size: tuple[int, int]) -> Image.Image:
    try:
        return matte_image(mask, size)
    except ValueError as exc:
        raise MainImageError(str(exc)) from exc


def plan_placement(spec: ImageSpec, matte: Image.Image, source_size: tuple[int, int]) -> Placement:
    """Scale and position for the product; shrinks the canvas (never below the spec) rather than over-upscale."""
    bbox = measure.fill_ratio(np.asarray(matte)).bbox
    if bbox is None:
        raise MainImageError("the product mask is empty: no product to place")
    box_w, box_h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    canvas = spec.output.size
    scale = _scale_for(canvas, (box_w, box_h), spec.fill.target)
    limit = spec.output.max_upscale
    if scale > limit:
        canvas = _largest_canvas(spec, (box_w, box_h), limit)
        scale = _scale_for(canvas, (box_w, box_h), spec.fill.target)
        if scale > limit:
            # Still too small at the spec's smallest canvas: settle for the floor fill rather than refuse the photo.
            scale = _scale_for(canvas, (box_w, box_h), spec.fill.min)
        if scale > limit:
            raise MainImageError(
                f"the product is only {box_w}×{box_h} px: filling {spec.fill.target:.0%} of a "
                f"{canvas[0]}×{canvas[1]} {spec.platform} image needs ×{scale:.2f} upscaling (limit ×{limit:g}); "
                "use a larger photo"
            )
        logger.info("%s: canvas reduced to %s×%s to keep upscaling ≤ ×%g", spec.platform, *canvas, limit)
    # Rounded up so that the fill never lands a fraction of a pixel under the target (84.97 % against 85 %).
    size = (min(canvas[0], max(1, math.ceil(box_w * scale))), min(canvas[1], max(1, math.ceil(box_h * scale))))
    offset = ((canvas[0] - size[0]) // 2, (canvas[1] - size[1]) // 2)
    return Placement(canvas=canvas, box=bbox, size=size, offset=offset, scale=scale)


def _scale_for(canvas: tuple[int, int], box: tuple[int, int], target: float) -> float:
    # fill = max(w'/W, h'/H) (the product's longer extent against the frame), so scale = target / max(w/W, h/H)
    return target / max(box[0] / canvas[0], box[1] / canvas[1])


def _largest_canvas(spec: ImageSpec, box: tuple[int, int], limit: float) -> tuple[int, int]:
    """The largest canvas of the output's aspect needing at most ``limit`` upscaling, not below the spec's minimum."""
    aspect = spec.output.aspect
    # scale = target · min(W/w, H/h) ≤ limit with W = aspect·H  ⟺  H ≤ limit/target · max(w/aspect, h)
    height = limit / spec.fill.target * max(box[0] / aspect, box[1])
    long_side = math.floor(max(height, height * aspect))
    floor = math.ceil(max(spec.size.min_long_side, spec.size.min_short_side * max(aspect, 1 / aspect)))
    side = min(spec.output.side, max(long_side, floor))
    if aspect >= 1:
        return side, round(side / aspect)
    return round(side * aspect), side


def compose(rgb: Image.Image, matte: Image.Image, placement: Placement) -> Image.Image:
    """Paste the resized product through the identically resized matte onto a white canvas."""
    # ``box=`` resamples the product region with its true neighbourhood in the source as filter support, so the
    # product pixels are what resizing the whole photo would give, not an artefact of cropping first.
    product = rgb.resize(placement.size, RESAMPLE, box=placement.box)
    alpha = matte.resize(placement.size, RESAMPLE, box=placement.box)
    canvas = Image.new("RGB", placement.canvas, WHITE)
    canvas.paste(product, placement.offset, alpha)
    return canvas


def save_main_image(image: Image.Image, spec: ImageSpec, folder: Path, stem: str) -> Path:
    """Write ``image`` as ``folder/<stem>.jpg`` (or ``.png``, per the spec's output format)."""
    output = spec.output
    if output.format == "PNG":
        path = folder / f"{stem}.png"
        image.save(path, format="PNG", optimize=True)
        return path
    path = folder / f"{stem}.jpg"
    # 4:4:4 chroma keeps the product's colour edges crisp and stops 4:2:0 bleeding colour into the white margin.
    image.save(path, format="JPEG", quality=output.quality, subsampling=0, optimize=True)
    return path
