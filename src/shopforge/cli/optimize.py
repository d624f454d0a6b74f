"""``shopforge optimize``: score live content per scenario, diagnose, plan and apply fixes.

- ``diagnose --account A --scenario S [--sku …] --json``: one JSON line per SKU, ``{sku, scenario, score,
  criteria: [{id, score, weight}], findings: [{code, severity, message, evidence}], plan: [{step, tool,
  expected_gain}]}`` (``--detail`` adds the understanding, explanations and the plan's findings).
- ``run --account A --scenario S [--sku …]``: applies the plan as a resumable job, re-scores, prints before/after.
- ``report --account A [--html OUT]``: the optimisation report (JSON on stdout; HTML with inline SVG charts).
- ``traces`` and ``versions``: what the agent did, and every content version of a product.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from shopforge.cli.context import AppContext, err_console, fail, get_context

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
    for error in log.errors:
        err_console.print(f"{path}: {error}", highlight=False, markup=False)
    return log.queries


def _emit(line: dict[str, Any]) -> None:
    print(json.dumps(line, ensure_ascii=False, default=str), flush=True)


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
    with context.db.session() as session:
        acct, products = _account_products(context, session, account, _skus(sku, more_skus))
        _check_scenario(scenario, theme)
        describer = OpenAIImageDescriber.from_settings(context.settings) if describe else None
        analyzer = ImageAnalyzer(acct.platform, segmenter=default_segmenter(context.settings), describer=describer)
        diagnoser = Diagnoser(session, acct, context.settings, analyzer=analyzer, queries=_queries(queries))
        table = Table("sku", "score", "findings", "plan")
        for product in products:
            try:
                result = diagnoser.diagnose(product, scenario, theme=theme)
            except Exception as exc:  # one product's failure is reported on its own line; the batch goes on
                _emit({"sku": product.sku, "scenario": scenario, "error": f"{type(exc).__name__}: {exc}"})
                continue
            if as_json:
                _emit(result.to_dict() if detail else result.to_public())
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
    from shopforge.store.accounts import AccountError, get_account

    context = get_context(ctx)
    _check_scenario(scenario, theme)
    params = OptimizeParams(
        scenario, tuple(_skus(sku, more_skus)), theme, backend or context.settings.default_backend, planner,
        _queries(queries),
    )  # fmt: skip
    try:
        with context.db.session() as session:
            job_id = create_optimize_job(session, get_account(session, account), params).id
    except (AccountError, JobError, ValueError) as exc:
        fail(str(exc))
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
            _emit(trace.to_dict())
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
    from shopforge.store.accounts import AccountError, get_account

    context = get_context(ctx)
    try:
        with context.db.session() as session:
            result = build_report(session, get_account(session, account), scenario=scenario)
    except AccountError as exc:
        fail(str(exc))
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(render_html(result), encoding="utf-8")
        err_console.print(f"wrote {html}", highlight=False, markup=False)
    _emit(result)


@app.command("traces")
def traces(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str | None = typer.Option(None, "--sku"),
) -> None:
    """Every optimisation run of the account (or one SKU) with its steps, one JSON line per run."""
    from shopforge.optimize.traces import list_traces
    from shopforge.store.accounts import AccountError, get_account

    context = get_context(ctx)
    try:
        with context.db.session() as session:
            for trace in list_traces(session, get_account(session, account), sku):
                _emit(trace.to_dict())
    except AccountError as exc:
        fail(str(exc))


@app.command("versions")
def versions(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str = typer.Option(..., "--sku"),
) -> None:
    """Every content version of a product, oldest first (accepted or not), one JSON line each."""
    from shopforge.store.accounts import AccountError, get_account
    from shopforge.store.products import get_product
    from shopforge.store.versions import as_content, list_versions

    context = get_context(ctx)
    try:
        with context.db.session() as session:
            acct = get_account(session, account)
            product = get_product(session, acct, sku)
            if product is None:
                fail(f"no product {sku!r} in account {account!r}")
            for v in list_versions(session, acct, product):
                meta = {"id": v.id, "number": v.number, "source": v.source, "accepted": v.accepted, "note": v.note}
                _emit({**meta, "parent_id": v.parent_id, "content": as_content(v).to_dict()})
    except AccountError as exc:
        fail(str(exc))


def _check_scenario(scenario: str, theme: str | None) -> None:
    from shopforge.optimize.scenarios import SCENARIOS, load_scenario

    if scenario not in SCENARIOS:
        fail(f"unknown scenario {scenario!r}; choose one of: {', '.join(SCENARIOS)}")
    themes = load_scenario(scenario).themes
    if theme is not None and theme not in themes:
        known = ", ".join(themes) or "none (only the channel scenario has themes)"
        fail(f"unknown theme {theme!r} for {scenario}; known: {known}")


def _account_products(context: AppContext, session: Any, account: str, skus: list[str]) -> tuple[Any, list[Any]]:
    from shopforge.store.accounts import AccountError, get_account
    from shopforge.store.products import list_products

    try:
        acct = get_account(session, account)
    except AccountError as exc:
        fail(str(exc))
    products = list_products(session, acct, skus or None)
    missing = sorted(set(skus) - {p.sku for p in products})
    for sku in missing:
        err_console.print(f"no product {sku!r} in account {account!r}", highlight=False, markup=False)
    if not products:
        fail(f"account {account!r} has no matching products")
    return acct, products
