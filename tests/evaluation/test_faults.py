import random

import pytest

from shopforge.copywriting.verify.grounding import verify_grounding
from shopforge.evaluation.faults import FORBIDDEN_CHARS, inject
from shopforge.facts.model import Fact
from shopforge.facts.normalize import normalize_product


def facts(attributes: list[tuple[str, str]], brand: str | None = None) -> list[Fact]:
    return normalize_product(
        title="",
        brand=brand,
        categories=[],
        price=None,
        currency=None,
        attributes=attributes,
        description=None,
    )


EN = facts([("Color", "Black"), ("Fabric", "Cotton"), ("Quantity", "750 ml")], brand="Alisha")
ZH = facts([("颜色", "白色"), ("材质", "纯棉"), ("容量", "750毫升")])
EN_COPY = "Alisha Black Cotton bottle cover, 750 ml"
ZH_COPY = "白色纯棉保温杯套，容量750毫升"


@pytest.mark.parametrize("fault", ["number", "unit", "colour", "material", "brand"])
@pytest.mark.parametrize(("copy", "product"), [(EN_COPY, EN), (ZH_COPY, ZH)])
def test_grounding_faults_change_the_copy_and_are_caught(fault: str, copy: str, product: list[Fact]) -> None:
    assert verify_grounding(copy, product) == []
    for seed in range(5):
        faulty = inject(copy, product, fault, random.Random(seed))
        assert faulty is not None and faulty != copy
        assert verify_grounding(faulty, product), (fault, faulty)


def test_faults_that_cannot_apply_return_none() -> None:
    rng = random.Random(0)
    assert inject("Plain comfortable shorts", EN, "colour", rng) is None
    assert inject("Plain comfortable shorts", EN, "number", rng) is None
    assert inject("Plain comfortable shorts", EN, "over_length", rng, max_chars=None) is None


def test_style_faults() -> None:
    rng = random.Random(1)
    absolute = inject(ZH_COPY, ZH, "absolute_term", rng)
    assert absolute is not None and absolute != ZH_COPY and absolute.endswith(ZH_COPY)
    forbidden = inject(EN_COPY, EN, "forbidden_char", rng)
    assert forbidden is not None and len(forbidden) == len(EN_COPY) + 1
    assert any(char in FORBIDDEN_CHARS for char in forbidden)
    long = inject(EN_COPY, EN, "over_length", rng, max_chars=100)
    assert long is not None and len(long) > 100
    assert verify_grounding(long, EN) == []  # padding repeats the copy's own, grounded words


def test_unknown_fault_is_an_error() -> None:
    with pytest.raises(ValueError):
        inject(EN_COPY, EN, "nonsense", random.Random(0))
