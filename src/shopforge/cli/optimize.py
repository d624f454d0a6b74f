"""``shopforge optimize``: score live content per scenario, diagnose, plan and apply fixes."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)
