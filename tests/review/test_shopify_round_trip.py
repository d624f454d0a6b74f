"""A Shopify export imported into ShopForge keeps its handle and every variant; the shopify-csv export writes them
back under that handle (so Shopify updates the product in place), and re-importing that file into ShopForge
updates the same products instead of adding new SKUs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.helpers import write_jsonl

from shopforge.catalog.importer import ImportReport, import_file
from shopforge.review.export import export_account
from shopforge.review.exports import ExportReport
from shopforge.review.service import approve
from shopforge.store.accounts import create_account, get_account
from shopforge.store.contents import GeneratedCopy, save_generated
from shopforge.store.db import Database
from shopforge.store.models import Product
from shopforge.store.products import get_product, list_products

CURRENT_HEADERS = Path(__file__).resolve().parents[1] / "catalog" / "fixtures" / "shopify_current_headers.csv"
CDN = "https://cdn.example.com/shopforge-demo/"
CLASSIC = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Option2 Name,Option2 Value,"
    "Variant SKU,Variant Price,Variant Compare At Price,Variant Image,Image Src\n"
    f"crew-tee,Crew Tee,<p>Soft cotton.</p>,Northline,T-Shirts,cotton,Color,Black,Size,M,TEE-BLK-M,24.00,30.00,"
    f"{CDN}tee-black.jpg,{CDN}tee-black.jpg\n"
    f"crew-tee,,,,,,,Red,,L,TEE-RED-L,26.00,,{CDN}tee-red.jpg,{CDN}tee-red.jpg\n"
    f"crew-tee,,,,,,,,,,,,,,{CDN}tee-back.jpg\n"
)
PRODUCT_COLUMNS = ("Title", "Body (HTML)", "Vendor", "Type", "Tags", "Option1 Name", "Option2 Name", "SEO Title")


def _variant(
    sku: str, options: dict[str, str], price: float, compare_at: float | None, image: str | None
) -> dict[str, object]:
    return {"sku": sku, "options": options, "price": price, "compare_at_price": compare_at, "image": image}


def _import(db: Database, account_name: str, path: Path) -> ImportReport:
    with db.session() as session:
        return import_file(session, get_account(session, account_name), path)


def _approve_title(db: Database, account_name: str, sku: str, title: str) -> None:
    with db.session() as session:
        account = get_account(session, account_name)
        product = get_product(session, account, sku)
        assert product is not None, sku
        ok = {"ok": True, "violations": []}
        content = save_generated(session, account, product, GeneratedCopy("title", title, "template", {}, ok))
        approve(session, account, content.id)


def _export(db: Database, account_name: str, out: Path) -> tuple[ExportReport, list[dict[str, str]]]:
    with db.session() as session:
        report = export_account(session, get_account(session, account_name), out, "shopify-csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    return report, rows


def _stored(db: Database, account_name: str) -> dict[str, Product]:
    with db.session() as session:
        return {product.sku: product for product in list_products(session, get_account(session, account_name))}


@pytest.fixture
def shop(db: Database, tmp_path: Path) -> Database:
    """A Shopify shop that imported a classic export (one tee, two variants) and a current-header export."""
    with db.session() as session:
        create_account(session, "shop", "shopify", "en")
    (tmp_path / "classic.csv").write_text(CLASSIC, encoding="utf-8")
    assert _import(db, "shop", tmp_path / "classic.csv").created == 1
    assert _import(db, "shop", CURRENT_HEADERS).created == 3
    return db


def test_import_stores_the_handle_and_every_variant_for_both_header_generations(shop: Database) -> None:
    products = _stored(shop, "shop")
    assert sorted(products) == ["CY-DRIP-02", "GH-BOARD-40", "LW-DRESS-SAGE", "TEE-BLK-M"]
    tee, dress = products["TEE-BLK-M"], products["LW-DRESS-SAGE"]
    assert tee.handle == "crew-tee"
    assert tee.variants == [
        _variant("TEE-BLK-M", {"Color": "Black", "Size": "M"}, 24.0, 30.0, CDN + "tee-black.jpg"),
        _variant("TEE-RED-L", {"Color": "Red", "Size": "L"}, 26.0, None, CDN + "tee-red.jpg"),
    ]  # the third row is an image row, not a variant
    assert (tee.price, ("Color", "Red") in map(tuple, tee.attributes)) == (24.0, True), "product level as before"
    assert dress.handle == "linen-wrap-dress"
    assert dress.variants == [
        _variant("LW-DRESS-SAGE", {"Color": "Sage"}, 89.0, 120.0, CDN + "dress-sage.jpg"),
        _variant("LW-DRESS-SAND", {"Color": "Sand"}, 92.0, 120.0, CDN + "dress-sand.jpg"),
    ]
    dripper = products["CY-DRIP-02"]
    assert (dripper.handle, dripper.variants) == ("ceramic-pour-over", [_variant("CY-DRIP-02", {}, 128.0, None, None)])


def test_reimporting_a_changed_shopify_export_updates_handle_and_variants_in_place(
    shop: Database, tmp_path: Path
) -> None:
    before = _stored(shop, "shop")["TEE-BLK-M"]
    changed = CLASSIC.replace("TEE-RED-L,26.00", "TEE-RED-L,27.50") + "crew-tee,,,,,,,Red,,XL,TEE-RED-XL,27.50,,,\n"
    (tmp_path / "changed.csv").write_text(changed, encoding="utf-8")
    report = _import(shop, "shop", tmp_path / "changed.csv")
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    after = _stored(shop, "shop")["TEE-BLK-M"]
    assert after.id == before.id and after.handle == "crew-tee"
    assert [(v["sku"], v["options"].get("Size"), v["price"]) for v in after.variants] == [
        ("TEE-BLK-M", "M", 24.0), ("TEE-RED-L", "L", 27.5), ("TEE-RED-XL", "XL", 27.5),
    ]  # fmt: skip


def test_export_writes_each_variant_under_the_imported_handle_with_product_fields_on_the_first_row(
    shop: Database, tmp_path: Path
) -> None:
    _approve_title(shop, "shop", "TEE-BLK-M", "Northline Crew Tee in Organic Cotton")
    _approve_title(shop, "shop", "LW-DRESS-SAGE", "Loomwell Linen Wrap Dress")
    report, rows = _export(shop, "shop", tmp_path / "out" / "products.csv")
    assert {row["Handle"] for row in rows} == {"crew-tee", "linen-wrap-dress"}, "no handle derived from a SKU"
    tee = [row for row in rows if row["Handle"] == "crew-tee"]
    assert [(r["Variant SKU"], r["Option1 Value"], r["Option2 Value"], r["Variant Price"]) for r in tee] == [
        ("TEE-BLK-M", "Black", "M", "24.00"), ("TEE-RED-L", "Red", "L", "26.00"),
    ]  # fmt: skip
    first, second = tee
    assert (first["Title"], first["Option1 Name"], first["Option2 Name"]) == (
        "Northline Crew Tee in Organic Cotton", "Color", "Size",
    )  # fmt: skip
    assert (first["Vendor"], first["Type"], first["Tags"]) == ("Northline", "T-Shirts", "cotton")
    assert [column for column in PRODUCT_COLUMNS if second[column]] == [], "product fields on the first row only"
    dress = [row for row in rows if row["Handle"] == "linen-wrap-dress"]
    assert [(r["Variant SKU"], r["Option1 Value"], r["Variant Price"]) for r in dress] == [
        ("LW-DRESS-SAGE", "Sage", "89.00"), ("LW-DRESS-SAND", "Sand", "92.00"),
    ]  # fmt: skip
    assert not [note for note in report.notes if "derived from the SKU" in note]
    assert not [note for note in report.notes if "several values for" in note], "variants are not folded any more"


def test_reimporting_the_exported_file_updates_the_same_products(shop: Database, tmp_path: Path) -> None:
    for sku in ("TEE-BLK-M", "LW-DRESS-SAGE", "CY-DRIP-02"):
        _approve_title(shop, "shop", sku, f"Approved title for {sku}")
    before = _stored(shop, "shop")
    out = tmp_path / "out" / "products.csv"
    _, rows = _export(shop, "shop", out)
    assert {row["Variant SKU"] for row in rows} >= {"TEE-BLK-M", "TEE-RED-L", "LW-DRESS-SAND"}

    report = _import(shop, "shop", out)

    assert (report.created, report.updated) == (0, 3), [str(error) for error in report.errors]
    after = _stored(shop, "shop")
    assert sorted(after) == sorted(before), "no new SKUs"
    for sku in ("TEE-BLK-M", "LW-DRESS-SAGE", "CY-DRIP-02"):
        assert after[sku].id == before[sku].id
        assert after[sku].handle == before[sku].handle
        assert after[sku].title == f"Approved title for {sku}"
        assert [(v["sku"], v["options"], v["price"]) for v in after[sku].variants] == [
            (v["sku"], v["options"], v["price"]) for v in before[sku].variants
        ], sku


def test_jsonl_products_sharing_a_handle_are_exported_as_one_shopify_product(db: Database, tmp_path: Path) -> None:
    teas = [
        {"sku": "TEA-GREEN", "title": "Loose Tea Green", "handle": "loose-tea", "price": 9,
         "attributes": {"Flavour": "Green", "Weight": "100 g"}},
        {"sku": "TEA-BLACK", "title": "Loose Tea Black", "handle": "loose-tea", "price": 11,
         "attributes": {"Flavour": "Black", "Weight": "100 g"}},
        {"sku": "POT-1", "title": "Glass Teapot", "price": 25},
    ]  # fmt: skip
    with db.session() as session:
        create_account(session, "tea", "shopify", "en")
    report = _import(db, "tea", write_jsonl(tmp_path / "teas.jsonl", teas))
    assert (report.created, [n for n in report.notes if "ignored fields" in n]) == (3, [])
    for sku in ("TEA-GREEN", "POT-1"):
        _approve_title(db, "tea", sku, f"Approved {sku}")
    export, rows = _export(db, "tea", tmp_path / "tea.csv")
    tea = [row for row in rows if row["Handle"] == "loose-tea"]
    assert [(r["Variant SKU"], r["Option1 Value"], r["Variant Price"]) for r in tea] == [
        ("TEA-GREEN", "Green", "9.00"), ("TEA-BLACK", "Black", "11.00"),
    ]  # fmt: skip
    assert (tea[0]["Title"], tea[0]["Option1 Name"], tea[1]["Title"]) == ("Approved TEA-GREEN", "Flavour", "")
    [pot] = [row for row in rows if row["Variant SKU"] == "POT-1"]
    assert pot["Handle"] == "pot-1"
    derived = [note for note in export.notes if "derived from the SKU" in note]
    assert len(derived) == 1 and "sku POT-1:" in derived[0], "only the product without a handle is derived"
