"""Rank composed candidates: fact coverage, use of the platform's budget, fluency by the model's own
likelihood when a scoring model is at hand, and distance from the shop's other copy."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from shopforge.copywriting.compose.inventory import Inventory
from shopforge.copywriting.compose.text import covered
from shopforge.copywriting.compose.titles import shape_for
from shopforge.copywriting.homogeneity import char_ngrams, set_jaccard
from shopforge.copywriting.plan import ContentPlan
from shopforge.copywriting.verify.checks import measure_length
from shopforge.knowledge.rulepacks import TitleShape
from shopforge.models.base import Scorer

FLUENCY_WEIGHT = 0.25  # per nat of mean log-probability, against the best candidate
SIMILARITY_WEIGHT = 1.0  # per unit of 3-gram Jaccard with the closest of the shop's other copy
_PREFIXES = {
    ("en", "title"): "Product title on an online store:\n",
    ("en", "bullets"): "Product selling points:\n",
    ("en", "description"): "Product description:\n",
    ("zh", "title"): "电商商品标题：\n",
    ("zh", "bullets"): "商品卖点：\n",
    ("zh", "description"): "商品描述：\n",
}


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


@dataclass
class Ranked:
    text: str
    score: float
    signals: dict[str, float] = field(default_factory=dict)


def rank(
    plan: ContentPlan,
    inventory: Inventory,
    candidates: list[str],
    *,
    scorer: Scorer | None = None,
    others: Sequence[str] = (),
) -> list[Ranked]:
    """Candidates best first; ties keep the composer's order."""
    shape = shape_for(plan) if plan.kind == "title" else None
    other_grams = [char_ngrams(other) for other in others]  # once per call, not once per candidate
    ranked = [Ranked(text, 0.0, _static_signals(inventory, text, other_grams, shape)) for text in candidates]
    if scorer is not None and len(candidates) > 1:
        fluency = _fluency(scorer, plan, candidates)
        best = max(fluency)
        for item, value in zip(ranked, fluency, strict=True):
            item.signals["fluency"] = round(value - best, 3)
    for item in ranked:
        s = item.signals
        item.score = s["coverage"] + s.get("fill", 0.0) + FLUENCY_WEIGHT * s.get("fluency", 0.0)
        item.score -= SIMILARITY_WEIGHT * s["similarity"]
    return sorted(ranked, key=lambda item: -item.score)


def _fluency(scorer: Scorer, plan: ContentPlan, candidates: list[str]) -> list[float]:
    """Each candidate's mean log-likelihood, scoring every distinct line or sentence once: bullet sets and
    descriptions are orderings of shared units, so this costs a fraction of scoring whole candidates."""
    units = [_units(plan.kind, text) for text in candidates]
    distinct = list(dict.fromkeys(unit for group in units for unit in group))
    scores = dict(zip(distinct, scorer.score(_PREFIXES.get((plan.lang, plan.kind), ""), distinct), strict=True))
    return [sum(scores[u] * len(u) for u in group) / max(1, sum(len(u) for u in group)) for group in units]


def _units(kind: str, text: str) -> list[str]:
    if kind == "bullets":
        return [line for line in text.splitlines() if line.strip()]
    if kind == "description":
        return [s for s in _SENTENCE_END.split(text) if s.strip()]
    return [text]


def _static_signals(
    inventory: Inventory, text: str, other_grams: list[set[str]], shape: TitleShape | None
) -> dict[str, float]:
    facts = [p.text for p in [*inventory.features, *inventory.specs, *inventory.variants]]
    coverage = sum(covered(fact, text) for fact in facts) / len(facts) if facts else 1.0
    grams = char_ngrams(text)
    signals = {
        "coverage": round(coverage, 3),
        "similarity": round(max((set_jaccard(grams, other) for other in other_grams), default=0.0), 3),
    }
    if shape is not None and shape.fill:
        signals["fill"] = round(min(1.0, measure_length(text, shape.unit) / (shape.fill * shape.max)), 3)
    return signals
