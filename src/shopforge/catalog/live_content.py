"""Live listing content and competitor fields of a catalogue record.

A record may carry the content that is live on the marketplace now: ``"content": {"title": str, "bullets":
[str], "description": str}`` in JSONL (bullets may also be one string split on new lines or ``|``), or the CSV
columns ``content_title``, ``content_bullets`` and ``content_description``. Import keeps it as the product's current
content, versioned (``store/versions.py``). A competitor's listing is the same schema plus ``"competitor": true``
and optional ``metrics`` (``sales_rank``, ``rating``, ``review_count``…; top-level ``sales_rank``, ``rating`` and
``review_count`` keys and ``metric:<name>`` CSV columns are read as metrics too).

Live text is sanitised like every other field (HTML, invisible characters, prompt-injection clauses, with a note);
a wrong shape is a reason for the row, never a crash.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from shopforge.catalog.fields import FieldError, describe_type, parse_images
from shopforge.copywriting.kinds import BULLET_MARKER

CONTENT_KEYS = ("title", "bullets", "description", "images")
CSV_CONTENT_COLUMNS = {"content title": "title", "content bullets": "bullets", "content description": "description"}
TOP_LEVEL_METRICS = ("sales_rank", "rating", "review_count")
MAX_BULLETS = 20
_TRUE = frozenset({"true", "yes", "y", "1", "是", "competitor"})
_FALSE = frozenset({"false", "no", "n", "0", "否", ""})
_BULLET_SPLIT = re.compile(r"\n|\|")

# (field name, raw value, multiline) -> the sanitised text or None; the builder's cleaner records errors and notes
TextCleaner = Callable[[str, object, bool], "str | None"]


def read_content(value: object, clean: TextCleaner, errors: list[str], notes: list[str]) -> dict[str, Any] | None:
    """The live content as {"title", "bullets", "description"[, "images"]}, or None when absent or empty."""
    if value is None or (isinstance(value, dict) and not value):
        return None
    if not isinstance(value, dict):
        errors.append(f"content must be an object with title, bullets and description, got {describe_type(value)}")
        return None
    unknown = [str(key) for key in value if key not in CONTENT_KEYS]
    if unknown:
        notes.append(f"content: ignored fields {', '.join(unknown[:5])}")
    title = clean("content.title", value.get("title"), False) or ""
    description = clean("content.description", value.get("description"), True) or ""
    bullets = [
        text
        for index, item in enumerate(_bullet_items(value.get("bullets"), errors))
        if (text := clean(f"content.bullets[{index}]", item, False))
    ]
    if len(bullets) > MAX_BULLETS:
        notes.append(f"content.bullets: kept the first {MAX_BULLETS} of {len(bullets)}")
    content: dict[str, Any] = {"title": title, "bullets": bullets[:MAX_BULLETS], "description": description}
    if value.get("images") is not None:
        try:
            content["images"] = parse_images(value["images"])
        except FieldError as exc:
            errors.append(f"content.{exc}")
    if not (title or bullets or description):
        notes.append("content: empty, ignored")
        return None
    return content


def _bullet_items(value: object, errors: list[str]) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return [BULLET_MARKER.sub("", part) for part in _BULLET_SPLIT.split(value) if part.strip()]
    if isinstance(value, list):
        return [BULLET_MARKER.sub("", item) if isinstance(item, str) else item for item in value]
    errors.append(f"content.bullets must be a list of strings or one string, got {describe_type(value)}")
    return []


def read_flag(value: object, name: str, errors: list[str]) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.append(f"{name} must be true or false, got {str(value)[:40]!r}")
    return False


def read_metrics(value: object, errors: list[str]) -> dict[str, float]:
    """Numeric competitor metrics; a value that is not a number is a reason for the row."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(f"metrics must be an object of numbers, got {describe_type(value)}")
        return {}
    metrics: dict[str, float] = {}
    for key, raw in value.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        number = _number(raw)
        if number is None:
            errors.append(f"metrics.{key} is not a number: {str(raw)[:40]!r}")
            continue
        metrics[str(key).strip().lower().replace(" ", "_")] = number
    return metrics


def _number(raw: object) -> float | None:
    if isinstance(raw, str):
        raw = raw.replace(",", "").strip().lstrip("#")  # "1,234" and "#12" (a rank) are numbers
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def set_csv_content_cell(raw_content: object, part: str, value: str) -> dict[str, Any]:
    """A CSV ``content_*`` cell added to the record's content dict (bullets are split later, by read_content)."""
    content: dict[str, Any] = dict(raw_content) if isinstance(raw_content, dict) else {}
    if value.strip():
        content[part] = value
    return content
