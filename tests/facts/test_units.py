from shopforge.facts.model import Quantity
from shopforge.facts.units import (
    format_quantity,
    parse_number,
    parse_quantities,
    parse_quantity,
    parse_warranties,
)


def test_same_volume_in_three_spellings_compares_equal() -> None:
    ml, litre, chinese = parse_quantity("750ml"), parse_quantity("0.75 L"), parse_quantity("750毫升")
    assert ml == Quantity(0.75, "volume", "L")
    assert ml is not None and litre is not None and chinese is not None
    assert ml.close_to(litre) and ml.close_to(chinese)


def test_different_volume_does_not_compare_equal() -> None:
    one_litre, bottle = parse_quantity("1L"), parse_quantity("750 ml")
    assert one_litre is not None and bottle is not None
    assert not one_litre.close_to(bottle)


def test_mass_length_and_other_dimensions() -> None:
    assert parse_quantity("1.5 kg") == Quantity(1.5, "mass", "kg")
    assert parse_quantity("500克") == Quantity(0.5, "mass", "kg")
    assert parse_quantity("2斤") == Quantity(1.0, "mass", "kg")
    assert parse_quantity("15 cm") == parse_quantity("150毫米")
    assert parse_quantity("5000mAh") == parse_quantity("5000毫安")
    assert parse_quantity("120W") == Quantity(120, "power", "W")
    assert parse_quantity("220V") == Quantity(220, "voltage", "V")


def test_range_and_dimensions_give_one_quantity_per_number() -> None:
    (kg_range,) = parse_quantities("load 5-10 kg")
    assert [q.magnitude for q in kg_range.quantities] == [5, 10]
    (box,) = parse_quantities("30 x 20 x 10 cm")
    assert [round(q.magnitude, 3) for q in box.quantities] == [0.3, 0.2, 0.1]


def test_counts_in_english_and_chinese() -> None:
    for text, expected in [("Pack of 3", 3), ("2 pcs", 2), ("3件套", 3), ("两件套", 2), ("pack of two", 2)]:
        (found,) = parse_quantities(text)
        assert found.is_count and found.quantities[0].magnitude == expected, text


def test_chinese_numerals() -> None:
    assert parse_number("十五") == 15
    assert parse_number("二百") == 200
    assert parse_quantity("十五厘米") == Quantity(0.15, "length", "m")


def test_words_that_are_not_quantities() -> None:
    assert parse_quantities("5 in 1 kit") == []
    assert parse_quantities("米色上衣") == []
    assert parse_quantities("Madcaps C38GR30 Men's Cargos") == []
    assert parse_quantities("这一件衬衫") == []


def test_multipack_is_not_a_dimension() -> None:
    (found,) = parse_quantities("3 x 200 ml")
    assert found.quantities == (Quantity(0.2, "volume", "L"),)


def test_warranty_lengths() -> None:
    assert [w.years for w in parse_warranties("1 year manufacturer's warranty")] == [1.0]
    assert [w.years for w in parse_warranties("保修2年")] == [2.0]
    assert [w.years for w in parse_warranties("一年质保")] == [1.0]
    months = parse_warranties("Warranty - 6 Months")[0].years
    assert months is not None and abs(months - 0.5) < 0.01


def test_format_quantity_uses_readable_units() -> None:
    assert format_quantity(Quantity(0.75, "volume", "L")) == "750 ml"
    assert format_quantity(Quantity(2, "mass", "kg")) == "2 kg"


def test_a_zero_count_multipack_is_not_a_crash() -> None:
    from shopforge.facts.units import parse_quantities

    assert parse_quantities("0 x 200 ml")  # read as a dimension, never a division by zero
