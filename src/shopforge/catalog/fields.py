"""Parse raw field values (as JSON or CSV gives them) into typed values; FieldError carries the row reason."""

from __future__ import annotations

import json
import math
import re

from shopforge.catalog.sanitize import normalise_unicode


class FieldError(ValueError):
    """A value of the wrong shape; the message is the reason reported for the row."""


AttributePair = tuple[str | None, str]  # key None: a value-only spec line (Flipkart has these)

_CURRENCY_SYMBOLS = {
    "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP",
    "₹": "INR", "RS": "INR", "RS.": "INR", "HK$": "HKD", "NT$": "TWD", "₩": "KRW", "円": "JPY",
}  # fmt: skip
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
_PRICE_TEXT = re.compile(r"^(?P<before>[^\d+\-.]*?)\s*(?P<number>[+-]?[\d.,]+)\s*(?P<after>\D*?)$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")
_CATEGORY_ARROWS = re.compile(r"\s*[>›»＞]\s*")
_IMAGE_SEPARATORS = ("|", ";", ",")


def describe_type(value: object) -> str:
    """JSON-flavoured type name for error messages."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def text_value(value: object, name: str, *, allow_number: bool = False) -> str | None:
    """A string field; blank means absent. Numbers are accepted where merchants commonly use them (SKUs)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise FieldError(f"{name} must be a string, got {describe_type(value)}")


def parse_price(value: object) -> tuple[float | None, str | None]:
    """Price and the currency implied by a symbol in it ("¥199" → 199.0, "CNY")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(f"price is not a number: {json.dumps(value, ensure_ascii=False)}")
    if isinstance(value, str):
        amount, currency = _price_from_text(value)
    else:
        amount, currency = float(value), None
    if not math.isfinite(amount):
        raise FieldError(f"price is not a number: {value}")
    if amount < 0:
        raise FieldError(f"price is negative: {value}")
    return amount, currency


def _price_from_text(raw: str) -> tuple[float, str | None]:
    text = normalise_unicode(raw).strip()
    match = _PRICE_TEXT.match(text)
    symbol = ""
    if match:
        symbol = (match["before"] or match["after"]).strip().upper()
    if not match or (symbol and symbol not in _CURRENCY_SYMBOLS and not _CURRENCY_CODE.match(symbol)):
        raise FieldError(f"price is not a number: {json.dumps(raw, ensure_ascii=False)}")
    number = match["number"]
    if _THOUSANDS.match(number.lstrip("+-")):
        number = number.replace(",", "")
    elif _DECIMAL_COMMA.match(number.lstrip("+-")):
        number = number.replace(",", ".")
    try:
        amount = float(number)
    except ValueError:
        raise FieldError(f"price is not a number: {json.dumps(raw, ensure_ascii=False)}") from None
    return amount, _CURRENCY_SYMBOLS.get(symbol, symbol or None)


def parse_currency(value: object) -> str | None:
    text = text_value(value, "currency")
    if text is None:
        return None
    code = normalise_unicode(text).strip().upper()
    code = _CURRENCY_SYMBOLS.get(code, code)
    if not _CURRENCY_CODE.match(code):
        raise FieldError(
            f"currency {json.dumps(text, ensure_ascii=False)} is not a 3-letter code such as CNY or USD"
        )
    return code


def parse_categories(value: object) -> list[str]:
    """``"A > B > C"``, ``"A/B"`` or a list of strings; returns the raw (not yet sanitised) segments."""
    if value is None:
        return []
    if isinstance(value, str):
        separator = _CATEGORY_ARROWS if _CATEGORY_ARROWS.search(value) else re.compile(r"\s*/\s*")
        segments = separator.split(value)
    elif isinstance(value, list):
        segments = [_list_item_text(item, "category") for item in value]
    else:
        raise FieldError(f"category must be a string or a list of strings, got {describe_type(value)}")
    return [segment.strip() for segment in segments if segment.strip()]


def parse_images(value: object) -> list[str]:
    """A list of paths/URLs, or one string separated by ``|``, ``;`` or ``,`` (first one present wins)."""
    if value is None:
        return []
    if isinstance(value, str):
        separator = next((sep for sep in _IMAGE_SEPARATORS if sep in value), "\n")
        items = value.replace("\n", separator).split(separator)
    elif isinstance(value, list):
        items = [_list_item_text(item, "images") for item in value]
    else:
        raise FieldError(f"images must be a list of strings, got {describe_type(value)}")
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def _list_item_text(item: object, name: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, int | float) and not isinstance(item, bool):
        return _number_text(item)
    raise FieldError(f"{name} must contain only strings, found {describe_type(item)}")


def parse_attributes(value: object) -> list[AttributePair]:
    """``{key: value}`` or ``[{"key": k, "value": v}]``; list values become one pair per item."""
    if value is None:
        return []
    if isinstance(value, dict):
        items: list[tuple[object, object]] = list(value.items())
    elif isinstance(value, list):
        items = [_key_value_item(entry) for entry in value]
    else:
        raise FieldError(
            'attributes must be an object or a list of {"key", "value"} objects, '
            f"got {describe_type(value)}"
        )
    pairs: list[AttributePair] = []
    for key, raw in items:
        if key is not None and not isinstance(key, str):
            raise FieldError(f"attribute key must be a string, got {describe_type(key)}")
        pairs.extend((key, text) for text in _attribute_texts(key, raw))
    return pairs


def parse_attributes_json(text: str, column: str) -> list[AttributePair]:
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FieldError(f'invalid JSON in column "{column}": {exc.msg} at column {exc.colno}') from None
    return parse_attributes(value)


def _key_value_item(entry: object) -> tuple[object, object]:
    if not isinstance(entry, dict) or "value" not in entry:
        raise FieldError(
            f'attributes list items must be {{"key", "value"}} objects, found {describe_type(entry)}'
        )
    return entry.get("key", entry.get("name")), entry["value"]


def _attribute_texts(key: str | None, raw: object) -> list[str]:
    label = json.dumps(key, ensure_ascii=False) if key is not None else "(no key)"
    if raw is None:
        return []
    if isinstance(raw, bool):
        return ["yes" if raw else "no"]
    if isinstance(raw, str):
        return [raw] if raw.strip() else []
    if isinstance(raw, int | float):
        return [_number_text(raw)]
    if isinstance(raw, list):
        if any(isinstance(item, dict | list) for item in raw):
            raise FieldError(f"attribute {label} must be text, a number or a list of text")
        return [text for item in raw for text in _attribute_texts(key, item)]
    raise FieldError(f"attribute {label} must be text, a number or a list of text, got {describe_type(raw)}")


def _number_text(number: float) -> str:
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return str(number)
