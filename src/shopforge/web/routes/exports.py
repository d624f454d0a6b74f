"""Exports: make a JSONL export (approved copy becomes "exported") and download it, or earlier ones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response

from shopforge.api.deps import SessionDep
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount, CsrfAccount
from shopforge.web.errors import not_found
from shopforge.web.exports import create_export, find_export, list_exports
from shopforge.web.once import ONCE_FIELD
from shopforge.web.render import CONSOLE_PREFIX, SECURITY_HEADERS, redirect, render
from shopforge.web.state import console_state

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)


@router.get("/exports")
def exports(request: Request, db: SessionDep, account: ConsoleAccount, made: str = "") -> Response:
    home = console_state(request).settings.home
    context = {
        "exports": list_exports(home, account),
        "statuses": queries.content_status_counts(db, account),
        "made": made,
        "nav": "exports",
    }
    return render(request, "exports.html", context, account=account)


@router.post("/exports")
def make_export(
    request: Request,
    db: SessionDep,
    account: CsrfAccount,
    once: Annotated[str, Form(alias=ONCE_FIELD, max_length=64)] = "",
) -> Response:
    console = console_state(request)

    def make() -> str:
        made = create_export(db, account, console.settings.home)
        db.commit()  # the "exported" statuses are stored before the file is offered
        return made.id

    export_id = console.once.run(account.id, "export", once, make)
    return redirect(request, f"{CONSOLE_PREFIX}/exports?made={export_id}")


@router.get("/exports/{export_id}")
def download(request: Request, export_id: str, account: ConsoleAccount) -> Response:
    found = find_export(console_state(request).settings.home, account, export_id)
    if found is None:
        raise not_found(f"export {export_id}")
    return FileResponse(
        found.path, media_type="application/x-ndjson", filename=found.filename, headers=SECURITY_HEADERS
    )
