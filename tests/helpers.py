"""Small catalogue fixtures shared by tests (written here, not read from ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

from shopforge.facts.model import Fact, FactKind
from shopforge.facts.normalize import normalize_product
from shopforge.knowledge.benefits import load_benefits


def product_facts(
    attributes: list[tuple[str, str]], title: str = "", brand: str | None = None, description: str | None = None
) -> list[Fact]:
    """The facts of a product given by its attributes (and title, brand, description), as import builds them."""
    return normalize_product(title=title, brand=brand, categories=[], price=None, currency=None,
                             attributes=attributes, description=description)  # fmt: skip


ZH_BOTTLE = {
    "sku": "ZH-CUP-1",
    "title": "象山 304不锈钢保温杯 750ml 黑色",
    "brand": "象山",
    "category": ["水具", "保温杯"],
    "price": 89.0,
    "currency": "CNY",
    "attributes": {"材质": "304不锈钢", "容量": "750ml", "颜色": "黑色", "保温时长": "12小时"},
    "description": "双层真空结构，适合通勤。",
}
EN_SHORTS = {
    "sku": "EN-SHORTS-1",
    "title": "Alisha Solid Women's Cycling Shorts",
    "brand": "Alisha",
    "category": ["Clothing", "Shorts"],
    "price": 379,
    "currency": "INR",
    "attributes": [
        {"key": "Fabric", "value": "Cotton Lycra"},
        {"key": "Type", "value": "Cycling Shorts"},
        {"key": "Pattern", "value": "Solid"},
        {"key": "Color", "value": "Navy"},
        {"key": "Number of Contents in Sales Package", "value": "Pack of 3"},
    ],
}
EN_KETTLE = {
    "sku": "EN-KETTLE-1",
    "title": "Brewly Electric Kettle 1.7 L Stainless Steel 1500 W",
    "brand": "Brewly",
    "category": ["Kitchen", "Kettles"],
    "attributes": {"Capacity": "1.7 L", "Material": "Stainless Steel", "Power": "1500 W", "Color": "Silver"},
}


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def unlocked_entries(facts: list[Fact]) -> set[str]:
    """The benefit entries a product's facts unlock (by first match word), by the planner's and the verifier's
    rule: every fact but the title and description text, prices and facts read from the description."""
    book = load_benefits()
    found: set[str] = set()
    for fact in facts:
        if fact.kind in (FactKind.TEXT, FactKind.PRICE) or fact.source == "description":
            continue
        found.update(entry.match[0] for entry in book.entries_for_fact(fact.key, fact.value, fact.canonical))
    return found
