"""Product data -> typed, language-neutral facts, each citing the field it came from.

Attribute keys (zh/en) are mapped to kinds by ``lexicon/attribute_keys.yaml``; values are parsed with the
same lexicons and unit table the claim extractor uses, so whatever the merchant wrote can be claimed back.
The title and description are mined the same way (they are the merchant's own words), and kept whole as
TEXT facts so that their words (brand, model, style code) support brand-like tokens in copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from shopforge.facts.claims import Claim, ClaimKind, extract_claims, find_origin_countries, scan_concepts
from shopforge.facts.index import COMPARATIVE_EXTRA, PERCENT_EXTRA
from shopforge.facts.lexicon import attribute_key_rules, fold, placeholder_values
from shopforge.facts.model import Fact, FactKind, Quantity
from shopforge.facts.units import COUNT_DIMENSION, parse_quantities, parse_warranties

_LIST_SEPARATORS = re.compile(r"\s*(?:[,，;；/、|]|\band\b|&)\s*")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LEADING_INTEGER = re.compile(r"^\s*(\d{1,4})(?:\s+[^\d\s]|\s*$)")
_CLAIM_TO_FACT_KIND = {
    ClaimKind.QUANTITY: FactKind.QUANTITY,
    ClaimKind.COUNT: FactKind.COUNT,
    ClaimKind.COLOUR: FactKind.COLOUR,
    ClaimKind.MATERIAL: FactKind.MATERIAL,
    ClaimKind.CERTIFICATION: FactKind.CERTIFICATION,
    ClaimKind.ORIGIN: FactKind.ORIGIN,
    ClaimKind.WARRANTY: FactKind.WARRANTY,
    ClaimKind.COMPARATIVE: FactKind.FEATURE,
}


def normalize_product(
    *,
    title: str,
    brand: str | None,
    categories: list[str],
    price: float | None,
    currency: str | None,
    attributes: list[tuple[str, str]],
    description: str | None,
) -> list[Fact]:
    """Every fact the product's own data supports, in a stable order (brand, attributes, title, …).

    Placeholder values ("N/A", "Need to confirm", 待定, "0 cm", "-": ``lexicon/placeholders.yaml``) are not facts,
    whether they stand as an attribute value, the brand or a category.
    """
    placeholders = placeholder_values()
    facts: list[Fact] = []
    if brand and not placeholders.is_placeholder(brand):
        facts.append(Fact(FactKind.BRAND, "brand", brand.strip(), "brand", canonical=fold(brand)))
    for key, value in attributes:
        if value and not placeholders.is_placeholder(str(value), key or ""):
            named = key if key and not placeholders.is_placeholder(key) else ""  # "N/A: Cotton" names nothing
            facts.extend(attribute_facts(named, str(value).strip()))
    for source, text in (("title", title), ("description", description)):
        if text and text.strip():
            facts.append(Fact(FactKind.TEXT, source, text.strip(), source))
            facts.extend(facts_from_text(text, source))
    for category in categories:
        if category and not placeholders.is_placeholder(category):
            facts.append(Fact(FactKind.CATEGORY, "category", category.strip(), "category", fold(category)))
    if price is not None:
        value = f"{price:g} {currency}".strip() if currency else f"{price:g}"
        facts.append(Fact(FactKind.PRICE, "price", value, "price", canonical=value))
    return list(dict.fromkeys(facts))  # the typed handlers and the text miner may read the same fact


def facts_from_text(text: str, source: str, key: str | None = None) -> list[Fact]:
    """Typed facts read from free text (title, description, an attribute value) with the claim extractor."""
    facts: list[Fact] = []
    for claim in extract_claims(text):
        facts.extend(_claim_facts(claim, source, key or source))
    return facts


def _claim_facts(claim: Claim, source: str, key: str) -> list[Fact]:
    kind = _CLAIM_TO_FACT_KIND.get(claim.kind)
    if kind is None:
        return []  # brand-like tokens are covered by the TEXT/FEATURE fact holding the whole value
    if claim.kind is ClaimKind.COMPARATIVE:
        return [Fact(kind, key, claim.span, source, extra={COMPARATIVE_EXTRA: claim.canonical})]
    if claim.quantities:
        return [
            Fact(kind, key, claim.span, source, canonical=claim.canonical, quantity=q)
            for q in claim.quantities
        ]
    extra = {PERCENT_EXTRA: claim.percent} if claim.percent is not None else {}
    return [Fact(kind, key, claim.span, source, canonical=claim.canonical, extra=extra)]


def attribute_facts(key: str, value: str) -> list[Fact]:
    """Facts from one attribute. Typed keys get their typed facts; every value is also mined as text and
    kept as a FEATURE fact (its words may be quoted: "Style Code: ALTHT_3P_21")."""
    source = f"attributes.{key}" if key else "attributes"
    kind_name = attribute_key_rules().kind_of(key) if key else None
    handler = _HANDLERS.get(kind_name or "")
    facts = handler(key or "attribute", value, source) if handler else []
    facts.extend(facts_from_text(value, source, key or "attribute"))
    facts.extend(_unit_in_key(key, value, source))
    facts.extend(_bare_count(key or "attribute", value, source))
    facts.append(Fact(FactKind.FEATURE, key or "attribute", value, source, canonical=fold(value)))
    return facts


def _brand(key: str, value: str, source: str) -> list[Fact]:
    return [Fact(FactKind.BRAND, key, value, source, canonical=fold(value))]


def _concept(kind: FactKind, lexicon_kind: str) -> Callable[[str, str, str], list[Fact]]:
    def handle(key: str, value: str, source: str) -> list[Fact]:
        facts = []
        for claim in scan_concepts(value, weak_kind=lexicon_kind):
            if claim.kind.value == lexicon_kind:
                extra = {PERCENT_EXTRA: claim.percent} if claim.percent is not None else {}
                facts.append(Fact(kind, key, claim.span, source, canonical=claim.canonical, extra=extra))
        if not facts:  # unknown wording: keep it, so that the same wording in copy is still supported
            facts = [Fact(kind, key, part, source, canonical=fold(part)) for part in _split_list(value)]
        return facts

    return handle


def _origin(key: str, value: str, source: str) -> list[Fact]:
    countries = find_origin_countries(value) or [fold(value)]
    return [Fact(FactKind.ORIGIN, key, value, source, canonical=country) for country in countries]


def _warranty(key: str, value: str, source: str) -> list[Fact]:
    lengths = [found.years for found in parse_warranties(value) if found.years is not None]
    if not lengths:  # "1年" / "2 Years" under a 保修 / Warranty key is the warranty's length
        lengths = [found.years for found in parse_warranties(f"warranty {value}") if found.years is not None]
    facts = [
        Fact(
            FactKind.WARRANTY,
            key,
            value,
            source,
            canonical="warranty",
            quantity=Quantity(years, "warranty", "year"),
        )
        for years in lengths
    ]
    return facts or [Fact(FactKind.WARRANTY, key, value, source, canonical="warranty")]


def _count(key: str, value: str, source: str) -> list[Fact]:
    facts: list[Fact] = []
    for found in parse_quantities(value):
        if found.is_count:
            facts.extend(Fact(FactKind.COUNT, key, found.text, source, quantity=q) for q in found.quantities)
    return facts


def _size(key: str, value: str, source: str) -> list[Fact]:
    return [Fact(FactKind.SIZE, key, part, source, canonical=fold(part)) for part in _split_list(value)]


def _certification(key: str, value: str, source: str) -> list[Fact]:
    return _concept(FactKind.CERTIFICATION, "certification")(key, value, source)


def _unit_in_key(key: str, value: str, source: str) -> list[Fact]:
    """ "GSM: 75", "mAh: 5000": a bare number whose unit is the attribute's name is that quantity."""
    if not key or not _BARE_NUMBER.fullmatch(value.strip()):
        return []
    found = facts_from_text(f"{value.strip()} {key}", source, key)
    return [f for f in found if f.quantity is not None and f.quantity.dimension != COUNT_DIMENSION]


def _bare_count(key: str, value: str, source: str) -> list[Fact]:
    """ "3", "3 shorts", "1 Sofa Bed", "20 PIECE FACE TOWEL SET": a leading integer counts items."""
    match = _LEADING_INTEGER.match(value)
    if match is None:
        return []
    number = float(match.group(1))
    return [Fact(FactKind.COUNT, key, value, source, quantity=Quantity(number, COUNT_DIMENSION, "pcs"))]


def _split_list(value: str) -> list[str]:
    return [part for part in _LIST_SEPARATORS.split(value) if part] or [value]


_HANDLERS: dict[str, Callable[[str, str, str], list[Fact]]] = {
    "brand": _brand,
    "colour": _concept(FactKind.COLOUR, "colour"),
    "material": _concept(FactKind.MATERIAL, "material"),
    "certification": _certification,
    "origin": _origin,
    "warranty": _warranty,
    "count": _count,
    "size": _size,
    "quantity": lambda key, value, source: [],  # facts_from_text already reads every quantity in the value
}
