"""Validate and sanitise one raw product into a ProductRecord; collect records and per-line errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from shopforge.catalog.fields import (
    AttributePair,
    FieldError,
    parse_categories,
    parse_currency,
    parse_images,
    parse_price,
    text_value,
)
from shopforge.catalog.live_content import read_content, read_flag, read_metrics
from shopforge.catalog.records import ProductRecord, ReadResult, RowError, VariantRecord
from shopforge.catalog.sanitize import (
    clean_text,
    contains_markup,
    has_control_characters,
    normalise_identifier,
    remove_invisible,
    safe_reference,
)
from shopforge.facts.lexicon import placeholder_values

# Any single field larger than this is rejected before any work is spent sanitising it.
MAX_RAW_FIELD_BYTES = 1024 * 1024
MAX_SKU_CHARS = 128
MAX_HANDLE_CHARS = 255  # Shopify's limit for a handle, and Product.handle's column
MAX_TITLE_CHARS = 500
MAX_BRAND_CHARS = 200
MAX_CATEGORY_CHARS = 200  # per segment
MAX_DESCRIPTION_BYTES = 64 * 1024  # after sanitising: HTML markup does not count against the merchant
MAX_ATTRIBUTE_KEY_CHARS = 200
MAX_ATTRIBUTE_VALUE_BYTES = 2 * 1024
MAX_IMAGE_REF_BYTES = 2 * 1024
MAX_ATTRIBUTES = 300  # more are dropped with a note: a spreadsheet with stray columns is not a bad product
MAX_IMAGES = 50
MAX_VARIANTS = 2048  # Shopify's own limit per product
UNNAMED_ATTRIBUTE_KEY = "feature"  # value-only spec lines ({"key": null, "value": "Machine wash"})


@dataclass
class RawVariant:
    """One variant row as the file gave it; prices are already parsed (the reader reports a bad one)."""

    line: int
    sku: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (option name, value), Option1…3 order
    price: float | None = None
    compare_at_price: float | None = None
    image: str = ""


@dataclass
class RawProduct:
    """A product's fields as the file gave them, before validation; readers fill what they found."""

    line: int
    sku: object = None
    title: object = None
    brand: object = None
    category: object = None
    price: object = None
    currency: object = None
    description: object = None
    images: object = None
    attributes: list[AttributePair] = field(default_factory=list)
    content: object = None  # live listing content (catalog/live_content.py)
    competitor: object = None
    metrics: object = None
    handle: object = None
    variants: list[RawVariant] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # shape problems the reader already found
    notes: list[str] = field(default_factory=list)


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def size_error(name: str, size: int, limit: int, unit: str = "bytes") -> str:
    return f'field "{name}" is {size} bytes (limit {limit}{"" if unit == "bytes" else " " + unit})'


