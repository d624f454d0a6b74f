"""The demo: the main job end to end on the bundled sample catalogue, with the embedded model by default."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from shopforge.catalog.importer import import_file
from shopforge.cli.context import AppContext
from shopforge.cli.jobs import run_with_progress
from shopforge.copywriting.homogeneity import distinct_n
from shopforge.copywriting.render import has_cjk
from shopforge.jobs.generate import GenerateParams, create_generate_job
from shopforge.review.export import export_contents
from shopforge.store.accounts import AccountError, create_account, get_account
from shopforge.store.contents import list_contents
from shopforge.store.products import list_products

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_CATALOGUE = SAMPLES / "catalog.jsonl"
LIVE_CATALOGUE = SAMPLES / "live_catalog.jsonl"  # live listings with planted defects, plus competitors
BEHAVIOUR_LOGS = SAMPLES / "behaviour_logs.csv"
LIVE_ACCOUNT = ("demo-live-tmall", "tmall", "zh")
DEMO_ACCOUNTS = (
    ("demo-tmall-zh", "tmall", "zh", "亲切、实在，突出实用", "注重品质的家庭用户"),
    ("demo-amazon-en", "amazon", "en", "clear, practical, friendly", "home cooks and commuters"),
)
DEMO_KINDS = ("title", "bullets", "description")


def run_demo(context: AppContext, backend: str, limit: int, out: Path, console: Console) -> None:
    for name, platform, lang, voice, audience in DEMO_ACCOUNTS:
        with context.db.session() as session:
            try:
                account = get_account(session, name)
            except AccountError:
                account = create_account(session, name, platform, lang, brand_voice=voice, audience=audience)
            report = import_file(session, account, SAMPLE_CATALOGUE)
            # each account writes about the products whose data is in its language (no machine translation)
            skus = [p.sku for p in list_products(session, account) if has_cjk(p.title) == (lang == "zh")]
            skus = skus[: limit or None]
            console.print(
                f"{name}: imported {report.imported}, rejected {len(report.errors)}; "
                f"generating {len(DEMO_KINDS)} kinds for {len(skus)} products with {backend}"
            )
            job = create_generate_job(session, account, GenerateParams(DEMO_KINDS, backend, tuple(skus)))
            job_id = job.id
        run_with_progress(context, job_id)
    console.print(summary_table(context))
    out.mkdir(parents=True, exist_ok=True)
    console.print(image_table(context, out))
    for name, *_ in DEMO_ACCOUNTS:
        with context.db.session() as session:
            count = export_contents(session, get_account(session, name), out / f"{name}.jsonl")
        console.print(f"exported {count} items to {out / f'{name}.jsonl'}")
    behaviour_report(context, out, console)
    optimize_live_listings(context, backend, out, console)


def behaviour_report(context: AppContext, out: Path, console: Console) -> None:
    """Import the sample behaviour logs into the zh shop and write the variant CTR report."""
    from shopforge.optimize.log_report import build_report, render_html
    from shopforge.optimize.logs import import_logs

    name = DEMO_ACCOUNTS[0][0]
    with context.db.session() as session:
        account = get_account(session, name)
        imported = import_logs(session, account, BEHAVIOUR_LOGS)
        report = build_report(session, account)
    (out / "behaviour-report.html").write_text(render_html(report), encoding="utf-8")
    console.print(
        f"{name}: behaviour log rows imported {imported.imported}, rejected {len(imported.errors)}; "
        f"variant CTRs in {out / 'behaviour-report.html'}"
    )


def optimize_live_listings(context: AppContext, backend: str, out: Path, console: Console) -> None:
    """Diagnose the sample live listings for search, apply the plan, and report before/after."""
    from shopforge.cli.optimize import print_outcomes
    from shopforge.optimize.report import build_report, render_html
    from shopforge.optimize.run import OptimizeParams, create_optimize_job

    name, platform, lang = LIVE_ACCOUNT
    with context.db.session() as session:
        try:
            account = get_account(session, name)
        except AccountError:
            account = create_account(session, name, platform, lang)
        report = import_file(session, account, LIVE_CATALOGUE)
        console.print(f"{name}: imported {report.imported} live listings; optimising them for search with {backend}")
        job_id = create_optimize_job(session, account, OptimizeParams("search", backend=backend)).id
    run_with_progress(context, job_id)
    print_outcomes(context, name, job_id, as_json=False)
    with context.db.session() as session:
        result = build_report(session, get_account(session, name))
    (out / "optimize-report.html").write_text(render_html(result), encoding="utf-8")
    console.print(f"optimisation report: {out / 'optimize-report.html'}")


def summary_table(context: AppContext) -> Table:
    table = Table(
        "account",
        "kind",
        "items",
        "verified",
        "writer accepted",
        "fallback",
        "mean chars",
        "distinct-2",
        title="ShopForge demo",
    )
    for name, *_ in DEMO_ACCOUNTS:
        with context.db.session() as session:
            account = get_account(session, name)
            for kind in DEMO_KINDS:
                contents = list_contents(session, account, kind=kind)
                if not contents:
                    continue
                verified = sum(bool(c.verification.get("ok")) for c in contents)
                fallback = sum(bool(c.provenance.get("fallback")) for c in contents)
                mean = sum(len(c.text) for c in contents) / len(contents)
                table.add_row(
                    name,
                    kind,
                    str(len(contents)),
                    str(verified),
                    str(len(contents) - fallback),
                    str(fallback),
                    f"{mean:.0f}",
                    f"{distinct_n([c.text for c in contents]):.2f}",
                )
    return table


def image_table(context: AppContext, out: Path) -> Table:
    """Cut-out, main image (checked), scene and poster for the demo products that have a photo."""
    from shopforge.creative.segment.registry import get_segmenter
    from shopforge.creative.showcase import showcase_product

    table = Table("account", "sku", "main image check", "files", "error", title="Creative outputs")
    segmenter = get_segmenter(context.settings.segmenter, context.settings)
    for name, *_ in DEMO_ACCOUNTS:
        with context.db.session() as session:
            account = get_account(session, name)
            for product in list_products(session, account):
                if not product.images or not any(c.kind == "bullets" for c in product.contents):
                    continue
                result = showcase_product(session, account, product, segmenter, out)
                verdict = "" if result.main_image_ok is None else ("pass" if result.main_image_ok else "FAIL")
                table.add_row(name, result.sku, verdict, str(len(result.outputs)), result.error or "")
    return table
