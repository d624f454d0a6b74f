"""Compliance checker: interprets rule packs (YAML data) through a registry of check types.

Each check type (``checks.CHECK_TYPES``) is a *compiler*: it validates a rule's parameters once and returns a
checker with its regexes already built, so a check call does no compilation. Compiled packs are cached per
pack object, and the rules that apply to a (packs, kind) are planned once: the pre-screens of all term-like
rules (forbidden terms and characters, promo phrases, absolute terms, contact gates, markup, ALL CAPS) are
merged into one regex per haystack, so a clean copy is scanned once for all of them instead of once per
rule. A copy the merged screen finds something in runs every rule, exactly as before.

Layout: ``_context`` (the copy under check, hits, the screened-checker protocol), ``_terms`` (term regexes
and exemptions), ``checks`` and ``hygiene`` (the check types), ``_screens`` (merging screens), this module
(compilation, caches, the plan per (packs, kind), the driver).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from shopforge.copywriting.verify._context import (
    CheckCompiler,
    CheckContext,
    Checker,
    Hit,
    Screened,
)
from shopforge.copywriting.verify._screens import ASCII_ALNUM, NOT_PIECE_START, WORDS, anchors, merge_screens
from shopforge.copywriting.verify._terms import term_words
from shopforge.copywriting.verify.checks import CHECK_TYPES
from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.knowledge.rulepacks import CONTENT_KINDS, RulePack, normalize_lang

__all__ = [
    "CHECK_TYPES",
    "CheckCompiler",
    "CheckContext",
    "Checker",
    "CompiledRule",
    "Hit",
    "UnknownCheckTypeError",
    "check_compliance",
    "check_context",
    "compile_pack",
    "copy_context",
]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    name: str  # "<pack>.<rule id>"
    severity: Severity
    message: str
    source: str
    checker: Checker


class UnknownCheckTypeError(ValueError):
    pass


def _compile_rule(pack: RulePack, index: int) -> CompiledRule:
    rule = pack.rules[index]
    compiler = CHECK_TYPES.get(rule.check.type)
    if compiler is None:
        known = ", ".join(sorted(CHECK_TYPES))
        raise UnknownCheckTypeError(f"{pack.name}.{rule.id}: unknown check type {rule.check.type!r}; known: {known}")
    try:
        checker = compiler(rule.check.params)
    except (ValueError, re.error) as exc:
        raise ValueError(f"{pack.name}.{rule.id}: invalid check parameters: {exc}") from exc
    return CompiledRule(f"{pack.name}.{rule.id}", Severity(rule.severity), rule.message, rule.source, checker)


def compile_pack(pack: RulePack) -> dict[str, tuple[CompiledRule, ...]]:
    """Build every rule's checker once, grouped by content kind. Raises on unknown checks or bad params."""
    compiled = [(rule.scope, _compile_rule(pack, i)) for i, rule in enumerate(pack.rules)]
    return {kind: tuple(c for scope, c in compiled if kind in scope) for kind in CONTENT_KINDS}


# Keyed by id(); the pack is kept in the value so its id cannot be reused while the entry lives.
_COMPILED: dict[int, tuple[RulePack, dict[str, tuple[CompiledRule, ...]]]] = {}
_COMPILED_MAX = 256  # packs come from load_pack's cache; the bound only guards ad-hoc packs built in loops


def _rules_for(pack: RulePack, kind: str) -> tuple[CompiledRule, ...]:
    entry = _COMPILED.get(id(pack))
    if entry is None or entry[0] is not pack:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        entry = (pack, compile_pack(pack))
        _COMPILED[id(pack)] = entry
    return entry[1][kind]


# ---------------------------------------------------------------------------------------------- the plan

_MEMO_MAX = 65536  # words memoised per screen index
_MEMO_MIN = 8  # fewer substrings (and no words): tested directly


