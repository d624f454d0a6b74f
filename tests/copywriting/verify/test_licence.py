"""Closed-world grounding: every content word of a copy is licensed by a fact, unlocked knowledge or the
neutral vocabulary; anything else is grounding.unsupported, and what licensed each phrase is recorded."""

from __future__ import annotations

import pytest
from tests.helpers import product_facts

from shopforge.copywriting.verify import ProductFacts, Verifier


def _facts(title: str, attributes: list[tuple[str, str]], brand: str | None = None) -> ProductFacts:
    return ProductFacts.build(product_facts(attributes, title, brand), brand)


CUP = _facts("禾川304不锈钢保温杯500ml", [("材质", "304不锈钢"), ("容量", "500ml"), ("颜色", "黑色")], brand="禾川")
LAPTOP = _facts("Lenovo IdeaPad 3 Laptop", [("Hard Disk Capacity", "1 TB"), ("Processor", "Intel Core i5"),
                                            ("Color", "Grey")], brand="Lenovo")  # fmt: skip
DRESS = _facts("Women's Embroidered Cotton Dress", [("Fabric", "Cotton"), ("Pattern", "Embroidered")])


def unsupported(verifier: Verifier, text: str, facts: ProductFacts, kind: str = "bullets") -> list[str]:
    return [v.span for v in verifier.check(text, kind, facts).errors if v.rule == "grounding.unsupported"]


ZH = Verifier("tmall", "zh")
EN = Verifier("amazon", "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("禾川保温杯404不锈钢材质", ["404"]),  # a number is always a claim, even inside a steel grade
        ("禾川保温杯，防毒面料", ["防毒"]),
        ("500ml大容量，随身携带", ["大容量", "随身携带"]),
        ("这款保温杯采用304不锈钢，日常使用方便", []),
        ("禾川黑色保温杯，304不锈钢，500ml", []),
        ("杯子好用", []),  # 杯 of the title plus the neutral suffix 子
    ],
)
def test_chinese_words_need_a_fact_knowledge_or_the_neutral_vocabulary(text: str, expected: list[str]) -> None:
    assert unsupported(ZH, text, CUP) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 TB Toshiba laptop hard disk", ["Toshiba"]),
        ("Switches off on its own once the water boils", ["Switches", "water boils"]),
        ("Lenovo IdeaPad 3 Laptop with Intel Core i5 processor", []),
        ("Grey finish for everyday office work", []),
        ("Lenovo IdeaPad 5 Laptop", ["5"]),  # a model number changed by a digit
    ],
)
def test_english_words_need_a_fact_knowledge_or_the_neutral_vocabulary(text: str, expected: list[str]) -> None:
    assert unsupported(EN, text, LAPTOP) == expected


def test_english_words_match_the_facts_by_lemma_and_derivation() -> None:
    # "soft" is a texture the data does not state (cotton unlocks no texture: both blind raters counted it)
    assert unsupported(EN, "Delicate embroidery on soft cotton dresses", DRESS) == ["Delicate", "soft"]


def test_derivations_share_a_stem_but_unrelated_words_do_not() -> None:
    swimsuit = _facts("Swim Dress", [("Feature", "Chlorine Resistance"), ("Fabric", "Lycra")])
    assert unsupported(EN, "Chlorine resistant Lycra swim dress", swimsuit) == []
    assert unsupported(EN, "Chlorine resistant Lycra swim dress, fast drying", swimsuit) == ["fast drying"]


def test_a_knowledge_phrase_lends_no_characters_to_other_words() -> None:
    # 日常实用 is generic knowledge; its 日 with the neutral 本 must not license the origin 日本
    skirt = _facts("浅蓝色牛仔裙", [("材质", "水洗"), ("风格", "休闲")])
    assert unsupported(ZH, "日本水洗牛仔裙", skirt) == ["日本"]


BOTTLE = _facts("Steel Bottle", [("Insulation", "Vacuum"), ("Material", "Steel")])


def test_knowledge_is_licensed_only_when_a_fact_unlocks_it() -> None:
    plain = _facts("Steel Bottle", [("Material", "Steel")])
    assert unsupported(EN, "Steel bottle, keeps drinks hot or cold", BOTTLE) == []
    assert unsupported(EN, "Steel bottle, keeps drinks hot or cold", plain) == ["drinks hot", "cold"]


def test_copy_scaffolding_numbers_are_not_claims() -> None:
    script = "镜头1｜保温杯整体展示｜旁白：来看看这款禾川保温杯\n镜头2｜细节特写｜旁白：304不锈钢、500ml"
    assert unsupported(ZH, script, CUP, kind="video_script") == []
    assert unsupported(EN, "1. Intel Core i5 processor\n2. Grey finish", LAPTOP) == []


def test_every_licensed_phrase_records_its_fact_or_knowledge() -> None:
    report = EN.check("Lenovo laptop with Intel Core i5 processor", "bullets", LAPTOP)
    claims = {c["span"]: (c["licence"], c["source"]) for c in report.claims}
    assert claims == {
        "Lenovo": ("fact", "brand"),
        "laptop": ("fact", "title"),
        "Intel Core i5 processor": ("fact", "attributes.Processor"),  # typed and closed-world spans joined
    }  # neutral words ("with") license nothing and are not claims
    bottle = {c["span"]: c for c in EN.check("Keeps drinks hot", "bullets", BOTTLE).claims}
    assert bottle["drinks hot"]["licence"] == "knowledge" and "attributes.Insulation" in bottle["drinks hot"]["source"]


