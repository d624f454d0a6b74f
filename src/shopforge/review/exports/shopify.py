"""``shopify-csv``: Shopify's product CSV (classic headers), one product per ``Handle``, its variants and images below.

Columns: ``Handle, Title, Body (HTML), Vendor, Type, Tags, Published, Option1 Name, Option1 Value, Option2 Name,
Option2 Value, Option3 Name, Option3 Value, Variant SKU, Variant Price, Image Src, Image Position, SEO Title,
SEO Description`` — the names and order of Shopify's product CSV
(https://help.shopify.com/en/manual/products/import-export/using-csv). Columns Shopify has and this file leaves
out (inventory, weight, barcode…) keep their values on an overwrite import: "existing values will be used for
any missing columns".

- ``Title`` ← approved title (≤ 255 characters, https://lettercounter.org/blog/shopify-product-description-length);
  ``SEO Title`` ← the same, ≤ 70 characters ("You can enter up to 70 characters in the title", Shopify's
  "Adding keywords for SEO", as quoted at https://shopifyranked.com/shopify-seo/title-tags/).
- ``Body (HTML)`` ← each approved description line as an escaped ``<p>``, then the approved bullets as a ``<ul>``.
- ``SEO Description`` ← the approved meta_description when there is one, else the description on one line,
  ≤ 320 characters (https://lettercounter.org/blog/shopify-product-description-length: the meta description
  field takes 320).
- ``Vendor`` ← brand, ``Type`` ← the last catalogue category, ``Tags`` ← the catalogue's ``tags`` attributes,
  ``Variant SKU`` / ``Variant Price`` / ``OptionN Value`` ← each variant's, as imported: the merchant's own data,
  written back so an overwrite does not blank them. ``Published`` is left empty (Shopify then publishes, as with
  TRUE).

Handles. Shopify matches a row to an existing product by ``Handle`` only. ShopForge's Shopify import keeps one
product per handle and stores the handle (``Product.handle``) and every variant row (``Product.variants``: SKU,
option values, price; compare-at price and variant image are stored but have no column here, so Shopify keeps
its own). So the handle is ``Product.handle`` — the Shopify import's, or a catalogue's ``handle`` field; products
sharing it become one Shopify product — else the SKU for a product imported before handles were stored whose
import used the handle as SKU, else a slug of the SKU (``NL-TEE-01`` → ``nl-tee-01``; made unique with a hash when
two SKUs slug alike). A derived handle matches no existing product: importing it creates a new one, and the
report says so.

Variant rows: a product's stored variants, each with its option values (Option names from the variants' options,
in order); a product without stored variants is one variant, and when several share a handle their option columns
are the attributes whose values tell them apart. Rows for a handle's later variants and extra images leave the
product-level cells empty, as Shopify's own export does. Images: ``handle-1.jpg``, ``handle-2.png`` … next to the
file, referred to by relative path (host them, or upload them to Shopify's Files and replace the folder with the
CDN address).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shopforge.review.exports.context import ExportContext, MarketplaceFormat, Rows, char_limit
from shopforge.review.exports.listing import Listing
from shopforge.review.exports.text import html_body, lines, one_line, split_bullets

HEADER = (
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
    "Variant SKU", "Variant Price", "Image Src", "Image Position", "SEO Title", "SEO Description",
)  # fmt: skip
TITLE = char_limit(255, "https://lettercounter.org/blog/shopify-product-description-length")
SEO_TITLE = char_limit(70, "https://shopifyranked.com/shopify-seo/title-tags/ (Shopify 'Adding keywords for SEO')")
SEO_DESCRIPTION = char_limit(320, "https://lettercounter.org/blog/shopify-product-description-length")
SKU_IS_HANDLE = "sku: no Variant SKU, the handle is used"  # the note ShopForge's Shopify import leaves
_NOT_OPTIONS = frozenset({"tags", "feature"})
_DEFAULT_OPTION = ("Title", "Default Title")  # what Shopify writes for a product without options
_TITLE, _BODY = HEADER.index("Title"), HEADER.index("Body (HTML)")


@dataclass
class _Product:
    handle: str
    known: bool  # the handle came from the catalogue (it can match the product in Shopify)
    members: list[Listing]  # the ShopForge products under the handle, in catalogue order


@dataclass
class _Variant:
    """One variant row: a stored variant of ``member``, or ``member`` itself when it has none stored."""

    member: Listing
    sku: str
    price: float | None
    options: dict[str, str] | None  # None: not stored; the member's attributes tell the variants apart


def shopify_rows(listings: list[Listing], ctx: ExportContext) -> Rows:
    rows: Rows = []
    blanks = 0  # products whose Title or Body (HTML) is empty
    for product in _by_handle(listings):
        lead = next((m for m in product.members if any(k in m.approved for k in SHOPIFY_CSV.kinds)), None)
        if lead is None:
            skus = ", ".join(m.sku for m in product.members)
            ctx.notes.append(f"sku {skus}: no approved {', '.join(SHOPIFY_CSV.kinds)}; left out of the file")
            continue
        product_rows = _product_rows(product, lead, ctx)
        blanks += not product_rows[0][_TITLE] or not product_rows[0][_BODY]
        rows += product_rows
    if blanks:
        ctx.notes.append(
            f"shopify-csv: {blanks} product(s) with an empty Title or Body (HTML); importing with 'Overwrite "
            "products with matching handles' blanks the live value — approve the copy first, or do not overwrite"
        )
    return rows


def _product_rows(product: _Product, lead: Listing, ctx: ExportContext) -> Rows:
    variants = _variants(product)
    names, values = _options(product, variants, ctx.notes)
    first = {**_product_cells(lead, ctx), "Handle": product.handle}
    if not product.known:
        ctx.notes.append(
            f"sku {lead.sku}: no Shopify handle in the catalogue; '{product.handle}' is derived from the SKU, so "
            "importing creates a new Shopify product (it cannot update an existing one)"
        )
    for number, name in enumerate(names, 1):
        first[f"Option{number} Name"] = name
    rows: list[dict[str, str]] = []
    for variant, variant_values in zip(variants, values, strict=True):
        cells = first if not rows else {"Handle": product.handle}
        cells.update({"Variant SKU": variant.sku, "Variant Price": _price(variant.price)})
        cells.update({f"Option{n} Value": value for n, value in enumerate(variant_values, 1)})
        rows.append(cells)
    for member in product.members:
        if member is not lead and member.approved:
            ctx.notes.append(f"sku {member.sku}: a variant of '{product.handle}'; the product's copy is {lead.sku}'s")
    _add_images(product, rows, ctx)
    return [[cells.get(column, "") for column in HEADER] for cells in rows]


def _variants(product: _Product) -> list[_Variant]:
    variants = []
    for member in product.members:
        stored = [_stored_variant(member, item) for item in member.product.variants or [] if isinstance(item, dict)]
        variants += stored or [_Variant(member, member.sku, member.product.price, None)]
    return variants


def _stored_variant(member: Listing, item: dict[str, Any]) -> _Variant:
    options, price = item.get("options"), item.get("price")
    return _Variant(
        member,
        str(item.get("sku") or ""),  # a variant Shopify gave no SKU gets none back
        float(price) if isinstance(price, int | float) and not isinstance(price, bool) else None,
        {str(name): str(value) for name, value in options.items()} if isinstance(options, dict) else {},
    )


def _product_cells(lead: Listing, ctx: ExportContext) -> dict[str, str]:
    sku, attributes, categories = lead.sku, lead.product.attributes, lead.product.categories
    title = one_line(ctx.copy(lead, "title", "Title and SEO Title") or "")
    meta = ctx.copy(lead, "meta_description", "SEO Description", required=False)
    description = ctx.copy(lead, "description", "Body (HTML) text" + ("" if meta else " and SEO Description"))
    bullets = split_bullets(ctx.copy(lead, "bullets", "Body (HTML) bullet list"))
    summary = meta or " ".join(lines(description))
    return {
        "Title": ctx.fit(sku, "Title", title, TITLE),
        "Body (HTML)": html_body(description, bullets),
        "Vendor": one_line(lead.product.brand or ""),
        "Type": str(categories[-1]) if categories else "",
        "Tags": ", ".join(str(value) for key, value in attributes if _plain(key) == "tags"),
        "SEO Title": ctx.fit(sku, "SEO Title", title, SEO_TITLE),
        "SEO Description": ctx.fit(sku, "SEO Description", one_line(summary), SEO_DESCRIPTION),
    }


def _add_images(product: _Product, rows: list[dict[str, str]], ctx: ExportContext) -> None:
    """Image n goes on row n (Shopify's layout); images beyond the variant rows get rows of their own."""
    refs: list[str] = []
    for member in product.members:
        for image in ctx.listing_images(member).all:
            ref = ctx.place_image(member.sku, image, f"{product.handle}-{len(refs) + 1}")
            if ref:
                refs.append(ref)
    for position, ref in enumerate(refs, 1):
        if position > len(rows):
            rows.append({"Handle": product.handle})
        rows[position - 1].update({"Image Src": ref, "Image Position": str(position)})


def _price(price: float | None) -> str:
    return "" if price is None else f"{price:.2f}"


def _options(product: _Product, variants: list[_Variant], notes: list[str]) -> tuple[list[str], list[list[str]]]:
    """Option names and each variant row's values: the stored variants' own, else from the attributes."""
    if all(variant.options is None for variant in variants):
        return _attribute_options(product, notes)
    names = list(dict.fromkeys(name for variant in variants for name in variant.options or {}))[:3]
    if len(variants) == 1 and not names:
        return [_DEFAULT_OPTION[0]], [[_DEFAULT_OPTION[1]]]
    values = [
        [(v.options.get(name) if v.options is not None else _value(v.member, name)) or "" for name in names]
        for v in variants
    ]  # fmt: skip
    if not names or not all(all(row) for row in values) or len({tuple(row) for row in values}) < len(values):
        notes.append(f"handle {product.handle}: its variants' options do not tell them apart; Option1 is the SKU")
        return ["SKU"], [[variant.sku] for variant in variants]
    return names, values


def _attribute_options(product: _Product, notes: list[str]) -> tuple[list[str], list[list[str]]]:
    """Option names and each product's values: the attributes whose values tell the products apart."""
    members = product.members
    if len(members) == 1:
        _note_folded_variants(members[0], product.known, notes)
        return [_DEFAULT_OPTION[0]], [[_DEFAULT_OPTION[1]]]
    names = [key for key in _keys(members[0]) if len({_value(m, key) for m in members} - {None}) > 1]
    names = [key for key in names if all(_value(m, key) is not None for m in members)][:3]
    values = [[_value(m, key) or "" for key in names] for m in members]
    if not names or len({tuple(v) for v in values}) < len(members):
        notes.append(f"handle {product.handle}: no attribute tells its variants apart; Option1 is the SKU")
        return ["SKU"], [[m.sku] for m in members]
    return names, values


def _keys(listing: Listing) -> list[str]:
    return list(dict.fromkeys(str(k) for k, _ in listing.product.attributes if _plain(k) not in _NOT_OPTIONS))


def _plain(key: object) -> str:
    return " ".join(str(key).lower().split())


def _value(listing: Listing, key: str) -> str | None:
    values = {str(v) for k, v in listing.product.attributes if str(k) == key}
    return values.pop() if len(values) == 1 else None


def _note_folded_variants(listing: Listing, known_handle: bool, notes: list[str]) -> None:
    """A Shopify product with variants comes in as one SKU with several values per option: say what that means."""
    keys = [str(k) for k, _ in listing.product.attributes if _plain(k) not in _NOT_OPTIONS]
    folded = [key for key in dict.fromkeys(keys) if keys.count(key) > 1]
    if folded:
        consequence = "; an overwrite import would replace the others" if known_handle else ""
        notes.append(
            f"sku {listing.sku}: several values for {', '.join(folded)} (a product with variants?); ShopForge keeps "
            f"one SKU per product, so this file has one variant{consequence}"
        )


def _by_handle(listings: Sequence[Listing]) -> list[_Product]:
    known = {listing.product.id: handle for listing in listings if (handle := catalogue_handle(listing))}
    taken = set(known.values())
    products: dict[str, _Product] = {}
    for listing in listings:
        handle = known.get(listing.product.id)
        if handle is None:
            handle = _unique(sku_slug(listing.sku), taken, listing.sku)
            taken.add(handle)
        products.setdefault(handle, _Product(handle, listing.product.id in known, [])).members.append(listing)
    return list(products.values())


def catalogue_handle(listing: Listing) -> str | None:
    """The handle the catalogue gave (Shopify handles are lower case); for a product imported before handles were
    stored, its SKU when the import took the handle as SKU."""
    if listing.product.handle and listing.product.handle.strip():
        return listing.product.handle.strip().lower()
    return listing.sku.lower() if SKU_IS_HANDLE in listing.product.import_notes else None


def sku_slug(sku: str) -> str:
    """Lower-case ASCII letters and digits joined by "-": stable for a SKU, valid as a Shopify handle."""
    ascii_sku = unicodedata.normalize("NFKD", sku).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_sku.lower()).strip("-") or f"sku-{_digest(sku)}"


def _unique(handle: str, taken: set[str], sku: str) -> str:
    return handle if handle not in taken else f"{handle}-{_digest(sku)}"


def _digest(sku: str) -> str:
    return hashlib.sha1(sku.encode("utf-8")).hexdigest()[:8]


SHOPIFY_CSV = MarketplaceFormat(
    name="shopify-csv",
    header=HEADER,
    kinds=("title", "bullets", "description"),
    delimiter=",",
    bom=False,
    rows=shopify_rows,
)
