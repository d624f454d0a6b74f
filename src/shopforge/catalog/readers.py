"""Entry points: turn a catalogue file (path or uploaded bytes) into ``ReadResult(records, errors)``.

Formats: ``.jsonl`` / ``.ndjson`` (one JSON object per line), ``.csv`` / ``.tsv`` (generic columns, or a
Shopify product export recognised by its header). Pure functions: no database, no network.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from shopforge.catalog.csv_reader import (
    DELIMITERS,
    CsvRow,
    CsvTable,
    find_header_index,
    is_catalog_header,
    iter_csv_rows,
    read_generic_rows,
    sniff_delimiter,
    split_at_header,
)
from shopforge.catalog.encoding import decode_catalog_bytes
from shopforge.catalog.errors import CatalogFormatError
from shopforge.catalog.jsonl_reader import read_jsonl_text
from shopforge.catalog.records import ReadResult, RowError
from shopforge.catalog.shopify_reader import is_shopify_header, read_shopify_rows

__all__ = ["SUPPORTED_EXTENSIONS", "CatalogFormatError", "read_catalog", "read_catalog_data", "read_csv_text"]

_JSONL_EXTENSIONS = (".jsonl", ".ndjson")
_CSV_EXTENSIONS = (".csv", ".tsv")
SUPPORTED_EXTENSIONS = _JSONL_EXTENSIONS + _CSV_EXTENSIONS
# Excel and report tools leave a title line ("Products export"), a line of ;;;; or a lone BOM before the header:
# up to this many non-blank rows are skipped, each reported as a note, before a file counts as having no header.
MAX_STRAY_ROWS = 5
_HEADER_PROBE_CHARS = 1024 * 1024  # the header is looked for in the file's first MiB, under each delimiter
_NO_HEADER = (
    'a Shopify export needs "Handle" or "URL handle" with "Title", "Vendor", "SKU"…; '
    'a CSV catalogue needs columns such as "sku" and "title"'
)


def read_catalog(path: Path) -> ReadResult:
    """Read a catalogue file; raises CatalogFormatError for an unsupported or unreadable file."""
    _check_extension(path.name)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CatalogFormatError(f"{path} is a directory, not a catalogue file") from None
    return read_catalog_data(data, path.name)


def read_catalog_data(data: bytes, filename: str) -> ReadResult:
    """Read an uploaded catalogue; ``filename`` (only its extension matters) selects the format."""
    suffix = _check_extension(filename)
    text, encoding = decode_catalog_bytes(data)
    if suffix in _JSONL_EXTENSIONS:
        result = read_jsonl_text(text)
    else:
        result = read_csv_text(text, delimiter="\t" if suffix == ".tsv" else None)
    result.encoding = encoding
    return result


def read_csv_text(text: str, delimiter: str | None = None) -> ReadResult:
    """Generic or Shopify CSV, chosen by the header row: the first row, or a later one of the first few when the
    rows before it are stray lines. Line numbers stay the file's own."""
    located = _locate_header(text, delimiter)
    if located is None:
        return _without_header(text, delimiter or sniff_delimiter(text))
    chosen, header_index = located
    table = split_at_header(iter_csv_rows(text, chosen), header_index)
    if is_shopify_header(table.header):
        result = read_shopify_rows(table.rows, table.header)
    else:
        result = read_generic_rows(table.rows, table.header)
    if table.stray and result.records:  # ReadResult has no file-level notes: the first product carries them
        result.records[0].notes[:0] = _stray_notes(table)
    return result


def _is_header(header: list[str]) -> bool:
    return is_shopify_header(header) or is_catalog_header(header)


def _locate_header(text: str, delimiter: str | None) -> tuple[str, int] | None:
    """The delimiter and the position of the header among the first rows. The sniffed delimiter is tried first;
    the others only when they find the header sooner (a title line has no delimiter to sniff, ``;;;;`` a wrong one)."""
    probe = text[:_HEADER_PROBE_CHARS]
    sniffed = delimiter or sniff_delimiter(probe)
    candidates = [sniffed] if delimiter else [sniffed, *(other for other in DELIMITERS if other != sniffed)]
    best: tuple[str, int] | None = None
    for candidate in candidates:
        index = find_header_index(iter_csv_rows(probe, candidate), _is_header, MAX_STRAY_ROWS + 1)
        if index is not None and (best is None or index < best[1]):
            best = (candidate, index)
        if best is not None and best[1] == 0:
            break
    return best


def _without_header(text: str, delimiter: str) -> ReadResult:
    first = next(iter_csv_rows(text, delimiter), None)
    if first is None:
        return ReadResult(errors=[], format="csv")  # an empty file has no rows to reject
    line, shown = (first.line, _preview(first)) if isinstance(first, CsvRow) else (first[0], first[1])
    reason = (
        f"no header row found in the first {MAX_STRAY_ROWS + 1} non-blank lines "
        f'(line {line} is "{shown}"): {_NO_HEADER}'
    )
    return ReadResult(errors=[RowError(line=line, reason=reason)], format="csv")


def _stray_notes(table: CsvTable) -> list[str]:
    return [
        f'line {row.line} skipped before the header (line {table.header_line}): "{_preview(row)}"'
        for row in table.stray
    ]


def _preview(row: CsvRow, limit: int = 60) -> str:
    """The row's text for a note, invisible characters spelled out ("\\ufeff") so the merchant can find them."""
    text = ", ".join(cell.strip() for cell in row.cells if cell.strip())
    shown = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _check_extension(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        shown = suffix or "no extension"
        raise CatalogFormatError(
            f"unsupported catalogue file {filename!r} ({shown}): use .jsonl (one JSON product per line), "
            ".csv (generic columns or a Shopify product export) or .tsv"
        )
    return suffix
