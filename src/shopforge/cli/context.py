"""What every command needs: settings and an open, migrated database, built once per invocation."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from shopforge.settings import Settings
from shopforge.store.accounts import AccountError, get_account
from shopforge.store.db import Database, open_database
from shopforge.store.models import Account, Product
from shopforge.store.products import get_product

err_console = Console(stderr=True)


@dataclass
class AppContext:
    settings: Settings

    @cached_property
    def db(self) -> Database:
        return open_database(self.settings.resolved_database_url)


def get_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    if not isinstance(obj, AppContext):
        obj = AppContext(Settings())
        ctx.find_root().obj = obj
    return obj


def fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    sys.exit(code)


@contextmanager
def account_session(app: AppContext, name: str, *errors: type[Exception]) -> Iterator[tuple[Session, Account]]:
    """A session and the named account. An unknown account, or one of ``errors`` raised by the block, ends the
    command with its message (exit 2) and the session's changes rolled back."""
    caught: tuple[type[Exception], ...] = (AccountError, *errors)
    try:
        with app.db.session() as session:
            yield session, get_account(session, name)
    except caught as exc:
        fail(str(exc))


def require_product(session: Session, account: Account, sku: str) -> Product:
    """The account's product, or the command ends naming the SKU and the account."""
    product = get_product(session, account, sku)
    if product is None:
        fail(f"no product {sku!r} in account {account.name!r}")
    return product


def note(message: str, **style: Any) -> None:
    """A line for the person on stderr, printed as is (file names and SKUs may hold rich markup characters)."""
    err_console.print(message, highlight=False, markup=False, **style)


def print_errors(errors: Iterable[object], prefix: str = "") -> None:
    """Per-row errors of a batch (e.g. 'line 3: reason'), one line each on stderr."""
    for error in errors:
        note(f"{prefix}{error}")


def write_html(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    note(f"wrote {path}")


def emit_json(line: Any) -> None:
    """One JSON line on stdout, flushed so that a pipe sees each item as it is done."""
    print(json.dumps(line, ensure_ascii=False, default=str), flush=True)
