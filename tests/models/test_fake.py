from __future__ import annotations

import pytest

from shopforge.models import Completion, CompletionRequest, ModelError, TextModel
from shopforge.models.fake import ScriptedModel


def test_returns_queued_responses_in_order_and_records_requests() -> None:
    model = ScriptedModel(["first", "second"])
    one = model.complete(CompletionRequest(prompt="p1 words here"))
    two = model.complete(CompletionRequest(prompt="p2", json_schema={"type": "object"}))
    assert (one.text, two.text) == ("first", "second")
    assert [r.prompt for r in model.requests] == ["p1 words here", "p2"]
    assert model.requests[1].json_schema == {"type": "object"}
    assert one.model == "scripted" and one.prompt_tokens == 3 and one.completion_tokens == 1


def test_empty_queue_raises_model_error() -> None:
    model = ScriptedModel(["only"])
    model.complete(CompletionRequest(prompt="a"))
    with pytest.raises(ModelError, match="no response queued"):
        model.complete(CompletionRequest(prompt="b"))
    assert len(model.requests) == 2  # the failed request is still recorded


def test_function_of_request_and_completion_passthrough() -> None:
    model = ScriptedModel(respond=lambda req: req.prompt.upper())
    assert model.complete(CompletionRequest(prompt="abc")).text == "ABC"
    canned = Completion(text="x", model="m", prompt_tokens=7, completion_tokens=2, seconds=0.5)
    model.push(canned)
    assert model.remaining == 1
    assert model.complete(CompletionRequest(prompt="q")) is canned
    assert model.complete(CompletionRequest(prompt="again")).text == "AGAIN"  # queue drained: function


def test_satisfies_protocol() -> None:
    model = ScriptedModel()
    assert isinstance(model, TextModel)
    assert model.backend == "fake"
