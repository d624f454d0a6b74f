"""Review queue: copies awaiting a decision, filtered; bulk approve (each item decided on its own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from shopforge.api.deps import SessionDep
from shopforge.copywriting.kinds import KINDS
from shopforge.review.service import ReviewError, approve
from shopforge.store.contents import STATUSES
from shopforge.store.models import Account, Content
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount, CsrfAccount
from shopforge.web.render import CONSOLE_PREFIX, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

QUEUE_STATUSES = ("pending", *STATUSES, "all")
MAX_BULK = 500


@router.get("/review")
def queue(
    request: Request,
    db: SessionDep,
    account: ConsoleAccount,
    status: str = "pending",
    kind: str = "",
    q: str = "",
    page: str = "1",
) -> Response:
    status = status if status in QUEUE_STATUSES else "pending"
    kind = kind if kind in KINDS else ""
    q = q.strip()[:200]
    found = queries.review_queue(db, account, status=status, kind=kind, q=q, page=queries.page_number(page))
    return _queue_page(request, account, found, status=status, kind=kind, q=q)


@router.post("/review/approve")
def bulk_approve(
    request: Request,
    db: SessionDep,
    account: CsrfAccount,
    ids: Annotated[list[int] | None, Form(alias="id")] = None,
) -> Response:
    """Approve every selected item that may be approved; each refusal is listed with its reason."""
    approved: list[int] = []
    refused: list[tuple[int, str]] = []
    for content_id in list(dict.fromkeys(ids or []))[:MAX_BULK]:
        try:
            with db.begin_nested():  # one refusal never undoes the approvals before it
                approve(db, account, content_id)
            approved.append(content_id)
        except ReviewError as exc:
            refused.append((content_id, str(exc)))
    results = {"approved": approved, "refused": refused, "none": not ids}
    return _queue_page(request, account, queries.review_queue(db, account), results=results)


def _queue_page(
    request: Request,
    account: Account,
    found: queries.Page[Content],
    *,
    status: str = "pending",
    kind: str = "",
    q: str = "",
    results: dict[str, object] | None = None,
) -> Response:
    context = {
        "found": found,
        "status": status,
        "kind": kind,
        "q": q,
        "statuses": QUEUE_STATUSES,
        "kinds": KINDS,
        "nav": "review",
        "results": results,
    }
    return render(request, "review_list.html", context, account=account)
