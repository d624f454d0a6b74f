"""Search query logs for the ``search`` scenario's keyword coverage: which queries concern which products.

Accepted files: JSON Lines ``{"query": str, "sku"?: str, "category"?: str}``, a CSV with a ``query`` column and
optional ``sku`` / ``category`` columns, or plain text with one query per line (applies to every product). A query
keyed by a category applies to the products in that category; a line that cannot be read is reported and skipped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from shopforge.catalog.jsonl_reader import iter_json_objects

ALL = "*"  # the key of queries that concern every product


@dataclass
class QueryLog:
    queries: dict[str, list[str]] = field(default_factory=dict)  # sku | category | "*" -> queries
    errors: list[str] = field(default_factory=list)  # "line N: reason"

    def add(self, key: str, query: str) -> None:
        bucket = self.queries.setdefault(key or ALL, [])
        if query not in bucket:
            bucket.append(query)


def read_queries(path: Path) -> QueryLog:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".jsonl":
        return _jsonl(text)
    if path.suffix.lower() == ".csv":
        return _csv(text)
    log = QueryLog()
    for line in text.splitlines():
        if line.strip():
            log.add(ALL, line.strip())
    return log


def _jsonl(text: str) -> QueryLog:
    log = QueryLog()
    for number, row in iter_json_objects(text):
        if isinstance(row, str):
            log.errors.append(f"line {number}: {row}")
        else:
            _row(log, row, number)
    return log


def _csv(text: str) -> QueryLog:
    log = QueryLog()
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        _row(log, {str(k).strip().lower(): v for k, v in row.items() if k}, number)
    return log


def _row(log: QueryLog, row: dict[str, object], number: int) -> None:
    query = row.get("query")
    if not isinstance(query, str) or not query.strip():
        log.errors.append(f"line {number}: no query")
        return
    key = next((str(row[k]).strip() for k in ("sku", "category") if row.get(k)), ALL)
    log.add(key, query.strip())
