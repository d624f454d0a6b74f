"""Render facts as phrases in the account's language, without inventing anything."""

from __future__ import annotations

import re

from shopforge.facts.model import Fact, FactKind
from shopforge.facts.units import format_quantity

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def render_fact(fact: Fact, lang: str) -> str | None:
    """The fact as a phrase for copy in ``lang``, or None when it cannot be said without translation."""
    value = fact.value.strip()
    if fits_language(value, lang):
        return value
    if fact.quantity is not None:
        return format_quantity(fact.quantity)  # e.g. 0.75 L → "750 ml", readable in both languages
    if fact.kind in (FactKind.SIZE, FactKind.CERTIFICATION) and not has_cjk(value):
        return value  # "XL", "CE" read the same in Chinese copy
    return None


def fits_language(text: str, lang: str) -> bool:
    """Whether copy in ``lang`` can say ``text`` as is (Chinese text for zh, no Chinese for en)."""
    return has_cjk(text) if lang == "zh" else not has_cjk(text)
