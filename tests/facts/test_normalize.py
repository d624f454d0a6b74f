import pytest

from shopforge.facts.model import Fact, FactKind
from shopforge.facts.normalize import normalize_product


def product(**overrides: object) -> list[Fact]:
    data: dict = dict(
        title="", brand=None, categories=[], price=None, currency=None, attributes=[], description=None
    )
    data.update(overrides)
    return normalize_product(**data)


def of_kind(facts: list[Fact], kind: FactKind) -> list[Fact]:
    return [f for f in facts if f.kind is kind]


def test_chinese_attributes_become_typed_facts_with_sources() -> None:
    facts = product(
        brand="象印",
        attributes=[("容量", "750毫升"), ("颜色", "藏青"), ("材质", "304不锈钢"), ("保修", "1年")],
    )
    (volume,) = of_kind(facts, FactKind.QUANTITY)
    assert (
        volume.quantity is not None
        and volume.quantity.magnitude == 0.75
        and volume.source == "attributes.容量"
    )
    assert [(f.canonical, f.source) for f in of_kind(facts, FactKind.COLOUR)] == [("navy", "attributes.颜色")]
    assert of_kind(facts, FactKind.MATERIAL)[0].canonical == "ss304"
    (warranty,) = of_kind(facts, FactKind.WARRANTY)
    assert warranty.quantity is not None and warranty.quantity.magnitude == 1
    assert of_kind(facts, FactKind.BRAND)[0].source == "brand"


def test_english_list_values_give_one_fact_each() -> None:
    facts = product(attributes=[("Color", "Navy, Red"), ("Fabric", "98% Cotton, 2% Lycra")])
    assert sorted(f.canonical for f in of_kind(facts, FactKind.COLOUR)) == ["navy", "red"]
    materials = {f.canonical: f.extra.get("percent") for f in of_kind(facts, FactKind.MATERIAL)}
    assert materials == {"cotton": 98.0, "spandex": 2.0}


def test_unknown_keys_become_features_and_counts_are_read() -> None:
    facts = product(
        attributes=[
            ("Number of Contents in Sales Package", "Pack of 3"),
            ("Pattern", "Solid"),
            ("", "3 shorts"),
        ]
    )
    assert {f.quantity.magnitude for f in of_kind(facts, FactKind.COUNT) if f.quantity} == {3}
    assert any(f.key == "Pattern" and f.value == "Solid" for f in of_kind(facts, FactKind.FEATURE))


def test_title_and_description_are_mined() -> None:
    facts = product(title="Freelance Vacuum Bottle 350 ml Black", description="Made in India. BPA free.")
    assert any(f.source == "title" and f.kind is FactKind.QUANTITY for f in facts)
    assert any(f.source == "title" and f.canonical == "black" for f in facts)
    assert any(f.source == "description" and f.canonical == "india" for f in facts)
    assert any(f.source == "description" and f.canonical == "bpa_free" for f in facts)


def test_weak_colour_accepted_in_a_colour_attribute() -> None:
    facts = product(attributes=[("颜色", "白"), ("Strap Color", "Gold")])
    assert sorted(f.canonical for f in of_kind(facts, FactKind.COLOUR)) == ["gold", "white"]


def test_price_and_categories() -> None:
    facts = product(price=379.0, currency="INR", categories=["Clothing", "Shorts"])
    assert of_kind(facts, FactKind.PRICE)[0].value == "379 INR"
    assert [f.value for f in of_kind(facts, FactKind.CATEGORY)] == ["Clothing", "Shorts"]


@pytest.mark.parametrize("value", ["NA", "N/A", "n.a.", "Need to confirm", "-", "—", "TBD", "暂无", "待确认", "未知"])
def test_placeholder_values_are_not_facts(value: str) -> None:
    facts = normalize_product(title="Cotton Shirt", brand=None, categories=[], price=None, currency=None,
                              attributes=[("Fabric", value), ("Colour", "Blue")], description=None)  # fmt: skip
    assert not [f for f in facts if f.source == "attributes.Fabric"]
    assert [f for f in facts if f.source == "attributes.Colour"]


def test_a_negative_value_is_a_fact_whose_attribute_name_licenses_nothing() -> None:
    from shopforge.copywriting.verify import ProductFacts, Verifier

    facts = normalize_product(title="Golf Ball", brand=None, categories=[], price=None, currency=None,
                              attributes=[("Water Resistant", "No")], description=None)  # fmt: skip
    assert [f.value for f in facts if f.source == "attributes.Water Resistant"]
    report = Verifier("amazon", "en").check("Water resistant golf ball", "bullets", ProductFacts.build(facts, None))
    assert [v.span for v in report.errors if v.rule == "grounding.unsupported"] == ["Water resistant"]