class ScreenIndex:
    """Which of several screens may find something in a haystack, as a bit mask (screen ``i`` is ``1 << i``),
    from the screens' anchors (``_screens.anchors``): look-ups of the haystack's words and characters, substring
    tests, then regex scans of the unanchored alternatives. A screen that finds something always has its bit
    set; a set bit only says it may. What a word of a copy (a run of ASCII letters and digits) anchors — the word
    itself, or substrings of letters and digits inside it — is memoised: copies share most of their words."""

    def __init__(self, screens: list[re.Pattern[str]]) -> None:
        self.tables: dict[str, dict[str, int]] = {"words": {}, "chars": {}, "grams": {}, "substrings": {}}
        residual: list[tuple[int, re.Pattern[str]]] = []
        self.pairs: dict[int, tuple[int, int]] = {}  # bit of a pair's first literals -> (bit of its second, screen)
        spare = len(screens)  # bits past the screens' own mark the literals of pairs
        for i, screen in enumerate(screens):
            found = anchors(screen, term_words)
            self._add(found.words, 1 << i, "words")
            self._add(found.literals, 1 << i)
            pairs = [(words, "words", literals) for words, literals in found.word_pairs]
            for first, table, second in [*pairs, *((first, "", second) for first, second in found.pairs)]:
                self._add(first, 1 << spare, table)
                self._add(second, 1 << spare + 1)
                self.pairs[1 << spare] = (1 << spare + 1, 1 << i)
                spare += 2
            if found.residual is not None:
                residual.append((1 << i, found.residual))
        self.screens_mask = (1 << len(screens)) - 1
        self.paired = sum(self.pairs)
        self.words, self.chars, self.grams = self.tables["words"], self.tables["chars"], self.tables["grams"]
        # Substrings of letters and digits lie inside one word: found through the word memo if there is one.
        by_word = bool(self.words) or len(self.tables["substrings"]) > _MEMO_MIN
        split: dict[bool, list[tuple[str, int]]] = {True: [], False: []}
        for key, bits in self.tables["substrings"].items():
            split[by_word and not key.strip(ASCII_ALNUM)].append((key, bits))
        self.in_words, self.substrings = tuple(split[True]), tuple(split[False])
        self._by_word: dict[str, int] = {}
        self.residual = tuple(residual)
        self.merged = merge_screens([screen for _, screen in residual]) if len(residual) > 1 else ()
        # The copy's characters that are pieces, and its two characters from each first character of a gram: a
        # class first skips to the few candidates of a Latin copy, a lookahead yields the many of a Chinese one.
        self.char_finder = _class_regex(self.chars, "([{}])")
        self.gram_after = _class_regex({gram[0] for gram in self.grams}, "([{}])(?=(.))")
        self.gram_at = _class_regex({gram[0] for gram in self.grams}, "(?=([{}].))")

    def _add(self, keys: Iterable[str], bit: int, table: str = "") -> None:
        for key in keys:
            name = table or _literal_table(key)
            self.tables[name][key] = self.tables[name].get(key, 0) | bit

    def candidates(self, haystack: str, words: list[str] | None = None) -> int:
        """``words``: the haystack's runs of ASCII letters and digits, if already found."""
        found = 0
        if self.words or self.in_words:
            by_word = self._by_word
            for word in set(WORDS.findall(haystack) if words is None else words):
                bits = by_word.get(word)
                found |= bits if bits is not None else self._word_bits(word)
        if self.char_finder is not None:
            for key in set(self.char_finder.findall(haystack)):
                found |= self.chars[key]
        if self.gram_after is not None and self.gram_at is not None:
            if haystack.isascii():
                grams: Iterable[str] = {first + second for first, second in self.gram_after.findall(haystack)}
            else:
                grams = self.gram_at.findall(haystack)
            for key in self.grams.keys() & grams:
                found |= self.grams[key]
        for key, bits in self.substrings:
            if bits & ~found and key in haystack:
                found |= bits
        pending = found & self.paired
        while pending:  # a pair whose first literals are in the copy: its screen may match if the second are too
            first = pending & -pending
            pending ^= first
            second, screen = self.pairs[first]
            found |= screen if found & second else 0
        found &= self.screens_mask
        return found | self._residual(haystack) if self.residual else found

    def _word_bits(self, word: str) -> int:
        if len(self._by_word) >= _MEMO_MAX:
            self._by_word.clear()
        found = self.words.get(word, 0)
        for key, bits in self.in_words:
            if key in word:
                found |= bits
        self._by_word[word] = found
        return found

    def _residual(self, haystack: str) -> int:
        if self.merged and not any(screen.search(haystack) for screen in self.merged):
            return 0  # several residual screens: one merged scan rules most copies out
        found = 0
        for bit, screen in self.residual:
            if screen.search(haystack) is not None:
                found |= bit
        return found


def _literal_table(key: str) -> str:
    """Where a literal is looked up: a character or a two-character piece by set look-up, else by substring test."""
    if len(key) == 1:
        return "chars"
    return "grams" if len(key) == 2 and key[0] not in NOT_PIECE_START else "substrings"


def _class_regex(chars: Iterable[str], form: str) -> re.Pattern[str] | None:
    """``form`` with ``[{}]`` the class of ``chars``; None for no characters."""
    listed = "".join(re.escape(char) for char in sorted(chars))
    return re.compile(form.replace("[{}]", f"[{listed}]"), re.DOTALL) if listed else None


