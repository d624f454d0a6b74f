"""A text model served by any OpenAI-compatible HTTP server (llama-cpp-python, llama.cpp, vLLM, Ollama, ...).

Base models are driven through ``/v1/completions`` with the plain few-shot prompt; instruct models can use
``/v1/chat/completions`` (``chat=True``), the prompt becoming one user message.

How the JSON schema travels (``schema_mode``) -- servers disagree, and most silently IGNORE fields they do
not know (llama-cpp-python's request models drop extras), so the mode must match the server:

``"grammar"`` (default)
    The schema is converted client-side to a llama.cpp GBNF grammar and sent as ``grammar``. This is the only
    constraint llama-cpp-python's server (``python -m llama_cpp.server``, 0.3.x) applies on
    ``/v1/completions``; its ``/v1/chat/completions`` accepts ``grammar`` too. llama.cpp's own
    ``llama-server`` also accepts ``grammar``.
``"json_schema"``
    The schema as a top-level ``json_schema`` field: llama.cpp's ``llama-server`` (``/completion`` and
    ``/v1/completions``), which converts it server-side.
``"response_format"``
    OpenAI structured outputs, ``{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}``: vLLM
    (completions and chat), OpenAI, Ollama's and llama-server's chat endpoints. llama-cpp-python's chat
    endpoint wants ``{"type": "json_object", "schema": ...}`` instead and ignores this form.
``"guided_json"``
    vLLM's extra parameter ``guided_json`` (older vLLM releases; newer ones prefer ``response_format``).
``"none"``
    Send no constraint; rely on the prompt (and the caller's parser/repair loop).
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

import httpx

from shopforge.models.base import Completion, CompletionRequest, ModelError
from shopforge.settings import Settings

SchemaMode = Literal["grammar", "json_schema", "response_format", "guided_json", "none"]
SCHEMA_MODES: tuple[str, ...] = get_args(SchemaMode)


@lru_cache(maxsize=128)
def _gbnf_for(schema_json: str) -> str:
    # llama-cpp-python ships a pure-Python port of llama.cpp's json-schema-to-grammar converter; using it
    # client-side means the grammar the server compiles is exactly what the embedded backend would use
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    return str(json_schema_to_gbnf(schema_json))


def schema_fields(schema: dict[str, Any], mode: str) -> dict[str, Any]:
    """The request fields that carry ``schema`` to a server of the given kind (see the module docstring)."""
    if mode == "grammar":
        try:
            return {"grammar": _gbnf_for(json.dumps(schema, ensure_ascii=False))}
        except ImportError as exc:
            raise ModelError(
                "schema_mode='grammar' converts the schema with llama-cpp-python, which is not installed; "
                "install it or pick another schema_mode"
            ) from exc
        except Exception as exc:  # the converter raises assorted errors on unsupported schemas
            raise ModelError(f"cannot turn this JSON schema into a GBNF grammar: {exc}") from exc
    if mode == "json_schema":
        return {"json_schema": schema}
    if mode == "response_format":
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": schema, "strict": True},
            }
        }
    if mode == "guided_json":
        return {"guided_json": schema}
    if mode == "none":
        return {}
    raise ValueError(f"unknown schema_mode {mode!r}; expected one of {', '.join(SCHEMA_MODES)}")


def normalise_base_url(base_url: str) -> str:
    """``http://host:8080`` and ``http://host:8080/v1/`` both mean ``http://host:8080/v1``.

    A URL with any other path is kept as given (proxies and gateways mount the API elsewhere).
    """
    url = base_url.rstrip("/")
    if urlsplit(url).path in ("", "/"):
        url += "/v1"
    return url


class OpenAICompatibleModel:
    backend = "openai"

    def __init__(
        self,
        base_url: str,
        *,
        model: str = "default",
        api_key: str | None = None,
        timeout_s: float = 60.0,
        chat: bool = False,
        schema_mode: str = "grammar",
        client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """Inject ``client``, or only its ``transport`` (httpx's one-method seam); else a client is made."""
        if schema_mode not in SCHEMA_MODES:
            raise ValueError(f"unknown schema_mode {schema_mode!r}; expected one of {SCHEMA_MODES}")
        self.base_url = normalise_base_url(base_url)
        self.model = model
        self.model_id = model
        self.chat = chat
        self.schema_mode = schema_mode
        self.timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._owns_client = client is None
        self._client = client or httpx.Client(timeout=httpx.Timeout(timeout_s), transport=transport)
        self._headers = headers

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAICompatibleModel:
        # openai_chat / openai_schema_mode are read defensively: Settings may not declare them yet
        return cls(
            settings.openai_base_url,
            model=settings.openai_model,
            api_key=settings.openai_api_key,
            timeout_s=settings.openai_timeout_s,
            chat=bool(getattr(settings, "openai_chat", False)),
            schema_mode=str(getattr(settings, "openai_schema_mode", "grammar")),
        )

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    @property
    def endpoint(self) -> str:
        return f"{self.base_url}/chat/completions" if self.chat else f"{self.base_url}/completions"

    def build_payload(self, request: CompletionRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max(1, request.max_tokens),
            "temperature": max(0.0, request.temperature),
        }
        if self.chat:
            payload["messages"] = [{"role": "user", "content": request.prompt}]
        else:
            payload["prompt"] = request.prompt
        if request.stop:
            payload["stop"] = list(request.stop)
        if request.seed is not None:
            payload["seed"] = request.seed
        if request.json_schema is not None:
            payload.update(schema_fields(request.json_schema, self.schema_mode))
        return payload

    def complete(self, request: CompletionRequest) -> Completion:
        url = self.endpoint
        payload = self.build_payload(request)
        started = time.perf_counter()
        response = self._post(url, payload)
        seconds = time.perf_counter() - started
        return self._parse(url, response, seconds)

    def _post(self, url: str, payload: dict[str, Any]) -> httpx.Response:
        try:
            response = self._client.post(url, json=payload, headers=self._headers, timeout=self.timeout_s)
        except httpx.TimeoutException as exc:
            what = f"timed out after {self.timeout_s:g}s ({type(exc).__name__})"
            raise ModelError(f"POST {url} {what}") from exc
        except httpx.HTTPError as exc:
            what = f"failed: cannot reach the server ({type(exc).__name__}: {exc})"
            raise ModelError(f"POST {url} {what}") from exc
        if response.status_code >= 400:
            raise ModelError(f"POST {url} returned HTTP {response.status_code}: {_snippet(response)}")
        return response

    def _parse(self, url: str, response: httpx.Response, seconds: float) -> Completion:
        try:
            data = response.json()
            choice = data["choices"][0]
            text = choice["message"]["content"] if self.chat else choice["text"]
            if not isinstance(text, str):
                raise TypeError(f"text is {type(text).__name__}, not str")
            usage = data.get("usage") or {}
            return Completion(
                text=text,
                model=str(data.get("model") or self.model),
                prompt_tokens=int(usage.get("prompt_tokens") or 0),
                completion_tokens=int(usage.get("completion_tokens") or 0),
                seconds=seconds,
            )
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ModelError(
                f"POST {url} returned HTTP {response.status_code} with a malformed body "
                f"({type(exc).__name__}: {exc}): {_snippet(response)}"
            ) from exc


def _snippet(response: httpx.Response, limit: int = 300) -> str:
    text = response.text.strip().replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "..."
