"""Sanitising free text: HTML, Unicode, invisible characters, whitespace."""

from __future__ import annotations

import json

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
    assert cleaned.notes == ["HTML removed"]


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
