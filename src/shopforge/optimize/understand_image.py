"""Image understanding: the main image measured with the creative factory's own measures.

Background uniformity and colour, product fill (from the product mask), resolution, sharpness (variance of the
Laplacian), exposure and colourfulness come from ``creative.measure``; text overlays, watermarks and forbidden
terms in them, and the platform spec's verdicts, from ``creative.image_check`` (which reads text with
``creative.ocr``). Nothing is re-implemented here: this module picks the mask and keeps the numbers.

The mask: on a flat background the product is what differs from it (exact, and no model is needed); on a busy one
the configured segmenter decides. An optional ``ImageDescriber`` (a vision-language model behind an
OpenAI-compatible endpoint) may add a description; by default nothing leaves the machine.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image

from shopforge.creative import measure
from shopforge.creative.image_check import check_image
from shopforge.creative.io import ImageInputError, file_format, load_image
from shopforge.creative.ocr import TextBox, TextReader, classify_text_boxes
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.knowledge.image_specs import image_spec_for

logger = logging.getLogger(__name__)

FLAT_TOLERANCE = 24  # a border within this distance of its median colour…
FLAT_STD = 12.0  # …and this flat counts as a plain backdrop (the rule ``image main`` uses)


class ImageDescriber(Protocol):
    """A vision-language back end that describes a product photo in one or two sentences."""

    def describe(self, image: Image.Image) -> str: ...


@dataclass
class ImageUnderstanding:
    path: str
    width: int = 0
    height: int = 0
    error: str | None = None  # the image could not be read: nothing else is measured
    mask_source: str = ""  # flat | <segmenter name> | estimate
    background_white_share: float = 0.0  # share of the border band on the platform's white (its tolerance)
    background_std: float = 0.0
    background_rgb: tuple[float, float, float] = (0.0, 0.0, 0.0)
    fill: float = 0.0  # the product's longer extent against the frame (Amazon's 85 % measure)
    area_share: float = 0.0
    product_size: tuple[int, int] | None = None  # the product box (width, height) in pixels
    sharpness: float = 0.0
    mean_luminance: float = 0.0
    clipped_highlights: float = 0.0
    clipped_shadows: float = 0.0
    colourfulness: float = 0.0
    texts: list[str] = field(default_factory=list)  # overlay text read in the image (OCR): captions, watermarks
    product_texts: list[str] = field(default_factory=list)  # text printed on the product itself (inside its mask)
    ignored_texts: list[str] = field(default_factory=list)  # OCR artefacts (see ``classify_texts``)
    spec_violations: list[dict[str, Any]] = field(default_factory=list)  # the platform spec's verdicts
    description: str | None = None

    @property
    def long_side(self) -> int:
        return max(self.width, self.height)

    def violation(self, rule_prefix: str) -> dict[str, Any] | None:
        return next((v for v in self.spec_violations if v["rule"].startswith(rule_prefix)), None)

    def features(self) -> list[float]:
        """A fixed-length feature vector (for learned scorers): the measures on comparable scales."""
        return [
            self.background_white_share,
            min(1.0, self.background_std / 64),
            self.fill,
            self.area_share,
            min(1.0, self.sharpness / 500),
            self.mean_luminance / 255,
            min(1.0, self.colourfulness / 100),
            float(bool(self.texts)),
        ]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["long_side"] = self.long_side
        return data


class ImageAnalyzer:
    """Measures images for one platform; results are cached by path and modification time (re-scoring a text
    change does not read the photo again)."""

    def __init__(
        self,
        platform: str,
        *,
        segmenter: Segmenter | None = None,
        reader: TextReader | None = None,
        describer: ImageDescriber | None = None,
    ) -> None:
        self.platform = platform
        self.spec = image_spec_for(platform)
        self.segmenter = segmenter
        self.reader = reader
        self.describer = describer
        self._cache: dict[tuple[str, int], ImageUnderstanding] = {}
        self._lock = threading.Lock()

    def without_ocr(self) -> ImageAnalyzer:
        """The same analyzer minus text reading (for competitors' images, whose text is never used)."""
        return ImageAnalyzer(self.platform, segmenter=self.segmenter, reader=_NoText())

    def understand(self, path: str) -> ImageUnderstanding:
        file = Path(path)
        key = (str(file), file.stat().st_mtime_ns if file.is_file() else 0)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        result = self._measure(file)
        with self._lock:
            self._cache[key] = result
        return result

    def _measure(self, file: Path) -> ImageUnderstanding:
        try:
            image = load_image(file)
        except ImageInputError as exc:
            return ImageUnderstanding(str(file), error=str(exc))
        mask, source = self.product_mask(image)
        pixels = measure.as_array(image)
        rule = self.spec.background
        back = measure.background(pixels, target=rule.rgb, tolerance=rule.tolerance, mask=mask)
        fill = measure.fill_ratio(mask)
        judged = mask if mask.any() else None
        light = measure.exposure(pixels, judged)
        report = check_image(
            image, self.platform, mask=mask, reader=self.reader, file_bytes=file.stat().st_size,
            file_format=file_format(file),
        )  # fmt: skip
        texts = classify_texts(report.texts + report.ignored_texts, mask)
        return ImageUnderstanding(
            path=str(file),
            width=image.width,
            height=image.height,
            mask_source=source,
            background_white_share=round(back.share_on_target, 4),
            background_std=round(back.std, 2),
            background_rgb=tuple(round(c, 1) for c in back.mean_rgb),  # type: ignore[arg-type]
            fill=round(fill.fill, 4),
            area_share=round(fill.area_share, 4),
            product_size=(fill.bbox[2] - fill.bbox[0], fill.bbox[3] - fill.bbox[1]) if fill.bbox else None,
            sharpness=round(measure.sharpness(pixels, judged), 1),
            mean_luminance=round(light.mean_luminance, 1),
            clipped_highlights=round(light.clipped_highlights, 4),
            clipped_shadows=round(light.clipped_shadows, 4),
            colourfulness=round(measure.colourfulness(pixels, judged), 1),
            texts=texts["texts"],
            product_texts=texts["product_texts"],
            ignored_texts=texts["ignored_texts"],
            spec_violations=[v.to_dict() for v in report.violations],
            description=self._describe(image),
        )

    def product_mask(self, image: Image.Image) -> tuple[np.ndarray, str]:
        """A boolean product mask and where it came from."""
        stats = measure.background(image, target=(255, 255, 255), tolerance=FLAT_TOLERANCE)
        band = measure.as_array(image)[measure.border_band(image.height, image.width)]
        if stats.std <= FLAT_STD or float(band.std(axis=0).mean()) <= FLAT_STD:
            return measure.estimate_foreground(image), "flat"
        if self.segmenter is not None:
            try:
                return measure.binary(np.asarray(self.segmenter.mask(image), dtype=np.float32)), self.segmenter.name
            except (SegmentationError, OSError) as exc:
                logger.warning(
                    "segmenter %s failed (%s); estimating the product from the border colour", self.segmenter.name, exc
                )
        return measure.estimate_foreground(image), "estimate"

    def _describe(self, image: Image.Image) -> str | None:
        if self.describer is None:
            return None
        try:
            return self.describer.describe(image)
        except Exception as exc:  # a description is an extra: its failure never fails the diagnosis
            logger.warning("image description failed: %s", exc)
            return None


def classify_texts(boxes: list[TextBox], mask: np.ndarray) -> dict[str, list[str]]:
    """OCR lines as overlays (captions, stickers, watermarks), print on the product, and artefacts."""
    classes = classify_text_boxes(boxes, measure.binary(mask))
    return {
        "texts": [box.text for box in classes.overlays],
        "product_texts": [box.text for box in classes.on_product],
        "ignored_texts": [box.text for box in classes.artefacts],
    }


class _NoText:
    def read(self, image: Image.Image) -> list[TextBox]:
        return []
