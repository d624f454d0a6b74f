"""``/check``: verify copy written anywhere against given products' facts and a platform's rules."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, status

from shopforge.api.deps import AccountDep
from shopforge.api.schemas import CheckRequest, CheckResult, error_responses
from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.readers import read_catalog_data
from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.copywriting.verify.copy_check import check_line
from shopforge.knowledge.rulepacks import UnknownPlatformError, normalize_lang
from shopforge.store.accounts import LANGS

router = APIRouter(tags=["check"])


@router.post("/check", responses=error_responses(401, 422))
def check(body: CheckRequest, account: AccountDep) -> list[CheckResult]:
    """One result per copy, in order: ``{sku, kind, ok, violations}`` (as ``shopforge check`` prints).

    Rules are those of the caller's platform and language unless ``platform`` / ``lang`` are given.
    A copy whose SKU has no readable product record is checked against the law and platform packs alone.
    """
    lang = body.lang or account.lang
    if normalize_lang(lang) not in LANGS:  # an unknown language would silently skip the language packs
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"unknown language {lang!r}; known: {', '.join(LANGS)}"
        )
    try:
        verifier = Verifier(body.platform or account.platform, lang)
    except (UnknownPlatformError, ValueError) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    catalogue_text = "\n".join(json.dumps(record, ensure_ascii=False) for record in body.products)
    catalogue = read_catalog_data(catalogue_text.encode(), "products.jsonl")
    facts = {r.sku: ProductFacts.build(facts_for_record(r), r.brand) for r in catalogue.records}
    return [
        CheckResult.model_validate(check_line(copy.model_dump_json(), number, verifier, facts))
        for number, copy in enumerate(body.copies, start=1)
    ]
