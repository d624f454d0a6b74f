"""Optimisation traces as plain records: what the agent found, planned, tried, kept or reverted, per product."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from shopforge.store.models import Account, OptimizationRun, OptimizationStep
from shopforge.store.optimization import list_runs


@dataclass
class TraceStep:
    position: int
    tool: str
    findings: list[str]  # the finding keys the step answered
    status: str  # kept | reverted | failed | asked
    reason: str
    expected_gain: float
    score_before: float
    score_after: float | None
    version_before_id: int | None
    version_after_id: int | None  # the candidate judged (accepted when kept)
    verification: dict[str, Any]
    detail: dict[str, Any]


@dataclass
class Trace:
    run_id: int
    sku: str
    scenario: str
    planner: str
    status: str
    job_id: int | None
    score_before: float
    score_after: float | None
    version_before_id: int | None
    version_after_id: int | None
    findings_before: list[dict[str, Any]]
    findings_after: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    created_at: datetime
    steps: list[TraceStep] = field(default_factory=list)

    @property
    def gain(self) -> float | None:
        return None if self.score_after is None else round(self.score_after - self.score_before, 1)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["gain"] = self.gain
        return data


def list_traces(
    session: Session, account: Account, sku: str | None = None, *, scenario: str | None = None
) -> list[Trace]:
    """The account's optimisation runs (oldest first) with their steps; only this account's. Public API."""
    return [_trace(run) for run in list_runs(session, account, sku, scenario=scenario)]


def _trace(run: OptimizationRun) -> Trace:
    steps = [_step(s) for s in run.steps]
    return Trace(
        run.id, run.sku, run.scenario, run.planner, run.status, run.job_id, run.score_before, run.score_after,
        run.version_before_id, run.version_after_id, list(run.findings_before), list(run.findings_after),
        list(run.plan), run.created_at, steps,
    )  # fmt: skip


def _step(s: OptimizationStep) -> TraceStep:
    return TraceStep(
        s.position, s.tool, list(s.findings), s.status, s.reason, s.expected_gain, s.score_before, s.score_after,
        s.version_before_id, s.version_after_id, dict(s.verification), dict(s.detail),
    )  # fmt: skip
