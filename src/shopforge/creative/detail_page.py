"""Detail pages (详情页): one long 750 px image stacking a hero, selling points, a specs table and scenes.

Sections, top to bottom (750 px is the Taobao/Tmall detail width, ``POSTER_SIZES["detail"]``):

- ``hero``    the product on a gradient with the verified title and the price (the poster engine at 750×1000);
              without a verified title, the product alone on the same background (750×750)
- ``points``  the verified selling points, one card each (a ``【head】`` or ``Head:`` prefix drawn as an accent line)
- ``specs``   a two-column table from the product's own attribute facts; a value that is a single quantity in
              Latin units is written by ``format_quantity`` (so "0.75 L" shows as "750 ml", as in the title)
- ``scene-<style>`` the product in each of ``scene_styles`` (750×750)

Only verified copy (passed verification, not rejected or blocked) and the product's own facts are drawn, besides
the fixed section headings; spec values using a term the platform or the law forbids are left out. A section that
has nothing to show is left out and ``DetailLayout.skipped`` says why, so a product without copy or facts gets a
shorter page, never invented text. Product pixels are never altered: every section pastes the product once through
its resized matte (``scene.paste_product``) and ``DetailResult.products`` keeps what was pasted where.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from PIL import Image, ImageDraw

from shopforge.creative.backgrounds import RGB, dominant_colours, harmonious_light
from shopforge.creative.image_check import forbidden_term_hits
from shopforge.creative.layout import DARK_TEXT, MIN_CONTRAST, POSTER_SIZES, relative_luminance, worst_contrast
from shopforge.creative.poster import (
    BULLET_MARKER,
    REFUSED_STATUSES,
    CopyRecord,
    PosterCopy,
    PosterLayoutError,
    accent_colour,
    render_poster,
)
from shopforge.creative.scene import Box, Product, ProductInput, compose_scene, prepare_product
from shopforge.creative.typeset import TextBlock, TextFitError, draw_block, fit_text, resolve_font_path
from shopforge.facts.lexicon import is_cjk
from shopforge.facts.model import Fact, FactKind
from shopforge.facts.units import COUNT_DIMENSION, format_quantity

WIDTH = POSTER_SIZES["detail"][0]
MARGIN = 48  # page side margin
MAX_POINTS = 6
POINT_PAD, POINT_BAR = 26, 8  # selling-point card padding and accent bar width
LABEL_WIDTH, CELL_PAD = round((WIDTH - 2 * MARGIN) * 0.34), 18  # specs table label column
MAX_SPEC_VALUE_CHARS = 60  # longer values (set-up notes, care text) belong in the description, not a table cell
SCENE_STYLES = ("studio", "texture")
HEADINGS = {
    "zh": {"points": "产品卖点", "specs": "规格参数", "brand": "品牌", "yes": "是", "no": "否"},
    "en": {"points": "Highlights", "specs": "Specifications", "brand": "Brand", "yes": "Yes", "no": "No"},
}
_HEAD = re.compile(r"^(【[^】]{1,12}】)\s*(.+)$|^([^:：]{1,16}[:：])\s*(.+)$", re.S)
_LIGHT_LINE: RGB = (222, 222, 226)
_T = TypeVar("_T")
_B = TypeVar("_B")


@dataclass(frozen=True)
class SpecRow:
    label: str
    value: str
    source: str  # the fact's source field, e.g. "attributes.容量"


@dataclass(frozen=True)
class DetailContent:
    """Everything a page may say: verified copy and fact rows, plus why anything was left out."""

    lang: str
    title: str | None = None
    points: tuple[str, ...] = ()
    price: str | None = None
    specs: tuple[SpecRow, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()  # the product's own phrases (``phrases.product_phrases``): never broken inside


@dataclass
class Section:
    name: str
    top: int
    height: int
    strings: list[str]  # the exact strings drawn, top to bottom (headings and labels included)
    product_box: Box | None = None  # where the product was pasted, in page coordinates
    # page rows [top, bottom) holding a line of text (a cut there would split it), and the rows between cards or
    # table rows where a cut reads naturally; both for slicing the page (``detail_slices``)
    text_rows: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)


@dataclass
class DetailLayout:
    width: int
    height: int
    sections: list[Section]
    skipped: dict[str, str]

    @property
    def strings(self) -> list[str]:
        return [line for section in self.sections for line in section.strings]

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "strings": self.strings}


@dataclass
class DetailResult:
    image: Image.Image
    layout: DetailLayout
    products: dict[str, Product]  # section name -> the resized product pasted at that section's product_box


def verified_text(kind: str, record: CopyRecord | None) -> tuple[str | None, str | None]:
    """(text, None) for publishable copy; (None, reason) otherwise — the poster's rule, per record."""
    if record is None or not record.text.strip():
        return None, f"no {kind} copy"
    if not record.verification.get("ok"):
        return None, f"the {kind} copy has not passed verification"
    if record.status in REFUSED_STATUSES:
        return None, f"the {kind} copy is {record.status}"
    return record.text.strip(), None


