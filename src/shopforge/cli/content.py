"""``shopforge export`` and ``shopforge review …``"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from shopforge.cli.context import fail, get_context, note
from shopforge.review.export import FORMATS, export_account
from shopforge.review.service import ReviewError, approval_rates, approve, edit, reject
from shopforge.store.accounts import AccountError, get_account
from shopforge.store.contents import list_contents
from shopforge.store.models import Account, Content

review_app = typer.Typer(no_args_is_help=True)
console = Console()


def export(
    ctx: typer.Context,
    out: Path = typer.Argument(..., dir_okay=False),
    account: str = typer.Option(..., "--account"),
    format: str = typer.Option("jsonl", "--format", help=" | ".join(FORMATS)),
) -> None:
    """Write the account's content to OUT: jsonl (every item) or a marketplace upload file (approved copy only,
    images copied next to OUT). Approved items become 'exported'; empty, cut or missing fields are listed on stderr."""
    context = get_context(ctx)
    try:
        with context.db.session() as session:
            report = export_account(session, get_account(session, account), out, format)
    except (AccountError, ValueError) as exc:
        fail(str(exc))
    if report.format == "jsonl":
        console.print(f"exported {report.items} content item(s) to {out}")
        return
    for line in report.notes:
        note(line, soft_wrap=True)
    images = f", {report.images} image(s) in {report.image_folder}" if report.image_folder else ""
    console.print(
        f"exported {report.rows} row(s) to {out} from {report.items} approved item(s){images}",
        highlight=False, markup=False, soft_wrap=True,
    )  # fmt: skip
    note(f"{len(report.notes)} issue(s) reported", soft_wrap=True)


@review_app.command("list")
def list_(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    status: str = typer.Option("", "--status"),
    kind: str = typer.Option("", "--kind"),
) -> None:
    """List content items with their status and verification."""
    table = Table("id", "sku", "kind", "status", "ok", "backend", "text")
    with get_context(ctx).db.session() as session:
        for c in list_contents(
            session, get_account(session, account), status=status or None, kind=kind or None
        ):
            ok = "yes" if c.verification.get("ok") else "NO"
            table.add_row(str(c.id), c.product.sku, c.kind, c.status, ok, c.backend, c.text[:80])
    console.print(table)


@review_app.command("approve")
def approve_(
    ctx: typer.Context, content_ids: list[int], account: str = typer.Option(..., "--account")
) -> None:
    """Approve one or more content items (each must pass verification)."""
    _act(ctx, account, content_ids, lambda s, a, i: approve(s, a, i))


@review_app.command("reject")
def reject_(
    ctx: typer.Context,
    content_ids: list[int],
    account: str = typer.Option(..., "--account"),
    note: str = typer.Option("", "--note"),
) -> None:
    """Reject one or more content items."""
    _act(ctx, account, content_ids, lambda s, a, i: reject(s, a, i, note))


@review_app.command("edit")
def edit_(
    ctx: typer.Context, content_id: int, text: str, account: str = typer.Option(..., "--account")
) -> None:
    """Replace a copy's text; it is verified again and blocked if it now violates a rule."""
    _act(ctx, account, [content_id], lambda s, a, i: edit(s, a, i, text.replace("\\n", "\n")))


@review_app.command("stats")
def stats(ctx: typer.Context, account: str = typer.Option(..., "--account")) -> None:
    """Approval rate per backend."""
    table = Table("backend", "items", "approved", "rejected", "approval rate")
    with get_context(ctx).db.session() as session:
        for backend, row in approval_rates(session, get_account(session, account)).items():
            table.add_row(
                backend,
                str(row["total"]),
                str(row["approved"]),
                str(row["rejected"]),
                f"{row['approval_rate']:.0%}",
            )
    console.print(table)


def _act(
    ctx: typer.Context, account: str, ids: list[int], action: Callable[[Session, Account, int], Content]
) -> None:
    context = get_context(ctx)
    failures = 0
    for content_id in ids:
        try:
            with context.db.session() as session:
                content = action(session, get_account(session, account), content_id)
                console.print(f"content {content_id}: {content.status}")
        except (ReviewError, AccountError) as exc:
            failures += 1
            console.print(f"[red]content {content_id}: {exc}[/red]", highlight=False)
    if failures:
        raise typer.Exit(1)
