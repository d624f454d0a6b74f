"""Term matching shared by the term-type checks: one fast alternation per rule, and its exemptions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from re import _parser  # type: ignore[attr-defined]  # re's own reading of a pattern
from typing import Any

from shopforge.copywriting.verify._context import CheckContext, Haystack
from shopforge.copywriting.verify._screens import (
    ASCII_ALNUM,
    MAX_DEPTH,
    QUANTIFIERS,
    WORDS,
    group_end,
    literal_char,
    split_alternatives,
)

_ASCII_WORD_EDGE = re.compile(r"[A-Za-z0-9]")
WORD_START = "(?<![A-Za-z0-9].)"  # after a term's first ASCII letter or digit: no letter or digit before it
WORD_END = "(?![A-Za-z0-9])"  # after its last: none after it
_ASSERTED_ENDS = (WORD_END, r"\b")  # zero-width: no letter or digit follows
_NON_ALNUM_CLASSES = frozenset((r"\s", r"\W"))
_MAX_WORDS = 64  # words one alternative may expand to ("cur(?:e|es|ed)…"); more: no word anchor


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
        head = re.escape(first) + (WORD_START if _ASCII_WORD_EDGE.match(first) else "")
        tails = [re.escape(t[1:]) + (WORD_END if _ASCII_WORD_EDGE.match(t[-1]) else "") for t in members]
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
        source = "|".join(f"(?:{p})" for p in allow_contexts)
        self.allow = compile_alternatives(source, case_sensitive)
        # IGNORECASE scans several times slower: a pattern that reads the same on the lower-cased copy runs there.
        lower = self.allow is not None and not case_sensitive and _reads_lower(source)
        self.on_folded = re.compile(source) if lower else None

    def spans(self, ctx: CheckContext) -> list[tuple[int, int]]:
        if self.on_folded is not None and ctx.folded is not None and "ı" not in ctx.text and "ſ" not in ctx.text:
            return [m.span() for m in self.on_folded.finditer(ctx.folded)]  # same length: the same spans
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


def _reads_lower(source: str) -> bool:
    """Whether ``source`` matches under IGNORECASE where it matches case-sensitively on the lower-cased text, for
    texts without ı and ſ (which IGNORECASE also takes for i and s): no capital or non-ASCII character in a
    literal or a class range, no inline flag. Read with ``re``'s own parser; anything unknown answers no."""
    try:
        parsed = _parser.parse(source)
    except (re.error, RecursionError):
        return False
    return bool(parsed.state.flags == re.UNICODE.value and _lower_items(parsed))


def _lower_items(items: Iterable[tuple[Any, Any]]) -> bool:
    for op, arg in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "RANGE"):
            low, high = arg if name == "RANGE" else (arg, arg)
            if high > 127 or (low <= ord("Z") and high >= ord("A")):
                return False  # a capital (which IGNORECASE also takes lower-cased) or a non-ASCII character
        elif name == "SUBPATTERN" and (arg[1] or arg[2]):
            return False  # inline flags
        elif name in _NESTED:
            if not all(_lower_items(part) for part in _NESTED[name](arg)):
                return False
        elif name not in ("ANY", "AT", "CATEGORY", "NEGATE", "GROUPREF"):
            return False
    return True


# Where the parts of a parsed node are: its class items, branches, repeated or asserted or grouped pattern.
_NESTED: dict[str, Callable[[Any], list[Any]]] = {
    "IN": lambda arg: [arg],
    "ATOMIC_GROUP": lambda arg: [arg],
    "BRANCH": lambda arg: list(arg[1]),
    "MAX_REPEAT": lambda arg: [arg[2]],
    "MIN_REPEAT": lambda arg: [arg[2]],
    "POSSESSIVE_REPEAT": lambda arg: [arg[2]],
    "ASSERT": lambda arg: [arg[1]],
    "ASSERT_NOT": lambda arg: [arg[1]],
    "SUBPATTERN": lambda arg: [arg[3]],
}


# ------------------------------------------------------------------ the words a term alternation requires


