"""Category knowledge: benefit phrases that a product's own facts unlock."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

DATA_DIR = Path(__file__).parent / "data"


_NEGATED = re.compile(r"(?:\bnon[- ]?|\bnot |\bno |\bwithout |无|不|非|免)$")


class BenefitEntry(BaseModel):
    """What a fact lets copy promise: body phrases (``en``/``zh``) and short benefit-led labels for bullets.

    ``match`` words unlock the entry when one occurs in a fact's value or canonical form; so does a fact whose
    attribute name matches ``key`` and whose value matches ``value`` (both regular expressions, whole and
    case-blind), for what a measure states ("Heel Height: 1 inch" is a low heel). ``source`` says where the
    knowledge comes from (a standard, a care label rule, a category guide).
    """

    match: list[str]
    en: list[str]
    zh: list[str]
    category: str = "general"
    source: str = ""
    label: dict[str, list[str]] = {}
    key: str = ""
    value: str = ""

    def unlocked_by_measure(self, key: str, value: str) -> bool:
        """Whether the attribute's name and value match the entry's ``key`` and ``value`` patterns."""
        return bool(self.key) and all(
            re.fullmatch(f"(?:{pattern})", text.strip(), re.IGNORECASE) is not None
            for pattern, text in ((self.key, key), (self.value or ".*", value))
        )

    def unlocked_by(self, text: str) -> bool:
        """Whether a match word occurs in the text, and not negated ("Non-leather", "not waterproof", 无口袋)."""
        lowered = text.lower()
        for word in self.match:
            start = lowered.find(word)
            while start >= 0:
                if not _NEGATED.search(lowered[max(0, start - 5) : start]):
                    return True
                start = lowered.find(word, start + 1)
        return False

    def phrases(self, lang: str | None = None) -> list[str]:
        """Every licensed wording of the entry (bodies and labels), of one language or both."""
        langs = (lang,) if lang else ("en", "zh")
        found: list[str] = []
        for code in langs:
            found += [*(self.zh if code == "zh" else self.en), *self.label.get(code, [])]
        return found


class BenefitBook(BaseModel):
    version: str
    source: str
    benefits: list[BenefitEntry]
    generic: dict[str, list[str]]

    def entries_for(self, text: str, key: str = "", value: str = "") -> list[BenefitEntry]:
        """The entries a fact unlocks, in the file's order: by a match word in its ``text`` (``unlocking_text``),
        or by its attribute's name and value."""
        return [entry for entry in self.benefits if entry.unlocked_by(text) or entry.unlocked_by_measure(key, value)]

    def entries_for_fact(self, key: str, value: str, canonical: str) -> list[BenefitEntry]:
        """The entries one fact (attribute name, value, canonical form) unlocks: the planner's and verifier's rule."""
        return self.entries_for(unlocking_text(key, value, canonical), key, value)

    def for_fact(self, key: str, value: str, canonical: str, lang: str) -> list[str]:
        """The body phrases of one language that a fact unlocks."""
        found: list[str] = []
        for entry in self.entries_for_fact(key, value, canonical):
            found.extend(entry.zh if lang == "zh" else entry.en)
        return found


YES_VALUES = frozenset({"yes", "true", "y", "是", "有", "支持", "可以"})  # a value that only says "it has this"


def unlocking_text(key: str, value: str, canonical: str) -> str:
    """The text of a fact that benefit entries are matched against: its value and canonical form, and its
    attribute's name when the value only says yes ("dishwasher safe: yes" unlocks the dishwasher entry)."""
    text = f"{value} {canonical}"
    return f"{key} {text}" if value.strip().lower() in YES_VALUES else text


@cache
def load_benefits() -> BenefitBook:
    with (DATA_DIR / "benefits.yaml").open(encoding="utf-8") as handle:
        return BenefitBook.model_validate(yaml.safe_load(handle))


class AttributeTerm(BaseModel):
    match: list[str]
    value: str | None = None  # a regex the fact's value must match as well ("Heel Height: 0 inch" → flat)
    dimension: str | None = None  # or: unlocked by any quantity of this dimension the product states ("38 cm")
    en: list[str] = []
    zh: list[str] = []

    def unlocked_by(self, key: str, value: str) -> bool:
        """Whether a fact with this key and value unlocks the entry's words."""
        if self.dimension is not None:
            return False  # unlocked by a quantity, not by words (unlocked_by_quantity)
        haystack = f"{key} {value}".lower()
        if not any(word in haystack for word in self.match):
            return False
        return self.value is None or re.fullmatch(self.value, value.strip(), re.IGNORECASE) is not None


class AttributeTerms(BaseModel):
    """Everyday names for what an attribute describes (``data/attribute_terms.yaml``), unlocked by key or value."""

    version: str
    source: str
    terms: list[AttributeTerm]


@cache
def load_attribute_terms() -> AttributeTerms:
    with (DATA_DIR / "attribute_terms.yaml").open(encoding="utf-8") as handle:
        return AttributeTerms.model_validate(yaml.safe_load(handle))
