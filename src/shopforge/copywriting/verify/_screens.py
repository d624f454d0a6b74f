"""Merging the pre-screens of many rules into few regexes that ``re`` can scan fast.

A merged screen only has to find *something* whenever one of its rules' screens would, so screens can be
split into their top-level alternatives and regrouped freely. ``re`` skips ahead to candidate positions only
when the regex starts with one character class, or when every top-level alternative starts with a literal
character; otherwise it tries every alternative at every position (~20x slower on a title). So each
alternative is rewritten as (first character, rest) — ``(?:a|b)x`` as ``ax|bx``, ``[$€]1`` as ``$1|€1``,
``\\d+%`` as ``\\d\\d*%`` — and the alternatives are regrouped by first character: one regex
``b(?:est|uy now)|f(?:ree shipping)|…`` for the literals, one per leading class (``\\d(?:…)``), one for the
few alternatives with no fixed first character. Anything the rewriting does not understand is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

_DEFAULT_FLAGS = re.compile("").flags
# Group references would change meaning in a merged regex, comments defeat the scanner: such screens
# (none in the built-in packs) are kept whole. False positives only cost speed.
_UNSPLITTABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?#")
SPECIAL = frozenset(".^$*+?{}[]\\|()")
QUANTIFIERS = frozenset("*+?{")
_CLASS_ESCAPES = frozenset("dDsSwW")
MAX_DEPTH = 3  # nested leading groups distributed

# Letters by frequency in English text, then digits and common punctuation.
_FREQUENCY = {char: rank for rank, char in enumerate("etaoinsrhldcumfpgwybvkxjqz0123456789.-#$%&")}

Keyed = tuple[str, str, bool]  # (first atom, rest, the atom is one literal character)


def _class_end(source: str, start: int) -> int:
    """Index after the ``]`` closing the character class opened at ``start``; -1 if there is none."""
    i = start + 1
    if source.startswith("^", i):
        i += 1
    if source.startswith("]", i):  # a leading ] is a literal
        i += 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
        elif source[i] == "]":
            return i + 1
        else:
            i += 1
    return -1


def _structure(source: str) -> Iterator[tuple[int, str, int]]:
    """(index, char, depth before it) of each ``(``, ``)`` and ``|`` outside escapes and classes.

    Raises ValueError on an unterminated class.
    """
    depth = i = 0
    while i < len(source):
        char = source[i]
        if char == "[":
            i = _class_end(source, i)
            if i < 0:
                raise ValueError("unterminated class")
            continue
        if char == "\\":
            i += 2
            continue
        if char in "()|":
            yield i, char, depth
            depth += {"(": 1, ")": -1}.get(char, 0)
        i += 1


def split_alternatives(source: str) -> list[str] | None:
    """The top-level alternatives of a regex source (``a|b(c|d)`` → ``a``, ``b(c|d)``); None if unsure."""
    parts: list[str] = []
    start = 0
    try:
        for i, char, depth in _structure(source):
            if char == "|" and depth == 0:
                parts.append(source[start:i])
                start = i + 1
            elif char == ")" and depth == 0:
                return None
    except ValueError:
        return None
    final_depth = sum({"(": 1, ")": -1}.get(c, 0) for _, c, _ in _structure(source))
    return [*parts, source[start:]] if final_depth == 0 else None


def group_end(source: str) -> int:
    """Index after the ``)`` closing the group that opens ``source``; -1 if unsure."""
    try:
        for i, char, depth in _structure(source):
            if char == ")" and depth == 1:
                return i + 1
    except ValueError:
        pass
    return -1


def _class_literals(atom: str) -> list[str] | None:
    """``[$€#]`` → the escaped characters; None for ranges, negations, class escapes and the like."""
    body = atom[1:-1]
    chars: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            escaped = body[i + 1 : i + 2]
            if not escaped or (escaped.isascii() and escaped.isalnum()):
                return None
            chars.append(escaped)
            i += 2
            continue
        if char in "^-[]&~|":
            return None
        chars.append(char)
        i += 1
    return [re.escape(c) for c in dict.fromkeys(chars)] or None


def _first_atom(part: str) -> tuple[str, bool] | None:
    """The atom ``part`` starts with and whether it is one literal character; None if not a plain atom."""
    if part.startswith("["):
        end = _class_end(part, 0)
        return (part[:end], False) if end > 0 else None
    if part.startswith("\\"):
        escaped = part[1:2]
        if escaped and escaped.isascii() and escaped.isalnum():
            return (part[:2], False) if escaped in _CLASS_ESCAPES else None  # \b, \1, \x41 … stay opaque
        return (re.escape(escaped), True) if escaped else None
    if not part or part[0] in SPECIAL:
        return None
    return re.escape(part[0]), True


def _keyed(part: str, depth: int = 0) -> list[Keyed] | None:
    """(first atom, rest, literal) triples whose alternation matches where ``part`` does; None if unsure."""
    if part.startswith("(?:") and depth < MAX_DEPTH:
        end = group_end(part)
        inner = split_alternatives(part[3 : end - 1]) if end > 0 else None
        if inner is None or part[end : end + 1] in QUANTIFIERS:
            return None
        keyed = [_keyed(alternative + part[end:], depth + 1) for alternative in inner]
        return None if any(k is None for k in keyed) else [t for k in keyed if k for t in k]
    first = _first_atom(part)
    if first is None:
        return None
    atom, literal = first
    rest = part[len(atom) :]
    if rest[:1] == "+" and rest[1:2] not in ("?", "+"):
        rest = f"{atom}*{rest[1:]}"  # a+x == aa*x
    elif rest[:1] in QUANTIFIERS:
        return None
    if not literal and atom.startswith("[") and (chars := _class_literals(atom)) is not None:
        return [(char, rest, True) for char in chars]
    return [(atom, rest, literal)]


def _regroup(parts: list[str]) -> list[str]:
    """Regex sources that together match where ``parts`` do, each with a fixed first character if possible."""
    literal: dict[str, list[str]] = {}
    classes: dict[str, list[str]] = {}
    opaque: list[str] = []
    for part in parts:
        keyed = _keyed(part)
        if keyed is None:
            opaque.append(part)
        for atom, rest, is_literal in keyed or ():
            (literal if is_literal else classes).setdefault(atom, []).append(rest)

    def group(atoms: dict[str, list[str]]) -> str:
        return "|".join(f"{atom}(?:{'|'.join(dict.fromkeys(rests))})" for atom, rests in atoms.items())

    # re tries the alternatives in order at each candidate position: the commonest first characters first.
    by_frequency = sorted(literal, key=lambda atom: _FREQUENCY.get(atom.lstrip("\\"), len(_FREQUENCY)))
    sources = [group({atom: literal[atom] for atom in by_frequency})] if literal else []
    sources += [group({atom: rests}) for atom, rests in classes.items()]
    if opaque:
        sources.append("|".join(f"(?:{p})" for p in dict.fromkeys(opaque)))
    return sources


def merge_screens(screens: list[re.Pattern[str]]) -> tuple[re.Pattern[str], ...]:
    """Few regexes that, together, find something wherever any of ``screens`` does."""
    parts: list[str] = []
    whole: list[re.Pattern[str]] = []
    for screen in dict.fromkeys(screens):
        splittable = screen.flags == _DEFAULT_FLAGS and not _UNSPLITTABLE.search(screen.pattern)
        alternatives = split_alternatives(screen.pattern) if splittable else None
        if alternatives is None:
            whole.append(screen)
        else:
            parts += alternatives
    try:
        merged = [re.compile(source) for source in _regroup(parts)]
    except re.error:  # e.g. the same group name in two rules' patterns: keep the screens as they are
        return tuple(dict.fromkeys(screens))
    return (*merged, *whole)


# ---------------------------------------------------------------------------------------------- anchors
# Most alternatives of a rule's screen name a whole word (``b(?<![A-Za-z0-9].)est(?![A-Za-z0-9])``: "best") or
# contain fixed characters (最, 保过, "www"): set look-ups and substring tests of a copy rule them out for every
# rule at once, so only the few alternatives with no such anchor (a phone number's digits) are scanned by regex.

WORDS = re.compile(r"[A-Za-z0-9]+")  # a copy's words, in the sense of the boundaries above
ASCII_ALNUM = _ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
NOT_PIECE_START = _ALNUM_OR_SPACE = frozenset(_ALNUM + " ")  # pieces (set look-ups) start otherwise
_ZERO_WIDTH = ("(?=", "(?!", "(?<=", "(?<!")
_BOUND = re.compile(r"\{\d*(?:,\d*)?\}[?+]?")


WordReader = Callable[[str, str], "list[tuple[str, str]] | None"]


class Anchors(NamedTuple):
    """What every match of a screen contains: one of ``words`` as a whole word (a run of ASCII letters and digits),
    one of the words of a word pair with one of its literals, one of ``literals``, one of each set of a pair, or
    a match of ``residual`` (the unanchored alternatives)."""

    words: frozenset[str]
    word_pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    literals: frozenset[str]
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    residual: re.Pattern[str] | None


def anchors(screen: re.Pattern[str], words_of: WordReader) -> Anchors:
    """``words_of(first character, rest)``: the whole words an alternative starting with an ASCII letter or digit
    requires, each with a literal it also requires or "" (``_terms.term_words``); None if unclear."""
    splittable = screen.flags == _DEFAULT_FLAGS and not _UNSPLITTABLE.search(screen.pattern)
    alternatives = split_alternatives(screen.pattern) if splittable else None
    if alternatives is None:
        return Anchors(frozenset(), (), frozenset(), (), screen)
    words: set[str] = set()
    word_pairs: dict[tuple[frozenset[str], frozenset[str]], None] = {}
    literals: set[str] = set()
    pairs: dict[tuple[frozenset[str], frozenset[str]], None] = {}
    residual: list[str] = []
    for part in alternatives:
        for atom, rest, literal in _keyed(part) or [("", part, False)]:
            char = _unescape(atom)
            if literal and char in _ALNUM and (found := words_of(char, rest)) is not None:
                word_pairs.update(dict.fromkeys((frozenset({w}), frozenset({second})) for w, second in found if second))
                alone = frozenset(word for word, second in found if not second)
                also = _also_required(atom + rest, alone) if alone else frozenset()
                word_pairs.update({(alone, also): None} if also else {})
                words.update(alone if not also else ())
                continue
            options = _literal_options(atom + rest, _pieces(char, rest) if literal and char not in _ALNUM else None)
            implied = len(options) > 1 and all(any(b in a for b in options[1]) for a in options[0])
            if len(options) > 1 and not implied:
                pairs[options[0], options[1]] = None  # two literals required: both must be in the copy
            elif options:
                literals.update(options[0])
            else:
                residual.append(atom + rest)
    try:
        left = re.compile("|".join(residual)) if residual else None
    except re.error:  # a group name used twice once the alternatives are rejoined: scan the screen itself
        left = screen
    return Anchors(frozenset(words), tuple(word_pairs), frozenset(literals), tuple(pairs), left)


def _also_required(part: str, words: frozenset[str]) -> frozenset[str]:
    """Literals one of which every match of ``part`` contains besides its first word (one of ``words``)."""
    for option in _literal_options(part, None):
        if any(not any(literal in word for literal in option) for word in words):
            return option
    return frozenset()


def _literal_options(part: str, first: set[str] | None) -> list[frozenset[str]]:
    """Sets of literals every match of ``part`` contains one of, best first: pieces (1–2 characters, not starting
    with a letter, digit or space; ``first`` among them), then substrings of two characters or more."""
    candidates = _required_runs(part)
    pieces = [frozenset(run[:2] for run in c) for c in candidates if all(r[0] not in _ALNUM_OR_SPACE for r in c)]
    pieces += [frozenset(first)] if first else []
    substrings = [c for c in candidates if min(map(len, c)) >= 2 and any(r[0] in _ALNUM_OR_SPACE for r in c)]
    best = sorted(pieces, key=_rank, reverse=True) + sorted(substrings, key=_rank, reverse=True)
    return list(dict.fromkeys(best))


def _rank(runs: frozenset[str]) -> tuple[int, int]:
    return min(map(len, runs)), -len(runs)  # longer literals first, then fewer of them


def _pieces(char: str, rest: str) -> set[str]:
    """``char`` with each character that can follow it (a lookbehind in between skipped), or ``char`` alone."""
    while rest.startswith(("(?<!", "(?<=")):
        end = group_end(rest)
        rest = rest[end:] if end > 0 else ""
    following = _keyed(rest) if rest else None
    if not following or not all(literal for _, _, literal in following):
        return {char}
    return {char + _unescape(atom) for atom, _, _ in following}


def _unescape(atom: str) -> str:  # the character of a literal atom (re.escape puts one backslash before it)
    return atom[1:] if atom.startswith("\\") else atom


def _required_runs(part: str, depth: int = 0) -> list[frozenset[str]]:
    """Sets of literal strings of which every match of ``part`` contains one: each run of required literal
    characters of its top-level sequence, and for a required group, a run of each of its alternatives."""
    found: list[frozenset[str]] = []
    run, rest = "", part
    while rest and depth <= MAX_DEPTH:
        size, end = _atom(rest)
        if not size:
            break  # not understood: what came before is still required
        atom, quantifier, rest = rest[:size], rest[size:end], rest[end:]
        char = literal_char(atom)
        if not quantifier and (atom.startswith(_ZERO_WIDTH) or atom in ("^", "$", r"\b", r"\B")):
            continue  # an assertion: the characters on either side of it are adjacent
        if char is not None and quantifier[:1] in ("", "+"):
            run += char
            if not quantifier:
                continue
        elif atom.startswith("[") and quantifier[:1] in ("", "+") and (chars := _class_literals(atom)):
            found.append(frozenset(map(_unescape, chars)))  # one of the class's characters
        elif atom.startswith("(?:") and not quantifier and (inner := split_alternatives(atom[3:-1])) is not None:
            if len(inner) == 1:
                rest = inner[0] + rest
                continue
            options = [_required_runs(alternative, depth + 1) for alternative in inner]
            if all(options):
                found.append(frozenset().union(*(max(runs, key=_rank) for runs in options)))
        found += [frozenset({run})] if run else []
        run = ""
    return found + ([frozenset({run})] if run else [])


def literal_char(atom: str) -> str | None:
    if len(atom) == 1:
        return atom if atom not in SPECIAL else None
    escaped = atom[1:] if len(atom) == 2 and atom[0] == "\\" else ""
    return escaped if escaped and not (escaped.isascii() and escaped.isalnum()) else None


def _atom(rest: str) -> tuple[int, int]:
    """(end of the atom ``rest`` starts with, end of its quantifier); (0, 0) if unsure."""
    if rest[0] == "(":
        size = group_end(rest)
    elif rest[0] == "[":
        size = _class_end(rest, 0)
    elif rest[0] == "\\":
        size = 2 if rest[1:2] and rest[1] not in "xuUN0123456789" else 0  # \x41, \u4e00, \1: longer or a reference
    else:
        size = 1 if rest[0] not in "|)" else 0
    if size <= 0:
        return 0, 0
    if rest[size : size + 1] == "{":
        bound = _BOUND.match(rest, size)
        return (size, bound.end()) if bound else (0, 0)
    if rest[size : size + 1] in ("?", "*", "+"):
        return size, size + (2 if rest[size + 1 : size + 2] in ("?", "+") else 1)
    return size, size
