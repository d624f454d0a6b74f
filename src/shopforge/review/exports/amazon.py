"""``amazon-tsv``: the listing columns of Amazon's inventory file templates, tab-separated UTF-8, one row per SKU.

Columns (attribute names as the templates' Data Definitions spell them)::

    item_sku  item_name  brand_name  bullet_point1 … bullet_point5  product_description  generic_keywords
    main_image_url  other_image_url1 … other_image_url8  update_delete

- ``item_name`` ← approved title, ≤ 200 characters including spaces (Amazon product detail page rules,
  https://sellercentral.amazon.com/gp/help/external/200390640, and title requirements,
  https://sellercentral-europe.amazon.com/help/hub/reference/external/201100890).
- ``bullet_point1…5`` ← one approved bullet line each, ≤ 500 characters (the templates' per-bullet maximum as
  reported at https://viral-launch.com/?p=1954 and https://scrb.voiddo.com/blog/amazon-bullet-points-5-bullet-framework;
  an Amazon page stating it was not located, and many categories now ask for ≤ 250 — the amazon rule pack warns
  at 250 when the copy is verified). A sixth bullet onwards is left out and reported.
- ``product_description`` ← approved description, lines joined with ``<br>`` (the only markup Amazon allows,
  https://sellercentral.amazon.com/gp/help/external/200390640), ≤ 2,000 characters, ``<br>`` counted
  (https://viral-launch.com/?p=1954; the amazon rule pack uses the same figure).
- ``generic_keywords`` ← there is no keywords copy kind, so the search terms are the approved description's
  words that the approved title and bullets do not already show (Amazon indexes those; repeating them adds
  nothing). Limit: "less than 250 bytes", i.e. ≤ 249 UTF-8 bytes, spaces counted although Amazon does not count
  them — the safe side (https://sellercentral.amazon.co.uk/gp/help/external/help.html?itemID=F2C2L6RCFZGWBXC,
  table "Search Terms | generic_keywords | 249"; https://www.sellerlabs.com/blog/amazons-250-character-indexing-maximum-means-merchants/).
- ``brand_name`` ← the catalogue brand (the merchant's data, not copy).
- ``main_image_url`` / ``other_image_url1…8`` ← the product's main image and gallery images, copied as
  ``SKU.MAIN.jpg`` / ``SKU.PT01.jpg`` … (the file names Amazon's image upload matches to a SKU); the cells hold the
  relative path — upload the folder with Manage Images, or host it and prefix the URL.
- ``update_delete`` = ``PartialUpdate``: only the cells that hold a value change on Amazon, so a field left
  empty because its copy is not approved keeps the live value
  (https://helpcenter.channable.com/hc/en-us/articles/6859724278418-Using-the-Partialupdate-type-to-send-product-information-to-Amazon).
  Paste the columns into your category's template: a file without the template's ``TemplateType`` rows and
  ``feed_product_type`` updates existing SKUs only.

Every cut is made at a word boundary and reported; tabs and newlines inside values become spaces.
"""

from __future__ import annotations

from shopforge.review.exports.context import ExportContext, Limit, MarketplaceFormat, Rows, byte_limit, char_limit
from shopforge.review.exports.images import file_safe
from shopforge.review.exports.listing import Listing
from shopforge.review.exports.text import lines, one_line, search_terms, split_bullets

BULLETS, OTHER_IMAGES = 5, 8
HEADER = (
    "item_sku", "item_name", "brand_name", *(f"bullet_point{n}" for n in range(1, BULLETS + 1)),
    "product_description", "generic_keywords", "main_image_url",
    *(f"other_image_url{n}" for n in range(1, OTHER_IMAGES + 1)), "update_delete",
)  # fmt: skip

ITEM_NAME = char_limit(200, "https://sellercentral.amazon.com/gp/help/external/200390640")
BULLET_POINT = char_limit(500, "https://viral-launch.com/?p=1954 (secondary source)")
GENERIC_KEYWORDS = byte_limit(
    249, "https://sellercentral.amazon.co.uk/gp/help/external/help.html?itemID=F2C2L6RCFZGWBXC"
)
_BR = "<br>"
# the description is cut on its "\n"-joined form, where each line break will take the 4 characters of "<br>"
PRODUCT_DESCRIPTION = Limit(
    2000, "characters", lambda text: len(text) + (len(_BR) - 1) * text.count("\n"), "https://viral-launch.com/?p=1954"
)


def amazon_rows(listings: list[Listing], ctx: ExportContext) -> Rows:
    return [_row(listing, ctx) for listing in ctx.with_copy(listings, AMAZON_TSV.kinds)]


def _row(listing: Listing, ctx: ExportContext) -> list[str]:
    sku = listing.sku
    title = ctx.copy(listing, "title", "item_name")
    bullets = [b.text for b in split_bullets(ctx.copy(listing, "bullets", "bullet_point1…5"))]
    if len(bullets) > BULLETS:
        ctx.notes.append(f"sku {sku}: {len(bullets)} bullets, Amazon takes {BULLETS}; the rest left out")
    description = ctx.copy(listing, "description", "product_description and generic_keywords")
    cells = {
        "item_sku": sku,
        "item_name": ctx.fit(sku, "item_name", one_line(title or ""), ITEM_NAME),
        "brand_name": one_line(listing.product.brand or ""),
        "product_description": _description(sku, description, ctx),
        "generic_keywords": _keywords(sku, description, [title or "", *bullets], ctx),
        "update_delete": "PartialUpdate",
    }
    for number, bullet in enumerate(bullets[:BULLETS], 1):
        cells[f"bullet_point{number}"] = ctx.fit(sku, f"bullet_point{number}", bullet, BULLET_POINT)
    cells.update(_images(listing, ctx))
    return [cells.get(column, "") for column in HEADER]


def _description(sku: str, description: str | None, ctx: ExportContext) -> str:
    text = ctx.fit(sku, "product_description", "\n".join(lines(description)), PRODUCT_DESCRIPTION)
    return text.strip().replace("\n", _BR)


def _keywords(sku: str, description: str | None, visible: list[str], ctx: ExportContext) -> str:
    if description is None:
        return ""  # the missing description is reported once, for product_description
    return ctx.fit(sku, "generic_keywords", search_terms(description, visible), GENERIC_KEYWORDS)


def _images(listing: Listing, ctx: ExportContext) -> dict[str, str]:
    images, stem = ctx.listing_images(listing), file_safe(listing.sku)
    cells = {}
    if images.main is not None:
        cells["main_image_url"] = ctx.place_image(listing.sku, images.main, f"{stem}.MAIN")
    if len(images.others) > OTHER_IMAGES:
        ctx.notes.append(
            f"sku {listing.sku}: {len(images.others)} gallery images, Amazon takes {OTHER_IMAGES}; the rest left out"
        )
    for number, image in enumerate(images.others[:OTHER_IMAGES], 1):
        cells[f"other_image_url{number}"] = ctx.place_image(listing.sku, image, f"{stem}.PT{number:02d}")
    return cells


AMAZON_TSV = MarketplaceFormat(
    name="amazon-tsv",
    header=HEADER,
    kinds=("title", "bullets", "description"),
    delimiter="\t",
    bom=False,
    rows=amazon_rows,
)
