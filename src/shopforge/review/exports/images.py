"""Images made by ShopForge's jobs travel with an export: copied next to the file, named as the platform expects.

Which assets are listing images: the product's latest ``main_image`` (the white-background picture a main image
job made and checked), then its ``scene`` and ``poster`` images in the order they were made. Cut-outs (transparent
PNGs), detail pages, enhanced photos and videos are not gallery images and stay out. An asset whose check failed
is left out and reported, as unapproved copy is; a file that is no longer on disk is reported, never fatal.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from shopforge.review.exports.listing import Listing
from shopforge.store.models import Asset

MAIN_KIND = "main_image"
GALLERY_KINDS = ("scene", "poster")


@dataclass(frozen=True)
class SourceImage:
    asset_id: int
    kind: str
    path: Path


@dataclass(frozen=True)
class ListingImages:
    main: SourceImage | None
    others: tuple[SourceImage, ...]

    @property
    def all(self) -> tuple[SourceImage, ...]:
        return ((self.main,) if self.main else ()) + self.others


def listing_images(listing: Listing, notes: list[str]) -> ListingImages:
    """The product's main image and gallery images; assets that failed their check are noted and skipped."""
    usable = []
    for asset in listing.assets:
        if asset.kind != MAIN_KIND and asset.kind not in GALLERY_KINDS:
            continue
        if asset.check_result.get("ok") is False:
            notes.append(f"sku {listing.sku}: {asset.kind} asset {asset.id} failed its image check; not exported")
            continue
        usable.append(_source(asset))
    mains = [image for image in usable if image.kind == MAIN_KIND]
    others = tuple(image for image in usable if image.kind != MAIN_KIND)
    return ListingImages(mains[-1] if mains else None, others)  # a later main image replaces an earlier one


def _source(asset: Asset) -> SourceImage:
    return SourceImage(asset.id, asset.kind, Path(asset.path).expanduser())


def file_safe(name: str) -> str:
    """A SKU or handle as part of a file name: path separators, spaces and the like become "_"."""
    return re.sub(r"[^\w.-]", "_", name).strip(".") or "_"


class ImageFolder:
    """``<OUT stem>-images/`` next to the export file; the file refers to images by path relative to its folder,
    so one export's images never overwrite another's (two accounts may share a SKU)."""

    def __init__(self, out: Path) -> None:
        self.folder = out.parent / f"{out.stem}-images"
        self.copied = 0

    def place(self, sku: str, image: SourceImage, stem: str, notes: list[str]) -> str:
        """Copy ``image`` as ``stem`` + its own extension; the relative reference, or "" when the file is gone."""
        if not image.path.is_file():
            notes.append(f"sku {sku}: image file missing: {image.path} ({image.kind} asset {image.asset_id})")
            return ""
        name = stem + image.path.suffix.lower()
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image.path, self.folder / name)
        self.copied += 1
        return f"{self.folder.name}/{name}"
