"""Behaviour logs: read CSV or JSON Lines rows ``date, sku, content_id or variant, scenario, impressions, clicks,
add_to_cart, orders``, check each one, and store the good ones in an account.

Every bad row is reported as ``line N: reason`` and the rest go on. A row's key is (date, sku, variant, scenario):
a key repeated within a file is an error (the first occurrence wins), and a key already stored is *replaced* by the
file's counts, so importing the same file twice, or a corrected export, never double-counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.catalog.csv_reader import CsvRow, iter_csv_rows, normalise_header, sniff_delimiter
from shopforge.catalog.encoding import decode_catalog_bytes
from shopforge.catalog.errors import CatalogFormatError
from shopforge.catalog.jsonl_reader import iter_json_objects
from shopforge.catalog.records import RowError
from shopforge.store.behaviour import (
    EventCounts,
    EventKey,
    EventWrite,
    content_products,
    product_ids_by_sku,
    write_events,
)
from shopforge.store.models import Account

COUNT_FIELDS = ("impressions", "clicks", "add_to_cart", "orders")
REQUIRED_FIELDS = ("date", "sku", "scenario", "impressions", "clicks")
OPTIONAL_COUNTS = ("add_to_cart", "orders")  # absent or blank means 0: many ad exports stop at clicks
_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "日期"),
    "sku": ("sku", "商品编码", "货号"),
    "content_id": ("content_id", "content id", "content"),
    "variant": ("variant", "arm", "variant id", "版本"),
    "scenario": ("scenario", "placement", "channel", "场景"),
    "impressions": ("impressions", "views", "exposures", "曝光", "展现"),
    "clicks": ("clicks", "点击"),
    "add_to_cart": ("add_to_cart", "add to cart", "carts", "加购"),
    "orders": ("orders", "purchases", "conversions", "订单", "成交"),
}
_FIELD_OF = {normalise_header(alias): name for name, aliases in _ALIASES.items() for alias in aliases}
_MAX_LENGTH = {"sku": 128, "variant": 128, "scenario": 64}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
_EARLIEST = date(2000, 1, 1)
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")


@dataclass(frozen=True)
class LogRow:
    line: int
    key: EventKey
    counts: EventCounts
    content_id: int | None = None


@dataclass
class LogReadResult:
    rows: list[LogRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class LogImportReport:
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0  # already stored with the same counts (a re-import): skipped
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Rows accepted from the file, whether they were new, replaced stored counts, or matched them."""
        return self.inserted + self.replaced + self.unchanged


class RowProblem(ValueError):
    """Why one row cannot be used; the reader turns it into ``line N: reason``."""


def read_logs(path: Path, *, today: date | None = None) -> LogReadResult:
    return read_logs_data(path.read_bytes(), path.name, today=today)


def read_logs_data(data: bytes, filename: str, *, today: date | None = None) -> LogReadResult:
    """Parse and check rows (JSON Lines for .jsonl/.ndjson/.json, CSV otherwise); duplicates within the file are
    errors. ``today`` bounds dates (default: today in UTC, plus one day for shops east of UTC)."""
    latest = today if today is not None else datetime.now(UTC).date() + timedelta(days=1)
    try:
        text, _ = decode_catalog_bytes(data)
    except CatalogFormatError as exc:
        return LogReadResult(errors=[RowError(1, str(exc))])
    is_jsonl = filename.lower().endswith((".jsonl", ".ndjson", ".json"))
    result = LogReadResult()
    first_line: dict[EventKey, int] = {}
    for line, fields in _iter_jsonl(text) if is_jsonl else _iter_csv(text):
        try:
            if isinstance(fields, str):
                raise RowProblem(fields)
            row = parse_row(fields, line, latest)
            if row.key in first_line:
                raise RowProblem(f"duplicate row: same date, sku, variant and scenario as line {first_line[row.key]}")
        except RowProblem as exc:
            result.errors.append(RowError(line, str(exc)))
            continue
        first_line[row.key] = line
        result.rows.append(row)
    return result


def _iter_jsonl(text: str) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    for line_number, value in iter_json_objects(text):
        if isinstance(value, str):
            yield line_number, value
        else:
            yield line_number, {_FIELD_OF.get(normalise_header(str(k)), str(k)): v for k, v in value.items()}


def _iter_csv(text: str) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    rows = iter_csv_rows(text, sniff_delimiter(text))
    header = next(rows, None)
    if header is None:
        return
    if not isinstance(header, CsvRow):
        yield header
        return
    names = [_FIELD_OF.get(normalise_header(cell), normalise_header(cell)) for cell in header.cells]
    missing = [name for name in REQUIRED_FIELDS if name not in names]
    if "variant" not in names and "content_id" not in names:
        missing.append("variant or content_id")
    if missing:
        yield header.line, f"missing column(s): {', '.join(missing)}; no row can be read"
        return
    for row in rows:
        if not isinstance(row, CsvRow):
            yield row
        elif len(row.cells) > len(names):
            yield row.line, f"{len(row.cells)} cells but the header has {len(names)} columns"
        else:
            yield row.line, dict(zip(names, row.cells, strict=False))


