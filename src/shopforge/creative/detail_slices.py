"""Slices of a detail page for Taobao/Tmall mobile (手机详情), which take images up to about 1546 px tall each.

A cut is chosen, in this order, at the lowest row within the slice height that is:

1. a section boundary in the lower half of the slice (a slice holds whole sections when it can);
2. a natural break (between selling-point cards, under a specs-table rule) in the lower half;
3. any row in the lower half that is not inside a line of text (through a scene, or beside the hero's title);
4. any section boundary or break, then any row free of text, higher up.

The lower half comes first so a section a little taller than a slice does not leave a sliver of a slice behind.

A cut never splits a line of text: ``Section.text_rows`` records where every drawn line lies. The slices, stacked
in order, are the page pixel for pixel.
"""

from __future__ import annotations

from PIL import Image

from shopforge.creative.detail_page import DetailLayout

MOBILE_SLICE_HEIGHT = 1546  # Taobao/Tmall mobile detail images
MIN_SLICE_HEIGHT = 300  # below this a hero title line or a tall specs row might not fit in any slice


class SliceError(ValueError):
    """The page cannot be cut at this height without splitting a line of text."""


def slice_rows(layout: DetailLayout, max_height: int) -> list[tuple[int, int]]:
    """The (top, bottom) page rows of each slice, bottom exclusive; each at most ``max_height`` tall."""
    if max_height < MIN_SLICE_HEIGHT:
        raise SliceError(f"slice height {max_height} px is too small; use at least {MIN_SLICE_HEIGHT} px")
    boundaries = {s.top for s in layout.sections[1:]}
    breaks = {y for s in layout.sections for y in s.breaks if s.top < y < s.top + s.height}
    bands = [band for s in layout.sections for band in s.text_rows]
    slices, top = [], 0
    while layout.height - top > max_height:
        cut = _cut(top, max_height, boundaries, breaks, bands)
        slices.append((top, cut))
        top = cut
    slices.append((top, layout.height))
    return slices


def _cut(top: int, limit: int, boundaries: set[int], breaks: set[int], bands: list[tuple[int, int]]) -> int:
    end, half = top + limit, top + limit // 2
    for pool in (boundaries, breaks):
        fits = [y for y in pool if half <= y <= end]
        if fits:
            return max(fits)
    free = _free_row(end, half, bands)
    if free is not None:
        return free
    fits = [y for y in boundaries | breaks if top < y <= end]
    free = max(fits) if fits else _free_row(half - 1, top + 1, bands)
    if free is None:
        raise SliceError(f"no row between {top} and {end} is free of text; use a taller slice")
    return free


def _free_row(highest: int, lowest: int, bands: list[tuple[int, int]]) -> int | None:
    """The lowest row from ``highest`` up to ``lowest`` where a cut splits no line of text."""
    for y in range(highest, lowest - 1, -1):  # a cut at y ends the slice above row y: rows a..b-1 stay together
        if not any(a < y < b for a, b in bands):
            return y
    return None


def slice_page(page: Image.Image, layout: DetailLayout, max_height: int) -> list[Image.Image]:
    """The page cut into images at most ``max_height`` tall, top to bottom."""
    return [page.crop((0, top, layout.width, bottom)) for top, bottom in slice_rows(layout, max_height)]
