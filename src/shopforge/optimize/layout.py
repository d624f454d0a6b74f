"""Layout recommendation: which poster or detail-page layout suits a product in a scenario.

The creative factory's layout engine (``creative.layout.propose``) is run on the product's real shape (the product
box from the main image's mask) and its real copy (title, up to three selling points, the price): it proposes every
template, rejects those where the text does not fit, overlaps the product or is illegible, and scores the rest.
The scenario picks the canvas: the platform's square tile for search, a 3:4 feed card for recommendation feeds, a
750 px detail-page section for channel pages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from shopforge.creative.layout import POSTER_SIZES, TextSpec, propose
from shopforge.creative.poster import MAX_POINTS, format_price
from shopforge.creative.showcase import POSTER_SIZE
from shopforge.creative.typeset import FontError, resolve_font_path
from shopforge.optimize.understand import Understanding

NEUTRAL_BACKGROUND = (246, 246, 246)  # the engine judges contrast on real pixels; a light backdrop stands in
ACCENT = (196, 28, 44)
DEFAULT_PRODUCT = (600, 600)  # no main image: a square product


@dataclass(frozen=True)
class LayoutAdvice:
    scenario: str
    size: str  # creative.layout.POSTER_SIZES key
    template: str  # e.g. "left-0.42" (text column left of the product) or "top-0.36-center"
    score: float
    valid: int  # candidate layouts that met the hard constraints
    considered: int
    product_aspect: float  # width / height of the product box
    copy_chars: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def canvas_for(scenario: str, platform: str) -> str:
    if scenario == "recommend":
        return "xiaohongshu"  # 3:4 feed cards
    if scenario == "channel":
        return "detail"  # 750 px wide detail-page sections
    return POSTER_SIZE.get(platform, "taobao")


def recommend_layout(
    understanding: Understanding, scenario: str, *, price: float | None = None, currency: str | None = None,
    font_path: Path | None = None,
) -> LayoutAdvice | None:  # fmt: skip
    """The best-scoring valid layout for this product and copy, or None when no copy or font is available."""
    content = understanding.content
    if not content.title:
        return None
    try:
        font = str(resolve_font_path(font_path))
    except FontError:
        return None
    specs = [TextSpec("title", content.title), *(TextSpec("point", b) for b in content.bullets[:MAX_POINTS])]
    price_text = format_price(price, currency)
    if price_text:
        specs.append(TextSpec("price", price_text))
    size = canvas_for(scenario, understanding.platform)
    image = understanding.image
    box = image.product_size if image is not None and not image.error and image.product_size else DEFAULT_PRODUCT
    background = Image.new("RGB", POSTER_SIZES[size], NEUTRAL_BACKGROUND)
    candidates = propose(size, box, specs, font, background, ACCENT)
    valid = [c for c in candidates if c.valid]
    if not valid:
        return None
    best = valid[0]
    aspect = box[0] / box[1]
    return LayoutAdvice(
        scenario, size, best.template, round(best.score, 3), len(valid), len(candidates), round(aspect, 3),
        sum(len(s.text) for s in specs), _reason(best.template, aspect),
    )  # fmt: skip


def _reason(template: str, aspect: float) -> str:
    shape = "tall" if aspect < 0.8 else "wide" if aspect > 1.25 else "compact"
    if template.startswith(("left", "right")):
        return f"a {shape} product (w/h {aspect:.2f}) leaves room beside it: the copy goes in a side column"
    side = "above" if template.startswith("top") else "below"
    return f"a {shape} product (w/h {aspect:.2f}) fills the width best: the copy goes in a band {side} it"
