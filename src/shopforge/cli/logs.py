"""``shopforge logs``: import behaviour logs (impressions, clicks, orders) and report on content performance."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from shopforge.cli.context import err_console, fail, get_context
from shopforge.optimize.log_report import LogsReport, build_report, render_html, report_to_dict
from shopforge.optimize.logs import import_logs
from shopforge.store.accounts import AccountError, get_account

app = typer.Typer(no_args_is_help=True, add_completion=False)
console = Console()


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
        with context.db.session() as session:
            report = import_logs(session, get_account(session, account), file)
    except AccountError as exc:
        fail(str(exc))
    for error in report.errors:
        err_console.print(str(error), highlight=False, markup=False)
    console.print(
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
    try:
        with context.db.session() as session:
            report = build_report(
                session, get_account(session, account), sku=sku, scenario=scenario.lower() if scenario else None
            )
    except AccountError as exc:
        fail(str(exc))
    if html_out is not None:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(render_html(report), encoding="utf-8")
        err_console.print(f"wrote {html_out}", highlight=False, markup=False)
    if as_json:
        typer.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        _print_table(report)


def _print_table(report: LogsReport) -> None:
    if not report.groups:
        console.print(f"no behaviour logs stored for account {report.account!r}")
        return
    table = Table(title=f"content performance — {report.account}")
    for column in ("sku", "scenario", "variant", "impr.", "clicks", "CTR [95% CI]", "orders", "CVR [95% CI]"):
        table.add_column(column, justify="left" if column in ("sku", "scenario", "variant") else "right")
    table.add_column("serve", justify="right")
    for group in report.groups:
        for arm in group.arms:
            table.add_row(
                group.sku,
                group.scenario,
                arm.variant + (" *" if arm is group.leader and len(group.arms) > 1 else ""),
                f"{arm.impressions:,}",
                f"{arm.clicks:,}",
                f"{arm.ctr.mean:.2%} [{arm.ctr.low:.2%}–{arm.ctr.high:.2%}]",
                f"{arm.orders:,}",
                f"{arm.cvr.mean:.2%} [{arm.cvr.low:.2%}–{arm.cvr.high:.2%}]",
                f"{arm.share:.0%}",
            )
    console.print(table)
    console.print("* leader; serve = Thompson allocation (P(best CTR)); rates smoothed towards the scenario's pool")