class _Plan(NamedTuple):
    """The rules of a (packs, kind) in order, and the index of their screens that lets a copy skip most."""

    packs: tuple[RulePack, ...]  # kept so the ids in the cache key cannot be reused while the plan lives
    steps: tuple[tuple[CompiledRule, Checker], ...]
    always: tuple[int, ...]  # the steps that run on every copy
    screened: dict[int, int]  # the step of each bit of the candidate mask
    folded: ScreenIndex  # the screens of the rules screened on the folded copy: bits 0 …
    text: ScreenIndex  # … then those screened on the copy as written, from bit ``text_shift``
    text_shift: int
    folded_mask: int  # every folded rule's bit: without a folded copy they all run (on their fallback)


def _build_plan(packs: tuple[RulePack, ...], kind: str) -> _Plan:
    rules = [rule for pack in packs for rule in _rules_for(pack, kind)]
    screened: dict[str, list[Screened]] = {"folded": [], "text": []}
    for rule in rules:
        if isinstance(rule.checker, Screened):
            screened[rule.checker.haystack].append(rule.checker)
    shift = len(screened["folded"])
    bits = {id(c): 1 << i for i, c in enumerate(screened["folded"])}
    bits |= {id(c): 1 << (shift + i) for i, c in enumerate(screened["text"])}
    steps = tuple((r, r.checker.check if isinstance(r.checker, Screened) else r.checker) for r in rules)
    always = tuple(i for i, rule in enumerate(rules) if id(rule.checker) not in bits)
    positions = {bits[id(rule.checker)]: i for i, rule in enumerate(rules) if id(rule.checker) in bits}
    indexes = {haystack: ScreenIndex([c.screen for c in found]) for haystack, found in screened.items()}
    return _Plan(packs, steps, always, positions, indexes["folded"], indexes["text"], shift, (1 << shift) - 1)


def _steps_to_run(plan: _Plan, candidates: int) -> list[int]:
    """The unscreened steps and those of the candidate bits, in rule order."""
    positions = list(plan.always)
    while candidates:
        bit = candidates & -candidates  # the lowest set bit
        positions.append(plan.screened[bit])
        candidates ^= bit
    return sorted(positions)


_PLANS: dict[tuple[str, tuple[int, ...]], _Plan] = {}
_LANGS: dict[str | None, str | None] = {}
_CACHE_MAX = 256


def _plan_for(packs: list[RulePack], kind: str) -> _Plan:
    # A cached plan holds its packs, so no other live object can have their ids: a key match is a pack match.
    key = (kind, tuple(map(id, packs)))
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= _CACHE_MAX:
            _PLANS.clear()
        plan = _PLANS[key] = _build_plan(tuple(packs), kind)
    return plan


def _lang(lang: str | None) -> str | None:
    try:
        return _LANGS[lang]
    except KeyError:
        if len(_LANGS) >= _CACHE_MAX:
            _LANGS.clear()
        normalized = _LANGS[lang] = normalize_lang(lang)
        return normalized


# -------------------------------------------------------------------------------------------- the driver


def check_compliance(
    text: str, kind: str, packs: list[RulePack], *, brand: str | None = None, lang: str | None = None
) -> list[Violation]:
    """Every violation of ``packs`` in ``text`` of content ``kind`` (bullets: one bullet per line).

    ``brand`` exempts terms inside the brand name (a registered name containing 最 is not a claim);
    ``lang`` ("zh", "en", "en-US" …) enables the language check.
    """
    return check_context(copy_context(text, kind, brand, lang), packs)


def copy_context(text: str, kind: str, brand: str | None, lang: str | None) -> CheckContext:
    """The copy under check, as ``check_compliance`` reads it (the verifier reuses its words)."""
    if kind not in CONTENT_KINDS:
        raise ValueError(f"unknown content kind {kind!r}; known kinds: {', '.join(CONTENT_KINDS)}")
    return CheckContext(text, kind, brand, _lang(lang))


def check_context(ctx: CheckContext, packs: list[RulePack]) -> list[Violation]:
    """``check_compliance`` of a copy already read by ``copy_context``."""
    plan = _plan_for(packs, ctx.kind)
    # A rule whose screen finds nothing has no hit: only the candidates the screens' index leaves run.
    folded = ctx.folded
    candidates = plan.folded_mask if folded is None else plan.folded.candidates(folded, ctx.words())
    candidates |= plan.text.candidates(ctx.text) << plan.text_shift
    violations: list[Violation] = []
    for position in _steps_to_run(plan, candidates):
        rule, check = plan.steps[position]
        for hit in check(ctx):
            message = rule.message.replace("{span}", hit.span) + hit.detail
            source = hit.source or rule.source
            violations.append(Violation(rule.name, hit.span, message, rule.severity, source))
    return violations
