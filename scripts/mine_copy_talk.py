"""Candidates for the neutral vocabulary: the words of real ad copy that no fact of its own product licenses.

Reads AdvertiseGen pairs (``../shared/data/copy_advertisegen_zh/pairs.jsonl``, rows ``--rows``, the tuning part:
the grounding benches use the last rows), runs each reference copy through the closed-world grounding check
against its own attributes, and prints the unlicensed words by how many copies use them. A person then reads the
list and keeps only words that assert nothing about a product (styling talk, connectives, body parts); the rest
are claims the reference copy makes beyond its data and stay unlicensed.

    .venv/bin/python scripts/mine_copy_talk.py [--rows 0:250] [--min 3]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from shopforge.copywriting.verify.licence import RULE, LicenceBook, license_copy
from shopforge.facts.model import Fact, FactKind

PAIRS = Path(__file__).resolve().parents[2] / "shared/data/copy_advertisegen_zh/pairs.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="0:250")
    parser.add_argument("--min", type=int, default=3)
    args = parser.parse_args()
    start, stop = (int(x) for x in args.rows.split(":"))
    counts: Counter[str] = Counter()
    for line in PAIRS.read_text(encoding="utf-8").splitlines()[start:stop]:
        row = json.loads(line)
        facts = [Fact(FactKind.TEXT, a["key"], a["value"], f"attributes.{a['key']}") for a in row["attributes"]]
        violations, _ = license_copy(row["reference"], LicenceBook(facts), [])
        counts.update({v.span for v in violations if v.rule == RULE})
    for word, n in counts.most_common():
        if n >= args.min:
            print(n, word)


if __name__ == "__main__":
    main()
