"""The text production line: plan → write → verify → repair → fallback.

``ProductionLine.produce`` is the one entry point the jobs, the API and the eval command use. Titles, selling
points and descriptions are overgenerated from the plan's licensed phrases and ranked (``compose``): a writer
that can score text (the embedded model) ranks them by its own likelihood; a writer that writes freely (an
OpenAI-compatible model) writes first, and the composer is its fallback. A draft that fails verification is never
returned as publishable: after bounded repair the composer (or, for posts and scripts, the template) takes over,
and if even that fails the result says so (``report.ok`` is False) and is stored blocked.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from shopforge.copywriting.compose import COMPOSED_KINDS, build_inventory, compose, rank
from shopforge.copywriting.formats import Draft, DraftFormatError, anchor_title, assemble, parse_draft
from shopforge.copywriting.plan import AccountProfile, ContentPlan, PlanError, ProductInput, plan_content
from shopforge.copywriting.prompts import PROMPT_VERSION, build_request
from shopforge.copywriting.repair import repair_draft
from shopforge.copywriting.template import TemplateModel, realise
from shopforge.copywriting.verify import ProductFacts, VerificationReport, Verifier
from shopforge.knowledge.exemplars import ExemplarIndex
from shopforge.models.base import ModelError, Scorer, TextModel

RECENT_PER_KIND = 200  # the shop's latest copies of a kind that new copy is kept apart from
EXACT_COPY = 0.99  # 3-gram Jaccard at which a candidate is the shop's existing copy again
COMPOSE_ROUNDS = 3  # compose, then twice more without what the verifier refused (a second refusal is common)


@dataclass
class LineResult:
    text: str
    report: VerificationReport
    backend: str
    model: str
    fallback: bool
    attempts: list[dict[str, Any]] = field(default_factory=list)
    plan: ContentPlan | None = None
    seconds: float = 0.0

    @property
    def accepted_from_writer(self) -> bool:
        """True when the writer's own (possibly repaired) draft was published, not the template fallback."""
        return self.report.ok and not self.fallback

    def provenance(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "facts_used": plan.facts_used() if plan else [],
            "backend": self.backend,
            "model": self.model,
            "prompt_version": PROMPT_VERSION,
            "attempts": self.attempts,
            "fallback": self.fallback,
            "seed": plan.seed if plan else None,
            "seconds": round(self.seconds, 4),
            "claims": self.report.claims,  # what licensed each phrase: [{"span", "licence", "source"}]
        }


