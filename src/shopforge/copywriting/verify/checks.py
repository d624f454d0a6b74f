"""The check types: each is a *compiler* that validates a rule's parameters once and returns its checker.

A checker takes the copy (``CheckContext``) and returns its hits; its regexes are built by the compiler, so
a check call does no compilation. Checkers that can only hit where a regex matches are returned as
``Screened`` so the driver can skip them, together, with one scan of a clean copy. ``CHECK_TYPES`` is the
registry the rule packs name their checks from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import BaseModel

from shopforge.copywriting.verify._context import (
    CJK,
    LATIN_WORD,
    PARAMS_CONFIG,
    CheckCompiler,
    CheckContext,
    Checker,
    Hit,
    Screened,
)
from shopforge.copywriting.verify._terms import Exemptions, TermMatcher
from shopforge.copywriting.verify.hygiene import contact_info, html, language, repetition

_NO_HITS: tuple[Hit, ...] = ()


class _Params(BaseModel):
    model_config = PARAMS_CONFIG


class _MaxLengthParams(_Params):
    max: int | None = None
    unit: Literal["chars", "bytes_gbk", "words"] = "chars"
    max_items: int | None = None  # bullets only: how many bullets


def gbk_bytes(text: str) -> int:
    """GBK: ASCII is 1 byte, every CJK character (and other non-ASCII) 2 — Taobao counts titles this way."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


_MEASURES: dict[str, Callable[[str], int]] = {
    "chars": len,
    "bytes_gbk": gbk_bytes,
    "words": lambda t: len(t.split()),
}


def measure_length(text: str, unit: str) -> int:
    """Length in a platform's unit, as the packs' max_length rules count it (the composer and the optimiser's
    understanding measure with this too, so a title they size is a title the verifier accepts)."""
    return _MEASURES[unit](text)


def max_length(raw: dict[str, Any]) -> Checker:
    params = _MaxLengthParams(**raw)
    measure, limit, unit, max_items = _MEASURES[params.unit], params.max, params.unit, params.max_items

    def check(ctx: CheckContext) -> Iterable[Hit]:
        if ctx.kind != "bullets":  # the whole copy is one item; max_items does not apply
            if limit is None:
                return _NO_HITS
            size = measure(ctx.text)
            return (Hit("", f" ({size} > {limit} {unit})"),) if size > limit else _NO_HITS
        items = ctx.items()
        hits = []
        if max_items is not None and len(items) > max_items:
            hits.append(Hit("", f" ({len(items)} > {max_items} bullets)"))
        if limit is not None:
            for item in items:
                size = measure(item)
                if size > limit:
                    hits.append(Hit(item, f" ({size} > {limit} {unit})"))
        return hits

    return check


class _TermsParams(_Params):
    terms: list[str] = []
    patterns: list[str] = []  # raw regexes, for families such as "20% off" or "$19.99"
    allow_contexts: list[str] = []
    case_sensitive: bool = False


def forbidden_terms(raw: dict[str, Any]) -> Checker:
    params = _TermsParams(**raw)
    matcher = TermMatcher(params.terms, params.patterns, params.case_sensitive)
    exemptions = Exemptions(params.allow_contexts, params.case_sensitive)

    def check(ctx: CheckContext) -> Iterable[Hit]:
        return [Hit(ctx.text[m.start() : m.end()]) for m in exemptions.filter(ctx, matcher.finditer(ctx))]

    return Screened(check, matcher.pattern, matcher.haystack)


class _CharsParams(_Params):
    chars: str
    allow_contexts: list[str] = []  # e.g. "#" in "Style #4301"


def forbidden_chars(raw: dict[str, Any]) -> Checker:
    params = _CharsParams(**raw)
    pattern = re.compile("[" + "".join(re.escape(c) for c in params.chars) + "]")
    exemptions = Exemptions(params.allow_contexts)
    # The same characters as literal alternatives, which merge with other rules' screens (see _screens).
    screen = re.compile("|".join(re.escape(c) for c in dict.fromkeys(params.chars)))

    def check(ctx: CheckContext) -> Iterable[Hit]:
        seen: set[str] = set()
        hits = []
        for match in exemptions.filter(ctx, pattern.finditer(ctx.text)):
            if match.group() not in seen:
                seen.add(match.group())
                hits.append(Hit(match.group()))
        return hits

    return Screened(check, screen, "text")


class _TermSpec(_Params):
    term: str
    variants: list[str] = []
    tier: str = ""
    source: str = ""


class _AbsoluteParams(_Params):
    terms: list[_TermSpec | str]
    # "最" + any CJK char is an absolute form, except these second characters (最近 recently, 最后 last …)
    prefix_char: str = ""
    prefix_exclude: str = ""
    # 最大容量2L: a dimension superlative + attribute + value states a spec (the grounding verifier checks it)
    spec_adjectives: str = ""
    spec_attribute_exclude: str = "的价"
    spec_max_attribute_chars: int = 4
    allow_contexts: list[str] = []


def _term_specs(params: _AbsoluteParams) -> list[_TermSpec]:
    return [t if isinstance(t, _TermSpec) else _TermSpec(term=t) for t in params.terms]


