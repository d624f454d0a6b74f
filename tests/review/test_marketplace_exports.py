"""Marketplace exports (shopify-csv, amazon-tsv, taobao-csv, jd-csv): approved copy only, exact headers, limits cut
at word boundaries and reported, images copied under the platform's names, one account's data only."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from shopforge.review.export import FORMATS, UnknownExportFormatError, export_account
from shopforge.review.exports import ExportReport
from shopforge.store.accounts import create_account, get_account
from shopforge.store.assets import save_asset
from shopforge.store.db import Database
from shopforge.store.models import Account, Content, Product, ReviewEvent

MARKETPLACES = ("shopify-csv", "amazon-tsv", "taobao-csv", "jd-csv")
HEADERS = {
    "shopify-csv": [
        "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published",
        "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
        "Variant SKU", "Variant Price", "Image Src", "Image Position", "SEO Title", "SEO Description",
    ],
    "amazon-tsv": [
        "item_sku", "item_name", "brand_name",
        "bullet_point1", "bullet_point2", "bullet_point3", "bullet_point4", "bullet_point5",
        "product_description", "generic_keywords", "main_image_url",
        "other_image_url1", "other_image_url2", "other_image_url3", "other_image_url4",
        "other_image_url5", "other_image_url6", "other_image_url7", "other_image_url8", "update_delete",
    ],
    "taobao-csv": ["商家编码", "宝贝名称", "宝贝卖点", "宝贝描述", "宝贝图片"],
    "jd-csv": ["货号", "商品名称", "营销卖点", "商品介绍", "商品图片"],
}  # fmt: skip
BOM = b"\xef\xbb\xbf"
ZH_TERMS = (
    "保温杯", "不锈钢", "真空", "密封圈", "便携", "大容量", "办公室", "户外", "运动水壶", "学生", "男士", "女士",
    "儿童", "车载", "旅行", "露营", "登山", "健身", "咖啡杯", "茶杯", "焖烧杯", "礼品", "定制", "刻字", "防烫",
    "防摔", "食品级", "无异味", "易清洗", "长效保冷", "一键开盖", "弹跳盖", "吸管杯", "滤网", "提手",
)  # fmt: skip
EN_TITLE = "Northline Organic Cotton Crew Tee"
EN_BULLETS = "Soft: organic cotton jersey\nPre-shrunk: keeps its size wash after wash\nRelaxed: an easy everyday fit"
ZH_BULLETS = "【长效保温】双层真空，保温12小时\n【304内胆】304不锈钢内胆\n【防漏】硅胶密封圈，倒置不漏"


# ---------------------------------------------------------------------------------------------------- helpers


def _product(session, account: Account, sku: str, **fields: object) -> Product:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"title": sku, "brand": "Northline", "categories": ["Apparel", "T-Shirts"]}
    product = Product(account_id=account.id, sku=sku, **{**values, **fields})
    session.add(product)
    session.flush()
    return product


def _copy(session, account: Account, product: Product, kind: str, text: str, status: str = "approved") -> Content:  # type: ignore[no-untyped-def]
    content = Content(
        account_id=account.id, product_id=product.id, kind=kind, platform=account.platform, lang=account.lang,
        text=text, status=status, backend="template", verification={"ok": True, "violations": []},
    )  # fmt: skip
    session.add(content)
    session.flush()
    return content


def _image(path: Path, colour: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), colour).save(path)
    return path


def _export(db: Database, name: str, out: Path, fmt: str) -> ExportReport:
    with db.session() as session:
        return export_account(session, get_account(session, name), out, fmt)


def _table(out: Path, fmt: str) -> list[dict[str, str]]:
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t" if fmt == "amazon-tsv" else ","))
    if fmt == "amazon-tsv":  # TSV is not quoted: split exactly as Amazon does
        rows = [line.split("\t") for line in text.splitlines()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def shop(db: Database) -> Database:
    """An English shop: a tee with approved title and bullets, a draft description; a mug with nothing approved."""
    with db.session() as session:
        account = create_account(session, "en-shop", "amazon", "en")
        tee = _product(session, account, "NL-TEE-01", price=24.0, attributes=[["tags", "cotton"], ["tags", "summer"]])
        _copy(session, account, tee, "title", EN_TITLE)
        _copy(session, account, tee, "bullets", EN_BULLETS)
        _copy(session, account, tee, "description", "DRAFT-DESCRIPTION soft jersey.", status="draft")
        mug = _product(session, account, "NL-MUG-02")
        _copy(session, account, mug, "title", "BLOCKED-TITLE best mug ever", status="blocked")
        _copy(session, account, mug, "bullets", "REJECTED-BULLET: nope", status="rejected")
    return db


# ------------------------------------------------------------------------------------------------------ tests


@pytest.mark.parametrize("fmt", MARKETPLACES)
def test_header_row_is_exactly_the_platform_columns(shop: Database, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    _export(shop, "en-shop", out, fmt)
    first_line = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.split("\t" if fmt == "amazon-tsv" else ",") == HEADERS[fmt]


@pytest.mark.parametrize("fmt", MARKETPLACES)
def test_only_approved_copy_is_written_and_it_becomes_exported(shop: Database, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    report = _export(shop, "en-shop", out, fmt)
    text = out.read_text(encoding="utf-8-sig")
    assert EN_TITLE in text and "organic cotton jersey" in text
    for withheld in ("DRAFT-DESCRIPTION", "BLOCKED-TITLE", "REJECTED-BULLET"):
        assert withheld not in text
    assert "NL-MUG-02" not in text, "a product with no approved copy is left out"
    assert any("sku NL-MUG-02: no approved" in line and "left out" in line for line in report.notes)
    with shop.session() as session:
        statuses = {(c.product.sku, c.kind): c.status for c in session.scalars(select(Content))}
        events = [(e.action, e.note) for e in session.scalars(select(ReviewEvent))]
    assert statuses[("NL-TEE-01", "title")] == statuses[("NL-TEE-01", "bullets")] == "exported"
    assert statuses[("NL-TEE-01", "description")] == "draft" and statuses[("NL-MUG-02", "title")] == "blocked"
    assert sorted(events) == [("export", f"{fmt}: {out}")] * 2
    assert report.items == 2


def test_field_without_approved_copy_is_left_empty_and_reported(shop: Database, tmp_path: Path) -> None:
    out = tmp_path / "amazon.tsv"
    report = _export(shop, "en-shop", out, "amazon-tsv")
    [row] = _table(out, "amazon-tsv")
    assert row["item_name"] == EN_TITLE
    assert row["product_description"] == "" and row["generic_keywords"] == ""
    assert (
        "sku NL-TEE-01: no approved description (it is draft); product_description and generic_keywords left empty"
        in report.notes
    )
    assert row["update_delete"] == "PartialUpdate", "an empty cell must leave Amazon's live value alone"


def test_bullet_lines_become_one_field_each(shop: Database, tmp_path: Path) -> None:
    out = tmp_path / "amazon.tsv"
    _export(shop, "en-shop", out, "amazon-tsv")
    [row] = _table(out, "amazon-tsv")
    assert [row[f"bullet_point{n}"] for n in range(1, 6)] == [*EN_BULLETS.splitlines(), "", ""]


def test_generic_keywords_stay_within_249_utf8_bytes_with_chinese_text(db: Database, tmp_path: Path) -> None:
    description = "，".join(ZH_TERMS) + "。"  # 3 UTF-8 bytes per character: the terms add up to well over 249
    with db.session() as session:
        account = create_account(session, "zh-amz", "amazon", "zh")
        cup = _product(session, account, "CUP-1")
        _copy(session, account, cup, "title", "真空杯")
        _copy(session, account, cup, "description", description)
    out = tmp_path / "amazon.tsv"
    report = _export(db, "zh-amz", out, "amazon-tsv")
    keywords = _table(out, "amazon-tsv")[0]["generic_keywords"]
    terms = keywords.split(" ")
    assert len(" ".join(ZH_TERMS).encode()) > 249 + 20, "the fixture must overflow"
    assert 200 < len(keywords.encode("utf-8")) <= 249
    not_in_title = [term for term in ZH_TERMS if term != "真空"]  # the title shows 真空 already
    assert terms == not_in_title[: len(terms)], "whole terms, in order: no cut character or word"
    assert any("generic_keywords truncated" in n and "bytes (limit 249)" in n for n in report.notes)


def test_long_title_is_cut_at_a_word_boundary_and_reported(db: Database, tmp_path: Path) -> None:
    title = " ".join(f"Cotton{n}" for n in range(40))  # 349 characters; 200 falls inside a word
    with db.session() as session:
        account = create_account(session, "long", "amazon", "en")
        _copy(session, account, _product(session, account, "LONG-1"), "title", title)
    out = tmp_path / "amazon.tsv"
    report = _export(db, "long", out, "amazon-tsv")
    name = _table(out, "amazon-tsv")[0]["item_name"]
    assert title[199] not in " " and title[200] not in " ", "the fixture puts the limit inside a word"
    assert len(name) <= 200 and title.startswith(name)
    assert title[len(name)] == " ", "the cut falls between two words"
    assert name.split(" ")[-1] in title.split(" ")
    assert any(n.startswith("sku LONG-1: item_name truncated at a word boundary from 349 to") for n in report.notes)


def test_tabs_and_newlines_inside_values_keep_one_tsv_row_per_product(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        account = create_account(session, "tabs", "amazon", "en")
        product = _product(session, account, "TAB-1", brand="North\tline")
        _copy(session, account, product, "title", "Crew\tTee\nBlack")
        _copy(session, account, product, "description", "First line.\n\tSecond\tline.")
    out = tmp_path / "amazon.tsv"
    _export(db, "tabs", out, "amazon-tsv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == len(HEADERS["amazon-tsv"]) for line in lines)
    row = _table(out, "amazon-tsv")[0]
    assert row["item_name"] == "Crew Tee Black" and row["brand_name"] == "North line"
    assert row["product_description"] == "First line.<br>Second line."


@pytest.mark.parametrize(("fmt", "has_bom"), [("taobao-csv", True), ("jd-csv", True), ("shopify-csv", False)])
def test_chinese_sheets_start_with_a_utf8_bom(shop: Database, tmp_path: Path, fmt: str, has_bom: bool) -> None:
    out = tmp_path / f"out.{fmt}"
    _export(shop, "en-shop", out, fmt)
    assert out.read_bytes().startswith(BOM) is has_bom


def test_chinese_selling_points_come_from_the_bullet_headings(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        account = create_account(session, "zh-shop", "tmall", "zh")
        cup = _product(session, account, "DW-750", brand="禾川")
        _copy(session, account, cup, "title", "禾川 真空保温杯 750ml 304不锈钢 黑色 " + "超长标题" * 10)
        _copy(session, account, cup, "bullets", ZH_BULLETS + "\n【一体成型杯口好清洗】杯口无死角")
    taobao, jd = tmp_path / "taobao.csv", tmp_path / "jd.csv"
    _export(db, "zh-shop", taobao, "taobao-csv")
    report = _export(db, "zh-shop", jd, "jd-csv")
    taobao_row, jd_row = _table(taobao, "taobao-csv")[0], _table(jd, "jd-csv")[0]
    assert taobao_row["宝贝卖点"] == "长效保温，304内胆，防漏，一体成型杯口好清洗"
    assert jd_row["营销卖点"] == "长效保温；304内胆", "JD takes points of 3–7 characters"
    assert "sku DW-750: 营销卖点 takes points of 3–7 characters; left out: 防漏, 一体成型杯口好清洗" in report.notes
    title = taobao_row["宝贝名称"]
    assert 2 * len(title) - len(title.encode("ascii", "ignore")) <= 60 and title.startswith("禾川 真空保温杯")
    assert "<li>【长效保温】双层真空，保温12小时</li>" in taobao_row["宝贝描述"]


def test_shopify_variants_share_one_handle_and_only_the_first_row_has_product_fields(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        account = create_account(session, "tees", "shopify", "en")
        tee = {"handle": "organic-tee"}
        black = _product(session, account, "TEE-BLK", price=24.0, attributes=[["Color", "Black"]], **tee)
        red = _product(session, account, "TEE-RED", price=26.0, attributes=[["Color", "Red"]], **tee)
        _copy(session, account, black, "title", EN_TITLE)
        _copy(session, account, black, "description", "Soft organic cotton.\nPre-shrunk <b>jersey</b>.")
        _copy(session, account, black, "bullets", EN_BULLETS)
        for product, colour in ((black, "black"), (red, "red")):
            save_asset(session, account, product, "main_image", _image(tmp_path / f"{colour}.jpg", colour), {}, {})
        _copy(session, account, _product(session, account, "Mug 02/B"), "title", "Stoneware Mug")
    out = tmp_path / "shop" / "products.csv"
    report = _export(db, "tees", out, "shopify-csv")
    rows = _table(out, "shopify-csv")
    tee = [row for row in rows if row["Handle"] == "organic-tee"]
    assert [(r["Variant SKU"], r["Option1 Value"], r["Variant Price"]) for r in tee] == [
        ("TEE-BLK", "Black", "24.00"), ("TEE-RED", "Red", "26.00"),
    ]  # fmt: skip
    first, second = tee
    assert first["Title"] == first["SEO Title"] == EN_TITLE and first["Option1 Name"] == "Color"
    assert first["Body (HTML)"] == (
        "<p>Soft organic cotton.</p><p>Pre-shrunk &lt;b&gt;jersey&lt;/b&gt;.</p><ul><li>Soft: organic cotton jersey"
        "</li><li>Pre-shrunk: keeps its size wash after wash</li><li>Relaxed: an easy everyday fit</li></ul>"
    )
    assert first["SEO Description"] == "Soft organic cotton. Pre-shrunk <b>jersey</b>."
    for column in ("Title", "Body (HTML)", "Vendor", "Type", "Option1 Name", "SEO Title", "SEO Description"):
        assert second[column] == "", column
    assert [(r["Image Src"], r["Image Position"]) for r in tee] == [
        ("products-images/organic-tee-1.jpg", "1"), ("products-images/organic-tee-2.jpg", "2"),
    ]  # fmt: skip
    assert (out.parent / "products-images" / "organic-tee-2.jpg").read_bytes() == (tmp_path / "red.jpg").read_bytes()
    [mug] = [row for row in rows if row["Variant SKU"] == "Mug 02/B"]
    assert mug["Handle"] == "mug-02-b" and mug["Option1 Name"] == "Title" and mug["Option1 Value"] == "Default Title"
    assert any("'mug-02-b' is derived from the SKU" in n for n in report.notes)


def test_images_are_copied_under_amazon_names_and_referenced(shop: Database, tmp_path: Path) -> None:
    with shop.session() as session:
        account = get_account(session, "en-shop")
        tee = session.scalar(select(Product).where(Product.sku == "NL-TEE-01"))
        assert tee is not None
        save_asset(session, account, tee, "main_image", _image(tmp_path / "old-main.jpg", "grey"), {}, {"ok": True})
        save_asset(session, account, tee, "main_image", _image(tmp_path / "main.jpg", "white"), {}, {"ok": True})
        save_asset(session, account, tee, "scene", _image(tmp_path / "scene.jpg", "green"), {}, {"ok": True})
        save_asset(session, account, tee, "poster", _image(tmp_path / "bad.jpg", "red"), {}, {"ok": False})
        save_asset(session, account, tee, "scene", tmp_path / "deleted.jpg", {}, {})
        save_asset(session, account, tee, "cutout", _image(tmp_path / "cut.png", "blue"), {}, {})
        save_asset(session, account, tee, "poster", _image(tmp_path / "poster.png", "yellow"), {}, {"ok": True})
    out = tmp_path / "export" / "amazon.tsv"
    report = _export(shop, "en-shop", out, "amazon-tsv")
    [row] = _table(out, "amazon-tsv")
    expected = {
        "main_image_url": ("amazon-images/NL-TEE-01.MAIN.jpg", "main.jpg"),
        "other_image_url1": ("amazon-images/NL-TEE-01.PT01.jpg", "scene.jpg"),
        "other_image_url2": ("", None),  # the deleted scene: reported, the cell stays empty
        "other_image_url3": ("amazon-images/NL-TEE-01.PT03.png", "poster.png"),
    }
    for column, (ref, source) in expected.items():
        assert row[column] == ref, column
        if source:
            assert (out.parent / ref).read_bytes() == (tmp_path / source).read_bytes()
    assert sorted(p.name for p in (out.parent / "amazon-images").iterdir()) == [
        "NL-TEE-01.MAIN.jpg", "NL-TEE-01.PT01.jpg", "NL-TEE-01.PT03.png",
    ]  # fmt: skip
    assert any("image file missing" in n and "deleted.jpg" in n for n in report.notes)
    assert any("poster asset" in n and "failed its image check" in n for n in report.notes)
    assert report.images == 3


@pytest.mark.parametrize("fmt", MARKETPLACES)
def test_another_accounts_copy_and_images_never_appear(shop: Database, tmp_path: Path, fmt: str) -> None:
    with shop.session() as session:
        other = create_account(session, "rival", "amazon", "en")
        twin = _product(session, other, "NL-TEE-01", brand="RivalBrand")  # the same SKU in another shop
        _copy(session, other, twin, "title", "RIVAL-TITLE Cotton Tee")
        _copy(session, other, twin, "bullets", "Rival: RIVAL-BULLET")
        _copy(session, other, twin, "description", "RIVAL-DESCRIPTION text.")
        save_asset(session, other, twin, "main_image", _image(tmp_path / "rival.jpg", "purple"), {}, {})
    out = tmp_path / f"mine.{fmt}"
    report = _export(shop, "en-shop", out, fmt)
    text = out.read_text(encoding="utf-8-sig")
    assert EN_TITLE in text
    assert not re.search("RIVAL|RivalBrand", text)
    assert report.images == 0 and not (tmp_path / "mine-images").exists()
    with shop.session() as session:
        rival = session.scalars(select(Content).where(Content.account_id == get_account(session, "rival").id))
        assert {c.status for c in rival} == {"approved"}


def test_unknown_format_is_a_clear_error_listing_the_known_ones(shop: Database, tmp_path: Path) -> None:
    out = tmp_path / "x.xml"
    with pytest.raises(UnknownExportFormatError) as raised:
        _export(shop, "en-shop", out, "ebay-xml")
    message = str(raised.value)
    assert "'ebay-xml'" in message and all(name in message for name in ("jsonl", *MARKETPLACES))
    assert ("jsonl", *MARKETPLACES) == FORMATS
    assert not out.exists()
