"""The poster layout engine: propose candidate layouts, reject the invalid ones, score the rest.

A candidate is a template (text band above/below the product, or a text column left/right of it), a share of the
safe area for the text, and an alignment. Text blocks sit on the safe area's grid in a fixed hierarchy — title
large, selling points medium, price as an accent — and all shrink together (keeping the hierarchy) until they
fit. Hard failures: text overlapping the product box, text outside the safe area, contrast below WCAG 4.5:1
against the real background pixels behind the text. Soft score: product size, type size, alignment with the
product, visual balance and contrast margin.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from shopforge.creative.scene import fit_size
from shopforge.creative.typeset import TextBlock, measure

Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]

POSTER_SIZES: dict[str, tuple[int, int]] = {
    "taobao": (800, 800),
    "detail": (750, 1000),  # detail pages are 750 px wide; one poster is one 750×1000 section
    "xiaohongshu": (1080, 1440),
    "douyin": (1080, 1920),
    "amazon": (2000, 2000),
}
# Safe-area insets (left, top, right, bottom) as shares of the width/height: platform UI covers the edges —
# Douyin's like/share column on the right and caption at the bottom, Xiaohongshu's bottom bar.
SAFE_INSETS: dict[str, tuple[float, float, float, float]] = {
    "taobao": (0.06, 0.06, 0.06, 0.06),
    "detail": (0.06, 0.05, 0.06, 0.05),
    "xiaohongshu": (0.07, 0.07, 0.07, 0.1),
    "douyin": (0.07, 0.1, 0.16, 0.22),
    "amazon": (0.06, 0.06, 0.06, 0.06),
}
MIN_CONTRAST = 4.5
DARK_TEXT: RGB = (28, 28, 32)
LIGHT_TEXT: RGB = (255, 255, 255)
# type sizes as shares of the shorter canvas side; the floor keeps small posters legible
TYPE_SCALE = {"title": 0.072, "point": 0.04, "price": 0.062}
MIN_SCALE = 0.5
MIN_PX = {"title": 18, "point": 13, "price": 16}


_CHANNEL = np.arange(256, dtype=np.float64) / 255
_LINEAR = np.where(_CHANNEL <= 0.04045, _CHANNEL / 12.92, ((_CHANNEL + 0.055) / 1.055) ** 2.4)
_LUM_LUT = np.stack([_LINEAR * w for w in (0.2126, 0.7152, 0.0722)], axis=-1).astype(np.float32).reshape(256, 1, 3)
_ONES = np.ones((1, 3), np.float32)


@dataclass(frozen=True)
class TextSpec:
    role: str  # "title" | "point" | "price"
    text: str
    keep: frozenset[str] = frozenset()  # the product's own phrases, never broken inside (``typeset.measure``)


@dataclass
class Placement:
    role: str
    block: TextBlock
    box: Box
    align: str
    colour: RGB = DARK_TEXT
    contrast: float = 0.0


@dataclass
class Candidate:
    template: str
    product_box: Box
    text_area: Box
    align: str
    placements: list[Placement] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def valid(self) -> bool:
        return not self.failures


def safe_area(size_name: str) -> Box:
    width, height = POSTER_SIZES[size_name]
    left, top, right, bottom = SAFE_INSETS[size_name]
    return round(width * left), round(height * top), round(width * (1 - right)), round(height * (1 - bottom))


def templates(safe: Box) -> Iterator[tuple[str, Box, Box, str]]:
    """(name, text area, product area, alignment) variants on the safe area's grid."""
    x0, y0, x1, y1 = safe
    w, h = x1 - x0, y1 - y0
    gap_y, gap_x = round(h * 0.03), round(w * 0.03)
    for share in (0.36, 0.46):
        cut = y0 + round(h * share)
        for align in ("center", "left"):
            yield f"top-{share}-{align}", (x0, y0, x1, cut), (x0, cut + gap_y, x1, y1), align
            cut_b = y1 - round(h * share)
            yield f"bottom-{share}-{align}", (x0, cut_b, x1, y1), (x0, y0, x1, cut_b - gap_y), align
    for share in (0.42, 0.52):
        cut = x0 + round(w * share)
        yield f"left-{share}", (x0, y0, cut, y1), (cut + gap_x, y0, x1, y1), "left"
        cut_r = x1 - round(w * share)
        yield f"right-{share}", (cut_r, y0, x1, y1), (x0, y0, cut_r - gap_x, y1), "left"


def place_product(product_size: tuple[int, int], area: Box, fill: float = 0.94) -> Box:
    """The product fitted (aspect kept) into ``area``, centred; the box is the product's full extent."""
    x0, y0, x1, y1 = area
    w, h = fit_size(product_size, (max(1, int((x1 - x0) * fill)), max(1, int((y1 - y0) * fill))))
    left, top = x0 + (x1 - x0 - w) // 2, y0 + (y1 - y0 - h) // 2
    return left, top, left + w, top + h


