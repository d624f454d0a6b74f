"""Sentence frames for attributes (``data/phrase_frames.yaml``): how a value is said by what its name means."""

from __future__ import annotations

import re
from functools import cache

import yaml
from pydantic import BaseModel

from shopforge.knowledge.benefits import DATA_DIR


class Frame(BaseModel):
    key: str
    en: str
    en_clause: str
    zh: str

    def matches(self, name: str) -> bool:
        return re.fullmatch(f"(?:{self.key})", name.strip(), re.IGNORECASE) is not None


class Frames(BaseModel):
    version: str
    source: str
    frames: list[Frame]

    def say(self, name: str, value: str, lang: str) -> str:
        """The value in its frame ("made of cotton", 直径28 cm), or the value as written when no frame fits."""
        for frame in self.frames:
            if name and frame.matches(name):
                return (frame.zh if lang == "zh" else frame.en).format(v=value)
        return value

    def clause(self, name: str, value: str) -> str | None:
        """An English predicate for the value ("is made of cotton"), or None when no frame fits."""
        for frame in self.frames:
            if name and frame.matches(name):
                return frame.en_clause.format(v=value)
        return None


@cache
def load_frames() -> Frames:
    with (DATA_DIR / "phrase_frames.yaml").open(encoding="utf-8") as handle:
        return Frames.model_validate(yaml.safe_load(handle))