def test_a_product_without_attributes_or_description_is_checked_against_the_packs_alone() -> None:
    bare = _facts("保温杯", [])
    report = ZH.check("316不锈钢保温杯，国家级品质", "bullets", bare)
    assert {v.rule for v in report.errors} == {"cn_ad_law.absolute_terms"}
    assert report.claims == []


def test_placeholder_words_never_license_anything() -> None:
    report = EN.check("Toshiba hard disk", "bullets", _facts("Laptop", [("Hard Disk", "Toshiba")]))
    assert report.ok  # the merchant's own attribute licenses the brand word
    assert unsupported(EN, "Toshiba hard disk", LAPTOP) == ["Toshiba"]


def test_an_attribute_name_used_as_a_label_is_not_a_material_claim() -> None:
    shirt = _facts("Shirt", [("Fabric", "Tencel Modal"), ("Sleeve", "Full Sleeve")])
    assert EN.check("Fabric: Tencel Modal", "bullets", shirt).ok
    steel = _facts("Water Bottle", [("Material", "Stainless Steel"), ("Capacity", "750 ml")])
    assert {v.rule for v in EN.check("Soft fabric", "bullets", steel).errors} >= {"grounding.material"}


def test_spelled_out_numbers_are_licensed_by_the_same_number_only() -> None:
    socks = _facts("Cotton Socks", [("Number of Contents in Sales Package", "Pack of 4"), ("Fabric", "Cotton")])
    assert unsupported(EN, "Four cotton socks", socks) == []
    assert unsupported(EN, "Five cotton socks", socks) == ["Five"]


CARDIGAN = _facts("圆领 针织 开衫", [("衣领型", "圆领"), ("衣袖长", "短袖"), ("材质", "针织"), ("衣样式", "开衫")])
SLIM_DRESS = _facts("一字领 显瘦 裙", [("类型", "裙"), ("裙领型", "一字领"), ("版型", "显瘦")])


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        # the cover leaving fewest characters unlicensed: 修饰|身材, not 修饰身 (of the knowledge phrase 修饰身形)
        ("显瘦版型，修饰身材", SLIM_DRESS, []),
        ("一字领裙，温柔大方", SLIM_DRESS, []),  # 领裙: the head characters of two values (一字领, 裙)
        ("简约的长袖开衫", CARDIGAN, ["长袖"]),  # 长 ends the key 衣袖长, not a value: no licence
        ("针织开衫，v领设计", CARDIGAN, ["v"]),  # a Latin letter glued to Chinese is a code, never the unit "V"
    ],
)
def test_chinese_cover_and_compounds(text: str, facts: ProductFacts, expected: list[str]) -> None:
    assert unsupported(ZH, text, facts) == expected


@pytest.mark.parametrize(
    ("heel", "text", "expected"),
    [
        ("0 inch", "Round toe and a flat heel", []),  # a zero heel is a fact (not a placeholder) and means flat
        ("0.5 inch", "Round toe with a low heel", []),
        ("2 inch", "Round toe and a flat heel", ["flat"]),  # knowledge unlocked only by the value it fits
        ("2 inch", "Round toe with a low heel", ["low"]),
    ],
)
def test_value_conditioned_knowledge(heel: str, text: str, expected: list[str]) -> None:
    boots = _facts("Suede Boots", [("Heel Height", heel), ("Tip Shape", "Round")])
    assert unsupported(EN, text, boots) == expected


def test_quantities_unlock_their_dimension_words_and_spelling_ignores_doubled_letters() -> None:
    toy = _facts("Kennel Rubber Dumbell Toy", [("Width", "38.1 cm"), ("Material", "Rubber")])
    assert unsupported(EN, "Rubber dumbbell toy, measures 38.1 cm across", toy) == []
    bottle = _facts("Freelance Vacuum Bottle 350 ml", [("Body Material", "Steel")])
    assert unsupported(EN, "Steel bottle, 350 ml capacity", bottle) == []
    assert unsupported(EN, "Steel bottle, measures 350 ml", bottle) == ["measures"]  # a volume has no length
    tee = _facts("Printed Boy's Round Neck T-Shirt", [("Fabric", "Cotton")])
    assert unsupported(EN, "Printed cotton tees", tee) == []  # the title's type names the everyday word


def test_colour_initials_name_the_product_colours_together() -> None:
    dress = _facts("条纹 连衣裙", [("颜色", "白色、蓝色"), ("图案", "条纹"), ("裙长", "连衣裙")])
    assert unsupported(ZH, "蓝白条纹连衣裙", dress) == []
    assert unsupported(ZH, "红白条纹连衣裙", dress) == ["红白"]


def test_compounds_of_adjacent_fact_words_derivations_and_parts_every_product_of_the_type_has() -> None:
    watch = _facts("Alfajr Digital Watch", [("Other Body Features", "Blue El Back Light"), ("Dial Shape", "Rectangle")])
    assert unsupported(EN, "Rectangular dial with a blue backlight and a round case", watch) == ["round"]
    boots = _facts("Suede Boots", [("Outer Material", "Suede")])
    assert unsupported(EN, "Suede upper on a flat sole", boots) == ["flat"]  # a sole every boot has; flat it may not be
    assert unsupported(EN, "Suede boots with a fur lining", boots) == ["fur lining"]  # a lining only some have