def detail_content(
    *,
    title: CopyRecord | None,
    bullets: CopyRecord | None,
    facts: Sequence[Fact],
    platform: str,
    lang: str,
    price: str | None = None,
    keep: tuple[str, ...] = (),
) -> DetailContent:
    """Page content from stored copy and the product's facts; unverified copy is left out with the reason."""
    skipped: dict[str, str] = {}
    title_text, reason = verified_text("title", title)
    if reason:
        skipped["hero.title"] = reason
    bullet_text, reason = verified_text("bullets", bullets)
    points: tuple[str, ...] = ()
    if bullet_text:
        lines = (BULLET_MARKER.sub("", line).strip() for line in bullet_text.splitlines())
        points = tuple(line for line in lines if line)[:MAX_POINTS]
    if not points:
        skipped["points"] = reason or "the bullets copy has no selling points"
    rows, notes = spec_rows(facts, platform, lang)
    if not rows:
        skipped["specs"] = "the product has no attribute facts to tabulate"
    skipped.update({f"specs.{label}": note for label, note in notes.items()})
    return DetailContent(lang, title_text, points, price, tuple(rows), skipped, keep)


def spec_rows(facts: Sequence[Fact], platform: str, lang: str) -> tuple[list[SpecRow], dict[str, str]]:
    """(rows, {label: why left out}): the brand, then one row per attribute, in catalogue order."""
    words = HEADINGS.get(lang, HEADINGS["en"])
    rows: list[SpecRow] = []
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.kind is FactKind.BRAND and fact.source == "brand":
            rows.append(SpecRow(words["brand"], fact.value, fact.source))
        elif fact.source.startswith("attributes.") and fact.key:
            groups.setdefault(fact.source, []).append(fact)
    for source, group in groups.items():
        feature = next((f for f in group if f.kind is FactKind.FEATURE), None)
        if feature is not None:
            rows.append(SpecRow(feature.key, _display_value(feature.value, group, words), source))
    kept, notes = [], {}
    for row in rows:
        reason = _refusal(row, platform, lang)
        if reason:
            notes[row.label] = reason
        else:
            kept.append(row)
    return kept, notes


def _display_value(value: str, group: list[Fact], words: dict[str, str]) -> str:
    if value.strip().lower() in ("true", "false"):
        return words["yes"] if value.strip().lower() == "true" else words["no"]
    quantities = [f for f in group if f.kind is FactKind.QUANTITY and f.quantity is not None]
    # one quantity making up the whole value, in Latin units: normalise it ("0.75 L" -> "750 ml"); Chinese units
    # ("12小时") and ranges or dimensions ("30 x 20 cm") stay as the merchant wrote them
    if len(quantities) == 1 and not is_cjk(value) and not value.replace(quantities[0].value, "").strip():
        quantity = quantities[0].quantity
        assert quantity is not None  # filtered above; narrows the type
        if quantity.dimension != COUNT_DIMENSION:
            return format_quantity(quantity)
    return value


def _refusal(row: SpecRow, platform: str, lang: str) -> str | None:
    if len(row.value) > MAX_SPEC_VALUE_CHARS:
        return f"value too long for the specs table ({len(row.value)} characters)"
    text = f"{row.label} {row.value}"
    hits = forbidden_term_hits(text, platform, "zh" if is_cjk(text) else lang)
    return f"{hits[0].message} (in {text!r})" if hits else None


