"""Selling points: a benefit-led label and a body that proves it with one fact.

English points are sentences under a benefit-led label ("Classic finish: Synthetic leather gives them a classic
look."); the parts a fact names (sole, lining, dial, clasp) share one "Design details" point and the measures
one "Dimensions" point, so no point is a bare form field ("Height: 16 mm"). Chinese points keep the
【head】body form ("【经典百搭】复古风格，经典百搭"). A fact no benefit unlocks is said as a plain spec after them.
"""

from __future__ import annotations

import random
import re

from shopforge.copywriting.compose.descriptions import (
    clause,
    en_point,
    fact_noun,
    pack_phrase,
    restates,
    say,
    sentence_case,
)
from shopforge.copywriting.compose.inventory import (
    DIMENSIONS,
    WATER_RATING,
    Inventory,
    Point,
    distinct_benefits,
    is_audience,
    is_occasion,
    is_part,
    is_scene,
    named,
)
from shopforge.copywriting.compose.text import (
    body_form,
    cap_first,
    en_list,
    en_sentence,
    is_plural_noun,
    lower_first,
    title_case,
)
from shopforge.copywriting.plan import ContentPlan, Phrase

MAX_POINTS = 5
MIN_POINTS = 3


def compose_bullets(plan: ContentPlan, inventory: Inventory, n: int = 4) -> list[str]:
    """Up to ``n`` bullet sets (one line per point) that differ in order and wording."""
    if plan.lang == "en":
        return _en_sets(plan, inventory, n)
    # benefit-led points first, then measures ("Capacity: 450 ml", 保温12小时) up to three points, and at most
    # one other plain spec beside a benefit-led point: blind raters rejected sets filled up to three with form
    # fields ("Ideal For: Women", 【颜色】黑色, 【材质】针织) and approved benefit-led points alone
    # (bench/review_runs/2026-12-04b); an occasion, a style, an audience or a colour is never a point alone
    led = _one_style([p for p in inventory.points if p.benefit])
    plain = [p for p in inventory.points
             if not p.benefit and not is_scene(p.fact) and p.fact not in inventory.variants]  # fmt: skip
    measures = [p for p in plain if p.fact in inventory.specs]
    others = [p for p in plain if p.fact not in inventory.specs]
    others = [p for p in others if named(p.fact)] + [p for p in others if not named(p.fact)]
    fill = measures + others[: 1 if led or measures else MIN_POINTS]
    points = (led + fill[: max(0, MIN_POINTS - len(led))])[:MAX_POINTS]
    if not points:
        return []
    rng = random.Random(plan.seed)
    found: list[str] = []
    for variant in range(n * 2):
        order = points if variant == 0 else _reordered(points, rng)
        lines = _dedupe_labels([_zh_line(point, variant) for point in order])  # English sets: _en_sets
        text = "\n".join(lines)
        if text not in found:
            found.append(text)
        if len(found) >= n:
            break
    return found


def _one_style(led: list[Point]) -> list[Point]:
    """Chinese benefit points, style points (【复古风格】复古韵味) after the others and only as many as three
    points need, at least one: raters read several as labels said twice (bench/review_runs/2026-12-04h)."""
    kept = distinct_benefits(led)  # and no two that say the same thing (【简约大方】简约百搭, 【纯色百搭】纯色好搭配)
    styles = [p for p in kept if _is_style(p)]
    others = [p for p in kept if p not in styles]
    return others + styles[: max(1, MIN_POINTS - len(others))]


def _reordered(points: list[Point], rng: random.Random) -> list[Point]:
    """Benefit-led points first in a varied order, then style points, then plain specs."""
    groups = [[p for p in points if p.benefit and not _is_style(p)], [p for p in points if _is_style(p)],
              [p for p in points if not p.benefit and not _is_style(p)]]  # fmt: skip
    for group in groups:
        rng.shuffle(group)
    return [p for group in groups for p in group]


def _is_style(point: Point) -> bool:
    return "风格" in point.fact.label


def _en_sets(plan: ContentPlan, inventory: Inventory, n: int) -> list[str]:
    """English sets: benefit points as sentences, then one design point and one size point; plain named specs
    fill up to three points only when nothing else can."""
    plural = is_plural_noun(inventory.product)
    wear = _wear_line(inventory, plural)
    water = [p for p in inventory.specs if WATER_RATING.search(p.label)][:1]
    led = [p for p in inventory.points
           if p.benefit and not (wear and is_occasion(p.fact)) and p.fact not in water][: MAX_POINTS - 1]  # fmt: skip
    used = [p.fact for p in led]
    design, sized = _design_facts(inventory, used), _sized(inventory)
    waters = [_water_line(p, inventory, plural) for p in water]
    extra = (wear, *waters, _design_line(design, inventory), _size_line(sized))
    grouped = [line for line in extra if line]
    said = {*used, *water, *design, *sized}
    plain = [p.fact for p in inventory.points if p.fact not in said and _plain_fact(p.fact, inventory)]
    fill = [_plain_line(f) for f in plain][: max(0, MIN_POINTS - len(led) - len(grouped))]
    rng = random.Random(plan.seed)
    found: list[str] = []
    for variant in range(n * 2):
        order = led if variant == 0 else rng.sample(led, len(led))
        lines = [_en_benefit_line(point, variant, plural) for point in order][: MAX_POINTS - len(grouped)]
        text = "\n".join(_dedupe_labels([*lines, *grouped, *fill]))
        if text and text not in found:
            found.append(text)
        if len(found) >= n:
            break
    return found


