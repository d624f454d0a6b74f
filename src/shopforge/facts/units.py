"""Quantities with units, in Chinese and English, converted to the base unit of their dimension.

``750ml``, ``0.75 L`` and ``750毫升`` all become ``Quantity(0.75, "volume", "L")``. Ranges ("5-10 kg") and
dimensions ("30 x 20 x 10 cm") yield one quantity per number; "Pack of 3", "3 pcs", "两件套" are counts
(dimension ``"count"``). The unit table is data (``lexicon/units.yaml``); this module compiles it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from shopforge.facts.lexicon import case_variants, fold, trie_regex, unit_table, warranty_lexicon
from shopforge.facts.model import Quantity

COUNT_DIMENSION = "count"
_CJK_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_NUMERAL = "[零〇一二两三四五六七八九十百半]+"
_EN_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "single": 1, "double": 2,
}  # fmt: skip
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_FOLLOWED_BY_WORD_OR_NUMBER = re.compile(r"\s*[A-Za-z0-9]")
# Formatting for messages: show small amounts in the unit people write ("750 ml", not "0.75 L").
_DISPLAY_UNITS = {
    "volume": ((1.0, 1.0, "L"), (0.0, 1000.0, "ml")),
    "mass": ((1.0, 1.0, "kg"), (0.0, 1000.0, "g")),
    "length": ((1.0, 1.0, "m"), (0.01, 100.0, "cm"), (0.0, 1000.0, "mm")),
    "time": ((1.0, 1.0, "h"), (0.0, 60.0, "min")),
}


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """One quantity expression found in a text."""

    start: int
    end: int
    text: str  # exactly text[start:end]
    quantities: tuple[Quantity, ...]  # one per number (ranges and dimensions give several)
    unit_text: str  # the unit as written ("ml", "毫升"), "" for "Pack of 3"

    @property
    def is_count(self) -> bool:
        return self.quantities[0].dimension == COUNT_DIMENSION


def parse_number(text: str) -> float | None:
    """Arabic ("1,250.5"), Chinese ("两", "十五", "二百") and small English number words ("three")."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit() or text[0] == ".":
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    lowered = text.lower()
    if lowered in _EN_NUMBER_WORDS:
        return float(_EN_NUMBER_WORDS[lowered])
    return _parse_cjk_number(text)


def _parse_cjk_number(text: str) -> float | None:
    if text == "半":
        return 0.5
    total, current = 0, 0
    for char in text:
        if char in _CJK_DIGITS:
            current = current * 10 + _CJK_DIGITS[char] if current and "十" not in text else _CJK_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return float(total + current)


def to_base(magnitude: float, unit: str) -> Quantity | None:
    """``to_base(750, "ml")`` -> ``Quantity(0.75, "volume", "L")``; None for an unknown unit."""
    entry = unit_table().units.get(fold(unit))
    if entry is None:
        return None
    dimension, base, factor = entry
    return Quantity(round(magnitude * factor, 9), dimension, base)


@cache
def _quantity_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Three scanners, each starting with a character class so that ``re`` skips positions fast: Arabic
    numbers with a unit, Chinese numerals with a unit, and "Pack of 3" phrases."""
    table = unit_table()
    units = trie_regex(sorted(table.units))
    cjk_units = trie_regex(list(table.cjk_numeral_units))
    prefixes = sorted({v for prefix in table.count_prefixes for v in case_variants(prefix)})
    words = "|".join(sorted(_EN_NUMBER_WORDS, key=len, reverse=True))
    range_sep = r"\s*(?:-|–|—|~|～|to|至|到)\s*"
    dim_sep = r"\s*[xX×*]\s*"
    arabic = re.compile(
        rf"(?P<n1>{_ARABIC})"
        rf"(?:{range_sep}(?P<r2>{_ARABIC})|{dim_sep}(?P<d2>{_ARABIC})(?:{dim_sep}(?P<d3>{_ARABIC}))?)?"
        rf"\s*(?P<unit>(?i:{units}))(?![A-Za-z0-9])"
    )
    chinese = re.compile(rf"(?P<cn>{_CJK_NUMERAL})(?P<cunit>{cjk_units})")
    prefixed = re.compile(
        rf"(?a:\b)(?P<prefix>{trie_regex(prefixes)})\s+(?P<pn>\d+|(?i:{words}))(?![A-Za-z0-9])"
    )
    return arabic, chinese, prefixed


_HAS_DIGIT = re.compile(r"\d")
_GLUED_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,")


def parse_quantities(text: str) -> list[QuantityMatch]:
    """Every quantity or count expression in ``text``, in order."""
    arabic, chinese, prefixed = _quantity_regexes()
    found: list[QuantityMatch] = []
    if _HAS_DIGIT.search(text):
        for match in arabic.finditer(text):
            start = match.start()
            if start and text[start - 1] in _GLUED_BEFORE:
                continue  # part of a token: "C38GR30", "v2.5"
            _append(found, match, text)
    if " of " in text or " Of " in text or " OF " in text:
        for match in prefixed.finditer(text):
            _append(found, match, text)
    if max(text, default=" ") >= "\u3400":
        for match in chinese.finditer(text):
            _append(found, match, text)
    found.sort(key=lambda quantity: quantity.start)
    return found


def _append(found: list[QuantityMatch], match: re.Match[str], text: str) -> None:
    parsed = _from_match(match, text)
    if parsed is not None:
        found.append(parsed)


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text`` (for an attribute value such as "750 ml" or "1.5 kg")."""
    matches = parse_quantities(text)
    return matches[0].quantities[0] if matches else None


