"""The verifier: decides what may be published.

``Verifier(platform, lang).check(text, kind, facts)`` runs
- compliance: the account's platform pack and legal packs (length, forbidden terms, law, format, language);
- typed grounding (``grounding.py``): numbers, colours, materials, brands … backed by a fact;
- closed-world grounding (``licence.py``): every other content word licensed by a fact, by knowledge a fact
  unlocks, or by the neutral vocabulary; the report records what licensed each phrase (``claims``);
- meaning checks (``meaning.py``): a quantity that does not fit its attribute, 进口 against the origin, 纯棉
  against a share, a label contradicting its body, a negated fact, verifier/prompt/exemplar text in copy.
Grounding needs facts to ground against: a product without attributes or a description (``grounded`` false)
is checked against the packs alone. Packs are loaded once per verifier; a product's facts are indexed once
(``ProductFacts``) and reused for every copy of that product, which is what keeps the verifier fast.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from shopforge.copywriting.verify.compliance import check_context, copy_context
from shopforge.copywriting.verify.grounding import judge_claims, supporting_fact
from shopforge.copywriting.verify.licence import LicenceBook, LicensedSpan, license_copy, merge_spans
from shopforge.copywriting.verify.meaning import check_meaning
from shopforge.copywriting.verify.report import Severity, VerificationReport, Violation
from shopforge.facts.claims import Claim
from shopforge.facts.index import FactIndex
from shopforge.facts.model import Fact
from shopforge.knowledge.rulepacks import RulePack, packs_for

__all__ = ["ProductFacts", "Severity", "VerificationReport", "Verifier", "Violation"]


@dataclass(frozen=True)
class ProductFacts:
    facts: list[Fact]
    brand: str | None
    index: FactIndex
    licences: LicenceBook

    @classmethod
    def build(cls, facts: list[Fact], brand: str | None) -> ProductFacts:
        return cls(facts=facts, brand=brand, index=FactIndex(facts), licences=LicenceBook(facts))

    @property
    def grounded(self) -> bool:
        """Whether the product has facts to ground copy in (attributes or a description)."""
        return self.licences.active


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
        copy = copy_context(text, kind, facts.brand, self.lang)
        violations = check_context(copy, self.packs)
        provenance: Callable[[], list[LicensedSpan]] | None = None
        if facts.grounded:
            judged = judge_claims(text, facts.index)
            # Words a pack already flags (国家级) are not reported a second time as unsupported.
            flagged = [span for v in violations if v.severity is Severity.ERROR for span in v.places(text)]
            unsupported, licensed = license_copy(text, facts.licences, judged.spans + flagged)
            words = copy.words() if copy.folded is not None else None  # those of text.lower()
            violations += judged.violations + unsupported + check_meaning(text, kind, facts.index, self.lang, words)
            provenance = functools.partial(_provenance, text, facts.index, judged.supported, licensed)
        return VerificationReport(violations=violations, pack_versions=self.pack_versions, provenance=provenance)


def _provenance(
    text: str, index: FactIndex, supported: list[Claim], licensed: list[LicensedSpan]
) -> list[LicensedSpan]:
    """What licensed each phrase, in the copy's order: typed claims and closed-world phrases together."""
    facts = [(claim, supporting_fact(claim, index)) for claim in supported]
    spans = [LicensedSpan(c.span, c.start, c.end, "fact", f.source, f.value) for c, f in facts if f is not None]
    return merge_spans(text, [*spans, *licensed])
