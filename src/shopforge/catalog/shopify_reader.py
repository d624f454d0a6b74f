"""Shopify product-export CSV: one product spread over variant and image rows sharing a ``Handle``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shopforge.catalog.builder import RawProduct, RecordCollector
from shopforge.catalog.csv_reader import CsvRow, normalise_header
from shopforge.catalog.fields import AttributePair, FieldError, parse_categories, parse_price
from shopforge.catalog.records import ReadResult

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


def is_shopify_header(header: list[str]) -> bool:
    """A Shopify export: it has ``Handle`` plus at least three of the other characteristic columns."""
    names = {normalise_header(name) for name in header}
    return "handle" in names and sum(name in names for name in _SIGNATURE_COLUMNS) >= 4


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
            self.index.setdefault(normalise_header(name), position)
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
    raw = RawProduct(line=product.line)
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