def stack_texts(
    specs: list[TextSpec], area: Box, unit: int, font_path: str, align: str, anchor: str
) -> list[Placement]:
    """Blocks stacked top-down in ``area``, shrunk together until they fit; [] when they never do."""
    x0, y0, x1, y1 = area
    width, height = x1 - x0, y1 - y0
    scale = 1.0
    while scale >= MIN_SCALE - 1e-9:
        blocks = _measure_all(specs, unit, scale, font_path, width)
        if blocks is not None:
            gaps = _gaps(blocks, unit, scale)
            total = sum(b.height for b in blocks) + sum(gaps)
            if total <= height:
                top = {"top": y0, "bottom": y1 - total}.get(anchor, y0 + (height - total) // 2)
                return _positioned(specs, blocks, gaps, (x0, top, x1), align)
        scale *= 0.92
    return []


def _measure_all(specs: list[TextSpec], unit: int, scale: float, font_path: str, width: int) -> list[TextBlock] | None:
    blocks = []
    for spec in specs:
        size = max(MIN_PX[spec.role], round(unit * TYPE_SCALE[spec.role] * scale))
        block = measure(spec.text, font_path, size, width, spec.keep)
        if block is None or block.width > width:
            return None
        blocks.append(block)
    return blocks


def _gaps(blocks: list[TextBlock], unit: int, scale: float) -> list[int]:
    # more air after the title than between points: the gap carries the hierarchy
    return [round(unit * scale * (0.035 if i == 0 else 0.018)) for i in range(len(blocks) - 1)]


def _positioned(
    specs: list[TextSpec], blocks: list[TextBlock], gaps: list[int], frame: tuple[int, int, int], align: str
) -> list[Placement]:
    x0, y, x1 = frame
    placements = []
    for index, (spec, block) in enumerate(zip(specs, blocks, strict=True)):
        left = x0 + (x1 - x0 - block.width) // 2 if align == "center" else x0
        placements.append(Placement(spec.role, block, (left, y, left + block.width, y + block.height), align))
        y += block.height + (gaps[index] if index < len(gaps) else 0)
    return placements


def propose(
    size_name: str,
    product_size: tuple[int, int],
    specs: list[TextSpec],
    font_path: str,
    background: Image.Image,
    accent: RGB,
) -> list[Candidate]:
    """Every candidate, scored; valid ones first, best first."""
    width, height = POSTER_SIZES[size_name]
    safe, unit = safe_area(size_name), min(width, height)
    # Luminance once, and only inside the safe area: candidates share it (and many of their text boxes), and a
    # box reaching outside the safe area is rejected whatever its contrast.
    pixels = np.asarray(background if background.mode == "RGB" else background.convert("RGB"))
    ranges = LuminanceRanges(relative_luminance(pixels[safe[1] : safe[3], safe[0] : safe[2]]), safe[:2])
    candidates = []
    for name, text_area, product_area, align in templates(safe):
        candidate = Candidate(name, place_product(product_size, product_area), text_area, align)
        anchor = "bottom" if name.startswith("top") else "top" if name.startswith("bottom") else "middle"
        candidate.placements = stack_texts(specs, text_area, unit, font_path, align, anchor)
        if not candidate.placements:
            candidate.failures.append("text does not fit even at the minimum type sizes")
        else:
            check(candidate, safe, ranges, accent)
        candidate.score = score(candidate, (width, height)) if candidate.valid else 0.0
        candidates.append(candidate)
    return sorted(candidates, key=lambda c: (not c.valid, -c.score))


class LuminanceRanges:
    """(darkest, lightest) relative luminance behind a box, memoised: candidates often stack the same blocks at
    the same place, and the worst-contrast test needs only these two numbers per box."""

    def __init__(self, luminance: np.ndarray, origin: tuple[int, int] = (0, 0)) -> None:
        self.luminance, self.origin = luminance, origin  # ``luminance`` covers the canvas from ``origin`` on
        self._memo: dict[Box, tuple[float, float] | None] = {}

    def __call__(self, box: Box) -> tuple[float, float] | None:
        if box not in self._memo:
            x0, y0, x1, y1 = (box[0] - self.origin[0], box[1] - self.origin[1], box[2] - self.origin[0],
                              box[3] - self.origin[1])
            self._memo[box] = luminance_range(self.luminance[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)])
        return self._memo[box]


def check(candidate: Candidate, safe: Box, luminance: np.ndarray | LuminanceRanges, accent: RGB) -> None:
    """Record hard failures: overlap with the product, text outside the safe area, low contrast."""
    ranges = luminance if isinstance(luminance, LuminanceRanges) else LuminanceRanges(luminance)
    for placement in candidate.placements:
        if intersects(placement.box, candidate.product_box):
            candidate.failures.append(f"{placement.role} overlaps the product")
        if not inside(placement.box, safe):
            candidate.failures.append(f"{placement.role} is outside the safe area")
        choose_colour_in_range(placement, ranges(placement.box), accent)
        if placement.contrast < MIN_CONTRAST:
            candidate.failures.append(f"{placement.role} contrast {placement.contrast:.2f} < {MIN_CONTRAST}")


