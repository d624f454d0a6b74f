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


HERO = "禾川 真空保温杯 750ml 304不锈钢 黑色"
WORDS = ("禾川", "真空保温杯", "750ml", "304不锈钢", "黑色")


@pytest.mark.parametrize("chars", range(5, 16))
def test_the_hero_title_breaks_only_at_spaces_when_every_word_fits_a_line(chars: int) -> None:
    font = load_font(FONT, 40)
    width = font.getlength("一" * chars)  # the widest word, 真空保温杯, is five ideographs
    lines = break_lines(HERO, font, width)
    assert lines is not None and all(font.getlength(line) <= width for line in lines)
    # every line is whole words: "304不|锈钢", "750|ml" and "保|温杯" never happen
    assert [word for line in lines for word in line.split(" ")] == list(WORDS), lines


def test_numbers_with_units_and_latin_words_never_split() -> None:
    from shopforge.creative.typeset import tokens

    assert "12小时" in tokens("续航12小时，3档调节")
    assert "3档" in tokens("续航12小时，3档调节")
    font = load_font(FONT, 36)
    text = "续航12小时 waterproof 750ml bottle"
    for width in range(int(font.getlength("waterproof")) + 1, int(font.getlength(text)), 15):
        lines = break_lines(text, font, width)
        assert lines is not None
        assert "12小时" in "".join(lines).split("续航")[1][:4], lines  # never "12" | "小时"
        assert all(word in lines_words(lines) for word in ("waterproof", "750ml", "bottle")), (width, lines)


def lines_words(lines: list[str]) -> list[str]:
    return [word for line in lines for word in line.split(" ")]


def test_a_latin_word_wider_than_the_line_still_needs_a_smaller_size_but_a_chinese_run_wraps() -> None:
    font = load_font(FONT, 40)
    width = font.getlength("一" * 4)
    assert break_lines("Supercalifragilistic 杯", font, width) is None
    run = "超轻便携长效保温大容量"  # eleven ideographs, no space or mark: longer than any line
    lines = break_lines(run, font, width)
    assert lines is not None and len(lines) == 3
    assert "".join(lines) == run and all(font.getlength(line) <= width for line in lines)


def test_a_long_phrase_fills_the_line_instead_of_leaving_a_gap() -> None:
    font = load_font(FONT, 30)
    text = "新品，超轻便携长效保温大容量随行杯"  # the second phrase (15 chars) is longer than the 8-char line
    lines = break_lines(text, font, font.getlength("一" * 8))
    assert lines is not None
    assert lines[0].startswith("新品，超"), lines  # not "新品，" alone on the first line
    assert "".join(lines) == text


def test_lexicon_terms_and_the_products_own_phrases_stay_whole_inside_a_long_run() -> None:
    font = load_font(FONT, 30)
    width = font.getlength("一" * 6)
    text = "加厚升级款不锈钢内胆保温杯办公室专用"  # one 18-ideograph run: it must break somewhere
    plain = break_lines(text, font, width)
    assert plain is not None and "".join(plain) == text
    assert not any(line.endswith(("不", "不锈")) for line in plain), plain  # 不锈钢 is a lexicon material
    # the product's own phrases, e.g. its fact values, are kept whole too
    keep = ("保温杯", "办公室")
    lines = break_lines(text, font, width, keep)
    assert lines is not None and "".join(lines) == text
    for term in ("不锈钢", *keep):
        assert any(term in line for line in lines), (term, lines)
    assert all(font.getlength(line) <= width for line in lines)


def test_kinsoku_holds_with_spaces_and_word_breaks() -> None:
    font = load_font(FONT, 30)
    text = "「禾川」真空保温杯 750ml，304不锈钢（食品级）黑色 ！十二小时保温。"
    for chars in range(4, 14):
        lines = break_lines(text, font, font.getlength("一" * chars))
        assert lines is not None
        assert all(line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END for line in lines), lines
        assert squash("".join(lines)) == squash(text)


def test_fit_text_passes_the_products_phrases_through() -> None:
    text = "加厚升级款不锈钢内胆保温杯办公室专用"
    block = fit_text(text, FONT, 200, 400, size=34, min_size=16, keep=["保温杯"])
    assert any("保温杯" in line for line in block.lines), block.lines
    assert block.width <= 200
