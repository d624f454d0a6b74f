"""Benefit points: which benefits a product can claim, ranked, each linked to the facts that support it.

Candidates come only from category knowledge (``knowledge/data/benefits.yaml``) unlocked by the product's own facts,
so every point is grounded: reviews and competitor copy can raise a point's rank (buyers mention it, rivals lead
with it) but never add a point, and no review or competitor wording is ever copied. The text line's planner takes
the ranking through ``ProductInput.benefits`` and writes the top points first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shopforge.facts.model import Fact, FactKind
from shopforge.knowledge.benefits import load_benefits

# How much a fact kind says about what the buyer gets: a material or a feature makes a benefit concrete.
KIND_WEIGHT = {
    FactKind.MATERIAL: 3.0,
    FactKind.FEATURE: 2.0,
    FactKind.CERTIFICATION: 2.0,
    FactKind.QUANTITY: 1.5,
}
REVIEW_WEIGHT, REVIEW_CAP = 1.5, 4  # buyers naming a benefit again and again outweigh one more fact
COMPETITOR_WEIGHT, COMPETITOR_CAP = 0.5, 4


@dataclass
class BenefitPoint:
    text: str
    score: float
    facts: list[str] = field(default_factory=list)  # the supporting facts' fields ("attributes.材质")
    signals: list[str] = field(default_factory=list)  # why it ranks where it does

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "score": round(self.score, 2), "facts": self.facts, "signals": self.signals}


def rank_benefits(
    facts: Sequence[Fact],
    lang: str,
    *,
    reviews: Sequence[str] = (),
    competitor_texts: Sequence[str] = (),
) -> list[BenefitPoint]:
    """Ranked benefit points the facts support, strongest first (ties: the knowledge file's order)."""
    book = load_benefits()
    points: dict[str, BenefitPoint] = {}
    order: list[str] = []
    counted: dict[str, set[tuple[FactKind, str]]] = {}
    for fact in facts:
        if fact.kind in (FactKind.TEXT, FactKind.PRICE) or fact.source == "description":
            continue  # the same facts the planner draws benefits from
        for entry in book.entries_for_fact(fact.key, fact.value, fact.canonical):
            for text in entry.zh if lang == "zh" else entry.en:
                point = points.get(text)
                if point is None:
                    point = points[text] = BenefitPoint(text, 0.0)
                    order.append(text)
                    _add_signals(point, entry.match, reviews, competitor_texts)
                if fact.source not in point.facts:
                    point.facts.append(fact.source)
                    point.signals.append(f"fact {fact.source}")
                concept = (fact.kind, fact.canonical or fact.value.lower())
                if concept not in counted.setdefault(text, set()):  # 304不锈钢 in the attributes and the title: once
                    counted[text].add(concept)
                    point.score += KIND_WEIGHT.get(fact.kind, 1.0)
    return sorted(points.values(), key=lambda p: (-p.score, order.index(p.text)))


def _add_signals(point: BenefitPoint, match: list[str], reviews: Sequence[str], competitors: Sequence[str]) -> None:
    mentions = sum(1 for review in reviews if _mentions(review, point.text, match))
    if mentions:
        point.score += REVIEW_WEIGHT * min(mentions, REVIEW_CAP)
        point.signals.append(f"{mentions} review(s) mention it")
    leads = sum(1 for text in competitors if point.text.lower() in text.lower())
    if leads:
        point.score += COMPETITOR_WEIGHT * min(leads, COMPETITOR_CAP)
        point.signals.append(f"{leads} competitor(s) state it")


def _mentions(review: str, phrase: str, match: list[str]) -> bool:
    lowered = review.lower()
    return phrase.lower() in lowered or any(word in lowered for word in match if len(word) > 1)
