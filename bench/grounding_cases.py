"""Score the grounding checks against the hand-written cases in ``bench/grounding_cases/``.

Each case line holds a catalogue record, faithful restatements of its facts and variants with exactly one
invented claim. The record goes through the real import path (``read_catalog`` on a temporary JSONL, then
``facts_for_record``), so the verifier sees the facts a merchant's upload would give it.

    .venv/bin/python bench/grounding_cases.py [--lang en|zh] [--show N] [--json]

Prints, per language and per invented type, the catch rate (invented copy not ok) and the false-flag rate
(restatement not ok), how many catches have an error span overlapping the invented claim, then up to ``--show``
misses and false flags. A line that cannot be scored is listed under errors and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.readers import read_catalog
from shopforge.catalog.records import ProductRecord
from shopforge.copywriting.verify import ProductFacts, Verifier

CASES_DIR = Path(__file__).resolve().parent / "grounding_cases"
TARGET_CATCH, TARGET_FALSE_FLAG = 0.95, 0.05


@dataclass
class Tally:
    n: int = 0
    flagged: int = 0
    on_span: int = 0  # catches whose error span overlaps the invented claim

    def add(self, flagged: bool, on_span: bool = False) -> None:
        self.n, self.flagged, self.on_span = self.n + 1, self.flagged + flagged, self.on_span + on_span

    def rate(self) -> float | None:
        return round(self.flagged / self.n, 3) if self.n else None


@dataclass
class Run:
    restate: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    invented: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_flags: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_records(cases: list[dict[str, Any]]) -> dict[str, ProductRecord]:
    """Read every case's product through the catalogue reader, keyed by SKU."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "products.jsonl"
        lines = [json.dumps(c["product"], ensure_ascii=False) for c in cases if isinstance(c.get("product"), dict)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = read_catalog(path)
    return {r.sku: r for r in result.records}


def overlaps(text: str, span: str | None, claim: str) -> bool:
    """Whether the error span sits on (or inside) the invented claim's characters in the text."""
    if not span:
        return False
    low = text.lower()
    c0, s0 = low.find(claim.lower()), low.find(span.lower())
    if c0 < 0 or s0 < 0:
        return claim.lower() in span.lower() or span.lower() in claim.lower()
    return s0 < c0 + len(claim) and c0 < s0 + len(span)


def found(report: Any) -> list[dict[str, str]]:
    return [{"rule": e.rule, "span": e.span or "", "message": e.message} for e in report.errors]


def score_case(run: Run, lang: str, case: dict[str, Any], record: ProductRecord) -> None:
    verifier = Verifier(case["platform"], lang)
    facts = ProductFacts.build(facts_for_record(record), record.brand)
    sku = record.sku
    for item in case.get("restate", []):
        report = verifier.check(item["text"], item["kind"], facts)
        run.restate[lang].add(not report.ok)
        if not report.ok:
            run.false_flags.append({"lang": lang, "sku": sku, "text": item["text"], "errors": found(report)})
    for item in case.get("invented", []):
        report = verifier.check(item["text"], item["kind"], facts)
        on_span = any(overlaps(item["text"], e.span, item["claim"]) for e in report.errors)
        run.invented[(lang, item["type"])].add(not report.ok, on_span)
        if report.ok or not on_span:
            run.misses.append({"lang": lang, "sku": sku, "type": item["type"], "claim": item["claim"],
                               "text": item["text"], "caught": not report.ok, "errors": found(report)})


def score(langs: list[str], half: str = "all", cases_dir: Path = CASES_DIR) -> Run:
    run = Run()
    for lang in langs:
        path = cases_dir / f"{lang}.jsonl"
        if not path.is_file():
            run.errors.append(f"{path}: missing")
            continue
        cases: list[dict[str, Any]] = []
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                if line.strip():
                    cases.append(json.loads(line))
            except json.JSONDecodeError as exc:
                run.errors.append(f"{path.name}:{no}: {exc}")
        records = load_records(cases)
        if half != "all":  # tune on one half of the products, report on the other (file order)
            cases = cases[half == "even" :: 2]
        for case in cases:
            sku = str((case.get("product") or {}).get("sku"))
            if sku not in records:
                run.errors.append(f"{lang} {sku}: the catalogue reader rejected the product")
                continue
            try:
                score_case(run, lang, case, records[sku])
            except Exception as exc:  # one bad case must not stop the benchmark
                run.errors.append(f"{lang} {sku}: {type(exc).__name__}: {exc}")
    return run


def summary(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {"targets": {"catch": TARGET_CATCH, "false_flag": TARGET_FALSE_FLAG}, "langs": {}}
    for lang in sorted({k[0] for k in run.invented} | set(run.restate)):
        types = {t: vars(v) | {"catch": v.rate()} for (lg, t), v in sorted(run.invented.items()) if lg == lang}
        total = Tally()
        for v in types.values():
            total.n, total.flagged, total.on_span = total.n + v["n"], total.flagged + v["flagged"], \
                total.on_span + v["on_span"]
        rest = run.restate[lang]
        out["langs"][lang] = {"invented": vars(total) | {"catch": total.rate()}, "by_type": types,
                              "restate": vars(rest) | {"false_flag": rest.rate()}}
    out["errors"] = run.errors
    return out


def pct(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}%"


def print_text(run: Run, data: dict[str, Any], show: int) -> None:
    for lang, d in data["langs"].items():
        inv, rest = d["invented"], d["restate"]
        print(f"[{lang}] invented caught {inv['flagged']}/{inv['n']} {pct(inv['catch'])} (target >= "
              f"{pct(TARGET_CATCH)}); caught with an error on the claim {inv['on_span']}/{inv['n']}")
        print(f"[{lang}] restatements flagged {rest['flagged']}/{rest['n']} {pct(rest['false_flag'])} "
              f"(target <= {pct(TARGET_FALSE_FLAG)})")
        for t, v in d["by_type"].items():
            print(f"    {t:14s} caught {v['flagged']:2d}/{v['n']:2d} {pct(v['catch'])}  on claim {v['on_span']:2d}")
    for e in data["errors"]:
        print("ERROR", e)
    for title, rows in (("MISSES (not caught, or caught off the claim)", run.misses),
                        ("FALSE FLAGS", run.false_flags)):
        if show:
            print(f"\n{title}: {len(rows)}")
        for r in rows[:show]:
            head = f"[{r['lang']} {r['sku']}]" + (f" {r['type']} '{r['claim']}'" if "claim" in r else "")
            print(head, "|", r["text"].replace("\n", " / "))
            for e in r["errors"] or [{"rule": "-", "span": "", "message": "report ok"}]:
                print(f"      {e['rule']} span={e['span']!r} {e['message'][:90]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=["en", "zh"])
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and N false flags")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--half", choices=["all", "odd", "even"], default="all",
                    help="odd: the 1st, 3rd … product of each file (tuning half); even: the others (held out)")
    ap.add_argument("--dir", type=Path, default=CASES_DIR, help="a case folder (grounding_cases_b: a second set)")
    args = ap.parse_args(argv)
    run = score([args.lang] if args.lang else ["en", "zh"], args.half, args.dir)
    data = summary(run)
    if args.json:
        json.dump(data | {"misses": run.misses[:args.show], "false_flags": run.false_flags[:args.show]},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_text(run, data, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
