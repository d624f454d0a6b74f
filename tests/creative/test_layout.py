"""The layout engine: candidates keep the product clear, stay in the safe area and are legible (WCAG 4.5:1)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from shopforge.creative.layout import (
    DARK_TEXT,
    MIN_CONTRAST,
    POSTER_SIZES,
    Candidate,
    TextSpec,
    check,
    contrast_ratio,
    inside,
    intersects,
    propose,
    relative_luminance,
    safe_area,
    stack_texts,
    worst_contrast,
)
from shopforge.creative.typeset import resolve_font_path

FONT = str(resolve_font_path())
SPECS = [
    TextSpec("title", "轻盈保温杯 316不锈钢"),
    TextSpec("point", "【保温】12小时长效保温，冬天也暖手"),
    TextSpec("point", "【材质】316不锈钢内胆"),
    TextSpec("price", "¥129"),
]


def test_wcag_contrast_matches_the_reference_values() -> None:
    white = float(relative_luminance(np.array([[255, 255, 255]], np.uint8))[0])
    black = float(relative_luminance(np.array([[0, 0, 0]], np.uint8))[0])
    assert contrast_ratio(white, black) == pytest.approx(21.0)
    grey = float(relative_luminance(np.array([[118, 118, 118]], np.uint8))[0])
    assert contrast_ratio(white, grey) == pytest.approx(4.54, abs=0.01)  # the classic #767676 on white


def test_contrast_is_judged_on_the_worst_pixel_behind_the_text() -> None:
    region = relative_luminance(np.array([[[250, 250, 250], [20, 20, 20]]], np.uint8))
    assert worst_contrast(DARK_TEXT, region) < 1.5  # the dark half would swallow dark text


@pytest.mark.parametrize("size", list(POSTER_SIZES))
def test_the_best_candidate_obeys_every_hard_rule(size: str) -> None:
    background = Image.new("RGB", POSTER_SIZES[size], (236, 240, 246))
    candidates = propose(size, (300, 650), SPECS, FONT, background, (170, 30, 40))
    best = candidates[0]
    assert best.valid, best.failures
    safe = safe_area(size)
    for placement in best.placements:
        assert not intersects(placement.box, best.product_box)
        assert inside(placement.box, safe)
        assert placement.contrast >= MIN_CONTRAST
    # hierarchy: the title is the largest type, the points smaller than the price accent
    sizes = {p.role: p.block.size for p in best.placements}
    assert sizes["title"] > sizes["price"] > sizes["point"]


def test_candidates_that_break_a_rule_are_rejected_with_a_reason() -> None:
    size = "taobao"
    background = Image.new("RGB", POSTER_SIZES[size], (240, 240, 240))
    pixels = np.asarray(background).copy()
    pixels[:, ::2] = 15  # stripes: no single text colour reaches 4.5:1 against every pixel
    luminance = relative_luminance(pixels)
    placements = stack_texts(SPECS, (40, 40, 760, 300), 800, FONT, "left", "top")
    candidate = Candidate("test", (100, 200, 700, 760), (40, 40, 760, 300), "left", placements)
    check(candidate, safe_area(size), luminance, (170, 30, 40))
    reasons = " ".join(candidate.failures)
    assert "contrast" in reasons and "overlaps the product" in reasons


def test_text_that_cannot_fit_any_layout_marks_every_candidate_invalid() -> None:
    background = Image.new("RGB", POSTER_SIZES["taobao"], (240, 240, 240))
    huge = [TextSpec("title", "超长标题" * 80)]
    candidates = propose("taobao", (300, 600), huge, FONT, background, (170, 30, 40))
    assert not any(c.valid for c in candidates)
    assert all("does not fit" in " ".join(c.failures) for c in candidates)


@pytest.mark.parametrize("size", ["taobao", "douyin"])
def test_contrast_of_every_valid_candidate_holds_against_the_full_canvas(size: str) -> None:
    # a background with dark and light patches: the memoised, safe-area-only luminance ranges that propose uses
    # must judge each box exactly as the whole canvas would
    width, height = POSTER_SIZES[size]
    rng = np.random.default_rng(5)
    pixels = np.full((height, width, 3), 236, np.uint8)
    for _ in range(12):
        x, y = int(rng.integers(0, width - 80)), int(rng.integers(0, height - 60))
        pixels[y : y + 60, x : x + 80] = rng.integers(0, 256, 3)
    background = Image.fromarray(pixels, "RGB")
    luminance = relative_luminance(pixels)
    candidates = propose(size, (300, 650), SPECS, FONT, background, (170, 30, 40))
    assert any(c.valid for c in candidates)
    for candidate in candidates:
        for placement in candidate.placements:
            if not inside(placement.box, safe_area(size)):
                continue
            x0, y0, x1, y1 = placement.box
            exact = worst_contrast(placement.colour, luminance[y0:y1, x0:x1])
            assert placement.contrast == pytest.approx(exact, rel=1e-6)
        if candidate.valid:
            assert min(p.contrast for p in candidate.placements) >= MIN_CONTRAST
