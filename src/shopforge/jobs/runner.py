"""Runs jobs inline: a small worker pool in this process (the default engine).

``run_job`` dispatches on the job's kind to the module that knows how to run it (``generate`` here; other kinds
name their runner in ``JOB_RUNNERS``). At scale the same per-item function is what a Celery task would call; the
database is the source of truth for which items remain, so any engine can resume any job.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.orm import Session

from shopforge.copywriting.homogeneity import HomogeneityGuard
from shopforge.copywriting.line import LineResult, ProductionLine
from shopforge.copywriting.plan import AccountProfile, ProductInput
from shopforge.jobs.factory import account_profile, build_line, product_input, shared_embedder
from shopforge.jobs.generate import Progress
from shopforge.jobs.items import (
    finish_job,
    interruptible,
    mark_item_done,
    mark_item_failed,
    report_progress,
    start_job,
)
from shopforge.settings import Settings
from shopforge.store.contents import GeneratedCopy, list_contents, save_generated
from shopforge.store.db import Database
from shopforge.store.models import Account, Job
from shopforge.store.products import get_product, list_products

log = logging.getLogger(__name__)
MAX_REGENERATIONS = 2

JobFunction = Callable[[Database, Settings, int, "Progress | None"], None]
# job kind -> "module:function"; imported on first use so that the text line never loads the creative stack.
JOB_RUNNERS: dict[str, str] = {
    "generate": "shopforge.jobs.runner:run_generate_job",
    "creative": "shopforge.jobs.creative:run_creative_job",
    "optimize": "shopforge.optimize.run:run_optimize_job",
}


def run_job(db: Database, settings: Settings, job_id: int, progress: Progress | None = None) -> None:
    """Run every pending item of the job, whatever its kind; safe to call again after a crash (it resumes)."""
    with db.session() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise ValueError(f"no job {job_id}")
        kind = job.kind
    target = JOB_RUNNERS.get(kind)
    if target is None:
        raise ValueError(f"job {job_id} has unknown kind {kind!r}")
    module_name, function_name = target.split(":")
    function: JobFunction = getattr(importlib.import_module(module_name), function_name)
    function(db, settings, job_id, progress)


@dataclass
class _Context:
    db: Database
    job_id: int
    account_id: int
    line: ProductionLine
    guards: dict[str, HomogeneityGuard]
    lock: threading.Lock
    progress: Progress | None
    cancelled: threading.Event


def run_generate_job(db: Database, settings: Settings, job_id: int, progress: Progress | None = None) -> None:
    """Run every pending item of a generation job; safe to call again after a crash (it resumes)."""
    with db.session() as session:
        job, account = start_job(session, job_id)
        items = [(i.id, i.sku, i.kind) for i in job.items if i.status != "done"]
        line = build_line(settings, job.params["backend"], account.platform, account.lang)
        order = _prefix_order(session, account, line, account_profile(account), items)
        guards = _guards(session, account, job.params["kinds"], settings)
        total, done = job.total, job.done
    if progress:
        progress(done, total, 0)
    context = _Context(db, job_id, account.id, line, guards, threading.Lock(), progress, threading.Event())
    items.sort(key=lambda item: (order.get(item[0], ()), item[1]))  # shared few-shot prefixes run back to back
    with interruptible(db, job_id, context.cancelled), ThreadPoolExecutor(max(1, settings.workers)) as pool:
        list(pool.map(lambda item: _run_item(context, *item), items))
    finish_job(db, job_id)


def _guards(session: Session, account: Account, kinds: list[str], settings: Settings) -> dict[str, HomogeneityGuard]:
    guards = {}
    for kind in kinds:
        guard = HomogeneityGuard(shared_embedder(), cosine_threshold=settings.near_duplicate_threshold)
        for content in list_contents(session, account, kind=kind):
            guard.add(content.product.sku, content.text)
        guards[kind] = guard
    return guards


def _prefix_order(
    session: Session,
    account: Account,
    line: ProductionLine,
    profile: AccountProfile,
    items: list[tuple[int, str, str]],
) -> dict[int, tuple[str, ...]]:
    products = {p.sku: p for p in list_products(session, account, sorted({sku for _, sku, _ in items}))}
    return {
        item_id: line.prefix_key(product_input(products[sku]), profile, kind)
        for item_id, sku, kind in items
        if sku in products
    }


def _run_item(context: _Context, item_id: int, sku: str, kind: str) -> None:
    if context.cancelled.is_set():
        return
    try:
        with context.db.session() as session:
            account = session.get(Account, context.account_id)
            assert account is not None
            product = get_product(session, account, sku)
            if product is None:
                raise LookupError(f"sku {sku!r} no longer exists in account {account.name!r}")
            profile, source = account_profile(account), product_input(product)
        result = _produce_distinct(context, source, profile, kind)
        with context.db.session() as session:
            account = session.get(Account, context.account_id)
            product = get_product(session, account, sku) if account else None
            if account is None or product is None:
                raise LookupError(f"sku {sku!r} was deleted while it was being generated")
            copy = GeneratedCopy(kind, result.text, result.backend, result.provenance(), result.report.to_dict())
            content = save_generated(session, account, product, copy, job_id=context.job_id)
            mark_item_done(session, context.job_id, item_id, content_id=content.id)
    except Exception as exc:  # one item's failure never stops the batch
        log.warning("job %s item %s/%s failed: %s", context.job_id, sku, kind, exc)
        mark_item_failed(context.db, context.job_id, item_id, exc)
    report_progress(context.db, context.job_id, context.progress, context.cancelled)


def _produce_distinct(context: _Context, source: ProductInput, profile: AccountProfile, kind: str) -> LineResult:
    guard = context.guards[kind]
    result = context.line.produce(source, profile, kind)
    for variant in range(1, MAX_REGENERATIONS + 1):
        with context.lock:
            duplicate = guard.find(result.text, exclude=source.sku)
        if duplicate is None:
            break
        result.attempts.append({"near_duplicate_of": duplicate.other, "cosine": round(duplicate.cosine, 3)})
        retry = context.line.produce(source, profile, kind, variant=variant)
        retry.attempts = result.attempts + retry.attempts
        result = retry
    with context.lock:
        guard.add(source.sku, result.text)
    return result
