"""Bilingual lexicons (colours, materials, certifications, origins, warranty, units, attribute keys).

The vocabularies live in ``facts/lexicon/*.yaml`` so that adding a surface form is a data change, not a code
change. Everything is loaded and compiled once (``functools.cache``): the verifier's hot path only runs the
precompiled regexes and dict look-ups built here.

Matching rules shared by every lexicon: surfaces are compared lower-cased with hyphens and runs of spaces
folded to one space ("Multi-Color" == "multi color"); English surfaces must stand as whole words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

CONCEPT_KINDS = ("colour", "material", "certification")
_SPACE_OR_HYPHEN = re.compile(r"[\s\-]+")


def case_variants(word: str) -> set[str]:
    """The spellings a case-sensitive regex must accept for a folded word: navy blue, NAVY BLUE, Navy Blue…"""
    return {word, word.upper(), word.title(), word[:1].upper() + word[1:]}


def fold(text: str) -> str:
    """The comparison key of a surface form: lower case, hyphens and whitespace runs become one space."""
    return _SPACE_OR_HYPHEN.sub(" ", text.strip().lower())


def trie_regex(words: list[str]) -> str:
    """One regex alternation of ``words`` factored as a prefix trie.

    Python's ``re`` tries alternatives one by one; a trie makes a lexicon of hundreds of surfaces cost about
    one character comparison per position. Longer words win because every optional tail is greedy.
    A space in a (folded) word matches any run of spaces or hyphens.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit_trie(trie) or "(?!)"


