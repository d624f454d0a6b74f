"""``/contents``: list and read generated copy, review it (approve, reject, edit) and export it as JSONL."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from shopforge.api.deps import AccountDep, SessionDep
from shopforge.api.schemas import ContentPublic, EditRequest, RejectRequest, error_responses
from shopforge.copywriting.kinds import KINDS
from shopforge.review.export import export_contents, export_record
from shopforge.review.service import ReviewError, approve, edit, reject
from shopforge.store.contents import STATUSES, get_content, list_contents
from shopforge.store.models import Account, Content

router = APIRouter(prefix="/contents", tags=["contents"])

NDJSON = "application/x-ndjson"
_UNPROCESSABLE = status.HTTP_422_UNPROCESSABLE_CONTENT
_ACTION_RESPONSES = error_responses(401, 404, 409)
_EXPORT_RESPONSES = error_responses(401) | {200: {"content": {NDJSON: {}}, "description": "JSON Lines"}}


@router.get("", responses=error_responses(401, 422))
def list_(
    session: SessionDep,
    account: AccountDep,
    status_: Annotated[str | None, Query(alias="status", description=" | ".join(STATUSES))] = None,
    kind: Annotated[str | None, Query(description=" | ".join(KINDS))] = None,
    sku: Annotated[list[str] | None, Query(description="Repeat for several SKUs")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[ContentPublic]:
    """The caller's content items, oldest first, optionally filtered."""
    if status_ is not None and status_ not in STATUSES:
        raise HTTPException(_UNPROCESSABLE, f"unknown status {status_!r}; known: {', '.join(STATUSES)}")
    if kind is not None and kind not in KINDS:
        raise HTTPException(_UNPROCESSABLE, f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    found = list_contents(session, account, status=status_, kind=kind, skus=sku, limit=limit, offset=offset)
    return [ContentPublic.from_model(content) for content in found]


@router.get("/export", response_class=Response, responses=_EXPORT_RESPONSES)
def export_preview(session: SessionDep, account: AccountDep) -> Response:
    """Every content item of the caller as JSONL (the export contract); nothing changes status."""
    records = (export_record(account, content) for content in list_contents(session, account))
    data = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode()
    return _jsonl_response(data, account)


@router.post("/export", response_class=Response, responses=_EXPORT_RESPONSES)
def export(session: SessionDep, account: AccountDep) -> Response:
    """Export every content item of the caller as JSONL; approved items become ``exported``."""
    with tempfile.TemporaryDirectory(prefix="shopforge-export-") as tmp:
        out = Path(tmp) / "contents.jsonl"
        export_contents(session, account, out)
        data = out.read_bytes()
    return _jsonl_response(data, account)


@router.get("/{content_id}", responses=error_responses(401, 404))
def read(content_id: int, session: SessionDep, account: AccountDep) -> ContentPublic:
    """One content item with its verification report."""
    return ContentPublic.from_model(_content_or_404(session, account, content_id))


@router.post("/{content_id}/approve", responses=_ACTION_RESPONSES)
def approve_(content_id: int, session: SessionDep, account: AccountDep) -> ContentPublic:
    """Approve a draft or edited item; 409 with the reason when it cannot be (e.g. it fails verification)."""
    _content_or_404(session, account, content_id)
    try:
        return ContentPublic.from_model(approve(session, account, content_id))
    except ReviewError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.post("/{content_id}/reject", responses=_ACTION_RESPONSES)
def reject_(
    content_id: int, session: SessionDep, account: AccountDep, body: RejectRequest | None = None
) -> ContentPublic:
    """Reject an item (with an optional note)."""
    _content_or_404(session, account, content_id)
    try:
        return ContentPublic.from_model(reject(session, account, content_id, body.note if body else ""))
    except ReviewError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.post("/{content_id}/edit", responses=_ACTION_RESPONSES)
def edit_(content_id: int, body: EditRequest, session: SessionDep, account: AccountDep) -> ContentPublic:
    """Replace the text; it is verified again, and stored ``blocked`` if it now violates a rule."""
    _content_or_404(session, account, content_id)
    try:
        return ContentPublic.from_model(edit(session, account, content_id, body.text))
    except ReviewError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


def _content_or_404(session: Session, account: Account, content_id: int) -> Content:
    content = get_content(session, account, content_id)
    if content is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no content {content_id}")
    return content


def _jsonl_response(data: bytes, account: Account) -> Response:
    disposition = f'attachment; filename="shopforge-account-{account.id}-contents.jsonl"'
    return Response(content=data, media_type=NDJSON, headers={"Content-Disposition": disposition})
