"""Compliance pre-screens: the fast path must find exactly what running every rule finds."""

from __future__ import annotations

import re

import pytest

from shopforge.copywriting.verify._screens import WORDS, merge_screens, split_alternatives
from shopforge.copywriting.verify._terms import Exemptions, _reads_lower, term_words
from shopforge.copywriting.verify.compliance import (
    CheckContext,
    CompiledRule,
    ScreenIndex,
    check_compliance,
    compile_pack,
)
from shopforge.copywriting.verify.report import Violation
from shopforge.knowledge.rulepacks import available_packs, load_pack, normalize_lang, packs_for

# ------------------------------------------------------------------------------ merged pre-screens


CompiledPacks = list[dict[str, tuple[CompiledRule, ...]]]


def _reference(text: str, kind: str, compiled: CompiledPacks, brand: str | None, lang: str) -> list[Violation]:
    """Every rule of every pack run on the copy, unscreened: what check_compliance must return."""
    ctx = CheckContext(text, kind, brand, normalize_lang(lang))
    violations = []
    for rules_by_kind in compiled:
        for rule in rules_by_kind[kind]:
            for hit in rule.checker(ctx):
                message = rule.message.replace("{span}", hit.span) + hit.detail
                violations.append(Violation(rule.name, hit.span, message, rule.severity, hit.source or rule.source))
    return violations


def _screen_corpus() -> list[str]:
    """Copies built around every term of every pack, so each screen is exercised on hits and near misses."""
    texts = [
        "Hydro Flask 32 oz Wide Mouth Bottle with Flex Cap, Stainless Steel, Black",
        "不锈钢真空保温杯男女学生便携水杯500ml",
        "Only $19.99 or Rs. 999 or 20% off, 5 dollars, Buy 2 Get 1",
        "Call 415-555-1234 or 010-12345678, 13812345678, 400-123-4567, +86 138 1234 5678",
        "Mail help@example.com, see www.shop.cn or x.io/abc; 加微信 abc12345, vx: wxid_123456, QQ:12345678",
        "ÆON™ Bottle © <b>bold</b> &amp; javascript:alert(1) 😀 …",
        "İSTANBUL Kelvin \u212a BEST Best best bestow", "Style #1, No. 1, no.1, number one, #1 Rated",
        "最大容量2L 最大的优点 最好不要 最近 第一步 销量第一 全网最低价 NO.1 top1 极品",
        "", "\n", "a\nb\na",
    ]
    for name in available_packs():
        for rule in load_pack(name).rules:
            params = rule.check.params
            for term in params.get("terms", []):
                word = term["term"] if isinstance(term, dict) else str(term)
                texts += [f"Bottle {word} Steel", f"Bottle{word}steel", word.upper(), f"x{word[:-1]}"]
            texts.append(f"Lamp {params.get('chars', '')} Desk")
    return texts


@pytest.mark.parametrize(
    ("platform", "lang"), [("amazon", "en"), ("taobao", "zh"), ("shopify", "en"), ("jd", "en"), ("tmall", "zh")]
)
def test_screened_check_equals_running_every_rule(platform: str, lang: str) -> None:
    packs = packs_for(platform, lang)
    compiled = [compile_pack(pack) for pack in packs]
    for text in _screen_corpus():
        for kind in ("title", "bullets", "description"):
            for brand in (None, "最好味", "Best"):
                expected = _reference(text, kind, compiled, brand, lang)
                assert check_compliance(text, kind, packs, brand=brand, lang=lang) == expected, (text, kind)


def test_split_alternatives_respects_groups_classes_and_escapes() -> None:
    assert split_alternatives(r"a|b(c|d)|[|]x|\|y|") == ["a", "b(c|d)", "[|]x", r"\|y", ""]
    assert split_alternatives(r"[]|]|a") == ["[]|]", "a"]
    assert split_alternatives("a)|(b") is None
    assert split_alternatives("(a|b") is None


@pytest.mark.parametrize(
    "patterns",
    [
        [r"best|cheapest", r"\d+\s?%\s?off\b", r"(?:[$€£]|r(?<![a-z]r)s\.?)\s?\d"],
        [r"[A-Z](?<![A-Za-z].)[A-Z]{3,}", r"!|\$|\?", r"</?([a-z]+)>|&"],
        [r"(a)\1", r"(?P<x>q)", r"(?P<x>r)"],  # a back-reference and a repeated group name: kept whole
        [r"a*b|c?d", r"(?:x|y)+z", r"(?i)caps", r"^start|end$"],
        [r"[^a-z]x|[a-]y|\w+@|\bword"],
    ],
)
def test_merged_screens_find_exactly_where_any_screen_does(patterns: list[str]) -> None:
    screens = [re.compile(p) for p in patterns]
    merged = merge_screens(screens)
    texts = [
        "best", "the cheapest", "20% off", "25 %off", "$5", "rs.5", "hours 5", "ABCD", "aBCDE", "!", "$", "?",
        "<b>", "</i>", "&", "aa", "qq", "r", "b", "aab", "d", "cd", "xyz", "yyz", "z", "CAPS", "start", "the end",
        "1x", "-y", "_y", "x@", "@", "a word", "sword", "", "no match here",
    ]
    for text in texts:
        expected = any(s.search(text) for s in screens)
        assert any(m.search(text) for m in merged) is expected, text


