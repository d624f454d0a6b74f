"""OpenAICompatibleModel against llama-cpp-python's own server, plus tiny local failure servers.

Every address is 127.0.0.1; nothing is mocked between the client and the socket.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from shopforge.models import CompletionRequest, ModelError
from shopforge.models.openai_compat import OpenAICompatibleModel, normalise_base_url, schema_fields

SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string", "maxLength": 30}, "in_stock": {"type": "boolean"}},
    "required": ["title", "in_stock"],
    "additionalProperties": False,
}
FEW_SHOT = (
    'Product: steel water bottle\nJSON: {"title": "Steel Bottle", "in_stock": true}\n'
    'Product: red cotton t-shirt\nJSON: {"title": "Red Tee", "in_stock": false}\n'
    "Product: ceramic coffee mug\nJSON: "
)
READY_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"llama_cpp.server not ready within {READY_TIMEOUT_S}s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def llama_server(gguf_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on a free loopback port, serving the packaged GGUF."""
    pytest.importorskip("sse_starlette", reason="needs llama-cpp-python[server]")
    pytest.importorskip("starlette_context", reason="needs llama-cpp-python[server]")
    port = _free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path), "--host", "127.0.0.1",
           "--port", str(port), "--n_ctx", "1024", "--n_threads", "2", "--n_threads_batch", "2"]  # fmt: skip
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ})
    try:
        _wait_ready(proc, f"http://127.0.0.1:{port}/v1/models", log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.mark.model
def test_plain_completion_through_llama_cpp_server(llama_server: str) -> None:
    model = OpenAICompatibleModel(llama_server, timeout_s=30)
    out = model.complete(CompletionRequest(prompt="Our new ceramic mug is", max_tokens=8, temperature=0.0))
    assert out.text.strip()
    assert out.prompt_tokens > 0 and 0 < out.completion_tokens <= 8 and out.seconds > 0


@pytest.mark.model
def test_schema_constrained_completion_through_llama_cpp_server(llama_server: str) -> None:
    model = OpenAICompatibleModel(f"{llama_server}/v1/", timeout_s=30)  # schema_mode="grammar" (default)
    request = CompletionRequest(prompt=FEW_SHOT, max_tokens=32, temperature=0.0, json_schema=SCHEMA, seed=3)
    data = json.loads(model.complete(request).text)
    assert set(data) == {"title", "in_stock"}
    assert isinstance(data["title"], str) and len(data["title"]) <= 30
    assert isinstance(data["in_stock"], bool)


@pytest.mark.model
def test_llama_cpp_server_chat_endpoint_with_grammar(llama_server: str) -> None:
    # Gemma's GGUF carries a chat template, so the chat route works too; the grammar still applies there
    model = OpenAICompatibleModel(llama_server, chat=True, timeout_s=30)
    request = CompletionRequest(prompt="Describe a coffee mug as JSON.", max_tokens=32, temperature=0.0,
                                json_schema=SCHEMA)  # fmt: skip
    data = json.loads(model.complete(request).text)
    assert set(data) == {"title", "in_stock"}


_OK_BODY = json.dumps(
    {"model": "m", "choices": [{"text": "ok"}], "usage": {"prompt_tokens": 2, "completion_tokens": 1}}
).encode()


class _Handler(BaseHTTPRequestHandler):
    """``/ok``: a valid completion; ``/junk``: a non-JSON 200; ``/slow``: sleeps; anything else: HTTP 500."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/slow"):
            time.sleep(1.5)
        status, body = 500, b'{"error":"boom"}'
        if self.path.startswith("/junk"):
            status, body = 200, b"this is not json"
        elif self.path.startswith("/ok"):
            status, body = 200, _OK_BODY
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def failing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_http_500_is_model_error_naming_url_and_status(failing_server: str) -> None:
    model = OpenAICompatibleModel(failing_server, timeout_s=5)
    with pytest.raises(ModelError, match=r"/v1/completions returned HTTP 500: .*boom") as info:
        model.complete(CompletionRequest(prompt="x", max_tokens=4))
    assert failing_server in str(info.value)


def test_malformed_body_is_model_error(failing_server: str) -> None:
    model = OpenAICompatibleModel(f"{failing_server}/junk/v1", timeout_s=5)
    with pytest.raises(ModelError, match=r"/junk/v1/completions returned HTTP 200 with a malformed body"):
        model.complete(CompletionRequest(prompt="x", max_tokens=4))


def test_timeout_is_model_error(failing_server: str) -> None:
    model = OpenAICompatibleModel(f"{failing_server}/slow/v1", timeout_s=0.3)
    with pytest.raises(ModelError, match=r"/slow/v1/completions timed out after 0.3s"):
        model.complete(CompletionRequest(prompt="x", max_tokens=4))


def test_unreachable_url_is_model_error() -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    with pytest.raises(ModelError, match="cannot reach the server") as info:
        OpenAICompatibleModel(url, timeout_s=2).complete(CompletionRequest(prompt="x", max_tokens=4))
    assert f"{url}/v1/completions" in str(info.value)


def test_payload_shapes_per_schema_mode() -> None:
    chat = OpenAICompatibleModel("http://127.0.0.1:1", chat=True, schema_mode="response_format")
    payload = chat.build_payload(CompletionRequest(prompt="hi", stop=["\n"], seed=5, json_schema=SCHEMA))
    assert payload["messages"] == [{"role": "user", "content": "hi"}] and "prompt" not in payload
    assert payload["response_format"]["json_schema"]["schema"] == SCHEMA
    assert payload["stop"] == ["\n"] and payload["seed"] == 5
    assert schema_fields(SCHEMA, "json_schema") == {"json_schema": SCHEMA}
    assert schema_fields(SCHEMA, "guided_json") == {"guided_json": SCHEMA}
    assert schema_fields(SCHEMA, "none") == {}
    assert "root ::=" in schema_fields(SCHEMA, "grammar")["grammar"]
    with pytest.raises(ValueError, match="unknown schema_mode"):
        OpenAICompatibleModel("http://127.0.0.1:1", schema_mode="xml")


def test_base_url_normalisation() -> None:
    assert normalise_base_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080/v1"
    assert normalise_base_url("http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080/v1"
    assert normalise_base_url("http://127.0.0.1:8080/proxy/openai") == "http://127.0.0.1:8080/proxy/openai"


def test_injected_client_is_used(failing_server: str) -> None:
    seen: list[httpx.Request] = []
    client = httpx.Client(event_hooks={"request": [seen.append]})
    model = OpenAICompatibleModel(f"{failing_server}/ok/v1", api_key="k", client=client)
    out = model.complete(CompletionRequest(prompt="p", max_tokens=3))
    assert (out.text, out.model, out.prompt_tokens, out.completion_tokens) == ("ok", "m", 2, 1)
    assert seen[0].headers["Authorization"] == "Bearer k"
    assert json.loads(seen[0].content)["prompt"] == "p"
    model.close()
    assert not client.is_closed  # an injected client belongs to the caller
    client.close()
