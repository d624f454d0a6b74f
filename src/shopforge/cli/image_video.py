"""``shopforge image video --account A --sku SKU --out DIR``: a short product video, stored as an asset.

Writes DIR/<sku>-<size>.mp4. Captions are the product's verified selling points only; when it has none, the
video is made without captions and stderr says why.
"""

from __future__ import annotations

from pathlib import Path

import typer

from shopforge.cli.context import err_console, fail, get_context
from shopforge.creative.io import ImageInputError
from shopforge.creative.segment.base import SegmentationError
from shopforge.creative.segment.registry import get_segmenter
from shopforge.creative.typeset import FontError, TextFitError
from shopforge.creative.video import VIDEO_SIZES, VideoEncodeError, encode, plan_video, verified_points
from shopforge.jobs.creative_outputs import CreativeInputError, ProductData, load_photo, safe_name
from shopforge.store.accounts import AccountError, get_account
from shopforge.store.assets import save_asset
from shopforge.store.products import get_product


def video(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str = typer.Option(..., "--sku"),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Output folder: DIR/<sku>-<size>.mp4"),
    size: str = typer.Option("douyin", "--size", help=" | ".join(VIDEO_SIZES)),
    seconds: float = typer.Option(8.0, "--seconds", help="Length in seconds (2–30)"),
    style: str = typer.Option("studio", "--style", help="Background: studio | gradient | texture | noise | palette"),
    backend: str = typer.Option("", "--backend", help="Segmenter: u2net | u2netp | opencv | onnx (default: settings)"),
) -> None:
    """A short H.264 video: the product over a slow zoom and pan, its verified selling points as caption cards."""
    if size not in VIDEO_SIZES:
        fail(f"unknown size {size!r}; known: {', '.join(VIDEO_SIZES)}")
    app = get_context(ctx)
    try:
        with app.db.session() as session:
            shop = get_account(session, account)
            product = get_product(session, shop, sku)
            if product is None:
                fail(f"no product {sku!r} in account {account!r}")
            data = ProductData.load(session, shop, product)
        points, reason = verified_points(data.bullets)
        segmenter = get_segmenter(backend or app.settings.segmenter, app.settings)
        photo = load_photo(data.images, segmenter)
        plan = plan_video(
            photo.rgba, points, size, seconds=seconds, style=style, font_path=app.settings.font_path,
            keep=data.phrases,
        )  # fmt: skip
        path = out / f"{safe_name(sku)}-{size}.mp4"
        check = encode(plan, path)
    except (AccountError, CreativeInputError, ImageInputError, SegmentationError, FontError, TextFitError,
            VideoEncodeError, ValueError) as exc:  # fmt: skip
        fail(f"{sku}: {exc}")
    check = {**check, "ok": check["product_pixels_kept"], "captions": plan.strings}
    if reason:
        err_console.print(f"{sku}: {reason}: the video has no captions", highlight=False, markup=False, soft_wrap=True)
    provenance = {
        "source_image": str(photo.path), "steps": [*photo.steps, f"video:{size}"], "backend": segmenter.name,
        "kind": "video", "parameters": {"style": style, "codec": "h264", **plan.to_dict()},
        "captions_skipped": reason,
    }  # fmt: skip
    with app.db.session() as session:
        shop = get_account(session, account)
        save_asset(session, shop, get_product(session, shop, sku), "video", path, provenance, check)
    print(str(path))
