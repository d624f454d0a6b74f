"""Overgenerate-and-rank from licensed material: titles, selling points and descriptions composed from the
plan's phrases (``inventory``) in the platform's shape, then ranked (``rank``).

The composer is the line's writer for the embedded model (which ranks by its own likelihood) and the fallback
for every backend, so fallback copy is as good as the rest. It says only what the plan holds.
"""

from __future__ import annotations

from shopforge.copywriting.compose.bullets import compose_bullets
from shopforge.copywriting.compose.descriptions import compose_descriptions
from shopforge.copywriting.compose.inventory import Inventory, build_inventory
from shopforge.copywriting.compose.rank import Ranked, rank
from shopforge.copywriting.compose.titles import compose_titles
from shopforge.copywriting.plan import ContentPlan

COMPOSED_KINDS = frozenset({"title", "bullets", "description"})

__all__ = ["COMPOSED_KINDS", "Inventory", "Ranked", "build_inventory", "compose", "rank"]


def compose(plan: ContentPlan, inventory: Inventory | None = None, n: int = 6) -> list[str]:
    """Up to ``n`` candidate texts of the plan's kind (titles, bullet sets one point a line, descriptions)."""
    inventory = inventory or build_inventory(plan)
    if plan.kind == "title":
        found = compose_titles(plan, inventory, n)
    elif plan.kind == "bullets":
        found = compose_bullets(plan, inventory, n)
    elif plan.kind == "description":
        found = compose_descriptions(plan.lang, inventory, plan.seed, n)
    else:
        raise ValueError(f"the composer writes {', '.join(sorted(COMPOSED_KINDS))}, not {plan.kind!r}")
    # Shops differ: each account's seed starts the list elsewhere, and the ranker keeps this order on ties.
    start = plan.seed % len(found) if found else 0
    return found[start:] + found[:start]
