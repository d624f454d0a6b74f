"""Small text helpers the composers share: joins, Title Case, articles, lists."""

from __future__ import annotations

import re

import simplemma

from shopforge.copywriting.render import has_cjk

_MINOR_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "nor", "but", "for", "with", "in", "on", "over", "of", "to", "at", "by", "from"}
)
UNITS = frozenset(
    {"ml", "l", "cl", "oz", "fl", "g", "kg", "mg", "lb", "lbs", "cm", "mm", "m", "in", "inch", "ft", "w", "v",
     "mah", "gb", "tb", "mb", "hz", "khz", "mhz", "ghz", "x", "pcs"}
)  # fmt: skip
_WORD_UNITS = frozenset({"inch", "inches", "feet", "foot", "years", "year", "months", "pieces", "pairs"})
_ASCII_EDGE = re.compile(r"[A-Za-z0-9%]")


def join_tight(parts: list[str]) -> str:
    """Parts run together as Chinese marketplace titles are written: no separator, except one space between two
    Latin or number parts that would otherwise fuse ("750ml 304不锈钢")."""
    out = ""
    for part in parts:
        if out and _ASCII_EDGE.match(out[-1]) and _ASCII_EDGE.match(part[0]):
            out += " "
        out += part
    return out


def title_case(text: str) -> str:
    """Amazon's Title Case: every word capitalised except minor words inside the title; units, codes, numbers
    and words the merchant already capitalised are left as written."""
    words = text.split(" ")
    return " ".join(_cap_word(word, first=i == 0) for i, word in enumerate(words))


def _cap_word(word: str, *, first: bool) -> str:
    if "-" in word and not word.startswith("-"):
        pieces = word.split("-")
        return "-".join(_cap_word(piece, first=first or i > 0) for i, piece in enumerate(pieces))
    bare = word.strip("(),")
    if bare in _WORD_UNITS:  # units spelt as words take Title Case ("1.5 Inch Heel"); symbols stay ("750 ml")
        return word.replace(bare, bare.capitalize(), 1)
    if not bare or not bare.isalpha() or bare != bare.lower() or bare in UNITS:
        return word
    if bare in _MINOR_WORDS and not first:
        return word
    return word.replace(bare, bare[:1].upper() + bare[1:], 1)


_SHOUTED = re.compile(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,})+\b|\b[A-Z]{5,}\b")


def unshout(text: str) -> str:
    """ALL-CAPS words as words ("ROUND NECK" → "Round Neck"); short acronyms alone stay ("LED", "USB")."""
    return _SHOUTED.sub(lambda m: " ".join(w if len(w) <= 3 else w.capitalize() for w in m[0].split()), text)


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_PROPER = re.compile(r"(?:Japanese|Swiss|German|Italian|Chinese|Indian|French|English|American|Korean|British)\b")


def lower_first(text: str) -> str:
    """Lower-case a phrase's first letter for use inside a sentence, unless it is a name or code ("USB-C") or a
    word of origin ("Japanese quartz")."""
    if (len(text) > 1 and text[:2].isupper()) or _PROPER.match(text):
        return text
    return text[:1].lower() + text[1:] if text else text


def article(phrase: str) -> str:
    """ "a" or "an" for an English noun phrase, by its first sound as spelt (good enough for product words)."""
    first = phrase.lstrip()[:1].lower()
    if phrase[:2].isupper() and first in "aefhilmnorsx":  # initialisms: "an LED", "an HDMI"
        return "an"
    return "an" if first in "aeiou" else "a"


def en_list(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"; a verb the previous item began with is not said again ("comes in a
    pack of 100 and in silver")."""
    items = [item if i == 0 or item.split(" ", 1)[0] != items[i - 1].split(" ", 1)[0] else item.split(" ", 1)[-1]
             for i, item in enumerate(items)]  # fmt: skip
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def zh_list(items: list[str]) -> str:
    return "、".join(items)


def is_plural_noun(phrase: str) -> bool:
    """Whether an English product word reads as plural ("Water Bottles", "Shorts", "Jeans")."""
    last = phrase.split()[-1].lower() if phrase.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def words_of(text: str) -> set[str]:
    """Comparable words of a phrase: lower-case Latin words and numbers, single Chinese characters."""
    found = set(re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower()))
    if has_cjk(text):
        found |= set(re.findall(r"[\u4e00-\u9fff]", text))
    return {_singular(word) for word in found}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def covered(phrase: str, text: str) -> bool:
    """Whether ``text`` already says ``phrase``: all its words, or for a Chinese phrase the phrase itself."""
    if has_cjk(phrase):
        return phrase in text
    mine = words_of(phrase)
    return bool(mine) and mine <= words_of(text)


