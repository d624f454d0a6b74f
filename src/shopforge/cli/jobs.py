"""``shopforge generate`` and ``shopforge jobs …``"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from shopforge.cli.context import AppContext, fail, get_context
from shopforge.copywriting.kinds import KINDS, UnknownKindError
from shopforge.jobs.generate import (
    GenerateParams,
    JobError,
    create_generate_job,
    get_job,
    list_jobs,
    retry_failed,
)
from shopforge.jobs.runner import run_job
from shopforge.models.registry import available_text_models
from shopforge.store.accounts import AccountError, get_account

app = typer.Typer(no_args_is_help=True)
console = Console()
KINDS_HELP = f"One or more of: {', '.join(KINDS)}"


def generate(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    kind: list[str] = typer.Option(..., "--kind", help=KINDS_HELP),
    backend: str = typer.Option("", "--backend", help="embedded | openai | template (default: settings)"),
    sku: list[str] = typer.Option(
        [], "--sku", help="Only these SKUs (repeat the option, or list them after it)"
    ),
    more_skus: list[str] = typer.Argument(None, hidden=True),
) -> None:
    """Generate copy for an account's products as a resumable job, with a progress bar."""
    context = get_context(ctx)
    backend = backend or context.settings.default_backend
    if backend not in available_text_models():
        fail(f"unknown backend {backend!r}; available: {', '.join(available_text_models())}")
    skus = tuple(dict.fromkeys([s for value in [*sku, *(more_skus or [])] for s in value.split(",") if s]))
    try:
        with context.db.session() as session:
            job = create_generate_job(
                session, get_account(session, account), GenerateParams(tuple(kind), backend, skus)
            )
            job_id = job.id
    except (AccountError, JobError, UnknownKindError) as exc:
        fail(str(exc))
    run_with_progress(context, job_id)


def run_with_progress(context: AppContext, job_id: int) -> None:
    columns = (
        TextColumn(f"job {job_id}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("generate", total=None, failed=0)

        def update(done: int, total: int, failed: int) -> None:
            bar.update(task, completed=done + failed, total=total, failed=failed)

        try:
            run_job(context.db, context.settings, job_id, progress=update)
        except JobError as exc:  # the job cannot run at all (e.g. a creative job's segmenter is missing)
            fail(str(exc))
    show_job(context, job_id)


def show_job(context: AppContext, job_id: int) -> None:
    with context.db.session() as session:
        from shopforge.store.models import Job

        job = session.get(Job, job_id)
        if job is None:
            fail(f"no job {job_id}")
        console.print(f"job {job.id}: {job.status}, {job.done}/{job.total} done, {job.failed} failed")
        for item in job.items:
            if item.status == "failed":
                console.print(f"  {item.sku} {item.kind}: {item.error}", highlight=False, markup=False)


@app.command("list")
def list_(ctx: typer.Context, account: str = typer.Option(..., "--account")) -> None:
    """List an account's jobs."""
    context = get_context(ctx)
    table = Table("id", "kind", "status", "done", "failed", "total", "params")
    with context.db.session() as session:
        for job in list_jobs(session, get_account(session, account)):
            table.add_row(
                str(job.id), job.kind, job.status, str(job.done), str(job.failed), str(job.total), str(job.params)
            )
    console.print(table)


@app.command("resume")
def resume(ctx: typer.Context, job_id: int, account: str = typer.Option(..., "--account")) -> None:
    """Run the items of a job that are not done yet (after a crash or an interruption)."""
    context = get_context(ctx)
    with context.db.session() as session:
        if get_job(session, get_account(session, account), job_id) is None:
            fail(f"no job {job_id} for account {account!r}")
    run_with_progress(context, job_id)


@app.command("retry")
def retry(ctx: typer.Context, job_id: int, account: str = typer.Option(..., "--account")) -> None:
    """Run a job's failed items again."""
    context = get_context(ctx)
    try:
        with context.db.session() as session:
            retry_failed(session, get_account(session, account), job_id)
    except (AccountError, JobError) as exc:
        fail(str(exc))
    run_with_progress(context, job_id)
