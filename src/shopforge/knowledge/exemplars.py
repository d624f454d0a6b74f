"""Winning exemplars: hand-written drafts the few-shot prompts retrieve by language, kind and category."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from shopforge.models.base import Embedder

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Exemplar:
    id: str
    lang: str
    kind: str
    category: str
    facts: dict[str, Any]
    output: dict[str, Any]


@cache
def load_exemplars(path: Path = DATA_DIR / "exemplars.jsonl") -> tuple[Exemplar, ...]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                data = json.loads(line)
                rows.append(
                    Exemplar(
                        data["id"],
                        data["lang"],
                        data["kind"],
                        data["category"],
                        data["facts"],
                        data["output"],
                    )
                )
    return tuple(rows)


class ExemplarIndex:
    """Retrieves the exemplars nearest to a product's category, for one language and kind.

    Retrieval is by category only, so products of one category share their few-shot prefix and the LLM's
    key-value cache of that prefix is reused between consecutive items.
    """

    def __init__(self, embedder: Embedder, exemplars: tuple[Exemplar, ...] | None = None) -> None:
        self.embedder = embedder
        self.exemplars = exemplars if exemplars is not None else load_exemplars()
        self._vectors = embedder.embed([e.category for e in self.exemplars]) if self.exemplars else None
        self._query_cache: dict[str, np.ndarray] = {}

    def nearest(self, lang: str, kind: str, category: str, k: int = 2) -> list[Exemplar]:
        candidates = [i for i, e in enumerate(self.exemplars) if e.lang == lang and e.kind == kind]
        if not candidates or self._vectors is None:
            return []
        query = self._query_cache.get(category)
        if query is None:
            query = self.embedder.embed([category])[0]
            self._query_cache[category] = query
        scores = self._vectors[candidates] @ query
        # Stable tie-break by position keeps prompts identical across runs.
        order = sorted(range(len(candidates)), key=lambda j: (-float(scores[j]), j))
        return [self.exemplars[candidates[j]] for j in order[:k]]