class _Builder:
    """Builds one record; every check appends a reason to ``errors`` instead of stopping at the first."""

    def __init__(self, raw: RawProduct) -> None:
        self.raw = raw
        self.errors: list[str] = list(raw.errors)
        self.notes: list[str] = list(raw.notes)

    def text(self, name: str, value: object, *, multiline: bool = False) -> str | None:
        try:
            raw_text = text_value(value, name)
        except FieldError as exc:
            self.errors.append(str(exc))
            return None
        if raw_text is None:
            return None
        if utf8_size(raw_text) > MAX_RAW_FIELD_BYTES:
            self.errors.append(size_error(name, utf8_size(raw_text), *_limit_of(name)))
            return None
        cleaned = clean_text(raw_text, multiline=multiline)
        self.notes.extend(f"{name}: {note}" for note in cleaned.notes)
        if not cleaned.text and any("instruction-like" in note for note in cleaned.notes):
            self.notes.append(f"{name}: dropped, it was only instruction-like text")
        elif not cleaned.text and "HTML removed" in cleaned.notes:
            self.notes.append(f"{name}: dropped, it was only markup")
        return cleaned.text or None

    def identifier(self, name: str, value: object, limit: int) -> str | None:
        """A SKU or handle; None when there is none or it is unusable (the reason is in ``errors``)."""
        try:
            raw_id = text_value(value, name, allow_number=True)
        except FieldError as exc:
            self.errors.append(str(exc))
            return None
        if raw_id is None:
            return None
        if has_control_characters(raw_id):
            self.errors.append(f"{name} contains control characters")
            return None
        if contains_markup(raw_id):  # an identifier is not rewritten: the merchant's system must match it
            self.errors.append(f"{name} contains HTML markup")
            return None
        identifier = normalise_identifier(raw_id)
        if identifier != raw_id.strip():
            self.notes.append(f"{name}: invisible or full-width characters normalised")
        if len(identifier) > limit:
            self.errors.append(f"{name} is {len(identifier)} characters (limit {limit})")
        return identifier or None

    def sku(self) -> str | None:
        errors_before = len(self.errors)
        sku = self.identifier("sku", self.raw.sku, MAX_SKU_CHARS)
        if sku is None and len(self.errors) == errors_before:
            self._report_missing("sku")
        return sku

    def variants(self) -> list[VariantRecord]:
        raws = self.raw.variants
        if len(raws) > MAX_VARIANTS:
            self.notes.append(f"variants: kept the first {MAX_VARIANTS} of {len(raws)}")
        return [self._variant(raw) for raw in raws[:MAX_VARIANTS]]

    def _variant(self, raw: RawVariant) -> VariantRecord:
        sku = self.identifier(f"variant sku on line {raw.line}", raw.sku or None, MAX_SKU_CHARS)
        options: dict[str, str] = {}
        for raw_name, raw_value in raw.options:
            name = self.text("option name", raw_name)
            value = self._attribute_value(f"option {name}", raw_value) if name else None
            if name and value:
                options[name] = value
        image = self.safe_refs("variant image", [raw.image]) if raw.image else []
        return VariantRecord(sku, options, raw.price, raw.compare_at_price, image[0] if image else None)

    def title(self) -> str | None:
        title = self.text("title", self.raw.title)
        if title is None and not any(error.startswith(("title ", 'field "title"')) for error in self.errors):
            if "title: dropped, it was only instruction-like text" in self.notes:
                self.errors.append("title is nothing but instruction-like text")
            elif "title: dropped, it was only markup" in self.notes:
                self.errors.append("title is nothing but HTML markup")
            else:
                self._report_missing("title")
        elif title is not None and len(title) > MAX_TITLE_CHARS:
            self.errors.append(f"title is {len(title)} characters (limit {MAX_TITLE_CHARS})")
        return title

    def _report_missing(self, name: str) -> None:
        """Report "missing NAME" unless the reader already explained it (no such column in the header)."""
        if not any(error.startswith(f"missing {name}") for error in self.errors):
            self.errors.append(f"missing {name}")

    def brand(self) -> str | None:
        brand = self.text("brand", self.raw.brand)
        if brand is not None and len(brand) > MAX_BRAND_CHARS:
            self.errors.append(f"brand is {len(brand)} characters (limit {MAX_BRAND_CHARS})")
        return brand

    def description(self) -> str | None:
        description = self.text("description", self.raw.description, multiline=True)
        if description is not None and utf8_size(description) > MAX_DESCRIPTION_BYTES:
            self.errors.append(size_error("description", utf8_size(description), MAX_DESCRIPTION_BYTES))
        return description

    def categories(self) -> list[str]:
        try:
            segments = parse_categories(self.raw.category)
        except FieldError as exc:
            self.errors.append(str(exc))
            return []
        cleaned = [text for segment in segments if (text := self.text("category", segment))]
        for segment in cleaned:
            if len(segment) > MAX_CATEGORY_CHARS:
                self.errors.append(f"category {segment[:40]!r}… is {len(segment)} characters (limit 200)")
        return cleaned

    def price(self) -> tuple[float | None, str | None]:
        try:
            amount, implied_currency = parse_price(self.raw.price)
            currency = parse_currency(self.raw.currency) or implied_currency
        except FieldError as exc:
            self.errors.append(str(exc))
            return None, None
        return amount, currency

    def images(self) -> list[str]:
        try:
            refs = parse_images(self.raw.images)
        except FieldError as exc:
            self.errors.append(str(exc))
            return []
        refs = self.safe_refs("images", refs)
        for ref in refs:
            if utf8_size(ref) > MAX_IMAGE_REF_BYTES:
                self.errors.append(size_error("images", utf8_size(ref), MAX_IMAGE_REF_BYTES))
                break
        if len(refs) > MAX_IMAGES:
            self.notes.append(f"images: kept the first {MAX_IMAGES} of {len(refs)}")
        return [ref for ref in refs if ref][:MAX_IMAGES]

    def safe_refs(self, name: str, refs: list[str]) -> list[str]:
        """Image references without invisible characters; script/HTML URLs and markup are dropped, noted."""
        cleaned = [remove_invisible(ref, multiline=False).strip() for ref in refs]
        kept = [ref for ref in cleaned if safe_reference(ref)]
        if len(kept) < len(cleaned):
            self.notes.append(f"{name}: {len(cleaned) - len(kept)} reference(s) dropped (script URL or markup)")
        return kept

    def attributes(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        unnamed = 0
        for raw_key, raw_value in self.raw.attributes:
            key = self.text("attribute key", raw_key) if raw_key is not None else None
            label = f"attributes.{key or UNNAMED_ATTRIBUTE_KEY}"
            if key is not None and len(key) > MAX_ATTRIBUTE_KEY_CHARS:
                self.errors.append(f"attribute key {key[:40]!r}… is {len(key)} characters (limit 200)")
                continue
            value = self._attribute_value(label, raw_value)
            if value is None:
                continue
            unnamed += key is None
            pairs.append((key or UNNAMED_ATTRIBUTE_KEY, value))
            if placeholder_values().is_placeholder(value, key or ""):  # kept as the merchant wrote it, never a fact
                self.notes.append(f'{label}: "{value}" is a placeholder, not a fact (fill it in to use it)')
        if unnamed:
            self.notes.append(
                f'attributes: {unnamed} value(s) without a key kept under "{UNNAMED_ATTRIBUTE_KEY}"'
            )
        if len(pairs) > MAX_ATTRIBUTES:
            self.notes.append(f"attributes: kept the first {MAX_ATTRIBUTES} of {len(pairs)}")
        return pairs[:MAX_ATTRIBUTES]

    def _attribute_value(self, label: str, raw_value: str) -> str | None:
        value = self.text(label, raw_value)  # also rejects a raw value over MAX_RAW_FIELD_BYTES
        if value is not None and utf8_size(value) > MAX_ATTRIBUTE_VALUE_BYTES:
            self.errors.append(size_error(label, utf8_size(value), MAX_ATTRIBUTE_VALUE_BYTES))
            return None
        return value


def _limit_of(name: str) -> tuple[int, str]:
    """The limit quoted when a raw field is over MAX_RAW_FIELD_BYTES: the field's own limit."""
    limits = {
        "title": (MAX_TITLE_CHARS, "characters"),
        "brand": (MAX_BRAND_CHARS, "characters"),
        "category": (MAX_CATEGORY_CHARS, "characters"),
        "attribute key": (MAX_ATTRIBUTE_KEY_CHARS, "characters"),
        "description": (MAX_DESCRIPTION_BYTES, "bytes"),
    }
    return limits.get(name, (MAX_ATTRIBUTE_VALUE_BYTES, "bytes"))


def build_record(raw: RawProduct) -> tuple[ProductRecord | None, list[str]]:
    """The record, or None and the reasons it was rejected."""
    builder = _Builder(raw)
    sku = builder.sku()
    title = builder.title()
    brand = builder.brand()
    categories = builder.categories()
    price, currency = builder.price()
    attributes = builder.attributes()
    description = builder.description()
    images = builder.images()
    handle = builder.identifier("handle", raw.handle, MAX_HANDLE_CHARS)
    variants = builder.variants()
    content = read_content(
        raw.content, lambda name, value, multiline: builder.text(name, value, multiline=multiline),
        builder.errors, builder.notes,
    )  # fmt: skip
    if content and content.get("images"):
        content["images"] = builder.safe_refs("content.images", content["images"])
    competitor = read_flag(raw.competitor, "competitor", builder.errors)
    metrics = read_metrics(raw.metrics, builder.errors)
    if builder.errors or sku is None or title is None:
        return None, builder.errors
    record = ProductRecord(
        sku=sku, title=title, line=raw.line, brand=brand, categories=categories, price=price,
        currency=currency, attributes=attributes, description=description, images=images,
        notes=list(dict.fromkeys(builder.notes)), content=content, competitor=competitor, metrics=metrics,
        handle=handle, variants=variants,
    )  # fmt: skip
    return record, []


@dataclass
class RecordCollector:
    """Accumulates a file's records and errors; the first accepted record of a SKU wins."""

    result: ReadResult = field(default_factory=ReadResult)
    first_line_of_sku: dict[str, int] = field(default_factory=dict)

    def add(self, raw: RawProduct) -> None:
        record, reasons = build_record(raw)
        if record is None:
            sku = raw.sku.strip() if isinstance(raw.sku, str) and raw.sku.strip() else None
            self.reject(raw.line, "; ".join(dict.fromkeys(reasons)), sku)
            return
        first_line = self.first_line_of_sku.get(record.sku)
        if first_line is not None:
            sku_text = json.dumps(record.sku, ensure_ascii=False)
            self.reject(raw.line, f"duplicate sku {sku_text} (first seen on line {first_line})", record.sku)
            return
        self.first_line_of_sku[record.sku] = raw.line
        self.result.records.append(record)

    def reject(self, line: int, reason: str, sku: str | None = None) -> None:
        self.result.errors.append(RowError(line=line, reason=reason, sku=sku))
