"""``shopforge check``: verify copy written anywhere against products' facts and the platform's rules."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.readers import CatalogFormatError, read_catalog
from shopforge.cli.context import err_console, fail
from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.copywriting.verify.copy_check import check_line
from shopforge.knowledge.rulepacks import UnknownPlatformError


def check(
    copies: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL lines {sku, kind, text}"),
    platform: str = typer.Option(..., "--platform"),
    lang: str = typer.Option(..., "--lang"),
    products: Path = typer.Option(..., "--products", exists=True, dir_okay=False, help="Catalogue JSONL"),
) -> None:
    """Print one JSON line per copy, in order: {sku, kind, ok, violations}."""
    try:
        verifier = Verifier(platform, lang)
        catalogue = read_catalog(products)
    except (UnknownPlatformError, CatalogFormatError, ValueError) as exc:
        fail(str(exc))
    for error in catalogue.errors:
        err_console.print(f"{products.name}: {error}", highlight=False, markup=False)
    facts = {r.sku: ProductFacts.build(facts_for_record(r), r.brand) for r in catalogue.records}
    with copies.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                print(json.dumps(check_line(line, number, verifier, facts), ensure_ascii=False), flush=False)
