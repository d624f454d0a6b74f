"""A blind review sheet: published copy for held-out products, to be rated by a person against the rubric.

The line grades nothing here. The script runs the production line on products taken from the END of each shared
set (the team tunes on the first rows), keeps what the line would publish, shuffles the items and writes

- ``sheet.jsonl``: one item a line ``{"id", "platform", "lang", "kind", "product": {title, brand, category,
  attributes, description}, "text"}`` — no backend, no verifier verdict, no provenance;
- ``key.jsonl``: ``{"id", "sku", "backend", "fallback", "attempts"}``, kept away from the raters;
- ``RUBRIC.md``: a copy of ``../shared/design/review-rubric.md`` when it is there.

Raters return ``ratings.jsonl`` lines ``{"id", "verdict": "approve"|"edit"|"reject", "false_claims": n,
"note"}``; ``--score RATINGS [RATINGS …]`` prints approve/edit/reject % and false claims per item per kind and
language, joined with the key (fallback vs writer), and the agreement of two raters.

    .venv/bin/python bench/review_sheet.py [--per-set 10] [--out review/] [--backend embedded]
    .venv/bin/python bench/review_sheet.py --out review/ --score review/ratings-a.jsonl review/ratings-b.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from shopforge.catalog.importer import facts_for_record
from shopforge.copywriting.plan import AccountProfile, PlanError, ProductInput
from shopforge.evaluation.datasets import EvalProduct, load_eval_products
from shopforge.jobs.factory import build_line
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


def build_sheet(out: Path, per_set: int, backend: str, seed: int) -> int:
    settings = Settings()
    sheet, key = [], []
    for folder, platform, lang, kinds in SETS:
        path = SHARED / "data" / folder
        if not path.exists():
            print(f"skipped {folder}: {path} not found")
            continue
        products = load_eval_products(path)[-per_set:]  # held out: the last rows
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


def _read(path: Path) -> dict[int, dict[str, object]]:
    rows = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
                rows[int(row["id"])] = row
            except (ValueError, KeyError, TypeError) as exc:
                print(f"{path.name} line {number}: skipped ({exc})")
    return rows


def score(out: Path, ratings: list[Path]) -> None:
    sheet, key = _read(out / "sheet.jsonl"), _read(out / "key.jsonl")
    raters = [_read(path) for path in ratings]
    for path, rated in zip(ratings, raters, strict=True):
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for item_id, rating in rated.items():
            if item_id not in sheet:
                continue
            item, origin = sheet[item_id], key.get(item_id, {})
            writer = "template" if origin.get("fallback") else str(origin.get("backend", "?"))
            for group in (f"{item['lang']}/{item['kind']}", f"{item['lang']}/{item['kind']}/{writer}", "all"):
                groups[group][str(rating.get("verdict"))] += 1
                groups[group]["n"] += 1
                groups[group]["false_claims"] += int(rating.get("false_claims") or 0)
        print(f"\n{path.name}")
        print(f"{'group':34} {'n':>4} {'approve':>8} {'edit':>6} {'reject':>7} {'false/item':>10}")
        for group in sorted(groups):
            c, n = groups[group], max(1, groups[group]["n"])
            print(f"{group:34} {c['n']:>4} {c['approve'] / n:>8.0%} {c['edit'] / n:>6.0%} "
                  f"{c['reject'] / n:>7.0%} {c['false_claims'] / n:>10.2f}")  # fmt: skip
    if len(raters) == 2:
        both = set(raters[0]) & set(raters[1])
        same = sum(raters[0][i].get("verdict") == raters[1][i].get("verdict") for i in both)
        print(f"\nagreement on the verdict: {same}/{len(both)} ({same / max(1, len(both)):.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-set", type=int, default=10, help="products per shared set (from its end)")
    parser.add_argument("--out", type=Path, default=Path("review"))
    parser.add_argument("--backend", default="embedded")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--score", type=Path, nargs="+", help="ratings files to score instead of building")
    args = parser.parse_args()
    if args.score:
        score(args.out, args.score)
    else:
        print(f"wrote {build_sheet(args.out, args.per_set, args.backend, args.seed)} items to {args.out}/sheet.jsonl")


if __name__ == "__main__":
    main()
