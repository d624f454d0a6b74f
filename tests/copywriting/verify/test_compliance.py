"""Compliance checker: each check type in both directions, through the real packs."""

from __future__ import annotations

import pytest

from shopforge.copywriting.verify.compliance import (
    CHECK_TYPES,
    UnknownCheckTypeError,
    check_compliance,
    compile_pack,
)
from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.knowledge.rulepacks import RulePack, available_packs, load_pack, packs_for


def check(text: str, kind: str, platform: str, lang: str, brand: str | None = None) -> list[Violation]:
    return check_compliance(text, kind, packs_for(platform, lang), brand=brand, lang=lang)


def hits(text: str, kind: str = "title", platform: str = "amazon", lang: str = "en", **kw: str) -> set[str]:
    return {f"{v.rule}:{v.span}" for v in check(text, kind, platform, lang, **kw)}


def rules(text: str, kind: str = "title", platform: str = "amazon", lang: str = "en", **kw: str) -> set[str]:
    return {v.rule for v in check(text, kind, platform, lang, **kw)}


@pytest.mark.parametrize("name", available_packs())
def test_every_pack_compiles(name: str) -> None:
    compiled = compile_pack(load_pack(name))
    assert any(compiled.values())


def test_unknown_check_type_and_bad_parameters_are_reported() -> None:
    base = {"id": "r", "severity": "error", "scope": "all", "message": "m", "source": "s"}
    bad_type = RulePack.model_validate(
        {"name": "x", "version": "1.0.0", "rules": [{**base, "check": {"type": "telepathy"}}]}
    )
    with pytest.raises(UnknownCheckTypeError, match="telepathy"):
        compile_pack(bad_type)
    typo = RulePack.model_validate(
        {"name": "x", "version": "1.0.0", "rules": [{**base, "check": {"type": "max_length", "maxx": 3}}]}
    )
    with pytest.raises(ValueError, match=r"x\.r: invalid check parameters"):
        compile_pack(typo)
    assert "absolute_terms" in CHECK_TYPES


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="tagline"):
        check_compliance("x", "tagline", packs_for("amazon", "en"))


# ------------------------------------------------------------------------------- Chinese absolute terms

ZH_ABSOLUTE = "cn_ad_law.absolute_terms"


@pytest.mark.parametrize(
    "text",
    [
        "不锈钢保温杯最大容量2L",
        "电热水壶最高温度100℃",
        "最多可容纳4人的帐篷",
        "最小号适合3岁宝宝",
        "最佳保质期12个月",
        "建议最佳饮用温度60℃",
        "第一步先清洗内胆",
        "最近很多人问这款杯子",
        "精确到0.1g的厨房秤",
        "最重要的是，它不仅减龄还很保暖",
        "这件外套最大的设计亮点在于刺绣",
    ],
)
def test_zh_spec_and_exception_contexts_pass(text: str) -> None:
    assert ZH_ABSOLUTE not in rules(text, "description", "taobao", "zh")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("最好的水杯", "最好"),
        ("全网最低价", "最低"),
        ("最低价99元", "最低"),
        ("口感最佳", "最佳"),
        ("国家级工艺", "国家级"),
        ("销量第一的保温杯", "第一"),
        ("这款裙子最美了", "最美"),
        ("NO.1 品质保温杯", "NO.1"),
        ("极品大红袍", "极品"),
        ("最大的优点是轻", "最大"),
    ],
)
def test_zh_absolute_claims_fail_with_the_exact_span(text: str, span: str) -> None:
    violations = [v for v in check(text, "description", "taobao", "zh") if v.rule == ZH_ABSOLUTE]
    assert [v.span for v in violations] == [span]
    assert violations[0].severity is Severity.ERROR
    assert "Art. 9" in violations[0].source or "极限词" in violations[0].source


def test_statute_term_carries_its_tier_and_statute_source() -> None:
    (violation,) = [v for v in check("最佳选择", "title", "taobao", "zh") if v.rule == ZH_ABSOLUTE]
    assert "statute_explicit" in violation.message
    assert "Art. 9(3)" in violation.source


