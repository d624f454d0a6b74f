"""Sentence frames for attributes (``data/phrase_frames.yaml``): how a value is said by what its name means."""

from __future__ import annotations

import re
from functools import cache

import yaml
from pydantic import BaseModel

from shopforge.knowledge.benefits import DATA_DIR


class Frame(BaseModel):
    """How one kind of attribute is said. A part's frame names the part (``noun``: "lining", "strap"), so
    "Lining: Non Leather" is said "a non-leather lining", and "Strap Material: PU Strap" "a PU strap"."""

    key: str
    en: str = "{v}"
    en_clause: str = "has {v}"
    zh: str = "{v}"
    noun: str = ""
    title: str = ""  # how an English title says it ("{v} Heel"); a part's frame says the value with its noun

    def matches(self, name: str) -> bool:
        return re.fullmatch(f"(?:{self.key})", name.strip(), re.IGNORECASE) is not None

    def value(self, value: str) -> str:
        """The value with the part's noun, unless the value names the part already ("PU Strap")."""
        if not self.noun or re.search(rf"\b{re.escape(self.noun)}s?\b", value, re.IGNORECASE):
            return value
        return f"{value} {self.noun}"


class Frames(BaseModel):
    version: str
    source: str
    frames: list[Frame]

    def say(self, name: str, value: str, lang: str) -> str:
        """The value in its frame ("made of cotton", 直径28 cm), or the value as written when no frame fits."""
        frame = self.frame_for(name)
        if frame is None:
            return value
        if lang == "zh":
            return frame.zh.format(v=value)
        said = _written(_fill(frame.en, frame.value(value)))
        return re.sub(r"^a (?=[aeiouAEIOU])", "an ", said)  # "an automatic mechanism", "an embroidered pattern"

    def frame_for(self, name: str) -> Frame | None:
        """The first frame whose key pattern matches the attribute's name."""
        return next((frame for frame in self.frames if name and frame.matches(name)), None)

    def title(self, name: str, value: str) -> str:
        """The value as an English title says it ("Square Dial", "TPR Sole", "1 inch Heel"), or as written."""
        frame = self.frame_for(name)
        if frame is None:
            return value
        fastening = _FASTENING.fullmatch(value.strip())
        if fastening:  # "Slip-On", not "Slip On Closure" (round h #41)
            return f"{fastening[1].title()}-{fastening[2].title()}"
        if not frame.title:
            said = frame.value(value)
            return said if said == value else _adjectival(f"{value} {frame.noun.title()}")
        added = set(frame.title.replace("{v}", " ").lower().split())
        return value if added <= set(value.lower().split()) else frame.title.format(v=value)  # "Slim Fit" stays

    def clause(self, name: str, value: str) -> str | None:
        """An English predicate for the value ("is made of cotton"), or None when no frame fits."""
        frame = self.frame_for(name)
        return _written(_fill(frame.en_clause, frame.value(value))) if frame else None


def _adjectival(text: str) -> str:
    return re.sub(r"\b(rectang|triang)le (?=[a-z])", r"\1ular ", text, flags=re.IGNORECASE)


_FASTENING = re.compile(r"(slip|pull|lace|zip)[ -]?(on|up)s?", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(r"\ba (\d+(?:\.\d+)?) (inch|cm|mm|m) (?=[a-z])", re.IGNORECASE)


def _written(said: str) -> str:
    """A measure before its noun as one word ("a 1-inch heel"), "non" joined to its word ("non-leather"), a shape
    as its adjective ("a rectangular dial", not "a rectangle dial", round i)."""
    said = _ATTRIBUTIVE.sub(r"a \1-\2 ", said)
    said = _adjectival(said)
    return re.sub(r"\b([Nn]on) (?=[A-Za-z])", r"\1-", said)


def _fill(template: str, value: str) -> str:
    """The template with the value, without saying the frame's noun twice ("a {v} fit" + "Relaxed Fit")."""
    tail = template.split("{v}", 1)[1].strip() if "{v}" in template else ""
    if tail and value.lower().endswith(tail.lower()):
        template = template.replace(" " + tail, "", 1)
    return template.format(v=value)


@cache
def load_frames() -> Frames:
    with (DATA_DIR / "phrase_frames.yaml").open(encoding="utf-8") as handle:
        return Frames.model_validate(yaml.safe_load(handle))
