"""``shopforge optimize``: score live content per scenario, diagnose, plan and apply fixes.

- ``diagnose --account A --scenario S [--sku …] --json``: one JSON line per SKU, ``{sku, scenario, score,
  criteria: [{id, score, weight}], findings: [{code, severity, message, evidence}], plan: [{step, tool,
  expected_gain}]}`` (``--detail`` adds the understanding, explanations and the plan's findings).
- ``run --account A --scenario S [--sku …]``: applies the plan as a resumable job, re-scores, prints before/after.
- ``report --account A [--html OUT]``: the optimisation report (JSON on stdout; HTML with inline SVG charts).
- ``traces`` and ``versions``: what the agent did, and every content version of a product.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from shopforge.cli.context import (
    AppContext,
    account_session,
    emit_json,
    fail,
    get_context,
    print_errors,
    require_product,
    write_html,
)
from shopforge.store.models import Account, Product

app = typer.Typer(no_args_is_help=True, add_completion=False)
console = Console()
SCENARIO_HELP = "search | recommend | channel"


def _skus(values: list[str], more: list[str] | None) -> list[str]:
    return list(dict.fromkeys(s for value in [*values, *(more or [])] for s in value.split(",") if s.strip()))


def _queries(path: Path | None) -> dict[str, list[str]]:
    if path is None:
        return {}
    from shopforge.optimize.queries import read_queries

    log = read_queries(path)
    print_errors(log.errors, prefix=f"{path}: ")
    return log.queries


@app.command("diagnose")
def diagnose(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    scenario: str = typer.Option(..., "--scenario", help=SCENARIO_HELP),
    sku: list[str] = typer.Option([], "--sku", help="Only these SKUs (repeat, or list them after the option)"),
    theme: str | None = typer.Option(None, "--theme", help="channel theme: promotion | new_arrival"),
    queries: Path | None = typer.Option(None, "--queries", exists=True, dir_okay=False, help="search query log"),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per SKU"),
    detail: bool = typer.Option(False, "--detail", help="With --json: add the understanding and explanations"),
    describe: bool = typer.Option(
        False, "--describe-images", help="Describe main images with the vision model at SHOPFORGE_OPENAI_BASE_URL"
    ),
    more_skus: list[str] = typer.Argument(None, hidden=True),
) -> None:
    """Score each product's current content for a scenario: criteria, findings and the plan that would fix them."""
    from shopforge.optimize.diagnose import Diagnoser
    from shopforge.optimize.run import default_segmenter
    from shopforge.optimize.understand_image import ImageAnalyzer
    from shopforge.optimize.vision import OpenAIImageDescriber

    context = get_context(ctx)
    with account_session(context, account) as (session, acct):
        products = _products(session, acct, _skus(sku, more_skus))
        _check_scenario(scenario, theme)
        describer = OpenAIImageDescriber.from_settings(context.settings) if describe else None
        analyzer = ImageAnalyzer(acct.platform, segmenter=default_segmenter(context.settings), describer=describer)
        diagnoser = Diagnoser(session, acct, context.settings, analyzer=analyzer, queries=_queries(queries))
        table = Table("sku", "score", "findings", "plan")
        for product in products:
            try:
                result = diagnoser.diagnose(product, scenario, theme=theme)
            except Exception as exc:  # one product's failure is reported on its own line; the batch goes on
                emit_json({"sku": product.sku, "scenario": scenario, "error": f"{type(exc).__name__}: {exc}"})
                continue
            if as_json:
                emit_json(result.to_dict() if detail else result.to_public())
            else:
                codes = ", ".join(f.code for f in result.findings) or "-"
                table.add_row(product.sku, f"{result.score:.1f}", codes, " → ".join(s.tool for s in result.plan) or "-")
        if not as_json:
            console.print(table)


