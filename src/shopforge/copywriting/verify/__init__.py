"""The verifier: decides what may be published.

``Verifier(platform, lang).check(text, kind, facts)`` runs grounding (every claim backed by a fact) and
compliance (the account's platform pack and legal pack: length, forbidden terms, format, language, repetition).
Packs are loaded once per verifier; a product's facts are indexed once (``ProductFacts``) and reused for every
copy of that product, which is what keeps the verifier fast.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopforge.copywriting.verify.compliance import check_compliance
from shopforge.copywriting.verify.grounding import verify_grounding
from shopforge.copywriting.verify.report import Severity, VerificationReport, Violation
from shopforge.facts.index import FactIndex
from shopforge.facts.model import Fact
from shopforge.knowledge.rulepacks import RulePack, packs_for

__all__ = ["ProductFacts", "Severity", "VerificationReport", "Verifier", "Violation"]


@dataclass(frozen=True)
class ProductFacts:
    facts: list[Fact]
    brand: str | None
    index: FactIndex

    @classmethod
    def build(cls, facts: list[Fact], brand: str | None) -> ProductFacts:
        return cls(facts=facts, brand=brand, index=FactIndex(facts))


class Verifier:
    def __init__(self, platform: str, lang: str, packs: list[RulePack] | None = None) -> None:
        self.platform = platform
        self.lang = lang
        self.packs = packs if packs is not None else packs_for(platform, lang)
        self.pack_versions = {pack.name: pack.version for pack in self.packs}

    def check(self, text: str, kind: str, facts: ProductFacts) -> VerificationReport:
        if not text.strip():
            empty = Violation("format.empty", "", f"the {kind} is empty")
            return VerificationReport(violations=[empty], pack_versions=self.pack_versions)
        violations = check_compliance(text, kind, self.packs, brand=facts.brand, lang=self.lang)
        violations += verify_grounding(text, facts.index)
        return VerificationReport(violations=violations, pack_versions=self.pack_versions)
