"""``shopforge eval PRODUCTS`` and ``shopforge demo``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from shopforge.cli.context import fail, get_context
from shopforge.copywriting.kinds import KINDS
from shopforge.copywriting.plan import AccountProfile
from shopforge.evaluation.datasets import load_eval_products
from shopforge.evaluation.run import EvalReport, evaluate_line
from shopforge.jobs.factory import build_line, shared_embedder

console = Console()
KINDS_HELP = f"Kinds to generate: {', '.join(KINDS)}"


def evaluate(
    ctx: typer.Context,
    products: Path = typer.Argument(..., exists=True, help="Catalogue JSONL (or a folder holding one)"),
    platform: str = typer.Option("", "--platform", help="Default: taobao for zh sets, amazon for en"),
    lang: str = typer.Option("", "--lang", help="Default: guessed from the products"),
    backend: str = typer.Option("", "--backend"),
    kind: list[str] = typer.Option(["title"], "--kind", help=KINDS_HELP),
    limit: int = typer.Option(0, "--limit", help="Only the first N products (0 = all)"),
    out: Path = typer.Option(Path("eval-report.json"), "--out", help="Where to write the JSON report"),
) -> None:
    """Run the line on PRODUCTS and report grounding, violations, catch rate, acceptance, diversity, speed."""
    context = get_context(ctx)
    items = load_eval_products(products, limit or None)
    if not items:
        fail(f"no products read from {products}")
    lang = lang or _guess_lang([p.record.title for p in items[:50]])
    platform = platform or ("taobao" if lang == "zh" else "amazon")
    backend = backend or context.settings.default_backend
    line = build_line(context.settings, backend, platform, lang)
    account = AccountProfile(f"eval-{platform}-{lang}", platform, lang)
    with Progress(console=console) as bar:
        task = bar.add_task(f"eval {products.name}", total=len(items) * len(kind))
        report = evaluate_line(
            items, line, account, list(kind), shared_embedder(), progress=lambda n: bar.advance(task, n)
        )
    print_report(report)
    out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    console.print(f"wrote {out}")


def print_report(report: EvalReport) -> None:
    table = Table(
        "metric",
        "value",
        title=f"{report.platform}/{report.lang} · {report.backend} · "
        f"{', '.join(report.kinds)} · {report.items} items",
    )
    for name, value in report.metrics.items():
        shown = (
            "n/a"
            if isinstance(value, float) and math.isnan(value)
            else (f"{value:.3f}" if isinstance(value, float) else str(value))
        )
        table.add_row(name, shown)
    console.print(table)
    faults = Table("fault", "injected", "caught")
    for fault, counts in report.per_fault.items():
        faults.add_row(fault, str(counts.get("injected", 0)), str(counts.get("caught", 0)))
    console.print(faults)


def _guess_lang(titles: list[str]) -> str:
    cjk = sum(any("\u4e00" <= ch <= "\u9fff" for ch in title) for title in titles)
    return "zh" if cjk * 2 >= len(titles) else "en"


def demo(
    ctx: typer.Context,
    backend: str = typer.Option("", "--backend"),
    limit: int = typer.Option(5, "--limit", help="Products per account (0 = the whole sample catalogue)"),
    out: Path = typer.Option(Path("out"), "--out"),
) -> None:
    """Import the bundled sample catalogue into two accounts, generate, verify, summarise and export."""
    from shopforge.demo import run_demo

    context = get_context(ctx)
    run_demo(context, backend or context.settings.default_backend, limit, out, console)
