"""Entry points: turn a catalogue file (path or uploaded bytes) into ``ReadResult(records, errors)``.

Formats: ``.jsonl`` / ``.ndjson`` (one JSON object per line), ``.csv`` / ``.tsv`` (generic columns, or a
Shopify product export recognised by its header). Pure functions: no database, no network.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from shopforge.catalog.csv_reader import iter_csv_rows, read_generic_rows, sniff_delimiter, split_header
from shopforge.catalog.encoding import decode_catalog_bytes
from shopforge.catalog.errors import CatalogFormatError
from shopforge.catalog.jsonl_reader import read_jsonl_text
from shopforge.catalog.records import ReadResult
from shopforge.catalog.shopify_reader import is_shopify_header, read_shopify_rows

__all__ = ["SUPPORTED_EXTENSIONS", "CatalogFormatError", "read_catalog", "read_catalog_data", "read_csv_text"]

_JSONL_EXTENSIONS = (".jsonl", ".ndjson")
_CSV_EXTENSIONS = (".csv", ".tsv")
SUPPORTED_EXTENSIONS = _JSONL_EXTENSIONS + _CSV_EXTENSIONS


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
    """Generic or Shopify CSV, chosen by the header row (line 1 unless the file starts with blank lines)."""
    header, rows = split_header(iter_csv_rows(text, delimiter or sniff_delimiter(text)))
    if not header:
        return ReadResult(errors=[], format="csv")  # an empty file has no rows to reject
    if is_shopify_header(header):
        return read_shopify_rows(rows, header)
    return read_generic_rows(rows, header)


def _check_extension(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        shown = suffix or "no extension"
        raise CatalogFormatError(
            f"unsupported catalogue file {filename!r} ({shown}): use .jsonl (one JSON product per line), "
            ".csv (generic columns or a Shopify product export) or .tsv"
        )
    return suffix