_ANDED = re.compile(r"(?<=[a-z])-(?=[a-z])")  # "party-wedding" → "party" and "wedding"


def _wear_line(inventory: Inventory, plural: bool) -> str:
    """Who and when as one point ("Made for boys and men: Suits casual, party and formal occasions."), not
    one thin point per occasion ("Smart occasions: For formal occasions.", bench/review_runs/2026-12-04e)."""
    occasions = [part for p in inventory.features if is_occasion(p) for part in _ANDED.split(p.text.lower())]
    audience = next((p.text for p in inventory.features if is_audience(p)), "")
    if not occasions or (len(occasions) < 2 and not audience):
        return ""
    who = sentence_case(audience).lower().replace("s'", "s")  # "Made for women", "boys", not "women's", "boy's"
    # the audience heads the point, so "occasions" is said once ("Occasions: … casual occasions" read as a
    # repeat to both raters of round h)
    label = f"Made for {who}" if audience else "Versatile wear"
    return f"{label}: Suits {en_list(occasions)} occasions."


def _water_line(depth: Phrase, inventory: Inventory, plural: bool) -> str:
    """The rating with what it stands up to where the knowledge says ("Splash resistant: Water resistant to
    30 m, it handles splashes and rain."), else the rating alone."""
    point = next((p for p in inventory.points if p.fact == depth and p.benefit), None)
    if point is None:
        return f"Water resistance: Up to {depth.text}."
    said = en_sentence(point.benefit, plural)
    return f"{point.label or 'Water resistance'}: Water resistant to {depth.text}; {lower_first(said)}"


def _en_benefit_line(point: Point, variant: int, plural: bool) -> str:
    """"Label: sentence": the entry's benefit-led label (else the fact), and the benefit said as a sentence
    with the fact that proves it ("Classic finish: Synthetic leather gives them a classic look.")."""
    label = cap_first(point.label) if point.label else _fact_label(point)
    body = _en_body(point, variant, plural)
    if _repeats(label, body):  # "Classic finish: … a classic look" says the label twice: the fact leads and
        # the benefit proves it ("Suede: They have a classic look."); "Classic finish: Made of suede." and "Zip
        # closure: With a zipper closure, …" read as bare specs (bench/review_runs/2026-12-04h)
        return f"{_fact_label(point)}: {en_sentence(point.benefit, plural)}"
    return f"{label}: {body}"


def _repeats(label: str, body: str) -> bool:
    return label.split()[0].lower() in re.findall(r"[\w-]+", body.lower()) if label.split() else False


def _en_body(point: Point, variant: int, plural: bool) -> str:
    if body_form(point.benefit) != "adjective":
        return en_point(point, variant, plural)
    # "It is easy to …" on two points reads as a repeat (amazon.repetition): an adjective body follows its fact
    # after a dash, or stands alone as bullets say it ("Made for parties and celebrations.")
    fact = re.sub(r"^an? ", "", fact_noun(point.fact))
    if restates(point) or not fact:
        return f"{cap_first(point.benefit)}."
    return f"{cap_first(fact)} – {point.benefit}."


def _design_facts(inventory: Inventory, used: list[Phrase]) -> list[Phrase]:
    """The parts and named features a frame says as a noun ("a TPR sole", "a buckle clasp", "a 1 inch heel"),
    with the yes-valued features ("Alarm Clock"), that no benefit point said."""
    candidates = [*inventory.features, *(p for p in inventory.specs if is_part(p))]
    return [p for p in candidates
            if p not in used and not is_scene(p) and not is_audience(p) and _noun(p)][:4]  # fmt: skip


def _noun(phrase: Phrase) -> str:
    if phrase.label and phrase.label == phrase.text:  # "Alarm Clock: Yes" → "an alarm clock"; "Water
        return "" if _NOT_A_PART.search(phrase.text) else fact_noun(phrase)  # Resistant" and "Pot Included" no
    if _NOVELTY.fullmatch(phrase.label) and 1 < len(phrase.text.split()) <= 5 and not _ADJECTIVE_END.search(
        phrase.text
    ):
        return phrase.text.lower()  # "Novelty Feature: Crystals Studded In Bezel" → "crystals studded in bezel"
    framed = say(phrase, "en")  # a part that names itself is one ("Silicone Strap", "Round Toe"), a bare "a …" no
    bare = framed.lower() == f"a {phrase.text.lower()}" and not is_part(phrase)
    return framed if framed.startswith(("a ", "an ")) and not bare else ""


_NOVELTY = re.compile(r"novelty feature|other features?|special features?", re.IGNORECASE)
_ADJECTIVE_END = re.compile(r"(?:resistant|proof|able|ed)$", re.IGNORECASE)


