"""Dashboard: counts, approval rate, copies with violations over time (a chart), recent jobs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from shopforge.api.deps import SessionDep
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount
from shopforge.web.chart import day_chart
from shopforge.web.render import CONSOLE_PREFIX, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)


@router.get("/")
def dashboard(request: Request, db: SessionDep, account: ConsoleAccount) -> Response:
    summary = queries.content_summary(db, account)
    statuses, approvals = summary.statuses, summary.approvals
    approved = sum(a.approved for a in approvals)
    reviewed = approved + sum(a.rejected for a in approvals)
    context = {
        "products": queries.count_products(db, account),
        "statuses": statuses,
        "contents": sum(statuses.values()),
        "pending": sum(statuses.get(s, 0) for s in queries.PENDING_REVIEW),
        "jobs": queries.count_jobs(db, account),
        "approvals": approvals,
        "approval_rate": approved / reviewed if reviewed else None,
        "chart": day_chart(summary.days),
        "top_rules": queries.top_violated_rules(db, account),
        "recent_jobs": queries.recent_jobs(db, account),
        "nav": "dashboard",
    }
    return render(request, "dashboard.html", context, account=account)
