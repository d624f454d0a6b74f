"""``shopforge eval``: run the line over a product set and measure what matters.

Measures published copy (ungrounded claims, rule violations), the verifier itself (catch rate on injected
faults, alarms on real unmodified titles), the writer (LLM draft acceptance without fallback), diversity
(distinct-2, near-duplicate rate) and cost (mean length, seconds per item).
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shopforge.catalog.importer import facts_for_record
from shopforge.copywriting.homogeneity import distinct_n, near_duplicate_rate
from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.plan import AccountProfile, PlanError, ProductInput
from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.evaluation.datasets import EvalProduct
from shopforge.evaluation.faults import inject
from shopforge.models.base import Embedder

FAULTS = ("number", "unit", "colour", "material", "brand", "absolute_term", "forbidden_char", "over_length")


@dataclass
class EvalReport:
    platform: str
    lang: str
    backend: str
    kinds: list[str]
    items: int = 0
    metrics: dict[str, float] = field(default_factory=dict)
    per_fault: dict[str, dict[str, int]] = field(default_factory=dict)
    per_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    alarms: list[dict[str, Any]] = field(default_factory=list)  # real titles the verifier flagged, for reading

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "lang": self.lang,
            "backend": self.backend,
            "kinds": self.kinds,
            "items": self.items,
            "metrics": self.metrics,
            "per_fault": self.per_fault,
            "per_kind": self.per_kind,
            "alarms": self.alarms[:50],
        }


def evaluate_line(
    products: list[EvalProduct],
    line: ProductionLine,
    account: AccountProfile,
    kinds: list[str],
    embedder: Embedder,
    *,
    progress: Callable[[int], None] | None = None,
    seed: int = 7,
) -> EvalReport:
    report = EvalReport(account.platform, account.lang, line.writer.backend, kinds)
    prepared = [(p, _input(p), ProductFacts.build(facts_for_record(p.record), p.record.brand)) for p in products]
    tally = _Tally(kinds)
    for _product, source, facts in prepared:
        for kind in kinds:
            tally.add(kind, line, source, account, facts)
            if progress:
                progress(1)
    report.items = tally.items
    texts = [t for kind in kinds for t in tally.published[kind]]
    n_published = max(1, len(texts))
    report.metrics.update(
        {
            "published_rate": len(texts) / max(1, tally.items),
            "ungrounded_claim_rate": tally.ungrounded / n_published,
            "rule_violation_rate": tally.violating / n_published,
            "llm_draft_acceptance": sum(tally.accepted.values()) / max(1, tally.items),
            "distinct_2": distinct_n(texts, 2),
            "near_duplicate_rate": statistics.mean(near_duplicate_rate(tally.published[k], embedder) for k in kinds)
            if texts
            else 0.0,
            "mean_length_chars": statistics.mean(len(t) for t in texts) if texts else 0.0,
            "seconds_per_item": statistics.mean(tally.seconds) if tally.seconds else 0.0,
        }
    )
    for kind in kinds:
        report.per_kind[kind] = {
            "published": len(tally.published[kind]),
            "llm_draft_acceptance": tally.accepted[kind] / max(1, len(prepared)),
            "distinct_2": distinct_n(tally.published[kind], 2),
        }
    _measure_verifier(report, prepared, tally.published.get("title") or [], line.verifier, random.Random(seed))
    return report


class _Tally:
    """What the eval counts while the line runs: published texts, acceptance, re-verification failures."""

    def __init__(self, kinds: list[str]) -> None:
        self.items = self.ungrounded = self.violating = 0
        self.published: dict[str, list[str]] = {kind: [] for kind in kinds}
        self.accepted: Counter[str] = Counter()
        self.seconds: list[float] = []
        self.failures: list[str] = []

    def add(
        self, kind: str, line: ProductionLine, source: ProductInput, account: AccountProfile, facts: ProductFacts
    ) -> None:
        self.items += 1
        try:
            result = line.produce(source, account, kind)
        except PlanError as exc:  # e.g. product data not in the account's language: counted, not published
            self.failures.append(str(exc))
            return
        self.seconds.append(result.seconds)
        self.accepted[kind] += int(result.accepted_from_writer)
        if result.report.ok:
            self.published[kind].append(result.text)
            recheck = line.verifier.check(result.text, kind, facts)
            self.ungrounded += int(any(v.rule.startswith("grounding.") for v in recheck.errors))
            self.violating += int(not recheck.ok)


def _input(product: EvalProduct) -> ProductInput:
    r = product.record
    return ProductInput(r.sku, r.title, r.brand, r.categories, facts_for_record(r))


def _measure_verifier(
    report: EvalReport,
    prepared: list[tuple[EvalProduct, ProductInput, ProductFacts]],
    titles: list[str],
    verifier: Verifier,
    rng: random.Random,
) -> None:
    """Catch rate on faults injected into published titles; alarms on the products' own real titles."""
    limit = _title_limit(verifier)
    counts: dict[str, Counter[str]] = {fault: Counter() for fault in FAULTS}
    started = time.perf_counter()
    checks = 0
    for (_product, source, facts), title in zip(prepared, titles, strict=False):
        for fault in FAULTS:
            broken = inject(title, source.facts, fault, rng, max_chars=limit)
            if broken is None or broken == title:
                continue
            counts[fault]["injected"] += 1
            counts[fault]["caught"] += int(not verifier.check(broken, "title", facts).ok)
            checks += 1
    real_alarms = grounding_alarms = 0
    for product, _source, facts in prepared:
        if product.reference is None or product.reference != product.record.title:
            continue  # only sets whose titles are real merchant titles
        verdict = verifier.check(product.record.title, "title", facts)
        checks += 1
        grounding_alarms += any(v.rule.startswith("grounding.") for v in verdict.errors)
        if not verdict.ok:
            real_alarms += 1
            report.alarms.append(
                {
                    "sku": product.record.sku,
                    "title": product.record.title,
                    "violations": [v.to_public() for v in verdict.errors],
                }
            )
    elapsed = time.perf_counter() - started
    injected = sum(c["injected"] for c in counts.values())
    report.per_fault = {fault: dict(c) for fault, c in counts.items()}
    real_titles = sum(1 for p, _, _ in prepared if p.reference == p.record.title)
    report.metrics.update(
        {
            "verifier_catch_rate": sum(c["caught"] for c in counts.values()) / max(1, injected),
            "faults_injected": float(injected),
            "real_title_alarm_rate": real_alarms / real_titles if real_titles else float("nan"),
            "real_title_grounding_alarm_rate": grounding_alarms / real_titles if real_titles else float("nan"),
            "verifier_copies_per_second": checks / elapsed if elapsed else 0.0,
        }
    )


def _title_limit(verifier: Verifier) -> int | None:
    """The tightest blocking title length of the account's packs (in its own unit; padding past it in
    characters also passes it in GBK bytes)."""
    limits = [
        int(rule.check.params.get("max", 0))
        for pack in verifier.packs
        for rule in pack.rules
        if "title" in rule.scope and rule.severity == "error" and rule.check.type == "max_length"
    ]
    return min((x for x in limits if x), default=None)
