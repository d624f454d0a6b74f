"""The review view of a copy: violating spans marked with their rule and source, claims with their fact.

The copy is cut into ``Segment``s (plain text or a marked span with its note) and the template renders each
one escaped: no HTML is ever built from copy text here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopforge.copywriting.verify import ProductFacts, VerificationReport, Verifier, Violation
from shopforge.copywriting.verify.licence import LicensedSpan
from shopforge.copywriting.verify.report import span_places
from shopforge.store.models import Account, Content
from shopforge.store.products import product_facts

VIOLATION, WARNING, CLAIM, PHRASE = "violation", "warning", "claim", "phrase"
_PRIORITY = {VIOLATION: 0, WARNING: 1, CLAIM: 2, PHRASE: 3}


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # "" for plain text, else VIOLATION, WARNING, CLAIM or PHRASE
    note: str = ""  # shown on hover and focus: the rule, its message and source; or the backing fact


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    note: str


@dataclass
class ReviewView:
    report: VerificationReport
    segments: list[Segment]

    @property
    def ok(self) -> bool:
        return self.report.ok


def review_view(account: Account, content: Content, text: str) -> ReviewView:
    """Verify ``text`` as this content's kind against its product's facts, and mark it up for review."""
    product = content.product
    facts = ProductFacts.build(product_facts(product), product.brand)
    report = Verifier(account.platform, account.lang).check(text, content.kind, facts)
    used = (content.provenance or {}).get("facts_used") or []
    return ReviewView(report, annotate(text, report, used))


def annotate(text: str, report: VerificationReport, facts_used: list[dict[str, Any]]) -> list[Segment]:
    marks = _violation_marks(text, report.violations) + _claim_marks(report) + _phrase_marks(text, facts_used)
    return _segments(text, marks)


def violation_note(violation: Violation) -> str:
    source = f" — {violation.source}" if violation.source else ""
    return f"{violation.rule}: {violation.message}{source}"


def _violation_marks(text: str, violations: list[Violation]) -> list[_Mark]:
    marks = []
    for violation in violations:
        kind = VIOLATION if violation.severity.value == "error" else WARNING
        for start, end in violation.places(text):
            marks.append(_Mark(start, end, kind, violation_note(violation)))
    return marks


def _claim_marks(report: VerificationReport) -> list[_Mark]:
    """What licensed each phrase (the verifier's provenance): the fact's value and field, or the knowledge."""
    return [_Mark(span.start, span.end, CLAIM, _licence_note(span)) for span in report.licensed]


def _licence_note(span: LicensedSpan) -> str:
    value = f"{span.value} ← " if span.value else ""
    return f"{value}{span.source}" if span.licence == "fact" else f"{span.licence}: {value}{span.source}"


def _phrase_marks(text: str, facts_used: list[dict[str, Any]]) -> list[_Mark]:
    """Phrases the planner took from the product's data (title parts, attribute values) and their field."""
    marks = []
    for phrase in facts_used:
        surface, source = str(phrase.get("text") or ""), str(phrase.get("source") or "")
        if len(surface) < 2 or not source:
            continue
        for start, end in span_places(text, surface):
            marks.append(_Mark(start, end, PHRASE, source))
    return marks


def _segments(text: str, marks: list[_Mark]) -> list[Segment]:
    chosen: list[_Mark] = []
    for mark in sorted(marks, key=lambda m: (_PRIORITY[m.kind], m.start, -(m.end - m.start))):
        if all(mark.end <= other.start or other.end <= mark.start for other in chosen):
            chosen.append(mark)
    chosen.sort(key=lambda m: m.start)
    segments: list[Segment] = []
    position = 0
    for mark in chosen:
        if mark.start > position:
            segments.append(Segment(text[position : mark.start]))
        segments.append(Segment(text[mark.start : mark.end], mark.kind, mark.note))
        position = mark.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
