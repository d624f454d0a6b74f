"""One copy under review: facts beside the copy, marked violations and claims, live re-verification of an
edit as the merchant types, approve / edit / reject. Nothing failing a hard rule can be approved."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopforge.api.deps import SessionDep
from shopforge.review.service import APPROVABLE, ReviewError, approve, edit, reject
from shopforge.store.contents import get_content
from shopforge.store.models import Account, Content, ReviewEvent
from shopforge.store.products import product_facts
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount, CsrfAccount
from shopforge.web.errors import not_found
from shopforge.web.highlight import ReviewView, review_view
from shopforge.web.render import CONSOLE_PREFIX, redirect, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

MAX_TEXT = 100_000
TextField = Annotated[str, Form(max_length=MAX_TEXT)]


@router.get("/review/{content_id}")
def item(request: Request, content_id: int, db: SessionDep, account: ConsoleAccount) -> Response:
    content = _content_or_404(db, account, content_id)
    return _page(request, db, account, content)


@router.post("/review/{content_id}/check")
def live_check(
    request: Request, content_id: int, db: SessionDep, account: CsrfAccount, text: TextField = ""
) -> Response:
    """The verification fragment for text being typed (nothing is stored)."""
    content = _content_or_404(db, account, content_id)
    view = review_view(account, content, text)
    context = {"content": content, "view": view, "editing": True, "can_approve": _approvable(content)}
    return render(request, "_verification.html", context, account=account)


@router.post("/review/{content_id}/edit")
def save_edit(
    request: Request,
    content_id: int,
    db: SessionDep,
    account: CsrfAccount,
    text: TextField = "",
    action: Annotated[str, Form()] = "save",
) -> Response:
    content = _content_or_404(db, account, content_id)
    try:
        if text != content.text or content.status not in APPROVABLE:
            # stored even when it violates a rule (as "blocked"): the merchant's words are never lost
            edit(db, account, content_id, text)
        if action == "save_approve":
            if not content.verification.get("ok"):
                return _page(request, db, account, content, status=409, error="review.approval_blocked")
            approve(db, account, content_id)
            return redirect(request, _next_url(db, account, content_id, "flash.approved"))
    except ReviewError as exc:
        return _page(request, db, account, content, status=409, error="review.refused", detail=str(exc))
    message = "flash.saved" if content.verification.get("ok") else "flash.saved_blocked"
    return redirect(request, f"{CONSOLE_PREFIX}/review/{content_id}?msg={message}")


@router.post("/review/{content_id}/approve")
def approve_item(request: Request, content_id: int, db: SessionDep, account: CsrfAccount) -> Response:
    content = _content_or_404(db, account, content_id)
    try:
        approve(db, account, content_id)
    except ReviewError as exc:
        return _page(request, db, account, content, status=409, error="review.refused", detail=str(exc))
    return redirect(request, _next_url(db, account, content_id, "flash.approved"))


@router.post("/review/{content_id}/reject")
def reject_item(
    request: Request,
    content_id: int,
    db: SessionDep,
    account: CsrfAccount,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    content = _content_or_404(db, account, content_id)
    try:
        reject(db, account, content_id, note.strip())
    except ReviewError as exc:
        return _page(request, db, account, content, status=409, error="review.refused", detail=str(exc))
    return redirect(request, _next_url(db, account, content_id, "flash.rejected"))


def _content_or_404(db: Session, account: Account, content_id: int) -> Content:
    content = get_content(db, account, content_id)
    if content is None:
        raise not_found(f"content {content_id}")
    return content


def _approvable(content: Content) -> bool:
    return bool(content.verification.get("ok")) and content.status in APPROVABLE


def _next_url(db: Session, account: Account, content_id: int, message: str) -> str:
    following = queries.next_in_queue(db, account, content_id)
    if following is None:
        return f"{CONSOLE_PREFIX}/review?msg={message}"
    return f"{CONSOLE_PREFIX}/review/{following}?msg={message}"


def _page(
    request: Request,
    db: Session,
    account: Account,
    content: Content,
    *,
    status: int = 200,
    error: str = "",
    detail: str = "",
) -> Response:
    view: ReviewView = review_view(account, content, content.text)
    history = db.scalars(
        select(ReviewEvent)
        .where(ReviewEvent.account_id == account.id, ReviewEvent.content_id == content.id)
        .order_by(ReviewEvent.id.desc())
        .limit(10)
    )
    context = {
        "content": content,
        "product": content.product,
        "facts": product_facts(content.product),
        "view": view,
        "editing": False,
        "can_approve": _approvable(content),
        "history": list(history),
        "error": error,
        "detail": detail,
        "nav": "review",
    }
    return render(request, "review.html", context, account=account, status=status)
