"""Interface language (zh / en): the message catalogue is data (``messages.yaml``), loaded once per app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from fastapi import Request

LANGS = ("zh", "en")
DEFAULT_LANG = "en"
LANG_COOKIE = "sf_lang"
MESSAGES_PATH = Path(__file__).with_name("messages.yaml")

Translate = Callable[..., str]


class MessageCatalogue:
    """``key -> {zh, en}``; a missing translation falls back to English, a missing key shows the key."""

    def __init__(self, messages: dict[str, dict[str, str]]) -> None:
        self.messages = messages

    @classmethod
    def load(cls, path: Path = MESSAGES_PATH) -> MessageCatalogue:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: the message catalogue must be a mapping")
        messages: dict[str, dict[str, str]] = {}
        for key, value in raw.items():
            if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGS):
                raise ValueError(f"{path}: message {key!r} needs a string for each of {', '.join(LANGS)}")
            messages[str(key)] = {lang: value[lang] for lang in LANGS}
        return cls(messages)

    def translator(self, lang: str) -> Translate:
        def translate(key: str, default: str | None = None, **values: object) -> str:
            entry = self.messages.get(key)
            if entry is None:  # e.g. a new asset kind: its own name rather than nothing
                return default if default is not None else key
            text = entry.get(lang) or entry[DEFAULT_LANG]
            return text.format(**values) if values else text

        return translate


def pick_lang(request: Request) -> str:
    """The language chosen in the console (cookie), else the browser's first preference we have."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT_LANG
