"""Closed-world grounding: every content word of a copy must be licensed, or it is ``grounding.unsupported``.

A word may be said when one of these licenses it:
- a **fact** of the product: a word of an attribute's key or value, the title, the description, the brand or a
  category (the merchant's own words; English compared by lemma and derivation, Chinese by substring);
- **knowledge** a fact unlocks: a benefit phrase of ``knowledge/data/benefits.yaml`` whose match word occurs in
  one of the product's facts (or a generic benefit phrase);
- the **neutral vocabulary** (``knowledge/data/neutral_vocabulary.yaml``): function words, scaffolding, vague
  praise. Neutral words license nothing about the product and are not recorded as claims.

Numbers are always claims: a digit run outside a typed claim that passed (a quantity, count, warranty, model
code …) must occur among the product's own numbers, so 「404不锈钢」 for a 304 cup or a changed model digit fails.
Spans the typed grounding checks already judged (``grounding.colour``, ``grounding.quantity`` …) are left to them.

Chinese text is covered greedily by the longest licensed piece (2–6 characters of the facts, or a neutral word);
what is left is reported as the ``jieba`` words that hold it. A ``LicenceBook`` is built once per product.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from shopforge.copywriting.verify._chinese import MAX_PIECE, cover_chinese
from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.facts.lexicon import placeholder_values
from shopforge.facts.model import Fact, FactKind
from shopforge.knowledge.benefits import load_attribute_terms, load_benefits
from shopforge.knowledge.vocabulary import load_neutral_vocabulary

if TYPE_CHECKING:
    pass

RULE = "grounding.unsupported"
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A number (1.7, 304), a word (it's) or a code mixing letters and digits (i5, XR500, 500ml), whole.
_ALNUM = r"(?:\d+(?:\.\d+)?)?[A-Za-z0-9]*[A-Za-z0-9](?:['’][A-Za-z]+)?"
_TOKEN = re.compile(rf"(?P<cjk>{_CJK_RUN.pattern})|(?P<alnum>{_ALNUM})")
_LEADING_NUMBER = re.compile(r"(\d+(?:\.\d+)?)([A-Za-z]+)")  # 500ml, 1TB: a number and its unit
# The copy's own scaffolding, written by copywriting/formats.py or a merchant's list: "2. ", "3、", "镜头1｜",
# "Shot 2 | … | VO:". Its numbers count items of the copy, not of the product.
_SCAFFOLD = re.compile(r"(?m)^\s*(?:\d{1,2}(?:[.)．](?=\s)|、)|镜头\d{1,2}|Shot \d{1,2}\b)|\bVO:|旁白")
_BETWEEN_WORDS = re.compile(r"[ \t\-/&+]*")  # what may separate words of one reported or licensed phrase
# Derivational endings: "embroidery" ~ "embroidered", "detachable" ~ "detach". Never "less" (cordless ≠ cord).
_SUFFIXES = (
    *("able", "ible", "ation", "ion", "ive", "ance", "ant", "ence", "ent"),  # resistance ~ resistant ~ resist
    *("ment", "ness", "ing", "ed", "er", "ers", "ery", "y", "ly", "s", "es"),
)
_SHIFTS = (("ular", "le"),)  # "rectangular" ~ "rectangle", "circular" ~ "circle"
_MIN_STEM = 4
# Spelled-out numbers: "Pack of 4" lets copy say "four" or 四 (and 2, "pair"); up to twelve.
_EN_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
_ZH_NUMBERS = "零 一 二 三 四 五 六 七 八 九 十 十一 十二".split()  # noqa: SIM905
_NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    str(n): (en, zh) for n, (en, zh) in enumerate(zip(_EN_NUMBERS, _ZH_NUMBERS, strict=True))
}
_NUMBER_WORDS["1"] += ("single",)
_NUMBER_WORDS["2"] += ("两", "pair", "pairs", "double", "twin")


@dataclass(frozen=True, slots=True)
class Licence:
    kind: str  # "fact" | "knowledge"
    source: str  # "attributes.材质", "title", "knowledge/benefits.yaml#cotton ← attributes.Fabric"
    value: str = ""  # the fact's value or the knowledge phrase, shown to reviewers


_Verdict = Licence | str | None  # a licence, "neutral", or None (unsupported)
Token = tuple[int, int, _Verdict]


@dataclass(frozen=True, slots=True)
class LicensedSpan:
    """A phrase of the copy and what licensed it (the export's ``provenance.claims`` entries)."""

    span: str
    start: int
    end: int
    licence: str
    source: str
    value: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"span": self.span, "licence": self.licence, "source": self.source}


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang="en")).lower()


