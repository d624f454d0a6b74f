"""Selling-point posters from verified copy: title, up to three selling points and an optional price.

Only copy that passed the text verifier (and was not rejected or blocked by a reviewer) is ever drawn; the
strings drawn are recorded line by line in ``PosterLayout.strings`` so tests and an OCR read-back can check
that the pixels say exactly the verified copy. Amazon posters are secondary images: Amazon's main image must
carry no text, which the layout's ``notes`` and ``amazon_main_image: false`` say.
"""

from __future__ import annotations

import colorsys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Protocol

import numpy as np
from PIL import Image, ImageDraw

from shopforge.copywriting.kinds import BULLET_MARKER
from shopforge.creative.backgrounds import RGB, dominant_colours, make_background
from shopforge.creative.layout import (
    MIN_CONTRAST,
    POSTER_SIZES,
    Box,
    Candidate,
    TextSpec,
    choose_colour,
    propose,
    relative_luminance,
    safe_area,
)
from shopforge.creative.scene import Product, ProductInput, paste_product, prepare_product
from shopforge.creative.typeset import TextBlock, TextFitError, draw_block, resolve_font_path

MAX_POINTS = 3
REFUSED_STATUSES = frozenset({"rejected", "blocked"})
AMAZON_NOTE = (
    "Amazon main images must show the product alone on pure white, with no text: "
    "use this poster only as a secondary (additional) image."
)
# the same list markers the text verifier strips when it splits bullets into items
CURRENCY_SIGNS = {"CNY": "¥", "RMB": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}


class UnverifiedCopyError(ValueError):
    """Copy that has not passed verification (or was rejected): posters never draw it."""


class PosterLayoutError(ValueError):
    """No candidate layout satisfies the hard constraints."""


class CopyRecord(Protocol):
    """What a poster needs from stored copy (``shopforge.store.models.Content`` satisfies it)."""

    text: str
    status: str
    verification: dict[str, Any]


@dataclass(frozen=True)
class PosterCopy:
    title: str
    points: tuple[str, ...] = ()
    price: str | None = None
    keep: tuple[str, ...] = ()  # the product's own phrases (``phrases.product_phrases``): never broken inside

    @classmethod
    def from_contents(
        cls,
        title: CopyRecord | None,
        bullets: CopyRecord | None,
        price: str | None = None,
        keep: tuple[str, ...] = (),
    ) -> PosterCopy:
        """Poster copy from stored title and bullets, refusing anything unverified, rejected or blocked."""
        for kind, record in (("title", title), ("bullets", bullets)):
            _require_verified(kind, record)
        assert title is not None and bullets is not None  # checked above; narrows the types
        points = [BULLET_MARKER.sub("", line).strip() for line in bullets.text.splitlines()]
        return cls(title.text.strip(), tuple(p for p in points if p)[:MAX_POINTS], price, keep)

    def specs(self) -> list[TextSpec]:
        keep = frozenset(self.keep)
        specs = [TextSpec("title", self.title, keep)]
        specs += [TextSpec("point", point, keep) for point in self.points[:MAX_POINTS]]
        if self.price:
            specs.append(TextSpec("price", self.price))
        return specs


def _require_verified(kind: str, record: CopyRecord | None) -> None:
    if record is None or not record.text.strip():
        raise UnverifiedCopyError(f"no {kind} copy for this product: generate and verify copy first")
    if not record.verification.get("ok"):
        raise UnverifiedCopyError(f"the {kind} copy has not passed verification: generate and verify copy first")
    if record.status in REFUSED_STATUSES:
        raise UnverifiedCopyError(f"the {kind} copy is {record.status}: generate and verify copy first")


def format_price(amount: float | None, currency: str | None) -> str | None:
    if amount is None:
        return None
    number = f"{amount:.2f}".rstrip("0").rstrip(".")
    sign = CURRENCY_SIGNS.get((currency or "").upper())
    if sign:
        return f"{sign}{number}"
    return f"{number} {currency}" if currency else number


@dataclass
class TextBox:
    role: str
    text: str
    lines: list[str]
    box: Box
    font_size: int
    colour: RGB
    contrast: float
    align: str = "left"
    line_height: int = 0


@dataclass
class PosterLayout:
    """What was drawn where: enough to re-check a poster without looking at its pixels."""

    size: str
    width: int
    height: int
    template: str
    product_box: Box
    safe_area: Box
    text_boxes: list[TextBox]
    score: float
    candidates_considered: int
    rejected: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    amazon_main_image: bool | None = None
    font_path: str = ""

    @property
    def strings(self) -> list[str]:
        """The exact strings rendered, one per drawn line, top to bottom."""
        return [line for box in self.text_boxes for line in box.lines]

    def rendered_text(self) -> str:
        return "".join("".join(self.strings).split())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["strings"] = self.strings
        return data


@dataclass
class PosterResult:
    image: Image.Image
    layout: PosterLayout
    product: Product  # the resized product as pasted at ``layout.product_box``