# ------------------------------------------------------------------------------ the screen index (anchors)

_INDEX_TEXTS = [
    "best", "the cheapest", "bestow", "Best Seller", "20% off", "25 %off", "$5", "rs.5", "hours 5", "ABCD", "aBCDE",
    "buy 2 get 1", "buy now", "kill 99% of germs", "remove germs", "world's best", "the most popular brand ever",
    "最好的", "最大容量2L", "保过", "包过期", "已售 5万", "5项专利", "qq 12345678", "vx: abc123", "www.x.cn", "a@b.co",
    "Call 415-555-1234", "java", "Java", "", "no match here", "blue lotus extract", "lotus", "blue", "size2",
    "herbal remedy cures colds", "herbal tea",
]  # fmt: skip


@pytest.mark.parametrize(
    "patterns",
    [
        [r"b(?<![A-Za-z0-9].)(?:est(?![A-Za-z0-9])|uy\ now(?![A-Za-z0-9]))", r"c(?<![A-Za-z0-9].)heapest\b"],
        [r"\d+\s?%\s?off\b", r"(?:[$€£]|r(?<![a-z]r)s\.?)\s?\d", r"b(?<![A-Za-z0-9].)uy\s+\d+\s+get\s+\d+"],
        [r"k(?<![A-Za-z0-9].)ill(?:s|ing)?\s+(?:up to\s+)?99(?:\.9+)?\s?%", r"r(?<![A-Za-z0-9].)emov[a-z]*\s+germs"],
        [r"world'?s\s+(?:most\s+)?[a-z]+(?:est|er)\b", r"\b(?:the\s+)?most\s+[a-z]+\s+(?:[a-z]+\s+){0,3}ever\b"],
        [r"最(?![近后])[\u4e00-\u9fff]", r"包(?<![面书]包)过(?![期滤])", r"已(?:抢|售)\s*\d+\s*万", r"\d+\s*项专利"],
        [r"qq|扣扣", r"vx|wx|weixin", r"https?://|www\.", r"@", r"\d[\d\s().-]{5,}\d", r"java|Java"],
        [r"[A-Z](?<![A-Za-z0-9_'’-].)[A-Z]{3,}", r"(?i)caps", r"(a)\1", r"^start|end$", r"a*b|c?d"],
        [r"b(?<![A-Za-z0-9].)lue\ lotus\ extract(?![A-Za-z0-9])", r"s(?<![A-Za-z0-9].)ize(?![A-Za-z])"],
        [r"h(?<![A-Za-z0-9].)erb(?:al|s)?\s+(?:remed(?:y|ies)|cures?)", r"\d\d*+\s*[%％]\s*(?:的)?(?:用户|学生)"],
    ],
)
def test_screen_index_names_every_screen_that_finds_something(patterns: list[str]) -> None:
    screens = [re.compile(p) for p in patterns]
    index = ScreenIndex(screens)
    for text in _INDEX_TEXTS + [t.upper() for t in _INDEX_TEXTS] + [t.title() for t in _INDEX_TEXTS]:
        for words in (None, WORDS.findall(text)):
            found = index.candidates(text, words)
            for i, screen in enumerate(screens):
                if screen.search(text):
                    assert found >> i & 1, (screen.pattern, text)


def test_a_literal_term_is_anchored_by_its_rarest_words() -> None:
    assert term_words("b", r"(?<![A-Za-z0-9].)lue\ lotus\ extract(?![A-Za-z0-9])") == [("lotus", "extract")]
    # terms sharing a first letter: one anchor each; a non-literal branch: the words it can start with
    assert term_words("b", r"(?<![A-Za-z0-9].)(?:est(?![A-Za-z0-9])|uy\ now(?![A-Za-z0-9]))") == [
        ("best", ""),
        ("buy", "now"),
    ]
    assert term_words("c", r"(?<![A-Za-z0-9].)ur(?:e|es|ed)\s+") == [("cure", ""), ("cures", ""), ("cured", "")]
    assert term_words("b", "est") is None  # not at a word start


@pytest.mark.parametrize(
    ("source", "lower"),
    [("best[\\s-]+(?:before|by)\\b", True), ("[a-z]+\\d", True), ("(a)\\1", True), ("ABC", False), ("[A-Z]", False),
     ("[!-~]", False), ("\\x41", False), ("é", False), ("a(?-i:b)", False)],
)  # fmt: skip
def test_allowed_contexts_read_on_the_lower_cased_copy_only_when_that_is_the_same(source: str, lower: bool) -> None:
    assert (Exemptions([source]).on_folded is not None) is lower
    assert not _reads_lower("(?i)abc")  # a global flag


def test_allowed_context_spans_are_those_of_ignorecase() -> None:
    exemptions = Exemptions([r"best[\s-]+(?:before|by)\b", r"(?:style|model)\s*(?:#|no\.?)\s*1\b"])
    assert exemptions.allow is not None
    for text in ["Best Before 2025", "BEST-BY", "beſt by", "ıtem no. 1", "Model #1 \u212a", "STYLE No.1 best by"]:
        ctx = CheckContext(text, "title", None, "en")
        assert exemptions.spans(ctx) == [m.span() for m in exemptions.allow.finditer(text)], text
