"""Fault injectors for the verifier's evaluation: turn good copy into copy the verifier must reject.

Each injector returns the modified text, or None when the fault cannot apply (no colour to swap, no number
to change…). Grounding faults are checked against the product's own facts so that the injected claim is
really false: a "navy" product's copy never gets "blue" injected as a wrong colour.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from shopforge.facts.claims import Claim, ClaimKind, brand_token_canonical, extract_claims, is_chinese
from shopforge.facts.index import FactIndex
from shopforge.facts.lexicon import concept_lexicon, fold, is_cjk
from shopforge.facts.model import Fact, FactKind, Quantity
from shopforge.facts.units import COUNT_DIMENSION, to_base

FAULTS = ("number", "unit", "colour", "material", "brand", "absolute_term", "forbidden_char", "over_length")
FORBIDDEN_CHARS = "!$?_{}^¬¦"
ABSOLUTE_TERMS_EN = ("Best", "No.1", "#1", "World's Best", "Perfect")
ABSOLUTE_TERMS_ZH = ("最佳", "国家级", "第一", "最好", "顶级", "全网第一")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RATIOS = (2.0, 3.0, 0.5, 5.0, 1.5, 10.0, 4.0)
# Units a fault may switch to, per dimension and script: other scale (ml -> L) or other dimension (ml -> g).
_SWAP_UNITS = {
    "en": {
        "volume": ["ml", "L"], "mass": ["g", "kg"], "length": ["mm", "cm", "m", "inch"], "power": ["W", "kW"],
        "battery": ["mAh", "Ah"], "time": ["min", "hours", "days"], "data": ["MB", "GB", "TB"],
    },
    "zh": {
        "volume": ["毫升", "升"], "mass": ["克", "千克"], "length": ["毫米", "厘米", "米"],
        "power": ["瓦", "千瓦"],
        "battery": ["毫安"], "time": ["分钟", "小时"],
    },
}  # fmt: skip
_SYLLABLES = (
    "zor",
    "vex",
    "kal",
    "omi",
    "tra",
    "quin",
    "bel",
    "dra",
    "fyn",
    "lux",
    "mor",
    "pex",
    "ryx",
    "sol",
    "tav",
)


def inject(
    text: str, facts: list[Fact], fault: str, rng: random.Random, max_chars: int | None = None
) -> str | None:
    """``text`` with one ``fault`` injected, or None when it cannot apply. ``max_chars`` is the platform's
    length limit, needed by ``over_length`` only."""
    if fault == "over_length":
        return _over_length(text, max_chars)
    injector = _INJECTORS.get(fault)
    if injector is None:
        raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
    return injector(text, FactIndex.build(facts), rng)


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _format_number(value: float) -> str:
    return f"{value:g}" if value >= 1 or value == 0 else f"{value:.2g}"


def _quantity_known(quantity: Quantity, index: FactIndex) -> bool:
    if quantity.dimension == COUNT_DIMENSION:
        return quantity.magnitude in index.counts
    return any(quantity.close_to(known) for known, _ in index.quantities.get(quantity.dimension, ()))


def _numeric_claims(text: str) -> list[Claim]:
    kinds = (ClaimKind.QUANTITY, ClaimKind.COUNT)
    return [c for c in extract_claims(text) if c.kind in kinds and _NUMBER.search(c.span)]


def _wrong_number(text: str, index: FactIndex, rng: random.Random) -> str | None:
    claims = _numeric_claims(text)
    rng.shuffle(claims)
    for claim in claims:
        number = _NUMBER.search(claim.span)
        assert number is not None
        old = float(number.group())
        ratios = list(_RATIOS)
        rng.shuffle(ratios)
        for ratio in ratios:
            new = round(old * ratio if old else ratio, 2)
            if claim.kind is ClaimKind.COUNT:
                new = float(max(round(new), int(old) + 1))
            quantity = claim.quantities[0]
            scaled = Quantity(
                quantity.magnitude * new / old if old else new, quantity.dimension, quantity.unit
            )
            if not _quantity_known(scaled, index):
                start = claim.start + number.start()
                return _replace(text, start, start + len(number.group()), _format_number(new))
    return None


def _wrong_unit(text: str, index: FactIndex, rng: random.Random) -> str | None:
    claims = [c for c in _numeric_claims(text) if c.kind is ClaimKind.QUANTITY and c.unit_text]
    rng.shuffle(claims)
    for claim in claims:
        number = _NUMBER.search(claim.span)
        assert number is not None
        script = "zh" if is_cjk(claim.unit_text) else "en"
        dimension = claim.quantities[0].dimension
        options = [u for u in _SWAP_UNITS[script].get(dimension, []) if fold(u) != fold(claim.unit_text)]
        options += [units[0] for dim, units in _SWAP_UNITS[script].items() if dim != dimension]
        rng.shuffle(options)
        for unit in options:
            quantity = to_base(float(number.group()), unit)
            if quantity is not None and not _quantity_known(quantity, index):
                unit_at = claim.span.rindex(claim.unit_text)
                start = claim.start + unit_at
                return _replace(text, start, start + len(claim.unit_text), unit)
    return None


def _swap_concept(kind: ClaimKind) -> Callable[[str, FactIndex, random.Random], str | None]:
    def swap(text: str, index: FactIndex, rng: random.Random) -> str | None:
        lexicon = concept_lexicon()
        claims = [c for c in extract_claims(text) if c.kind is kind]
        if not claims:
            return None
        claim = rng.choice(claims)
        language = "zh" if is_cjk(claim.span) else "en"
        supported = index.concepts.get(kind.value, {})
        related = lexicon.support_set(kind.value, claim.canonical)
        choices = [
            canonical
            for canonical in lexicon.canonicals(kind.value)
            if canonical not in supported
            and canonical not in related
            and claim.canonical not in lexicon.support_set(kind.value, canonical)
            and (kind.value, canonical, language) in lexicon.preferred
        ]
        if not choices:
            return None
        surface = lexicon.preferred[(kind.value, rng.choice(choices), language)]
        return _replace(text, claim.start, claim.end, _match_case(claim.span, surface))

    return swap


def _match_case(original: str, surface: str) -> str:
    letters = re.sub(r"^[\d.\s%％]+", "", original)
    if letters.isupper():
        return surface.upper()
    if letters[:1].isupper():
        return surface.title()
    return surface


def _invented_brand(index: FactIndex, rng: random.Random, chinese: bool) -> str:
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
        if brand_token_canonical(name, chinese) and not index.has_token(fold(name)):
            return name


def _wrong_brand(text: str, index: FactIndex, rng: random.Random) -> str | None:
    """Replace the product's brand (or the first brand-like token) with an invented one; when the copy names
    no brand, put an invented one in front."""
    chinese = is_chinese(text)
    name = _invented_brand(index, rng, chinese)
    for brand in index.facts_of(FactKind.BRAND):
        found = re.search(re.escape(brand.value), text, re.IGNORECASE)
        if found:
            return _replace(text, found.start(), found.end(), name)
    tokens = [c for c in extract_claims(text) if c.kind is ClaimKind.BRAND]
    if tokens:
        return _replace(text, tokens[0].start, tokens[0].end, name)
    return f"{name}{'' if chinese else ' '}{text}"


def _absolute_term(text: str, index: FactIndex, rng: random.Random) -> str | None:
    if is_chinese(text):
        return rng.choice(ABSOLUTE_TERMS_ZH) + text
    return f"{rng.choice(ABSOLUTE_TERMS_EN)} {text}"


def _forbidden_char(text: str, index: FactIndex, rng: random.Random) -> str | None:
    position = rng.randint(0, len(text))
    return text[:position] + rng.choice(FORBIDDEN_CHARS) + text[position:]


def _over_length(text: str, max_chars: int | None) -> str | None:
    """Pad with the copy's own words (so only the length is wrong) until it exceeds ``max_chars``."""
    if max_chars is None or not text.strip() or len(text) > max_chars:
        return None
    separator = "，" if is_chinese(text) else " "
    padded = text
    while len(padded) <= max_chars:
        padded = padded + separator + text
    return padded


_INJECTORS: dict[str, Callable[[str, FactIndex, random.Random], str | None]] = {
    "number": _wrong_number,
    "unit": _wrong_unit,
    "colour": _swap_concept(ClaimKind.COLOUR),
    "material": _swap_concept(ClaimKind.MATERIAL),
    "brand": _wrong_brand,
    "absolute_term": _absolute_term,
    "forbidden_char": _forbidden_char,
}
