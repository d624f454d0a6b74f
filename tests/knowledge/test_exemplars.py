"""The winning exemplars teach a tiny model by example: every line must be a clean, grounded draft."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "src" / "shopforge" / "knowledge" / "data"
EXEMPLARS = DATA_DIR / "exemplars.jsonl"

LANGS = ("zh", "en")
KINDS = ("title", "bullets", "description", "post", "video_script")
MIN_PER_CELL = 6

FORBIDDEN_ZH = (
    "最", "第一", "唯一", "首选", "顶级", "极致", "国家级", "绝对", "独家", "永久",
    "万能", "优秀", "名牌", "精确", "领先", "冠军", "全网", "极品", "王牌", "世界级",
    "100%", "神器", "爆款", "秒杀",
)
FORBIDDEN_EN = ("best", "#1", "no.1", "no. 1", "number one", "perfect", "ultimate", "guaranteed", "cheapest",
                "top-rated", "top rated", "world-class", "world class", "exclusive", "100%", "miracle")
FORBIDDEN_CHARS = "!$?_{}^¬¦！？"
# URLs, prices, contact details, shipping promises
FORBIDDEN_PATTERNS = (r"https?:", r"www\.", r"@", r"[₹¥￥€£]", r"\bRs\.?\s?\d", r"\bfree shipping\b",
                      r"\bdelivery\b", r"包邮", r"发货", r"\d+\s*元", r"微信", r"电话")

# Colour and material words: an output may only use one that its own facts mention.
CHECKED_WORDS_EN = (
    "black", "white", "red", "blue", "green", "pink", "grey", "gray", "navy", "beige", "brown", "yellow",
    "purple", "orange", "gold", "silver", "olive", "tan", "lavender", "maroon",
    "cotton", "leather", "steel", "silicone", "wool", "silk", "denim", "polyester", "glass", "ceramic",
    "bamboo", "wood", "aluminium", "aluminum", "jute", "rayon", "nylon", "linen", "plastic", "brass",
    "copper",
)
CHECKED_WORDS_ZH = (
    "白色", "黑色", "红色", "蓝色", "绿色", "粉色", "灰色", "黄色", "紫色", "米色", "卡其", "棕色",
    "藏青", "纯棉", "棉质", "真皮", "牛皮", "不锈钢", "硅胶", "羊毛", "真丝", "桑蚕丝", "牛仔",
    "涤纶", "玻璃", "陶瓷", "实木", "铝合金", "雪纺", "尼龙", "棉麻", "帆布", "亚麻", "925银",
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_NUMBER = re.compile(r"\d+(?:[./]\d+)?")


def _load() -> list[dict[str, Any]]:
    with EXEMPLARS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _load()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _fact_phrases(row: dict[str, Any]) -> list[str]:
    """The phrases a title part, bullet point or tag may be copied from (benefits excluded)."""
    facts = row["facts"]
    head = [facts["brand"]] if facts["brand"] else []
    return [*head, facts["category"], *facts["attributes"]]


def _fact_text(row: dict[str, Any]) -> str:
    facts = row["facts"]
    return " ".join([facts["brand"] or "", facts["category"], *facts["attributes"], *facts["benefits"]])


def _limit(row: dict[str, Any], en: int, zh: int) -> int:
    return en if row["lang"] == "en" else zh


@pytest.mark.parametrize("row", ROWS, ids=[r.get("id", "?") for r in ROWS])
def test_envelope(row: dict[str, Any]) -> None:
    assert set(row) == {"id", "lang", "kind", "category", "facts", "output"}
    assert isinstance(row["id"], str) and row["id"]
    assert row["lang"] in LANGS
    assert row["kind"] in KINDS
    assert isinstance(row["category"], str) and row["category"].strip()
    facts = row["facts"]
    assert set(facts) == {"brand", "category", "attributes", "benefits"}
    assert facts["brand"] is None or (isinstance(facts["brand"], str) and facts["brand"].strip())
    assert isinstance(facts["category"], str) and facts["category"].strip()
    for key in ("attributes", "benefits"):
        assert isinstance(facts[key], list) and all(isinstance(x, str) and x.strip() for x in facts[key])
    assert facts["attributes"], "an exemplar without attributes teaches nothing"
    assert isinstance(row["output"], dict)


def test_ids_unique() -> None:
    counts = Counter(row["id"] for row in ROWS)
    assert not [i for i, n in counts.items() if n > 1]


def test_coverage_per_language_and_kind() -> None:
    counts = Counter((row["lang"], row["kind"]) for row in ROWS)
    for lang in LANGS:
        for kind in KINDS:
            assert counts[(lang, kind)] >= MIN_PER_CELL, (lang, kind, counts[(lang, kind)])
    assert len(ROWS) >= len(LANGS) * len(KINDS) * MIN_PER_CELL


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_draft_shape(row: dict[str, Any]) -> None:
    out, kind, lang = row["output"], row["kind"], row["lang"]
    phrases = _fact_phrases(row)
    free_max = _limit(row, 60, 30)
    if kind == "title":
        assert set(out) == {"parts"}
        parts = out["parts"]
        assert 3 <= len(parts) <= 6
        assert all(part in phrases for part in parts), [p for p in parts if p not in phrases]
        assert len(set(parts)) == len(parts)
        joined = " ".join(parts)
        assert len(joined) <= _limit(row, 80, 30), joined
        if lang == "en":
            words = Counter(w.lower() for w in re.findall(r"[\w'/.-]+", joined))
            assert max(words.values()) <= 2, words
    elif kind == "bullets":
        assert set(out) == {"bullets"}
        assert 3 <= len(out["bullets"]) <= 5
        for bullet in out["bullets"]:
            assert set(bullet) == {"point", "detail"}
            assert bullet["point"] in phrases, bullet["point"]
            assert 2 <= len(bullet["detail"]) <= free_max, bullet["detail"]
        points = [b["point"] for b in out["bullets"]]
        assert len(set(points)) == len(points)
    elif kind == "description":
        assert set(out) == {"sentences"}
        assert 2 <= len(out["sentences"]) <= 4
        mentions = [p.lower() for p in row["facts"]["attributes"] + row["facts"]["benefits"]]
        for sentence in out["sentences"]:
            assert 8 <= len(sentence) <= _limit(row, 120, 50), sentence
            if lang == "zh":
                assert sentence.endswith("。"), sentence
            assert any(m in sentence.lower() for m in mentions), f"no attribute or benefit: {sentence}"
    elif kind == "post":
        assert set(out) == {"lines", "tags"}
        assert 3 <= len(out["lines"]) <= 5
        assert all(2 <= len(line) <= free_max for line in out["lines"]), out["lines"]
        assert 1 <= len(out["tags"]) <= 3
        assert all(tag in phrases for tag in out["tags"]), out["tags"]
        assert len(set(out["tags"])) == len(out["tags"])
    else:
        assert set(out) == {"shots"}
        assert 3 <= len(out["shots"]) <= 5
        for shot in out["shots"]:
            assert set(shot) == {"scene", "voiceover"}
            assert 2 <= len(shot["scene"]) <= free_max, shot["scene"]
            assert 2 <= len(shot["voiceover"]) <= free_max, shot["voiceover"]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_no_forbidden_terms_or_characters(row: dict[str, Any]) -> None:
    texts = _strings(row["output"]) + _strings(row["facts"])
    terms = FORBIDDEN_ZH if row["lang"] == "zh" else FORBIDDEN_EN
    for text in texts:
        lowered = text.lower()
        assert not [t for t in terms if t in lowered], text
        assert not [c for c in FORBIDDEN_CHARS if c in text], text
        assert not [p for p in FORBIDDEN_PATTERNS if re.search(p, text, re.IGNORECASE)], text
        # a few older lists also ban these as whole words
        if row["lang"] == "en":
            assert not re.search(r"\b(?:no\.?\s?1|top|finest|greatest|unbeatable)\b", lowered), text


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_language(row: dict[str, Any]) -> None:
    texts = _strings(row["output"])
    fact_text = _fact_text(row)
    if row["lang"] == "zh":
        # every element is Chinese, except a part copied as is from the facts ("500 ml" in a title)
        phrases = _fact_phrases(row)
        assert all(_CJK.search(text) or text in phrases for text in texts), texts
        assert any(_CJK.search(text) for text in texts)
        # English only where the facts have it (brand, unit, acronym such as "T恤", "500 ml")
        latin = {w for text in texts for w in _LATIN_WORD.findall(text)}
        allowed = set(_LATIN_WORD.findall(fact_text))
        assert latin <= allowed, latin - allowed
    else:
        assert not [t for t in texts + _strings(row["facts"]) if _CJK.search(t)]
        caps = {w for text in texts for w in _CAPS_WORD.findall(text)}
        assert all(w in fact_text for w in caps), caps


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_grounded_numbers_colours_materials(row: dict[str, Any]) -> None:
    texts = _strings(row["output"])
    fact_text = _fact_text(row)
    fact_lower = fact_text.lower()
    for text in texts:
        for number in _NUMBER.findall(text):
            assert number in fact_text, f"{number!r} in {text!r} is not in the facts"
        if row["lang"] == "en":
            for word in CHECKED_WORDS_EN:
                if re.search(rf"\b{word}\b", text.lower()):
                    assert word in fact_lower, f"{word!r} in {text!r} is not in the facts"
        else:
            for word in CHECKED_WORDS_ZH:
                if word in text:
                    assert word in fact_text, f"{word!r} in {text!r} is not in the facts"
