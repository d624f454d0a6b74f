"""Export an account's content: JSONL (the contract format, every item) or a marketplace upload file (approved
copy only, ``review/exports/``). Approved copy that goes into a file becomes "exported"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.review.exports import MARKETPLACE_FORMATS, ExportReport, export_marketplace, mark_exported
from shopforge.store.contents import list_contents
from shopforge.store.models import Account, Content

FORMATS = ("jsonl", *MARKETPLACE_FORMATS)


class UnknownExportFormatError(ValueError):
    def __init__(self, fmt: str) -> None:
        super().__init__(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def export_account(session: Session, account: Account, out: Path, fmt: str = "jsonl") -> ExportReport:
    """Write the account's content to ``out`` in ``fmt``; the report lists what was left empty, cut or missing."""
    if fmt == "jsonl":
        return ExportReport(fmt, out, _export_jsonl(session, account, out))
    if fmt not in MARKETPLACE_FORMATS:
        raise UnknownExportFormatError(fmt)
    return export_marketplace(session, account, out, fmt)


def export_contents(session: Session, account: Account, out: Path, fmt: str = "jsonl") -> int:
    """How many content items went into ``out`` (see ``export_account``)."""
    return export_account(session, account, out, fmt).items


def _export_jsonl(session: Session, account: Account, out: Path) -> int:
    contents = list_contents(session, account)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for content in contents:
            mark_exported(session, account, content, str(out))
            handle.write(json.dumps(export_record(account, content), ensure_ascii=False) + "\n")
    session.flush()
    return len(contents)


def export_record(account: Account, content: Content) -> dict[str, Any]:
    verification = content.verification or {}
    return {
        "sku": content.product.sku,
        "account": account.name,
        "platform": content.platform,
        "lang": content.lang,
        "kind": content.kind,
        "text": content.text,
        "status": content.status,
        "provenance": content.provenance,
        "verification": {
            "ok": bool(verification.get("ok")),
            "violations": verification.get("violations", []),
        },
    }
