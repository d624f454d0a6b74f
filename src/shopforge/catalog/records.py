"""What a catalogue reader hands the importer: clean records and per-line errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class VariantRecord:
    """One variant row of a Shopify export as imported, stored in ``Product.variants`` so an export can write the
    product's variants back under its handle. ``options`` leaves out Shopify's "Title: Default Title" placeholder."""

    sku: str | None = None
    options: dict[str, str] = field(default_factory=dict)  # option name → value, in Option1…3 order
    price: float | None = None
    compare_at_price: float | None = None
    image: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ProductRecord:
    """One product as read from a file, sanitised but not yet normalised into facts."""

    sku: str
    title: str
    line: int
    brand: str | None = None
    categories: list[str] = field(default_factory=list)
    price: float | None = None
    currency: str | None = None
    attributes: list[tuple[str, str]] = field(default_factory=list)  # (key, value) in file order
    description: str | None = None
    images: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what sanitising did (HTML stripped, injection removed…)
    # live listing content {"title", "bullets", "description"} (catalog/live_content.py), versioned on import
    content: dict[str, Any] | None = None
    competitor: bool = False  # a competitor's listing: stored for benchmarking, never as the account's product
    metrics: dict[str, float] = field(default_factory=dict)  # competitor metrics: sales_rank, rating, …
    handle: str | None = None  # the Shopify handle (or a catalogue's "handle"): the products an export groups
    variants: list[VariantRecord] = field(default_factory=list)  # a Shopify product's variant rows, in file order


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    sku: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ReadResult:
    records: list[ProductRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    format: str = ""  # "jsonl", "csv" or "shopify": which reader handled the file
    encoding: str = ""  # the text encoding the file was decoded with ("utf-8", "gb18030", …)