def parse_row(fields: Mapping[str, Any], line: int, latest: date) -> LogRow:
    """One checked row; raises RowProblem naming the first thing wrong with it."""
    sku = _text(fields, "sku", required=True)
    scenario = _text(fields, "scenario", required=True).lower()
    content_id = _content_id(fields.get("content_id"))
    variant = _text(fields, "variant", required=False)
    if not variant:
        if content_id is None:
            raise RowProblem("needs a variant or a content_id")
        variant = f"content:{content_id}"
    counts = EventCounts(**{name: _count(fields, name) for name in COUNT_FIELDS})
    _check_funnel(counts)
    day = _day(fields.get("date"), latest)
    return LogRow(line=line, key=EventKey(day, sku, variant, scenario), counts=counts, content_id=content_id)


def _text(fields: Mapping[str, Any], name: str, *, required: bool) -> str:
    value = fields.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # a numeric SKU in JSON
    if value is not None and not isinstance(value, str):
        raise RowProblem(f"{name} must be text, got {type(value).__name__}")
    text = " ".join((value or "").split())
    if required and not text:
        raise RowProblem(f"missing {name}")
    if len(text) > _MAX_LENGTH[name]:
        raise RowProblem(f"{name} is longer than {_MAX_LENGTH[name]} characters")
    return text


def _content_id(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _integer(value, "content_id")
    if number <= 0:
        raise RowProblem(f"content_id must be a positive integer, got {value!r}")
    return number


def _count(fields: Mapping[str, Any], name: str) -> int:
    value = fields.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if name in OPTIONAL_COUNTS:
            return 0
        raise RowProblem(f"missing {name}")
    number = _integer(value, name)
    if number < 0:
        raise RowProblem(f"negative {name} ({number})")
    return number


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise RowProblem(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(float(value.strip()))
    raise RowProblem(f"{name} must be a whole number, got {value!r}")


def _check_funnel(counts: EventCounts) -> None:
    if counts.clicks > counts.impressions:
        raise RowProblem(f"clicks ({counts.clicks}) > impressions ({counts.impressions})")
    if counts.add_to_cart > counts.clicks:
        raise RowProblem(f"add_to_cart ({counts.add_to_cart}) > clicks ({counts.clicks})")
    if counts.orders > counts.clicks:
        raise RowProblem(f"orders ({counts.orders}) > clicks ({counts.clicks})")


def _day(value: Any, latest: date) -> date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RowProblem("missing date")
    text = str(value).strip()
    parsed = None
    for pattern in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    if parsed is None:
        raise RowProblem(f"unreadable date {text!r} (expected YYYY-MM-DD)")
    if parsed > latest:
        raise RowProblem(f"date {parsed.isoformat()} is in the future")
    if parsed < _EARLIEST:
        raise RowProblem(f"date {parsed.isoformat()} is before {_EARLIEST.isoformat()}")
    return parsed


def import_logs(session: Session, account: Account, path: Path, *, today: date | None = None) -> LogImportReport:
    return import_rows(session, account, read_logs(path, today=today))


def import_rows(session: Session, account: Account, result: LogReadResult) -> LogImportReport:
    """Resolve each row's SKU and content in the account, then store the rows that resolve."""
    report = LogImportReport(errors=list(result.errors))
    product_of_sku = product_ids_by_sku(session, account, (row.key.sku for row in result.rows))
    product_of_content = content_products(
        session, account, (row.content_id for row in result.rows if row.content_id is not None)
    )
    writes = []
    for row in result.rows:
        product_id = product_of_sku.get(row.key.sku)
        if product_id is None:
            report.errors.append(RowError(row.line, f"unknown sku {row.key.sku!r} in account {account.name!r}"))
            continue
        if row.content_id is not None and product_of_content.get(row.content_id) != product_id:
            reason = (
                f"content_id {row.content_id} is not content of sku {row.key.sku!r}"
                if row.content_id in product_of_content
                else f"unknown content_id {row.content_id} in account {account.name!r}"
            )
            report.errors.append(RowError(row.line, reason))
            continue
        writes.append(EventWrite(row.key, row.counts, product_id, row.content_id))
    counts = write_events(session, account, writes)
    report.inserted, report.replaced, report.unchanged = counts.inserted, counts.updated, counts.unchanged
    report.errors.sort(key=lambda error: error.line)
    return report
