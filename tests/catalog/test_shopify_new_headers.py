"""Shopify exports with the current header names ("URL handle", "SKU", "Price", "Product image URL"…), and stray
lines (a title line, ``;;;;``, a BOM) that Excel leaves before the header of a Shopify export or a plain CSV."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopforge.catalog.readers import read_catalog, read_catalog_data
from shopforge.catalog.records import ProductRecord, ReadResult
from shopforge.cli.main import app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "shopify_current_headers.csv"
CDN = "https://cdn.example.com/shopforge-demo/"

# The fixture's columns under the names a classic export gives them, in the fixture's order.
CLASSIC_HEADER = (
    "Title,Handle,Body (HTML),Vendor,Product Category,Type,Tags,Published,Status,Variant SKU,Variant Barcode,"
    "Option1 Name,Option1 Value,Option1 Linked To,Option2 Name,Option2 Value,Option2 Linked To,Option3 Name,"
    "Option3 Value,Option3 Linked To,Variant Price,Variant Compare At Price,Cost per item,Variant Taxable,"
    "Variant Tax Code,Unit Price Total Measure,Unit Price Total Measure Unit,Unit Price Base Measure,"
    "Unit Price Base Measure Unit,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,"
    "Variant Grams,Variant Weight Unit,Variant Requires Shipping,Variant Fulfillment Service,Image Src,"
    "Image Position,Image Alt Text,Variant Image,Gift Card,SEO Title,SEO Description,"
    "Color (product.metafields.shopify.color-pattern),Google Shopping / Google Product Category,"
    "Google Shopping / Gender,Google Shopping / Age Group,Google Shopping / Condition"
)
MINIMAL_HEADER = (
    "URL handle,Title,Description,Vendor,Type,Tags,SKU,Option1 name,Option1 value,Price,Product image URL\n"
)


def fixture_lines() -> list[str]:
    return FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)


def without_line_and_notes(record: ProductRecord) -> dict[str, object]:
    fields = asdict(record)
    del fields["line"], fields["notes"]
    return fields


def skip_notes(result: ReadResult) -> list[str]:
    return [note for record in result.records for note in record.notes if "before the header" in note]


# --- current header names --------------------------------------------------------------------------------


def test_current_headers_import_every_product_with_its_variants_grouped() -> None:
    result = read_catalog(FIXTURE)
    assert result.format == "shopify"
    assert result.errors == []
    dress, dripper, board = result.records
    assert (dress.sku, dress.title, dress.brand, dress.line) == ("LW-DRESS-SAGE", "Linen Wrap Dress", "Loomwell", 3)
    assert dress.categories == ["Apparel & Accessories", "Clothing", "Dresses"]
    assert dress.description == "Washed European linen, midi length.\nTie waist\nSide pockets"
    assert dress.price == 89.0
    assert "price: variants are priced differently (89.00, 92.00); first kept" in dress.notes
    assert dress.images == [CDN + "dress-sage.jpg", CDN + "dress-sand.jpg"]
    assert dress.attributes == [
        ("Color", "Sage"),
        ("Color", "Sand"),
        ("tags", "linen"),
        ("tags", "summer"),
        ("tags", "dress"),
        ("Color", "green"),
        ("Color", "beige"),
    ]
    assert (dripper.sku, dripper.brand, dripper.price, dripper.line) == ("CY-DRIP-02", "瓷言", 128.0, 9)
    assert dripper.categories == ["Home & Garden", "Kitchen & Dining", "Kitchen Tools & Utensils", "咖啡器具"]
    assert dripper.attributes == [("tags", "陶瓷"), ("tags", "咖啡")]  # "Title: Default Title" is no option
    assert (board.sku, board.price, board.line) == ("GH-BOARD-40", 34.0, 10)
    assert board.images == [CDN + "board-1.jpg", CDN + "board-2.jpg"]
    assert board.description == "Solid moso bamboo.\nJuice groove on one side."


def test_current_headers_give_the_records_the_classic_headers_give() -> None:
    lines = fixture_lines()
    classic_text = CLASSIC_HEADER + "\n" + "".join(lines[2:])  # no stray line: every line number is one less
    classic = read_catalog_data(classic_text.encode(), "products_export_1.csv")
    current = read_catalog(FIXTURE)
    assert classic.format == current.format == "shopify"
    assert classic.errors == current.errors == []
    assert len(current.records) == len(classic.records) == 3
    for new, old in zip(current.records, classic.records, strict=True):
        assert without_line_and_notes(new) == without_line_and_notes(old)
        assert new.line == old.line + 1
        assert [note for note in new.notes if note not in old.notes] == skip_notes(ReadResult([new]))


def test_a_minimal_current_header_is_recognised_as_a_shopify_export() -> None:
    text = MINIMAL_HEADER + (
        "mug,Mug,Stoneware.,Potts,Mugs,gift,MUG-W,Color,White,12.00,mug-w.jpg\n"
        "mug,,,,,,MUG-B,,Blue,12.00,mug-b.jpg\n"
    )
    result = read_catalog_data(text.encode(), "export.csv")
    assert result.format == "shopify"
    (mug,) = result.records
    assert (mug.sku, mug.brand, mug.description, mug.categories) == ("MUG-W", "Potts", "Stoneware.", ["Mugs"])
    assert mug.attributes == [("Color", "White"), ("Color", "Blue"), ("tags", "gift")]
    assert mug.images == ["mug-w.jpg", "mug-b.jpg"]


def test_a_plain_csv_with_a_handle_column_stays_a_plain_csv() -> None:
    # "sku", "price" and "description" are current Shopify names too; with a bare "handle" column they must not
    # turn a generic catalogue (brand, images, attribute columns) into a Shopify export.
    text = "handle,sku,title,price,description,brand,images,Colour\nmug,A1,Mug,3,Stoneware.,Potts,m.jpg,white\n"
    result = read_catalog_data(text.encode(), "catalog.csv")
    assert result.format == "csv"
    (record,) = result.records
    assert (record.brand, record.images) == ("Potts", ["m.jpg"])
    assert record.attributes == [("Colour", "white")]
    assert (record.handle, record.variants) == ("mug", [])  # a catalogue's handle groups products on export


# --- stray lines before the header ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stray", "skipped"),
    [
        ("Products export\n", ['line 1 skipped before the header (line 2): "Products export"']),
        (";;;;;;;;\n", ['line 1 skipped before the header (line 2): ";;;;;;;;"']),
        ("\ufeff\n", ['line 1 skipped before the header (line 2): "\\ufeff"']),  # a second BOM on its own line
        ("\n\nProducts export,,,\n", ['line 3 skipped before the header (line 4): "Products export"']),
    ],
)
def test_stray_lines_before_a_shopify_header_are_skipped_with_a_note(stray: str, skipped: list[str]) -> None:
    lines = fixture_lines()
    data = "\ufeff".encode() + (stray + "".join(lines[1:])).encode()  # Excel's UTF-8 BOM, then the stray line
    result = read_catalog_data(data, "products_export.csv")
    offset = stray.count("\n") - 1  # the fixture has one stray line
    assert result.format == "shopify"
    assert result.errors == []
    assert [(r.sku, r.line) for r in result.records] == [
        ("LW-DRESS-SAGE", 3 + offset),
        ("CY-DRIP-02", 9 + offset),
        ("GH-BOARD-40", 10 + offset),
    ]
    assert skip_notes(result) == skipped
    assert all(not skip_notes(ReadResult([record])) for record in result.records[1:])  # noted once


def test_errors_after_stray_lines_keep_the_files_real_line_numbers() -> None:
    text = "Products export\n\n" + MINIMAL_HEADER + (
        "mug,Mug,,,,,MUG-W,,,twelve,\n"
        ",orphan,,,,,,,,,\n"
        "jug,Jug,,,,,JUG-1,,,5.00,\n"
        "notitle,,,,,,NT-1,,,5.00,\n"
    )
    result = read_catalog_data(text.encode(), "export.csv")
    assert [(r.sku, r.line) for r in result.records] == [("JUG-1", 6)]
    assert [str(error) for error in result.errors] == [
        'line 4: price is not a number: "twelve" (variant on line 4)',
        "line 5: missing Handle (every row of a Shopify export names its product)",
        "line 7: missing title",
    ]


@pytest.mark.parametrize(
    ("text", "skipped"),
    [
        ("Product list\nsku,title,price\nA1,Mug,3\n", 'line 1 skipped before the header (line 2): "Product list"'),
        ("Produktliste\nsku;title;price\nA1;Mug;3,00\n", 'line 1 skipped before the header (line 2): "Produktliste"'),
        (";;;;\nsku,title,price\nA1,Mug,3\n", 'line 1 skipped before the header (line 2): ";;;;"'),
        ("Liste\n\ufeffsku,title,price\nA1,Mug,3\n", 'line 1 skipped before the header (line 2): "Liste"'),
    ],
)
def test_a_stray_line_before_a_plain_csv_header_is_skipped_with_a_note(text: str, skipped: str) -> None:
    result = read_catalog_data(text.encode(), "catalog.csv")
    assert result.format == "csv"
    assert result.errors == []
    (record,) = result.records
    assert (record.sku, record.title, record.price, record.line) == ("A1", "Mug", 3.0, 3)
    assert skip_notes(result) == [skipped]


def test_a_plain_csv_row_error_after_a_stray_line_names_its_real_line() -> None:
    text = "Stock list 2024\n\nsku,title,price\nA1,Mug,3\n,No sku,4\nA3,Bowl,abc\n"
    result = read_catalog_data(text.encode(), "catalog.csv")
    assert [(r.sku, r.line) for r in result.records] == [("A1", 4)]
    assert [str(error) for error in result.errors] == [
        "line 5: missing sku",
        'line 6: price is not a number: "abc"',
    ]


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("Products export\n", 1),
        ("\nProducts export\n;;;;\n", 2),
        ("Products export\nred,M,cotton\nblue,L,linen\n", 1),
    ],
)
def test_a_file_without_a_recognisable_header_is_one_clear_error(text: str, first_line: int) -> None:
    result = read_catalog_data(text.encode(), "catalog.csv")
    assert result.records == []
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.line == first_line
    assert error.reason.startswith("no header row found in the first 6 non-blank lines")
    assert '"Handle" or "URL handle"' in error.reason and '"sku" and "title"' in error.reason


def test_a_header_after_more_than_five_stray_lines_is_not_searched_for() -> None:
    text = "".join(f"note {n}\n" for n in range(1, 7)) + "sku,title\nA1,Mug\n"
    result = read_catalog_data(text.encode(), "catalog.csv")
    assert result.records == []
    assert [error.line for error in result.errors] == [1]


# --- through the command line ---------------------------------------------------------------------------


def test_cli_imports_the_current_export_and_prints_the_skipped_line_as_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPFORGE_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    created = runner.invoke(app, ["account", "create", "shop", "--platform", "shopify", "--lang", "en"])
    assert created.exit_code == 0, created.output
    result = runner.invoke(app, ["catalog", "import", str(FIXTURE), "--account", "shop"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "imported 3 product(s) (3 new, 0 updated), rejected 0" in result.stdout
    assert 'skipped before the header (line 2): "Products export"' in " ".join(result.stderr.split())
    assert not [line for line in result.stderr.splitlines() if line.startswith("line ")]  # a note, not an error
