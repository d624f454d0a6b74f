"""Check copy written anywhere against a product's facts: the one function the CLI and the API share."""

from __future__ import annotations

import json
from typing import Any

from shopforge.copywriting.kinds import KINDS
from shopforge.copywriting.verify import ProductFacts, Verifier


def check_line(line: str, number: int, verifier: Verifier, facts: dict[str, ProductFacts]) -> dict[str, Any]:
    try:
        row = json.loads(line)
        sku, kind, text = str(row["sku"]), str(row["kind"]), row["text"]
        if not isinstance(text, str):
            raise TypeError("text is not a string")
    except (ValueError, KeyError, TypeError) as exc:
        return _input_error(None, None, f"line {number}: malformed copy line ({exc})")
    if kind not in KINDS:
        return _input_error(sku, kind, f"line {number}: unknown kind {kind!r}; known: {', '.join(KINDS)}")
    # No record for the SKU (none in the file, or one the reader rejected, e.g. without a title): the copy has no
    # facts to ground against and is checked against the law and platform packs alone.
    report = verifier.check(text, kind, facts.get(sku, _NO_FACTS))
    # Errors first, then warnings (lawful only when substantiated: Green Guides claims, restricted items): a
    # warning is shown, its message saying so, but does not make the copy fail. The keys stay the contract's.
    warnings = [v.to_public() | {"message": f"warning: {v.message}"} for v in report.warnings]
    violations = [*(v.to_public() for v in report.errors), *warnings]
    return {"sku": sku, "kind": kind, "ok": report.ok, "violations": violations}


_NO_FACTS = ProductFacts.build([], None)


def _input_error(sku: str | None, kind: str | None, message: str) -> dict[str, Any]:
    return {
        "sku": sku,
        "kind": kind,
        "ok": False,
        "violations": [{"rule": "input", "span": "", "message": message}],
    }
