import pytest
from tests.helpers import product_facts

from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.copywriting.verify._screens import WORDS
from shopforge.copywriting.verify.grounding import verify_grounding
from shopforge.copywriting.verify.meaning import check_meaning
from shopforge.facts.index import FactIndex


def facts_for(attributes: list[tuple[str, str]], title: str = "", description: str | None = None) -> FactIndex:
    return FactIndex(product_facts(attributes, title, description=description))


BOTTLE = facts_for([("容量", "750毫升"), ("材质", "304不锈钢"), ("颜色", "黑色"), ("产地", "中国")])
EN_BOTTLE = facts_for([("Capacity", "1.5 L"), ("Material", "Stainless Steel"), ("Color", "Black")])
TEE = facts_for([("面料", "95%棉 5%氨纶"), ("颜色", "白色"), ("工艺", "刺绣"), ("门襟", "拉链"), ("产地", "中国")])
BLEND = facts_for([("成分", "棉, 氨纶")])
COTTON_JP = facts_for([("材质", "100%棉"), ("颜色", "黑色"), ("产地", "日本")])
JACKET = facts_for([("Color", "Black"), ("Hood", "Yes"), ("Features", "Waterproof"), ("Material", "Polyester")])
EN_TEE = facts_for([("Fabric", "95% Cotton, 5% Spandex"), ("Color", "Navy")])


def found(text: str, index: FactIndex, kind: str = "title", lang: str | None = None) -> list[tuple[str, str]]:
    return [(v.rule, v.span) for v in check_meaning(text, kind, index, lang)]


def rules(text: str, index: FactIndex, kind: str = "title") -> set[str]:
    return {v.rule for v in check_meaning(text, kind, index, None)}


# --- grounding.quantity_attribute ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("28 cm容量", "28 cm容量"),
        ("大号1.6 kg容量", "1.6 kg容量"),
        ("保温24 cm", "保温24 cm"),
        ("功率2000mAh", "功率2000mAh"),
        ("Capacity 28 cm", "Capacity 28 cm"),
        ("It weighs 2 L", "weighs 2 L"),
        ("30 W battery life", "30 W battery life"),
        ("重量：500ml", "重量：500ml"),
        ("长2kg", "长2kg"),
    ],
)
def test_quantity_of_the_wrong_dimension_for_its_attribute(text: str, span: str) -> None:
    assert found(text, BOTTLE) == [("grounding.quantity_attribute", span)]


@pytest.mark.parametrize(
    "text",
    [
        "容量750ml",
        "750ml容量 大容量",
        "保温12小时",
        "保温24小时 保冷12小时",
        "Capacity: 1.5 L",
        "Keeps drinks cold for 24 hours",
        "容量750ml 重量1.2kg",  # each quantity belongs to the word before it, not to the next word
        "1.2kg重量 容量750ml",
        "500ml保温杯",  # 保温杯 is a thing, not an insulation time
        "20000mAh power bank",
        "长28cm 宽10cm",
        "续航长达30小时",
        "保修1年",
        "1 year warranty",
    ],
)
def test_quantities_that_fit_their_attribute_pass(text: str) -> None:
    assert "grounding.quantity_attribute" not in rules(text, BOTTLE)


def test_message_says_what_the_facts_state() -> None:
    (violation,) = check_meaning("28 cm容量", "title", BOTTLE, "zh")
    assert "length" in violation.message and "volume" in violation.message
    assert "750毫升 (attributes.容量)" in violation.message


@pytest.mark.parametrize("text", ["1年保冷", "保温7天", "keeps hot for 2 weeks"])
def test_implausible_insulation_time_is_flagged(text: str) -> None:
    (violation,) = check_meaning(text, "title", BOTTLE, None)
    assert violation.rule == "grounding.quantity_attribute" and "implausible" in violation.message


def test_insulation_time_the_facts_state_passes() -> None:
    stated = facts_for([("保温时长", "保温7天")])
    assert found("保温7天", stated) == []


def test_merchant_attribute_licenses_an_unusual_unit() -> None:
    washer = facts_for([("Capacity", "7 kg")])
    assert found("7 kg capacity", washer) == []
    assert found("7 kg capacity", EN_BOTTLE) == [("grounding.quantity_attribute", "7 kg capacity")]


# --- grounding.imported --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "span"),
    [
        ("进口面料 T恤", TEE, "进口"),  # made in China
        ("原装进口", TEE, "原装进口"),
        ("中国进口 保温杯", COTTON_JP, "中国进口"),  # contradicts itself whatever the facts say
        ("原装进口", facts_for([("颜色", "黑色")]), "原装进口"),  # no origin fact
        ("Imported fabric", facts_for([("Color", "Black")]), "Imported"),
    ],
)
def test_unsupported_import_claims(text: str, index: FactIndex, span: str) -> None:
    assert found(text, index) == [("grounding.imported", span)]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("进口纯棉", COTTON_JP),
        ("imported from Japan", COTTON_JP),
        ("进口面料", facts_for([("产地", "中国"), ("面料", "进口面料")])),  # the merchant says so
        ("Imported", facts_for([("Country of Origin", "China")])),  # en copy: imported into its market
    ],
)
def test_supported_import_claims(text: str, index: FactIndex) -> None:
    assert "grounding.imported" not in rules(text, index)


