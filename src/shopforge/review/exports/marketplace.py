"""Write one account's approved copy in a marketplace's upload format; approved items become "exported".

Every format goes the same way: the account's listings (``approved_listings``, the one read of approved copy),
the format's rows, the file, then the approved items that went into it marked exported with a review event.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from shopforge.review.exports.amazon import AMAZON_TSV
from shopforge.review.exports.context import ExportContext, MarketplaceFormat, Rows
from shopforge.review.exports.jd import JD_CSV
from shopforge.review.exports.listing import approved_listings, mark_exported
from shopforge.review.exports.shopify import SHOPIFY_CSV
from shopforge.review.exports.taobao import TAOBAO_CSV
from shopforge.review.exports.text import one_line
from shopforge.store.models import Account

MARKETPLACE_FORMATS: dict[str, MarketplaceFormat] = {
    spec.name: spec for spec in (SHOPIFY_CSV, AMAZON_TSV, TAOBAO_CSV, JD_CSV)
}


@dataclass
class ExportReport:
    """What an export wrote, and every field it left empty, cut or could not fill (one line each)."""

    format: str
    out: Path
    items: int  # content items written (jsonl: all of them; marketplaces: the approved ones used)
    rows: int = 0
    images: int = 0
    image_folder: Path | None = None
    notes: list[str] = field(default_factory=list)


def export_marketplace(session: Session, account: Account, out: Path, fmt: str) -> ExportReport:
    spec = MARKETPLACE_FORMATS[fmt]
    ctx = ExportContext(out)
    rows = spec.rows(approved_listings(session, account), ctx)
    write_table(out, spec.header, rows, delimiter=spec.delimiter, bom=spec.bom)
    for content in ctx.used.values():
        mark_exported(session, account, content, f"{fmt}: {out}")
    session.flush()
    folder = ctx.images.folder if ctx.images.copied else None
    return ExportReport(fmt, out, len(ctx.used), len(rows), ctx.images.copied, folder, ctx.notes)


def write_table(out: Path, header: tuple[str, ...], rows: Rows, *, delimiter: str, bom: bool) -> None:
    """CSV (quoted as needed) or TSV (no quoting: a cell's tabs and newlines become spaces), in UTF-8."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        if delimiter == "\t":
            handle.writelines("\t".join(one_line(cell) for cell in row) + "\n" for row in [list(header), *rows])
        else:
            csv.writer(handle, delimiter=delimiter).writerows([list(header), *rows])
