"""``shopforge account …``"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from shopforge.cli.context import fail, get_context
from shopforge.knowledge.rulepacks import PLATFORMS, UnknownPlatformError
from shopforge.store.accounts import AccountError, create_account, get_account, issue_api_key, list_accounts

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("create")
def create(
    ctx: typer.Context,
    name: str,
    platform: str = typer.Option(..., help=f"One of: {', '.join(PLATFORMS)}"),
    lang: str = typer.Option(..., help="zh or en"),
    voice: str = typer.Option("", help="Brand voice, e.g. 'warm, practical'"),
    audience: str = typer.Option("", help="Target audience"),
) -> None:
    """Create an account (a shop on one platform, writing in one language)."""
    context = get_context(ctx)
    try:
        with context.db.session() as session:
            account = create_account(session, name, platform, lang, brand_voice=voice, audience=audience)
            console.print(f"created account {account.name!r} ({account.platform}, {account.lang})")
    except (AccountError, UnknownPlatformError) as exc:
        fail(str(exc))


@app.command("key")
def key(ctx: typer.Context, name: str) -> None:
    """Issue a new API key for the account (shown once; the old key stops working)."""
    context = get_context(ctx)
    try:
        with context.db.session() as session:
            print(issue_api_key(session, get_account(session, name)))
    except AccountError as exc:
        fail(str(exc))


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List accounts."""
    table = Table("name", "platform", "lang", "voice")
    with get_context(ctx).db.session() as session:
        for account in list_accounts(session):
            table.add_row(account.name, account.platform, account.lang, account.brand_voice)
    console.print(table)
