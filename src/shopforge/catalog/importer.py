"""Import a catalogue file into one account: read, normalise into facts, upsert by SKU."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from shopforge.catalog.readers import read_catalog, read_catalog_data
from shopforge.catalog.records import ProductRecord, ReadResult, RowError
from shopforge.facts.model import Fact
from shopforge.facts.normalize import normalize_product
from shopforge.store.models import Account
from shopforge.store.optimization import upsert_competitor
from shopforge.store.products import get_product, upsert_product
from shopforge.store.versions import ListingContent, record_live_content


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # per-record sanitising notes ("line 5: …")
    competitors: int = 0  # competitor listings stored for benchmarking (not products)
    content_versions: int = 0  # live content stored as a new version

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.competitors


def import_file(session: Session, account: Account, path: Path) -> ImportReport:
    result = read_catalog(path)
    for record in result.records:
        record.images = [_resolve_image(path.parent, ref) for ref in record.images]
        for variant in record.variants:
            variant.image = _resolve_image(path.parent, variant.image) if variant.image else None
        if record.content and record.content.get("images"):
            record.content["images"] = [_resolve_image(path.parent, ref) for ref in record.content["images"]]
    return import_records(session, account, result)


def _resolve_image(folder: Path, ref: str) -> str:
    """Image paths in a catalogue file are relative to that file (URLs and absolute paths are kept as given)."""
    if "://" in ref or Path(ref).is_absolute():
        return ref
    candidate = folder / ref
    return str(candidate.resolve()) if candidate.exists() else ref


def import_upload(session: Session, account: Account, data: bytes, filename: str) -> ImportReport:
    return import_records(session, account, read_catalog_data(data, filename))


def import_records(session: Session, account: Account, result: ReadResult) -> ImportReport:
    report = ImportReport(errors=list(result.errors))
    for record in result.records:
        facts = facts_for_record(record)
        # Each row in its own savepoint: one bad row cannot undo the rows before it.
        try:
            with session.begin_nested():
                if record.competitor:
                    upsert_competitor(session, account, record)
                else:
                    created = upsert_product(session, account, record, facts)
                    new_version = _store_live_content(session, account, record)
        except Exception as exc:  # a database constraint or type error on this row only
            report.errors.append(
                RowError(record.line, f"could not store sku {record.sku!r}: {exc}", record.sku)
            )
            continue
        if record.competitor:
            report.competitors += 1
        else:
            report.created += int(created)
            report.updated += int(not created)
            report.content_versions += int(new_version)
        report.notes.extend(f"line {record.line}: {note}" for note in record.notes)
    if report.competitors:
        report.notes.append(f"{report.competitors} competitor listing(s) stored for benchmarking, not as products")
    report.errors.sort(key=lambda error: error.line)
    return report


def _store_live_content(session: Session, account: Account, record: ProductRecord) -> bool:
    """The record's live content as the product's current content: a new version when it changed."""
    if not record.content:
        return False
    product = get_product(session, account, record.sku)
    assert product is not None  # upserted just before
    content = ListingContent.build(
        record.content.get("title", ""),
        record.content.get("bullets", []),
        record.content.get("description", ""),
        record.content.get("images") or record.images,
    )
    return record_live_content(session, account, product, content) is not None


def facts_for_record(record: ProductRecord) -> list[Fact]:
    return normalize_product(
        title=record.title,
        brand=record.brand,
        categories=record.categories,
        price=record.price,
        currency=record.currency,
        attributes=record.attributes,
        description=record.description,
    )
