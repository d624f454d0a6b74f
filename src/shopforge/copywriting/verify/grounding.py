"""Grounding: every claim in published copy must be supported by a fact of the product.

Rules: ``grounding.<kind>`` for quantity, count, colour, material, brand, certification, origin, warranty and
comparative. A violation's span is the exact claim text; its message says what the product's facts say
instead (and where they come from), so a reviewer can fix the copy.

Support policy:
- quantities: same dimension and within 2 % after conversion to base units (750 ml == 0.75 L == 750毫升);
  every number of a range or a dimension must be supported;
- counts: the same number of items; "1 piece" needs no support when the product states no count;
- colours / materials / certifications: the claimed concept or a *narrower* one is a fact (a navy product
  may be called blue; a blue product may not be called navy; PU is not leather);
- "98% cotton" also needs the share to match when the product states a share;
- brand-like tokens (brands, model numbers, style codes): the word occurs in the product's own data;
- comparatives ("2x faster", "快2倍") and warranties need the same figure in the product's data.

Pass a prebuilt ``FactIndex`` (one per product) on hot paths; a fact list is indexed on every call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.facts.claims import Claim, ClaimKind, extract_claims
from shopforge.facts.index import FactIndex, compact
from shopforge.facts.lexicon import attribute_key_rules, concept_lexicon, fold
from shopforge.facts.model import Fact, FactKind, Quantity
from shopforge.facts.units import COUNT_DIMENSION, format_quantity

_SHOWN_FACTS = 3  # facts quoted in a message


def verify_grounding(text: str, facts: list[Fact] | FactIndex) -> list[Violation]:
    return judge_claims(text, facts).violations


@dataclass(frozen=True)
class ClaimJudgement:
    """The typed claims of a copy: what failed, and for what passed, the fact that supports it."""

    violations: list[Violation]
    spans: list[tuple[int, int]]  # every typed claim's span, passed or not (closed-world skips them)
    supported: list[Claim]  # the passing claims (their facts: supporting_fact, for provenance)


def judge_claims(text: str, facts: list[Fact] | FactIndex) -> ClaimJudgement:
    index = facts if isinstance(facts, FactIndex) else FactIndex.build(facts)
    violations, spans, supported = [], [], []
    for claim in extract_claims(text):
        spans.append((claim.start, claim.end))
        if _is_label(text, claim):
            continue  # "Fabric: Cotton" — the attribute's name, not a claim; the value after it is judged
        problem = _CHECKS[claim.kind](claim, index)
        if problem is not None:
            violations.append(Violation(f"grounding.{claim.kind.value}", claim.span, problem, Severity.ERROR))
        else:
            supported.append(claim)
    return ClaimJudgement(violations, spans, supported)


_LABEL_END = re.compile(r"\s*[:：]")


def _is_label(text: str, claim: Claim) -> bool:
    if claim.kind not in (ClaimKind.MATERIAL, ClaimKind.COLOUR) or not _LABEL_END.match(text, claim.end):
        return False
    return attribute_key_rules().kind_of(claim.span) is not None


def supporting_fact(claim: Claim, index: FactIndex) -> Fact | None:
    """The fact a passing claim rests on, for its provenance (None: a claim that needs none, "1 piece")."""
    kind = claim.kind
    if kind in (ClaimKind.COLOUR, ClaimKind.MATERIAL, ClaimKind.CERTIFICATION):
        return index.concepts.get(kind.value, {}).get(claim.canonical)
    if kind is ClaimKind.ORIGIN:
        return index.origins.get(claim.canonical)
    if kind is ClaimKind.WARRANTY:
        return index.warranties[0] if index.warranties else None
    if kind is ClaimKind.COMPARATIVE:
        return index.comparatives.get(claim.canonical)
    if kind is ClaimKind.BRAND:
        forms = (fold(claim.span), compact(claim.span), claim.canonical)
        return next((index.tokens[form] for form in forms if form and form in index.tokens), None)
    if kind is ClaimKind.COUNT:
        return next((index.counts[q.magnitude] for q in claim.quantities if q.magnitude in index.counts), None)
    for quantity in claim.quantities:
        for known, fact in index.quantities.get(quantity.dimension, ()):
            if quantity.close_to(known):
                return fact
    return None


def cite(facts: list[Fact], shown: int = _SHOWN_FACTS) -> str:
    """ "750毫升 (attributes.容量), …": what the facts say and where they come from."""
    listed = ", ".join(f"{fact.value} ({fact.source})" for fact in facts[:shown])
    return listed + (f" and {len(facts) - shown} more" if len(facts) > shown else "")


def _unsupported(claim: Claim, what: str, facts: list[Fact]) -> str:
    if not facts:
        return f"claims {claim.span!r} but no product fact states a {what}"
    return f"claims {claim.span!r} but the product's {what} is {cite(facts)}"


def _check_quantity(claim: Claim, index: FactIndex) -> str | None:
    for quantity in claim.quantities:
        if not _quantity_supported(quantity, index):
            known = index.quantities.get(quantity.dimension, [])
            stated = ", ".join(f"{format_quantity(q)} ({fact.source})" for q, fact in known[:_SHOWN_FACTS])
            if not stated:
                return f"claims {claim.span!r} but no product fact states a {quantity.dimension}"
            return f"claims {format_quantity(quantity)} but the product's {quantity.dimension} is {stated}"
    return None


def _quantity_supported(quantity: Quantity, index: FactIndex) -> bool:
    if any(quantity.close_to(known) for known, _ in index.quantities.get(quantity.dimension, ())):
        return True
    if quantity.dimension == "percent":  # "98%" may quote a material share ("98% Cotton")
        shares = (share for shares in index.material_percents.values() for share, _ in shares)
        return any(abs(share - quantity.magnitude) < 0.5 for share in shares)
    return False


def _check_count(claim: Claim, index: FactIndex) -> str | None:
    counts = [q.magnitude for q in claim.quantities if q.dimension == COUNT_DIMENSION]
    if all(count in index.counts or (count == 1 and not index.counts) for count in counts):
        return None
    stated = index.facts_of(FactKind.COUNT)
    return _unsupported(claim, "item count", stated)


def _concept_check(kind: str, fact_kind: FactKind) -> Callable[[Claim, FactIndex], str | None]:
    def check(claim: Claim, index: FactIndex) -> str | None:
        supported = index.concepts.get(kind, {})
        if claim.canonical not in supported and not _all_parts_stated(kind, claim.canonical, supported):
            return _unsupported(claim, kind, index.facts_of(fact_kind))
        if claim.percent is not None and kind == "material":
            return _check_share(claim, index)
        return None

    return check


def _all_parts_stated(kind: str, canonical: str, supported: dict[str, Fact]) -> bool:
    """A combination (black_white: black and white) is stated when each of its parts is: "black and white"
    for a product listed in Black and in White. A shade (navy, of blue) is not a combination."""
    lexicon = concept_lexicon()
    broader = lexicon.support_set(kind, canonical) - {canonical}
    parts = {p for p in broader if not any(p in lexicon.support_set(kind, q) for q in broader if q != p)}
    return len(parts) >= 2 and parts <= supported.keys()


def _check_share(claim: Claim, index: FactIndex) -> str | None:
    shares = index.material_percents.get(claim.canonical, [])
    if claim.percent is None:
        return None
    if not shares:  # the product names the material without a share: "100% cotton" for "Cotton" is fine, not 95%
        return None if claim.percent >= 99.5 else f"claims {claim.span!r} but the product states no share"
    if any(abs(share - claim.percent) < 0.5 for share, _ in shares):
        return None
    return f"claims {claim.span!r} but the product states {cite([fact for _, fact in shares])}"


def _check_origin(claim: Claim, index: FactIndex) -> str | None:
    if claim.canonical in index.origins:
        return None
    return _unsupported(claim, "origin", index.facts_of(FactKind.ORIGIN))


def _check_warranty(claim: Claim, index: FactIndex) -> str | None:
    if index.warranties and (
        claim.quantity is None
        or any(fact.quantity is not None and claim.quantity.close_to(fact.quantity) for fact in index.warranties)
    ):
        return None
    return _unsupported(claim, "warranty", index.warranties)


def _check_comparative(claim: Claim, index: FactIndex) -> str | None:
    if claim.canonical in index.comparatives:
        return None
    stated = list(index.comparatives.values())
    if not stated:
        return f"claims {claim.span!r} but the product's data gives no comparison figure"
    return f"claims {claim.span!r} but the product's data only states {cite(stated)}"


_CODE_PARTS = re.compile(r"[-._/\s]+")


def _check_brand(claim: Claim, index: FactIndex) -> str | None:
    parts = [part for part in _CODE_PARTS.split(claim.canonical) if part]
    if index.has_token(claim.canonical) or (len(parts) > 1 and all(index.has_token(part) for part in parts)):
        return None  # "2-band" for the data's "2 Band EQ"
    brands = index.facts_of(FactKind.BRAND)
    if brands:
        return f"{claim.span!r} is not in the product's data; the brand is {cite(brands)}"
    return f"{claim.span!r} looks like a brand or model name but is not in the product's data"


_CHECKS: dict[ClaimKind, Callable[[Claim, FactIndex], str | None]] = {
    ClaimKind.QUANTITY: _check_quantity,
    ClaimKind.COUNT: _check_count,
    ClaimKind.COLOUR: _concept_check("colour", FactKind.COLOUR),
    ClaimKind.MATERIAL: _concept_check("material", FactKind.MATERIAL),
    ClaimKind.CERTIFICATION: _concept_check("certification", FactKind.CERTIFICATION),
    ClaimKind.ORIGIN: _check_origin,
    ClaimKind.WARRANTY: _check_warranty,
    ClaimKind.COMPARATIVE: _check_comparative,
    ClaimKind.BRAND: _check_brand,
}