@dataclass
class _Part:
    name: str
    image: Image.Image
    strings: list[str]
    box: Box | None = None  # the product, in part coordinates
    product: Product | None = None
    text_rows: list[tuple[int, int]] = field(default_factory=list)  # in part coordinates
    breaks: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Style:
    font: str
    tint: RGB  # section background
    accent: RGB  # heads of selling points (falls back to dark text where it would be illegible)


def render_detail_page(
    source: ProductInput,
    content: DetailContent,
    *,
    font_path: Path | None = None,
    scene_styles: Sequence[str] = SCENE_STYLES,
) -> DetailResult:
    """The page for ``content`` around the product (an RGBA cut-out or an (RGB, matte) pair)."""
    product = prepare_product(source)
    colours = dominant_colours(product.rgb, np.asarray(product.alpha, np.float32) / 255)
    style = _Style(str(resolve_font_path(font_path)), harmonious_light(colours[0], 0.96), accent_colour(colours[0]))
    skipped = dict(content.skipped)
    parts = [_hero(source, content, font_path, skipped)]
    points = _fitting(content.points, lambda p: _point_blocks(p, style.font, content.keep), "points", skipped)
    if points:
        parts.append(_points_section(points, content.lang, style))
    cells = _fitting(content.specs, lambda row: _spec_cells(row, style.font, content.keep), "specs", skipped)
    if cells:
        parts.append(_specs_section(cells, content.lang, style))
    for number, name in enumerate(scene_styles):
        scene = compose_scene(source, name, (WIDTH, WIDTH), reflect=number % 2 == 1, fill=0.7, seed=number)
        parts.append(_Part(f"scene-{name}", scene.image, [], scene.product_box, scene.product))
    height = sum(part.image.height for part in parts)
    page = Image.new("RGB", (WIDTH, height), (255, 255, 255))
    sections, products, top = [], {}, 0
    for part in parts:
        page.paste(part.image, (0, top))  # an opaque paste: every section pixel lands unchanged
        box = part.box
        page_box = None if box is None else (box[0], box[1] + top, box[2], box[3] + top)
        rows = [(a + top, b + top) for a, b in part.text_rows]
        sections.append(Section(part.name, top, part.image.height, part.strings, page_box, rows,
                                [y + top for y in part.breaks]))  # fmt: skip
        if part.product is not None:
            products[part.name] = part.product
        top += part.image.height
    return DetailResult(page, DetailLayout(WIDTH, height, sections, skipped), products)


def _hero(source: ProductInput, content: DetailContent, font_path: Path | None, skipped: dict[str, str]) -> _Part:
    if content.title:
        try:
            copy = PosterCopy(content.title, (), content.price, content.keep)
            poster = render_poster(source, copy, "detail", font_path=font_path)
            layout = poster.layout
            rows = [(t.box[1], t.box[3]) for t in layout.text_boxes]
            return _Part("hero", poster.image, layout.strings, layout.product_box, poster.product, rows)
        except (TextFitError, PosterLayoutError) as exc:  # the page goes on without the title, saying why
            skipped["hero.title"] = str(exc)
    scene = compose_scene(source, "gradient", (WIDTH, WIDTH), fill=0.78)
    return _Part("hero", scene.image, [], scene.product_box, scene.product)


def _fitting(items: Sequence[_T], typeset: Callable[[_T], _B], section: str, skipped: dict[str, str]) -> list[_B]:
    """Each item typeset; one that cannot fit even at the smallest size is left out with the reason."""
    done = []
    for item in items:
        try:
            done.append(typeset(item))
        except TextFitError as exc:
            label = item.label if isinstance(item, SpecRow) else str(item)[:24]
            skipped[f"{section}.{label}"] = str(exc)
    return done


