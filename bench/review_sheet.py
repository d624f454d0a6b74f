"""A blind review sheet: published copy for held-out products, to be rated by a person against the rubric.

The line grades nothing here. The script runs the production line on products taken from the END of each shared
set (the team tunes on the first rows), keeps what the line would publish, shuffles the items and writes

- ``sheet.jsonl``: one item a line ``{"id", "platform", "lang", "kind", "product": {title, brand, category,
  attributes, description}, "text"}`` — no backend, no verifier verdict, no provenance;
- ``key.jsonl``: ``{"id", "sku", "backend", "fallback", "attempts"}``, kept away from the raters;
- ``RUBRIC.md``: a copy of ``../shared/design/review-rubric.md`` when it is there.

Raters return ``ratings.jsonl`` lines ``{"id", "verdict": "approve"|"edit"|"reject", "false_claims": n,
"note"}``; ``--score RATINGS [RATINGS …]`` prints approve/edit/reject % and false claims per item per kind and
language, joined with the key (fallback vs writer), and the agreement of two raters. The tally is the product's
own (``shopforge.review.blind``, as ``shopforge review score``): bad rating lines are named and skipped.

    .venv/bin/python bench/review_sheet.py [--per-set 10] [--skip 0] [--out review/] [--backend embedded]
    .venv/bin/python bench/review_sheet.py --out review/ --score review/ratings-a.jsonl review/ratings-b.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Any

from shopforge.catalog.importer import facts_for_record
from shopforge.copywriting.plan import AccountProfile, PlanError, ProductInput
from shopforge.evaluation.datasets import EvalProduct, load_eval_products
from shopforge.jobs.factory import build_line
from shopforge.review.blind import Dimension, GroupScore, KeyEntry, Rating, parse_ratings, score_ratings
from shopforge.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = (  # (folder, platform, lang, kinds)
    ("catalog_flipkart_en", "amazon", "en", ("title", "bullets", "description")),
    ("copy_advertisegen_zh", "tmall", "zh", ("title", "bullets", "description")),
)


def _product_view(product: EvalProduct) -> dict[str, object]:
    record = product.record
    return {
        "title": record.title,
        "brand": record.brand,
        "category": " > ".join(record.categories),
        "attributes": [[key, value] for key, value in record.attributes],  # pairs: keys repeat in real data
        "description": record.description,
    }


def build_sheet(out: Path, per_set: int, backend: str, seed: int, skip: int = 0) -> int:
    settings = Settings()
    sheet, key = [], []
    for folder, platform, lang, kinds in SETS:
        path = SHARED / "data" / folder
        if not path.exists():
            print(f"skipped {folder}: {path} not found")
            continue
        rows = load_eval_products(path)
        products = rows[len(rows) - skip - per_set : len(rows) - skip]  # held out: the last rows (minus --skip)
        line = build_line(settings, backend, platform, lang)
        account = AccountProfile(f"review-{platform}", platform, lang)
        for product in products:
            r = product.record
            source = ProductInput(r.sku, r.title, r.brand, r.categories, facts_for_record(r))
            for kind in kinds:
                try:
                    result = line.produce(source, account, kind)
                except PlanError as exc:
                    print(f"{r.sku} {kind}: not produced ({exc})")
                    continue
                if not result.report.ok:
                    continue  # not published: nothing for a buyer to read
                item = {"platform": platform, "lang": lang, "kind": kind, "product": _product_view(product),
                        "text": result.text}  # fmt: skip
                sheet.append(item)
                key.append({"sku": r.sku, "backend": result.backend, "fallback": result.fallback,
                            "attempts": len(result.attempts)})  # fmt: skip
            print(f"{folder}: {r.sku} done", flush=True)
    order = list(range(len(sheet)))
    random.Random(seed).shuffle(order)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "sheet.jsonl").open("w", encoding="utf-8") as s, (out / "key.jsonl").open("w", encoding="utf-8") as k:
        for number, index in enumerate(order, 1):
            s.write(json.dumps({"id": number, **sheet[index]}, ensure_ascii=False) + "\n")
            k.write(json.dumps({"id": number, **key[index]}, ensure_ascii=False) + "\n")
    rubric = SHARED / "design" / "review-rubric.md"
    if rubric.is_file():
        shutil.copy(rubric, out / "RUBRIC.md")
    return len(sheet)


# The bench's groups: language × kind, and the writer that published the item (the template when it fell back).
BENCH_DIMENSIONS: tuple[Dimension, ...] = (
    ("lang/kind", lambda e: f"{e.lang}/{e.kind}"),
    ("lang/kind/writer", lambda e: f"{e.lang}/{e.kind}/{'template' if e.fallback else e.backend}"),
)


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    """This script's own sheet.jsonl or key.jsonl, by id as text (the ids the scorer compares)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {str(row["id"]): row for row in (json.loads(line) for line in lines if line.strip())}


