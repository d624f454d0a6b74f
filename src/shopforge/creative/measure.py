"""Image measurements shared by ``image check``, the main-image pipeline and the later optimisation agent.

Every function takes an 8-bit RGB image (PIL or an ``(h, w, 3)`` uint8 array) and, where it matters, the product
mask (``(h, w)`` float in [0, 1] or bool, 1 = product). Measurements that would be dominated by the white
background (exposure, colourfulness, sharpness) are taken on the product when a mask is given.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

MASK_THRESHOLD = 0.5  # a matte value above this counts as product
BAND_SHARE = 0.02  # the border band is 2% of the shorter side (at least 2 px) wide
SHARPNESS_SIDE = 512  # the product is resampled to this longest side before measuring sharpness


@dataclass(frozen=True)
class BackgroundStats:
    mean_rgb: tuple[float, float, float]
    std: float  # mean per-channel standard deviation: 0 for a perfectly flat background
    share_on_target: float  # share of band pixels within the tolerance of the target colour
    max_deviation: int  # largest channel distance from the target in the band
    pixels: int  # band pixels measured (band minus product)


@dataclass(frozen=True)
class FillStats:
    bbox: tuple[int, int, int, int] | None  # left, top, right, bottom (exclusive); None: empty mask
    width_share: float
    height_share: float
    area_share: float

    @property
    def fill(self) -> float:
        """Amazon's "fills 85% of the frame": the product's longer extent against the frame, per axis."""
        return max(self.width_share, self.height_share)

    @property
    def touches_edge(self) -> bool:
        return self.bbox is not None and (self.width_share >= 0.999 or self.height_share >= 0.999)


@dataclass(frozen=True)
class Exposure:
    mean_luminance: float  # 0..255
    clipped_highlights: float  # share of pixels with luminance ≥ 250
    clipped_shadows: float  # share of pixels with luminance ≤ 5


def as_array(image: Image.Image | np.ndarray) -> np.ndarray:
    """An ``(h, w, 3)`` uint8 RGB array."""
    if isinstance(image, Image.Image):
        image = np.asarray(image.convert("RGB"))
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"expected an (h, w, 3) uint8 RGB image, got {image.shape} {image.dtype}")
    return image


def binary(mask: np.ndarray) -> np.ndarray:
    """A boolean product mask from a matte (float in [0, 1]), a 0..255 mask or a bool mask."""
    if mask.dtype == bool:
        return mask
    if mask.dtype == np.uint8:
        return mask > 127
    return mask > MASK_THRESHOLD


def border_band(height: int, width: int, share: float = BAND_SHARE) -> np.ndarray:
    """Boolean mask of the frame's outer band, where a product photo's background is judged."""
    band = max(2, round(min(height, width) * share))
    inner = np.zeros((height, width), dtype=bool)
    inner[band : height - band, band : width - band] = True
    return ~inner


def background(
    image: Image.Image | np.ndarray,
    *,
    target: tuple[int, int, int] = (255, 255, 255),
    tolerance: int = 0,
    mask: np.ndarray | None = None,
) -> BackgroundStats:
    """Colour and flatness of the border band, excluding product pixels (a product may touch the frame)."""
    pixels = as_array(image)
    region = border_band(*pixels.shape[:2])
    if mask is not None:
        region &= ~binary(mask)
    band = pixels[region].astype(np.int16)
    if band.size == 0:  # the product covers the whole band: there is no background to judge
        return BackgroundStats((0.0, 0.0, 0.0), 0.0, 0.0, 255, 0)
    deviation = np.abs(band - np.asarray(target, dtype=np.int16)).max(axis=1)
    mean = band.mean(axis=0)
    return BackgroundStats(
        mean_rgb=(float(mean[0]), float(mean[1]), float(mean[2])),
        std=float(band.std(axis=0).mean()),
        share_on_target=float((deviation <= tolerance).mean()),
        max_deviation=int(deviation.max()),
        pixels=int(band.shape[0]),
    )


def fill_ratio(mask: np.ndarray) -> FillStats:
    """How much of the frame the product's bounding box covers, per axis and by area."""
    product = binary(mask)
    height, width = product.shape
    rows = np.flatnonzero(product.any(axis=1))
    cols = np.flatnonzero(product.any(axis=0))
    if rows.size == 0:
        return FillStats(None, 0.0, 0.0, 0.0)
    bbox = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    return FillStats(
        bbox=bbox,
        width_share=(bbox[2] - bbox[0]) / width,
        height_share=(bbox[3] - bbox[1]) / height,
        area_share=float(product.mean()),
    )


