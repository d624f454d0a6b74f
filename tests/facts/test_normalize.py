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


PLACEHOLDERS = [
    "Need to confirm", "NA", "N/A", "n.a.", "N / A", "Ｎ／Ａ", "(N/A)", "#N/A", "nan", "-", "--", "—", "/", "?",
    "...", "None", "null", "nil", "unknown", "TBD", "TBC", "to be confirmed", "Not Applicable", "not available",
    "Other", "As Picture", "<UNK>", "", "   ", "0 cm", "0 inch", "0.0 m", "0 mm",
    "暂无", "待定", "【待定】", "待确认", "未知", "不详", "其他", "如图", "见详情页",
]  # fmt: skip


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholder_values_are_not_facts(value: str) -> None:
    facts = product(title="Cotton Shirt", attributes=[("Fabric", value), ("Colour", "Blue")])
    assert not [f for f in facts if f.source == "attributes.Fabric"]
    assert [f for f in facts if f.source == "attributes.Colour"]


@pytest.mark.parametrize(
    "value", ["0", "0 g", "0%", "0 kcal", "10 cm", "No", "无", "无袖", "不规则", "Other Sports", "XL", "Assorted"]
)
def test_values_that_only_resemble_placeholders_stay_facts(value: str) -> None:
    facts = product(title="Shirt", attributes=[("Detail", value)])
    assert value in [f.value for f in facts if f.source == "attributes.Detail"]


def test_a_placeholder_brand_category_or_attribute_name_is_not_a_fact() -> None:
    facts = product(title="Mug", brand="N/A", categories=["Home", "其他"], attributes=[("N/A", "Ceramic")])
    assert not of_kind(facts, FactKind.BRAND)
    assert [f.value for f in of_kind(facts, FactKind.CATEGORY)] == ["Home"]
    assert {f.key for f in facts if f.source.startswith("attributes")} == {"attribute"}  # the value stays


def test_the_placeholder_list_is_data_read_once() -> None:
    from shopforge.facts.lexicon import placeholder_values

    assert placeholder_values() is placeholder_values()
    assert placeholder_values().is_negative("无") and not placeholder_values().is_placeholder("无")


def test_the_placeholders_in_the_shared_sets_are_covered() -> None:
    """Every short value of the shared Flipkart sample that reads as "nothing here" is a placeholder."""
    import json
    from pathlib import Path

    from shopforge.facts.lexicon import placeholder_values

    path = Path(__file__).resolve().parents[3] / "shared/data/catalog_flipkart_en/products.jsonl"
    if not path.exists():
        pytest.skip("shared data set not present")
    values = {a["value"] for line in path.open(encoding="utf-8") for a in json.loads(line)["attributes"]}
    empty = {v for v in values if v.strip().upper() in ("NA", "N/A") or v in ("0 cm", "0 m", "0 inch")}
    assert len(empty) >= 5 and all(placeholder_values().is_placeholder(v) for v in empty)
    assert not any(placeholder_values().is_placeholder(v) for v in ("No", "Yes", "Black", "1 inch", "Pack of 1"))


def test_import_notes_a_placeholder_value_and_keeps_it_out_of_the_facts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from shopforge.catalog.importer import facts_for_record
    from shopforge.catalog.readers import read_catalog

    path = tmp_path / "c.jsonl"
    row = {"sku": "S1", "title": "Shirt", "attributes": {"Fabric": "Need to confirm", "面料": "待定"}}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (record,) = read_catalog(path).records
    assert record.attributes == [("Fabric", "Need to confirm"), ("面料", "待定")]  # the merchant's data as written
    assert 'attributes.Fabric: "Need to confirm" is a placeholder, not a fact (fill it in to use it)' in record.notes
    assert not [f for f in facts_for_record(record) if f.source.startswith("attributes")]


def test_a_negative_value_is_a_fact_whose_attribute_name_licenses_nothing() -> None:
    from shopforge.copywriting.verify import ProductFacts, Verifier

    facts = normalize_product(title="Golf Ball", brand=None, categories=[], price=None, currency=None,
                              attributes=[("Water Resistant", "No")], description=None)  # fmt: skip
    assert [f.value for f in facts if f.source == "attributes.Water Resistant"]
    report = Verifier("amazon", "en").check("Water resistant golf ball", "bullets", ProductFacts.build(facts, None))
    assert [v.span for v in report.errors if v.rule == "grounding.unsupported"] == ["Water resistant"]


def test_a_bare_number_under_a_unit_named_key_is_that_quantity() -> None:
    from shopforge.facts.normalize import attribute_facts

    densities = [f.quantity for f in attribute_facts("GSM", "75") if f.quantity and f.quantity.dimension != "count"]
    assert [(q.magnitude, q.dimension) for q in densities] == [(75.0, "areal_density")]
    assert not [f for f in attribute_facts("Pages", "75") if f.quantity and f.quantity.dimension != "count"]