def choose_colour(placement: Placement, region: np.ndarray, accent: RGB) -> None:
    """The first legible colour: the accent for the price, then dark, then white; else the most legible one.

    ``region`` is the relative luminance of the canvas pixels behind the block, as they will be under the text.
    """
    choose_colour_in_range(placement, luminance_range(region), accent)


def choose_colour_in_range(placement: Placement, extremes: tuple[float, float] | None, accent: RGB) -> None:
    """``choose_colour`` given the darkest and lightest luminance behind the block (None: no pixels)."""
    options = ([accent] if placement.role == "price" else []) + [DARK_TEXT, LIGHT_TEXT]
    rated = [(colour, _worst(colour_luminance(colour), extremes)) for colour in options]
    legible = [pair for pair in rated if pair[1] >= MIN_CONTRAST]
    placement.colour, placement.contrast = legible[0] if legible else max(rated, key=lambda pair: pair[1])


def luminance_range(region: np.ndarray) -> tuple[float, float] | None:
    if region.size == 0:
        return None
    flat = region if region.ndim == 2 else region.reshape(region.shape[0], -1)
    # one pass for both extremes, on the strided slice itself (a contiguous copy of each box cost more than this)
    low, high, _, _ = cv2.minMaxLoc(flat.astype(np.float32, copy=False))
    return float(low), float(high)


@lru_cache(maxsize=1024)
def colour_luminance(colour: RGB) -> float:
    return float(relative_luminance(np.asarray(colour, np.uint8)[None, :])[0])


def relative_luminance(pixels: np.ndarray) -> np.ndarray:
    """WCAG 2.x relative luminance of sRGB pixels (…, 3) uint8 → float32 (…)."""
    # OpenCV lookup tables: numpy's power curve (or even fancy indexing) over a 2000 px canvas costs ~0.1 s
    image = pixels.reshape(-1, 1, 3) if pixels.ndim < 3 else pixels  # OpenCV takes strided rows: no copy
    image = image.astype(np.uint8, copy=False)
    weighted = cv2.LUT(image, _LUM_LUT)
    return np.asarray(cv2.transform(weighted, _ONES), np.float32).reshape(pixels.shape[:-1])


def contrast_ratio(lum_a: float, lum_b: float) -> float:
    high, low = max(lum_a, lum_b), min(lum_a, lum_b)
    return (high + 0.05) / (low + 0.05)


def worst_contrast(colour: RGB, region: np.ndarray) -> float:
    """Contrast against the least favourable background pixel behind the text (not the average)."""
    return _worst(colour_luminance(colour), luminance_range(region))


def _worst(text: float, extremes: tuple[float, float] | None) -> float:
    if extremes is None:
        return 0.0
    return min(contrast_ratio(text, extremes[0]), contrast_ratio(text, extremes[1]))


def score(candidate: Candidate, canvas: tuple[int, int]) -> float:
    """Soft quality in about [0, 4]: bigger product and type, aligned with the product, balanced, legible."""
    width, height = canvas
    product = _area(candidate.product_box) / (width * height)
    title = candidate.placements[0].block.size / (min(width, height) * TYPE_SCALE["title"])
    alignment = _alignment(candidate)
    text_boxes = [p.box for p in candidate.placements]
    balance = 1.0 - _imbalance([candidate.product_box, *text_boxes], canvas)
    legibility = min(p.contrast for p in candidate.placements) / 21
    return 2.0 * product + 1.0 * title + 0.4 * alignment + 0.6 * balance + 0.3 * legibility


def _alignment(candidate: Candidate) -> float:
    """1 when the text shares an axis with the product (centre line or a left edge), falling off with distance."""
    px0, _, px1, _ = candidate.product_box
    boxes = [p.box for p in candidate.placements]
    if candidate.align == "center":
        centre = (px0 + px1) / 2
        offset = max(abs((b[0] + b[2]) / 2 - centre) for b in boxes)
    else:
        offset = min(abs(min(b[0] for b in boxes) - edge) for edge in (px0, candidate.text_area[0]))
    return float(max(0.0, 1.0 - offset / max(1, px1 - px0)))


def _imbalance(boxes: list[Box], canvas: tuple[int, int]) -> float:
    """Distance of the area-weighted centroid of all elements from the canvas centre, 0..1."""
    weights = np.array([_area(b) for b in boxes], np.float64)
    centres = np.array([((b[0] + b[2]) / 2 / canvas[0], (b[1] + b[3]) / 2 / canvas[1]) for b in boxes])
    centroid = (centres * weights[:, None]).sum(axis=0) / max(1.0, weights.sum())
    return float(min(1.0, np.hypot(*(centroid - 0.5)) * 2))


def _area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]
