"""Shopify product-export CSV: one product spread over variant and image rows sharing a ``Handle``.

Both header generations are read: the classic names ("Handle", "Body (HTML)", "Variant SKU", "Image Src") and the
current template's ("URL handle", "Description", "SKU", "Product image URL"), which ``CURRENT_TO_CLASSIC`` maps
onto the classic ones so the rest of the reader speaks one vocabulary.

A handle's rows become one ShopForge product: the first variant's SKU and price, every option value as an attribute
(copy is written from them). The handle and each variant row (SKU, option values, price, compare-at price, variant
image) are kept on the record too, so an export can write the product back under its handle and Shopify updates it
in place instead of creating a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shopforge.catalog.builder import RawProduct, RawVariant, RecordCollector
from shopforge.catalog.csv_reader import CsvRow, normalise_header
from shopforge.catalog.fields import AttributePair, FieldError, parse_categories, parse_price
from shopforge.catalog.records import ReadResult

# Current header (help.shopify.com/en/manual/products/import-export/using-csv and its product_template.csv) →
# the classic header it replaced, both as normalise_header gives them. Names that only changed case ("Option1
# name", "Product category", "Image alt text", "SEO title", "Gift card", "Cost per item", "Status") need no entry.
# Only handle, title, description, vendor, category, type, tags, SKU, options, price, images and metafields are
# read; the rest are mapped so a mixed or renamed file still lines up, and are ignored as in a classic export.
CURRENT_TO_CLASSIC: dict[str, str] = {
    "url handle": "handle",
    "description": "body (html)",
    "published on online store": "published",
    "sku": "variant sku",
    "barcode": "variant barcode",
    "price": "variant price",
    "compare-at price": "variant compare at price",
    "charge tax": "variant taxable",
    "tax code": "variant tax code",
    "inventory tracker": "variant inventory tracker",
    "inventory quantity": "variant inventory qty",
    "continue selling when out of stock": "variant inventory policy",
    "weight value (grams)": "variant grams",
    "weight unit for display": "variant weight unit",
    "requires shipping": "variant requires shipping",
    "fulfillment service": "variant fulfillment service",
    "product image url": "image src",
    "variant image url": "variant image",
    "compare-at price / international": "compare at price / international",
}
_SIGNATURE_COLUMNS = (
    "handle",
    "title",
    "body (html)",
    "vendor",
    "variant sku",
    "option1 name",
    "variant price",
)
_OPTION_NUMBERS = (1, 2, 3)
_METAFIELD_COLUMN = re.compile(r"^(?P<label>.+?)\s*\(product\.metafields\.[^)]*\)$", re.IGNORECASE)
_DEFAULT_OPTION = ("title", "default title")  # what Shopify writes for a product without options


def classic_column_name(name: str) -> str:
    """The classic Shopify name of a header cell, normalised: "Product image URL" → "image src"."""
    normalised = normalise_header(name)
    return CURRENT_TO_CLASSIC.get(normalised, normalised)


def is_shopify_header(header: list[str]) -> bool:
    """A Shopify export: ``Handle`` (classic) or ``URL handle`` (current) plus at least three of the other
    characteristic columns. With a classic ``Handle`` only classic names count, so a plain catalogue with a
    ``handle`` column next to ``sku``, ``price`` and ``description`` stays a plain catalogue."""
    names = {normalise_header(name) for name in header}
    if "handle" not in names:
        if "url handle" not in names:
            return False
        names = {CURRENT_TO_CLASSIC.get(name, name) for name in names}
    return sum(name in names for name in _SIGNATURE_COLUMNS) >= 4


@dataclass
class _ShopifyProduct:
    handle: str
    line: int  # where the product's first row starts: all of its errors are reported there
    rows: list[CsvRow] = field(default_factory=list)


class _Columns:
    """Cell access by normalised Shopify column name."""

    def __init__(self, header: list[str]) -> None:
        self.index: dict[str, int] = {}
        for position, name in enumerate(header):
            self.index.setdefault(classic_column_name(name), position)
        self.metafields = [
            (position, match["label"].strip())
            for position, name in enumerate(header)
            if (match := _METAFIELD_COLUMN.match(name.strip()))
        ]

    def cell(self, row: CsvRow, name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(row.cells):
            return ""
        return row.cells[position].strip()

    def first(self, rows: list[CsvRow], name: str) -> str:
        return next((value for row in rows if (value := self.cell(row, name))), "")


def read_shopify_rows(rows: list[CsvRow | tuple[int, str]], header: list[str]) -> ReadResult:
    columns = _Columns(header)
    collector = RecordCollector()
    products: dict[str, _ShopifyProduct] = {}
    for row in rows:
        if isinstance(row, tuple):
            collector.reject(*row)
            continue
        handle = columns.cell(row, "handle")
        if not handle:
            collector.reject(row.line, "missing Handle (every row of a Shopify export names its product)")
            continue
        products.setdefault(handle, _ShopifyProduct(handle, row.line)).rows.append(row)
    for product in products.values():
        collector.add(_raw_product(product, columns))
    collector.result.errors.sort(key=lambda error: error.line)
    collector.result.format = "shopify"
    return collector.result


def _raw_product(product: _ShopifyProduct, columns: _Columns) -> RawProduct:
    rows = product.rows
    raw = RawProduct(line=product.line, handle=product.handle)
    raw.sku = columns.first(rows, "variant sku") or product.handle
    if not columns.first(rows, "variant sku"):
        raw.notes.append("sku: no Variant SKU, the handle is used")
    raw.title = columns.first(rows, "title")
    raw.brand = columns.first(rows, "vendor")
    raw.description = columns.first(rows, "body (html)")
    raw.category = _categories(rows, columns)
    raw.price = _price(rows, columns, raw)
    raw.images = list(dict.fromkeys(
        value for row in rows for name in ("image src", "variant image") if (value := columns.cell(row, name))
    ))  # fmt: skip
    raw.attributes = _options(rows, columns) + _tags(rows, columns) + _metafields(rows, columns)
    raw.variants = _variants(rows, columns, raw)
    return raw


def _categories(rows: list[CsvRow], columns: _Columns) -> list[str]:
    categories = parse_categories(columns.first(rows, "product category") or None)
    product_type = columns.first(rows, "type")
    if product_type and product_type not in categories:
        categories.append(product_type)
    return categories


def _price(rows: list[CsvRow], columns: _Columns, raw: RawProduct) -> str | None:
    """The first variant's price; every variant price is checked so a bad one is reported."""
    prices: list[str] = []
    for row in rows:
        value = columns.cell(row, "variant price")
        if not value:
            continue
        try:
            parse_price(value)
        except FieldError as exc:
            raw.errors.append(f"{exc} (variant on line {row.line})")
            continue
        prices.append(value)
    if len(set(prices)) > 1:
        raw.notes.append(
            f"price: variants are priced differently ({', '.join(dict.fromkeys(prices))}); first kept"
        )
    return prices[0] if prices else None