@app.command("run")
def run(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    scenario: str = typer.Option(..., "--scenario", help=SCENARIO_HELP),
    sku: list[str] = typer.Option([], "--sku"),
    theme: str | None = typer.Option(None, "--theme", help="channel theme: promotion | new_arrival"),
    backend: str = typer.Option("", "--backend", help="text back end for rewrites (default: settings)"),
    planner: str = typer.Option("deterministic", "--planner", help="deterministic | llm (the model orders the plan)"),
    queries: Path | None = typer.Option(None, "--queries", exists=True, dir_okay=False, help="search query log"),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per SKU with every step"),
    more_skus: list[str] = typer.Argument(None, hidden=True),
) -> None:
    """Apply the plan as a resumable job: each change is kept only if it passes verification and raises the score."""
    from shopforge.jobs.generate import JobError
    from shopforge.optimize.run import OptimizeParams, create_optimize_job

    context = get_context(ctx)
    _check_scenario(scenario, theme)
    params = OptimizeParams(
        scenario, tuple(_skus(sku, more_skus)), theme, backend or context.settings.default_backend, planner,
        _queries(queries),
    )  # fmt: skip
    with account_session(context, account, JobError, ValueError) as (session, acct):
        job_id = create_optimize_job(session, acct, params).id
    from shopforge.cli.jobs import run_with_progress

    run_with_progress(context, job_id)
    print_outcomes(context, account, job_id, as_json)


def print_outcomes(context: AppContext, account: str, job_id: int, as_json: bool) -> None:
    from shopforge.optimize.traces import list_traces
    from shopforge.store.accounts import get_account

    with context.db.session() as session:
        traces = [t for t in list_traces(session, get_account(session, account)) if t.job_id == job_id]
    table = Table("sku", "before", "after", "kept", "reverted / failed", "asked")
    for trace in traces:
        if as_json:
            emit_json(trace.to_dict())
            continue
        kept = [s.tool for s in trace.steps if s.status == "kept"]
        other = [f"{s.tool} ({s.status}: {s.reason[:60]})" for s in trace.steps if s.status in ("reverted", "failed")]
        asked = [s.reason for s in trace.steps if s.status == "asked"]
        after = f"{trace.score_after:.1f}" if trace.score_after is not None else "-"
        table.add_row(trace.sku, f"{trace.score_before:.1f}", after, ", ".join(kept), "; ".join(other), " ".join(asked))
    if not as_json:
        console.print(table)


@app.command("report")
def report(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    html: Path | None = typer.Option(None, "--html", dir_okay=False, help="Also write the HTML report here"),
    scenario: str | None = typer.Option(None, "--scenario", help="Only runs of this scenario"),
) -> None:
    """The optimisation report: scores before/after, kept and reverted steps, top findings (JSON on stdout)."""
    from shopforge.optimize.report import build_report, render_html

    context = get_context(ctx)
    with account_session(context, account) as (session, acct):
        result = build_report(session, acct, scenario=scenario)
    if html is not None:
        write_html(html, render_html(result))
    emit_json(result)


@app.command("traces")
def traces(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str | None = typer.Option(None, "--sku"),
) -> None:
    """Every optimisation run of the account (or one SKU) with its steps, one JSON line per run."""
    from shopforge.optimize.traces import list_traces

    context = get_context(ctx)
    with account_session(context, account) as (session, acct):
        for trace in list_traces(session, acct, sku):
            emit_json(trace.to_dict())


@app.command("versions")
def versions(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str = typer.Option(..., "--sku"),
) -> None:
    """Every content version of a product, oldest first (accepted or not), one JSON line each."""
    from shopforge.store.versions import as_content, list_versions

    context = get_context(ctx)
    with account_session(context, account) as (session, acct):
        product = require_product(session, acct, sku)
        for v in list_versions(session, acct, product):
            meta = {"id": v.id, "number": v.number, "source": v.source, "accepted": v.accepted, "note": v.note}
            emit_json({**meta, "parent_id": v.parent_id, "content": as_content(v).to_dict()})


def _check_scenario(scenario: str, theme: str | None) -> None:
    from shopforge.optimize.scenarios import SCENARIOS, load_scenario

    if scenario not in SCENARIOS:
        fail(f"unknown scenario {scenario!r}; choose one of: {', '.join(SCENARIOS)}")
    themes = load_scenario(scenario).themes
    if theme is not None and theme not in themes:
        known = ", ".join(themes) or "none (only the channel scenario has themes)"
        fail(f"unknown theme {theme!r} for {scenario}; known: {known}")


def _products(session: Session, account: Account, skus: list[str]) -> list[Product]:
    """The account's products with these SKUs (all when none given); unknown SKUs are named on stderr."""
    from shopforge.store.products import list_products

    products = list_products(session, account, skus or None)
    missing = sorted(set(skus) - {p.sku for p in products})
    print_errors(f"no product {sku!r} in account {account.name!r}" for sku in missing)
    if not products:
        fail(f"account {account.name!r} has no matching products")
    return products
