"""Compliance checker: interprets rule packs (YAML data) through a registry of check types.

Each check type (``checks.CHECK_TYPES``) is a *compiler*: it validates a rule's parameters once and returns a
checker with its regexes already built, so a check call does no compilation. Compiled packs are cached per
pack object, and the rules that apply to a (packs, kind) are planned once: the pre-screens of all term-like
rules (forbidden terms and characters, promo phrases, absolute terms, contact gates, markup, ALL CAPS) are
merged into one regex per haystack, so a clean copy is scanned once for all of them instead of once per
rule. A copy the merged screen finds something in runs every rule, exactly as before.

Layout: ``_context`` (the copy under check, hits, the screened-checker protocol), ``_terms`` (term regexes
and exemptions), ``checks`` and ``hygiene`` (the check types), this module (compilation, caches, the driver).
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
        raise UnknownCheckTypeError(
            f"{pack.name}.{rule.id}: unknown check type {rule.check.type!r}; known: {known}"
        )
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

_Step = tuple[CompiledRule, Checker]
# A screen pattern that refers to its own groups by number or name would change meaning inside a merged
# alternation; such rules (none in the built-in packs) are never skipped. False positives are harmless.
_SELF_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_DEFAULT_FLAGS = re.compile("").flags


class _Plan(NamedTuple):
    """The rules of a (packs, kind) in order, and the merged screens that let a clean copy skip most."""

    packs: tuple[RulePack, ...]  # kept so the ids in the cache key cannot be reused while the plan lives
    folded_screen: re.Pattern[str] | None  # None: no rule screened on the folded copy
    text_screen: re.Pattern[str] | None
    # steps[(folded screen found something, text screen found something)]: the rules to run, in pack order
    steps: dict[tuple[bool, bool], tuple[_Step, ...]]


def _merge(screens: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One regex that matches wherever any of ``screens`` does; None if they cannot be merged safely."""
    if any(s.flags != _DEFAULT_FLAGS or _SELF_REFERENCE.search(s.pattern) for s in screens):
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in dict.fromkeys(s.pattern for s in screens)))
    except re.error:  # e.g. the same group name in two rules' patterns
        return None


def _build_plan(packs: tuple[RulePack, ...], kind: str) -> _Plan:
    rules = [rule for pack in packs for rule in _rules_for(pack, kind)]
    groups: dict[str, list[re.Pattern[str]]] = {"folded": [], "text": []}
    for rule in rules:
        if isinstance(rule.checker, Screened):
            groups[rule.checker.haystack].append(rule.checker.screen)
    screens = {haystack: _merge(found) if found else None for haystack, found in groups.items()}

    def skippable(rule: CompiledRule, haystack: str) -> bool:
        checker = rule.checker
        merged = screens[haystack] is not None
        return merged and isinstance(checker, Screened) and checker.haystack == haystack

    def run(rule: CompiledRule) -> _Step:
        return (rule, rule.checker.check if isinstance(rule.checker, Screened) else rule.checker)

    steps = {
        (folded, text): tuple(
            run(rule)
            for rule in rules
            if (folded or not skippable(rule, "folded")) and (text or not skippable(rule, "text"))
        )
        for folded in (True, False)
        for text in (True, False)
    }
    return _Plan(packs, screens["folded"], screens["text"], steps)


_PLANS: dict[tuple[str, tuple[int, ...]], _Plan] = {}
_LANGS: dict[str | None, str | None] = {}
_CACHE_MAX = 256


def _plan_for(packs: list[RulePack], kind: str) -> _Plan:
    key = (kind, tuple(map(id, packs)))
    plan = _PLANS.get(key)
    if plan is None or any(a is not b for a, b in zip(plan.packs, packs, strict=True)):
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
    folded, folded_screen, text_screen = ctx.folded, plan.folded_screen, plan.text_screen
    # Without a folded copy every rule runs (their fallback regexes match the original text).
    folded_found = folded_screen is None or folded is None or folded_screen.search(folded) is not None
    text_found = text_screen is None or text_screen.search(text) is not None
    violations: list[Violation] = []
    for rule, check in plan.steps[folded_found, text_found]:
        for hit in check(ctx):
            message = rule.message.replace("{span}", hit.span) + hit.detail
            source = hit.source or rule.source
            violations.append(Violation(rule.name, hit.span, message, rule.severity, source))
    return violations