def test_term_inside_the_brand_passes_but_the_same_term_elsewhere_fails() -> None:
    assert ZH_ABSOLUTE not in rules("最好味牛肉干 五香味", "title", "taobao", "zh", brand="最好味")
    assert f"{ZH_ABSOLUTE}:最好" in hits("最好味牛肉干 最好吃", "title", "taobao", "zh", brand="最好味")


def test_longest_term_wins_and_is_reported_once() -> None:
    violations = [v for v in check("全网销量第一", "title", "taobao", "zh") if v.rule == ZH_ABSOLUTE]
    assert [v.span for v in violations] == ["全网销量第一"]


# ------------------------------------------------------------------------------------- lengths


def test_taobao_title_counts_gbk_bytes_30_cjk_pass_31_fail() -> None:
    thirty = "春秋新款纯棉长袖衬衫男士商务休闲修身百搭免烫白色衬衣大码上班通勤"[:30]
    assert len(thirty) == 30
    assert "taobao.title.max_length" not in rules(thirty, "title", "taobao", "zh")
    violations = [
        v for v in check(thirty + "款", "title", "taobao", "zh") if v.rule == "taobao.title.max_length"
    ]
    assert len(violations) == 1
    assert violations[0].span == ""
    assert "62 > 60" in violations[0].message


def test_taobao_ascii_counts_one_byte() -> None:
    title = "iPhone15手机壳透明防摔超薄磨砂软壳男女款全包镜头保护套适用苹果"
    assert len(title) == 8 + 27  # 8 ASCII + 27 CJK = 62 bytes
    assert "taobao.title.max_length" in rules(title, "title", "taobao", "zh")
    assert "taobao.title.max_length" not in rules(title[:-1], "title", "taobao", "zh")  # 60 bytes


def test_shopify_seo_title_70_chars() -> None:
    title = "Stainless Steel Insulated Water Bottle with Leak Proof Lid for Travel 1"
    assert len(title) == 71
    assert "shopify.title.max_length" in rules(title, platform="shopify")
    assert "shopify.title.max_length" not in rules(title[:70], platform="shopify")


def test_shopify_meta_description_160_chars() -> None:
    meta = "Keeps drinks cold for 24 hours. " * 5  # 160 characters
    assert "shopify.meta_description.max_length" not in rules(meta, "meta_description", "shopify")
    assert "shopify.meta_description.max_length" in rules(meta + "x", "meta_description", "shopify")


def test_bullets_are_checked_per_line_and_counted() -> None:
    long_bullet = "Double-wall vacuum insulation keeps drinks cold " + "and fresh " * 50
    violations = check(f"Leak-proof lid\n- {long_bullet}", "bullets", "amazon", "en")
    too_long = [v for v in violations if v.rule == "amazon.bullets.max_length"]
    assert [v.span for v in too_long] == [long_bullet.strip()]
    six = "\n".join(f"Feature number {n} of the bottle" for n in range(6))
    assert any("6 > 5 bullets" in v.message for v in check(six, "bullets", "amazon", "en"))
    assert "amazon.bullets.max_length" not in rules(six.rsplit("\n", 1)[0], "bullets")


def test_video_script_word_limit() -> None:
    script = " ".join(["sip"] * 150)
    assert "amazon.video_script.max_length" not in rules(script, "video_script")
    assert "amazon.video_script.max_length" in rules(script + " more", "video_script")


# ---------------------------------------------------------------------------------------- Amazon title


def test_amazon_forbidden_characters() -> None:
    assert hits("Leak Proof Water Bottle!") >= {"amazon.title.forbidden_chars:!"}
    assert "amazon.title.forbidden_chars" not in rules("Leak Proof Water Bottle, 1 L")


