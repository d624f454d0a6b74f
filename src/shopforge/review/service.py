"""Review actions. Every human edit is re-verified; nothing failing verification can be approved."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.store.contents import get_content, list_contents
from shopforge.store.models import Account, Content, ReviewEvent
from shopforge.store.products import product_facts

APPROVABLE = frozenset({"draft", "edited"})


class ReviewError(ValueError):
    """A review action is not allowed (unknown content, wrong state, failing verification)."""


def approve(session: Session, account: Account, content_id: int) -> Content:
    content = _content(session, account, content_id)
    if not content.verification.get("ok"):
        rules = ", ".join(v["rule"] for v in content.verification.get("violations", []))
        raise ReviewError(f"content {content_id} fails verification ({rules}); fix it before approving")
    if content.status not in APPROVABLE:
        raise ReviewError(
            f"content {content_id} is {content.status}; only draft or edited copy can be approved"
        )
    return _transition(session, account, content, "approved", "approve")


def reject(session: Session, account: Account, content_id: int, note: str = "") -> Content:
    content = _content(session, account, content_id)
    if content.status == "exported":
        raise ReviewError(f"content {content_id} was already exported")
    return _transition(session, account, content, "rejected", "reject", note=note)


def edit(session: Session, account: Account, content_id: int, text: str) -> Content:
    """Replace the text with a person's version and verify it again with the product's facts."""
    content = _content(session, account, content_id)
    if content.status == "exported":
        raise ReviewError(f"content {content_id} was already exported; it cannot be edited")
    report = verify_text(account, content, text)
    before = content.text
    content.text = text
    content.verification = report
    content.provenance = {**content.provenance, "edited_by_human": True, "claims": report.get("claims", [])}
    status = "edited" if report["ok"] else "blocked"
    return _transition(session, account, content, status, "edit", before=before)


def verify_text(account: Account, content: Content, text: str) -> dict[str, Any]:
    product = content.product
    facts = ProductFacts.build(product_facts(product), product.brand)
    return Verifier(account.platform, account.lang).check(text, content.kind, facts).to_dict()


def approval_rates(session: Session, account: Account) -> dict[str, dict[str, float]]:
    """Per backend: how many reviewed items were approved (edited-then-approved counts as approved)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"approved": 0, "rejected": 0, "total": 0})
    for content in list_contents(session, account):
        bucket = counts[content.backend]
        bucket["total"] += 1
        if content.status in ("approved", "exported"):
            bucket["approved"] += 1
        elif content.status == "rejected":
            bucket["rejected"] += 1
    return {
        backend: {**c, "approval_rate": c["approved"] / max(1, c["approved"] + c["rejected"])}
        for backend, c in counts.items()
    }


def _content(session: Session, account: Account, content_id: int) -> Content:
    content = get_content(session, account, content_id)
    if content is None:
        raise ReviewError(f"no content {content_id} in account {account.name!r}")
    return content


def _transition(
    session: Session,
    account: Account,
    content: Content,
    status: str,
    action: str,
    *,
    before: str | None = None,
    note: str = "",
) -> Content:
    session.add(
        ReviewEvent(
            account_id=account.id,
            content_id=content.id,
            action=action,
            before_text=before,
            after_text=content.text,
            note=note,
        )
    )
    content.status = status
    session.flush()
    return content
