"""``/generate`` starts a generation job in the background; ``/jobs`` reports status and progress, retries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from shopforge.api.deps import AccountDep, RunnerDep, SessionDep, SettingsDep
from shopforge.api.schemas import GenerateRequest, JobPublic, error_responses
from shopforge.copywriting.kinds import UnknownKindError
from shopforge.jobs.generate import (
    GenerateParams,
    JobError,
    create_generate_job,
    get_job,
    list_jobs,
    retry_failed,
)
from shopforge.models.registry import available_text_models

router = APIRouter(tags=["jobs"])


@router.post(
    "/generate",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(401, 422),
)
def generate(
    body: GenerateRequest, session: SessionDep, account: AccountDep, settings: SettingsDep, runner: RunnerDep
) -> JobPublic:
    """Start generating copy for the caller's products (all, or ``skus``); poll ``GET /jobs/{id}``.

    Asking again with the same parameters while that job is unfinished returns (and resumes) the same job.
    """
    backend = body.backend or settings.default_backend
    backends = available_text_models()
    if backend not in backends:
        message = f"unknown backend {backend!r}; available: {', '.join(backends)}"
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, message)
    params = GenerateParams(tuple(dict.fromkeys(body.kinds)), backend, tuple(dict.fromkeys(body.skus)))
    try:
        job = create_generate_job(session, account, params)
    except (JobError, UnknownKindError) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    session.commit()  # the runner's thread reads the job from the database: it must be stored first
    public = JobPublic.from_model(job)
    runner.submit(job.id)
    return public


@router.get("/jobs", responses=error_responses(401))
def list_(
    session: SessionDep, account: AccountDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[JobPublic]:
    """The caller's jobs, newest first."""
    return [JobPublic.from_model(job) for job in list_jobs(session, account, limit=limit)]


@router.get("/jobs/{job_id}", responses=error_responses(401, 404))
def read(job_id: int, session: SessionDep, account: AccountDep) -> JobPublic:
    """A job's status and progress, with the SKU, kind and error of every failed item."""
    job = get_job(session, account, job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no job {job_id}")
    return JobPublic.from_model(job)


@router.post(
    "/jobs/{job_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(401, 404, 409),
)
def retry(job_id: int, session: SessionDep, account: AccountDep, runner: RunnerDep) -> JobPublic:
    """Run the job's failed (and any unfinished) items again in the background."""
    if get_job(session, account, job_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no job {job_id}")
    if runner.is_active(job_id):
        raise HTTPException(status.HTTP_409_CONFLICT, f"job {job_id} is running; retry it once it has ended")
    job = retry_failed(session, account, job_id)
    session.commit()
    public = JobPublic.from_model(job)
    runner.submit(job.id)
    return public