# What an English benefit body is, by its first words, so a description says it as a sentence about the product:
# "boils water" (a verb for the product: "It boils water."), "durable and easy to clean" (an adjective: "It is
# …"), "classic look" (a noun phrase: "It has a classic look."), or a sentence of its own ("food lifts off the
# pan", "set the temperature you need").
_ADJECTIVE_HEADS = frozenset({"easy", "durable", "comfortable", "small", "ready", "readable", "roomy", "for",
                              "made", "built", "designed", "suited", "shaped", "sized", "styled"})  # fmt: skip
_NOUN_HEADS = frozenset(
    {"look", "style", "fit", "build", "use", "print", "design", "embroidery", "finish", "edge", "neckline", "detail",
     "shape", "cut", "pattern", "face", "reading", "read-out"}
)  # fmt: skip
_OBJECT_WORDS = frozenset({"the", "it", "your", "you", "in"})  # "swap the strap to change the look" is no noun
_OWN_SUBJECTS = frozenset({"the", "food", "stitching", "dots", "lines", "sleeves", "pleats"})


def body_form(body: str) -> str:
    """``verb``, ``adjective``, ``noun`` (a look: "classic look"), ``phrase`` (any other noun phrase: "a firm
    surface to write on") or ``sentence`` (already one: imperative, or with its own subject)."""
    words = body.lower().replace(",", "").split()
    if not words:
        return "sentence"
    first = words[0]
    if words[-1] in _NOUN_HEADS and len(words) <= 5 and not _OBJECT_WORDS & set(words):
        return "noun"
    if first in {"a", "an", "no", "two", "room"}:
        return "phrase"
    if first in _ADJECTIVE_HEADS or first.endswith(("able", "ible")):
        return "adjective"
    if first == "can" or (first not in _OWN_SUBJECTS and len(first) > 3 and first.endswith("s")
                          and not first.endswith(("ss", "us"))):
        return "verb"  # "boils water", "can stay submerged in water"
    return "sentence"


def _base_verb(verb: str) -> str:
    """The plural form of a third-person verb ("boils" → "boil", "goes" → "go", "stretches" → "stretch")."""
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    return verb[:-1]


def en_sentence(body: str, plural: bool = False) -> str:
    """A benefit body as a sentence about the product ("It boils water.", "They have a classic look.")."""
    form = body_form(body)
    pronoun = "They" if plural else "It"
    if form == "verb":
        verb, _, rest = body.partition(" ")
        if plural and verb != "can":
            verb = _base_verb(verb)
            rest = re.sub(r"^(and|or) (\w+s)\b", lambda m: f"{m[1]} {_base_verb(m[2])}", rest)  # "open and close"
        return f"{pronoun} {verb} {rest}".rstrip() + "."
    if form == "adjective":
        return f"{pronoun} {'are' if plural else 'is'} {body}."
    if form == "noun":
        has = "have" if plural else "has"
        return f"{pronoun} {has} {body if body.split()[0] in {'a', 'an'} else noun_phrase(body)}."
    return f"{cap_first(body)}."


_MASS_HEADS = frozenset({"embroidery", "glass", "leather", "suede", "cotton", "denim", "use", "resistance"})


def noun_phrase(phrase: str) -> str:
    """A noun phrase with its article where a count noun needs one ("classic look" → "a classic look")."""
    last = phrase.split()[-1].lower() if phrase.split() else ""
    if phrase.split()[0].lower() in {"a", "an", "the", "no"} or last in _MASS_HEADS or is_plural_noun(phrase):
        return phrase
    return f"{article(phrase)} {phrase}"


def shares_word(one: str, other: str) -> bool:
    """Whether two English phrases share a content word, by lemma ("Party ready" and "made for parties")."""
    def lemmas(text: str) -> set[str]:
        return {simplemma.lemmatize(w, lang="en") for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2} - _GLUE

    return bool(lemmas(one) & lemmas(other))


_GLUE = frozenset({"the", "and", "for", "with", "you", "your", "its", "easy", "look"})


_ZH_GIST = frozenset("搭")  # 好搭配 and 百搭 say the same thing with one character in common


def zh_same_gist(one: str, other: str) -> bool:
    """Whether two Chinese benefits say the same thing: a two-character word in common (修饰身形 twice), or
    both about matching outfits (纯色好搭配，简约百搭 read as a repeat, bench/review_runs/2026-12-04h #69)."""
    pairs = {one[i : i + 2] for i in range(len(one) - 1)}
    return any(other[i : i + 2] in pairs for i in range(len(other) - 1)) or bool(set(one) & set(other) & _ZH_GIST)