def test_import_message_quotes_the_origin() -> None:
    (violation,) = check_meaning("进口面料", "title", TEE, "zh")
    assert "中国 (attributes.产地)" in violation.message


# --- grounding.share -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "span"),
    [
        ("纯棉T恤", TEE, "纯棉"),
        ("全棉短袖", TEE, "全棉"),
        ("100%棉", TEE, "100%棉"),  # 棉 alone is not a claim for the extractor, so grounding misses it
        ("Pure cotton tee", EN_TEE, "Pure cotton"),
        ("纯棉T恤", BLEND, "纯棉"),  # several materials in one field, no shares
    ],
)
def test_pure_material_claims_against_the_composition(text: str, index: FactIndex, span: str) -> None:
    assert found(text, index) == [("grounding.share", span)]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("100%棉", COTTON_JP),
        ("纯棉T恤", COTTON_JP),
        ("纯棉", facts_for([("材质", "棉")])),
        ("纯色T恤", TEE),  # a solid colour, not a material
        ("Pure cotton tote", facts_for([("Material", "Cotton Canvas")])),  # canvas is a weave, not a blend
    ],
)
def test_pure_material_claims_that_hold(text: str, index: FactIndex) -> None:
    assert "grounding.share" not in rules(text, index)


def test_share_finding_is_not_duplicated_with_grounding() -> None:
    text = "100% Cotton tee"
    assert [v.rule for v in verify_grounding(text, EN_TEE)] == ["grounding.material"]
    assert found(text, EN_TEE) == []


# --- grounding.label_body ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "span"),
    [
        ("【白色】白色材质，柔软亲肤", TEE, "【白色】白色材质，柔软亲肤"),  # a colour presented as a material
        ("【黑色】白色面料", BOTTLE, "【黑色】白色面料"),
        ("【304不锈钢】食品级塑料", BOTTLE, "【304不锈钢】食品级塑料"),
        ("Black: made of white fabric", JACKET, "Black: made of white fabric"),
        ("「1.5 L」：750 ml容量", BOTTLE, "「1.5 L」：750 ml容量"),
    ],
)
def test_label_and_body_disagree(text: str, index: FactIndex, span: str) -> None:
    assert ("grounding.label_body", span) in found(text, index, kind="bullets")


@pytest.mark.parametrize(
    "text",
    [
        "【黑色】经典百搭",
        "【黑色】黑白配色，耐看",
        "【304不锈钢】不锈钢内胆，耐用易清洁",
        "【白色】白色面料，干净清爽",
        "Black: a classic shade\nStainless Steel: durable and easy to clean",
        "Capacity: 1.5 L for the whole family",
    ],
)
def test_label_and_body_that_agree(text: str) -> None:
    assert "grounding.label_body" not in rules(text, BOTTLE, kind="bullets")


def test_only_bullets_read_a_colon_as_a_label() -> None:
    text = "Black: made of white fabric"
    assert "grounding.label_body" not in rules(text, JACKET, kind="description")


# --- grounding.negated ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "span"),
    [
        ("不刺绣 简约T恤", TEE, "不刺绣"),
        ("无拉链设计", TEE, "无拉链"),
        ("Not waterproof", JACKET, "Not waterproof"),
        ("A jacket with no hood", JACKET, "no hood"),
        ("非纯棉", COTTON_JP, "非纯棉"),
    ],
)
def test_negated_product_values(text: str, index: FactIndex, span: str) -> None:
    assert found(text, index) == [("grounding.negated", span)]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("不起球 不掉色", TEE),  # benefits, not negated facts
        ("No assembly needed", JACKET),
        ("不锈钢内胆", BOTTLE),  # 不锈钢 is a material, not a negation
        ("非常百搭的刺绣T恤", TEE),  # 非常 means "very"
        ("Not only waterproof but breathable", JACKET),
        ("无袖设计", facts_for([("袖长", "无袖")])),  # the negation is the product's own value
        ("Non-stick pan", facts_for([("Coating", "Non-Stick")])),
        ("无拉链设计", BOTTLE),  # the bottle states no zip: the closed-world checker's job
    ],
)
def test_negations_that_are_not_contradictions(text: str, index: FactIndex) -> None:
    assert "grounding.negated" not in rules(text, index)


def test_negation_message_cites_the_fact() -> None:
    (violation,) = check_meaning("无拉链设计", "title", TEE, "zh")
    assert "attributes.门襟" in violation.message