def _from_match(match: re.Match[str], text: str) -> QuantityMatch | None:
    groups = match.groupdict()
    if groups.get("prefix"):
        number = parse_number(match.group("pn"))
        numbers: tuple[float | None, ...] = (number,)
        unit_text, unit_key = "", "pcs"
    elif groups.get("cn"):
        numbers = (parse_number(match.group("cn")),)
        unit_text = unit_key = match.group("cunit")
    else:
        unit_text = unit_key = match.group("unit")
        if _unit_is_another_word(unit_text, text, match.end()):
            return None
        numbers = tuple(
            parse_number(value) for value in match.group("n1", "r2", "d2", "d3") if value is not None
        )
        if _is_multipack(match, numbers):
            numbers = numbers[1:]  # "3 x 200 ml" is three 200 ml items, not a 3 × 200 ml dimension
    quantities = tuple(to_base(n, unit_key) for n in numbers if n is not None)
    if not quantities or any(q is None for q in quantities):
        return None
    return QuantityMatch(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        quantities=tuple(q for q in quantities if q is not None),
        unit_text=unit_text,
    )


def _is_multipack(match: re.Match[str], numbers: tuple[float | None, ...]) -> bool:
    if match.group("d2") is None or match.group("d3") is not None or len(numbers) != 2:
        return False
    count, amount = numbers
    return count is not None and amount is not None and count.is_integer() and 0 < count <= 12 < amount / count


def _unit_is_another_word(unit: str, text: str, end: int) -> bool:
    blocked = unit_table().blocked_next.get(unit)
    if blocked and end < len(text) and text[end] in blocked:
        return True
    # "5 in 1", "2 in stock": "in" is a preposition there, not inches
    return unit.lower() == "in" and _FOLLOWED_BY_WORD_OR_NUMBER.match(text, end) is not None


def format_quantity(quantity: Quantity) -> str:
    """A readable form for messages: 0.75 L -> "750 ml", 0.0254 m -> "2.54 cm"."""
    magnitude, unit = quantity.magnitude, quantity.unit
    for threshold, factor, display in _DISPLAY_UNITS.get(quantity.dimension, ()):
        if abs(magnitude) >= threshold:
            magnitude, unit = magnitude * factor, display
            break
    if quantity.dimension == COUNT_DIMENSION:
        unit = "pcs"
    return f"{magnitude:.6g} {unit}"


@dataclass(frozen=True, slots=True)
class WarrantyMatch:
    start: int
    end: int
    text: str
    years: float | None  # None: a warranty with no stated length ("with warranty", "全国联保")


@cache
def _warranty_regex() -> re.Pattern[str]:
    lexicon = warranty_lexicon()
    number = rf"{_ARABIC}|{_CJK_NUMERAL}|" + "|".join(sorted(_EN_NUMBER_WORDS, key=len, reverse=True))
    periods = trie_regex(sorted(lexicon.periods))
    words_en = "|".join(lexicon.words_en)
    words_zh = "|".join(lexicon.words_zh)
    between = rf"(?:[\s,]+[A-Za-z'’]+){{0,{lexicon.between_en_max_words}}}?[\s,]+"
    return re.compile(
        rf"(?<![A-Za-z0-9.])(?P<n1>{number})\s*-?\s*(?P<p1>{periods})(?![A-Za-z]){between}(?:{words_en})"
        rf"|(?:{words_en})(?:\s*(?:of|for|period|-|–|:)\s*)*\s*(?P<n2>{number})\s*-?\s*(?P<p2>{periods})(?![A-Za-z])"
        rf"|(?:{words_zh})期?\s*[:：]?\s*(?P<n3>{number})\s*(?P<p3>{periods})"
        rf"|(?P<n4>{number})\s*(?P<p4>{periods})\s*内?\s*(?:{words_zh})"
        rf"|(?<![A-Za-z])(?:{words_en}|{words_zh})(?![A-Za-z])",
        re.IGNORECASE,
    )


def parse_warranties(text: str) -> list[WarrantyMatch]:
    """ "1 year warranty", "Warranty - 6 Months", "保修1年", "一年质保", bare "warranty" / "联保"."""
    periods = warranty_lexicon().periods
    found: list[WarrantyMatch] = []
    for match in _warranty_regex().finditer(text):
        years: float | None = None
        for number_group, period_group in (("n1", "p1"), ("n2", "p2"), ("n3", "p3"), ("n4", "p4")):
            if match.group(number_group):
                number = parse_number(match.group(number_group))
                factor = periods.get(fold(match.group(period_group)))
                years = number * factor if number is not None and factor is not None else None
                break
        found.append(WarrantyMatch(match.start(), match.end(), match.group(), years))
    return found
