"""Throughput of the text line with the embedded model, against raw llama-cpp-python on the same prompts.

Runs in one process so both sides see the same machine load: first the full line (plan → write → verify →
repair → fallback) over N products, recording every prompt the writer sent; then the same prompts replayed
straight through llama-cpp-python (same grammar, same max_tokens); then the verifier alone.

    .venv/bin/python bench/text_throughput.py [--products FILE] [--n 60] [--platform amazon] [--lang en]

Prints a table, then ``titles/day=<n>`` and ``ratio=<pipeline ÷ raw>``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from shopforge.catalog.importer import facts_for_record
from shopforge.copywriting.line import LineResult, ProductionLine
from shopforge.copywriting.plan import AccountProfile, ProductInput
from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.evaluation.datasets import load_eval_products
from shopforge.jobs.factory import build_line
from shopforge.models.base import Completion, CompletionRequest, TextModel
from shopforge.models.embedded import EmbeddedModel, grammar_for
from shopforge.settings import Settings

DEFAULT_PRODUCTS = Path(__file__).resolve().parents[1] / "samples" / "catalog.jsonl"
SECONDS_PER_DAY = 86_400


class RecordingModel:
    """Passes requests to the real model and keeps them, so the raw run can replay exactly the same prompts."""

    def __init__(self, inner: TextModel) -> None:
        self.inner = inner
        self.backend = inner.backend
        self.model_id = inner.model_id
        self.requests: list[CompletionRequest] = []

    def complete(self, request: CompletionRequest) -> Completion:
        self.requests.append(request)
        return self.inner.complete(request)


def main() -> None:
    args = _arguments()
    settings = Settings()
    products = load_eval_products(args.products, args.n)
    inputs = [
        ProductInput(p.record.sku, p.record.title, p.record.brand, p.record.categories, facts_for_record(p.record))
        for p in products
    ]
    lang = args.lang or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in inputs[0].title) else "en")
    account = AccountProfile("bench", args.platform or ("taobao" if lang == "zh" else "amazon"), lang)
    line = build_line(settings, "embedded", account.platform, account.lang)
    assert isinstance(line.writer, EmbeddedModel)
    recorder = RecordingModel(line.writer)
    line = ProductionLine(recorder, line.verifier, line.exemplars, max_repair_attempts=line.max_repair_attempts)
    inputs.sort(key=lambda p: line.prefix_key(p, account, "title"))  # as a job orders its items
    line.produce(inputs[0], account, "title")  # warm-up: load the model, compile grammars

    recorder.requests.clear()
    started = time.perf_counter()
    results = [line.produce(product, account, "title") for product in inputs]
    pipeline_s = time.perf_counter() - started

    raw_s = _replay_raw(recorder.inner.llama, recorder.requests, with_grammar=False)
    raw_per_title = raw_s / len(inputs)
    sample = recorder.requests[: args.grammar_sample]
    library_grammar_s = _replay_raw(recorder.inner.llama, sample, with_grammar=True) / max(1, len(sample))

    verifier_rate = _verifier_rate(results, inputs, line.verifier)
    pipeline_per_title = pipeline_s / len(inputs)
    accepted = sum(r.accepted_from_writer for r in results) / len(results)
    rows = [
        ("products", f"{len(inputs)}"),
        ("LLM calls (pipeline)", f"{len(recorder.requests)}"),
        ("pipeline s/title", f"{pipeline_per_title:.3f}"),
        ("raw llama s/title (same prompts, free text)", f"{raw_per_title:.3f}"),
        ("raw llama s/call with its own grammar sampler", f"{library_grammar_s:.3f}"),
        ("published (verified) share", f"{sum(r.report.ok for r in results) / len(results):.3f}"),
        ("LLM draft acceptance", f"{accepted:.3f}"),
        ("verifier copies/s (1 core)", f"{verifier_rate:,.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")
    print(f"titles/day={int(SECONDS_PER_DAY / pipeline_per_title)}")
    print(f"ratio={raw_s / pipeline_s:.3f}")


def _replay_raw(llama: Any, requests: list[CompletionRequest], *, with_grammar: bool) -> float:
    """The same prompts straight through ``llama_cpp.Llama.create_completion``.

    Without grammar this is the plain cost of generating those prompts; with the library's own grammar sampler
    (which masks all 262k vocabulary entries per token) it shows why the line samples constrained JSON itself.
    """
    grammars = [grammar_for(r.json_schema) if (with_grammar and r.json_schema) else None for r in requests]
    started = time.perf_counter()
    for request, grammar in zip(requests, grammars, strict=True):
        llama.create_completion(
            prompt=request.prompt,
            max_tokens=request.max_tokens,
            temperature=request.temperature,
            stop=request.stop or None,
            seed=request.seed,
            grammar=grammar,
        )
    return time.perf_counter() - started


def _verifier_rate(results: list[LineResult], inputs: list[ProductInput], verifier: Verifier) -> float:
    facts = [ProductFacts.build(p.facts, p.brand) for p in inputs]
    pairs = [(r.text, f) for r, f in zip(results, facts, strict=True)] * max(1, 20_000 // len(inputs))
    started = time.perf_counter()
    for text, fact in pairs:
        verifier.check(text, "title", fact)
    return len(pairs) / (time.perf_counter() - started)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=Path, default=DEFAULT_PRODUCTS)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--platform", default="")
    parser.add_argument("--lang", default="")
    parser.add_argument("--grammar-sample", type=int, default=3, help="calls timed with the library's grammar")
    return parser.parse_args()


if __name__ == "__main__":
    main()
