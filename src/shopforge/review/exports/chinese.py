"""The shape Taobao's and JD's bulk-edit sheets share: one row per SKU with a title, selling points, an HTML
description and the main images; ``taobao.py`` and ``jd.py`` each give the column names and limits."""

from __future__ import annotations

from dataclasses import dataclass

from shopforge.review.exports.context import ExportContext, Limit, Rows
from shopforge.review.exports.images import file_safe
from shopforge.review.exports.listing import Listing
from shopforge.review.exports.text import Bullet, html_body, join_within, one_line, split_bullets

KINDS = ("title", "bullets", "description")
IMAGE_SEPARATOR = ";"


@dataclass(frozen=True)
class PointsRule:
    """How bullets become the one selling-point cell: whole points only, never a cut one."""

    limit: Limit
    separator: str
    headings_only: bool  # True: only a bullet's 【heading】 is a point; False: the heading, else the whole line
    max_points: int | None = None
    point_chars: tuple[int, int] | None = None  # (shortest, longest) a single point may be
    min_points: int = 0
    count_separators: bool = True  # False: the limit is on the points' own characters (JD's separate inputs)


@dataclass(frozen=True)
class SheetSpec:
    sku: str
    title: str
    points: str
    description: str
    images: str
    title_limit: Limit
    points_rule: PointsRule
    max_images: int

    @property
    def header(self) -> tuple[str, ...]:
        return (self.sku, self.title, self.points, self.description, self.images)


def sheet_rows(spec: SheetSpec, listings: list[Listing], ctx: ExportContext) -> Rows:
    return [_row(spec, listing, ctx) for listing in ctx.with_copy(listings, KINDS)]


def _row(spec: SheetSpec, listing: Listing, ctx: ExportContext) -> list[str]:
    sku = listing.sku
    title = one_line(ctx.copy(listing, "title", spec.title) or "")
    bullets = split_bullets(ctx.copy(listing, "bullets", f"{spec.points} and the {spec.description} list"))
    description = ctx.copy(listing, "description", f"{spec.description} text")
    return [
        sku,
        ctx.fit(sku, spec.title, title, spec.title_limit),
        _points(spec, sku, bullets, ctx),
        html_body(description, bullets),
        IMAGE_SEPARATOR.join(_images(spec, listing, ctx)),
    ]


def _points(spec: SheetSpec, sku: str, bullets: list[Bullet], ctx: ExportContext) -> str:
    rule = spec.points_rule
    points = [b.point if b.point or rule.headings_only else b.text for b in bullets]
    points = list(dict.fromkeys(p for p in points if p))  # a repeated heading is one point
    if rule.point_chars is not None:
        shortest, longest = rule.point_chars
        misfits = [p for p in points if not shortest <= len(p) <= longest]
        if misfits:
            ctx.notes.append(
                f"sku {sku}: {spec.points} takes points of {shortest}–{longest} characters; "
                f"left out: {', '.join(misfits)}"
            )
        points = [p for p in points if p not in misfits]
    if rule.max_points is not None and len(points) > rule.max_points:
        ctx.notes.append(
            f"sku {sku}: {spec.points} takes {rule.max_points} points; left out: {', '.join(points[rule.max_points :])}"
        )
        points = points[: rule.max_points]

    def measure(text: str) -> int:
        return rule.limit.measure(text if rule.count_separators else text.replace(rule.separator, ""))

    text, dropped = join_within(points, rule.separator, rule.limit.size, measure)
    if dropped:
        ctx.notes.append(
            f"sku {sku}: {spec.points} over {rule.limit.size} {rule.limit.unit}; {dropped} whole point(s) left out"
        )
    kept = len(points) - dropped
    if bullets and kept < rule.min_points:
        ctx.notes.append(
            f"sku {sku}: {spec.points} has {kept} point(s); the platform asks for at least {rule.min_points}"
        )
    return text


def _images(spec: SheetSpec, listing: Listing, ctx: ExportContext) -> list[str]:
    images = ctx.listing_images(listing).all
    if len(images) > spec.max_images:
        ctx.notes.append(
            f"sku {listing.sku}: {len(images)} images, {spec.images} takes {spec.max_images}; the rest left out"
        )
    refs: list[str] = []
    for image in images[: spec.max_images]:
        ref = ctx.place_image(listing.sku, image, f"{file_safe(listing.sku)}-{len(refs) + 1}")
        if ref:
            refs.append(ref)
    return refs
