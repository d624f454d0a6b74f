"""Posters: verified copy only, product pixels kept, no text over the product or outside the safe area."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from PIL import Image
from tests.creative.creative_helpers import EN_POSTER_COPY, ZH_POSTER_COPY, Stored, bottle_photo
from typer.testing import CliRunner

from shopforge.cli.image_poster import poster
from shopforge.creative.layout import MIN_CONTRAST, POSTER_SIZES, inside, intersects
from shopforge.creative.phrases import product_phrases
from shopforge.creative.poster import (
    PosterCopy,
    UnverifiedCopyError,
    format_price,
    ink_faults,
    render_poster,
    text_ink,
)
from shopforge.creative.scene import RESAMPLE
from shopforge.creative.typeset import TextFitError
from shopforge.facts.model import Fact, FactKind
from shopforge.jobs.creative_outputs import squash

COPY, EN_COPY = ZH_POSTER_COPY, EN_POSTER_COPY


def product() -> tuple[Image.Image, np.ndarray]:
    return bottle_photo(3, (360, 520), (90, 40, 270, 500), 50, (160, 40, 50), background=245, noise=50)


@pytest.mark.parametrize("size", list(POSTER_SIZES))
@pytest.mark.parametrize("copy", [COPY, EN_COPY], ids=["zh", "en"])
def test_every_size_keeps_the_product_and_the_rules(size: str, copy: PosterCopy) -> None:
    image, mask = product()
    result = render_poster((image, mask), copy, size)
    layout = result.layout
    assert result.image.size == POSTER_SIZES[size]
    # product pixels: identical to the source after the same crop and resize wherever the matte is opaque
    left, top, right, bottom = layout.product_box
    alpha = Image.fromarray((mask * 255).astype(np.uint8), "L")
    crop = alpha.getbbox()
    assert crop is not None
    expected = np.asarray(image.crop(crop).resize((right - left, bottom - top), RESAMPLE))
    matte = np.asarray(alpha.crop(crop).resize((right - left, bottom - top), RESAMPLE)) == 255
    drawn = np.asarray(result.image)[top:bottom, left:right]
    assert matte.sum() > 0.5 * matte.size
    assert np.array_equal(drawn[matte], expected[matte])
    for box in layout.text_boxes:
        assert not intersects(box.box, layout.product_box)
        assert inside(box.box, layout.safe_area)
        assert box.contrast >= MIN_CONTRAST
    assert ink_faults(result) == {"overflow": 0, "over_product": 0}  # pixel-exact: glyphs, not just boxes
    # the strings drawn are exactly the verified copy, whitespace aside
    assert layout.rendered_text() == squash(copy.title + "".join(copy.points) + (copy.price or ""))
    assert (layout.amazon_main_image is False) == (size == "amazon")


def test_text_pixels_stay_inside_their_boxes() -> None:
    image, mask = product()
    with_text = render_poster((image, mask), COPY, "taobao")
    # ink = pixels far from their local median (glyph strokes); outside the product it must lie in a text box
    canvas = np.asarray(with_text.image).astype(int)
    changed = np.zeros(canvas.shape[:2], bool)
    for box in with_text.layout.text_boxes:
        x0, y0, x1, y1 = box.box
        changed[y0:y1, x0:x1] = True
    ink = np.abs(canvas - np.asarray(with_text.image.filter(_median())).astype(int)).max(axis=2) > 60
    left, top, right, bottom = with_text.layout.product_box
    ink[top:bottom, left:right] = False  # product texture is not text
    assert not (ink & ~changed).any()


def test_text_ink_is_the_drawn_glyphs_and_ink_faults_catch_overflow_and_text_on_the_product() -> None:
    image, mask = product()
    result = render_poster((image, mask), COPY, "taobao")
    ink = text_ink(result.layout)
    canvas = np.asarray(result.image).astype(int)
    for box in result.layout.text_boxes:
        x0, y0, x1, y1 = box.box
        ink_in_box, drawn = ink[y0:y1, x0:x1], canvas[y0:y1, x0:x1]
        assert ink_in_box.mean() > 0.02
        fill = np.array(box.colour)
        # glyph cores carry the text colour; pixels without ink keep the background (far from the text colour)
        assert (np.abs(drawn[ink_in_box] - fill).max(axis=1) < 40).mean() > 0.5
        assert (np.abs(drawn[~ink_in_box] - fill).max(axis=1) < 40).mean() < 0.01
    # move the title onto the product: its ink now lands on product pixels
    layout = result.layout
    title = layout.text_boxes[0]
    px0, py0, px1, py1 = layout.product_box
    cx, cy = (px0 + px1) // 2, (py0 + py1) // 2
    width, height = title.box[2] - title.box[0], title.box[3] - title.box[1]
    title.box = (cx - width // 2, cy - height // 2, cx - width // 2 + width, cy - height // 2 + height)
    assert ink_faults(result)["over_product"] > 0
    # squeeze a box narrower than its text: the glyphs spill out of it
    title.box = (title.box[0], title.box[1], title.box[0] + width // 3, title.box[3])
    assert ink_faults(result)["overflow"] > 0


def _median() -> Any:
    from PIL import ImageFilter

    return ImageFilter.MedianFilter(5)


def test_posters_refuse_unverified_rejected_or_missing_copy() -> None:
    good = Stored("保温杯")
    bullets = Stored("- 【保温】12小时\n- 【材质】316不锈钢")
    copy = PosterCopy.from_contents(good, bullets, "¥99")
    assert copy.points == ("【保温】12小时", "【材质】316不锈钢")
    for title, points in [
        (Stored("保温杯", verification={"ok": False}), bullets),
        (good, Stored("- 卖点", status="rejected")),
        (good, Stored("- 卖点", status="blocked", verification={"ok": True})),
        (None, bullets),
    ]:
        with pytest.raises(UnverifiedCopyError, match="generate and verify copy first"):
            PosterCopy.from_contents(title, points)


def test_an_over_long_title_shrinks_then_fails_clearly() -> None:
    image, mask = product()
    longer = PosterCopy("超轻便携保温杯，316不锈钢内胆，十二小时长效保温，通勤旅行户外运动都适用" * 3)
    result = render_poster((image, mask), longer, "taobao")
    assert result.layout.text_boxes[0].font_size < round(800 * 0.072)
    with pytest.raises(TextFitError, match="shorten"):
        render_poster((image, mask), PosterCopy(longer.title * 12), "taobao")


def test_the_products_own_phrases_stay_whole_on_a_poster() -> None:
    # "焖烧杯" and the brand "禾川" are not lexicon terms: on a narrow Douyin column the title once split
    # "禾川焖烧|杯"; passed as the product's phrases (its brand fact and title words) they stay whole
    image, mask = product()
    title = "禾川焖烧杯 316不锈钢 保温饭盒"
    keep = product_phrases("禾川 焖烧杯 316不锈钢 保温饭盒", [Fact(FactKind.BRAND, "brand", "禾川", "brand")])
    plain = render_poster((image, mask), PosterCopy(title), "douyin").layout.strings
    assert not any("焖烧杯" in line for line in plain), plain  # the width does challenge the phrase
    result = render_poster((image, mask), PosterCopy(title, keep=keep), "douyin")
    strings = result.layout.strings
    assert any("焖烧杯" in line for line in strings) and any("禾川" in line for line in strings), strings
    assert squash("".join(strings)) == squash(title)
    assert ink_faults(result) == {"overflow": 0, "over_product": 0}


def test_prices_are_formatted_with_their_currency() -> None:
    assert format_price(129.0, "CNY") == "¥129"
    assert format_price(24.5, "usd") == "$24.5"
    assert format_price(10, "CHF") == "10 CHF"
    assert format_price(None, "CNY") is None


def test_ocr_reads_back_the_verified_copy() -> None:
    ocr = pytest.importorskip("shopforge.creative.ocr")
    image, mask = product()
    result = render_poster((image, mask), COPY, "xiaohongshu")
    try:
        found = ocr.read_text(result.image)
    except ocr.OCRUnavailableError as exc:
        pytest.skip(str(exc))
    read = squash("".join(box.text for box in sorted(found, key=lambda b: (b.box[0][1], b.box[0][0]))))
    for line in result.layout.strings:
        assert squash(line) in read


def test_cli_poster_writes_png_and_sidecar_and_refuses_unverified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shopforge.catalog.records import ProductRecord
    from shopforge.settings import Settings
    from shopforge.store.accounts import create_account
    from shopforge.store.db import open_database
    from shopforge.store.models import Content
    from shopforge.store.products import upsert_product

    monkeypatch.setenv("SHOPFORGE_HOME", str(tmp_path / "home"))
    image, mask = product()
    cutout = image.convert("RGBA")
    cutout.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    cutout.save(tmp_path / "bottle.png")
    database = open_database(Settings().resolved_database_url)
    with database.session() as session:
        account = create_account(session, "shop", "taobao", "zh")
        record = ProductRecord("B-1", "保温杯", 1, price=129.0, currency="CNY", images=[str(tmp_path / "bottle.png")])
        upsert_product(session, account, record, [])
        from shopforge.store.products import get_product

        item = get_product(session, account, "B-1")
        assert item is not None
        for kind, text, ok in [("title", COPY.title, True), ("bullets", "\n".join(COPY.points), False)]:
            session.add(
                Content(
                    account_id=account.id,
                    product_id=item.id,
                    kind=kind,
                    platform="taobao",
                    lang="zh",
                    text=text,
                    backend="template",
                    verification={"ok": ok},
                    status="draft",
                )
            )
    database.dispose()
    app = typer.Typer()
    app.command()(poster)
    args = ["--account", "shop", "--sku", "B-1", "--size", "taobao", "--out", str(tmp_path / "out")]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code != 0 and "generate and verify copy first" in " ".join(refused.output.split())
    database = open_database(Settings().resolved_database_url)
    with database.session() as session:
        for content in session.query(Content).all():
            content.verification = {"ok": True}
    database.dispose()
    made = CliRunner().invoke(app, args)
    assert made.exit_code == 0, made.output
    sidecar = json.loads((tmp_path / "out" / "B-1-taobao.json").read_text(encoding="utf-8"))
    assert Image.open(tmp_path / "out" / "B-1-taobao.png").size == (800, 800)
    assert squash("".join(sidecar["strings"])) == squash(COPY.title + "".join(COPY.points) + "¥129")
