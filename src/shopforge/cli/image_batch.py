"""``shopforge image batch``: creative outputs for an account's catalogue as a resumable job with a progress bar.

Every output is stored as an asset linked to its product and account, with its provenance and check result; a
product whose photo cannot be used fails its items with the reason and the batch goes on. ``shopforge jobs
list / resume / retry`` work on these jobs as on generation jobs.
"""

from __future__ import annotations

import typer

from shopforge.cli.context import fail, get_context
from shopforge.cli.jobs import console, run_with_progress
from shopforge.jobs.creative import CreativeParams, asset_folder, create_creative_job
from shopforge.jobs.creative_outputs import CREATIVE_KINDS
from shopforge.jobs.generate import JobError
from shopforge.store.accounts import AccountError, get_account

DEFAULT_KINDS = [kind for kind in CREATIVE_KINDS if kind != "video"]  # videos cost seconds each: asked for by name
KINDS_HELP = f"Repeat for several: {' | '.join(CREATIVE_KINDS)} (default: all but video)"


def batch(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    kind: list[str] = typer.Option(DEFAULT_KINDS, "--kind", help=KINDS_HELP),
    sku: list[str] = typer.Option([], "--sku", help="Only these SKUs (repeat, or comma-separate)"),
    backend: str = typer.Option("", "--backend", help="Segmenter: u2net | u2netp | opencv | onnx (default: settings)"),
    style: str = typer.Option("studio", "--style", help="Scene style (see `shopforge image scene --help`)"),
    size: str = typer.Option("", "--size", help="Poster size (default: the account platform's)"),
    readback: bool = typer.Option(True, "--readback/--no-readback", help="OCR every poster back into its check"),
) -> None:
    """Render cut-outs, main images, scenes, posters and detail pages for the catalogue; resumable."""
    context = get_context(ctx)
    skus = tuple(dict.fromkeys(s.strip() for value in sku for s in value.split(",") if s.strip()))
    params = CreativeParams(
        tuple(dict.fromkeys(kind)), skus, backend or context.settings.segmenter, style, size, readback
    )
    try:
        with context.db.session() as session:
            job = create_creative_job(session, get_account(session, account), params)
            job_id, folder = job.id, asset_folder(context.settings, account, job.id)
    except (AccountError, JobError) as exc:
        fail(str(exc))
    run_with_progress(context, job_id)
    console.print(f"outputs: {folder}", highlight=False, markup=False, soft_wrap=True)
