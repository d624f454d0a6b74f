"""Typesetting: the Noto CJK SC face, Chinese line-breaking rules, Latin breaks at spaces, shrink-to-fit."""

from __future__ import annotations

import pytest

from shopforge.creative.typeset import (
    NO_LINE_END,
    NO_LINE_START,
    TextFitError,
    break_lines,
    fit_text,
    load_font,
    resolve_font_path,
)

FONT = str(resolve_font_path())


def squash(text: str) -> str:
    return "".join(text.split())


def test_the_collection_face_is_simplified_chinese() -> None:
    assert load_font(FONT, 20).getname()[0] == "Noto Sans CJK SC"


def test_a_comma_never_starts_a_line_where_a_naive_break_would_put_it_there() -> None:
    font = load_font(FONT, 40)
    text = "一二三四五，六七八九十。"
    # five ideographs fill the line exactly, so a naive break puts 「，」 first on line two
    width = font.getlength("一二三四五")
    lines = break_lines(text, font, width)
    assert lines is not None
    assert lines[0] == "一二三四" and lines[1].startswith("五，")
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert "".join(lines) == text


def test_opening_brackets_never_end_a_line_and_closing_quotes_never_start_one() -> None:
    font = load_font(FONT, 30)
    text = "一二三四【五六】七八「九十」。"
    for chars in range(3, 9):
        lines = break_lines(text, font, font.getlength("一" * chars))
        assert lines is not None
        assert all(line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END for line in lines), lines
        assert "".join(lines) == text


def test_latin_breaks_at_spaces_and_keeps_every_word() -> None:
    font = load_font(FONT, 32)
    text = "Lightweight waterproof speaker (IPX7) with a 20-hour battery, ready for travel."
    lines = break_lines(text, font, 380)
    assert lines is not None and len(lines) > 1
    assert all(font.getlength(line) <= 380 for line in lines)
    assert " ".join(lines) == text


def test_mixed_chinese_and_latin_keep_all_characters() -> None:
    font = load_font(FONT, 36)
    text = "【防水】IPX7 防水等级，雨天放心用"
    lines = break_lines(text, font, 250)
    assert lines is not None
    assert squash("".join(lines)) == squash(text)
    assert all(line[0] not in NO_LINE_START for line in lines)


def test_a_word_wider_than_the_box_needs_a_smaller_size() -> None:
    assert break_lines("Supercalifragilistic", load_font(FONT, 60), 200) is None


def test_long_text_shrinks_to_fit_then_fails_clearly() -> None:
    title = "超轻便携保温杯，316不锈钢内胆，十二小时长效保温"
    block = fit_text(title, FONT, 400, 160, size=60, min_size=16)
    assert block.size < 60
    assert block.width <= 400 and block.height <= 160
    assert squash("".join(block.lines)) == squash(title)
    with pytest.raises(TextFitError, match=r"does not fit .* even at 16 px"):
        fit_text(title * 8, FONT, 400, 160, size=60, min_size=16)


def test_a_number_and_its_unit_stay_on_one_line() -> None:
    from shopforge.creative.typeset import tokens

    assert "750 ml" in tokens("禾川 304不锈钢 750 ml 保温杯")
    assert "1.7 L" in tokens("Brewly Kettle 1.7 L Silver")
    assert "Silver" in tokens("Brewly Kettle 1.7 L Silver")
