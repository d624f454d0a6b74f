"""``shopforge logs``: import behaviour logs (impressions, clicks, orders) and report on content performance."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from sqlalchemy.exc import IntegrityError

from shopforge.cli.context import account_session, fail, get_context, print_errors, write_html
from shopforge.optimize.log_report import LogsReport, build_report, render_html, report_to_dict
from shopforge.optimize.logs import import_logs

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    account: str = typer.Option(..., "--account", help="Account name"),
) -> None:
    """Import rows: date, sku, content_id or variant, scenario, impressions, clicks, add_to_cart, orders
    (.csv or .jsonl). Bad rows go to stderr as 'line N: reason'. A row whose date, sku, variant and scenario are
    already stored replaces the stored counts, so re-importing a file never double-counts."""
    context = get_context(ctx)
    try:
        with account_session(context, account) as (session, shop):
            report = import_logs(session, shop, file)
    except IntegrityError:  # the unique key caught a concurrent import of the same rows; nothing was stored
        fail("another import stored some of these rows at the same time; nothing was imported, run it again")
    print_errors(report.errors)
    typer.echo(
        f"imported {report.imported} row(s) ({report.inserted} new, {report.replaced} replaced, "
        f"{report.unchanged} unchanged/skipped), rejected {len(report.errors)}"
    )
    if report.imported == 0:
        raise typer.Exit(1)


@app.command("report")
def report_(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account", help="Account name"),
    html_out: Path | None = typer.Option(None, "--html", help="Also write an HTML report (charts inline) here"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON instead of a table"),
    sku: str | None = typer.Option(None, "--sku", help="Only this SKU"),
    scenario: str | None = typer.Option(None, "--scenario", help="Only this scenario"),
) -> None:
    """Per SKU × scenario × variant: impressions, clicks, smoothed CTR and CVR with 95% intervals, and the
    Thompson-sampling serve share (the probability that the variant has the best CTR)."""
    context = get_context(ctx)
    with account_session(context, account) as (session, shop):
        report = build_report(session, shop, sku=sku, scenario=scenario.lower() if scenario else None)
    if html_out is not None:
        write_html(html_out, render_html(report))
    if as_json:
        typer.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        _print_table(report)


def _print_table(report: LogsReport) -> None:
    # Plain aligned lines rather than a rich table: they never wrap in a narrow terminal and stay greppable.
    if not report.groups:
        typer.echo(f"no behaviour logs stored for account {report.account!r}")
        return
    for group in report.groups:
        beats = group.prob_leader_beats_runner_up
        lead = f"leader {group.leader.variant}" + (f", P(beats runner-up) {beats:.0%}" if beats is not None else "")
        typer.echo(f"{group.sku} · {group.scenario}  ({lead})")
        typer.echo(
            f"  {'variant':<20} {'impr.':>9} {'clicks':>7}  {'CTR [95% CI]':<24} {'orders':>6}  "
            f"{'CVR [95% CI]':<24} {'serve':>5}"
        )
        for arm in group.arms:
            ctr = f"{arm.ctr.mean:.2%} [{arm.ctr.low:.2%}–{arm.ctr.high:.2%}]"
            cvr = f"{arm.cvr.mean:.2%} [{arm.cvr.low:.2%}–{arm.cvr.high:.2%}]"
            typer.echo(
                f"  {arm.variant:<20} {arm.impressions:>9,} {arm.clicks:>7,}  {ctr:<24} {arm.orders:>6,}  "
                f"{cvr:<24} {arm.share:>5.0%}"
            )
    typer.echo("rates are smoothed towards the scenario's pool; serve = Thompson allocation = P(best CTR)")
