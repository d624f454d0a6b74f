"""Optimization: per-SKU scenario scores, findings, plan, before/after of the agent's runs and variant CTRs.

A view over ``shopforge.optimize`` (``diagnose_product``, ``list_traces``, the behaviour-log report); when that
package is not installed the page says so instead of failing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from shopforge.api.deps import SessionDep
from shopforge.store.models import Account
from shopforge.web.auth import ConsoleAccount
from shopforge.web.errors import not_found
from shopforge.web.render import CONSOLE_PREFIX, render
from shopforge.web.state import ConsoleState, console_state

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

RECENT_RUNS = 20
_REQUIRED = ("shopforge.optimize.diagnose", "shopforge.optimize.traces", "shopforge.optimize.log_report")


def optimizer_available() -> bool:
    try:
        return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)
    except ModuleNotFoundError:
        return False


@router.get("/optimize")
def optimize(
    request: Request, db: SessionDep, account: ConsoleAccount, sku: str = "", scenario: str = "search"
) -> Response:
    if not optimizer_available():
        return render(request, "optimize.html", {"available": False, "nav": "optimize"}, account=account)
    from shopforge.optimize.scenarios import SCENARIOS

    sku, scenario = sku.strip()[:128], scenario if scenario in SCENARIOS else "search"
    context: dict[str, Any] = {"available": True, "nav": "optimize", "sku": sku, "scenario": scenario,
                               "scenarios": SCENARIOS, "diagnosis": None}
    if sku:
        context |= _product_view(console_state(request), db, account, sku, scenario)
    else:
        context |= _overview(db, account)
    return render(request, "optimize.html", context, account=account)


def _product_view(console: ConsoleState, db: Session, account: Account, sku: str, scenario: str) -> dict[str, Any]:
    from shopforge.optimize.diagnose import diagnose_product
    from shopforge.optimize.log_report import build_report
    from shopforge.optimize.traces import list_traces
    from shopforge.optimize.understand_image import ImageAnalyzer

    analyzer = console.analyzers.setdefault(account.platform, ImageAnalyzer(account.platform))
    try:
        diagnosis = diagnose_product(db, account, sku, scenario, console.settings, analyzer=analyzer)
    except LookupError:
        raise not_found(f"product {sku}") from None
    traces = list_traces(db, account, sku)
    return {
        "diagnosis": diagnosis.to_dict(),
        "runs": [_run_view(db, account, trace) for trace in reversed(traces)],
        "variants": build_report(db, account, sku=sku).groups,
    }


def _overview(db: Session, account: Account) -> dict[str, Any]:
    from shopforge.optimize.log_report import build_report
    from shopforge.optimize.traces import list_traces

    traces = list_traces(db, account)[-RECENT_RUNS:]
    return {"runs": [_run_view(db, account, t, versions=False) for t in reversed(traces)],
            "variants": build_report(db, account).groups}


def _run_view(db: Session, account: Account, trace: Any, *, versions: bool = True) -> dict[str, Any]:
    """A run with the listing before and after it (the content versions it judged), for side-by-side display."""
    view = {"trace": trace, "before": None, "after": None}
    if versions:
        from shopforge.store.versions import as_content, get_version

        for side, version_id in (("before", trace.version_before_id), ("after", trace.version_after_id)):
            version = get_version(db, account, version_id) if version_id else None
            view[side] = as_content(version) if version is not None else None
    return view
