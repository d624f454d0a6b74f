"""Titles shaped per platform: the platform pack's title shape orders the slots, the budget bounds them.

Candidates differ in which features lead and how many fit; the ranker (``rank.py``) picks among them. Every
part is a phrase of the plan, so nothing here can say what the facts do not.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import replace

from shopforge.copywriting.compose.descriptions import pack_phrase, say
from shopforge.copywriting.compose.inventory import WATER_RATING, Inventory, is_audience, is_occasion
from shopforge.copywriting.compose.text import covered, join_tight, title_case
from shopforge.copywriting.plan import ContentPlan, Phrase
from shopforge.copywriting.render import has_cjk
from shopforge.copywriting.verify.checks import measure_length
from shopforge.knowledge.frames import load_frames
from shopforge.knowledge.rulepacks import TitleShape, title_shape_for

_DEFAULT_SHAPES = {
    "zh": TitleShape(slots=("brand", "features", "type", "spec", "variant"), max=60, unit="bytes_gbk",
                     joiner="", feature_joiner="", source="ShopForge default for a platform without a shape"),
    "en": TitleShape(slots=("brand", "line", "type", "features", "spec", "variant"), max=150, joiner=" ",
                     feature_joiner=", ", case="title", source="ShopForge default for a platform without a shape"),
}  # fmt: skip


def shape_for(plan: ContentPlan) -> TitleShape:
    return title_shape_for(plan.platform, plan.lang) or _DEFAULT_SHAPES[plan.lang]


def compose_titles(plan: ContentPlan, inventory: Inventory, n: int = 6) -> list[str]:
    """Up to ``n`` distinct titles within the platform's budget, each naming brand, product word and variant."""
    shape = shape_for(plan)
    rng = random.Random(plan.seed)
    if plan.lang == "en":
        inventory = _with_audience_in_name(inventory, plan.attributes)
    elif inventory.product in _ZH_BARE:  # 简约裤子, not 简约裤 (the attribute terms license the word)
        inventory = replace(inventory, product=_ZH_BARE[inventory.product])
    features = [load_frames().title(p.label, p.text) if plan.lang == "en" else p.text for p in inventory.features]
    features += [p.text for p in inventory.kinds]
    inventory = replace(inventory, specs=sorted(inventory.specs, key=_spec_rank))
    specs = [_spec(p) for p in inventory.specs[:2]]
    features = [f for f in features if not any(covered(f, spec) for spec in specs)]  # "70 m Water Resistant"
    orders = [features, *_variations(features, rng, n)]
    found: list[str] = []
    # per order: the fullest title that fits, and one feature shorter, each with as many specs as fit: a feature
    # outranks a second or first spec ("Genuine Leather" before "0.5 Inch Heel", raters round h #27)
    kept = len([p for p in inventory.specs[:1] if _spec_rank(p) == 0])  # a watch keeps its water resistance
    fewer = [replace(inventory, specs=inventory.specs[:k]) for k in range(len(inventory.specs[:2]), kept - 1, -1)]
    for order in orders:
        fits = [t for keep in range(len(order), -1, -1) if (t := _fullest(shape, fewer, order[:keep], plan.lang))]
        found += [title for title in dict.fromkeys(fits[:2]) if title not in found]
        if len(found) >= n:
            break
    return found[:n]


def _fullest(shape: TitleShape, inventories: list[Inventory], features: list[str], lang: str) -> str:
    """The title with these features and the most specs that fit, or "" when none fits."""
    return next((title for inventory in inventories if (title := _fit(shape, inventory, features, lang))), "")


_ZH_BARE = {"裤": "裤子", "裙": "裙子"}  # a one-character 类型 as a title says it
_POSSESSIVE = {"women": "Women's", "men": "Men's", "boys": "Boys'", "girls": "Girls'", "kids": "Kids'",
               "women's": "Women's", "men's": "Men's", "boy's": "Boys'", "girl's": "Girls'", "unisex": "Unisex"}
