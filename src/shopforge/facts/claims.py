"""Claims in copy: what a sentence asserts about the product, with the exact span that asserts it.

``extract_claims`` finds quantities, counts, colours, materials, certifications, origins, warranties,
comparatives ("2x faster", "快2倍") and brand-like tokens, in Chinese and English. Extractors run in priority
order and a later one never claims text an earlier one already took ("1 year warranty" is a warranty, not a
duration; "100% cotton" is a material, not a percentage).

Everything is compiled once; per copy the cost is a handful of regex scans and dict look-ups (the verifier
must handle ≥10,000 short copies per second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from shopforge.facts.lexicon import (
    case_variants,
    common_terms,
    concept_lexicon,
    fold,
    is_cjk,
    origin_lexicon,
    trie_regex,
)
from shopforge.facts.model import Quantity
from shopforge.facts.units import parse_number, parse_quantities, parse_warranties

_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMERIC_HINT = re.compile(r"[0-9零〇一二两三四五六七八九十百半]|of")
# a maximal run of a Latin word, model number or style code ("Alisha", "681GM_WHT", "SH.DF-14")
_CODE_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9]*-$")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’&._\-][A-Za-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_TOKEN_PARTS = re.compile(r"['’&._\-]")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_COMMON_ZIPF = 3.0  # wordfreq Zipf frequency above which a word is ordinary English (≈ top 30k words)
# Cheap set/substring tests tell which extractors can possibly find something; the others are skipped.
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NUMBER_CHARS = frozenset("0123456789零〇一二两三四五六七八九十百半")
_COMPARATIVE_CHARS = frozenset("%％倍成×xX")
_ORIGIN_WORDS = ("made", "manufactured", "produced", "imported", "product of", "origin", "产", "制造", "进口")


class ClaimKind(StrEnum):
    QUANTITY = "quantity"
    COUNT = "count"
    COLOUR = "colour"
    MATERIAL = "material"
    CERTIFICATION = "certification"
    ORIGIN = "origin"
    WARRANTY = "warranty"
    COMPARATIVE = "comparative"
    BRAND = "brand"  # brand names, model numbers and style codes: proper-noun-like tokens


@dataclass(frozen=True, slots=True)
class Claim:
    """One assertion in a copy. ``span`` is exactly ``text[start:end]``."""

    kind: ClaimKind
    span: str
    start: int
    end: int
    canonical: str = ""  # "black", "cotton", "ce", "china", "2x", "alisha"; "" for quantities
    quantity: Quantity | None = None  # the first (often only) quantity; warranty length in years
    quantities: tuple[Quantity, ...] = ()  # every number of a range or a dimension
    unit_text: str = ""  # the unit as written ("ml"), for fault injection and messages
    percent: float | None = None  # "98% cotton" -> 98.0


class _Taken:
    """Character ranges already claimed, so that extractors do not double-claim a span."""

    __slots__ = ("ranges",)

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> bool:
        for taken_start, taken_end in self.ranges:
            if start < taken_end and taken_start < end:
                return False
        self.ranges.append((start, end))
        return True


def is_chinese(text: str) -> bool:
    return _CJK.search(text) is not None  # a regex scan beats a Python loop over the characters


def extract_claims(text: str) -> list[Claim]:
    """All claims in ``text``, ordered by position."""
    claims: list[Claim] = []
    taken = _Taken()
    chars = set(text)
    lowered = text.lower()
    if "warrant" in lowered or "guarant" in lowered or "保" in chars or "包换" in text:
        _add_warranties(text, claims, taken)
    if not chars.isdisjoint(_COMPARATIVE_CHARS) or "times" in lowered:
        _add_comparatives(text, claims, taken)
    if any(word in lowered for word in _ORIGIN_WORDS):
        _add_origins(text, claims, taken)
    chinese = max(text, default=" ") >= "\u3400"
    latin = not chars.isdisjoint(_ASCII_LETTERS)
    _add_concepts(text, claims, taken, chinese=chinese, weak_kind=None, latin=latin)
    if not chars.isdisjoint(_NUMBER_CHARS):
        _add_quantities(text, claims, taken)
    if latin:
        _add_brand_tokens(text, claims, taken, chinese=chinese)
    claims.sort(key=lambda claim: claim.start)
    return claims


def scan_concepts(text: str, weak_kind: str | None) -> list[Claim]:
    """Colours/materials/certifications in a merchant's attribute value.

    ``weak_kind`` also accepts that kind's context-dependent surfaces without their context word: in a
    ``颜色`` attribute "白" is white, while in copy only "白色" is.
    """
    claims: list[Claim] = []
    _add_concepts(text, claims, _Taken(), chinese=is_chinese(text), weak_kind=weak_kind, latin=True)
    return claims


def _add_warranties(text: str, claims: list[Claim], taken: _Taken) -> None:
    for found in parse_warranties(text):
        if taken.take(found.start, found.end):
            quantity = Quantity(found.years, "warranty", "year") if found.years is not None else None
            claims.append(Claim(ClaimKind.WARRANTY, found.text, found.start, found.end,
                                canonical="warranty", quantity=quantity,
                                quantities=(quantity,) if quantity else ()))  # fmt: skip


@cache
def _comparative_regex() -> re.Pattern[str]:
    number = r"\d+(?:\.\d+)?|[一二两三四五六七八九十半]+"
    adjectives = r"[A-Za-z]+er|more|less|better"
    zh_verbs = "快|多|长|强|高|大|省|提升|提高|增加|减少|降低|节省|延长|增强|领先"
    return re.compile(
        rf"(?<![A-Za-z0-9.])(?P<n>\d+(?:\.\d+)?)\s*(?:x|X|×|times)\s+(?:the\s+)?(?:{adjectives})(?![A-Za-z])"
        rf"|(?<![A-Za-z0-9.])(?P<p>\d+(?:\.\d+)?)\s*[%％]\s+(?:{adjectives}|extra|off)(?![A-Za-z])"
        rf"|(?:{zh_verbs})了?\s*(?P<zn>{number})\s*(?P<zu>倍|%|％|成)"
        rf"|(?P<zn2>{number})\s*倍",
        re.IGNORECASE,
    )


def _add_comparatives(text: str, claims: list[Claim], taken: _Taken) -> None:
    for match in _comparative_regex().finditer(text):
        canonical = _comparative_canonical(match)
        if canonical and taken.take(match.start(), match.end()):
            claims.append(Claim(ClaimKind.COMPARATIVE, match.group(), match.start(), match.end(), canonical))


def _comparative_canonical(match: re.Match[str]) -> str:
    """ "2x faster", "3 times longer", "快2倍" -> "2x"; "50% more" -> "50%"; "提升3成" -> "30%"."""
    times = match.group("n") or match.group("zn2")
    if match.group("zn") and match.group("zu") == "倍":
        times = match.group("zn")
    if times:
        value = parse_number(times)
        return f"{value:g}x" if value is not None else ""
    percent = match.group("p") or match.group("zn")
    value = parse_number(percent) if percent else None
    if value is None:
        return ""
    return f"{value * 10:g}%" if match.group("zu") == "成" else f"{value:g}%"


@cache
def _origin_regex() -> re.Pattern[str]:
    lexicon = origin_lexicon()
    before = trie_regex(list(lexicon.before))
    after = trie_regex(list(lexicon.after))
    country = lexicon.country_pattern
    return re.compile(
        rf"(?<![A-Za-z])(?:{before})\s*[:：]?\s*(?:the\s+)?(?P<c1>{country})(?![A-Za-z])"
        rf"|(?<![A-Za-z])(?P<c2>{country})(?:{after})",
        re.IGNORECASE,
    )


def _add_origins(text: str, claims: list[Claim], taken: _Taken) -> None:
    countries = origin_lexicon().countries
    for match in _origin_regex().finditer(text):
        country = countries.get(fold(match.group("c1") or match.group("c2")))
        if country and taken.take(match.start(), match.end()):
            claims.append(Claim(ClaimKind.ORIGIN, match.group(), match.start(), match.end(), country))


def find_origin_countries(text: str) -> list[str]:
    """Countries named anywhere in ``text`` (for an attribute keyed 产地 / Country of Origin)."""
    lexicon = origin_lexicon()
    pattern = _country_regex()
    return [
        lexicon.countries[fold(m.group())]
        for m in pattern.finditer(text)
        if fold(m.group()) in lexicon.countries
    ]


@cache
def _country_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z])(?:{origin_lexicon().country_pattern})(?![A-Za-z])", re.IGNORECASE)


_WEAK_CONTEXT = {
    "colour": re.compile(r"\s*(?:colou?rs?|色)", re.IGNORECASE),
    "material": re.compile(r"\s*(?:fabric|material|材质|面料|料)", re.IGNORECASE),
}
_PERCENT_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]\s*$")


@cache
def _concept_regex(script: str) -> re.Pattern[str]:
    """The lexicon scanner for one script: one trie of every surface, with no capture groups.

    Latin surfaces are tried only at ASCII word starts and spelled out in their case variants rather than
    using IGNORECASE; CJK surfaces get a bare trie (Chinese has no word boundaries) whose first characters
    let ``re`` skip most positions. Both keep a scan of a short copy at a few microseconds; whether a weak
    surface has its context word is checked afterwards, on the few matches.
    """
    lexicon = concept_lexicon()
    surfaces = {*lexicon.strong_surfaces, *(s for weak in lexicon.weak_surfaces.values() for s in weak)}
    if script == "cjk":
        return re.compile(trie_regex(sorted(s for s in surfaces if is_cjk(s))))
    spellings = {v for s in surfaces if not is_cjk(s) for v in case_variants(s)}
    spellings |= {s.replace("-", " ") for s in lexicon.spellings if not is_cjk(s)}  # "RoHS", "OEKO TEX"
    spellings = {" ".join(s.split()) for s in spellings}
    return re.compile(rf"(?a:\b)(?:{trie_regex(sorted(spellings))})(?![A-Za-z])")


def _add_concepts(
    text: str, claims: list[Claim], taken: _Taken, *, chinese: bool, weak_kind: str | None, latin: bool
) -> None:
    if latin:
        _scan_script(text, "latin", claims, taken, weak_kind)
    if chinese:
        _scan_script(text, "cjk", claims, taken, weak_kind)


_PERCENT_AFTER = re.compile(r"(\d+(?:\.\d+)?)\s?[%％]")


def _scan_script(text: str, script: str, claims: list[Claim], taken: _Taken, weak_kind: str | None) -> None:
    terms = concept_lexicon().terms
    for match in _concept_regex(script).finditer(text):
        surface = match.group()
        term = terms.get(fold(surface))
        if term is None or (term.exact_case and surface not in term.exact_case):
            continue
        if term.weak and term.kind != weak_kind:
            context = _WEAK_CONTEXT.get(term.kind)
            if context is None or context.match(text, match.end()) is None:
                continue
        start, end, percent = match.start(), match.end(), None
        after = _PERCENT_AFTER.match(text, end) if term.canonical and term.kind == "material" else None
        if after and script == "cjk":  # 棉95% 氨纶5%: in Chinese the share may follow the material directly
            end, percent = after.end(), float(after.group(1))
        elif term.canonical and term.kind == "material" and start and text[start - 1] in "%％ ":
            before = _PERCENT_BEFORE.search(text, max(0, start - 12), start)
            if before:
                start, percent = before.start(), float(before.group(1))
        if not taken.take(start, end) or not term.canonical:
            continue  # ignored surfaces (纯色, "net weight") still block other extractors
        claims.append(Claim(ClaimKind(term.kind), text[start:end], start, end, term.canonical, percent=percent))


def _add_quantities(text: str, claims: list[Claim], taken: _Taken) -> None:
    for found in parse_quantities(text):
        if _CODE_BEFORE.search(text, 0, found.start):
            continue  # "RR-028 pairs a dial…": the digits end a model code, they count nothing
        if taken.take(found.start, found.end):
            kind = ClaimKind.COUNT if found.is_count else ClaimKind.QUANTITY
            claims.append(Claim(kind, found.text, found.start, found.end, quantity=found.quantities[0],
                                quantities=found.quantities, unit_text=found.unit_text))  # fmt: skip


def _add_brand_tokens(text: str, claims: list[Claim], taken: _Taken, *, chinese: bool) -> None:
    for match in _LATIN_TOKEN.finditer(text):
        token, start, end = match.group(), match.start(), match.end()
        if token.isdigit() or (start and text[start - 1] == "<" and text[end : end + 1] == ">"):
            continue  # plain numbers; "<UNK>"-style markup and placeholders
        canonical = brand_token_canonical(token, chinese)
        if canonical and taken.take(start, end):
            claims.append(Claim(ClaimKind.BRAND, token, start, end, canonical))


@lru_cache(maxsize=65536)
def brand_token_canonical(token: str, chinese: bool) -> str:
    """The folded token if it reads as a brand, model number or style code; "" for ordinary words.

    In English copy only capitalised or upper-case tokens qualify ("Alisha", "SWAGGA", "C38GR30"); in Chinese
    copy any Latin token does. Ordinary English words (wordfreq), sizes and technical abbreviations never do,
    except well-known brands that happen to be frequent words ("Samsung").
    """
    folded = _POSSESSIVE.sub("", fold(token))
    terms = common_terms()
    if folded in terms.known_brands:
        return folded
    if len(folded) < 2 or folded in terms.generic or folded.isdigit() or _ORDINAL.fullmatch(folded):
        return ""
    if any(char.isdigit() for char in folded):
        return folded  # model numbers and style codes
    if not chinese and not token[0].isupper():
        return ""
    parts = [part for part in _TOKEN_PARTS.split(folded) if part]
    if all(part in terms.generic or is_common_word(part) for part in parts):
        return ""
    return folded


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """An ordinary English word (or its singular) according to wordfreq, so not a brand."""
    from wordfreq import zipf_frequency  # imported lazily: loading its word list takes ~0.5 s

    candidates = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word}
    return any(
        zipf_frequency(candidate, "en") >= _COMMON_ZIPF for candidate in candidates if len(candidate) > 1
    )
