"""Act and re-score: run a product's plan step by step, keep a change only when it verifiably improves the score.

For each step the tool returns candidates; each is re-diagnosed on the same scenario. A candidate is kept when its
verification passed, it adds no error-level finding the content did not already have (no new violation), and it
raises the score (the blocking cap first, then the score under it, so a fix hidden by a cap another step will lift
still counts). Every candidate judged is stored as a content version (accepted or not, never overwriting one) and
every step as a trace row: the findings it answered, the tool, scores before and after, both versions, the
verification and the tool's provenance. ``run_optimize_job`` runs this per product as a resumable job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from shopforge.creative.ocr import TextReader
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.jobs.factory import build_line
from shopforge.jobs.generate import JobError, Progress
from shopforge.jobs.items import (
    finish_job,
    interruptible,
    job_products,
    mark_item_done,
    mark_item_failed,
    report_progress,
    start_job,
    unfinished_job,
)
from shopforge.models.base import TextModel
from shopforge.optimize.competitors import CompetitorIndex
from shopforge.optimize.corpus import DuplicateCorpus
from shopforge.optimize.diagnose import Diagnoser, Diagnosis
from shopforge.optimize.planner import ASK, Plan, PlanStep, propose_plan
from shopforge.optimize.scenarios import SCENARIOS, UnknownScenarioError
from shopforge.optimize.tools import Candidate, ToolError, Toolkit, run_tool
from shopforge.optimize.understand_image import ImageAnalyzer
from shopforge.settings import Settings
from shopforge.store.db import Database
from shopforge.store.models import Account, Job, JobItem, OptimizationRun, Product
from shopforge.store.optimization import add_step, finish_run, start_run
from shopforge.store.products import get_product
from shopforge.store.versions import add_version

log = logging.getLogger(__name__)


@dataclass
class StepOutcome:
    step: int
    tool: str
    status: str  # kept | reverted | failed | asked
    score_before: float
    score_after: float | None
    reason: str = ""


@dataclass
class RunOutcome:
    sku: str
    scenario: str
    score_before: float
    score_after: float
    run_id: int
    steps: list[StepOutcome] = field(default_factory=list)
    findings_before: list[str] = field(default_factory=list)
    findings_after: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "scenario": self.scenario,
            "score_before": self.score_before,
            "score_after": self.score_after,
            "run_id": self.run_id,
            "findings_before": self.findings_before,
            "findings_after": self.findings_after,
            "steps": [vars(step) for step in self.steps],
        }


def build_toolkit(
    settings: Settings,
    account: Account,
    *,
    backend: str | None = None,
    segmenter: Segmenter | None = None,
    reader: TextReader | None = None,
    variants: int = 2,
) -> Toolkit:
    """The tools for an account: its text line (``backend`` or the settings' default), segmenter, image analyzer."""
    if segmenter is None:
        segmenter = default_segmenter(settings)
    line = build_line(settings, backend or settings.default_backend, account.platform, account.lang)
    analyzer = ImageAnalyzer(account.platform, segmenter=segmenter, reader=reader)
    return Toolkit(settings, line, analyzer, segmenter, variants)


def default_segmenter(settings: Settings) -> Segmenter | None:
    """The configured segmenter, else OpenCV's (needs no model file); None only if neither can be built."""
    from shopforge.creative.segment.registry import get_segmenter

    for name in dict.fromkeys([settings.segmenter, "opencv"]):
        try:
            return get_segmenter(name, settings)
        except (SegmentationError, OSError, ValueError) as exc:
            log.warning("segmenter %s unavailable (%s)", name, exc)
    return None


def optimize_product(
    session: Session,
    account: Account,
    product: Product,
    scenario: str,
    toolkit: Toolkit,
    *,
    theme: str | None = None,
    planner_model: TextModel | None = None,
    diagnoser: Diagnoser | None = None,
    queries: dict[str, list[str]] | None = None,
    job_id: int | None = None,
    corpus: DuplicateCorpus | None = None,
    competitors: CompetitorIndex | None = None,
) -> RunOutcome:
    """Diagnose, plan, act and re-score one product; returns the before/after scores and every step's outcome.

    ``corpus``: the account's near-duplicate corpus shared by a batch (read from the store when None); each kept
    change is recorded in it, so the next product's duplicate check sees it. ``competitors``: the account's
    competitor index shared by a batch (read from the store when None)."""
    diagnoser = diagnoser or Diagnoser(
        session, account, toolkit.settings, analyzer=toolkit.analyzer, queries=queries, corpus=corpus,
        competitors=competitors,
    )  # fmt: skip
    before = diagnoser.diagnose(product, scenario, theme=theme)
    plan = propose_plan(planner_model, before.scored, before.understanding) if planner_model else Plan(before.plan)
    run = start_run(
        session, account, product, scenario=scenario, planner=plan.planner, score_before=before.score,
        findings_before=[f.to_dict() for f in before.findings], plan=[s.to_dict() for s in plan.steps],
        version_before_id=before.understanding.version_id, job_id=job_id,
    )  # fmt: skip
    current = before
    outcome = RunOutcome(product.sku, scenario, before.score, before.score, run.id)
    for step in plan.steps:
        current = _run_step(session, account, product, toolkit, diagnoser, run, step, current, theme, outcome)
    finish_run(
        run, score_after=current.score, findings_after=[f.to_dict() for f in current.findings],
        version_after_id=current.understanding.version_id,
    )  # fmt: skip
    outcome.score_after = current.score
    outcome.findings_before = sorted(before.codes())
    outcome.findings_after = sorted(current.codes())
    session.flush()
    return outcome


def _run_step(
    session: Session,
    account: Account,
    product: Product,
    toolkit: Toolkit,
    diagnoser: Diagnoser,
    run: OptimizationRun,
    step: PlanStep,
    current: Diagnosis,
    theme: str | None,
    outcome: RunOutcome,
) -> Diagnosis:
    common = {
        "tool": step.tool, "findings": step.findings, "expected_gain": step.expected_gain,
        "score_before": current.score, "version_before_id": current.understanding.version_id,
    }  # fmt: skip
    if step.tool == ASK:
        add_step(session, run, status="asked", reason=step.question, detail={"question": step.question}, **common)
        outcome.steps.append(StepOutcome(step.step, step.tool, "asked", current.score, None, step.question))
        return current
    try:
        candidates = run_tool(step.tool, toolkit, session, account, product, current.understanding)
    except ToolError as exc:
        add_step(session, run, status="failed", reason=str(exc), **common)
        outcome.steps.append(StepOutcome(step.step, step.tool, "failed", current.score, None, str(exc)))
        return current
    judged = [(c, diagnoser.assess(product, c.content, current.scenario, theme=theme)) for c in candidates]
    best, after = max(judged, key=lambda pair: _rank(pair[1]))
    reason = _refusal(current, best, after)
    version = add_version(
        session, account, product, best.content, source="optimize", accepted=not reason,
        parent_id=current.understanding.version_id, job_id=run.job_id,
        note=f"{step.tool} for {', '.join(step.findings)}" + (f" (rejected: {reason})" if reason else ""),
    )  # fmt: skip
    status = "reverted" if reason else "kept"
    detail = {**best.detail, "candidates": len(candidates), "findings_after": sorted(after.codes())}
    add_step(
        session, run, status=status, reason=reason or "score rose and verification passed",
        score_after=after.score, version_after_id=version.id, verification=best.verification, detail=detail, **common,
    )  # fmt: skip
    outcome.steps.append(StepOutcome(step.step, step.tool, status, current.score, after.score, reason))
    if reason:
        return current
    after.understanding.version_id = version.id
    after.understanding.source = "optimize"
    diagnoser.corpus.update(product.sku, best.content)
    return after


def _rank(diagnosis: Diagnosis) -> tuple[float, float]:
    return diagnosis.score, diagnosis.scored.uncapped


def _refusal(current: Diagnosis, candidate: Candidate, after: Diagnosis) -> str:
    """Why the candidate may not be kept ("" when it may)."""
    if not candidate.verification.get("ok"):
        return "verification failed"
    before_errors = {f.key for f in current.findings if f.severity == "error"}
    new = sorted({f.key for f in after.findings if f.severity == "error"} - before_errors)
    if new:
        return f"new violation(s): {', '.join(new)}"
    if _rank(after) <= _rank(current):
        return f"score did not rise ({current.score} → {after.score})"
    return ""


# --- the job -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptimizeParams:
    scenario: str
    skus: tuple[str, ...] = ()
    theme: str | None = None
    backend: str = "template"
    planner: str = "deterministic"  # deterministic | llm (the backend's model proposes the order)
    queries: dict[str, list[str]] = field(default_factory=dict)  # search query log (optimize/queries.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "skus": sorted(self.skus), "theme": self.theme, "backend": self.backend,
            "planner": self.planner, "queries": self.queries,
        }  # fmt: skip