_OCCASIONS = frozenset({"casual", "formal", "sports", "party", "festive"})
_LADIES = re.compile(r"\bladies\b", re.IGNORECASE)


def _with_audience_in_name(inventory: Inventory, attributes: list[Phrase]) -> Inventory:
    """One audience and one occasion said in the product's name, as Amazon titles do ("Steppings Trendy
    Women's Casual Boots"), instead of "…, Women, Casual" among the features; several audiences or occasions
    are left to the description (a title that lists four reads as a dump)."""
    name = f"{inventory.line} {inventory.product}"
    occasions = [p for p in inventory.features if is_occasion(p)]
    head: list[str] = []
    kept: list[Phrase] = []
    for phrase in inventory.features:
        word = phrase.text.lower()
        if is_audience(phrase) and (word not in _POSSESSIVE or covered(phrase.text, name)):
            continue  # "Men, Boys" or an audience the name says already
        if is_audience(phrase):
            head.insert(0, _POSSESSIVE[word])
        elif phrase in occasions and len(occasions) == 1 and word in _OCCASIONS and not covered(word, name):
            head.append(phrase.text)
        elif phrase not in occasions or len(occasions) == 1:
            kept.append(phrase)
    product = inventory.product.split()
    # a brand-less title's words before the product noun are the maker's and the line's names ("Carlton Boots",
    # "Belle Gambe Boots" → "Belle Gambe Women's Boots") unless a fact says them ("Analog")
    said = " ".join(p.text for p in attributes)
    named = not inventory.brand and len(product) > 1 and not covered(product[0], said)
    if _LADIES.search(name):
        head = [word for word in head if word != "Women's"]  # "Kielz Ladies Boots" says it already
    product[1 if named else 0 : 1 if named else 0] = head
    return replace(inventory, product=" ".join(product), features=kept)


def _variations(features: list[str], rng: random.Random, n: int) -> list[list[str]]:
    if len(features) <= 1:
        return []
    head = features[:3]
    orders = [list(order) + features[3:] for order in itertools.permutations(head)][1:]
    rng.shuffle(orders)
    tail = features[1:] + features[:1]
    return [*orders[: n - 1], tail]


Parts = list[tuple[str, list[str]]]  # (slot, its phrases) in the shape's order


def _fit(shape: TitleShape, inventory: Inventory, features: list[str], lang: str) -> str:
    """The title with these features, scene words added while the budget allows, or "" when it does not fit
    or the product word falls outside the platform's front window."""
    parts = _slot_parts(shape, inventory, features)
    if lang == "zh" and inventory.suits:  # 适用燃气灶 follows the specs in a Chinese title
        parts.append(("suits", _slot_texts("suits", inventory, features)))
    title = _render(shape, parts, lang)
    # English titles keep to the window shoppers read (Amazon: < 80 characters recommended) when they can
    limit = shape.front if lang == "en" and shape.front and features else shape.max
    if measure_length(title, shape.unit) > limit:
        return ""
    if "scene" in shape.slots:
        for word in _scene_words(inventory):
            if covered(word, title) or _overlaps(word, title):
                continue
            longer = _render(shape, [*parts, ("scene", [word])], lang)
            if measure_length(longer, shape.unit) <= shape.max:
                parts, title = [*parts, ("scene", [word])], longer
    if lang == "zh" and inventory.family and inventory.family not in title:  # …丝绒外套上衣, as raters asked
        longer = _render(shape, [*parts, ("family", [inventory.family])], lang)
        title = longer if measure_length(longer, shape.unit) <= shape.max else title
    if shape.front and inventory.product.lower() not in title[: shape.front].lower():
        return ""
    return title


