"""Export files made from the console, kept per account under ``<home>/exports/account-<id>/``.

An export id names a file only inside the signed-in account's folder, and ids must match a strict pattern, so
another shop's export (or any other path) can never be addressed.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from shopforge.review.export import export_contents
from shopforge.store.models import Account

EXPORT_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{8}$")
SUFFIX = ".jsonl"


@dataclass(frozen=True)
class ExportFile:
    id: str
    path: Path
    size: int
    created: datetime
    items: int

    @property
    def filename(self) -> str:
        return f"shopforge-{self.id}{SUFFIX}"


def exports_dir(home: Path, account: Account) -> Path:
    return home / "exports" / f"account-{account.id}"


def create_export(session: Session, account: Account, home: Path) -> ExportFile:
    """Export every content item as JSONL (approved ones become ``exported``) into a new file."""
    folder = exports_dir(home, account)
    folder.mkdir(parents=True, exist_ok=True)
    export_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    path = folder / f"{export_id}{SUFFIX}"
    partial = path.with_suffix(".partial")
    export_contents(session, account, partial)
    partial.replace(path)  # a file only appears in the list once it is complete
    found = find_export(home, account, export_id)
    assert found is not None
    return found


def find_export(home: Path, account: Account, export_id: str) -> ExportFile | None:
    if not EXPORT_ID.match(export_id):
        return None
    path = exports_dir(home, account) / f"{export_id}{SUFFIX}"
    if not path.is_file():
        return None
    return _describe(export_id, path)


def list_exports(home: Path, account: Account, limit: int = 50) -> list[ExportFile]:
    folder = exports_dir(home, account)
    if not folder.is_dir():
        return []
    ids = sorted((p.stem for p in folder.glob(f"*{SUFFIX}") if EXPORT_ID.match(p.stem)), reverse=True)
    return [_describe(export_id, folder / f"{export_id}{SUFFIX}") for export_id in ids[:limit]]


def _describe(export_id: str, path: Path) -> ExportFile:
    with path.open("rb") as handle:
        items = sum(1 for _ in handle)
    created = datetime.strptime(export_id[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return ExportFile(export_id, path, path.stat().st_size, created, items)
