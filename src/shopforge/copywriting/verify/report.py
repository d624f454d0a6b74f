"""Verifier output: violations with the span that caused them, and the overall verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # blocks publication
    WARNING = "warning"  # style guidance; shown to reviewers, never blocks


def span_places(text: str, span: str) -> list[tuple[int, int]]:
    """Every non-overlapping (start, end) of ``span`` in ``text``; none for an empty span."""
    found: list[tuple[int, int]] = []
    start = text.find(span) if span else -1
    while start != -1:
        found.append((start, start + len(span)))
        start = text.find(span, start + len(span))
    return found


@dataclass(frozen=True)
class Violation:
    rule: str  # rule id, e.g. "amazon.title.forbidden_chars" or "grounding.colour"
    span: str  # the exact text that triggered it ("" when the whole copy is at fault, e.g. too long)
    message: str
    severity: Severity = Severity.ERROR
    source: str = ""  # citation of the rule (law article, platform help page)

    def places(self, text: str) -> list[tuple[int, int]]:
        """Every (start, end) of the span in ``text`` (the span is quoted text, not an offset)."""
        return span_places(text, self.span)

    def to_public(self) -> dict[str, str]:
        return {"rule": self.rule, "span": self.span, "message": self.message}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class VerificationReport:
    violations: list[Violation] = field(default_factory=list)
    pack_versions: dict[str, str] = field(default_factory=dict)
    # Builds what licensed each phrase (verify/licence.py: LicensedSpan), on first use: ``check`` never needs it
    provenance: Callable[[], list[Any]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def licensed(self) -> list[Any]:
        """What licensed each phrase of the copy, in its order."""
        return self.provenance() if self.provenance is not None else []

    @property
    def claims(self) -> list[dict[str, str]]:
        """``[{"span", "licence": "fact"|"knowledge", "source"}]``: the export's ``provenance.claims``."""
        return [span.to_dict() for span in self.licensed]

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "violations": [v.to_public() | {"severity": v.severity.value} for v in self.errors],
            "warnings": [v.to_public() for v in self.warnings],
            "pack_versions": dict(self.pack_versions),
            "claims": self.claims,
        }
