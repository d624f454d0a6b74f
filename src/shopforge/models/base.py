"""The seams every model provider implements: one small protocol per kind of model.

Like ``llm``'s ``Model.execute``, a text model has one method. Built-in providers (embedded llama.cpp, any
OpenAI-compatible server, the deterministic template realiser) and the test fake all come through the same
registry (``shopforge.models.registry``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np


class ModelError(RuntimeError):
    """A provider could not produce a completion (server down, model file missing, bad output)."""


@dataclass
class CompletionRequest:
    """What the writer asks of a text model.

    ``prompt`` is a plain few-shot prompt (base models have no chat template). ``json_schema`` constrains the
    output where the provider supports it (llama.cpp grammars, OpenAI-compatible ``response_format``).
    ``intent`` carries the structured plan for providers that realise it directly instead of reading the
    prompt (the template realiser); LLM providers ignore it.
    """

    prompt: str
    max_tokens: int = 96
    temperature: float = 0.7
    stop: list[str] = field(default_factory=list)
    json_schema: dict[str, Any] | None = None
    seed: int | None = None
    intent: Any = None


@dataclass
class Completion:
    text: str
    model: str  # model identifier for provenance, e.g. "gemma-3-270m-q4_k_m.gguf"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


@runtime_checkable
class TextModel(Protocol):
    backend: str  # registry name: "embedded", "openai", "template", "fake"
    model_id: str

    def complete(self, request: CompletionRequest) -> Completion: ...


@runtime_checkable
class Scorer(Protocol):
    """A text model that can also rate candidate texts by its own likelihood (overgenerate-and-rank)."""

    def score(self, prefix: str, continuations: list[str]) -> list[float]:
        """Mean log-probability per token of each continuation after ``prefix``."""
        ...


@runtime_checkable
class Embedder(Protocol):
    model_id: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return an (n, d) float32 array of L2-normalised vectors."""
        ...
