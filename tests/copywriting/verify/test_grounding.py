import pytest
from tests.helpers import product_facts

from shopforge.copywriting.verify.grounding import verify_grounding
from shopforge.facts.index import FactIndex


def facts_for(attributes: list[tuple[str, str]], title: str = "", brand: str | None = None) -> FactIndex:
    return FactIndex.build(product_facts(attributes, title, brand))


BOTTLE = facts_for(
    [("容量", "750毫升"), ("颜色", "藏青"), ("材质", "304不锈钢"), ("保修", "1年")], brand="象印"
)
SHORTS = facts_for(
    [
        ("Fabric", "98% Cotton, 2% Lycra"),
        ("Color", "Navy"),
        ("Number of Contents in Sales Package", "Pack of 3"),
    ],
    brand="Alisha",
)


def rules(text: str, index: FactIndex) -> list[tuple[str, str]]:
    return [(v.rule, v.span) for v in verify_grounding(text, index)]


@pytest.mark.parametrize("text", ["750ml 大容量", "0.75L 保温杯", "容量750毫升", "Holds 750 ml"])
def test_same_quantity_in_any_unit_is_supported(text: str) -> None:
    assert rules(text, BOTTLE) == []


def test_wrong_quantity_fails_and_says_what_the_facts_are() -> None:
    (violation,) = verify_grounding("1L大容量", BOTTLE)
    assert violation.rule == "grounding.quantity" and violation.span == "1L"
    assert "750 ml" in violation.message and "attributes.容量" in violation.message


def test_colour_family_policy() -> None:
    assert rules("藏青色保温杯", BOTTLE) == []
    assert rules("蓝色保温杯", BOTTLE) == []  # a navy product may be called blue
    blue = facts_for([("Color", "Blue")])
    assert rules("Navy shirt", blue) == [("grounding.colour", "Navy")]  # a blue one may not be called navy
    assert rules("黑色保温杯", BOTTLE) == [("grounding.colour", "黑色")]


def test_material_swap_and_bilingual_support() -> None:
    assert rules("不锈钢内胆", BOTTLE) == []
    assert rules("Stainless steel body", BOTTLE) == []
    assert rules("玻璃内胆", BOTTLE) == [("grounding.material", "玻璃")]
    assert rules("纯棉短裤", SHORTS) == []  # English "Cotton" supports Chinese 纯棉
    assert rules("Polyester shorts", SHORTS) == [("grounding.material", "Polyester")]


def test_english_copy_supported_by_chinese_facts() -> None:
    cotton = facts_for([("材质", "纯棉"), ("颜色", "黑色")])
    assert rules("Black 100% cotton tee", cotton) == []
    assert rules("White cotton tee", cotton) == [("grounding.colour", "White")]


def test_material_share_must_match_when_stated() -> None:
    assert rules("98% cotton", SHORTS) == []
    assert rules("100% cotton", SHORTS) == [("grounding.material", "100% cotton")]


def test_brand_counts_and_codes() -> None:
    assert rules("Alisha shorts, pack of 3", SHORTS) == []
    assert rules("Zorvex shorts", SHORTS) == [("grounding.brand", "Zorvex")]
    assert rules("Pack of 5", SHORTS) == [("grounding.count", "Pack of 5")]
    coded = facts_for([("Style Code", "ALTHT_3P_21")])
    assert rules("Style ALTHT-3P-21", coded) == []
    assert rules("Style ALTHT-3P-99", coded) == [("grounding.brand", "ALTHT-3P-99")]


def test_warranty_certification_origin_comparative() -> None:
    assert rules("一年质保", BOTTLE) == []
    assert rules("保修2年", BOTTLE) == [("grounding.warranty", "保修2年")]
    assert rules("CE certified", BOTTLE) == [("grounding.certification", "CE certified")]
    assert rules("中国制造", BOTTLE) == [("grounding.origin", "中国制造")]
    assert rules("保温快2倍", BOTTLE) == [("grounding.comparative", "快2倍")]
    certified = facts_for([("认证", "CE"), ("产地", "中国")])
    assert rules("CE certified, Made in China", certified) == []