def test_amazon_context_characters_only_in_identifiers_and_measurements() -> None:
    assert "amazon.title.context_chars" not in rules("Hiking Boots Style #4301, Fits <10 lb Packs")
    assert hits("Hiking Boots ~ Waterproof * Light") >= {
        "amazon.title.context_chars:~",
        "amazon.title.context_chars:*",
    }


def test_amazon_promo_phrases() -> None:
    assert "amazon.detail.promo_phrases:Free Shipping" in hits("Water Bottle Free Shipping")
    assert "amazon.detail.promo_phrases:20% off" in hits("Water Bottle 20% off Today")
    assert "amazon.detail.promo_phrases" not in rules("Water Bottle for Shipping Crews, Offshore Use")


def test_amazon_all_caps_words_but_not_acronyms_or_model_codes() -> None:
    assert hits("SUPER Strong Water Bottle") >= {"amazon.title.all_caps:SUPER"}
    assert "amazon.title.all_caps" not in rules("USB LED Desk Lamp with HDMI Port, Model XR5000, BPA Free")
    assert "amazon.title.all_caps" not in rules("ACME Water Bottle", brand="ACME")
    assert "amazon.title.all_caps" not in rules("Now SP-ETHNIC Analog Watch, Colat COLAT-M08")


def test_amazon_word_repeated_three_times() -> None:
    violations = [v for v in check("Bottle Water Bottle Steel Bottle", "title", "amazon", "en")]
    assert [v.span for v in violations if v.rule == "amazon.title.max_word_repeat"] == ["Bottle"]
    assert "amazon.title.max_word_repeat" not in rules("Water Bottle for Kids and Bottle Brush for Cleaning")
    assert "amazon.title.max_word_repeat" not in rules("Set of 2 for Kids, for Adults, for Travel")  # exempt


def test_amazon_subjective_claims_block_and_symbols_warn() -> None:
    violations = check("Hot Item Water Bottle™", "title", "amazon", "en")
    by_rule = {v.rule: v for v in violations}
    assert by_rule["amazon.title.subjective_claims"].severity is Severity.ERROR
    assert by_rule["amazon.title.special_symbols"].span == "™"
    perfect = {v.rule: v for v in check("Perfect Water Bottle 1 L", "title", "amazon", "en")}
    assert perfect["amazon.title.subjective_claims"].span == "Perfect"


def test_amazon_price_availability_and_review_requests() -> None:
    text = "Only $19.99 while supplies last\nPlease leave a review"
    assert hits(text, "bullets") >= {
        "amazon.detail.price_availability:$19.99",
        "amazon.detail.price_availability:while supplies last",
        "amazon.detail.review_requests:leave a review",
    }


def test_amazon_html_allows_br_only_in_description() -> None:
    assert "amazon.description.html" not in rules("Keeps cold.<br>Keeps hot.", "description")
    assert "amazon.description.html:<b>" in hits("Keeps <b>cold</b>", "description")
    assert "amazon.detail.html:<br>" in hits("Water Bottle<br>Steel")


# ------------------------------------------------------------------------------------- English claims


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The best water bottle", "best"),
        ("#1 Water Bottle", "#1"),
        ("World's Best Mug", "World's Best"),
        ("Cheapest Steel Bottle", "Cheapest"),
        ("100% Guaranteed Leak Proof", "100% Guaranteed"),
    ],
)
def test_en_claims_fail(text: str, span: str) -> None:
    spans = {v.span for v in check(text, "title", "shopify", "en") if v.rule.startswith("en_claims.")}
    assert spans == {span}


@pytest.mark.parametrize(
    "text",
    [
        "Best before 2026-05 printed on lid",
        "For best results hand wash",
        "Best Friends Necklace Set",
        "Style #1 Mug",
    ],
)
def test_en_claims_exceptions_pass(text: str) -> None:
    assert not {r for r in rules(text, "description", "shopify") if r.startswith("en_claims.")}


