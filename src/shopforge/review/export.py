"""Export an account's content as JSONL (the contract format); approved copy becomes "exported"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.store.contents import list_contents
from shopforge.store.models import Account, Content, ReviewEvent

FORMATS = ("jsonl",)


def export_contents(session: Session, account: Account, out: Path, fmt: str = "jsonl") -> int:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    contents = list_contents(session, account)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for content in contents:
            if content.status == "approved":
                content.status = "exported"
                session.add(
                    ReviewEvent(
                        account_id=account.id,
                        content_id=content.id,
                        action="export",
                        after_text=content.text,
                        note=str(out),
                    )
                )
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