# --- hygiene.leak --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Repeated phrase or line「保温」 保温杯", "Repeated phrase or line"),
        ("Steel bottle, claims '1 L' but a sturdy lid", "claims '1 L' but"),
        ("Hydrova is not in the product's data", "is not in the product's data"),
        ("最佳(绝对化用语)保温杯", "(绝对化用语)"),
        ("Attributes: steel, black", "Attributes:"),
        ("属性: 保温杯", "属性:"),
        ("品牌: 拾光\n输出: 保温杯", "输出:"),  # weak labels count together
        ('{"bullets": []}', '"bullets":'),
        ("商品卖点，每条对应一个所列事实", "每条对应一个所列事实"),
        ("Price 1.3999.99999.9999", "1.3999.99999.9999"),
        ("Origin: Need to confirm", "Need to confirm"),
        ("产地暂无", "暂无"),
        ("Warranty: N/A", "N/A"),
    ],
)
def test_leaks_are_flagged(text: str, span: str) -> None:
    assert ("hygiene.leak", span) in found(text, EN_BOTTLE)


def test_copied_exemplar_text_is_flagged_unless_the_product_says_it() -> None:
    copied = "修身版型配长袖，通勤穿着干练利落。"  # an exemplar description sentence
    (violation,) = check_meaning(copied, "description", COTTON_JP, "zh")
    assert violation.rule == "hygiene.leak" and violation.span == "修身版型配长袖，通勤穿着干练利落"
    own = facts_for([("材质", "纯棉")], description=copied)
    assert found(copied, own, kind="description") == []
    english = "Auto shut-off: switches off on its own once the water boils"
    assert found(english, EN_BOTTLE, kind="post") == [("hygiene.leak", "switches off on its own once the water boils")]
    # Category knowledge the exemplars share with the line (benefits.yaml) is not copied text.
    assert found("纯棉面料柔软透气，贴身穿也亲肤舒适。", COTTON_JP, kind="description") == []


@pytest.mark.parametrize(
    "text",
    [
        "Stainless steel bottle, easy to clean, 1.5 L",
        "纯棉面料，贴身穿亲肤舒适",
        "Brand new design for daily use",
        "版本 1.2.3",
        "容量：750ml",
        "Output: 5V 2A fast charging",  # a charger's output, not the prompt's label
        "Avoid: direct sunlight",
        "产品属性：轻便",
        "A bottle that keeps your drinks cold on long summer hikes",
    ],
)
def test_clean_copy_has_no_leak(text: str) -> None:
    assert "hygiene.leak" not in rules(text, EN_BOTTLE)


def test_clean_realistic_copy_passes_every_check() -> None:
    bullets = "【黑色】经典百搭\n【304不锈钢】不锈钢内胆，耐用易清洁\n【750ml】750ml容量，保温12小时"
    assert found(bullets, BOTTLE, kind="bullets", lang="zh") == []
    assert found("100%棉 进口 黑色T恤 不起球", COTTON_JP) == []
    assert found("Capacity: 1.5 L\nBlack: a classic look, no assembly needed", EN_BOTTLE, kind="bullets") == []


@pytest.mark.parametrize(
    ("text", "closure", "negated"),
    [
        ("Round toe, no laces", "Laced", ["no laces"]),  # laces / Laced meet at the lemma "lace"
        ("Round toe, no zip", "Zipper", ["no zip"]),  # the everyday name of the value (attribute_terms.yaml)
        ("Round toe, no laces", "Slip On", []),  # nothing stated to negate (the closed world judges "laces")
    ],
)
def test_english_negation_meets_the_value_by_lemma_and_name(text: str, closure: str, negated: list[str]) -> None:
    facts = ProductFacts.build(product_facts([("Closure", closure), ("Tip Shape", "Round")], "Boots", None), None)
    report = Verifier("amazon", "en").check(text, "bullets", facts)
    assert [v.span for v in report.errors if v.rule == "grounding.negated"] == negated


# --- the copy's words, when the verifier already has them ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Capacity 30 cm insulated bottle",
        "CAPACITY: 2 kg",
        "capacity30cm",
        "Size2 bottle, weight 5 l",
        "\u212aapacity 30 cm",  # the Kelvin sign lower-cases to k
        "Battery life 30 W, no hood",
        "Claims 'steel' but no product fact states a material; N/A",
        "容量28 cm 不锈钢",
        "Best stainless steel bottle for travel with leak proof lid and wide mouth cap",
    ],
)
def test_known_words_change_nothing(text: str) -> None:
    words = WORDS.findall(text.lower())
    for index in (EN_BOTTLE, BOTTLE, JACKET):
        assert check_meaning(text, "bullets", index, None, words) == check_meaning(text, "bullets", index, None)
