"""Score the copy checker against the independent labelled case set in ``bench/claim_cases/``.

Every case is checked with an empty fact list, so only the compliance packs (and grounding on no facts) can
flag it. A case counts as flagged when the report has an error; a case marked ``"severity": "warning"`` counts
as flagged when the report has any violation (the rule may rightly be a warning there).

    .venv/bin/python bench/checker_cases.py [--lang zh|en] [--category NAME] [--show N] [--json]

Prints precision, recall and false-alarm rate per category, per language and overall, the rules behind the
false alarms, then up to ``--show`` missed and falsely flagged cases. A case that cannot be checked (unknown
platform, malformed line, checker exception) is listed under errors and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopforge.copywriting.verify import ProductFacts, Verifier

CASES_DIR = Path(__file__).resolve().parent / "claim_cases"
REQUIRED = ("id", "lang", "platform", "kind", "text", "violating", "category", "source")


@dataclass
class Outcome:
    case: dict[str, Any]
    flagged: bool
    rules: list[str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, violating: bool, flagged: bool) -> None:
        if violating:
            self.tp, self.fn = self.tp + flagged, self.fn + (not flagged)
        else:
            self.fp, self.tn = self.fp + flagged, self.tn + (not flagged)

    def as_dict(self) -> dict[str, Any]:
        def ratio(num: int, den: int) -> float | None:
            return round(num / den, 3) if den else None

        return {"n": self.tp + self.fp + self.fn + self.tn, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "tn": self.tn, "precision": ratio(self.tp, self.tp + self.fp),
                "recall": ratio(self.tp, self.tp + self.fn), "false_alarm_rate": ratio(self.fp, self.fp + self.tn)}


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)


def load_cases(directory: Path, run: Run) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{lineno}"
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                run.errors.append({"id": where, "error": f"bad JSON: {exc}"})
                continue
            missing = [k for k in REQUIRED if not isinstance(case, dict) or k not in case]
            if missing:
                run.errors.append({"id": where, "error": f"missing fields {missing}"})
                continue
            cases.append(case)
    return cases


def check_all(cases: list[dict[str, Any]], run: Run) -> None:
    verifiers: dict[tuple[str, str], Verifier | str] = {}
    facts = ProductFacts.build([], None)
    for case in cases:
        key = (str(case["platform"]), str(case["lang"]))
        if key not in verifiers:
            try:
                verifiers[key] = Verifier(*key)
            except Exception as exc:  # any setup failure is data to report, not a crash
                verifiers[key] = f"{type(exc).__name__}: {exc}"
        verifier = verifiers[key]
        if isinstance(verifier, str):
            run.errors.append({"id": str(case["id"]), "error": verifier})
            continue
        try:
            report = verifier.check(str(case["text"]), str(case["kind"]), facts)
        except Exception as exc:  # one bad case must not stop the benchmark
            run.errors.append({"id": str(case["id"]), "error": f"{type(exc).__name__}: {exc}"})
            continue
        warning_case = case.get("severity") == "warning"
        found = report.violations if warning_case else report.errors
        run.outcomes.append(Outcome(case, bool(found), [v.rule for v in found]))


def summarise(run: Run, show: int) -> dict[str, Any]:
    overall = Tally()
    by_cat: dict[str, Tally] = defaultdict(Tally)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    fa_rules: Counter[str] = Counter()
    for o in run.outcomes:
        viol = bool(o.case["violating"])
        for tally in (overall, by_cat[f"{o.case['lang']}/{o.case['category']}"], by_lang[str(o.case["lang"])]):
            tally.add(viol, o.flagged)
        if o.flagged and not viol:
            fa_rules.update(set(o.rules))

    def brief(o: Outcome) -> dict[str, Any]:
        return {"id": o.case["id"], "platform": o.case["platform"], "kind": o.case["kind"],
                "text": o.case["text"], "rules": o.rules}

    missed = [brief(o) for o in run.outcomes if o.case["violating"] and not o.flagged]
    false_alarms = [brief(o) for o in run.outcomes if not o.case["violating"] and o.flagged]
    return {"overall": overall.as_dict(), "by_language": {k: v.as_dict() for k, v in sorted(by_lang.items())},
            "by_category": {k: v.as_dict() for k, v in sorted(by_cat.items())},
            "false_alarm_rules": dict(fa_rules.most_common()), "n_missed": len(missed),
            "n_false_alarms": len(false_alarms), "missed": missed[:show], "false_alarms": false_alarms[:show],
            "errors": run.errors}


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def print_table(summary: dict[str, Any]) -> None:
    head = f"{'group':32} {'n':>4} {'tp':>4} {'fn':>4} {'fp':>4} {'tn':>4}  prec  recall  false-alarm"
    print(head)
    print("-" * len(head))
    rows = [*summary["by_category"].items(), ("", None), *summary["by_language"].items(),
            ("OVERALL", summary["overall"])]
    for name, t in rows:
        if t is None:
            print()
            continue
        print(f"{name:32} {t['n']:4} {t['tp']:4} {t['fn']:4} {t['fp']:4} {t['tn']:4}  {fmt(t['precision'])}"
              f"  {fmt(t['recall'])}   {fmt(t['false_alarm_rate'])}")
    if summary["false_alarm_rules"]:
        print("\nrules behind false alarms:", ", ".join(f"{r}×{n}" for r, n in summary["false_alarm_rules"].items()))
    for title, key, total in (("missed", "missed", "n_missed"), ("false alarms", "false_alarms", "n_false_alarms")):
        print(f"\n{title} ({len(summary[key])} of {summary[total]} shown):")
        for c in summary[key]:
            text = c["text"].replace("\n", " / ")
            print(f"  {c['id']:32} [{c['platform']}/{c['kind']}] {text}" + (f"  <- {c['rules']}" if c["rules"] else ""))
    if summary["errors"]:
        print(f"\nerrors ({len(summary['errors'])}):")
        for e in summary["errors"]:
            print(f"  {e['id']}: {e['error']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--cases", type=Path, default=CASES_DIR, help="directory of *.jsonl case files")
    ap.add_argument("--lang", help="only cases in this language (zh, en)")
    ap.add_argument("--category", help="only cases of this category")
    ap.add_argument("--show", type=int, default=10, help="how many missed / false-alarm cases to list")
    ap.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    args = ap.parse_args(argv)
    run = Run()
    cases = [c for c in load_cases(args.cases, run) if args.lang in (None, c["lang"])]
    cases = [c for c in cases if args.category in (None, c["category"])]
    if not cases:
        print("no cases selected", file=sys.stderr)
        return 1
    check_all(cases, run)
    summary = summarise(run, max(args.show, 0))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_table(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
