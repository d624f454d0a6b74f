"""Shopify product-export grouping, and the bundled sample catalogues read with the documented counts."""

from __future__ import annotations

import re
from pathlib import Path

from shopforge.catalog.readers import read_catalog, read_catalog_data

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Option1 Name,Option1 Value,"
    "Option2 Name,Option2 Value,Variant SKU,Variant Price,Image Src,"
    "Color (product.metafields.shopify.color-pattern)\n"
)


def test_shopify_rows_are_grouped_by_handle() -> None:
    text = SHOPIFY_HEADER + (
        'tee,Crew Tee,"<p>Soft</p>\n<ul><li>Cotton</li></ul>",Northline,Apparel > Shirts,T-Shirts,'
        '"summer, cotton",Color,Black,Size,M,TEE-BLK-M,24.00,tee1.jpg,black; red\n'
        "tee,,,,,,,,Black,,L,TEE-BLK-L,24.00,tee2.jpg,\n"
        "tee,,,,,,,,Red,,M,TEE-RED-M,26.00,,\n"
        "tee,,,,,,,,,,,,,tee3.jpg,\n"
        "towel,Tea Towel,Linen.,Loomwell,,Textiles,,Title,Default Title,,,,14.00,t.jpg,\n"
    )
    result = read_catalog_data(text.encode(), "products_export_1.csv")
    assert result.format == "shopify"
    assert result.errors == []
    tee, towel = result.records
    assert (tee.sku, tee.title, tee.brand, tee.line) == ("TEE-BLK-M", "Crew Tee", "Northline", 2)
    assert tee.categories == ["Apparel", "Shirts", "T-Shirts"]
    assert tee.description == "Soft\nCotton"
    assert tee.price == 24.0
    assert tee.images == ["tee1.jpg", "tee2.jpg", "tee3.jpg"]
    assert tee.attributes == [
        ("Color", "Black"),
        ("Color", "Red"),
        ("Size", "M"),
        ("Size", "L"),
        ("tags", "summer"),
        ("tags", "cotton"),
        ("Color", "black"),
        ("Color", "red"),
    ]
    assert (towel.sku, towel.line, towel.attributes) == ("towel", 7, [])
    assert tee.handle == "tee"
    assert [(v.sku, v.options, v.price) for v in tee.variants] == [
        ("TEE-BLK-M", {"Color": "Black", "Size": "M"}, 24.0),
        ("TEE-BLK-L", {"Color": "Black", "Size": "L"}, 24.0),
        ("TEE-RED-M", {"Color": "Red", "Size": "M"}, 26.0),
    ]  # the fourth row is only an image
    assert (towel.handle, [(v.sku, v.options, v.price) for v in towel.variants]) == ("towel", [(None, {}, 14.0)])


def test_a_bad_compare_at_price_is_noted_and_a_script_variant_image_dropped() -> None:
    text = (
        "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Compare At Price,Variant Image\n"
        "cup,Cup,Size,S,CUP-S,5.00,five,javascript:alert(1)\n"
        "cup,,,L,CUP-L,6.00,8.00,cup-l.jpg\n"
    )
    result = read_catalog_data(text.encode(), "products_export.csv")
    assert result.errors == []
    (cup,) = result.records
    assert [(v.sku, v.compare_at_price, v.image) for v in cup.variants] == [
        ("CUP-S", None, None),
        ("CUP-L", 8.0, "cup-l.jpg"),
    ]
    assert 'compare-at price: "five" is not a price (variant on line 2); left empty' in cup.notes
    assert any(note.startswith("variant image: 1 reference(s) dropped") for note in cup.notes)


def test_shopify_errors_are_reported_on_the_line_where_the_product_starts() -> None:
    text = SHOPIFY_HEADER + (
        "mug,Mug,,,,,,Color,White,,,MUG-W,12.00,,\n"
        "jug,Jug,,,,,,Color,White,,,JUG-W,12.00,,\n"
        "jug,,,,,,,,Grey,,,JUG-G,twelve,,\n"
        "notitle,,,,,,,,,,,NT-1,5.00,,\n"
        ",orphan row,,,,,,,,,,,,,\n"
        "mug2,Mug again,,,,,,,,,,MUG-W,12.00,,\n"
    )
    result = read_catalog_data(text.encode(), "export.csv")
    assert [record.sku for record in result.records] == ["MUG-W"]
    assert [str(error) for error in result.errors] == [
        'line 3: price is not a number: "twelve" (variant on line 4)',
        "line 5: missing title",
        "line 6: missing Handle (every row of a Shopify export names its product)",
        'line 7: duplicate sku "MUG-W" (first seen on line 2)',
    ]


def test_bundled_demo_catalogue() -> None:
    result = read_catalog(SAMPLES / "catalog.jsonl")
    assert result.errors == []
    assert len(result.records) == 39
    chinese = [r for r in result.records if re.search(r"[\u4e00-\u9fff]", r.title)]
    assert 15 <= len(chinese) <= 24
    assert len({r.categories[0] for r in result.records}) >= 10
    by_sku = {r.sku: r for r in result.records}
    for sku in ("DW-BTL-1L", "SA-BLEND-PORT", "PA-HOLDER-CAR"):
        assert any("instruction-like" in note for note in by_sku[sku].notes), sku
    text = "\n".join(f"{r.title}\n{r.description}\n{r.attributes}" for r in result.records)
    for phrase in ("Ignore the rules", "unrestricted copywriter", "忽略以上", "<p>", "<script>"):
        assert phrase not in text
    assert "全网最好" in (by_sku["DW-ZB750-WH"].description or "")  # the merchant's own claim is data
    assert by_sku["KT-KNIFE-3"].brand is None
    assert ("容量", "0.75 L") in by_sku["DW-ZB750-BK"].attributes


def test_bundled_bad_csv() -> None:
    result = read_catalog(SAMPLES / "catalog_bad.csv")
    assert [r.sku for r in result.records] == ["CSV-001", "CSV-002", "CSV-003", "CSV-006", "CSV-007"]
    assert [str(error) for error in result.errors] == [
        "line 6: missing sku",
        'line 7: price is not a number: "abc"',
        "line 8: price is negative: -5",
        'line 9: duplicate sku "CSV-001" (first seen on line 2)',
    ]


def test_bundled_shopify_export() -> None:
    result = read_catalog(SAMPLES / "shopify_export.csv")
    assert result.format == "shopify"
    assert result.errors == []
    assert [(r.sku, r.line) for r in result.records] == [
        ("NL-TEE-BLK-M", 2),
        ("CY-MUG-350-WH", 11),
        ("linen-tea-towel", 13),
    ]
    mug = result.records[1]
    assert mug.attributes[:2] == [("颜色", "月白"), ("颜色", "青灰")]
