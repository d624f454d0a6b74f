"""``shopforge catalog import FILE --account NAME``"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from shopforge.catalog.importer import import_file
from shopforge.catalog.readers import CatalogFormatError
from shopforge.cli.context import err_console, fail, get_context
from shopforge.store.accounts import AccountError, get_account

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
    try:
        with context.db.session() as session:
            report = import_file(session, get_account(session, account), file)
    except (AccountError, CatalogFormatError) as exc:
        fail(str(exc))
    for error in report.errors:
        err_console.print(str(error), highlight=False, markup=False)
    for note in report.notes:
        err_console.print(f"note: {note}", highlight=False, markup=False, style="yellow")
    console.print(
        f"imported {report.imported} product(s) ({report.created} new, {report.updated} updated), "
        f"rejected {len(report.errors)}"
    )
    if report.imported == 0:
        raise typer.Exit(1)
