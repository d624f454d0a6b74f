"""The REST API application: ``create_app(settings)`` builds one; nothing is created at import time.

Generation jobs started through the API run in one background thread owned by the app (the same
``run_job`` the CLI calls, so a job started here can be resumed by ``shopforge jobs resume`` and vice versa).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI

from shopforge.api.routes import accounts, check, contents, jobs, products
from shopforge.jobs.runner import run_job
from shopforge.settings import Settings
from shopforge.store.db import Database, open_database
from shopforge.store.models import Job
from shopforge.web import mount_console

log = logging.getLogger(__name__)

RunJob = Callable[[Database, Settings, int], None]


class JobRunner:
    """Runs generation jobs one at a time in a background thread; a job is never queued twice."""

    def __init__(self, db: Database, settings: Settings, run: RunJob = run_job) -> None:
        self._db = db
        self._settings = settings
        self._run_job = run
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._active: set[int] = set()

    def submit(self, job_id: int) -> bool:
        with self._lock:
            if job_id in self._active:
                return False
            if self._executor is None:  # created lazily so that the app survives a lifespan restart
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shopforge-job")
            self._active.add(job_id)
            self._executor.submit(self._run, job_id)
            return True

    def is_active(self, job_id: int) -> bool:
        with self._lock:
            return job_id in self._active

    def shutdown(self) -> None:
        """Wait for the running job; queued ones are cancelled (they stay pending and can be resumed)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            self._active.clear()

    def _run(self, job_id: int) -> None:
        try:
            self._run_job(self._db, self._settings, job_id)
        except Exception as exc:  # e.g. the backend could not be built: the job must not stay "running"
            log.exception("job %s failed", job_id)
            self._mark_failed(job_id, f"{type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._active.discard(job_id)

    def _mark_failed(self, job_id: int, error: str) -> None:
        try:
            with self._db.session() as session:
                job = session.get(Job, job_id)
                if job is not None:
                    job.status, job.error, job.finished_at = "failed", error, datetime.now(UTC)
        except Exception:
            log.exception("could not record the failure of job %s", job_id)


def create_app(settings: Settings, *, database: Database | None = None) -> FastAPI:
    """The API over ``database`` (or the settings' database, opened and migrated here and closed on exit)."""
    owns_database = database is None
    db = database if database is not None else open_database(settings.resolved_database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await asyncio.to_thread(app.state.runner.shutdown)
            if owns_database:
                db.dispose()

    app = FastAPI(
        title="ShopForge",
        summary="Grounded, compliant product copy for e-commerce merchants.",
        version=_version(),
        docs_url="/docs",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.runner = JobRunner(db, settings)
    for module in (accounts, products, jobs, contents, check):
        app.include_router(module.router)
    mount_console(app, settings)  # the merchant web console under /console, over the same services
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("shopforge")
    except PackageNotFoundError:
        return "0.0.0"
