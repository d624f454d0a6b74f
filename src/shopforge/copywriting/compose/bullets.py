"""Selling points: a benefit-led label and a body that proves it with one fact.

"Easy Cleaning: dishwasher safe – goes straight in the dishwasher"; without a label of its own, the fact leads
and the benefit follows ("Leak-proof flip lid: carry it in a bag without spills"); a fact with no benefit the
knowledge unlocks is said as a plain spec ("Capacity: 450 ml"), after the benefit-led points.
"""

from __future__ import annotations

import random
import re

from shopforge.copywriting.compose.descriptions import fact_noun, pack_phrase, say
from shopforge.copywriting.compose.inventory import Inventory, Point, is_scene, named
from shopforge.copywriting.compose.text import cap_first, shares_word, title_case
from shopforge.copywriting.plan import ContentPlan

MAX_POINTS = 5
MIN_POINTS = 3


def compose_bullets(plan: ContentPlan, inventory: Inventory, n: int = 4) -> list[str]:
    """Up to ``n`` bullet sets (one line per point) that differ in order and wording."""
    # benefit-led points first, then measures ("Capacity: 450 ml", 保温12小时) up to three points, and at most
    # one other plain spec beside a benefit-led point: blind raters rejected sets filled up to three with form
    # fields ("Ideal For: Women", 【颜色】黑色, 【材质】针织) and approved benefit-led points alone
    # (bench/review_runs/2026-12-04b); an occasion, a style, an audience or a colour is never a point alone
    led = [p for p in inventory.points if p.benefit]
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
        lines = _dedupe_labels([_line(point, plan.lang, variant) for point in order])
        text = "\n".join(lines)
        if text not in found:
            found.append(text)
        if len(found) >= n:
            break
    return found


def _reordered(points: list[Point], rng: random.Random) -> list[Point]:
    """Benefit-led points first in a varied order, plain specs after them."""
    led = [p for p in points if p.benefit]
    plain = [p for p in points if not p.benefit]
    rng.shuffle(led)
    rng.shuffle(plain)
    return led + plain


def _line(point: Point, lang: str, variant: int) -> str:
    fact = point.fact.text
    name = point.fact.label if named(point.fact) else ""
    if lang == "zh":
        return _zh_line(point, name, variant)
    if point.benefit:
        return _en_benefit_line(point)
    pack = pack_phrase(point.fact)
    if pack:
        return pack  # "Pack of 4", not "Pack of: 4"
    framed = say(point.fact, "en")
    if re.match(r"an? ", framed) and not framed.startswith("a pack"):
        return cap_first(re.sub(r"^an? ", "", framed))  # "TPR sole", "1.5 inch heel": a feature, not a form field
    return f"{title_case(name)}: {fact}" if name and name.lower() != fact.lower() else title_case(fact)


def _en_benefit_line(point: Point) -> str:
    """"Label: body", the label benefit-led (the entry's own, else the fact), the body the benefit and the fact
    that proves it, neither repeating the label ("Classic finish: synthetic leather", not "… – classic look")."""
    label = cap_first(point.label) if point.label else _fact_label(point)
    fact = re.sub(r"^an? ", "", fact_noun(point.fact))
    if not fact:  # an occasion or an adjective ("Formal", "Luminous"): the benefit says it
        body = cap_first(point.benefit)
    elif shares_word(point.benefit, label):
        body = cap_first(fact) if not shares_word(fact, label) else cap_first(point.benefit)
    elif shares_word(point.benefit, point.fact.text) or shares_word(fact, label):
        body = cap_first(point.benefit)
    else:
        body = f"{cap_first(fact)} – {point.benefit}"
    return f"{label}: {body}"


def _zh_line(point: Point, name: str, variant: int) -> str:
    """【head】body: the entry's benefit label or the fact itself as the head, never the attribute's name when a
    benefit follows (【风格】复古韵味 reads as a form field); a plain spec keeps its name (【材质】针织)."""
    fact, benefit = point.fact.text, point.benefit
    if not benefit:
        return f"【{name}】{fact}" if name and name != fact else f"【{fact}】"
    said = fact in benefit or bool(set(fact) & set(benefit))  # 简约 → 简约百搭: the benefit already says the fact
    body = benefit if said else f"{fact}，{benefit}"
    if point.label and (variant % 2 == 0 or len(fact) > 8 or fact in point.label):
        return f"【{point.label}】{body}"
    if len(fact) <= 8 and fact not in benefit:
        return f"【{fact}】{benefit}"
    return f"【{point.label}】{body}" if point.label else f"【{benefit}】"


def _fact_label(point: Point) -> str:
    """The fact as a label, with its attribute's noun where the frame gives one ("Solid" → "Solid Pattern")."""
    framed = say(point.fact, "en")
    return title_case(framed[2:] if framed.startswith("a ") else point.fact.text)


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