def test_en_claim_inside_brand_passes() -> None:
    assert not {r for r in rules("BestWay Air Mattress", brand="BestWay") if r.startswith("en_claims.")}
    assert "en_claims.claims.superlative" not in rules("Bestway Air Mattress")  # "Bestway" is not "best"


def test_puffery_is_only_a_warning() -> None:
    (violation,) = [v for v in check("Perfect Gift Mug", "title", "amazon", "en") if v.rule.startswith("en_")]
    assert violation.severity is Severity.WARNING


# ----------------------------------------------------------------------------- contact, language, repeats


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Visit www.example.com for more", "www.example.com"),
        ("Mail us at help@example.com", "help@example.com"),
        ("Call +1 415-555-1234 today", "+1 415-555-1234"),
        ("See shop.example.cn/item", "shop.example.cn/item"),
    ],
)
def test_amazon_contact_info_fails(text: str, span: str) -> None:
    assert {
        v.span for v in check(text, "bullets", "amazon", "en") if v.rule == "amazon.detail.contact_info"
    } == {span}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("加微信 abc12345 领优惠", "微信 abc12345"),
        ("联系电话13812345678", "13812345678"),
        ("QQ:12345678", "QQ:12345678"),
    ],
)
def test_cn_contact_info_fails(text: str, span: str) -> None:
    assert f"taobao.contact_info:{span}" in hits(text, "post", "taobao", "zh")


def test_contact_info_ignores_specs_and_model_numbers() -> None:
    assert "amazon.detail.contact_info" not in rules("Analog Watch Model 2016-2017, 3.5 mm Jack, 1080p")
    assert "taobao.contact_info" not in rules("容量500ml 尺寸20x30cm 型号A1234", "title", "taobao", "zh")


def test_language_mismatch_both_ways() -> None:
    assert "amazon.language:保温杯" in hits("Water Bottle 保温杯")
    assert "taobao.language" in rules("Stainless steel vacuum bottle keeps cold", "title", "taobao", "zh")
    assert "taobao.language" not in rules("iPhone 15 手机壳 透明防摔", "title", "taobao", "zh")
    assert "amazon.language" not in rules("Water Bottle")


def test_repetition_of_phrases_and_lines() -> None:
    text = "keeps drinks cold all day and keeps drinks cold all night"
    assert "amazon.repetition:keeps drinks cold all" in hits(text, "description")
    assert "amazon.repetition:Leak proof lid" in hits("Leak proof lid\nSteel body\nLeak proof lid", "bullets")
    assert "taobao.repetition:保温保冷效果好" in hits(
        "保温保冷效果好，真的保温保冷效果好", "post", "taobao", "zh"
    )
    assert "amazon.repetition" not in rules("Keeps drinks cold all day, hot all night", "description")


# ------------------------------------------------------------------------------------- clean copy


@pytest.mark.parametrize(
    "title",
    [
        "Alisha Solid Women's Cycling Shorts",
        "FabHomeDecor Fabric Double Sofa Bed",
        "Sicons All Purpose Arnica Dog Shampoo (500 ml)",
        "Eternal Gandhi Super Series Crystal Paper Weights with Silver Finish",
        "Hydro Flask 32 oz Wide Mouth Bottle with Flex Cap, Stainless Steel, Black",
    ],
)
def test_real_looking_english_titles_are_clean(title: str) -> None:
    assert check(title, "title", "amazon", "en") == []


@pytest.mark.parametrize(
    "title",
    ["不锈钢真空保温杯男女学生便携水杯500ml", "简约纯棉白色T恤女夏季宽松短袖上衣", "iPhone15手机壳透明防摔"],
)
def test_real_looking_chinese_titles_are_clean(title: str) -> None:
    assert check(title, "title", "taobao", "zh") == []


def test_violation_fields() -> None:
    (violation,) = check("Leak Proof Bottle!", "title", "amazon", "en")
    assert violation.rule == "amazon.title.forbidden_chars"
    assert violation.span == "!"
    assert "not allowed in Amazon titles" in violation.message
    assert "201100890" in violation.source
