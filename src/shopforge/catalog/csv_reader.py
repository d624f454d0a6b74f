"""Generic CSV catalogue: known columns by name (English or common Chinese ERP headers), every other column
an attribute, ``attributes`` as a JSON column, ``attr:Key`` / ``attr.Key`` prefixed columns."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from shopforge.catalog.builder import RawProduct, RecordCollector
from shopforge.catalog.fields import FieldError, parse_attributes_json
from shopforge.catalog.live_content import CSV_CONTENT_COLUMNS, set_csv_content_cell
from shopforge.catalog.records import ReadResult

# A 1 MB description must be read (and rejected with a clear reason), not trip csv's 128 KiB field limit.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
_ATTRIBUTE_PREFIX = re.compile(r"^(?:attr|attribute)\s*[:.]\s*", re.IGNORECASE)
_METRIC_PREFIX = re.compile(r"^metrics?\s*[:.]\s*", re.IGNORECASE)  # competitor metrics: metric:rating
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "item code", "sku code", "货号", "商品编码", "商家编码", "sku编码", "商品货号"),
    "title": ("title", "name", "product name", "product title", "标题", "商品标题", "商品名称", "名称"),
    "brand": ("brand", "vendor", "品牌"),
    "category": ("category", "categories", "category path", "类目", "分类", "商品类目", "商品分类"),
    "price": ("price", "sale price", "价格", "售价", "销售价", "零售价"),
    "currency": ("currency", "币种", "货币"),
    "description": ("description", "desc", "body", "body (html)", "描述", "商品描述", "详情", "商品详情"),
    "images": ("images", "image", "image urls", "image url", "图片", "主图", "图片链接"),
    "attributes": ("attributes", "属性", "商品属性"),
    "competitor": ("competitor", "is competitor"),
    "handle": ("handle",),  # the Shopify handle (a Shopify export itself is read by shopify_reader.py)
}
_FIELD_OF_HEADER = {alias: name for name, aliases in _COLUMN_ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class CsvRow:
    line: int  # physical line where the record starts (a quoted field may span lines)
    cells: list[str]


@dataclass(frozen=True)
class Column:
    index: int
    field: str | None  # a ProductRecord field, "attributes" (JSON column), or None for an attribute column
    attribute_key: str | None = None


def sniff_delimiter(text: str) -> str:
    """The delimiter that occurs most often in the first non-blank line (Excel in many locales writes ';')."""
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def iter_csv_rows(text: str, delimiter: str) -> Iterator[CsvRow | tuple[int, str]]:
    """Non-blank rows with their start line; a malformed row yields ``(line, reason)`` instead."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if reader.line_num == previous_end:  # no progress: the reader cannot go on
                yield start, f"malformed CSV: {exc}"
                return
            previous_end = reader.line_num
            yield start, f"malformed CSV: {exc}"
            continue
        previous_end = reader.line_num
        if any(cell.strip() for cell in cells):
            yield CsvRow(start, cells)


def normalise_header(name: str) -> str:
    """Case, spacing, underscores and a stray BOM do not matter: "\ufeffProduct_Image  URL" → "product image url"."""
    return " ".join(name.replace("\ufeff", "").replace("_", " ").split()).lower()


def header_cells(row: CsvRow) -> list[str]:
    """A header row's names as given (a BOM left by a second Excel save, or glued on after a stray line, removed)."""
    return [cell.replace("\ufeff", "").strip() for cell in row.cells]


def is_catalog_header(header: list[str]) -> bool:
    """A generic catalogue header names at least one known column (sku, title, price, 货号…); a stray title line
    such as "Products export" names none (and neither does a header of nothing but attribute columns)."""
    return any(column.field is not None for column in map_columns(header))


def map_columns(header: list[str]) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    for index, name in enumerate(header):
        label = name.strip()
        if not label:
            continue  # trailing delimiter or an unnamed helper column
        prefix = _ATTRIBUTE_PREFIX.match(label)
        field = _FIELD_OF_HEADER.get(normalise_header(label))
        content_part = CSV_CONTENT_COLUMNS.get(normalise_header(label))
        metric = _METRIC_PREFIX.match(label)
        if content_part:  # content_title, content_bullets, content_description: parts of the live content
            columns.append(Column(index, "content", content_part))
        elif metric or normalise_header(label) == "sales rank":
            columns.append(Column(index, "metrics", label[metric.end() :].strip() if metric else "sales_rank"))
        elif prefix:
            columns.append(Column(index, None, label[prefix.end() :].strip() or label))
        elif field is not None and field not in taken:
            taken.add(field)
            columns.append(Column(index, field))
        else:
            columns.append(Column(index, None, label))
    return columns


def read_generic_rows(rows: list[CsvRow | tuple[int, str]], header: list[str]) -> ReadResult:
    columns = map_columns(header)
    fields = {column.field for column in columns}
    collector = RecordCollector()
    for row in rows:
        if isinstance(row, tuple):
            collector.reject(*row)
            continue
        raw = raw_product_from_row(row, columns, len(header))
        for required in ("sku", "title"):
            if required not in fields:
                raw.errors.append(f'missing {required} (the header has no "{required}" column)')
        collector.add(raw)
    collector.result.format = "csv"
    return collector.result


def raw_product_from_row(row: CsvRow, columns: list[Column], header_width: int) -> RawProduct:
    raw = RawProduct(line=row.line)
    extra_cells = [cell for cell in row.cells[header_width:] if cell.strip()]
    if extra_cells:
        raw.errors.append(f"row has {len(row.cells)} fields but the header has {header_width}")
    for column in columns:
        value = row.cells[column.index] if column.index < len(row.cells) else ""
        if column.field == "attributes":
            _add_json_attributes(raw, value)
        elif column.field == "content":
            raw.content = set_csv_content_cell(raw.content, column.attribute_key or "", value)
        elif column.field == "metrics":
            metrics = raw.metrics if isinstance(raw.metrics, dict) else {}
            raw.metrics = {**metrics, column.attribute_key: value} if value.strip() else raw.metrics
        elif column.field is not None:
            setattr(raw, column.field, value)
        elif value.strip():
            raw.attributes.append((column.attribute_key, value))
    return raw


def _add_json_attributes(raw: RawProduct, value: str) -> None:
    try:
        raw.attributes.extend(parse_attributes_json(value, "attributes"))
    except FieldError as exc:
        raw.errors.append(str(exc))


@dataclass
class CsvTable:
    """A CSV split at its header row; ``stray`` are the rows before it that were skipped."""

    header: list[str]
    header_line: int
    stray: list[CsvRow]
    rows: list[CsvRow | tuple[int, str]]  # the rows after the header, and any malformed row before it


def find_header_index(
    rows: Iterable[CsvRow | tuple[int, str]], is_header: Callable[[list[str]], bool], limit: int
) -> int | None:
    """The position of the first of the first ``limit`` rows that ``is_header`` accepts (blank lines are no rows)."""
    for index, row in enumerate(islice(rows, limit)):
        if isinstance(row, CsvRow) and is_header(header_cells(row)):
            return index
    return None


def split_at_header(rows: Iterable[CsvRow | tuple[int, str]], header_index: int) -> CsvTable:
    table = CsvTable(header=[], header_line=0, stray=[], rows=[])
    for index, row in enumerate(rows):
        if index == header_index and isinstance(row, CsvRow):
            table.header, table.header_line = header_cells(row), row.line
        elif index < header_index and isinstance(row, CsvRow):
            table.stray.append(row)
        else:
            table.rows.append(row)
    return table