class ProductionLine:
    def __init__(
        self,
        writer: TextModel,
        verifier: Verifier,
        exemplars: ExemplarIndex | None = None,
        *,
        max_repair_attempts: int = 2,
    ) -> None:
        self.writer = writer
        self.verifier = verifier
        self.exemplars = exemplars
        self.max_repair_attempts = max_repair_attempts
        self._template = TemplateModel()
        self._recent: dict[tuple[str, str], deque[str]] = {}

    def produce(self, product: ProductInput, account: AccountProfile, kind: str, *, variant: int = 0) -> LineResult:
        started = time.perf_counter()
        plan = plan_content(product, account, kind)
        if variant:
            plan.seed += variant  # a regeneration (e.g. after a near-duplicate) draws other wording
        facts = ProductFacts.build(product.facts, product.brand)
        scorer = self.writer if isinstance(self.writer, Scorer) else None
        composes = plan.kind in COMPOSED_KINDS and (scorer is not None or self.writer.backend == "template")
        attempts: list[dict[str, Any]] = []
        if composes:
            result = self._compose_and_rank(plan, facts, scorer, variant)
        else:
            result, attempts = self._write_and_verify(plan, facts)
        if result is None:
            result = self._fallback(plan, facts, attempts, variant, composed=composes)
        if result.report.ok:
            self._remember(account, plan.kind, result.text)
        result.plan = plan
        result.seconds = time.perf_counter() - started
        return result

    def prefix_key(self, product: ProductInput, account: AccountProfile, kind: str) -> tuple[str, ...]:
        """Which few-shot exemplars this item's prompt starts with: a batch sorted by it lets llama.cpp reuse
        the cached prefix from one prompt to the next."""
        try:
            plan = plan_content(product, account, kind)
        except PlanError:
            return (kind,)
        examples = self.exemplars.nearest(plan.lang, kind, plan.category.text) if self.exemplars else []
        return (kind, *[e.id for e in examples])

    def _write_and_verify(
        self, plan: ContentPlan, facts: ProductFacts
    ) -> tuple[LineResult | None, list[dict[str, Any]]]:
        if self.writer.backend == "template":
            return None, []  # the template is the fallback itself; no point in running it twice
        examples = self.exemplars.nearest(plan.lang, plan.kind, plan.category.text) if self.exemplars else []
        attempts: list[dict[str, Any]] = []
        avoid = None
        for number in range(1 + self.max_repair_attempts):
            request = build_request(plan, examples, avoid=avoid, temperature=0.7 if number == 0 else 0.9)
            request.seed = plan.seed + number
            try:
                completion = self.writer.complete(request)
                draft = parse_draft(plan.kind, completion.text)
                if plan.kind == "title":
                    draft = anchor_title(draft, plan)
            except (ModelError, DraftFormatError) as exc:
                attempts.append({"attempt": number + 1, "error": str(exc)})
                continue
            text, report, repaired = self._verify_with_repair(plan, draft, facts)
            attempts.append(_attempt_log(number + 1, completion.text, report, repaired))
            if report.ok:
                return LineResult(text, report, self.writer.backend, completion.model, False, attempts), attempts
            avoid = report.errors
        return None, attempts

    def _verify_with_repair(
        self, plan: ContentPlan, draft: Draft, facts: ProductFacts
    ) -> tuple[str, VerificationReport, bool]:
        text = assemble(plan.kind, plan.lang, draft)
        report = self.verifier.check(text, plan.kind, facts)
        repaired = False
        current: Draft | None = draft
        while not report.ok and current is not None:
            current = repair_draft(plan.kind, plan.lang, current, report.errors, _anchors(plan))
            if current is None:
                break
            text = assemble(plan.kind, plan.lang, current)
            report = self.verifier.check(text, plan.kind, facts)
            repaired = True
        return text, report, repaired

    def _compose_and_rank(
        self, plan: ContentPlan, facts: ProductFacts, scorer: Scorer | None, variant: int = 0
    ) -> LineResult | None:
        """The best verified candidate composed from the plan, or None when none verifies."""
        inventory = build_inventory(plan)
        attempts: list[dict[str, Any]] = []
        for round_ in range(COMPOSE_ROUNDS):  # later rounds compose again without the phrases the verifier refused
            repaired = round_ > 0
            candidates = compose(plan, inventory)
            if not candidates:
                return None
            others = list(self._recent.get((plan.account, plan.kind), ()))
            ranked = rank(plan, inventory, candidates, scorer=scorer, others=others)
            shift = variant % len(ranked)  # a regeneration (near-duplicate) starts further down the ranking,
            order = ranked[shift:] + ranked[:shift]  # and copy the shop already has comes last in any case
            order.sort(key=lambda item: item.signals["similarity"] >= EXACT_COPY)
            refused: set[str] = set()
            for item in order:
                report = self.verifier.check(item.text, plan.kind, facts)
                attempts.append({**_attempt_log(len(attempts) + 1, item.text, report, repaired), "rank": item.signals})
                if report.ok:
                    backend, model = (self.writer.backend, self.writer.model_id) if scorer else ("template", _COMPOSER)
                    return LineResult(item.text, report, backend, model, False, attempts)
                refused |= {v.span for v in report.errors if v.span}
            if not refused:
                break
            inventory = inventory.without(refused)
        return None

    def _remember(self, account: AccountProfile, kind: str, text: str) -> None:
        self._recent.setdefault((account.name, kind), deque(maxlen=RECENT_PER_KIND)).append(text)

    def _fallback(
        self, plan: ContentPlan, facts: ProductFacts, attempts: list[dict[str, Any]], variant: int, *, composed: bool
    ) -> LineResult:
        fallback = self.writer.backend != "template"
        if plan.kind in COMPOSED_KINDS and not composed:
            result = self._compose_and_rank(plan, facts, None, variant)
            if result is not None:
                result.attempts = attempts + result.attempts
                result.fallback = fallback
                return result
        text, report, repaired = self._verify_with_repair(plan, realise(plan), facts)
        attempts.append(_attempt_log(len(attempts) + 1, "(template)", report, repaired))
        return LineResult(text, report, "template", self._template.model_id, fallback, attempts)


_COMPOSER = "shopforge-composer-v1"


def _anchors(plan: ContentPlan) -> frozenset[str]:
    return frozenset([plan.category.text, *([plan.brand.text] if plan.brand else [])])


def _attempt_log(number: int, raw: str, report: VerificationReport, repaired: bool) -> dict[str, Any]:
    return {
        "attempt": number,
        "raw": raw[:500],
        "ok": report.ok,
        "repaired": repaired,
        "violations": [v.to_public() for v in report.errors][:10],
    }
