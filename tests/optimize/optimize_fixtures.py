"""Crafted listings for the optimisation tests: a clean product per language and one defect per finding code.

Images are rendered here (a textured bottle with its exact mask, from the creative tests) and text is stamped with
the Noto CJK font the project ships, so the real OCR reads it; nothing is read from ../shared.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from tests.creative.test_measure import render_bottle
from tests.helpers import EN_KETTLE, ZH_BOTTLE, write_jsonl

from shopforge.catalog.importer import import_file
from shopforge.creative.ocr import RapidTextReader
from shopforge.creative.typeset import default_font_path
from shopforge.optimize.understand_image import ImageAnalyzer
from shopforge.store.db import Database
from shopforge.store.models import Account, Product
from shopforge.store.products import get_product
from shopforge.store.versions import ImageRef, ListingContent, add_version

EN_PRODUCT: dict[str, Any] = {
    **EN_KETTLE,
    "sku": "EN-KETTLE",
    "price": 39.0,
    "currency": "USD",
    "description": "Electric kettle with a stainless steel body and auto shut-off.",
}
EN_CLEAN: dict[str, Any] = {
    "title": "Brewly Stainless Steel 1.7 L Silver Electric Kettle with 1500 W Power",
    "bullets": [
        "Durable and easy to clean stainless steel body",
        "Holds 1.7 L for everyday use",
        "Boils water with 1500 W",
    ],
    "description": (
        "The Brewly electric kettle has a stainless steel body that is durable and easy to clean. "
        "It holds 1.7 L and heats with 1500 W."
    ),
}
ZH_PRODUCT: dict[str, Any] = {**ZH_BOTTLE, "sku": "ZH-CUP"}
ZH_CLEAN: dict[str, Any] = {
    "title": "象山 304不锈钢 750ml 黑色 保温杯 通勤",
    "bullets": ["耐用易清洁：304不锈钢", "容量750ml，通勤够用", "保温12小时"],
    "description": "象山保温杯采用304不锈钢，耐用易清洁，容量750ml，适合通勤。",
}
AMAZON_SIDE, TMALL_SIDE = 1200, 900


@functools.cache
def ocr_reader() -> RapidTextReader:
    """One real RapidOCR reader for the whole test session (its models load once)."""
    return RapidTextReader()


def analyzer(platform: str) -> ImageAnalyzer:
    return ImageAnalyzer(platform, reader=ocr_reader())


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(default_font_path()), size)


def clean_photo(side: int, *, fill: float = 0.87, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    photo, _ = render_bottle((side, side), fill=fill, background=background)
    return photo


def stamped(photo: Image.Image, text: str, *, size: int = 64) -> Image.Image:
    """The photo with a caption in the top-left corner (where a seller's sticker sits)."""
    out = photo.copy()
    ImageDraw.Draw(out).text((20, 20), text, font=_font(size), fill=(200, 0, 0))
    return out


def busy_background(side: int) -> Image.Image:
    """The product on a striped, coloured backdrop (a room, not a studio)."""
    photo, mask = render_bottle((side, side), fill=0.87, background=(120, 160, 90))
    stripes = Image.new("RGB", photo.size, (120, 160, 90))
    draw = ImageDraw.Draw(stripes)
    for x in range(0, side, 40):
        draw.rectangle((x, 0, x + 19, side), fill=(150, 110, 70))
    stripes.paste(photo, (0, 0), Image.fromarray((mask * 255).astype("uint8"), "L"))
    return stripes


IMAGE_DEFECTS: dict[str, Callable[[int], Image.Image]] = {
    "image_background_not_white": busy_background,
    "image_product_too_small": lambda side: clean_photo(side, fill=0.4),
    "image_low_resolution": lambda side: clean_photo(side // 3),
    "image_blurry": lambda side: clean_photo(side).filter(ImageFilter.GaussianBlur(6)),
    "image_has_text_overlay": lambda side: stamped(clean_photo(side), "NEW 2026"),
    "image_text_forbidden_term": lambda side: stamped(clean_photo(side), "全网第一"),
}


def text_defects(lang: str) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    """Per finding code, a function that breaks a clean live content in that one way."""
    if lang == "en":
        return {
            "title_too_long": lambda c: c | {"title": c["title"] + " for Home Kitchen Office Tea Coffee Water Use"},
            "title_too_short": lambda c: c | {"title": "Brewly Kettle"},
            "title_missing_category": lambda c: c | {"title": "Brewly Stainless Steel 1.7 L Silver 1500 W Heating"},
            "title_missing_key_attribute": lambda c: c | {"title": "Brewly Silver Electric Kettle with Fast Heating"},
            "forbidden_term": lambda c: c | {"title": "Best " + c["title"]},
            "ungrounded_claim": lambda c: c | {"description": c["description"].replace("1.7 L", "2.5 L")},
            "missing_selling_points": lambda c: c | {"bullets": []},
        }
    return {
        "title_too_long": lambda c: c | {"title": c["title"] + " 办公室家用大容量便携商务礼品男女"},
        "title_too_short": lambda c: c | {"title": "保温杯"},
        "title_missing_category": lambda c: c | {"title": "象山 304不锈钢 750ml 黑色 通勤款"},
        "title_missing_key_attribute": lambda c: c | {"title": "象山 黑色 保温杯 通勤 学生 办公"},
        "forbidden_term": lambda c: c | {"title": "全网第一 " + c["title"]},
        "ungrounded_claim": lambda c: c | {"description": c["description"].replace("750ml", "1000ml")},
        "missing_selling_points": lambda c: c | {"bullets": []},
    }


def import_rows(db: Database, account_name: str, rows: list[dict[str, Any]], folder: Path) -> None:
    from shopforge.store.accounts import get_account

    path = write_jsonl(folder / f"{account_name}-{len(rows)}.jsonl", rows)
    with db.session() as session:
        report = import_file(session, get_account(session, account_name), path)
        assert not report.errors, report.errors


def product_row(base: dict[str, Any], sku: str, content: dict[str, Any], image: Path | None) -> dict[str, Any]:
    row = base | {"sku": sku, "content": content}
    return row | ({"images": [str(image)]} if image is not None else {})


def save_image(image: Image.Image, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jpg"
    image.save(path, quality=95, subsampling=0)
    return path


def put_content(db: Database, account: Account, sku: str, content: ListingContent) -> int:
    """Store content as the product's current version directly (as the API would), bypassing import."""
    with db.session() as session:
        merged = session.merge(account)
        product = get_product(session, merged, sku)
        assert product is not None
        return add_version(session, merged, product, content, source="import").id


def with_image(content: ListingContent, path: Path) -> ListingContent:
    return replace(content, images=(ImageRef(str(path), "main"),))


def product_of(session: Any, account: Account, sku: str) -> Product:
    product = get_product(session, account, sku)
    assert product is not None
    return product
