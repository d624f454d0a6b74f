"""Throughput of whole listings (title + selling points + description) with the embedded model, in one run.

Three sides, each timed on this machine in this process, so they see the same load:

1. **the line** as jobs run it: plan → compose candidates → rank by the model's own likelihood → verify, for
   every product of the bundled catalogue in its own language (zh products on a Tmall account, en products on an
   Amazon account);
2. **raw llama.cpp** generating the prompts the free-writing line would send for the same items (few-shot prompt,
   same max_tokens, no grammar, no verification): the cost of letting the model write, the baseline the issue asks
   for;
3. **the verifier alone**, for scale.

    .venv/bin/python bench/text_throughput.py [--products FILE] [--n 40] [--raw-n 6]

Prints a table, then ``titles/day=<n>``, ``listings/day=<n>`` and ``ratio=<line listings/day ÷ raw listings/day>``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from shopforge.catalog.importer import facts_for_record
from shopforge.copywriting.line import LineResult, ProductionLine
from shopforge.copywriting.plan import AccountProfile, ProductInput, plan_content
from shopforge.copywriting.prompts import build_request
from shopforge.copywriting.render import has_cjk
from shopforge.copywriting.verify import ProductFacts
from shopforge.evaluation.datasets import load_eval_products
from shopforge.jobs.factory import build_line
from shopforge.models.embedded import EmbeddedModel
from shopforge.settings import Settings

DEFAULT_PRODUCTS = Path(__file__).resolve().parents[1] / "samples" / "catalog.jsonl"
SECONDS_PER_DAY = 86_400
LISTING = ("title", "bullets", "description")
ACCOUNTS = {"zh": AccountProfile("bench-zh", "tmall", "zh"), "en": AccountProfile("bench-en", "amazon", "en")}


def main() -> None:
    args = _arguments()
    settings = Settings()
    groups = _by_language(args.products, args.n)
    lines = {lang: build_line(settings, "embedded", ACCOUNTS[lang].platform, lang) for lang in groups}
    for lang, line in lines.items():  # warm-up: load the model, fill the caches
        line.produce(groups[lang][0], ACCOUNTS[lang], "title")

    seconds = {kind: 0.0 for kind in LISTING}
    results: list[LineResult] = []
    for kind in LISTING:  # kind by kind, as a job orders its items
        for lang, products in groups.items():
            started = time.perf_counter()
            results += [lines[lang].produce(p, ACCOUNTS[lang], kind) for p in products]
            seconds[kind] += time.perf_counter() - started
    count = sum(len(products) for products in groups.values())
    raw_per_listing, raw_items = _raw_listing_seconds(lines, groups, args.raw_n)
    verifier_rate = _verifier_rate(lines, groups)

    per_title = seconds["title"] / count
    per_listing = sum(seconds.values()) / count
    published = sum(r.report.ok for r in results) / len(results)
    rows = [
        ("products (zh + en)", f"{count}"),
        ("line s/title", f"{per_title:.3f}"),
        ("line s/bullets", f"{seconds['bullets'] / count:.3f}"),
        ("line s/description", f"{seconds['description'] / count:.3f}"),
        ("line s/listing", f"{per_listing:.3f}"),
        (f"raw llama.cpp s/listing (same items' prompts, {raw_items} calls)", f"{raw_per_listing:.3f}"),
        ("published (verified) share", f"{published:.3f}"),
        ("verifier copies/s", f"{verifier_rate:,.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")
    print(f"titles/day={int(SECONDS_PER_DAY / per_title)}")
    print(f"listings/day={int(SECONDS_PER_DAY / per_listing)}")
    print(f"ratio={raw_per_listing / per_listing:.3f}")


def _by_language(path: Path, n: int) -> dict[str, list[ProductInput]]:
    """The catalogue's products grouped by the language of their data; each is written in its own language."""
    groups: dict[str, list[ProductInput]] = {}
    for item in load_eval_products(path, n):
        record = item.record
        product = ProductInput(record.sku, record.title, record.brand, record.categories, facts_for_record(record))
        groups.setdefault("zh" if has_cjk(record.title) else "en", []).append(product)
    if not groups:
        raise SystemExit(f"{path}: no products")
    return groups


def _raw_listing_seconds(
    lines: dict[str, ProductionLine], groups: dict[str, list[ProductInput]], per_language: int
) -> tuple[float, int]:
    """Seconds per listing for llama.cpp generating the free-writing line's first prompt of each kind."""
    started = time.perf_counter()
    calls = 0
    listings = 0
    for lang, products in groups.items():
        line = lines[lang]
        assert isinstance(line.writer, EmbeddedModel)
        for product in products[:per_language]:
            for kind in LISTING:
                plan = plan_content(product, ACCOUNTS[lang], kind)
                examples = line.exemplars.nearest(lang, kind, plan.category.text) if line.exemplars else []
                request = build_request(plan, examples)
                line.writer.llama.create_completion(
                    prompt=request.prompt, max_tokens=request.max_tokens, temperature=request.temperature,
                    stop=request.stop or None, seed=plan.seed,
                )  # fmt: skip
                calls += 1
            listings += 1
    return (time.perf_counter() - started) / max(1, listings), calls


def _verifier_rate(lines: dict[str, ProductionLine], groups: dict[str, list[ProductInput]]) -> float:
    pairs = []
    for lang, products in groups.items():
        for product in products:
            facts = ProductFacts.build(product.facts, product.brand)
            pairs.append((lines[lang], product.title, facts))
    pairs = pairs * max(1, 5_000 // len(pairs))
    started = time.perf_counter()
    for line, text, facts in pairs:
        line.verifier.check(text, "title", facts)
    return len(pairs) / (time.perf_counter() - started)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=Path, default=DEFAULT_PRODUCTS)
    parser.add_argument("--n", type=int, default=40, help="products taken from the file")
    parser.add_argument("--raw-n", type=int, default=6, help="products per language for the raw llama.cpp side")
    return parser.parse_args()


if __name__ == "__main__":
    main()