def bench_key(out: Path) -> list[KeyEntry]:
    """The scorer's key from this script's two files: the sheet has the kind and language, the key the writer."""
    sheet, origin = _rows(out / "sheet.jsonl"), _rows(out / "key.jsonl")
    entries = []
    for item_id, item in sheet.items():
        source = origin.get(item_id, {})
        backend, fallback = str(source.get("backend", "?")), bool(source.get("fallback"))
        sku = str(source.get("sku", "?"))
        entries.append(KeyEntry(item_id, None, sku, item["kind"], item["lang"], backend, fallback, item["platform"]))
    return entries


def score(out: Path, ratings: list[Path]) -> None:
    """Each rater's figures, tallied by the product's scorer (shopforge.review.blind), and the raters' agreement."""
    key = bench_key(out)
    known = {entry.id for entry in key}
    raters: list[dict[str, Rating]] = []
    for path in ratings:
        rated, errors = parse_ratings(path.read_text(encoding="utf-8").splitlines(), known, path.name)
        for error in errors:
            print(f"{error}: skipped")
        card = score_ratings(key, rated, BENCH_DIMENSIONS, errors)
        raters.append({rating.id: rating for rating in rated})
        print(f"\n{path.name}")
        print(f"{'group':34} {'n':>4} {'approve':>8} {'edit':>6} {'reject':>7} {'false/item':>10}")
        for group in sorted((g for g in card.groups if g.items), key=lambda g: g.value):
            print(_figures(group))
        if card.unrated_ids:
            print(f"unrated: {len(card.unrated_ids)} ({', '.join(card.unrated_ids)})")
    if len(raters) == 2:
        both = set(raters[0]) & set(raters[1])
        same = sum(raters[0][i].verdict == raters[1][i].verdict for i in both)
        print(f"\nagreement on the verdict: {same}/{len(both)} ({same / max(1, len(both)):.0%})")


def _figures(group: GroupScore) -> str:
    approve, edit, reject = (group.rate(verdict) or 0.0 for verdict in ("approve", "edit", "reject"))
    return (f"{group.value:34} {group.items:>4} {approve:>8.0%} {edit:>6.0%} {reject:>7.0%} "
            f"{group.false_claims_per_item or 0.0:>10.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-set", type=int, default=10, help="products per shared set (from its end)")
    parser.add_argument("--skip", type=int, default=0, help="leave out this many rows at the end (a fresh slice)")
    parser.add_argument("--out", type=Path, default=Path("review"))
    parser.add_argument("--backend", default="embedded")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--score", type=Path, nargs="+", help="ratings files to score instead of building")
    args = parser.parse_args()
    if args.score:
        score(args.out, args.score)
    else:
        count = build_sheet(args.out, args.per_set, args.backend, args.seed, args.skip)
        print(f"wrote {count} items to {args.out}/sheet.jsonl")


if __name__ == "__main__":
    main()
