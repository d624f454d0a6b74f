"""Category knowledge: benefit phrases that a product's own facts unlock."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

DATA_DIR = Path(__file__).parent / "data"


class BenefitEntry(BaseModel):
    match: list[str]
    en: list[str]
    zh: list[str]


class BenefitBook(BaseModel):
    version: str
    source: str
    benefits: list[BenefitEntry]
    generic: dict[str, list[str]]

    def for_text(self, text: str, lang: str) -> list[str]:
        lowered = text.lower()
        found: list[str] = []
        for entry in self.benefits:
            if any(word in lowered for word in entry.match):
                found.extend(entry.zh if lang == "zh" else entry.en)
        return found


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
