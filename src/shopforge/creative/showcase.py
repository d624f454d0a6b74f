"""The creative part of the demo: for each demo product with a photo, a cut-out, a platform main image (checked),
a studio scene and a selling-point poster from its verified copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from sqlalchemy.orm import Session

from shopforge.creative.cutout import cutout
from shopforge.creative.image_check import check_image
from shopforge.creative.io import load_image
from shopforge.creative.main_image import main_image, save_main_image
from shopforge.creative.poster import PosterCopy, format_price, render_poster
from shopforge.creative.scene import scene
from shopforge.creative.segment.base import Segmenter
from shopforge.knowledge.image_specs import image_spec_for
from shopforge.store.assets import save_asset
from shopforge.store.contents import get_content_for
from shopforge.store.models import Account, Product

POSTER_SIZE = {
    "taobao": "taobao",
    "tmall": "taobao",
    "jd": "taobao",
    "amazon": "amazon",
    "shopify": "taobao",
    "douyin": "douyin",
    "xiaohongshu": "xiaohongshu",
}


@dataclass
class ShowcaseResult:
    sku: str
    outputs: list[Path]
    main_image_ok: bool | None = None
    error: str | None = None


def showcase_product(
    session: Session, account: Account, product: Product, segmenter: Segmenter, out: Path
) -> ShowcaseResult:
    """All creative outputs for one product; any failure is reported for this product only."""
    result = ShowcaseResult(product.sku, [])
    photo = next((Path(ref) for ref in product.images if Path(ref).is_file()), None)
    if photo is None:
        result.error = "no local product photo"
        return result
    try:
        _render_all(session, account, product, photo, segmenter, out, result)
    except Exception as exc:  # one product's failure must not stop the demo; the reason is shown
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def _render_all(
    session: Session,
    account: Account,
    product: Product,
    photo: Path,
    segmenter: Segmenter,
    out: Path,
    result: ShowcaseResult,
) -> None:
    image = load_image(photo)
    folder = out / account.name / "images"
    folder.mkdir(parents=True, exist_ok=True)
    base = {"source_image": str(photo), "segmenter": segmenter.name}

    def record(kind: str, path: Path, steps: list[str], check: dict[str, object] | None = None) -> None:
        result.outputs.append(path)
        save_asset(session, account, product, kind, path, {**base, "steps": steps}, check)

    rgba = cutout(image, segmenter)
    mask = np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0
    record("cutout", _save(rgba, folder / f"{product.sku}-cutout.png"), ["segment", "select", "matting"])
    spec = image_spec_for(account.platform)
    main = main_image(image, mask, account.platform)
    report = check_image(main, account.platform)
    result.main_image_ok = report.ok
    main_path = save_main_image(main, spec, folder, f"{product.sku}-main")
    record("main_image", main_path, ["cutout", f"main_image:{account.platform}@{spec.version}"], report.to_dict())
    record(
        "scene",
        _save(scene(rgba, "studio", (1200, 1200)), folder / f"{product.sku}-scene.png"),
        ["cutout", "scene:studio"],
    )
    copy = PosterCopy.from_contents(
        get_content_for(session, account, product, "title"),
        get_content_for(session, account, product, "bullets"),
        format_price(product.price, product.currency),
    )
    poster = render_poster(rgba, copy, POSTER_SIZE.get(account.platform, "taobao"))
    record(
        "poster",
        _save(poster.image, folder / f"{product.sku}-poster.png"),
        ["cutout", f"poster:{POSTER_SIZE.get(account.platform, 'taobao')}"],
        {"strings": poster.layout.strings},
    )


def _save(image: Image.Image, path: Path) -> Path:
    (image.convert("RGB") if path.suffix == ".jpg" else image).save(path)
    return path
