"""Term matching shared by the term-type checks: one fast alternation per rule, and its exemptions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from shopforge.copywriting.verify._context import CheckContext, Haystack

_ASCII_WORD_EDGE = re.compile(r"[A-Za-z0-9]")


def alternation(terms: Iterable[str], patterns: Iterable[str] = ()) -> str:
    """One regex for literal ``terms`` (longest first) plus raw ``patterns``.

    Terms are grouped by first character (``b(?:est price|uy now)``) so each candidate position tries one
    branch, and a pattern that starts with a literal lets ``re`` skip ahead to candidates. For the same
    reason the word-boundary lookbehind sits *after* the first character — a leading lookbehind is tried at
    every position (~10x slower). Latin edges get boundaries so "best" does not fire inside "bestow".
    """
    groups: dict[str, list[str]] = {}
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        groups.setdefault(term[0], []).append(term)
    parts = []
    for first, members in groups.items():
        head = re.escape(first) + (r"(?<![A-Za-z0-9].)" if _ASCII_WORD_EDGE.match(first) else "")
        tails = [re.escape(t[1:]) + (r"(?![A-Za-z0-9])" if _ASCII_WORD_EDGE.match(t[-1]) else "") for t in members]
        parts.append(f"{head}(?:{'|'.join(tails)})")
    return "|".join([*parts, *patterns])


def compile_alternatives(alternatives: str, case_sensitive: bool = False) -> re.Pattern[str] | None:
    if not alternatives:
        return None
    return re.compile(alternatives, 0 if case_sensitive else re.IGNORECASE)


class TermMatcher:
    """Literal terms plus raw regexes; case-insensitive by matching lower-cased terms on ``ctx.folded``.

    Raw ``patterns`` are therefore written in lower case in the packs (``\\brs\\.?\\s?\\d``) unless the check
    is case-sensitive.
    """

    def __init__(self, terms: Iterable[str], patterns: Iterable[str], case_sensitive: bool) -> None:
        terms = list(terms) if case_sensitive else [t.lower() for t in terms]
        alternatives = alternation(terms, patterns)
        if not alternatives:
            raise ValueError("needs terms or patterns")
        self.case_sensitive = case_sensitive
        self.pattern = re.compile(alternatives)
        self.fallback = self.pattern if case_sensitive else re.compile(alternatives, re.IGNORECASE)

    @property
    def haystack(self) -> Haystack:
        """Where ``pattern`` is matched: a copy with no match there has no hit (the pre-screen)."""
        return "text" if self.case_sensitive else "folded"

    def finditer(self, ctx: CheckContext) -> Iterator[re.Match[str]]:
        if self.case_sensitive:
            return self.pattern.finditer(ctx.text)
        if ctx.folded is not None:
            return self.pattern.finditer(ctx.folded)
        return self.fallback.finditer(ctx.text)


class Exemptions:
    """Allowed contexts (regexes) and the brand name: a hit wholly inside either is not a violation."""

    def __init__(self, allow_contexts: list[str], case_sensitive: bool = False) -> None:
        self.allow = compile_alternatives("|".join(f"(?:{p})" for p in allow_contexts), case_sensitive)

    def spans(self, ctx: CheckContext) -> list[tuple[int, int]]:
        return [m.span() for m in self.allow.finditer(ctx.text)] if self.allow else []

    def filter(self, ctx: CheckContext, matches: Iterable[re.Match[str]]) -> Iterator[re.Match[str]]:
        allowed: list[tuple[int, int]] | None = None
        for match in matches:
            start, end = match.span()
            if allowed is None:
                allowed = self.spans(ctx)  # computed only once a candidate exists
            if any(a <= start and end <= b for a, b in allowed) or ctx.in_brand(start, end):
                continue
            yield match
