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
from shopforge.store.products import upsert_product


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # per-record sanitising notes ("line 5: …")

    @property
    def imported(self) -> int:
        return self.created + self.updated


def import_file(session: Session, account: Account, path: Path) -> ImportReport:
    result = read_catalog(path)
    for record in result.records:
        record.images = [_resolve_image(path.parent, ref) for ref in record.images]
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
                created = upsert_product(session, account, record, facts)
        except Exception as exc:  # a database constraint or type error on this row only
            report.errors.append(
                RowError(record.line, f"could not store sku {record.sku!r}: {exc}", record.sku)
            )
            continue
        report.created += int(created)
        report.updated += int(not created)
        report.notes.extend(f"line {record.line}: {note}" for note in record.notes)
    report.errors.sort(key=lambda error: error.line)
    return report


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