def _spec_regex(params: _AbsoluteParams) -> re.Pattern[str] | None:
    """What must follow 最大/最高… for it to state a value: ≤ N attribute characters, a connector, a digit."""
    if not params.spec_adjectives:
        return None
    excluded = re.escape(params.spec_attribute_exclude)
    attribute = f"(?:(?![{excluded}])[{CJK}]){{0,{params.spec_max_attribute_chars}}}?"
    return re.compile(attribute + r"\s*(?:可达|高达|达到|达|为|约|至|:|：)?\s*[-+−~≈约]?\s*\d")


def _absolute_matcher(params: _AbsoluteParams, specs: list[_TermSpec]) -> TermMatcher:
    forms = [form for t in specs for form in (t.term, *t.variants) if form != params.prefix_char]
    prefix = []
    if params.prefix_char:
        excluded = f"(?![{re.escape(params.prefix_exclude)}])" if params.prefix_exclude else ""
        prefix.append(f"{re.escape(params.prefix_char)}{excluded}[{CJK}]")
    return TermMatcher(forms, prefix, case_sensitive=False)


def absolute_terms(raw: dict[str, Any]) -> Checker:
    params = _AbsoluteParams(**raw)
    specs = _term_specs(params)
    matcher = _absolute_matcher(params, specs)
    exemptions = Exemptions(params.allow_contexts)
    term_info = {form.lower(): t for t in specs for form in (t.term, *t.variants)}
    spec = _spec_regex(params)
    spec_heads = {params.prefix_char + adjective for adjective in params.spec_adjectives}

    def check(ctx: CheckContext) -> Iterable[Hit]:
        hits = []
        for match in exemptions.filter(ctx, matcher.finditer(ctx)):
            span = ctx.text[match.start() : match.end()]
            if spec and span in spec_heads and spec.match(ctx.text, match.end()):
                continue  # 最大容量2L: a specification, checked against the facts by the grounding verifier
            info = term_info.get(span.lower()) or term_info.get(params.prefix_char)
            tier = f" [{info.tier}]" if info and info.tier else ""
            hits.append(Hit(span, tier, (info.source or None) if info else None))
        return hits

    return Screened(check, matcher.pattern, matcher.haystack)


class _WordRepeatParams(_Params):
    max: int = 2
    exempt: list[str] = []  # articles, prepositions, conjunctions


def max_word_repeat(raw: dict[str, Any]) -> Checker:
    params = _WordRepeatParams(**raw)
    limit, exempt = params.max, {w.lower() for w in params.exempt}

    def check(ctx: CheckContext) -> Iterable[Hit]:
        haystack = ctx.folded if ctx.folded is not None else ctx.text
        words = LATIN_WORD.findall(haystack)
        if len(words) - len(set(words)) < limit:
            return _NO_HITS  # no word can occur more than `max` times
        over = {word for word, n in Counter(words).items() if n > limit} - exempt - ctx.brand_words()
        if not over:
            return _NO_HITS
        seen: Counter[str] = Counter()
        hits = []
        for match in LATIN_WORD.finditer(haystack):
            word = match.group()
            if word in over:
                seen[word] += 1
                if seen[word] == limit + 1:  # report the first occurrence past the limit, once
                    span = ctx.text[match.start() : match.end()]
                    hits.append(Hit(span, f" ('{span}' appears more than {limit} times)"))
        return hits

    return check


class _AllCapsParams(_Params):
    min_letters: int = 4
    acronyms: list[str] = []


_ROMAN_NUMERAL = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def all_caps(raw: dict[str, Any]) -> Checker:
    params = _AllCapsParams(**raw)
    # Digits or letters glued on either side make a model code (XR500, 4K): never flagged.
    rest = params.min_letters - 1
    # Joined by - _ ' to letters or digits (SP-ETHNIC, COLAT_M08, D'SIGNER) the word is a code or a name.
    # Lookbehind after the first character keeps the scan fast (see _terms.alternation).
    pattern = re.compile(rf"[A-Z](?<![A-Za-z0-9_'’-].)[A-Z]{{{rest},}}(?![A-Za-z0-9_'’-])")
    acronyms = {a.upper() for a in params.acronyms}

    def check(ctx: CheckContext) -> Iterable[Hit]:
        exempt: set[str] | None = None  # built once a candidate exists
        seen: set[str] = set()
        hits = []
        for match in pattern.finditer(ctx.text):
            word = match.group()
            if exempt is None:
                exempt = acronyms | {w.upper() for w in ctx.brand_words()}
            if word in exempt or word in seen or _ROMAN_NUMERAL.match(word):
                continue
            seen.add(word)
            hits.append(Hit(word))
        return hits

    return Screened(check, pattern, "text")


CHECK_TYPES: dict[str, CheckCompiler] = {
    "max_length": max_length,
    "forbidden_chars": forbidden_chars,
    "forbidden_terms": forbidden_terms,
    "promo_phrases": forbidden_terms,  # same mechanism; a separate name keeps packs self-describing
    "absolute_terms": absolute_terms,
    "max_word_repeat": max_word_repeat,
    "all_caps": all_caps,
    "contact_info": contact_info,
    "html": html,
    "language": language,
    "repetition": repetition,
}