def estimate_foreground(
    image: Image.Image | np.ndarray, *, background_rgb: tuple[int, int, int] | None = None, tolerance: int = 12
) -> np.ndarray:
    """A product mask for a photo on a flat background: pixels that differ from the background colour.

    Good enough to measure the fill of a white-background main image without a segmentation model; on a busy
    background it over-segments (everything differs), which is why ``check_image`` takes a real mask when one
    is available. The background colour defaults to the median of the border band.
    """
    pixels = as_array(image)
    if background_rgb is None:
        band = pixels[border_band(*pixels.shape[:2])]
        background_rgb = tuple(int(v) for v in np.median(band, axis=0))  # type: ignore[assignment]
    distance = np.abs(pixels.astype(np.int16) - np.asarray(background_rgb, dtype=np.int16)).max(axis=2)
    foreground = (distance > tolerance).astype(np.uint8)
    # An opening removes JPEG speckle and dust that would otherwise stretch the bounding box to the frame.
    kernel = np.ones((3, 3), np.uint8)
    return cv2.morphologyEx(foreground, cv2.MORPH_OPEN, kernel).astype(bool)


def _product_crop(pixels: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    if mask is None:
        return pixels
    bbox = fill_ratio(mask).bbox
    if bbox is None:
        return pixels
    left, top, right, bottom = bbox
    return pixels[top:bottom, left:right]


def sharpness(image: Image.Image | np.ndarray, mask: np.ndarray | None = None) -> float:
    """Variance of the Laplacian of the product region, resampled to a fixed size.

    The resample makes the figure comparable across resolutions and frame shares: without it a 4000 px photo
    of a sharp product scores lower than its 1000 px thumbnail, and white margins dilute the variance.
    """
    crop = _product_crop(as_array(image), mask)
    grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    scale = SHARPNESS_SIDE / max(grey.shape)
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    grey = cv2.resize(grey, size, interpolation=interpolation)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def _luminance(pixels: np.ndarray) -> np.ndarray:
    # Rec. 601 luma, the weighting cameras and JPEG use, on 0..255.
    return pixels[..., 0] * 0.299 + pixels[..., 1] * 0.587 + pixels[..., 2] * 0.114


def exposure(image: Image.Image | np.ndarray, mask: np.ndarray | None = None) -> Exposure:
    """Mean luminance and the shares of clipped highlights and shadows, on the product when masked.

    On a white-background photo the background alone is "clipped highlights"; judging the product is what
    tells an over-exposed product from a correctly exposed one on pure white.
    """
    pixels = as_array(image).astype(np.float32)
    selected = pixels[binary(mask)] if mask is not None and binary(mask).any() else pixels.reshape(-1, 3)
    luma = _luminance(selected)
    return Exposure(
        mean_luminance=float(luma.mean()),
        clipped_highlights=float((luma >= 250).mean()),
        clipped_shadows=float((luma <= 5).mean()),
    )


def colourfulness(image: Image.Image | np.ndarray, mask: np.ndarray | None = None) -> float:
    """Hasler & Süsstrunk (2003) colourfulness M = σ_rgyb + 0.3·μ_rgyb; ~0 grey, > 100 extremely colourful."""
    pixels = as_array(image).astype(np.float64)
    selected = pixels[binary(mask)] if mask is not None and binary(mask).any() else pixels.reshape(-1, 3)
    red, green, blue = selected[:, 0], selected[:, 1], selected[:, 2]
    rg = red - green
    yb = 0.5 * (red + green) - blue
    spread = np.sqrt(rg.std() ** 2 + yb.std() ** 2)
    offset = np.sqrt(rg.mean() ** 2 + yb.mean() ** 2)
    return float(spread + 0.3 * offset)
