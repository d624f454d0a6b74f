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
from dataclasses import dataclass
from typing import NamedTuple

from shopforge.copywriting.verify._context import (
    CheckCompiler,
    CheckContext,
    Checker,
    Hit,
    Screened,
)
from shopforge.copywriting.verify._screens import merge_screens
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
    "compile_pack",
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

# (rule, checker, the rule's own screens — () to run it unconditionally —, screened on the folded copy)
_Step = tuple[CompiledRule, Checker, tuple[re.Pattern[str], ...], bool]


class _Plan(NamedTuple):
    """The rules of a (packs, kind) in order, and the merged screens that let a clean copy skip most."""

    packs: tuple[RulePack, ...]  # kept so the ids in the cache key cannot be reused while the plan lives
    folded_screens: tuple[re.Pattern[str], ...]  # of all the rules screened on the folded copy
    text_screens: tuple[re.Pattern[str], ...]
    # steps[(folded screens found something — None: no folded copy —, text screens found something)]
    steps: dict[tuple[bool | None, bool], tuple[_Step, ...]]


def _build_plan(packs: tuple[RulePack, ...], kind: str) -> _Plan:
    rules = [rule for pack in packs for rule in _rules_for(pack, kind)]
    screened: dict[str, list[Screened]] = {"folded": [], "text": []}
    for rule in rules:
        if isinstance(rule.checker, Screened):
            screened[rule.checker.haystack].append(rule.checker)

    def step(rule: CompiledRule, folded: bool | None, text: bool) -> _Step | None:
        checker = rule.checker
        if not isinstance(checker, Screened):
            return (rule, checker, (), False)
        found = folded if checker.haystack == "folded" else text
        if found is None:  # no folded copy: the rule runs on its fallback
            return (rule, checker.check, (), False)
        if not found:
            return None
        # The merged screen found something: run the rule if its own screen does (if it is not alone).
        alone = len(screened[checker.haystack]) == 1
        return (rule, checker.check, () if alone else merge_screens([checker.screen]), checker.haystack == "folded")

    steps = {
        (folded, text): tuple(s for rule in rules if (s := step(rule, folded, text)) is not None)
        for folded in (True, False, None)
        for text in (True, False)
    }
    merged = {haystack: merge_screens([c.screen for c in found]) for haystack, found in screened.items()}
    return _Plan(packs, merged["folded"], merged["text"], steps)


def _found(screens: tuple[re.Pattern[str], ...], haystack: str) -> bool:
    for screen in screens:  # noqa: SIM110 - any() over a generator costs more than the scans here
        if screen.search(haystack) is not None:
            return True
    return False


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
    if kind not in CONTENT_KINDS:
        raise ValueError(f"unknown content kind {kind!r}; known kinds: {', '.join(CONTENT_KINDS)}")
    ctx = CheckContext(text, kind, brand, _lang(lang))
    plan = _plan_for(packs, kind)
    folded = ctx.folded
    # Without a folded copy the rules screened on it run (their fallback regexes match the original text).
    folded_found = None if folded is None else _found(plan.folded_screens, folded)
    violations: list[Violation] = []
    for rule, check, screens, on_folded in plan.steps[folded_found, _found(plan.text_screens, text)]:
        if screens and not _found(screens, folded if on_folded and folded is not None else text):
            continue
        for hit in check(ctx):
            message = rule.message.replace("{span}", hit.span) + hit.detail
            source = hit.source or rule.source
            violations.append(Violation(rule.name, hit.span, message, rule.severity, source))
    return violations
