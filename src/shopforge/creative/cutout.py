"""The cut-out pipeline: photo → RGBA whose alpha is the product matte and whose product pixels are the source's.

    segment (optionally flip-averaged) → pick the product → 2nd pass on a crop around it → matting → RGBA

Product selection fixes the segmenters' known failures: several salient objects ("which object is the
product": the largest, most central component wins; pieces touching it stay, e.g. a handle cut off by the frame
edge), and a white product on white, where saliency models can return nothing (fall back to the difference from
the flat background colour).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageOps

from shopforge.creative import matting
from shopforge.creative.segment.base import SegmentationError, Segmenter

EMPTY_FRACTION = 0.002  # a matte with less than 0.2 % product pixels is "found nothing"
MAX_CROP_SHARE = 0.6  # the crop pass runs only when the crop is at most this share of the frame


@dataclass(frozen=True)
class CutoutOptions:
    refine: bool = True  # guided-filter matting + colour decontamination
    select_product: bool = True  # keep the main connected component (and what touches it)
    flip_tta: bool = False  # average with the mirrored photo's matte: one more inference, no gain on the bench
    crop_pass: bool = True  # re-segment a crop around the product at the model's full resolution (+0.02 IoU)
    matting_params: matting.MattingParams = field(default_factory=matting.MattingParams)


def _segment(image: Image.Image, segmenter: Segmenter, flip: bool) -> np.ndarray:
    matte = np.asarray(segmenter.mask(image), dtype=np.float32)
    if matte.shape != (image.height, image.width):
        raise SegmentationError(f"segmenter {segmenter.name} returned shape {matte.shape}, expected "
                                f"{(image.height, image.width)}")
    if flip:
        mirrored = np.asarray(segmenter.mask(ImageOps.mirror(image)), dtype=np.float32)[:, ::-1]
        matte = 0.5 * (matte + mirrored)
    return np.clip(np.nan_to_num(matte), 0.0, 1.0)


def select_product(matte: np.ndarray, threshold: float = 0.5, link: float = 0.01) -> np.ndarray:
    """Zero every component except the product: the best by area × closeness to the centre, plus any within
    ``link`` × diagonal of it (parts split by a thin gap or the frame edge belong to the same object)."""
    binary = (matte >= threshold).astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if count <= 2:
        return matte
    height, width = matte.shape
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    offsets = (centroids[1:] - [width / 2, height / 2]) / [width, height]
    scores = areas * np.exp(-2.0 * (offsets**2).sum(1))  # centrality only breaks near-ties in area
    main = int(np.argmax(scores)) + 1
    gap = max(1.0, link * matting.image_scale(matte.shape))
    near_main = matting.grow(labels == main, gap)
    keep_labels = np.unique(labels[near_main & (labels > 0)])
    keep = np.isin(labels, keep_labels)
    # Soft values outside any kept component (the matte's tails) survive only next to the kept object.
    keep_zone = matting.grow(keep, gap)
    return np.where(keep_zone, matte, 0.0).astype(np.float32)


def background_difference(rgb: np.ndarray, tolerance: float = 6.0) -> np.ndarray:
    """Pixels that differ from the (flat) border colour: the white-product-on-white fallback."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    strip = max(1, min(rgb.shape[:2]) // 50)
    border = np.concatenate([lab[:strip].reshape(-1, 3), lab[-strip:].reshape(-1, 3),
                             lab[:, :strip].reshape(-1, 3), lab[:, -strip:].reshape(-1, 3)])
    distance = np.linalg.norm(lab - np.median(border, axis=0), axis=2)
    mask = (distance > tolerance).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    # Fill holes: a white product's own white areas match the background but lie inside its outline.
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
    return filled.astype(np.float32)


def _crop_box(matte: np.ndarray, margin: float = 0.15) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(matte >= 0.5)
    if len(xs) == 0:
        return None
    height, width = matte.shape
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    mx, my = round((x1 - x0) * margin), round((y1 - y0) * margin)
    box = max(0, x0 - mx), max(0, y0 - my), min(width, x1 + mx), min(height, y1 + my)
    # Only worth it when the crop is much smaller than the frame (the model then sees the object larger).
    if (box[2] - box[0]) * (box[3] - box[1]) > MAX_CROP_SHARE * width * height:
        return None
    return box


def _crop_pass(image: Image.Image, matte: np.ndarray, segmenter: Segmenter, flip: bool) -> np.ndarray:
    box = _crop_box(matte)
    if box is None:
        return matte
    x0, y0, x1, y1 = box
    detail = _segment(image.crop(box), segmenter, flip)
    if (detail >= 0.5).mean() < EMPTY_FRACTION:  # e.g. white on white: the fallback found it, the model did not
        return matte
    out = np.zeros_like(matte)
    # The crop shows the model the object at up to 3× the resolution, so inside it the second pass replaces the
    # first (bench: replacing beat averaging and the geometric mean); outside it the product was not found anyway.
    out[y0:y1, x0:x1] = detail
    return out


def product_matte(image: Image.Image, segmenter: Segmenter, options: CutoutOptions = CutoutOptions()) -> np.ndarray:
    """The final float32 alpha (HxW, [0,1]) for an RGB image."""
    rgb = np.asarray(image.convert("RGB"))
    if float(rgb[::4, ::4].std()) < 0.5:  # subsampled: a full-resolution std costs 0.5 s at 12 MP
        raise SegmentationError("the image is one flat colour: there is no product to cut out")
    matte = _segment(image, segmenter, options.flip_tta)
    if (matte >= 0.5).mean() < EMPTY_FRACTION:
        matte = np.maximum(matte, background_difference(rgb))
        if (matte >= 0.5).mean() < EMPTY_FRACTION:
            raise SegmentationError(f"segmenter {segmenter.name} found no product in the image")
    if options.select_product:
        matte = select_product(matte)
    if options.crop_pass:
        matte = _crop_pass(image, matte, segmenter, options.flip_tta)
        if options.select_product:
            matte = select_product(matte)
    if options.refine:
        matte = matting.refine(rgb, matte, options.matting_params)
    return matte


def compose_rgba(image: Image.Image, alpha: np.ndarray, decontaminate: bool = True) -> Image.Image:
    """RGBA with alpha = matte; RGB = source where alpha is 255, decontaminated colour on soft edges."""
    rgb = np.asarray(image.convert("RGB"))
    alpha8 = np.round(np.clip(alpha, 0, 1) * 255).astype(np.uint8)
    colours = matting.decontaminate(rgb, alpha8.astype(np.float32) / 255.0) if decontaminate else rgb
    return Image.fromarray(np.dstack([colours, alpha8]), mode="RGBA")


def cutout(image: Image.Image, segmenter: Segmenter, options: CutoutOptions = CutoutOptions()) -> Image.Image:
    """RGBA cut-out, same width and height as ``image``; alpha = the product matte."""
    rgb_image = image.convert("RGB")
    alpha = product_matte(rgb_image, segmenter, options)
    return compose_rgba(rgb_image, alpha, decontaminate=options.refine)
