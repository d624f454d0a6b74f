"""Sanitising free text: HTML, Unicode, invisible characters, whitespace."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest

from shopforge.catalog.sanitize import clean_text, html_to_text, normalise_unicode, remove_invisible


def test_html_block_elements_become_single_line_breaks_and_scripts_vanish() -> None:
    markup = (
        "<div><h2>Features</h2>\n  <ul>\n    <li>Leak&#8209;proof</li>\n"
        "    <li>BPA&#x2D;free</li>\n  </ul></div>"
        "<script type='text/javascript'>var x = '<p>not text</p>';</script>"
        "<noscript>enable js</noscript><!-- hidden comment --><p>Keep&nbsp;cool</p>"
    )
    cleaned = clean_text(markup, multiline=True)
    assert cleaned.text == "Features\nLeak\u2011proof\nBPA-free\nKeep cool"
    assert cleaned.notes == ["HTML removed", "script or event-handler markup removed"]
    assert clean_text("<p>Keep <b>cool</b></p>", multiline=True).notes == ["HTML removed"]  # formatting only


def test_single_line_fields_collapse_line_breaks() -> None:
    assert clean_text("<b>Steel</b><br>Mug\n  350 ml", multiline=False).text == "Steel Mug 350 ml"


def test_text_that_only_looks_a_bit_like_html_is_left_alone() -> None:
    assert clean_text("Kids <3 this, size < 5 cm & light").text == "Kids <3 this, size < 5 cm & light"
    assert html_to_text("Tom &amp; Jerry") == "Tom & Jerry"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("７５０ｍｌ ＡＢＣ－１２％", "750ml ABC-12%"),  # full-width ASCII folded for facts and codes
        ("保温，防漏！（真空）：好？～", "保温，防漏！（真空）：好？～"),  # CJK punctuation kept
        ("面积 2 m² · 耐热 120℃ · ½ 杯 · ㎖", "面积 2 m² · 耐热 120℃ · ½ 杯 · ㎖"),  # no NFKC damage
        ("Cafe\u0301", "Café"),  # NFC
    ],
)
def test_unicode_normalisation(raw: str, expected: str) -> None:
    assert normalise_unicode(raw) == expected


def test_invisible_and_control_characters_are_removed_but_emoji_sequences_kept() -> None:
    raw = "a\u200bb\u200c\u2060c\ufeff\u202ed\x00\x1be\tf 👩\u200d💻 ❤️\u200d🔥"
    assert remove_invisible(raw, multiline=False) == "abcde f 👩\u200d💻 ❤️\u200d🔥"
    cleaned = clean_text(raw)
    assert "invisible or control characters removed" in cleaned.notes


def test_multiline_whitespace_is_tidied() -> None:
    assert clean_text("  a \u3000 b  \n\n\n\n c\t\td  ", multiline=True).text == "a b\n\nc d"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mugs<svg/onload=alert(5)", "Mugs"),  # an unterminated tag, to the end of the field
        ("<img src=x onerror=alert(1)>Cup", "Cup"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Cup", "Cup"),  # entity-encoded markup is markup
        ("&amp;lt;img src=x onerror=alert(1)&amp;gt;Cup", "Cup"),  # encoded twice
        ("javascript:alert(1) Cup", "Cup"),
        ("Cup onmouseover=alert(1)", "Cup"),
        ("<!-- hidden -->Cup", "Cup"),
        ("<![CDATA[x]]>Cup", "Cup"),
    ],
)
def test_markup_fragments_never_survive_sanitising(raw: str, expected: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned.text == expected and "HTML removed" in cleaned.notes


@pytest.mark.parametrize("raw", ["<10 lb", "5<6", "a < b and 3 > 2", "AT&T", "R&D", "Cup < 10 cm tall"])
def test_text_that_only_looks_like_markup_is_kept(raw: str) -> None:
    assert clean_text(raw).text == raw


def test_a_markup_fragment_in_a_category_or_attribute_never_reaches_the_facts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from shopforge.catalog.importer import facts_for_record
    from shopforge.catalog.readers import read_catalog

    row = {"sku": "X1", "title": "Mug", "category": "Mugs<svg/onload=alert(5)",
           "attributes": {"Colour<img src=x onerror=alert(1)>": "Red&lt;script&gt;x&lt;/script&gt;"}}  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (record,) = read_catalog(path).records
    texts = [record.title, *record.categories, *(k + v for k, v in record.attributes)]
    texts += [fact.value + fact.key for fact in facts_for_record(record)]
    assert not any("<" in text or "alert" in text for text in texts)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<svg/onload=alert(5)>Mugs", "Mugs"),  # a stray <svg …> never closed: the text after it is kept
        ("Mugs <svg/onload=alert(5) and more", "Mugs"),  # unterminated: to the end of the field
        ("Cup<img src=x onerror=alert(1)", "Cup"),
        ("<IMG SRC=\"javascript:alert('XSS');\">Cup", "Cup"),
        ("<a href='jav&#x09;ascript:alert(1)'>Cup</a>", "Cup"),  # tab inside the scheme, encoded
        ("java\u200bscript:alert(1) Cup", "Cup"),  # a zero-width space cannot split the scheme
        ("＜script＞alert(1)＜/script＞Cup", "Cup"),  # full-width brackets fold to "<" before parsing
        ("&#xFF1C;img src=x onerror=alert(1)&#xFF1E;Cup", "Cup"),  # …also when they come from an entity
        ("&#60;script&#62;alert(1)&#60;/script&#62;Cup", "Cup"),
        ("&amp;amp;lt;script&amp;amp;gt;x&amp;amp;lt;/script&amp;amp;gt;Cup", "Cup"),  # encoded three times
        ('Cup" onmouseover="alert(1)', 'Cup"'),  # a handler that broke out of an attribute
        ("data:text/html;base64,PHNjcmlwdD4= Cup", "Cup"),
        ("<body onload=alert(1)>Cup", "Cup"),
        ("<svg><script>alert(1)</script></svg>Cup", "Cup"),
    ],
)
def test_active_markup_is_removed_and_noted_as_such(raw: str, expected: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned.text == expected
    assert {"HTML removed", "script or event-handler markup removed"} <= set(cleaned.notes)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("x<!-- unterminated comment", "x"),
        ("<![CDATA[<b>x</b>]]>Cup", "Cup"),
        ("<?xml version='1.0'?>Cup", "Cup"),
        ("<!DOCTYPE html>Cup", "Cup"),
        ("<o:p>Cup</o:p>", "Cup"),  # Word's namespaced tags
        ("Bag <a", "Bag"),  # an unterminated known element
        ("<b>Bold</b> &lt;10 lb", "Bold <10 lb"),
    ],
)
def test_inert_markup_is_removed_with_the_html_note_only(raw: str, expected: str) -> None:
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.notes) == (expected, ["HTML removed"])


@pytest.mark.parametrize(
    "raw",
    [
        "≥ 5 kg", "x <= y", "I <3 it", "<-- arrow", "a->b", "< 5kg", "Tom & Jerry",
        "Size <M>", "Size <XL>", "Model <A1>", "Price <Rs 500",  # bracketed words that are no element
        "online=yes", "Data: 5 GB", "JavaScript: The Good Parts", "metadata:x",
    ],
)  # fmt: skip
def test_text_with_brackets_colons_or_equals_signs_is_kept(raw: str) -> None:
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.notes) == (raw, [])


def test_entity_encoded_text_decodes_to_text() -> None:
    assert clean_text("Tom &amp; Jerry &lt;3 &lt;10 lb").text == "Tom & Jerry <3 <10 lb"
    assert clean_text("Size &lt;M&gt;").text == "Size <M>"


def _read_one(tmp_path, row: Mapping[str, object]):  # type: ignore[no-untyped-def]
    from shopforge.catalog.readers import read_catalog

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return read_catalog(path)


def test_every_text_field_of_a_record_is_sanitised_and_the_removal_noted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    evil = "<img src=x onerror=alert(1)>"
    row = {
        "sku": "X1", "title": f"Mug{evil}", "brand": "Acme<svg/onload=alert(5)", "category": f"Home > Mugs{evil}",
        "description": "<p>Good</p>&lt;script&gt;alert(2)&lt;/script&gt;", "attributes": {f"Colour{evil}": "Red"},
        "content": {"title": f"Live{evil}", "bullets": [f"Bullet{evil}"], "description": f"Desc{evil}"},
    }  # fmt: skip
    (record,) = _read_one(tmp_path, row).records
    assert (record.title, record.brand, record.categories) == ("Mug", "Acme", ["Home", "Mugs"])
    assert (record.description, record.attributes) == ("Good", [("Colour", "Red")])
    assert record.content == {"title": "Live", "bullets": ["Bullet"], "description": "Desc"}
    for name in ("title", "brand", "category", "description", "attribute key", "content.title",
                 "content.bullets[0]", "content.description"):  # fmt: skip
        assert f"{name}: script or event-handler markup removed" in record.notes


def test_csv_and_shopify_rows_go_through_the_same_sanitiser() -> None:
    from shopforge.catalog.readers import read_catalog_data

    csv_text = 'sku,title,category,Fabric\nS1,"Shirt<svg/onload=alert(5)",Tops,"Cotton<img src=x onerror=alert(1)>"\n'
    (record,) = read_catalog_data(csv_text.encode(), "c.csv").records
    assert (record.title, record.attributes) == ("Shirt", [("Fabric", "Cotton")])
    shopify = (
        "Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"
        'tee,"Tee<svg/onload=alert(5)","<p>Soft</p><script>x()</script>",North,Shirts,"a<b onclick=x()>",'
        "Size,M,TEE-M,24.00\n"
    )
    (tee,) = read_catalog_data(shopify.encode(), "products_export.csv").records
    assert (tee.title, tee.description) == ("Tee", "Soft")
    assert not any("<" in key + value or "onclick" in value for key, value in tee.attributes)
    assert "title: script or event-handler markup removed" in tee.notes


def test_a_sku_with_markup_is_refused_and_a_markup_only_title_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _read_one(tmp_path, {"sku": "A1<img src=x onerror=alert(1)>", "title": "Mug"})
    assert result.records == [] and "sku contains HTML markup" in result.errors[0].reason
    result = _read_one(tmp_path, {"sku": "A1", "title": "<svg/onload=alert(5)"})
    assert result.records == [] and result.errors[0].reason == "title is nothing but HTML markup"
    assert _read_one(tmp_path, {"sku": "A<5", "title": "Mug"}).records[0].sku == "A<5"  # not markup


def test_script_urls_are_not_kept_as_images(tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = {"title": "Mug", "images": ["data:text/html,<b>", "data:image/png;base64,iVBO", "b.jpg"]}
    images = ["a.jpg", "javascript:alert(1)", "x.jpg\"><script>"]
    row = {"sku": "A1", "title": "Mug", "images": images, "content": content}
    (record,) = _read_one(tmp_path, row).records
    assert record.images == ["a.jpg"]
    assert record.content is not None and record.content["images"] == ["data:image/png;base64,iVBO", "b.jpg"]
    assert "images: 2 reference(s) dropped (script URL or markup)" in record.notes
    assert "content.images: 1 reference(s) dropped (script URL or markup)" in record.notes
