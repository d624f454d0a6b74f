"""Anti-homogeneity: catch near-duplicate copy within an account, and measure diversity.

Two signals, either of which marks a near-duplicate: character n-gram overlap (cheap, catches copy that differs
by a word) and embedding cosine similarity (catches paraphrase-level sameness).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from shopforge.models.base import Embedder

_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def tokens(text: str) -> list[str]:
    """Words for Latin script, single characters for CJK (the usual unit of distinct-n for Chinese)."""
    return [t.lower() for t in _TOKEN.findall(text)]


def distinct_n(texts: list[str], n: int = 2) -> float:
    """Share of distinct n-grams among all n-grams of the texts (Li et al. 2016)."""
    grams: list[tuple[str, ...]] = []
    for text in texts:
        words = tokens(text)
        grams += [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def ngram_jaccard(a: str, b: str, n: int = 3) -> float:
    grams_a, grams_b = _char_ngrams(a, n), _char_ngrams(b, n)
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def _char_ngrams(text: str, n: int) -> set[str]:
    compact = re.sub(r"\s+", " ", text.lower()).strip()
    return {compact[i : i + n] for i in range(len(compact) - n + 1)}


@dataclass(frozen=True)
class NearDuplicate:
    other: str  # key of the earlier copy it resembles
    cosine: float
    jaccard: float


class HomogeneityGuard:
    """Remembers the copies of one account and kind; says whether a new one is too close to any of them."""

    def __init__(self, embedder: Embedder, *, cosine_threshold: float = 0.93, jaccard_threshold: float = 0.8):
        self.embedder = embedder
        self.cosine_threshold = cosine_threshold
        self.jaccard_threshold = jaccard_threshold
        self._keys: list[str] = []
        self._texts: list[str] = []
        self._vectors: list[np.ndarray] = []

    def find(self, text: str, *, exclude: str | None = None) -> NearDuplicate | None:
        if not self._texts:
            return None
        vector = self.embedder.embed([text])[0]
        cosines = np.stack(self._vectors) @ vector
        for i in np.argsort(-cosines):
            if self._keys[i] == exclude:
                continue
            jaccard = ngram_jaccard(text, self._texts[i])
            if cosines[i] >= self.cosine_threshold or jaccard >= self.jaccard_threshold:
                return NearDuplicate(self._keys[i], float(cosines[i]), jaccard)
            break  # the nearest by embedding is not close; n-gram overlap alone is checked on it only
        return None

    def add(self, key: str, text: str) -> None:
        self._keys.append(key)
        self._texts.append(text)
        self._vectors.append(self.embedder.embed([text])[0])


def near_duplicate_rate(texts: list[str], embedder: Embedder, cosine_threshold: float = 0.93) -> float:
    """Share of copies that have a near-duplicate among the others (both members of a pair count)."""
    if len(texts) < 2:
        return 0.0
    vectors = embedder.embed(texts)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -1.0)
    flagged = 0
    for i, text in enumerate(texts):
        j = int(np.argmax(similarity[i]))
        if similarity[i, j] >= cosine_threshold or ngram_jaccard(text, texts[j]) >= 0.8:
            flagged += 1
    return flagged / len(texts)
