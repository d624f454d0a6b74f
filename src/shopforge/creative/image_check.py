"""``check_image``: an existing image against a platform's image spec.

Reports size, aspect, background, product fill, text or watermarks (OCR), forbidden terms in that text (the
text verifier, so 「全网第一」 in pixels is the same ad-law violation as in a title), blur and exposure. Each
violation names the spec rule, a message and the measured value. ``ok`` is false when any error-level rule
fails; warnings are reported but do not fail the image.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from PIL import Image

from shopforge.copywriting.verify import ProductFacts, Verifier, Violation
from shopforge.creative import measure
from shopforge.creative.ocr import OCRUnavailableError, TextBox, TextClasses, TextReader, classify_text_boxes, read_text
from shopforge.knowledge.image_specs import ImageSpec, image_spec_for

# Verifier check types that judge *what the words say*. Length, language, repetition and grounding do not apply
# to a few words read off a photo (there are no product facts to ground against), so they are left out.
TERM_CHECK_TYPES = frozenset({"forbidden_terms", "absolute_terms", "promo_phrases", "contact_info"})
IMAGE_TEXT_KIND = "description"  # text in an image is advertising copy shown with the listing
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class ImageViolation:
    rule: str
    message: str
    value: Any  # the measured value (JSON-serialisable)
    severity: Literal["error", "warning"] = "error"

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "value": self.value, "severity": self.severity}


@dataclass
class ImageReport:
    violations: list[ImageViolation] = field(default_factory=list)
    texts: list[TextBox] = field(default_factory=list)  # what OCR read (overlays, then print on the product)
    ignored_texts: list[TextBox] = field(default_factory=list)  # OCR artefacts (``ocr.classify_text_boxes``)
    spec_version: str = ""

    @property
    def ok(self) -> bool:
        return not any(v.severity == "error" for v in self.violations)

    def rules(self) -> set[str]:
        return {v.rule for v in self.violations}

    def to_dict(self) -> dict[str, Any]:
        """The contract line: blocking violations as {rule, message, value}; style warnings kept apart."""

        def public(v: ImageViolation) -> dict[str, Any]:
            return {"rule": v.rule, "message": v.message, "value": v.value}

        return {
            "ok": self.ok,
            "violations": [public(v) for v in self.violations if v.severity == "error"],
            "warnings": [public(v) for v in self.violations if v.severity != "error"],
        }


def check_image(
    image: Image.Image,
    platform: str,
    *,
    mask: np.ndarray | None = None,
    reader: TextReader | None = None,
    file_bytes: int | None = None,
    file_format: str | None = None,
) -> ImageReport:
    """Check an RGB image against ``platform``'s spec; ``mask`` is the product matte when known.

    Without a mask the product is taken to be whatever differs from the border colour, which is exact on the
    flat backgrounds main images have and over-estimates the product on busy photos.
    """
    spec = image_spec_for(platform)
    pixels = measure.as_array(image)
    product = measure.binary(mask) if mask is not None else measure.estimate_foreground(pixels)
    report = ImageReport(spec_version=f"{spec.platform}@{spec.version}")
    found = report.violations
    found += _size(spec, pixels.shape[1], pixels.shape[0])
    found += _file(spec, file_bytes, file_format)
    found += _background(spec, pixels, product)
    found += _fill(spec, product)
    texts, text_violations = _text(spec, image, reader, product)
    report.texts, report.ignored_texts = texts.overlays + texts.on_product, texts.artefacts
    found += text_violations
    found += _quality(spec, pixels, product)
    return report


def _violation(rule: Any, message: str, value: Any, suffix: str = "") -> ImageViolation:
    rule_id = f"{rule.id}.{suffix}" if suffix else rule.id
    return ImageViolation(rule=rule_id, message=message, value=value, severity=rule.severity)


def _size(spec: ImageSpec, width: int, height: int) -> list[ImageViolation]:
    rule, long_side, short_side = spec.size, max(width, height), min(width, height)
    found = []
    short = [f"≥ {rule.min_long_side} px on the longest side"] if long_side < rule.min_long_side else []
    if short_side < rule.min_short_side:
        short.append(f"≥ {rule.min_short_side} px on the shortest side")
    if short:
        message = f"{width}×{height} px is too small: needs {' and '.join(short)}"
        found.append(_violation(rule, message, [width, height], "min"))
    if long_side > rule.max_long_side:
        message = f"{width}×{height} px exceeds {rule.max_long_side} px on the longest side"
        found.append(_violation(rule, message, [width, height], "max"))
    ratio = width / height
    aspect = spec.aspect
    if all(abs(ratio - target) > aspect.tolerance * target for target in aspect.ratios):
        found.append(_violation(aspect, f"aspect {ratio:.3f} (w/h): {aspect.message}", round(ratio, 4)))
    return found


def _file(spec: ImageSpec, file_bytes: int | None, file_format: str | None) -> list[ImageViolation]:
    rule, found = spec.file, []
    if file_bytes is not None and file_bytes > rule.max_bytes:
        message = f"file is {file_bytes / 1e6:.1f} MB; {rule.message}"
        found.append(_violation(rule, message, file_bytes, "size"))
    if file_format is not None and file_format.upper() not in rule.formats:
        found.append(_violation(rule, f"{file_format} file; {rule.message}", file_format, "format"))
    return found


def _background(spec: ImageSpec, pixels: np.ndarray, product: np.ndarray) -> list[ImageViolation]:
    rule = spec.background
    if not rule.required:
        return []
    stats = measure.background(pixels, target=rule.rgb, tolerance=rule.tolerance, mask=product)
    if stats.pixels and stats.share_on_target >= rule.min_share:
        return []
    mean = [round(channel, 1) for channel in stats.mean_rgb]
    value = {"share_on_target": round(stats.share_on_target, 4), "mean_rgb": mean}
    if not stats.pixels:
        return [_violation(rule, f"no background visible at the frame's edge; {rule.message}", value)]
    message = f"{stats.share_on_target:.0%} of the border is RGB {list(rule.rgb)} (mean {mean}); {rule.message}"
    return [_violation(rule, message, value)]


def _fill(spec: ImageSpec, product: np.ndarray) -> list[ImageViolation]:
    rule = spec.fill
    stats = measure.fill_ratio(product)
    if stats.bbox is None:
        return [_violation(rule, "no product found in the image", 0.0, "min")]
    fill = round(stats.fill, 4)
    if stats.fill < rule.min:
        return [_violation(rule, f"product fills {stats.fill:.0%} of the frame; {rule.message}", fill, "min")]
    if stats.fill > rule.max:
        return [_violation(rule, f"product fills {stats.fill:.0%} of the frame; {rule.message}", fill, "max")]
    return []


def _text(
    spec: ImageSpec, image: Image.Image, reader: TextReader | None, product: np.ndarray
) -> tuple[TextClasses, list[ImageViolation]]:
    try:
        boxes = read_text(image, reader)
    except OCRUnavailableError as exc:
        # Without OCR the check still reports everything else; the gap is visible, not silent.
        return TextClasses([], [], []), [ImageViolation("ocr", f"text could not be checked: {exc}", None, "warning")]
    classes = classify_text_boxes(boxes, product)
    found: list[ImageViolation] = []
    if classes.overlays and not spec.text.allowed:
        words = [box.text for box in classes.overlays]
        message = f"text found in the image ({', '.join(map(repr, words[:5]))}); {spec.text.message}"
        found.append(_violation(spec.text, message, words))
    if classes.on_product and not spec.text.allowed:
        # Position alone cannot tell a product's own print from a watermark laid over it: a person decides.
        words = [box.text for box in classes.on_product]
        message = f"text on the product ({', '.join(map(repr, words[:5]))}): fine if it is the product's own print"
        found.append(ImageViolation("text.on_product", message, words, "warning"))
    for box in classes.overlays + classes.on_product:  # the law applies to print on the product too
        found += _forbidden_terms(spec, box.text)
    return classes, found


def _forbidden_terms(spec: ImageSpec, text: str) -> list[ImageViolation]:
    # Chinese text is judged under Chinese ad law wherever it appears, as the text verifier does for zh copy.
    lang = "zh" if _CJK.search(text) else spec.language
    return [
        _violation(spec.terms, f"{hit.message} (in the image text {text!r})", {"text": text, "rule": hit.rule})
        for hit in forbidden_term_hits(text, spec.platform, lang)
    ]


def forbidden_term_hits(text: str, platform: str, lang: str) -> list[Violation]:
    """The violations of the platform's and the law's term rules in ``text`` (not length or grounding rules)."""
    verifier, term_rules = _verifier(platform, lang)
    return [hit for hit in verifier.check(text, IMAGE_TEXT_KIND, _NO_FACTS).errors if hit.rule in term_rules]


_NO_FACTS = ProductFacts.build([], None)


@functools.cache
def _verifier(platform: str, lang: str) -> tuple[Verifier, frozenset[str]]:
    verifier = Verifier(platform, lang)
    term_rules = frozenset(
        f"{pack.name}.{rule.id}"
        for pack in verifier.packs
        for rule in pack.rules
        if rule.check.type in TERM_CHECK_TYPES
    )
    return verifier, term_rules


def _quality(spec: ImageSpec, pixels: np.ndarray, product: np.ndarray) -> list[ImageViolation]:
    rule = spec.quality
    judged = product if product.any() else None
    found = []
    sharp = measure.sharpness(pixels, judged)
    if sharp < rule.min_sharpness:
        message = f"the product looks blurred (sharpness {sharp:.0f} < {rule.min_sharpness:.0f})"
        found.append(_violation(rule, message, round(sharp, 1), "blur"))
    light = measure.exposure(pixels, judged)
    over = light.clipped_highlights > rule.max_clipped_highlights or light.mean_luminance > rule.max_mean_luminance
    under = light.clipped_shadows > rule.max_clipped_shadows or light.mean_luminance < rule.min_mean_luminance
    value = {
        "mean_luminance": round(light.mean_luminance, 1),
        "clipped_highlights": round(light.clipped_highlights, 4),
        "clipped_shadows": round(light.clipped_shadows, 4),
    }
    if over:
        found.append(_violation(rule, "the product is over-exposed (clipped highlights)", value, "overexposed"))
    if under:
        found.append(_violation(rule, "the product is under-exposed (crushed shadows)", value, "underexposed"))
    return found