def _emit_trie(node: dict[str, Any]) -> str:
    branches = [
        (r"[\s\-]+" if char == " " else re.escape(char)) + _emit_trie(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        # wrap any multi-character body so the "?" makes the whole tail optional, not its last char
        return "(?:" + body + ")?"
    return body


class _ConceptSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    parents: list[str] = Field(default_factory=list)
    surfaces: list[str]
    weak: list[str] = Field(default_factory=list)
    case_sensitive: bool = False


class _ConceptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    ignore: list[str] = Field(default_factory=list)
    concepts: dict[str, _ConceptSpec]


@dataclass(frozen=True, slots=True)
class Term:
    """What one surface form means. ``canonical`` is "" for ignored surfaces (纯色, "net weight")."""

    kind: str
    canonical: str
    weak: bool = False
    exact_case: frozenset[str] = frozenset()  # non-empty: only these spellings count (CE, not "ce")


@dataclass(frozen=True)
class ConceptLexicon:
    """Colours, materials and certifications: surface -> concept, concept -> broader concepts."""

    terms: dict[str, Term]  # folded surface -> term
    ancestors: dict[tuple[str, str], frozenset[str]]  # (kind, canonical) -> itself and every broader concept
    preferred: dict[tuple[str, str, str], str]  # (kind, canonical, "en" | "zh") -> a surface to write
    spellings: frozenset[str]  # every surface as written in the YAML (keeps "RoHS", "mAh" mixed case)
    strong_surfaces: tuple[str, ...]  # folded surfaces that are claims on their own (and ignored ones)
    weak_surfaces: dict[str, tuple[str, ...]]  # kind -> folded surfaces that need a context word

    def lookup(self, surface: str) -> Term | None:
        return self.terms.get(fold(surface))

    def support_set(self, kind: str, canonical: str) -> frozenset[str]:
        return self.ancestors.get((kind, canonical), frozenset({canonical}))

    def canonicals(self, kind: str) -> list[str]:
        return sorted({c for (k, c) in self.ancestors if k == kind})


def _read_yaml(name: str) -> Any:
    text = resources.files("shopforge.facts").joinpath("lexicon", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def is_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def _closure(kind: str, name: str, specs: dict[str, _ConceptSpec], seen: frozenset[str]) -> frozenset[str]:
    if name in seen:
        raise ValueError(f"{kind} lexicon: cycle through {name!r}")
    result = {name}
    for parent in specs[name].parents:
        if parent not in specs:
            raise ValueError(f"{kind} lexicon: {name!r} has unknown parent {parent!r}")
        result |= _closure(kind, parent, specs, seen | {name})
    return frozenset(result)


def _add_term(terms: dict[str, Term], surface: str, term: Term) -> None:
    key = fold(surface)
    existing = terms.get(key)
    if existing is not None and existing != term:
        raise ValueError(f"surface {surface!r} is both {existing.kind}:{existing.canonical} and {term.kind}")
    terms[key] = term


@cache
def concept_lexicon() -> ConceptLexicon:
    terms: dict[str, Term] = {}
    ancestors: dict[tuple[str, str], frozenset[str]] = {}
    preferred: dict[tuple[str, str, str], str] = {}
    strong: list[str] = []
    weak: dict[str, list[str]] = {}
    spellings: set[str] = set()
    for kind in CONCEPT_KINDS:
        spec_file = _ConceptFile.model_validate(_read_yaml(f"{kind}s.yaml"))
        for surface in spec_file.ignore:
            _add_term(terms, surface, Term(kind, ""))
            strong.append(fold(surface))
        for name, spec in spec_file.concepts.items():
            ancestors[(kind, name)] = _closure(kind, name, spec_file.concepts, frozenset())
            exact = frozenset(spec.surfaces) if spec.case_sensitive else frozenset()
            for surface in spec.surfaces:
                if is_cjk(surface) and len(surface) == 1:
                    raise ValueError(f"{kind} {name}: single-character {surface!r} must be listed as weak")
                _add_term(terms, surface, Term(kind, name, exact_case=exact))
                strong.append(fold(surface))
                preferred.setdefault((kind, name, "zh" if is_cjk(surface) else "en"), surface)
            spellings.update(spec.surfaces, spec.weak)
            for surface in spec.weak:
                _add_term(terms, surface, Term(kind, name, weak=True))
                weak.setdefault(kind, []).append(fold(surface))
    return ConceptLexicon(
        terms=terms,
        ancestors=ancestors,
        preferred=preferred,
        spellings=frozenset(spellings),
        strong_surfaces=tuple(strong),
        weak_surfaces={kind: tuple(words) for kind, words in weak.items()},
    )


@dataclass(frozen=True)
class UnitTable:
    units: dict[str, tuple[str, str, float]]  # folded surface -> (dimension, base unit, factor to base)
    spellings: frozenset[str]  # surfaces as written in the YAML ("mAh", "kWh")
    count_prefixes: tuple[str, ...]
    cjk_numeral_units: tuple[str, ...]
    blocked_next: dict[str, str]


@cache
def unit_table() -> UnitTable:
    data = _read_yaml("units.yaml")
    units: dict[str, tuple[str, str, float]] = {}
    for dimension, spec in data["dimensions"].items():
        for surface, factor in spec["units"].items():
            key = fold(str(surface))
            if key in units:
                raise ValueError(f"unit {surface!r} listed twice")
            units[key] = (dimension, str(spec["base"]), float(factor))
    return UnitTable(
        units=units,
        spellings=frozenset(
            str(surface) for spec in data["dimensions"].values() for surface in spec["units"]
        ),
        count_prefixes=tuple(fold(p) for p in data["count_prefixes"]),
        cjk_numeral_units=tuple(data["cjk_numeral_units"]),
        blocked_next={str(k): str(v) for k, v in data["blocked_next"].items()},
    )


@dataclass(frozen=True)
class OriginLexicon:
    countries: dict[str, str]  # folded surface -> country
    country_pattern: str
    before: tuple[str, ...]  # "made in", "产自" … precede the country
    after: tuple[str, ...]  # "制造" … follow the country


@cache
def origin_lexicon() -> OriginLexicon:
    data = _read_yaml("origins.yaml")
    countries: dict[str, str] = {}
    for country, surfaces in data["countries"].items():
        for surface in surfaces:
            countries[fold(surface)] = country
    return OriginLexicon(
        countries=countries,
        country_pattern=trie_regex(sorted(countries)),
        before=tuple(fold(p) for p in [*data["patterns_en"], *data["patterns_zh_before"]]),
        after=tuple(data["patterns_zh_after"]),
    )


@dataclass(frozen=True)
class WarrantyLexicon:
    words_en: tuple[str, ...]
    words_zh: tuple[str, ...]
    between_en_max_words: int
    periods: dict[str, float]  # folded period word -> years


@cache
def warranty_lexicon() -> WarrantyLexicon:
    data = _read_yaml("warranty.yaml")
    return WarrantyLexicon(
        words_en=tuple(data["words_en"]),
        words_zh=tuple(data["words_zh"]),
        between_en_max_words=int(data["between_en_max_words"]),
        periods={fold(str(k)): float(v) for k, v in data["periods"].items()},
    )


@dataclass(frozen=True)
class AttributeKeyRules:
    exact: dict[str, str]  # folded key -> kind
    contains: tuple[tuple[str, str], ...]  # (fragment, kind) in priority order

    def kind_of(self, key: str) -> str | None:
        folded = fold(key)
        if folded in self.exact:
            return self.exact[folded]
        for fragment, kind in self.contains:
            if fragment in folded:
                return kind
        return None


@cache
def attribute_key_rules() -> AttributeKeyRules:
    data = _read_yaml("attribute_keys.yaml")
    exact: dict[str, str] = {}
    contains: list[tuple[str, str]] = []
    for kind, spec in data["kinds"].items():
        for key in spec.get("exact") or []:
            exact.setdefault(fold(key), kind)
        contains.extend((fold(fragment), kind) for fragment in spec.get("contains") or [])
    return AttributeKeyRules(exact=exact, contains=tuple(contains))


@dataclass(frozen=True)
class CommonTerms:
    generic: frozenset[str]  # folded tokens that are never brands
    known_brands: frozenset[str]  # folded brand names that are always brand claims


@cache
def common_terms() -> CommonTerms:
    data = _read_yaml("common_terms.yaml")
    return CommonTerms(
        generic=frozenset(fold(str(t)) for t in data["generic"]),
        known_brands=frozenset(fold(str(t)) for t in data["known_brands"]),
    )


@dataclass(frozen=True)
class PlaceholderValues:
    """Values that are not facts, and values that state an attribute's absence (``lexicon/placeholders.yaml``)."""

    placeholders: frozenset[str]  # comparison keys of values that are not facts
    negative: frozenset[str]  # comparison keys of values that state the attribute's absence ("No", 无)
    zero_length: re.Pattern[str]  # "0 cm", "0.0 inch": an empty measurement
    zero_keys: frozenset[str] = frozenset()  # attribute keys for which a zero length is real ("Heel Height")

    def is_placeholder(self, value: str, key: str = "") -> bool:
        """Whether ``value`` (of attribute ``key``, when known) states nothing."""
        text = unicodedata.normalize("NFKC", value).strip()
        if not text or all(unicodedata.category(char)[0] in "PZ" for char in text):
            return True  # empty, or punctuation only: "-", "—", "/", "?", "...", "***"
        if placeholder_key(text) in self.placeholders:
            return True
        return bool(self.zero_length.fullmatch(text)) and placeholder_key(key) not in self.zero_keys

    def is_negative(self, value: str) -> bool:
        return placeholder_key(value) in self.negative


_SPACES = re.compile(r"\s+")
_WRAPPERS = "()[]{}<>【】〔〕《》「」『』\"'“”‘’"
_TRAILING = ".。!！,，;；:："


def placeholder_key(value: str) -> str:
    """The comparison key of a value: NFKC, case-folded, no spaces, no wrapping brackets or trailing dots.

    "(N/A)", "n.a.", "N / A", "Ｎ／Ａ" and "【待定】" share their key with the listed "n/a", "n.a" and 待定.
    """
    key = _SPACES.sub("", unicodedata.normalize("NFKC", value)).casefold()
    inner = key.strip(_WRAPPERS).rstrip(_TRAILING).strip(_WRAPPERS)
    return inner or key  # a value that is only punctuation ("...") keeps it


@cache
def placeholder_values() -> PlaceholderValues:
    data = _read_yaml("placeholders.yaml")
    keys = {
        name: frozenset(placeholder_key(str(v)) for values in data[name].values() for v in values)
        for name in ("placeholders", "negative")
    }
    units = sorted({str(u) for values in data["zero_length"].values() for u in values}, key=len, reverse=True)
    zero = re.compile(r"(?i)[0０]+(?:[.,][0０]+)?\s*(?:" + "|".join(map(re.escape, units)) + ")")
    zero_keys = frozenset(placeholder_key(str(k)) for k in data.get("zero_length_keys", []))
    return PlaceholderValues(keys["placeholders"], keys["negative"], zero, zero_keys)
