"""``shopforge image scene`` and ``shopforge image poster``: scenes for image batches, posters from verified copy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import typer

from shopforge.cli.context import err_console, fail, get_context
from shopforge.creative.backgrounds import BackgroundError
from shopforge.creative.diffusion import DiffusionBackground, DiffusionError, PaintParams
from shopforge.creative.io import ImageInputError, cutout_alpha, load_image
from shopforge.creative.layout import POSTER_SIZES
from shopforge.creative.phrases import product_phrases
from shopforge.creative.poster import PosterCopy, PosterLayoutError, UnverifiedCopyError, format_price, render_poster
from shopforge.creative.scene import ProductInput, scene
from shopforge.creative.typeset import FontError, TextFitError
from shopforge.settings import Settings
from shopforge.store.db import Database

SCENE_SIZE = (1200, 1200)


def scene_images(
    images: list[Path],
    style: str = typer.Option(
        "studio", "--style", help="studio | gradient | texture | noise | palette | folder:<path>"
    ),
    out: Path = typer.Option(..., "--out", help="Output folder: DIR/<stem>.png and DIR/<stem>.json per image"),
    backend: str = typer.Option(
        "composite", "--backend", help="composite | diffusion (SD inpainting folder: SHOPFORGE_DIFFUSION_MODEL_DIR)"
    ),
    prompt: str | None = typer.Option(None, "--prompt", help="diffusion: the background to paint (default: per style)"),
    steps: int = typer.Option(25, "--steps", min=1, help="diffusion: denoising steps"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """Put each product on a composited or diffusion-painted background; its pixels are kept; bad images are skipped.

    DIR/<stem>.json records each scene's provenance: back end, style, seed (diffusion: model folder, prompt, steps).
    """
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    painter = _scene_painter(backend, settings)  # a bad back end or model folder fails every image alike
    params = PaintParams(prompt=prompt, style=style, steps=steps, seed=seed)
    failures = 0
    for path in images:
        try:
            source = _product_input(path, settings)
            if painter is None:
                image, provenance = scene(source, style, SCENE_SIZE, seed=seed), _composite_provenance(style, seed)
            else:
                painted = painter.paint(source, SCENE_SIZE, params)
                image, provenance = painted.image, painted.provenance
            image.save(out / f"{path.stem}.png")  # lossless: the product pixels stay exact in the file
            sidecar = json.dumps({"source_image": str(path), **provenance}, ensure_ascii=False, indent=2)
            (out / f"{path.stem}.json").write_text(sidecar, encoding="utf-8")
        except BackgroundError as exc:
            fail(str(exc))  # a bad style or folder fails every image alike: stop at once
        except (ImageInputError, ValueError, RuntimeError, OSError) as exc:
            failures += 1
            err_console.print(f"{path}: {exc}", highlight=False, markup=False)
    if failures:
        raise typer.Exit(1)


def _scene_painter(backend: str, settings: Settings) -> DiffusionBackground | None:
    if backend == "composite":
        return None
    if backend != "diffusion":
        fail(f"unknown back end {backend!r}; known: composite, diffusion")
    try:
        return DiffusionBackground.from_settings(settings)
    except DiffusionError as exc:
        fail(str(exc))


def _composite_provenance(style: str, seed: int) -> dict[str, object]:
    return {"backend": "composite", "style": style, "seed": seed, "size": list(SCENE_SIZE)}


def _product_input(path: Path, settings: Settings) -> ProductInput:
    """The image's own alpha when it is already a cut-out; else the configured segmenter's matte."""
    image = load_image(path, keep_alpha=True)
    if cutout_alpha(image, below=250) is not None:  # some transparency: the file is already a cut-out
        return image
    rgb = image.convert("RGB")
    # imported here: segmenters load model files, which only the commands that segment should pay for
    from shopforge.creative.segment.registry import get_segmenter

    matte = get_segmenter(settings.segmenter, settings).mask(rgb)
    return rgb, np.asarray(matte, np.float32)


def poster(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    sku: str = typer.Option(..., "--sku"),
    size: str = typer.Option(..., "--size", help=" | ".join(POSTER_SIZES)),
    out: Path = typer.Option(..., "--out", help="Output folder: DIR/<sku>-<size>.png and .json"),
) -> None:
    """A selling-point poster from the product's verified title and bullets (and its price)."""
    if size not in POSTER_SIZES:
        fail(f"unknown size {size!r}; known: {', '.join(POSTER_SIZES)}")
    app = get_context(ctx)
    copy, image_path = _load_copy(app.db, account, sku)
    try:
        source = _product_input(image_path, app.settings)
        result = render_poster(source, copy, size, font_path=app.settings.font_path)
    except (UnverifiedCopyError, TextFitError, PosterLayoutError, FontError, ImageInputError, ValueError) as exc:
        fail(str(exc))
    out.mkdir(parents=True, exist_ok=True)
    name = f"{_safe_name(sku)}-{size}"  # not Path.with_suffix: a SKU like "A.1" would lose its tail
    result.image.save(out / f"{name}.png")
    sidecar = {"account": account, "sku": sku, "source_image": str(image_path), **result.layout.to_dict()}
    (out / f"{name}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=2), encoding="utf-8")
    print(str(out / f"{name}.png"))


def _load_copy(db: Database, account_name: str, sku: str) -> tuple[PosterCopy, Path]:
    from shopforge.store.accounts import AccountError, get_account
    from shopforge.store.contents import get_content_for
    from shopforge.store.products import get_product, product_facts

    with db.session() as session:
        try:
            account = get_account(session, account_name)
        except AccountError as exc:
            fail(str(exc))
        product = get_product(session, account, sku)
        if product is None:
            fail(f"no product {sku!r} in account {account_name!r}")
        try:
            copy = PosterCopy.from_contents(
                get_content_for(session, account, product, "title"),
                get_content_for(session, account, product, "bullets"),
                format_price(product.price, product.currency),
                product_phrases(product.title, product_facts(product)),
            )
        except UnverifiedCopyError as exc:
            fail(f"{sku}: {exc}")
        image_path = _first_image(product.images)
    if image_path is None:
        fail(f"{sku}: no product image file found among the catalogue's images {product.images!r}")
    return copy, image_path


def _first_image(refs: list[object]) -> Path | None:
    for ref in refs:
        if isinstance(ref, str) and "://" not in ref:
            path = Path(ref).expanduser()
            if path.is_file():
                return path
    return None


def _safe_name(sku: str) -> str:
    # SKUs may hold "/" or spaces; a file name must not
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in sku)
