"""``shopforge image detail --account A --sku SKU --out DIR``: a long 750 px detail page, stored as an asset.

Writes DIR/<sku>-detail.png; sections the product has nothing for (no verified copy, no attribute facts) are
left out and listed on stderr with the reason. ``--slice 1546`` also writes DIR/<sku>-detail-01.png, -02.png …,
each at most that tall, cut at section boundaries when possible and never through a line of text (Taobao/Tmall
mobile detail pages take images up to about 1546 px tall).
"""

from __future__ import annotations

from pathlib import Path

import typer

from shopforge.cli.context import account_session, fail, get_context, note, require_product
from shopforge.creative.detail_slices import MIN_SLICE_HEIGHT
from shopforge.creative.io import ImageInputError
from shopforge.creative.segment.base import SegmentationError
from shopforge.creative.segment.registry import get_segmenter
from shopforge.creative.typeset import FontError
from shopforge.jobs.creative_outputs import CreativeInputError, ProductData, RenderSettings, load_photo, render_output
from shopforge.store.accounts import AccountError, get_account
from shopforge.store.assets import save_asset


def detail(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str = typer.Option(..., "--sku"),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder: DIR/<sku>-detail.png"),
    backend: str = typer.Option("", "--backend", help="Segmenter: u2net | u2netp | opencv | onnx (default: settings)"),
    slice_height: int = typer.Option(
        0, "--slice", help=f"Also write slices at most N px tall (Taobao mobile: 1546; at least {MIN_SLICE_HEIGHT})"
    ),
) -> None:
    """A detail page: hero with the verified title, selling points, a specs table from the facts, and scenes."""
    if slice_height and slice_height < MIN_SLICE_HEIGHT:
        fail(f"--slice {slice_height}: use at least {MIN_SLICE_HEIGHT} px (or 0 for no slices)")
    app = get_context(ctx)
    try:
        with app.db.session() as session:
            shop = get_account(session, account)
            data = ProductData.load(session, shop, require_product(session, shop, sku))
            platform, lang = shop.platform, shop.lang
        segmenter = get_segmenter(backend or app.settings.segmenter, app.settings)
        photo = load_photo(data.images, segmenter)
        config = RenderSettings(platform, lang, out, font_path=app.settings.font_path, detail_slice=slice_height)
        output = render_output("detail", data, photo, config)
    except (AccountError, CreativeInputError, ImageInputError, SegmentationError, FontError, ValueError) as exc:
        fail(f"{sku}: {exc}")  # SliceError is a ValueError
    with account_session(app, account) as (session, shop):
        provenance = output.provenance(photo, segmenter.name, kind="detail")
        save_asset(session, shop, require_product(session, shop, sku), "detail", output.path, provenance, output.check)
    for section, reason in output.check.get("skipped", {}).items():
        note(f"{sku}: {section} left out: {reason}", soft_wrap=True)
    print(str(output.path))
    for path in output.parameters.get("slices", {}).get("files", []):
        print(path)