def term_words(first: str, rest: str) -> list[tuple[str, str]] | None:
    """Whole words (runs of ASCII letters and digits) one of which every match of ``first`` + ``rest`` contains,
    when it starts a word (``first`` then WORD_START, as ``alternation`` writes a term); None if unclear. Each
    comes with a second word the same branch also contains ("" if none): a literal term gives its two rarest
    ("blue lotus extract": lotus and blue), other branches the words they can start with."""
    if not rest.startswith(WORD_START):
        return None
    body = rest[len(WORD_START) :]
    end = group_end(body) if body.startswith("(?:") else -1
    terms = split_alternatives(body[3:-1]) if end == len(body) else [body]  # the terms sharing a first letter
    words = [_literal_words(first, term) for term in terms or ()]
    if words and all(words):
        return list(dict.fromkeys(_two_rarest(whole or []) for whole in words))
    found = _continue_word(first, body, 0)
    return [(word, "") for word in found] if found is not None and len(found) <= _MAX_WORDS else None


def _two_rarest(words: list[str]) -> tuple[str, str]:
    ranked = sorted(dict.fromkeys(words), key=_commonness)
    return ranked[0], ranked[1] if len(ranked) > 1 else ""


def _literal_words(first: str, body: str) -> list[str] | None:
    """The whole words of a literal term, ``first`` + ``body`` (its characters escaped, then WORD_END)."""
    closed = body.endswith(WORD_END)
    body = body[: -len(WORD_END)] if closed else body
    chars = [first]
    while body:
        size = 2 if body[0] == "\\" else 1
        char = literal_char(body[:size])
        if char is None:
            return None
        chars.append(char)
        body = body[size:]
    text = "".join(chars)
    return [run.group() for run in WORDS.finditer(text) if run.end() < len(text) or closed]


@lru_cache(maxsize=4096)
def _commonness(word: str) -> tuple[bool, float, int]:
    from wordfreq import zipf_frequency  # already a dependency of the claim extractor; loads once

    return word.isdigit() or len(word) < 2, zipf_frequency(word, "en"), -len(word)  # numbers: in most titles


def _continue_word(word: str, rest: str, depth: int) -> list[str] | None:
    """Extend ``word`` by the letters and digits ``rest`` starts with, branching over optional parts, up to
    where ``rest`` shows the word ends; None when it does not show that."""
    if depth > 4 * MAX_DEPTH:
        return None
    run = len(rest) - len(rest.lstrip(ASCII_ALNUM))
    word, rest = word + rest[:run], rest[run:]
    if run and rest[:1] in QUANTIFIERS:  # the quantifier applies to the word's last character
        if rest[:1] != "?":
            return None
        after = _after_quantifier(rest, 0)
        return _either(_continue_word(word[:-1], after, depth + 1), _continue_word(word, after, depth + 1))
    if rest.startswith("(?:"):
        end = group_end(rest)
        inner = split_alternatives(rest[3 : end - 1]) if end > 0 else None
        if inner is None or rest[end : end + 1] in ("*", "+", "{"):
            return None
        after = rest[end:]
        if after[:1] == "?":  # an optional group: its alternatives, or nothing
            inner, after = [*inner, ""], _after_quantifier(rest, end)
        return _either(*(_continue_word(word, alternative + after, depth + 1) for alternative in inner))
    size = _non_alnum_atom(rest)
    if not size:
        return None
    if rest[size : size + 1] in ("?", "*"):  # the character that ends the word may be absent
        return _either([word], _continue_word(word, _after_quantifier(rest, size), depth + 1))
    return [word] if rest[size : size + 1] != "{" else None


def _after_quantifier(rest: str, at: int) -> str:
    """``rest`` after the ``?`` or ``*`` at ``at`` (and its lazy or possessive mark)."""
    return rest[at + 2 :] if rest[at + 1 : at + 2] in ("?", "+") else rest[at + 1 :]


def _non_alnum_atom(rest: str) -> int:
    """Length of the atom ``rest`` starts with if it matches no ASCII letter or digit (or asserts none
    follows); 0 otherwise."""
    for end in _ASSERTED_ENDS:
        if rest.startswith(end):
            return len(end) if rest[len(end) : len(end) + 1] not in QUANTIFIERS else 0
    size = 2 if rest[:1] == "\\" else 1
    char = literal_char(rest[:size])
    return size if rest[:2] in _NON_ALNUM_CLASSES or (char is not None and char not in ASCII_ALNUM) else 0


def _either(*options: list[str] | None) -> list[str] | None:
    found = [word for option in options for word in option or ()]
    return found if None not in options and len(found) <= _MAX_WORDS else None