_DOUBLED = re.compile(r"([a-z])\1")


def _undouble(word: str) -> str:
    """A spelling key that ignores doubled letters: "dumbbell" and "Dumbell", "travelling" and "traveling"."""
    return _DOUBLED.sub(r"\1", word)


def _stems(word: str) -> list[str]:
    stems = [word[: -len(suffix)] for suffix in _SUFFIXES if word.endswith(suffix)]
    stems += [word[: -len(end)] + base for end, base in _SHIFTS if word.endswith(end)]
    return [stem for stem in stems if len(stem) >= _MIN_STEM]


class LicenceBook:
    """The words a product's facts and unlocked knowledge license, indexed for constant-time look-ups."""

    def __init__(self, facts: list[Fact]) -> None:
        self.active = any(f.source.startswith("attributes") or f.source == "description" for f in facts)
        self.en: dict[str, Licence] = {}
        self.zh: dict[str, Licence] = {}
        self.zh_char_licence: dict[str, Licence] = {}
        self.zh_heads: dict[str, Licence] = {}  # last characters of Chinese fact values: 领 of 一字领, 裙 of 裙
        self.zh_colour_initials: dict[str, Licence] = {}
        self.zh_values: list[tuple[str, Licence]] = []  # short Chinese fact values, for abbreviations
        self.numbers: dict[str, Licence] = {}
        placeholders = placeholder_values()
        for fact in facts:
            if fact.kind is FactKind.PRICE:
                continue  # a price is not a property the copy may restate (platforms ban prices in copy)
            licence = Licence("fact", fact.source, fact.value)
            # "Water Resistant: No": the value is a fact, the attribute's name licenses nothing
            own_key = fact.source.startswith("attributes") and not placeholders.is_negative(fact.value)
            self._add_text(fact.value, licence, head=True)
            if own_key:
                self._add_text(fact.key, licence)
        for phrase, licence in _unlocked_knowledge(facts):
            self._add_text(phrase, licence, chars=False)
        self._english_memo: dict[str, _Verdict] = {}
        self._chinese_memo: dict[str, tuple[Token, ...]] = {}

    def _add_text(self, text: str, licence: Licence, head: bool = False, chars: bool = True) -> None:
        """Index ``text``'s words; ``chars`` also lets its single characters build words (杯子 for 保温杯), which a
        knowledge phrase may not do (日本 from 日常实用 and the neutral 本)."""
        previous = ""
        for match in _TOKEN.finditer(text):
            token = match.group()
            if match.lastgroup == "alnum":
                self._add_alnum(token, licence)
                if previous.isalpha() and token.isalpha() and min(len(previous), len(token)) >= 3:
                    self._add_alnum(previous + token, licence)  # "Back Light" lets copy say "backlight"
                previous = token
            else:
                previous = ""
        for run in _CJK_RUN.findall(text):
            if len(run) <= MAX_PIECE + 2:
                self.zh_values.append((run, licence))
            if head:  # a value's last character: 领 of 一字领 (never a key's: 长 of 衣袖长)
                self.zh_heads.setdefault(run[-1], licence)
            if head and len(run) == 2 and run.endswith("色"):  # 蓝 of 蓝色: 蓝白条纹 for 蓝色 and 白色
                self.zh_colour_initials.setdefault(run[0], licence)
            for char in run if chars else ():
                self.zh_char_licence.setdefault(char, licence)
            for size in range(2, min(MAX_PIECE, len(run)) + 1):
                for start in range(len(run) - size + 1):
                    self.zh.setdefault(run[start : start + size], licence)

    def _add_alnum(self, token: str, licence: Licence) -> None:
        """Words by every form; a code whole (a digit inside i5 licenses no other 5); numbers standalone or
        leading a unit (500ml)."""
        lower = token.lower()
        if _NUMBER.fullmatch(token):
            self.numbers.setdefault(_number_key(token), licence)
            for word in _NUMBER_WORDS.get(_number_key(token), ()):
                if _LATIN_WORD.fullmatch(word):
                    self.en.setdefault(word, licence)
                elif len(word) == 1:
                    self.zh_char_licence.setdefault(word, licence)
                else:
                    self.zh.setdefault(word, licence)
        elif lower.isalpha() or _LATIN_WORD.fullmatch(token):
            for form in (lower, lemma(lower), *_stems(lower), _undouble(lower)):
                self.en.setdefault(form, licence)
        else:
            self.en.setdefault(lower, licence)
            unit = _LEADING_NUMBER.fullmatch(token)
            if unit is not None:
                self.numbers.setdefault(_number_key(unit.group(1)), licence)

    def alnum(self, token: str) -> Licence | str | None:
        """The licence of a number, word or code of the copy."""
        if _NUMBER.fullmatch(token):
            return self.numbers.get(_number_key(token))
        if _LATIN_WORD.fullmatch(token):
            return self.english(token)
        found = self.en.get(token.lower())
        if found is not None:
            return found
        unit = _LEADING_NUMBER.fullmatch(token)  # "500ml" where the facts say "500 ml"
        if unit is not None and self.english(unit.group(2)) is not None:
            return self.numbers.get(_number_key(unit.group(1)))
        return None

    def english(self, word: str) -> Licence | str | None:
        """The licence of an English word, ``"neutral"``, or None when nothing licenses it (memoised)."""
        try:
            return self._english_memo[word]
        except KeyError:
            verdict = self._english_memo[word] = self._english(word)
            return verdict

    def chinese(self, run: str) -> tuple[Token, ...]:
        """The cover of a Chinese run, offsets relative to the run (memoised)."""
        try:
            return self._chinese_memo[run]
        except KeyError:
            tokens = self._chinese_memo[run] = cover_chinese(run, self)
            return tokens

    def _english(self, word: str) -> Licence | str | None:
        lower = word.lower()
        neutral = load_neutral_vocabulary().en
        if lower in neutral:  # before the facts: "with" in a title licenses nothing worth recording
            return "neutral"
        found = self.en.get(lower)
        if found is not None:
            return found
        if "'" in lower or "’" in lower:  # it's, don't, product's: the word before the apostrophe decides
            lower = re.split("['’]", lower, maxsplit=1)[0]
            found = self.en.get(lower)
            if found is not None:
                return found
        base = lemma(lower)
        if base in neutral:
            return "neutral"
        for form in (base, *_stems(lower), _undouble(lower)):  # "dumbbell" for the merchant's "Dumbell"
            found = self.en.get(form)
            if found is not None:
                return found
        return None


