"""Scenario standards as data: load ``knowledge/scenarios/<name>.yaml`` and score an understanding against it.

A standard is a list of criteria, each with an id, a weight, a check (a type from ``optimize.criteria.CHECKS``
with its parameters), an explanation and a source. ``common.yaml`` holds the criteria every scenario shares;
``search``, ``recommend`` and ``channel`` extend it, set the weights and add their own. Every criterion runs (so
every finding is reported in every scenario); the score is the weighted mean of the weighted, applicable
criteria on 0–100, capped at ``blocking_cap`` while an error-level finding stands (a listing that would be
blocked or suppressed cannot score well anywhere).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from shopforge.knowledge.rulepacks import CheckSpec, pack_version
from shopforge.optimize.criteria import CHECKS, CheckContext, Finding
from shopforge.optimize.understand import Understanding

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "scenarios"
SCENARIOS = ("search", "recommend", "channel")


class UnknownScenarioError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    weight: float = Field(ge=0)
    check: CheckSpec
    explanation: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _known_check(self) -> Criterion:
        if self.check.type not in CHECKS:
            raise ValueError(f"criterion {self.id}: unknown check type {self.check.type!r}")
        return self


class ThemeElement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    element: str
    min: int = 1
    explanation: str = ""


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    requires: tuple[ThemeElement, ...]


class ScenarioPack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    description: str = ""
    abstract: bool = False
    extends: str | None = None
    blocking_cap: float = Field(default=100.0, ge=0, le=100)
    references: dict[str, str] = Field(default_factory=dict)
    weights: dict[str, float] = Field(default_factory=dict)
    criteria: tuple[Criterion, ...] = ()
    themes: dict[str, Theme] = Field(default_factory=dict)
    default_theme: str | None = None

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)


@functools.cache
def load_scenario(name: str) -> ScenarioPack:
    """The scenario's standard with its parent's criteria merged in (weights applied); validated."""
    if name not in (*SCENARIOS, "common"):
        raise UnknownScenarioError(name)
    raw = yaml.safe_load((SCENARIOS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    raw["version"] = pack_version(raw.get("version"))
    pack = ScenarioPack.model_validate(raw)
    if pack.extends:
        pack = _merge(load_scenario(pack.extends), pack)
    unknown = set(pack.weights) - {c.id for c in pack.criteria}
    if unknown:
        raise ValueError(f"scenario {name}: weights for unknown criteria {sorted(unknown)}")
    if pack.default_theme and pack.default_theme not in pack.themes:
        raise ValueError(f"scenario {name}: default theme {pack.default_theme!r} is not defined")
    return pack


def _merge(parent: ScenarioPack, child: ScenarioPack) -> ScenarioPack:
    own = {c.id for c in child.criteria}
    inherited = [c for c in parent.criteria if c.id not in own]
    criteria = [c.model_copy(update={"weight": child.weights.get(c.id, c.weight)}) for c in inherited]
    return child.model_copy(update={"criteria": (*criteria, *child.criteria), "abstract": False})


@dataclass
class CriterionScore:
    id: str
    weight: float
    score: float | None  # 0..100; None: not applicable to this product (e.g. no query log)
    explanation: str
    source: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        return self.weight > 0 and self.score is not None

    def to_public(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "weight": self.weight}


@dataclass
class ScenarioScore:
    scenario: str
    version: str
    theme: str | None
    score: float  # 0..100, after the blocking cap
    uncapped: float
    capped: bool
    criteria: list[CriterionScore]
    findings: list[Finding]

    def counted(self) -> list[CriterionScore]:
        return [c for c in self.criteria if c.counts]


def score_understanding(understanding: Understanding, scenario: str, *, theme: str | None = None) -> ScenarioScore:
    pack = load_scenario(scenario)
    chosen_theme = theme or pack.default_theme
    if chosen_theme is not None and pack.themes and chosen_theme not in pack.themes:
        raise ValueError(f"unknown theme {chosen_theme!r} for {scenario}; known: {', '.join(pack.themes)}")
    context = CheckContext(understanding, pack.themes.get(chosen_theme) if chosen_theme else None)
    results = []
    for criterion in pack.criteria:
        outcome = CHECKS[criterion.check.type](context, criterion.check.params)
        for finding in outcome.findings:
            finding.criterion = criterion.id
        score = None if outcome.score is None else round(100 * max(0.0, min(1.0, outcome.score)), 1)
        results.append(
            CriterionScore(
                criterion.id, criterion.weight, score, criterion.explanation, criterion.source, outcome.findings
            )
        )
    uncapped = weighted_score(results)
    findings = merge_findings([f for r in results for f in r.findings])
    blocking = any(f.severity == "error" for f in findings)
    final = min(uncapped, pack.blocking_cap) if blocking else uncapped
    return ScenarioScore(
        scenario,
        pack.version,
        chosen_theme,
        round(final, 1),
        uncapped,
        blocking and final < uncapped,
        results,
        findings,
    )


def weighted_score(criteria: list[CriterionScore]) -> float:
    counted = [c for c in criteria if c.counts]
    total = sum(c.weight for c in counted)
    if not total:
        return 0.0
    return round(sum(c.weight * (c.score or 0.0) for c in counted) / total, 1)


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per (code, part): two criteria seeing the same problem report it once."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        merged.setdefault(finding.key, finding)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(merged.values(), key=lambda f: order.get(f.severity, 3))
