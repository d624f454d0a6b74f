"""The account's near-duplicate corpus: every product's current title and description, built once and kept current.

Diagnosis flags a listing whose title or description nearly copies another product's (character 3-gram Jaccard
≥ 0.9, as ``copywriting.homogeneity``). Reading every listing of the account and cutting its n-grams is the cost,
so one corpus serves a whole batch: ``diagnose`` over many SKUs and every product of an optimize job share it, and
the job records each kept change with ``update`` so the next product is compared with what the account now says
(``jobs/runner.py`` treats its near-duplicate guards the same way). The corpus holds plain text, no ORM objects,
so it outlives the per-product sessions of a job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from shopforge.store.models import Account
from shopforge.store.versions import ListingContent

DUPLICATE_PARTS = ("title", "description")
DUPLICATE_JACCARD = 0.9
MIN_CHARS = 12  # shorter text is too short to call a copy
_N = 3


@dataclass(frozen=True)
class _Entry:
    texts: dict[str, str]
    grams: dict[str, frozenset[str]]


class DuplicateCorpus:
    """Title and description n-grams of each product of one account, by SKU."""

    def __init__(self, listings: dict[str, ListingContent] | None = None) -> None:
        self._entries: dict[str, _Entry] = {}
        for sku, content in (listings or {}).items():
            self.update(sku, content)

    @classmethod
    def build(cls, session: Session, account: Account) -> DuplicateCorpus:
        """Every product's current listing: its latest accepted version, else its generated copy."""
        from shopforge.optimize.diagnose import account_listings  # diagnose imports this module

        return cls(account_listings(session, account))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, sku: object) -> bool:
        return sku in self._entries

    def snapshot(self, sku: str) -> _Entry | None:
        """The product's entry as it is now, to ``restore`` if a change is rolled back."""
        return self._entries.get(sku)

    def restore(self, sku: str, entry: _Entry | None) -> None:
        if entry is None:
            self._entries.pop(sku, None)
        else:
            self._entries[sku] = entry

    def update(self, sku: str, content: ListingContent) -> None:
        """The product's listing is now ``content`` (a kept change, or a listing read from the store)."""
        texts = {part: getattr(content, part) for part in DUPLICATE_PARTS}
        self._entries[sku] = _Entry(texts, {part: _grams(text) for part, text in texts.items()})

    def text(self, sku: str, part: str) -> str | None:
        entry = self._entries.get(sku)
        return entry.texts[part] if entry else None

    def duplicates(self, sku: str, content: ListingContent) -> list[dict[str, Any]]:
        """Other products whose title or description ``content`` nearly copies."""
        mine = {part: getattr(content, part) for part in DUPLICATE_PARTS}
        grams = {part: _grams(text) for part, text in mine.items()}
        found = []
        for other, entry in self._entries.items():
            if other == sku:
                continue
            for part in DUPLICATE_PARTS:
                if min(len(mine[part]), len(entry.texts[part])) < MIN_CHARS:
                    continue
                small, large = sorted((len(grams[part]), len(entry.grams[part])))
                if small < DUPLICATE_JACCARD * large:  # Jaccard ≤ |small| / |large|: cannot reach the threshold
                    continue
                similarity = _jaccard(grams[part], entry.grams[part])
                if similarity >= DUPLICATE_JACCARD:
                    found.append({"sku": other, "part": part, "similarity": round(similarity, 3)})
        return found


def _grams(text: str) -> frozenset[str]:
    # The same n-grams as copywriting.homogeneity.ngram_jaccard, cut once per listing instead of once per pair.
    compact = re.sub(r"\s+", " ", text.lower()).strip()
    return frozenset(compact[i : i + _N] for i in range(len(compact) - _N + 1))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
