"""``shopforge logs``: import behaviour logs (impressions, clicks, orders) and report on content performance."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)
