"""FactIndex: a product's facts arranged for constant-time grounding look-ups.

Built once per product and reused for every copy of that product, so the verifier's per-copy work is a few
dict/set probes per claim. Concept kinds (colour, material, certification) are expanded to every broader
concept a fact supports: a "navy" fact makes "navy" and "blue" claimable, a "blue" fact only "blue".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from shopforge.facts.claims import brand_token_canonical
from shopforge.facts.lexicon import concept_lexicon, fold
from shopforge.facts.model import Fact, FactKind, Quantity

COMPARATIVE_EXTRA = "comparative"  # Fact.extra key of a FEATURE fact mined from "2x faster" in merchant text
PERCENT_EXTRA = "percent"  # Fact.extra key of a MATERIAL fact's share ("98% Cotton")
_CONCEPT_KINDS = {
    FactKind.COLOUR: "colour",
    FactKind.MATERIAL: "material",
    FactKind.CERTIFICATION: "certification",
}
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’&._\-][A-Za-z0-9]+)*")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PART_SEPARATORS = re.compile(r"['’&._\-]+")
_MULTICOLOUR = "multicolour"


def compact(text: str) -> str:
    """Letters and digits only, lower case: "ALTHT-3P-21" and "altht_3p_21" compare equal."""
    return _NOT_ALNUM.sub("", text.lower())


class FactIndex:
    """``FactIndex(facts)`` (or ``FactIndex.build(facts)``) indexes a product's facts once."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts: tuple[Fact, ...] = tuple(facts)
        self.quantities: dict[str, list[tuple[Quantity, Fact]]] = {}  # dimension -> quantities stated
        self.counts: dict[float, Fact] = {}
        self.concepts: dict[str, dict[str, Fact]] = {}  # kind -> claimable canonical -> supporting fact
        self.material_percents: dict[str, list[tuple[float, Fact]]] = {}
        self.origins: dict[str, Fact] = {}
        self.warranties: list[Fact] = []
        self.comparatives: dict[str, Fact] = {}
        self.tokens: dict[str, Fact] = {}  # folded / compacted word of the merchant's data -> its fact
        by_kind: defaultdict[FactKind, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            by_kind[fact.kind].append(fact)
            self._add(fact)
        self.by_kind: dict[FactKind, list[Fact]] = dict(by_kind)
        self._add_multicolour()

    @classmethod
    def build(cls, facts: Iterable[Fact]) -> FactIndex:
        return cls(facts)

    def _add(self, fact: Fact) -> None:
        if fact.quantity is not None:
            if fact.kind is FactKind.COUNT:
                self.counts.setdefault(fact.quantity.magnitude, fact)
            elif fact.kind is not FactKind.WARRANTY:
                self.quantities.setdefault(fact.quantity.dimension, []).append((fact.quantity, fact))
        concept_kind = _CONCEPT_KINDS.get(fact.kind)
        if concept_kind and fact.canonical:
            supported = self.concepts.setdefault(concept_kind, {})
            for canonical in concept_lexicon().support_set(concept_kind, fact.canonical):
                supported.setdefault(canonical, fact)
            percent = fact.extra.get(PERCENT_EXTRA)
            if percent is not None:
                self.material_percents.setdefault(fact.canonical, []).append((float(percent), fact))
        if fact.kind is FactKind.ORIGIN and fact.canonical:
            self.origins.setdefault(fact.canonical, fact)
        if fact.kind is FactKind.WARRANTY:
            self.warranties.append(fact)
        comparative = fact.extra.get(COMPARATIVE_EXTRA)
        if comparative:
            self.comparatives.setdefault(str(comparative), fact)
        self._add_tokens(fact)

    def _add_tokens(self, fact: Fact) -> None:
        """Every word of the merchant's own data may be repeated in copy (brand, model, style code)."""
        self.tokens.setdefault(compact(fact.value), fact)
        for word in _WORD.findall(fact.value):
            folded = fold(word)
            for form in (folded, compact(folded), brand_token_canonical(word, True)):
                if form:
                    self.tokens.setdefault(form, fact)
            if folded.endswith("s"):
                self.tokens.setdefault(folded[:-1], fact)
            for part in _PART_SEPARATORS.split(folded):  # "3346-1-Cheetablue": "cheetablue" alone too
                self.tokens.setdefault(part, fact)

    def _add_multicolour(self) -> None:
        colours = self.concepts.get("colour", {})
        distinct = {fact.canonical for fact in colours.values() if fact.canonical != _MULTICOLOUR}
        if len(distinct) >= 2 and _MULTICOLOUR not in colours:
            colours[_MULTICOLOUR] = next(iter(colours.values()))

    def facts_of(self, *kinds: FactKind) -> list[Fact]:
        return [fact for kind in kinds for fact in self.by_kind.get(kind, ())]

    def has_token(self, canonical: str) -> bool:
        if canonical in self.tokens or compact(canonical) in self.tokens:
            return True
        return canonical.endswith("s") and canonical[:-1] in self.tokens