def render_poster(
    source: ProductInput, copy: PosterCopy, size: str, *, font_path: Path | None = None, style: str = "gradient"
) -> PosterResult:
    """The best valid layout for ``copy`` around the product, rendered; raises rather than overflow or overlap."""
    if size not in POSTER_SIZES:
        raise ValueError(f"unknown poster size {size!r}; known: {', '.join(POSTER_SIZES)}")
    font = str(resolve_font_path(font_path))
    product = prepare_product(source)
    colours = dominant_colours(product.rgb, np.asarray(product.alpha, np.float32) / 255)
    background = make_background(style, POSTER_SIZES[size], colours)
    background = background if background.mode == "RGB" else background.convert("RGB")  # a 2000² copy saved
    accent = accent_colour(colours[0])
    candidates = propose(size, product.size, copy.specs(), font, background, accent)
    rejected = {c.template: c.failures for c in candidates if not c.valid}
    for candidate in candidates:
        if not candidate.valid:
            break
        rendered = _render(background, product, candidate, accent)
        if rendered is not None:
            image, placed = rendered
            return PosterResult(image, _record(size, candidate, len(candidates), rejected, font), placed)
        rejected[candidate.template] = ["contrast over the product's shadow"]
    _raise_failure(size, rejected, len(candidates))


def _render(
    background: Image.Image, product: Product, candidate: Candidate, accent: RGB
) -> tuple[Image.Image, Product] | None:
    """The poster for one candidate, or None when the contact shadow spoils the contrast behind a text block."""
    canvas = background.copy()
    left, top, right, bottom = candidate.product_box
    placed = product.resized((right - left, bottom - top))
    paste_product(canvas, placed, candidate.product_box, shadow=True)
    for placement in candidate.placements:
        # re-measured on the real pixels, shadow included; only the text regions are read back
        region = relative_luminance(np.asarray(canvas.crop(placement.box)))
        choose_colour(placement, region, accent)
        if placement.contrast < MIN_CONTRAST:
            return None
    draw = ImageDraw.Draw(canvas)
    for placement in candidate.placements:
        x0, y0, x1, _ = placement.box
        draw_block(draw, placement.block, (x0, y0), placement.colour, align=placement.align, box_width=x1 - x0)
    return canvas, placed


def _record(
    size: str, candidate: Candidate, considered: int, rejected: dict[str, list[str]], font: str
) -> PosterLayout:
    width, height = POSTER_SIZES[size]
    boxes = [
        TextBox(p.role, p.block.text, list(p.block.lines), p.box, p.block.size, p.colour, round(p.contrast, 2),
                p.align, p.block.line_height)
        for p in candidate.placements
    ]
    layout = PosterLayout(
        size,
        width,
        height,
        candidate.template,
        candidate.product_box,
        safe_area(size),
        boxes,
        round(candidate.score, 4),
        considered,
        rejected,
        font_path=font,
    )
    if size == "amazon":
        layout.notes.append(AMAZON_NOTE)
        layout.amazon_main_image = False
    return layout


def text_ink(layout: PosterLayout) -> np.ndarray:
    """Where the layout's glyphs put ink (bool, height × width), drawn again exactly as ``_render`` draws them."""
    canvas = Image.new("RGB", (layout.width, layout.height))
    draw = ImageDraw.Draw(canvas)
    for box in layout.text_boxes:
        x0, y0, x1, y1 = box.box
        lines = tuple(box.lines)
        block = TextBlock(box.text, lines, box.font_size, layout.font_path, x1 - x0, y1 - y0, box.line_height)
        draw_block(draw, block, (x0, y0), (255, 255, 255), align=box.align, box_width=x1 - x0)
    return np.asarray(canvas)[..., 0] > 0


def ink_faults(result: PosterResult) -> dict[str, int]:
    """Pixel counts of the two faults a poster must never have: glyph ink outside its text box or the safe area
    ("overflow") and glyph ink on the product's own pixels (matte > 0, not just its box: "over_product")."""
    layout = result.layout
    ink = text_ink(layout)
    allowed = np.zeros_like(ink)
    for box in layout.text_boxes:
        x0, y0, x1, y1 = box.box
        allowed[y0:y1, x0:x1] = True
    sx0, sy0, sx1, sy1 = layout.safe_area
    safe = np.zeros_like(ink)
    safe[sy0:sy1, sx0:sx1] = True
    product = np.zeros_like(ink)
    px0, py0, px1, py1 = layout.product_box
    product[py0:py1, px0:px1] = np.asarray(result.product.alpha) > 0
    return {"overflow": int((ink & ~(allowed & safe)).sum()), "over_product": int((ink & product).sum())}


def _raise_failure(size: str, rejected: dict[str, list[str]], tried: int) -> NoReturn:
    reasons = sorted({reason for failures in rejected.values() for reason in failures})
    if reasons and all("does not fit" in reason for reason in reasons):
        raise TextFitError(
            f"the copy does not fit a {size} poster even at the smallest type sizes "
            f"({tried} layouts tried): shorten the title or the selling points"
        )
    raise PosterLayoutError(f"no valid {size} layout ({tried} tried): {'; '.join(reasons)}")


def accent_colour(colour: RGB) -> RGB:
    """A deep, saturated shade of the product's colour for the price; a classic sale red for grey products."""
    h, _, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    if s < 0.15:
        return (196, 28, 44)
    r, g, b = colorsys.hls_to_rgb(h, 0.32, max(s, 0.65))
    return round(r * 255), round(g * 255), round(b * 255)