def _variants(rows: list[CsvRow], columns: _Columns, raw: RawProduct) -> list[RawVariant]:
    """One per row with a SKU, an option value or a price (the others are image rows), in file order."""
    names = [(number, columns.first(rows, f"option{number} name")) for number in _OPTION_NUMBERS]
    variants = []
    for row in rows:
        values = [(name, columns.cell(row, f"option{number} value")) for number, name in names]
        sku, price = columns.cell(row, "variant sku"), columns.cell(row, "variant price")
        if not (sku or price or any(value for _, value in values)):
            continue
        options = [(n, v) for n, v in values if n and v and (n.lower(), v.lower()) != _DEFAULT_OPTION]
        compare_at = columns.cell(row, "variant compare at price")
        variants.append(
            RawVariant(
                row.line, sku, options,
                price=_amount(price),  # a bad price is reported by _price (the product is rejected)
                compare_at_price=_compare_at_price(compare_at, row.line, raw),
                image=columns.cell(row, "variant image"),
            )
        )  # fmt: skip
    return variants


def _amount(value: str) -> float | None:
    try:
        return parse_price(value)[0] if value else None
    except FieldError:
        return None


def _compare_at_price(value: str, line: int, raw: RawProduct) -> float | None:
    """ShopForge never used a compare-at price before it kept variants: a bad one is noted, not an error."""
    amount = _amount(value)
    if value and amount is None:
        raw.notes.append(f'compare-at price: "{value}" is not a price (variant on line {line}); left empty')
    return amount


def _options(rows: list[CsvRow], columns: _Columns) -> list[AttributePair]:
    pairs: list[AttributePair] = []
    for number in _OPTION_NUMBERS:
        name = columns.first(rows, f"option{number} name")
        if not name:
            continue
        values = dict.fromkeys(value for row in rows if (value := columns.cell(row, f"option{number} value")))
        for value in values:
            if (name.lower(), value.lower()) != _DEFAULT_OPTION:
                pairs.append((name, value))
    return pairs


def _tags(rows: list[CsvRow], columns: _Columns) -> list[AttributePair]:
    tags = columns.first(rows, "tags")
    return [("tags", tag.strip()) for tag in tags.split(",") if tag.strip()]


def _metafields(rows: list[CsvRow], columns: _Columns) -> list[AttributePair]:
    """Columns such as ``Color (product.metafields.shopify.color-pattern)``; lists are ``;``-separated."""
    pairs: list[AttributePair] = []
    for position, label in columns.metafields:
        value = next((cells[position] for cells in (row.cells for row in rows) if _has(cells, position)), "")
        pairs.extend((label, item.strip()) for item in value.split(";") if item.strip())
    return pairs


def _has(cells: list[str], position: int) -> bool:
    return position < len(cells) and bool(cells[position].strip())
