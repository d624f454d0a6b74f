"""Descriptions with a beginning, a middle and an end: what the product is and is made of, what its facts let
the buyer do, and how it comes (capacity, colour, size). Each fact is said once."""

from __future__ import annotations

import random
import re

from shopforge.copywriting.compose.inventory import Inventory, Point, is_part, named
from shopforge.copywriting.compose.text import article, cap_first, en_list, is_plural_noun, lower_first, words_of
from shopforge.copywriting.plan import Phrase
from shopforge.copywriting.render import has_cjk
from shopforge.knowledge.frames import load_frames

_ZH_OPENERS = ("这款{name}", "这款{name}", "这款{name}")
_EN_OPENERS = ("The {name}", "This {name}", "The {name}")
_ADJECTIVE = re.compile(r"(?:-free|-safe|-proof|-resistant|\bsafe|\bproof|\bresistant|able|wireless|waterproof)$",
                        re.IGNORECASE)  # fmt: skip
_AUDIENCE_POSSESSIVE = re.compile(r"^(Women|Men|Girl|Boy|Kid)'s$")
_AUDIENCE_NOUN = {"Women": "women", "Men": "men"}
_PLURAL_VERBS = {"is": "are", "has": "have", "comes": "come", "holds": "hold", "weighs": "weigh", "suits": "suit",
                 "measures": "measure"}  # fmt: skip


def compose_descriptions(lang: str, inventory: Inventory, seed: int, n: int = 6) -> list[str]:
    rng = random.Random(seed)
    found: list[str] = []
    for variant in range(n):
        sentences = _zh(inventory, variant, rng) if lang == "zh" else _en(inventory, variant, rng)
        text = ("" if lang == "zh" else " ").join(s for s in sentences if s)
        if text and text not in found:
            found.append(text)
    return found


def say(phrase: Phrase, lang: str) -> str:
    """The phrase as a sentence part by what its attribute means ("made of cotton", 直径28 cm)."""
    value = phrase.text if lang == "zh" else _sentence_case(phrase.text)
    return load_frames().say(phrase.label, value, lang)


def pack_phrase(phrase: Phrase) -> str | None:
    """A count whose attribute frames it as a pack, said as one ("Pack of 4"); None for anything else."""
    if has_cjk(phrase.text):
        return None
    framed = say(phrase, "en")
    return cap_first(framed[2:]) if framed.startswith("a pack of") else None


def clause(phrase: Phrase, plural: bool) -> str | None:
    """An English predicate for the product as subject ("is made of cotton", "holds 450 ml", "is microwave
    safe"), or None when the attribute's name gives no frame and its value no predicate."""
    value = _sentence_case(phrase.text)
    found = load_frames().clause(phrase.label, value)
    if found is None and _ADJECTIVE.search(value):
        found = f"is {value}"  # "is dishwasher safe", "is water resistant"
    if found is None and phrase.label == phrase.text:
        found = f"has {value}"  # a yes-valued feature named by its key: "has an alarm clock", "has LED indicators"
    if found is None and not phrase.label:
        found = f"has {article(value)} {value}"
    if found is None:
        return None
    if found.startswith("has ") and not re.match(r"(?:a|an|the|\d)\b", found[4:]) and not is_plural_noun(value):
        found = f"has {article(found[4:])} {found[4:]}"  # "has a leak-proof flip lid"
    verb, _, rest = found.partition(" ")
    return f"{_PLURAL_VERBS.get(verb, verb) if plural else verb} {rest}"


def spec_sentence(phrase: Phrase, plural: bool) -> str:
    """An attribute without a frame, said with its own name: "Its filling material is microfiber." """
    owner = "Their" if plural else "Its"
    verb = "are" if is_plural_noun(phrase.label) else "is"
    return f"{owner} {phrase.label.lower()} {verb} {_sentence_case(phrase.text)}."


def _sentence_case(text: str) -> str:
    text = _AUDIENCE_POSSESSIVE.sub(lambda m: _AUDIENCE_NOUN.get(m[1], m[1].lower() + "s"), text)  # Women's → women
    return " ".join(lower_first(word) if word[1:].islower() else word for word in text.split())


def _name(inventory: Inventory, lang: str) -> str:
    parts = [inventory.brand, inventory.line, inventory.product]
    return ("" if lang == "zh" else " ").join(p for p in parts if p)


