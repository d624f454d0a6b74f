"""Check types about the form of the copy rather than its claims: contact details, markup, language and
repetition. Registered in ``checks.CHECK_TYPES`` with the others.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from shopforge.copywriting.verify._context import (
    CJK_CHAR,
    CJK_RUN,
    LATIN_WORD,
    PARAMS_CONFIG,
    CheckContext,
    Checker,
    Hit,
    Screened,
)
from shopforge.copywriting.verify._screens import WORDS

_NO_HITS: tuple[Hit, ...] = ()


class _Params(BaseModel):
    model_config = PARAMS_CONFIG


# kind -> (gate, pattern), both matched on lower-cased text. The gate is a cheap literal-led search; the
# full pattern only runs when it hits. Boundary lookbehinds follow the first character
# (see _terms.alternation).
_CONTACT: dict[str, tuple[str, str]] = {
    "email": ("@", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "url": (
        r"https?://|www\.|\.(?:com|net|org|cn|io|co|shop|store|in|uk|de|jp|top|xyz)(?![a-z0-9])",
        r"(?:https?://|www\.)[^\s，。；、]+"
        r"|[a-z0-9](?<![\w.@-][a-z0-9])[a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|cn|io|co|shop|store|in|uk|de|jp|top|xyz)"
        r"(?:/[^\s，。]*)?(?![\w.])",
    ),
    "wechat": (
        r"微信|威信|薇信|v信|vx|wx|weixin|wechat",
        r"(?:微信|威信|薇信|v信|v(?<![a-z]v)x|w(?<![a-z]w)x|w(?<![a-z]w)eixin|w(?<![a-z]w)echat)(?![a-z])"
        r"号?\s*[:：]?\s*[a-z0-9][-_a-z0-9]{5,19}",
    ),
    "qq": (r"qq|扣扣", r"(?:q(?<![a-z]q)q|扣扣)(?:号|群)?\s*[:：]?\s*[1-9]\d{4,11}"),
    "phone": (
        r"\d[\d\s().-]{5,}\d",  # a run of ≥ 7 digits and separators
        r"\+\d{1,3}[\s-]?\(?\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
        r"|\(\d{2,4}\)\s?\d{3,4}[\s-]\d{4}(?!\d)"
        r"|\d(?<![\d-]\d)\d{2}-\d{3}-\d{4}(?![\d-])"  # 415-555-1234
        r"|0(?<![\d-]0)\d{2,3}-\d{7,8}(?!\d)"  # CN landline 010-12345678
        r"|4(?<![\d-]4)00-?\d{3}-?\d{4}(?!\d)"  # CN service numbers 400-123-4567
        r"|1(?<!\d1)[3-9]\d{9}(?!\d)",  # CN mobile
    ),
}


class _ContactParams(_Params):
    kinds: list[Literal["email", "url", "wechat", "qq", "phone"]] = ["email", "url", "wechat", "qq", "phone"]


def contact_info(raw: dict[str, Any]) -> Checker:
    params = _ContactParams(**raw)
    chosen = [(gate, pattern) for kind, (gate, pattern) in _CONTACT.items() if kind in params.kinds]
    compiled = [(re.compile(g), re.compile(p), re.compile(p, re.IGNORECASE)) for g, p in chosen]

    def check(ctx: CheckContext) -> Iterable[Hit]:
        text = ctx.folded if ctx.folded is not None else ctx.text.lower()
        taken: list[tuple[int, int]] = []
        hits = []
        for gate, pattern, fallback in compiled:
            if not gate.search(text):
                continue
            for match in pattern.finditer(text) if ctx.folded is not None else fallback.finditer(ctx.text):
                start, end = match.span()
                if any(a < end and start < b for a, b in taken):
                    continue  # the domain of an e-mail address is not reported again as a URL
                taken.append((start, end))
                hits.append(Hit(ctx.text[start:end]))
        return hits

    # No gate found in the folded copy: no pattern runs. An empty selection never hits (the screen `(?!)`).
    gates = "|".join(gate for gate, _ in chosen) or "(?!)"  # each gate is a plain alternation
    return Screened(check, re.compile(gates), "folded")


class _HtmlParams(_Params):
    allow_tags: list[str] = []


_HTML = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>|&(?:[a-zA-Z]{2,8}|#\d{2,5});|[jJ]ava[sS]cript:")
_HTML_SCREEN = re.compile(r"<|&|java|Java")  # how every match of _HTML starts, as literal-led alternatives


def html(raw: dict[str, Any]) -> Checker:
    allowed = {tag.lower() for tag in _HtmlParams(**raw).allow_tags}

    def check(ctx: CheckContext) -> Iterable[Hit]:
        return [
            Hit(match.group())
            for match in _HTML.finditer(ctx.text)
            if match.group(1) is None or match.group(1).lower() not in allowed
        ]

    return Screened(check, _HTML_SCREEN, "text")


class _LanguageParams(_Params):
    min_cjk_share: float = 0.5  # zh: CJK characters / (CJK characters + Latin words)


def language(raw: dict[str, Any]) -> Checker:
    min_share = _LanguageParams(**raw).min_cjk_share

    def check(ctx: CheckContext) -> Iterable[Hit]:
        if ctx.lang == "en":
            run = None if ctx.text.isascii() else CJK_RUN.search(ctx.text)
            return (Hit(run.group(), " (Chinese text in English copy)"),) if run else _NO_HITS
        if ctx.lang == "zh":
            cjk = len(ctx.cjk())
            latin_words = len(LATIN_WORD.findall(ctx.text))
            # Latin words count once each, so "iPhone 15 手机壳" is still Chinese copy.
            if cjk + latin_words and cjk / (cjk + latin_words) < min_share:
                return (Hit("", f" (only {cjk} CJK characters against {latin_words} Latin words)"),)
        return _NO_HITS

    return check


class _RepetitionParams(_Params):
    min_words: int = 4
    min_cjk_chars: int = 6
    lines: bool = True


def _repeated_runs(seq: Sequence[str], width: int) -> Iterator[tuple[int, int]]:
    """(start, length) of each maximal later run of ≥ ``width`` items that repeats an earlier run."""
    first_seen: dict[tuple[str, ...], int] = {}
    i = 0
    while i + width <= len(seq):
        window = tuple(seq[i : i + width])
        earlier = first_seen.get(window)
        if earlier is not None and earlier + width <= i:
            length = width
            while i + length < len(seq) and earlier + length < i and seq[earlier + length] == seq[i + length]:
                length += 1
            yield i, length
            i += length
            continue
        first_seen.setdefault(window, i)
        i += 1


_LATIN_TOKEN = WORDS  # runs of ASCII letters and digits


_SHORT = 40  # the backtracking search for a repeat is quadratic: short copies (titles) only


def _repeat_finder(width: int) -> re.Pattern[str] | None:
    """Finds a run of ``width`` characters repeated later, not overlapping — exactly when _repeated_runs
    yields something for a string. Cheaper than counting distinct CJK characters (a set of new strings)."""
    return re.compile(rf"(.{{{width}}}).*\1", re.DOTALL) if width >= 1 else None


def _tokens(
    ctx: CheckContext, pattern: re.Pattern[str], haystack: str, finder: re.Pattern[str] | None
) -> Sequence[str]:
    """``pattern.findall(haystack)``, or () when no run can repeat; CJK characters come as one string."""
    if pattern is _LATIN_TOKEN:
        return ctx.words()  # the same runs of the same haystack
    if pattern is not CJK_CHAR:
        return pattern.findall(haystack)
    cjk = ctx.cjk()  # the same characters in ``folded``
    if finder is not None and len(cjk) <= _SHORT and finder.search(cjk) is None:
        return ()
    return cjk


def _repeated_lines(text: str) -> list[Hit]:
    lines = Counter(line.strip() for line in text.splitlines() if line.strip())
    return [Hit(line, " (line repeated)") for line, count in lines.items() if count > 1]


def repetition(raw: dict[str, Any]) -> Checker:
    params = _RepetitionParams(**raw)
    token_kinds = (
        (_LATIN_TOKEN, params.min_words, None),
        (CJK_CHAR, params.min_cjk_chars, _repeat_finder(params.min_cjk_chars)),
    )

    def check(ctx: CheckContext) -> Iterable[Hit]:
        hits = _repeated_lines(ctx.text) if params.lines and "\n" in ctx.text else []
        haystack = ctx.folded if ctx.folded is not None else ctx.text
        for pattern, width, finder in token_kinds:
            keys = _tokens(ctx, pattern, haystack, finder)
            if len(keys) - len(set(keys)) < width:
                continue  # fewer than `width` repeated tokens: no repeated run is possible
            matches = list(pattern.finditer(haystack))
            for start, length in _repeated_runs(keys, width):
                span = ctx.text[matches[start].start() : matches[start + length - 1].end()]
                if "\n" not in span:  # a run split across lines is the line check's business
                    hits.append(Hit(span, " (phrase repeated)"))
        return hits

    return check
