"""``shopforge catalog import FILE --account NAME``"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from shopforge.catalog.importer import import_file
from shopforge.catalog.readers import CatalogFormatError
from shopforge.cli.context import account_session, get_context, note, print_errors

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    account: str = typer.Option(..., "--account", help="Account name"),
) -> None:
    """Import a catalogue (.jsonl, .csv or a Shopify export). Rejected rows go to stderr as 'line N: reason'."""
    context = get_context(ctx)
    with account_session(context, account, CatalogFormatError) as (session, shop):
        report = import_file(session, shop, file)
    print_errors(report.errors)
    for message in report.notes:
        note(f"note: {message}", style="yellow")
    console.print(
        f"imported {report.imported} product(s) ({report.created} new, {report.updated} updated), "
        f"rejected {len(report.errors)}"
    )
    if report.imported == 0:
        raise typer.Exit(1)
