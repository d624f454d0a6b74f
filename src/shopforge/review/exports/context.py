"""What a format module is handed: the approved copy it may read, the limits it applies and where it reports.

A format reads copy only through ``ExportContext.copy`` (which notes every field left empty and remembers which
approved items went into the file) and shortens text only through ``ExportContext.fit`` (which notes every cut).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shopforge.copywriting.verify.checks import gbk_bytes
from shopforge.review.exports.images import ImageFolder, ListingImages, SourceImage, listing_images
from shopforge.review.exports.listing import Listing
from shopforge.review.exports.text import Measure, chars, truncate, utf8_bytes
from shopforge.store.models import Content


@dataclass(frozen=True)
class Limit:
    size: int
    unit: str  # how the report names it: "characters", "bytes", "GBK bytes"
    measure: Measure
    source: str  # where the figure comes from (URL, or why it is a ShopForge default)


def char_limit(size: int, source: str) -> Limit:
    return Limit(size, "characters", chars, source)


def byte_limit(size: int, source: str) -> Limit:
    return Limit(size, "bytes", utf8_bytes, source)


def gbk_limit(size: int, source: str) -> Limit:
    return Limit(size, "GBK bytes", gbk_bytes, source)


@dataclass
class ExportContext:
    out: Path
    notes: list[str] = field(default_factory=list)
    used: dict[int, Content] = field(default_factory=dict)  # content id → approved copy written to the file

    def __post_init__(self) -> None:
        self.images = ImageFolder(self.out)

    def with_copy(self, listings: list[Listing], kinds: tuple[str, ...]) -> list[Listing]:
        """The listings with at least one of ``kinds`` approved; each of the others is noted as left out."""
        kept = []
        for listing in listings:
            if any(kind in listing.approved for kind in kinds):
                kept.append(listing)
            else:
                self.notes.append(f"sku {listing.sku}: no approved {', '.join(kinds)}; left out of the file")
        return kept

    def copy(self, listing: Listing, kind: str, column: str, *, required: bool = True) -> str | None:
        """The approved text of ``kind``; None, and a note naming the empty ``column``, when there is none."""
        content = listing.approved.get(kind)
        if content is None:
            if required:
                status = listing.withheld.get(kind)
                why = f"it is {status}" if status else "none was generated"
                self.notes.append(f"sku {listing.sku}: no approved {kind} ({why}); {column} left empty")
            return None
        self.used[content.id] = content
        return content.text

    def fit(self, sku: str, column: str, text: str, limit: Limit) -> str:
        """``text`` cut at a word boundary to ``limit``; the cut is noted with both sizes."""
        cut = truncate(text, limit.size, limit.measure)
        if cut != text:
            self.notes.append(
                f"sku {sku}: {column} truncated at a word boundary from {limit.measure(text)} to "
                f"{limit.measure(cut)} {limit.unit} (limit {limit.size})"
            )
        return cut

    def listing_images(self, listing: Listing) -> ListingImages:
        return listing_images(listing, self.notes)

    def place_image(self, sku: str, image: SourceImage, stem: str) -> str:
        return self.images.place(sku, image, stem, self.notes)


Rows = list[list[str]]


@dataclass(frozen=True)
class MarketplaceFormat:
    """One upload format: its exact header, how its file is written, and how listings become rows."""

    name: str
    header: tuple[str, ...]
    kinds: tuple[str, ...]  # the copy kinds it reads; a product with none of them approved is left out
    delimiter: str
    bom: bool  # UTF-8 with BOM, so spreadsheet programs open Chinese text as UTF-8
    rows: Callable[[list[Listing], ExportContext], Rows]
