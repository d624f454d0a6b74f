"""The embedded text model: a GGUF file run in-process by llama.cpp (llama-cpp-python).

The default GGUF is a *base* model (Gemma 3 270M, no chat template), so callers prompt it few-shot and
constrain its output with a JSON schema, which becomes a llama.cpp GBNF grammar here.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopforge.models._constrained import constrained_completion
from shopforge.models._likelihood import mean_log_likelihoods
from shopforge.models.base import Completion, CompletionRequest, ModelError
from shopforge.models.gguf import default_model_path
from shopforge.settings import Settings

_MAX_GRAMMARS = 128


@dataclass
class LoadedLlama:
    """One llama.cpp context plus the lock that serialises calls into it (llama.cpp is not thread-safe)."""

    llama: Any  # llama_cpp.Llama; typed loosely so importing this module does not load the C library
    path: Path
    n_ctx: int
    n_threads: int
    lock: threading.Lock = field(default_factory=threading.Lock)


_cache_lock = threading.Lock()
_loaded: dict[tuple[str, int, int], LoadedLlama] = {}
_grammar_lock = threading.Lock()
_grammars: dict[str, Any] = {}


def load_llama(path: Path, n_ctx: int, n_threads: int) -> LoadedLlama:
    """Load ``path`` once per process for each (path, n_ctx, n_threads) and return the shared handle.

    A plain dict under a lock rather than ``functools.lru_cache``: lru_cache may run the loader twice for
    concurrent first calls, which would map the weights twice.
    """
    key = (str(Path(path).resolve()), n_ctx, n_threads)
    with _cache_lock:
        handle = _loaded.get(key)
        if handle is None:
            resolved = Path(key[0])
            handle = LoadedLlama(_construct_llama(resolved, n_ctx, n_threads), resolved, n_ctx, n_threads)
            _loaded[key] = handle
        return handle


def unload_all() -> None:
    """Drop every loaded model (tests, or a long-lived process switching models)."""
    with _cache_lock:
        for handle in _loaded.values():
            with handle.lock:
                handle.llama.close()
        _loaded.clear()


def _construct_llama(path: Path, n_ctx: int, n_threads: int) -> Any:
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelError("the embedded backend needs llama-cpp-python (pip install llama-cpp-python==0.3.36)") from exc
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    try:
        return Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=n_threads,
            # llama-cpp-python defaults the batch (prompt) threads to every core; keep both at n_threads so
            # one process x n_threads is the whole budget (measured best on 2-core machines)
            n_threads_batch=n_threads,
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as exc:
        raise ModelError(f"llama.cpp could not load {path}: {exc}") from exc


def grammar_for(schema: dict[str, Any]) -> Any:
    """The llama.cpp grammar for a JSON schema, converted once per distinct schema."""
    # not sort_keys: the grammar emits properties in the schema's order, which the few-shot examples follow
    key = json.dumps(schema, ensure_ascii=False)
    with _grammar_lock:
        grammar = _grammars.get(key)
    if grammar is not None:
        return grammar
    from llama_cpp import LlamaGrammar

    try:
        grammar = LlamaGrammar.from_json_schema(key, verbose=False)
    except Exception as exc:  # the converter raises bare Exception/ValueError/KeyError on unsupported schemas
        raise ModelError(f"cannot turn this JSON schema into a llama.cpp grammar: {exc}") from exc
    with _grammar_lock:
        if len(_grammars) >= _MAX_GRAMMARS:
            _grammars.pop(next(iter(_grammars)))  # oldest first; schemas are few, this only bounds misuse
        _grammars[key] = grammar
    return grammar


class EmbeddedModel:
    """Runs a GGUF model in this process. Instances built for the same file share one ``Llama``.

    The context is never reset between calls: llama.cpp then reuses the KV cache of the prompt prefix that
    consecutive calls share (the few-shot examples), which is most of the prompt.
    """

    backend = "embedded"

    def __init__(self, settings: Settings, *, model_path: Path | None = None) -> None:
        path = model_path if model_path is not None else default_model_path(settings)
        self._handle = load_llama(path, settings.n_ctx, settings.n_threads)
        self.model_id = self._handle.path.name

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedModel:
        return cls(settings)

    @property
    def llama(self) -> Any:
        """The shared ``llama_cpp.Llama`` (exposed so tests can check it is loaded once)."""
        return self._handle.llama

    def complete(self, request: CompletionRequest) -> Completion:
        grammar = grammar_for(request.json_schema) if request.json_schema is not None else None
        kwargs: dict[str, Any] = {
            "prompt": request.prompt,
            "max_tokens": max(1, request.max_tokens),
            "temperature": max(0.0, request.temperature),  # llama.cpp treats <= 0 as greedy
            "stop": list(request.stop) or None,
            "seed": request.seed,
            "grammar": grammar,
        }
        with self._handle.lock:
            started = time.perf_counter()
            if grammar is not None:
                return self._constrained(request, grammar, started)
            try:
                out = self._handle.llama.create_completion(**kwargs)
            except (ValueError, RuntimeError) as exc:
                # ValueError: prompt longer than the context window; RuntimeError: llama_decode failed
                raise ModelError(f"{self.model_id}: completion failed: {exc}") from exc
            seconds = time.perf_counter() - started
        return _to_completion(out, self.model_id, seconds)

    def score(self, prefix: str, continuations: list[str]) -> list[float]:
        """Mean log-probability per token of each continuation after ``prefix`` (the ``Scorer`` seam)."""
        with self._handle.lock:
            try:
                return mean_log_likelihoods(self._handle.llama, prefix, continuations)
            except (ValueError, RuntimeError) as exc:
                raise ModelError(f"{self.model_id}: scoring failed: {exc}") from exc

    def _constrained(self, request: CompletionRequest, grammar: Any, started: float) -> Completion:
        """Grammar-constrained generation on a short candidate list (see ``_constrained``); caller holds the lock."""
        try:
            out = constrained_completion(
                self._handle.llama,
                request.prompt,
                grammar,
                max_tokens=max(1, request.max_tokens),
                temperature=max(0.0, request.temperature),
                seed=request.seed,
                stop=list(request.stop),
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(f"{self.model_id}: completion failed: {exc}") from exc
        return Completion(
            text=out.text,
            model=self.model_id,
            prompt_tokens=out.prompt_tokens,
            completion_tokens=out.completion_tokens,
            seconds=time.perf_counter() - started,
        )


def _to_completion(out: Any, model_id: str, seconds: float) -> Completion:
    try:
        text = out["choices"][0]["text"]
        usage = out.get("usage") or {}
    except (KeyError, IndexError, TypeError) as exc:
        raise ModelError(f"{model_id}: unexpected completion shape from llama.cpp: {out!r:.200}") from exc
    return Completion(
        text=str(text),
        model=model_id,
        prompt_tokens=int(usage.get("prompt_tokens", 0)),
        completion_tokens=int(usage.get("completion_tokens", 0)),
        seconds=seconds,
    )
