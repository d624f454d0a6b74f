"""Read evaluation sets: the catalogue contract format, plus the two shared research sets' own formats.

The Flipkart sample (``uniq_id``, ``category_path``, ``attributes: [{key, value}]``) and AdvertiseGen
(``id``, ``attributes``, ``reference``) are converted to ``ProductRecord``s; anything with a ``sku`` goes
through the normal catalogue reader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from shopforge.catalog.readers import read_catalog
from shopforge.catalog.records import ProductRecord


@dataclass
class EvalProduct:
    record: ProductRecord
    reference: str | None = None  # human-written copy shipped with the set, when there is one


def load_eval_products(path: Path, limit: int | None = None) -> list[EvalProduct]:
    if path.is_dir():
        candidates = sorted(path.glob("*.jsonl"))
        if not candidates:
            raise FileNotFoundError(f"no .jsonl file in {path}")
        path = candidates[0]
    with path.open(encoding="utf-8") as handle:
        first = next((line for line in handle if line.strip()), "{}")
    sample = json.loads(first)
    if "sku" in sample:
        products = [EvalProduct(r) for r in read_catalog(path).records]
    else:
        products = [p for p in _read_foreign(path) if p is not None]
    return products[:limit] if limit else products


def _read_foreign(path: Path) -> list[EvalProduct | None]:
    out: list[EvalProduct | None] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                row = json.loads(line)
                out.append(_flipkart(row, number) if "uniq_id" in row else _advertisegen(row, number))
    return out


def _pairs(row: dict[str, object]) -> list[tuple[str, str]]:
    pairs = []
    for item in row.get("attributes") or []:  # type: ignore[attr-defined]
        key, value = item.get("key"), item.get("value")
        if value:
            pairs.append((str(key or "detail"), str(value)))
    return pairs


def _flipkart(row: dict[str, object], line: int) -> EvalProduct:
    categories = [str(c) for c in row.get("category_path") or []][:-1]  # type: ignore[attr-defined]
    price = row.get("discounted_price_inr") or row.get("retail_price_inr")
    record = ProductRecord(
        sku=str(row["uniq_id"]),
        title=str(row["title"]),
        line=line,
        brand=(str(row["brand"]) or None) if row.get("brand") else None,
        categories=categories,
        price=float(price) if price else None,  # type: ignore[arg-type]
        currency="INR",
        attributes=_pairs(row),
        description=str(row.get("description") or "") or None,
    )
    return EvalProduct(record, reference=str(row["title"]))


def _advertisegen(row: dict[str, object], line: int) -> EvalProduct | None:
    attributes = _pairs(row)
    if not attributes:
        return None
    kind = next((v for k, v in attributes if k == "类型"), "")
    style = next((v for k, v in attributes if k in ("衣样式", "裙型", "裤型")), kind)
    title = " ".join(dict.fromkeys([v for k, v in attributes if k not in ("类型",)] + [style or kind]))
    record = ProductRecord(
        sku=f"adgen-{row.get('id', line)}", title=title, line=line, categories=[kind], attributes=attributes
    )
    return EvalProduct(record, reference=str(row.get("reference") or "") or None)
