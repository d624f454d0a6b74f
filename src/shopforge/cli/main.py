"""The ``shopforge`` command: a thin shell over the library."""

from __future__ import annotations

import typer

from shopforge.cli import accounts, catalog, check, content, evaluate, image, jobs, logs, optimize, review_blind, serve
from shopforge.cli.context import AppContext
from shopforge.settings import Settings

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="ShopForge: grounded, compliant product copy."
)
app.add_typer(accounts.app, name="account", help="Create and list accounts (shops).")
app.add_typer(catalog.app, name="catalog", help="Import product catalogues.")
app.add_typer(jobs.app, name="jobs", help="Inspect, resume and retry generation jobs.")
app.add_typer(content.review_app, name="review", help="Approve, edit or reject generated copy.")
app.add_typer(image.app, name="image", help="Cut-outs, main images, image checks, scenes and posters.")
app.add_typer(optimize.app, name="optimize", help="Score live content per scenario, diagnose and fix it.")
app.add_typer(logs.app, name="logs", help="Import behaviour logs and report content performance.")
app.command("generate")(jobs.generate)
content.review_app.command("sample")(review_blind.sample)
content.review_app.command("score")(review_blind.score)
app.command("export")(content.export)
app.command("check")(check.check)
app.command("eval")(evaluate.evaluate)
app.command("demo")(evaluate.demo)
app.command("serve")(serve.serve)


@app.callback()
def main(ctx: typer.Context) -> None:
    ctx.obj = AppContext(Settings())


if __name__ == "__main__":
    app()