@pytest.mark.parametrize(
    ("title", "brand", "attributes"),
    [
        (
            "Alisha Solid Women's Cycling Shorts",
            "Alisha",
            [("Fabric", "Cotton Lycra"), ("Style Code", "ALTHT_3P_21")],
        ),
        ("Freelance Vacuum Bottles 350 ml Bottle", "", [("Body Material", "Stainless steel")]),
        ("Madcaps C38GR30 Men's Cargos", "", [("Fabric", "Cotton"), ("Style Code", "CARGO 38 GREEN")]),
        ("D'Signer 681GM_WHT Analog Watch - For Men, Boys", "D'Signer", [("Strap Color", "White")]),
        (
            "Packman 8 x 10 inches Security Bags Courier Bag",
            "Packman",
            [("Color", "Grey"), ("Weight", "600 g")],
        ),
    ],
)
def test_real_titles_raise_no_alarm_against_their_own_facts(title: str, brand: str, attributes: list) -> None:
    assert rules(title, facts_for(attributes, title=title, brand=brand)) == []


def test_accepts_a_plain_fact_list() -> None:
    facts = product_facts([("Quantity", "500 ml")])
    assert verify_grounding("500 ml", facts) == []
    assert [v.rule for v in verify_grounding("5 L", facts)] == ["grounding.quantity"]


def test_a_bullet_starting_with_a_decimal_is_not_read_as_numbered() -> None:
    from shopforge.copywriting.verify import ProductFacts, Verifier
    from shopforge.facts.normalize import normalize_product

    facts = normalize_product(
        title="Electric Kettle", brand=None, categories=[], price=None, currency=None,
        attributes=[("Capacity", "1.7 L")], description=None,
    )
    report = Verifier("amazon", "en").check("1.7 L capacity for the whole family\n2. Boils fast", "bullets",
                                           ProductFacts.build(facts, None))
    # "2." numbers the bullet; "1.7 L" is the capacity ("family" is neutral); only the claim no fact states is
    # unsupported.
    assert [(v.rule, v.span) for v in report.errors if v.rule.startswith("grounding")] == [
        ("grounding.unsupported", "Boils fast"),
    ]
    wrong = Verifier("amazon", "en").check("1.5 L capacity", "bullets", ProductFacts.build(facts, None))
    assert [v.span for v in wrong.errors if v.rule == "grounding.quantity"] == ["1.5 L"]


def _grounding_errors(text: str, attributes: list[tuple[str, str]], title: str = "Product") -> list[tuple[str, str]]:
    from shopforge.copywriting.verify import ProductFacts, Verifier
    from shopforge.facts.normalize import normalize_product

    facts = normalize_product(title=title, brand=None, categories=[], price=None, currency=None,
                              attributes=attributes, description=None)  # fmt: skip
    report = Verifier("amazon", "en").check(text, "bullets", ProductFacts.build(facts, None))
    return [(v.rule, v.span) for v in report.errors if v.rule.startswith("grounding")]


def test_combinations_codes_and_shares_are_read_as_the_data_states_them() -> None:
    towel = [("Color", "Black"), ("Pattern", "White Stripes"), ("Color", "White"), ("Material", "Cotton")]
    assert _grounding_errors("Black and white cotton towel", towel, "Cotton Towel") == []
    assert _grounding_errors("Black and red cotton towel", towel, "Cotton Towel") != []
    mixer = [("Equalizer", "2 Band EQ"), ("Channels", "5")]
    assert _grounding_errors("5 channels and 2-band EQ", mixer, "Xenyx 502 Mixer") == []
    watch = [("Model Number", "RR-028"), ("Strap Material", "Leather")]
    assert _grounding_errors("The RR-028 pairs a leather strap", watch, "Rorlig Watch") == []
    cup = [("Material", "Cotton")]
    assert [rule for rule, _ in _grounding_errors("95% cotton", cup, "Cotton Shirt")] == ["grounding.material"]
    assert _grounding_errors("100% cotton", cup, "Cotton Shirt") == []
