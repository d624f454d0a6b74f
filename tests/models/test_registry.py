from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shopforge.models import (
    Completion,
    CompletionRequest,
    available_text_models,
    get_text_model,
    register_text_model,
    registry,
)
from shopforge.models.fake import ScriptedModel
from shopforge.models.openai_compat import OpenAICompatibleModel
from shopforge.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


@pytest.fixture(autouse=True)
def _restore_registry() -> Iterator[None]:
    # registrations are process-global: put back what each test changed
    factories = dict(registry._factories)
    yield
    registry._factories.clear()
    registry._factories.update(factories)
    registry.clear_text_model_instances()


class EchoModel:
    backend = "echo"
    model_id = "echo-1"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def complete(self, request: CompletionRequest) -> Completion:
        return Completion(text=request.prompt, model=self.model_id)


def test_builtins_are_listed() -> None:
    names = available_text_models()
    assert {"embedded", "openai", "fake", "template"} <= set(names)
    assert names == sorted(names)


def test_unknown_name_lists_available(settings: Settings) -> None:
    with pytest.raises(ValueError, match="unknown text model backend 'nope'") as info:
        get_text_model("nope", settings)
    for name in ("embedded", "fake", "openai", "template"):
        assert name in str(info.value)


def test_registered_plugin_is_returned_and_reused(settings: Settings) -> None:
    register_text_model("echo", EchoModel)
    assert "echo" in available_text_models()
    model = get_text_model("echo", settings)
    assert isinstance(model, EchoModel) and model.settings is settings
    assert model.complete(CompletionRequest(prompt="hi")).text == "hi"
    assert get_text_model("echo", settings.model_copy()) is model  # equal settings -> same instance
    other = get_text_model("echo", settings.model_copy(update={"n_ctx": 1024}))
    assert other is not model


def test_reregistering_drops_cached_instances(settings: Settings) -> None:
    register_text_model("echo", EchoModel)
    first = get_text_model("echo", settings)
    register_text_model("echo", EchoModel)
    assert get_text_model("echo", settings) is not first


def test_fake_and_openai_builtins(settings: Settings) -> None:
    fake = get_text_model("fake", settings)
    assert isinstance(fake, ScriptedModel) and fake.remaining == 0
    assert get_text_model("fake", settings) is fake
    openai = get_text_model("openai", settings.model_copy(update={"openai_base_url": "http://127.0.0.1:9"}))
    assert isinstance(openai, OpenAICompatibleModel)
    assert openai.endpoint == "http://127.0.0.1:9/v1/completions"


def test_lazy_import_failure_is_reported_only_when_requested(settings: Settings) -> None:
    registry._factories["broken"] = "shopforge.no_such_module:Thing"
    assert "broken" in available_text_models()
    with pytest.raises(ValueError, match="'broken' is registered but cannot be imported"):
        get_text_model("broken", settings)
    assert isinstance(get_text_model("fake", settings), ScriptedModel)  # others unaffected


def test_empty_name_rejected() -> None:
    with pytest.raises(ValueError):
        register_text_model("", EchoModel)
