"""Optimization: per-SKU scenario scores, findings, plan, before/after and variant CTRs (built last)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from shopforge.web.auth import ConsoleAccount
from shopforge.web.render import CONSOLE_PREFIX, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)


@router.get("/optimize")
def optimize(request: Request, account: ConsoleAccount) -> Response:
    return render(request, "optimize.html", {"available": False, "nav": "optimize"}, account=account)