_NOT_A_PART = re.compile(r"\b(?:included|inclusive|available|compatible|supported)\b", re.IGNORECASE)


_COLOUR_KEY = re.compile(r"colou?r", re.IGNORECASE)


def _design_line(design: list[Phrase], inventory: Inventory) -> str:
    """The parts as one point, led by the product's one colour when it has one ("Design details: Brown, with a
    TPR sole and round toe."): raters asked for the colour in the points (bench/review_runs/2026-12-04h)."""
    parts = [_noun(p) for p in design]
    if not parts:
        return ""
    colours = [p.text for p in inventory.variants if p.kind == "colour" and _COLOUR_KEY.fullmatch(p.label)]
    if len(colours) == 1 and "," not in colours[0]:
        return f"Design details: {cap_first(sentence_case(colours[0]))}, with {en_list(parts)}."
    return f"Design details: {cap_first(en_list(parts))}."


_DIMENSION = re.compile(rf"^(?:{'|'.join(DIMENSIONS)})$", re.IGNORECASE)
_WEIGHT = re.compile(r"weight", re.IGNORECASE)


def _sized(inventory: Inventory) -> list[Phrase]:
    sized = [p for p in inventory.specs if _DIMENSION.match(p.label) and not is_part(p)]
    return sorted(sized, key=lambda p: DIMENSIONS.index(p.label.lower()))


def _size_line(sized: list[Phrase]) -> str:
    """The measures as one point: "Dimensions: 16 mm high, 11 mm wide and 6 mm thick; weighs 300 g." """
    dims = [say(p, "en") for p in sized if not _WEIGHT.search(p.label)]
    weights = [c for p in sized if _WEIGHT.search(p.label) and (c := clause(p, False))][:1]
    if not dims and not weights:
        return ""
    label = "Dimensions" if dims else "Weight"  # not "Size and weight: 30 mm", which reads as a 30 mm weight
    body = "; ".join(filter(None, [en_list(dims), *weights]))
    return f"{label}: {cap_first(body)}."


def _plain_fact(fact: Phrase, inventory: Inventory) -> bool:
    return not is_scene(fact) and fact not in inventory.variants and named(fact) and not is_part(fact)


def _plain_line(fact: Phrase) -> str:
    """A fact no benefit unlocks, said as a spec: "Pack of 4", "Capacity: 450 ml", "TPR sole"."""
    pack = pack_phrase(fact)
    if pack:
        return pack  # "Pack of 4", not "Pack of: 4"
    framed = say(fact, "en")
    if re.match(r"an? ", framed) and not framed.startswith("a pack"):
        return cap_first(re.sub(r"^an? ", "", framed))  # "TPR sole", "1.5 inch heel": a feature, not a form field
    name = fact.label if named(fact) else ""
    text = fact.text
    return f"{title_case(name)}: {text}" if name and name.lower() != text.lower() else title_case(text)


def _zh_line(point: Point, variant: int) -> str:
    """【head】body: the entry's benefit label or the fact itself as the head, never the attribute's name when a
    benefit follows (【风格】复古韵味 reads as a form field); a plain spec keeps its name (【材质】针织)."""
    name = point.fact.label if named(point.fact) else ""
    fact, benefit = point.fact.text, point.benefit
    if not benefit:
        return f"【{name}】{fact}" if name and name != fact else f"【{fact}】"
    said = fact in benefit or bool(set(fact) & set(benefit))  # 简约 → 简约百搭: the benefit already says the fact
    body = benefit if said else f"{fact}，{benefit}"
    if point.label and benefit.startswith(point.label[-2:]) and len(fact) <= 8:
        return f"【{fact}】{benefit}"  # 【波点印花】图案吸睛, not 【印花图案】波点印花，图案吸睛 (图案 twice)
    if point.label and fact in point.label:  # 【显瘦版型】修饰身形, not 【显瘦版型】显瘦，修饰身形 (round h)
        return f"【{point.label}】{benefit}"
    if point.label and (variant % 2 == 0 or len(fact) > 8):
        return f"【{point.label}】{body}"
    if len(fact) <= 8 and fact not in benefit:
        return f"【{fact}】{benefit}"
    if not point.label and name and point.fact.kind == "material":
        return f"【{fact}{name}】{benefit}"  # 【网纱材质】网纱朦胧灵动, not the benefit alone as a head
    return f"【{point.label}】{body}" if point.label else f"【{benefit}】"


def _fact_label(point: Point) -> str:
    """The fact as a label in sentence case like the entries' labels, with its attribute's noun where the frame
    gives one ("Solid" → "Solid pattern"; raters marked "Zipper Closure" beside "Classic finish" as mixed case)."""
    framed = say(point.fact, "en")
    bare = re.sub(r"^an? ", "", framed)
    return cap_first(bare if bare != framed else sentence_case(point.fact.text))


def _dedupe_labels(lines: list[str]) -> list[str]:
    """No label twice: a second point under the same label is dropped (repetition reads as filler)."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        label = line.split("】", 1)[0] if line.startswith("【") else line.split(":", 1)[0]
        if label.lower() not in seen:
            seen.add(label.lower())
            kept.append(line)
    return kept
