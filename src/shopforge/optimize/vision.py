"""An optional vision-language describer: a product photo described by a model behind an OpenAI-compatible
``/v1/chat/completions`` endpoint that accepts image input (llama.cpp ``llama-server --mmproj``, vLLM, Ollama…).

Off by default (diagnosis runs offline); ``optimize diagnose --describe-images`` turns it on with the
``SHOPFORGE_OPENAI_*`` settings. The description is an extra in the understanding record: it never feeds a score
or a finding, and a failing endpoint only leaves it empty.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import httpx
from PIL import Image

from shopforge.settings import Settings

PROMPT = (
    "Describe this product photo for an e-commerce listing audit in at most two sentences: the product, its "
    "colour, the background, and any text or logo laid over the photo."
)
MAX_SIDE = 768  # enough for a description; keeps the request small


class OpenAIImageDescriber:
    def __init__(self, base_url: str, model: str, api_key: str = "not-needed", timeout: float = 60.0) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.headers = {"Authorization": f"Bearer {api_key}"}
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIImageDescriber:
        return cls(settings.openai_base_url, settings.openai_model, settings.openai_api_key, settings.openai_timeout_s)

    def request_body(self, image: Image.Image) -> dict[str, Any]:
        copy = image.convert("RGB")
        copy.thumbnail((MAX_SIDE, MAX_SIDE))
        buffer = io.BytesIO()
        copy.save(buffer, format="JPEG", quality=85)
        data = base64.b64encode(buffer.getvalue()).decode()
        content = [
            {"type": "text", "text": PROMPT},
            {"type": "image_url", "image_url": {"url": f"data:image/jpeg;base64,{data}"}},
        ]
        return {"model": self.model, "messages": [{"role": "user", "content": content}], "max_tokens": 120}

    def describe(self, image: Image.Image) -> str:
        response = httpx.post(self.url, json=self.request_body(image), headers=self.headers, timeout=self.timeout)
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"]).strip()