def create_optimize_job(session: Session, account: Account, params: OptimizeParams) -> Job:
    """A job with one item per product (the account's own products only), or the unfinished identical one."""
    if params.scenario not in SCENARIOS:
        raise UnknownScenarioError(params.scenario)
    if params.planner not in ("deterministic", "llm"):
        raise JobError(f"unknown planner {params.planner!r}; choose deterministic or llm")
    existing = unfinished_job(session, account, "optimize", params.to_dict())
    if existing is not None:
        return existing
    products = job_products(session, account, params.skus)
    job = Job(account_id=account.id, kind="optimize", params=params.to_dict(), status="pending", total=len(products))
    session.add(job)
    session.flush()
    for product in products:
        session.add(JobItem(job_id=job.id, sku=product.sku, kind=params.scenario))
    session.flush()
    return job


def run_optimize_job(db: Database, settings: Settings, job_id: int, progress: Progress | None = None) -> None:
    """Optimise every pending product of the job, one at a time, each in its own transaction (resumable)."""
    with db.session() as session:
        job, account = start_job(session, job_id)
        params = dict(job.params)
        items = [(item.id, item.sku) for item in job.items if item.status != "done"]
        toolkit = build_toolkit(settings, account, backend=params.get("backend"))
        # Once per job, not per product: both hold plain values, so they outlive this session.
        corpus = DuplicateCorpus.build(session, account)
        competitors = CompetitorIndex.build(session, account, toolkit.analyzer.without_ocr())
    model = toolkit.line.writer if params.get("planner") == "llm" else None
    with interruptible(db, job_id):
        for item_id, sku in items:
            _run_item(db, job_id, item_id, sku, params, toolkit, model, corpus, competitors)
            report_progress(db, job_id, progress)
    finish_job(db, job_id)


def _run_item(
    db: Database,
    job_id: int,
    item_id: int,
    sku: str,
    params: dict[str, Any],
    toolkit: Toolkit,
    model: TextModel | None,
    corpus: DuplicateCorpus,
    competitors: CompetitorIndex,
) -> None:
    before = corpus.snapshot(sku)
    try:
        with db.session() as session:
            job = session.get(Job, job_id)
            account = session.get(Account, job.account_id) if job else None
            product = get_product(session, account, sku) if account else None
            if account is None or product is None:
                raise LookupError(f"sku {sku!r} no longer exists")
            optimize_product(
                session, account, product, params["scenario"], toolkit, theme=params.get("theme"),
                planner_model=model, queries=params.get("queries") or None, job_id=job_id, corpus=corpus,
                competitors=competitors,
            )  # fmt: skip
            mark_item_done(session, job_id, item_id)
    except Exception as exc:  # one product's failure never stops the batch; the reason is stored on its item
        log.warning("optimize job %s item %s failed: %s", job_id, sku, exc)
        corpus.restore(sku, before)  # its transaction rolled back: the kept change is not in the store either
        mark_item_failed(db, job_id, item_id, exc)
