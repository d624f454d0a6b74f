"""Jobs: the list, one job's live progress (HTMX polling), per-item failures with reasons, retry."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from shopforge.api.deps import RunnerDep, SessionDep
from shopforge.jobs.generate import get_job, retry_failed
from shopforge.store.models import Account, Job
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount, CsrfAccount
from shopforge.web.errors import ConsoleError, not_found
from shopforge.web.render import CONSOLE_PREFIX, redirect, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

UNFINISHED = ("pending", "running")


@router.get("/jobs")
def jobs(request: Request, db: SessionDep, account: ConsoleAccount, page: str = "1") -> Response:
    context = {"found": queries.jobs_page(db, account, queries.page_number(page)), "nav": "jobs"}
    return render(request, "jobs.html", context, account=account)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: int, db: SessionDep, account: ConsoleAccount, runner: RunnerDep) -> Response:
    job = _job_or_404(db, account, job_id)
    return render(request, "job.html", _progress(db, job, runner) | {"nav": "jobs"}, account=account)


@router.get("/jobs/{job_id}/progress")
def job_progress(
    request: Request, job_id: int, db: SessionDep, account: ConsoleAccount, runner: RunnerDep
) -> Response:
    """The progress fragment the job page polls while the job runs; it stops polling once the job ended."""
    job = _job_or_404(db, account, job_id)
    return render(request, "_job_progress.html", _progress(db, job, runner), account=account)


@router.post("/jobs/{job_id}/retry")
def retry(request: Request, job_id: int, db: SessionDep, account: CsrfAccount, runner: RunnerDep) -> Response:
    job = _job_or_404(db, account, job_id)
    if runner.is_active(job.id):
        raise ConsoleError(409, "jobs.still_running")
    if job.failed or job.status not in ("done",):
        retry_failed(db, account, job.id)
        db.commit()  # stored before the runner's thread reads it
        runner.submit(job.id)
    return redirect(request, f"{CONSOLE_PREFIX}/jobs/{job.id}")


def _job_or_404(db: Session, account: Account, job_id: int) -> Job:
    job = get_job(db, account, job_id)
    if job is None:
        raise not_found(f"job {job_id}")
    return job


def _progress(db: Session, job: Job, runner: RunnerDep) -> dict[str, object]:
    # "pending" with nothing running in this process means an interrupted job: it is not live, it can resume.
    active = runner.is_active(job.id)
    if not active and job.status in UNFINISHED:
        # the runner may have finished since this request read the row: end the read snapshot and read it again,
        # or a job that just ended shows "running" with no more polling (seen on a loaded machine)
        db.rollback()
        db.refresh(job)
    live = job.status in UNFINISHED and active
    return {
        "job": job,
        "live": live,
        "failures": queries.failed_items(db, job) if job.failed else [],
        "percent": round(100 * (job.done + job.failed) / job.total) if job.total else 100,
    }