def _opening(inventory: Inventory) -> list[Phrase]:
    """What the first sentence says: the material first, then one more feature."""
    features = sorted(inventory.features, key=lambda p: (p.kind != "material", is_part(p)))
    return features[:2]


def _en(inventory: Inventory, variant: int, rng: random.Random) -> list[str]:
    plural = is_plural_noun(inventory.product)
    subject = _EN_OPENERS[variant % len(_EN_OPENERS)].format(name=_name(inventory, "en"))
    if plural:
        subject = subject.replace("This ", "These ", 1)
    opening = [p for p in _opening(inventory) if clause(p, plural)]
    said = [clause(p, plural) or "" for p in opening]
    first = f"{subject} {en_list(said)}." if opening else f"Meet the {_name(inventory, 'en')}."
    points = _benefit_points(inventory, opening, rng, variant)
    middle = [_en_point(p, variant // 3) for p in points]
    middle = middle or [f"{cap_first(b)}." for b in _opening_benefits(inventory, opening)[:1]]
    used = [*opening, *(p.fact for p in points)]
    tail = [*inventory.features[:4], *inventory.suits[:1], *inventory.specs[:1], *inventory.variants[:2]]
    rest = [p for p in tail if p not in used]
    predicates = [c for p in rest if (c := clause(p, plural))]
    specs = [spec_sentence(p, plural) for p in rest if named(p) and not clause(p, plural)][:1]
    pronoun = "They" if plural else "It"
    also = " also" if variant // 3 % 2 and middle else ""  # the wordings differ from one variant to the next
    end = f"{pronoun}{also} {en_list(predicates[:3])}." if predicates else ""
    return [first, *middle, *specs, end or (_generic_end(inventory, "en") if not middle and not specs else "")]


def _en_point(point: Point, form: int = 0) -> str:
    if restates(point):  # "a round neckline" for Round Neck says the fact already
        return f"{cap_first(point.benefit)}."
    if form % 2:
        return f"{cap_first(say(point.fact, 'en'))} – {lower_first(point.benefit)}."
    return f"{cap_first(point.benefit)}, {say(point.fact, 'en')}."


def restates(point: Point) -> bool:
    """Whether the benefit repeats a word of its fact (then the fact need not be said beside it)."""
    return bool(words_of(point.fact.text) & words_of(point.benefit))


def _zh(inventory: Inventory, variant: int, rng: random.Random) -> list[str]:
    opener = _ZH_OPENERS[variant % len(_ZH_OPENERS)].format(name=_name(inventory, "zh"))
    opening = _opening(inventory)
    points = _benefit_points(inventory, opening, rng, variant)
    lead = [say(p, "zh") for p in opening] + ([] if points else _opening_benefits(inventory, opening)[:1])
    first = f"{opener}，{'，'.join(lead)}。" if lead else f"{opener}。"
    middle = [_zh_point(p, variant // 3) for p in points]
    used = [*opening, *(p.fact for p in points)]
    tail = [*inventory.suits[:1], *inventory.specs[:1], *inventory.variants[:2]]
    closing = [say(p, "zh") for p in tail if p not in used]
    end = "，".join(closing) + "。" if closing else ""
    return [first, *middle, end or (_generic_end(inventory, "zh") if not middle else "")]


def _zh_point(point: Point, form: int) -> str:
    if restates(point):
        return f"{point.benefit}。"
    if form % 2:
        return f"{point.benefit}，{say(point.fact, 'zh')}。"  # 耐用易清洁，采用304不锈钢。
    return f"{say(point.fact, 'zh')}，{point.benefit}。"


def _benefit_points(inventory: Inventory, opening: list[Phrase], rng: random.Random, variant: int) -> list[Point]:
    """Up to two points with a benefit whose fact the opening did not say."""
    points = [p for p in inventory.points if p.benefit and p.fact not in opening]
    if variant:
        rng.shuffle(points)
    return points[:2]


def _opening_benefits(inventory: Inventory, opening: list[Phrase]) -> list[str]:
    """The benefits of the facts the opening already said, to say once when no other fact has one."""
    return [p.benefit for p in inventory.points if p.benefit and p.fact in opening]


def _generic_end(inventory: Inventory, lang: str) -> str:
    """A plain closing for a description that would otherwise be one sentence (never filler after real ones)."""
    if not inventory.generic:
        return ""
    text = inventory.generic[0]
    return f"{text}。" if lang == "zh" else f"{cap_first(text)}."
