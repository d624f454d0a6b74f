"""Render facts as phrases in the account's language, without inventing anything."""

from __future__ import annotations

import re

from shopforge.facts.model import Fact, FactKind, Quantity

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_UNIT_NAMES = {
    ("volume", "en"): ("ml", 1000.0),
    ("volume", "zh"): ("ml", 1000.0),
    ("mass", "en"): ("g", 1000.0),
    ("mass", "zh"): ("g", 1000.0),
    ("length", "en"): ("cm", 100.0),
    ("length", "zh"): ("cm", 100.0),
}


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def render_fact(fact: Fact, lang: str) -> str | None:
    """The fact as a phrase for copy in ``lang``, or None when it cannot be said without translation."""
    value = fact.value.strip()
    if _fits(value, lang):
        return value
    if fact.quantity is not None:
        return render_quantity(fact.quantity)
    if fact.canonical:
        translated = _translate(fact, lang)
        if translated:
            return translated
    if fact.kind in (FactKind.SIZE, FactKind.CERTIFICATION) and not has_cjk(value):
        return value  # "XL", "CE" read the same in Chinese copy
    return None


def render_quantity(quantity: Quantity) -> str:
    """A language-neutral rendering with a Latin unit symbol ("750 ml", "1.2 kg", "1200 W")."""
    name, factor = _UNIT_NAMES.get((quantity.dimension, "en"), (quantity.unit, 1.0))
    magnitude = quantity.magnitude
    if name != quantity.unit and magnitude * factor < 1000:
        magnitude *= factor
    else:
        name = quantity.unit
    text = f"{magnitude:.2f}".rstrip("0").rstrip(".")
    return f"{text} {name}"


def _fits(text: str, lang: str) -> bool:
    return has_cjk(text) if lang == "zh" else not has_cjk(text)


def _translate(fact: Fact, lang: str) -> str | None:
    from shopforge.facts import lexicon

    surface = getattr(lexicon, "surface_form", None)
    if surface is None:
        return None
    result = surface(fact.canonical, lang)
    return result if isinstance(result, str) and result else None