def _scene_words(inventory: Inventory) -> list[str]:
    """The style words the merchant gave that no feature says before the product word (简约裤英伦 reads
    broken); no benefit phrase: blind raters read 修饰身形 or 图案吸睛 in a title as filler, leading or trailing
    (bench/review_runs/2026-12-04d to -04g)."""
    benefits = {p.benefit for p in inventory.points}
    features = {p.text for p in inventory.features}
    return [word for word in inventory.scene if word not in benefits and word not in features]


def _overlaps(word: str, title: str) -> bool:
    """A Chinese scene word that repeats two characters the title has (简约百搭 after 简约) adds nothing."""
    return any(word[i : i + 2] in title for i in range(len(word) - 1)) if has_cjk(word) else False


def _slot_parts(shape: TitleShape, inventory: Inventory, features: list[str]) -> Parts:
    """Each slot's phrases in the shape's order, without saying anything twice."""
    said = ""
    parts: Parts = []
    for slot in shape.slots:
        kept = []
        for text in _slot_texts(slot, inventory, features):
            if text and not covered(text, said):
                kept.append(text)
                said += " " + text
        if kept:
            parts.append((slot, kept))
    return parts


def _slot_texts(slot: str, inventory: Inventory, features: list[str]) -> list[str]:
    if slot == "brand":
        return [inventory.brand]
    if slot == "line":
        return [inventory.line]
    if slot == "type":
        return [inventory.product]
    if slot == "model":
        return [inventory.model]
    if slot == "features":
        return features
    if slot == "spec":
        return [_spec(p) for p in inventory.specs[:2]]
    if slot == "suits":
        return [say(p, "zh" if has_cjk(p.text) else "en") for p in inventory.suits[:1]]
    if slot == "variant":  # "(Steel Strap, Black Dial)": a part's colour names its part, its colours as one
        return [p.text if has_cjk(p.text) else load_frames().title(p.label, p.text.replace(", ", "/"))
                for p in inventory.variants[:2]]  # fmt: skip
    return []  # scene words are added by _fit while the budget allows


_SPEC_ORDER = (WATER_RATING, re.compile(r"capacity|volume|容量|diameter|直径|size|尺寸", re.I))


def _spec_rank(phrase: Phrase) -> int:
    """Which measures a title says first: water resistance, then capacity, diameter or size, then the rest
    (a watch titled "13 mm Diameter, 22 mm Wide" leads with minor dimensions, round h #24)."""
    return next((i for i, pattern in enumerate(_SPEC_ORDER) if pattern.search(phrase.label)), len(_SPEC_ORDER))


def _spec(phrase: Phrase) -> str:
    """A count said as a pack in an English title ("Pack of 100"), a measure with what it measures ("40 mm
    Diameter", "30 m Water Resistant"), any other spec as written."""
    if has_cjk(phrase.text):
        return phrase.text
    return pack_phrase(phrase) or load_frames().title(phrase.label, phrase.text)


_HEAD_SLOTS = frozenset({"brand", "line", "type", "model"})


def _render(shape: TitleShape, parts: Parts, lang: str) -> str:
    if lang == "zh":  # in the shape's order: scene words added last may still stand before the product word
        order: dict[str, int] = {slot: i for i, slot in enumerate(shape.slots)}
        parts = sorted(parts, key=lambda part: order.get(part[0], len(order)))
        pieces = [piece for _, group in parts for piece in group]
        return join_tight(pieces) if not shape.joiner else shape.joiner.join(pieces)
    # English: the noun phrase (brand, line, product word, model) reads as one; features and specs follow
    # after commas; colour and size go in parentheses, as Amazon's style guides write them.
    head: list[str] = []
    middle: list[str] = []
    variant: list[str] = []
    for slot, group in parts:
        if slot in _HEAD_SLOTS and not middle:
            head += group
        elif slot == "variant":
            variant += group
        else:
            middle += group
    title = " ".join(head)
    if middle:
        title += shape.feature_joiner + shape.feature_joiner.join(middle)
    if variant:
        title += " (" + ", ".join(variant) + ")"
    return title_case(title) if shape.case == "title" else title
