"""The optimisation eval's fixture: clean listings from shared data and the same listings with one defect each.

Used by ``bench/optimize_eval.py`` (see its docstring for how the fixture is built and what is measured).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from shopforge.copywriting.plan import PlanError, plan_content
from shopforge.creative.main_image import main_image
from shopforge.creative.typeset import default_font_path
from shopforge.evaluation.datasets import load_eval_products
from shopforge.jobs.factory import account_profile, build_line
from shopforge.optimize.benefits import rank_benefits
from shopforge.optimize.tools import benefit_first
from shopforge.settings import Settings
from shopforge.store.accounts import create_account
from shopforge.store.db import Database
from shopforge.store.products import get_product, upsert_product
from shopforge.store.versions import ImageRef, ListingContent, add_version

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TEXT_CODES = ("title_too_long", "title_too_short", "title_missing_category", "title_missing_key_attribute",
              "forbidden_term", "ungrounded_claim", "duplicate_content", "missing_selling_points")  # fmt: skip
IMAGE_CODES = ("image_background_not_white", "image_product_too_small", "image_low_resolution", "image_blurry",
               "image_has_text_overlay", "image_text_forbidden_term")  # fmt: skip
CODES = TEXT_CODES + IMAGE_CODES
LANGS = {"en": ("amazon", DATA / "catalog_flipkart_en"), "zh": ("tmall", DATA / "copy_advertisegen_zh")}
FILLER = {"en": " for Home Kitchen Office Travel Daily Use Gift Pack", "zh": " 家用办公室大容量便携商务礼品男女款"}
FALSE_CLAIM = {"en": " Holds 9.9 L.", "zh": "容量9.9L。"}
STAMP = {"image_has_text_overlay": {"en": "NEW ARRIVAL", "zh": "新品上市"},
         "image_text_forbidden_term": {"en": "BEST SELLER No.1", "zh": "全网第一"}}  # fmt: skip


def grabcut_photos(folder: Path) -> list[tuple[Image.Image, np.ndarray]]:
    """GrabCut photos with their masks (255 object, 128 uncertain band → 0.5), object-like ones first."""
    index = json.loads((folder / "index.json").read_text())
    chosen = sorted(index, key=lambda r: -r["fg_frac"])  # larger objects survive the main-image enlargement
    return [
        (Image.open(folder / r["image"]).convert("RGB"), np.asarray(Image.open(folder / r["mask"]).convert("L")) / 255)
        for r in chosen
    ]


def build_products(lang: str, count: int, settings: Settings) -> list[dict[str, Any]]:
    """Records with clean content from the production line; skips products the line cannot write."""
    platform, path = LANGS[lang]
    line = build_line(settings, "template", platform, lang)
    out: list[dict[str, Any]] = []
    profile = account_profile(type("A", (), {"name": f"eval-{lang}", "platform": platform, "lang": lang,
                                             "brand_voice": "", "audience": ""})())  # fmt: skip
    from shopforge.catalog.importer import facts_for_record
    from shopforge.copywriting.plan import ProductInput

    for item in load_eval_products(path):
        record = item.record
        source = ProductInput(record.sku, record.title, record.brand, record.categories, facts_for_record(record))
        try:
            plan = plan_content(source, profile, "title")
        except PlanError:
            continue
        if len([p for p in plan.attributes if p.kind in ("material", "quantity", "colour", "count")]) < 2:
            continue
        results = {kind: line.produce(source, profile, kind) for kind in ("title", "bullets", "description")}
        if not all(r.report.ok for r in results.values()):
            continue
        bullets = [b.lstrip("-•* ").strip() for b in results["bullets"].text.splitlines() if b.strip()]
        # best practice, as the bullets tool writes them: the bullet stating a benefit leads
        bullets = benefit_first(bullets, rank_benefits(source.facts, lang))
        content = {"title": results["title"].text, "bullets": bullets, "description": results["description"].text}
        out.append({"record": record, "content": content, "category": plan.category.text, "plan": plan})
        if len(out) == count:
            break
    return out


def clean_main(photo: Image.Image, mask: np.ndarray, platform: str) -> Image.Image:
    big = photo.resize((photo.width * 3, photo.height * 3), Image.Resampling.LANCZOS)
    matte = Image.fromarray((mask * 255).astype(np.uint8)).resize(big.size, Image.Resampling.LANCZOS)
    return main_image(big, np.asarray(matte, np.float32) / 255, platform)


def _stamp(image: Image.Image, text: str) -> Image.Image:
    out = image.copy()
    font = ImageFont.truetype(str(default_font_path()), max(24, image.width // 14))
    ImageDraw.Draw(out).text((image.width // 30, image.height // 30), text, font=font, fill=(210, 20, 20))
    return out


def defect_image(code: str, clean: Image.Image, photo: Image.Image, lang: str) -> Image.Image:
    if code == "image_background_not_white":
        return photo.resize((clean.width, round(clean.width * photo.height / photo.width)), Image.Resampling.LANCZOS)
    if code == "image_product_too_small":
        canvas = Image.new("RGB", clean.size, (255, 255, 255))
        canvas.paste(
            clean.resize((clean.width * 9 // 20, clean.height * 9 // 20)), (clean.width // 4, clean.height // 4)
        )
        return canvas
    if code == "image_low_resolution":
        return clean.resize((clean.width * 2 // 5, clean.height * 2 // 5), Image.Resampling.LANCZOS)
    if code == "image_blurry":
        return clean.filter(ImageFilter.GaussianBlur(clean.width / 250))
    return _stamp(clean, STAMP[code][lang])


def defect_content(code: str, item: dict[str, Any], other: dict[str, Any], lang: str) -> dict[str, Any] | None:
    content = dict(item["content"])
    title, category = content["title"], item["category"]
    if code == "title_too_long":
        while len(title.encode("gbk", "replace") if lang == "zh" else title) <= (60 if lang == "zh" else 80):
            title += FILLER[lang]
        return content | {"title": title}
    if code == "title_too_short":
        return content | {"title": category}
    if code == "title_missing_category":
        return content | {"title": " ".join(title.replace(category, " ").split())} if category in title else None
    if code == "title_missing_key_attribute":
        for phrase in item["plan"].attributes:
            title = title.replace(phrase.text, " ")
        return content | {"title": " ".join(title.split())}
    if code == "forbidden_term":
        return content | {"title": ("全网第一 " if lang == "zh" else "Best ") + title}
    if code == "ungrounded_claim":
        return content | {"description": content["description"] + FALSE_CLAIM[lang]}
    if code == "duplicate_content":
        return content | {"title": other["content"]["title"], "description": other["content"]["description"]}
    if code == "missing_selling_points":
        return content | {"bullets": []}
    return content


def store(
    db: Database, account_name: str, platform: str, lang: str, rows: list[tuple[Any, dict[str, Any], list[str]]]
) -> None:
    from shopforge.catalog.importer import facts_for_record

    with db.session() as session:
        account = create_account(session, account_name, platform, lang)
        for record, content, images in rows:
            upsert_product(session, account, replace(record, images=images[1:]), facts_for_record(record))
            product = get_product(session, account, record.sku)
            assert product is not None
            refs = (ImageRef(images[0], "main"),)
            listing = ListingContent(content["title"], tuple(content["bullets"]), content["description"], refs)
            add_version(session, account, product, listing, source="import")


def build_fixture(db: Database, home: Path, per_lang: int, settings: Settings) -> dict[str, list[tuple[str, str, str]]]:
    """Accounts per (lang, case); returns lang -> [(account, sku, case)]."""
    photos = grabcut_photos(DATA / "segmentation_grabcut")
    cases: dict[str, list[tuple[str, str, str]]] = {}
    for lang, (platform, _) in LANGS.items():
        items = build_products(lang, per_lang, settings)
        folder = home / "fixture" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for i, item in enumerate(items):
            photo, mask = photos[i % len(photos)]
            item["photo"] = str(folder / f"{i}-photo.jpg")
            photo.save(item["photo"], quality=95)
            item["clean_image"] = clean_main(photo, mask, platform)
            item["clean"] = str(folder / f"{i}-clean.jpg")
            item["clean_image"].save(item["clean"], quality=95, subsampling=0)
        cases[lang] = []
        for case in ("clean", *CODES):
            rows = []
            for i, item in enumerate(items):
                image = item["clean"]
                content: dict[str, Any] | None = item["content"]
                if case in IMAGE_CODES:
                    image = str(folder / f"{i}-{case}.jpg")
                    defect_image(case, item["clean_image"], Image.open(item["photo"]), lang).save(image, quality=95)
                elif case == "duplicate_content":  # pairs: an even item copies the next item's title and description
                    content = (
                        defect_content(case, item, items[i + 1], lang)
                        if i % 2 == 0 and i + 1 < len(items)
                        else (item["content"] if i % 2 == 1 else None)
                    )
                elif case != "clean":
                    content = defect_content(case, item, item, lang)
                if content is not None:
                    rows.append((item["record"], content, [image, item["photo"]]))
                    cases[lang].append((f"{lang}-{case}", item["record"].sku, case))
            store(db, f"{lang}-{case}", platform, lang, rows)
    return cases