def _points_section(cards: Sequence[list[TextBlock]], lang: str, style: _Style) -> _Part:
    inner, pad, bar, gap = WIDTH - 2 * MARGIN, POINT_PAD, POINT_BAR, 22
    heading = fit_text(HEADINGS.get(lang, HEADINGS["en"])["points"], style.font, inner, 200, 40, 24)
    heights = [sum(block.height for block in blocks) + 10 * (len(blocks) - 1) + 2 * pad for blocks in cards]
    canvas = Image.new("RGB", (WIDTH, 56 + heading.height + 36 + sum(heights) + gap * len(cards) + 30), style.tint)
    draw = ImageDraw.Draw(canvas)
    strings = list(heading.lines)
    draw_block(draw, heading, (MARGIN, 56), DARK_TEXT, align="center", box_width=inner)
    y = 56 + heading.height + 36
    rows, breaks = [(56, 56 + heading.height)], [y - 18]
    for blocks, card_height in zip(cards, heights, strict=True):
        draw.rounded_rectangle((MARGIN, y, WIDTH - MARGIN, y + card_height), radius=16, fill=(255, 255, 255))
        draw.rectangle((MARGIN, y + pad, MARGIN + bar - 1, y + card_height - pad), fill=style.accent)
        x, line_top = MARGIN + bar + pad, y + pad
        for index, block in enumerate(blocks):
            colour = _legible(style.accent if index == 0 and len(blocks) > 1 else DARK_TEXT, (255, 255, 255))
            draw_block(draw, block, (x, line_top), colour)
            strings.extend(block.lines)
            rows.append((line_top, line_top + block.height))
            line_top += block.height + 10
        y += card_height + gap
        breaks.append(y - gap // 2)  # mid-gap: each slice keeps whole cards
    return _Part("points", canvas, strings, text_rows=rows, breaks=breaks)


def _point_blocks(point: str, font: str, keep: tuple[str, ...]) -> list[TextBlock]:
    """A point as [head, body] when it has a short ``【head】`` or ``Head:`` prefix, else [body]."""
    width = WIDTH - 2 * MARGIN - 2 * POINT_PAD - POINT_BAR
    match = _HEAD.match(point)
    if match:
        head, body = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return [fit_text(head, font, width, 400, 32, 20, keep), fit_text(body, font, width, 2000, 28, 18, keep)]
    return [fit_text(point, font, width, 2000, 30, 18, keep)]


def _spec_cells(row: SpecRow, font: str, keep: tuple[str, ...]) -> tuple[TextBlock, TextBlock]:
    value_width = WIDTH - 2 * MARGIN - LABEL_WIDTH - 2 * CELL_PAD
    return (fit_text(row.label, font, LABEL_WIDTH - 2 * CELL_PAD, 1000, 26, 16),
            fit_text(row.value, font, value_width, 2000, 26, 16, keep))  # fmt: skip


def _specs_section(cells: Sequence[tuple[TextBlock, TextBlock]], lang: str, style: _Style) -> _Part:
    inner, label_width, pad = WIDTH - 2 * MARGIN, LABEL_WIDTH, CELL_PAD
    heading = fit_text(HEADINGS.get(lang, HEADINGS["en"])["specs"], style.font, inner, 200, 40, 24)
    heights = [max(label.height, value.height) + 2 * pad for label, value in cells]
    canvas = Image.new("RGB", (WIDTH, 56 + heading.height + 36 + sum(heights) + 60), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    strings = list(heading.lines)
    draw_block(draw, heading, (MARGIN, 56), DARK_TEXT, align="center", box_width=inner)
    y = 56 + heading.height + 36
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=_LIGHT_LINE, width=1)
    rows, breaks = [(56, 56 + heading.height)], [y]
    for (label, value), row_height in zip(cells, heights, strict=True):
        draw.rectangle((MARGIN, y + 1, MARGIN + label_width - 1, y + row_height - 1), fill=style.tint)
        draw_block(draw, label, (MARGIN + pad, y + pad), DARK_TEXT)
        draw_block(draw, value, (MARGIN + label_width + pad, y + pad), DARK_TEXT)
        strings.extend([*label.lines, *value.lines])
        rows.append((y + pad, y + pad + max(label.height, value.height)))
        y += row_height
        breaks.append(y + 1)  # just under the rule: a slice ends on a table line, as printed tables do
        draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=_LIGHT_LINE, width=1)
    return _Part("specs", canvas, strings, text_rows=rows, breaks=breaks)


def _legible(colour: RGB, background: RGB) -> RGB:
    region = relative_luminance(np.asarray([background], np.uint8))
    return colour if worst_contrast(colour, region) >= MIN_CONTRAST else DARK_TEXT
