"""JSON Lines catalogue: one product object per physical line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from shopforge.catalog.builder import RawProduct, RecordCollector
from shopforge.catalog.fields import FieldError, describe_type, parse_attributes
from shopforge.catalog.live_content import TOP_LEVEL_METRICS
from shopforge.catalog.records import ReadResult

# Spellings seen in marketplace dumps (Flipkart: uniq_id, category_path, image_urls, discounted_price_inr).
_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "SKU", "product_id", "uniq_id"),
    "title": ("title", "name", "product_name"),
    "brand": ("brand", "vendor"),
    "category": ("category", "categories", "category_path"),
    "description": ("description", "body_html"),
    "images": ("images", "image_urls", "image"),
    "currency": ("currency",),
    "attributes": ("attributes", "specifications"),
    "content": ("content", "live_content"),
    "competitor": ("competitor", "is_competitor"),
    "metrics": ("metrics",),
    "handle": ("handle",),  # the Shopify handle: products sharing one are variants of one Shopify product
}
# Price spellings in order of preference; a currency suffix (price_inr) names the currency.
_PRICE_KEY = re.compile(r"^(?:(?P<kind>sale|discounted|retail|list)_)?price(?:_(?P<currency>[a-z]{3}))?$")
_PRICE_PREFERENCE = {"": 0, "sale": 1, "discounted": 1, "retail": 2, "list": 2}
_MAX_LISTED_UNKNOWN = 5


def iter_json_objects(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, object) for each non-blank line of JSON Lines text, or (line number, reason) for a line that is
    not a JSON object. Line numbers are physical lines (blank lines are skipped but counted)."""
    # Split on "\n" only: str.splitlines() would also split on U+2028 etc., which JSON allows inside strings.
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_number, f"invalid JSON: {exc.msg} at column {exc.colno}"
            continue
        if not isinstance(value, dict):
            yield line_number, f"expected a JSON object, got {describe_type(value)}"
            continue
        yield line_number, value


def read_jsonl_text(text: str) -> ReadResult:
    """Read JSON Lines text; line numbers are physical lines (blank lines are skipped but counted)."""
    collector = RecordCollector()
    for line_number, value in iter_json_objects(text):
        if isinstance(value, str):
            collector.reject(line_number, value)
        else:
            collector.add(raw_product_from_object(value, line_number))
    collector.result.format = "jsonl"
    return collector.result


def raw_product_from_object(obj: dict[str, Any], line: int) -> RawProduct:
    raw = RawProduct(line=line)
    used: set[str] = set()
    for name, aliases in _FIELD_ALIASES.items():
        key = next((alias for alias in aliases if alias in obj), None)
        if key is None:
            continue
        used.update(alias for alias in aliases if alias in obj)
        if name == "attributes":
            _set_attributes(raw, obj[key])
        else:
            setattr(raw, name, obj[key])
    used.update(_set_price(raw, obj))
    used.update(_set_top_level_metrics(raw, obj))
    unknown = [key for key in obj if key not in used]
    if unknown:
        listed = ", ".join(unknown[:_MAX_LISTED_UNKNOWN]) + (
            "…" if len(unknown) > _MAX_LISTED_UNKNOWN else ""
        )
        raw.notes.append(f"ignored fields: {listed}")
    return raw


def _set_attributes(raw: RawProduct, value: object) -> None:
    try:
        raw.attributes = parse_attributes(value)
    except FieldError as exc:
        raw.errors.append(str(exc))


def _set_top_level_metrics(raw: RawProduct, obj: dict[str, Any]) -> set[str]:
    """Competitor metrics given as top-level keys ("sales_rank": 12) join the ``metrics`` object."""
    found = {key: obj[key] for key in TOP_LEVEL_METRICS if key in obj}
    if found:
        raw.metrics = {**found, **(raw.metrics if isinstance(raw.metrics, dict) else {})}
    return set(found)


def _set_price(raw: RawProduct, obj: dict[str, Any]) -> set[str]:
    """Pick the preferred price key; returns every price-like key so none is reported as unknown."""
    candidates = [(key, match) for key in obj if (match := _PRICE_KEY.match(key))]
    if not candidates:
        return set()
    key, match = min(candidates, key=lambda item: _PRICE_PREFERENCE[item[1]["kind"] or ""])
    raw.price = obj[key]
    if match["currency"] and "currency" not in obj:
        raw.currency = match["currency"].upper()
    return {key for key, _ in candidates}
