"""Selling points: a benefit-led label and a body that proves it with one fact.

"Easy Cleaning: dishwasher safe – goes straight in the dishwasher"; without a label of its own, the fact leads
and the benefit follows ("Leak-proof flip lid: carry it in a bag without spills"); a fact with no benefit the
knowledge unlocks is said as a plain spec ("Capacity: 450 ml"), after the benefit-led points.
"""

from __future__ import annotations

import random

from shopforge.copywriting.compose.descriptions import pack_phrase, restates, say
from shopforge.copywriting.compose.inventory import Inventory, Point, named
from shopforge.copywriting.compose.text import cap_first, lower_first, title_case
from shopforge.copywriting.plan import ContentPlan

MAX_POINTS = 5


def compose_bullets(plan: ContentPlan, inventory: Inventory, n: int = 4) -> list[str]:
    """Up to ``n`` bullet sets (one line per point) that differ in order and wording."""
    # benefit-led points first; a plain spec ("Capacity: 450 ml") or a bare fact only to reach three points
    led = [p for p in inventory.points if p.benefit]
    specs = [p for p in inventory.points if not p.benefit and named(p.fact)]
    bare = [p for p in inventory.points if not p.benefit and not named(p.fact)]
    points = (led + (specs + bare)[: max(0, 3 - len(led))])[:MAX_POINTS]
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
        if point.benefit and point.label and variant % 2 == 0:
            body = point.benefit if fact in point.benefit else f"{fact}，{point.benefit}"
            return f"【{point.label}】{body}"
        if point.benefit and fact in point.benefit:  # 简约 → 简约百搭: the benefit already says the fact
            return f"【{name or point.benefit}】{point.benefit}" if name != point.benefit else f"【{point.benefit}】"
        if point.benefit:
            return f"【{fact}】{point.benefit}" if len(fact) <= 8 else f"【{point.benefit}】{fact}"
        return f"【{name}】{fact}" if name and name != fact else f"【{fact}】"
    if point.benefit and point.label and variant % 2 == 0:
        body = cap_first(point.benefit) if restates(point) else f"{cap_first(fact)} – {point.benefit}"
        return f"{cap_first(point.label)}: {body}"
    if point.benefit:
        return f"{_fact_label(point) if len(fact.split()) <= 4 else point.benefit}: {_body(fact, point.benefit)}"
    pack = pack_phrase(point.fact)
    if pack:
        return pack  # "Pack of 4", not "Pack of: 4"
    return f"{title_case(name)}: {fact}" if name and name.lower() != fact.lower() else title_case(fact)


def _fact_label(point: Point) -> str:
    """The fact as a label, with its attribute's noun where the frame gives one ("Solid" → "Solid Pattern")."""
    framed = say(point.fact, "en")
    return title_case(framed[2:] if framed.startswith("a ") else point.fact.text)


def _body(fact: str, benefit: str) -> str:
    return cap_first(benefit) if len(fact.split()) <= 4 else f"{cap_first(fact)} – {lower_first(benefit)}"


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
