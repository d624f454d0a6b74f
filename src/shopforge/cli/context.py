"""What every command needs: settings and an open, migrated database, built once per invocation."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property
from typing import NoReturn

import typer
from rich.console import Console

from shopforge.settings import Settings
from shopforge.store.db import Database, open_database

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