def _number_key(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number.lstrip("0") or "0"


def _unlocked_knowledge(facts: list[Fact]) -> list[tuple[str, Licence]]:
    book = load_benefits()
    found: list[tuple[str, Licence]] = []
    for lang in ("en", "zh"):
        generic = book.generic.get(lang, [])
        found += [(text, Licence("knowledge", "knowledge/benefits.yaml (generic)", text)) for text in generic]
    # Attribute terms are unlocked by a fact's key or value (and a value pattern), benefits by its value
    # (the plan's rule, plan.py).
    terms = load_attribute_terms().terms
    for fact in facts:
        if fact.quantity is not None:  # "38.1 cm" anywhere in the data lets copy say "measures"
            for term in terms:
                if term.dimension == fact.quantity.dimension:
                    source = f"knowledge/attribute_terms.yaml#{term.dimension} ← {fact.source}"
                    found += [(text, Licence("knowledge", source, text)) for text in (*term.en, *term.zh)]
        if fact.kind is FactKind.PRICE or fact.source == "description":
            continue
        for term in terms:  # the title's words too: "T-Shirt" lets copy say "tee"
            if term.unlocked_by(fact.key, fact.value):
                source = f"knowledge/attribute_terms.yaml#{term.match[0]} ← {fact.source}"
                found += [(text, Licence("knowledge", source, text)) for text in (*term.en, *term.zh)]
        if fact.kind is FactKind.TEXT:
            continue
        for entry in book.entries_for_fact(fact.key, fact.value, fact.canonical):
            source = f"knowledge/benefits.yaml#{entry.match[0]} ← {fact.source}"
            found += [(text, Licence("knowledge", source, text)) for text in entry.phrases()]
    return found


# ------------------------------------------------------------------------------------------ the check


def license_copy(
    text: str, book: LicenceBook, covered: list[tuple[int, int]]
) -> tuple[list[Violation], list[LicensedSpan]]:
    """Unsupported phrases of ``text`` and the licensed ones; ``covered`` spans are judged elsewhere."""
    mask = bytearray(len(text))
    scaffold = [match.span() for match in _SCAFFOLD.finditer(text)]
    for start, end in (*covered, *scaffold):
        mask[start:end] = b"\x01" * (end - start)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        start, group = match.start(), match.lastgroup
        if group == "cjk":
            for a, b, verdict in book.chinese(match.group()):  # pieces wholly inside typed claims drop out
                if not all(mask[start + a : start + b]):
                    tokens.append((start + a, start + b, verdict))
        elif not mask[start]:
            tokens.append((start, match.end(), _alnum_verdict(text, match, book)))
    return _unsupported(text, tokens, book), _licensed(text, tokens)


def _alnum_verdict(text: str, match: re.Match[str], book: LicenceBook) -> _Verdict:
    """A Latin word glued to Chinese (v领, a字, H型, x光) is a code of the product, never a neutral word."""
    verdict = book.alnum(match.group())
    if verdict != "neutral":
        return verdict
    start, end = match.span()
    if (start > 0 and _CJK_RUN.match(text, start - 1)) or _CJK_RUN.match(text, end):
        return book.en.get(match.group().lower())
    return verdict


def _phrases(text: str, tokens: list[Token], same: Callable[[Token, Token], bool]) -> list[list[Token]]:
    """Runs of consecutive tokens for which ``same(previous, token)`` holds, joined only by spacing."""
    runs: list[list[Token]] = []
    for token in tokens:
        if runs and same(runs[-1][-1], token) and _BETWEEN_WORDS.fullmatch(text[runs[-1][-1][1] : token[0]]):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _unsupported(text: str, tokens: list[Token], book: LicenceBook) -> list[Violation]:
    missing = [token for token in tokens if token[2] is None]
    violations = []
    for run in _phrases(text, missing, lambda a, b: True):
        span = text[run[0][0] : run[-1][1]]
        violations.append(Violation(RULE, span, _message(span, book), Severity.ERROR))
    return violations


def _message(span: str, book: LicenceBook) -> str:
    if _NUMBER.fullmatch(span):
        stated = ", ".join(list(book.numbers)[:6]) or "none"
        return f"the number {span!r} does not occur in the product's data (its numbers: {stated})"
    return f"{span!r} is not backed by any product fact or by category knowledge a fact unlocks"


def _licensed(text: str, tokens: list[Token]) -> list[LicensedSpan]:
    claimed = [token for token in tokens if isinstance(token[2], Licence)]
    spans = []
    for run in _phrases(text, claimed, lambda a, b: a[2] == b[2]):
        licence = run[0][2]
        assert isinstance(licence, Licence)
        start, end = run[0][0], run[-1][1]
        spans.append(LicensedSpan(text[start:end], start, end, licence.kind, licence.source, licence.value))
    return spans


def merge_spans(text: str, spans: list[LicensedSpan]) -> list[LicensedSpan]:
    """In the copy's order, neighbours licensed by the same field joined into one phrase (Intel Core i5)."""
    merged: list[LicensedSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        last = merged[-1] if merged else None
        if (
            last is not None
            and (last.licence, last.source) == (span.licence, span.source)
            and _BETWEEN_WORDS.fullmatch(text[last.end : span.start])
        ):
            end = max(last.end, span.end)
            merged[-1] = LicensedSpan(text[last.start : end], last.start, end, last.licence, last.source, last.value)
        elif last is None or span.start >= last.end:
            merged.append(span)
    return merged
