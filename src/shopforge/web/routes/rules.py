"""Rule packs: a read-only view of every rule with its severity, scope, message and source."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from shopforge.knowledge.rulepacks import RulePack, available_packs, load_pack, packs_for
from shopforge.web.auth import ConsoleAccount
from shopforge.web.errors import not_found
from shopforge.web.render import CONSOLE_PREFIX, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)


@router.get("/rules")
def rules(request: Request, account: ConsoleAccount, pack: str = "") -> Response:
    names = available_packs()
    if pack and pack not in names:
        raise not_found(f"rule pack {pack}")
    shown: list[RulePack] = [load_pack(pack)] if pack else packs_for(account.platform, account.lang)
    context = {
        "packs": [(p, [_rule_terms(r.check.params) for r in p.rules]) for p in shown],
        "names": names,
        "pack": pack,
        "nav": "rules",
    }
    return render(request, "rules.html", context, account=account)


def _rule_terms(params: dict[str, Any]) -> list[dict[str, str]]:
    """Term lists (banned words, each with its own source) shown under their rule; other params are summarised."""
    terms = params.get("terms")
    if not isinstance(terms, list):
        return []
    shown = []
    for term in terms:
        if isinstance(term, dict):
            shown.append({k: str(term.get(k, "")) for k in ("term", "tier", "source")})
        else:
            shown.append({"term": str(term), "tier": "", "source": ""})
    return shown
