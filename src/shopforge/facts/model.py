"""The fact: the unit of grounding shared by the catalogue, the writer and the verifier."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class FactKind(StrEnum):
    BRAND = "brand"
    CATEGORY = "category"
    MATERIAL = "material"
    COLOUR = "colour"
    QUANTITY = "quantity"  # capacity, weight, length, power, voltage, … (see Quantity.dimension)
    SIZE = "size"  # apparel / shoe sizes such as M, XL, 42
    COUNT = "count"  # pack of 3, 2 件套
    CERTIFICATION = "certification"
    ORIGIN = "origin"
    WARRANTY = "warranty"
    PRICE = "price"
    FEATURE = "feature"  # free-text attribute that is not one of the typed kinds
    TEXT = "text"  # title / description sentences, usable as weak support only


@dataclass(frozen=True)
class Quantity:
    """A measured amount in the SI base unit of its dimension (L for volume, kg for mass, m for length…)."""

    magnitude: float
    dimension: str  # "volume", "mass", "length", "power", "voltage", "energy", "time", "capacity_mah", …
    unit: str  # the base unit the magnitude is expressed in ("L", "kg", "m", "W", "V", "mAh", "h")

    def close_to(self, other: Quantity, rel_tol: float = 0.02) -> bool:
        if self.dimension != other.dimension:
            return False
        scale = max(abs(self.magnitude), abs(other.magnitude), 1e-9)
        return abs(self.magnitude - other.magnitude) <= rel_tol * scale


@dataclass(frozen=True)
class Fact:
    """One claim the product's own data supports.

    ``value`` is the text as the merchant wrote it; ``canonical`` is the language-neutral form the verifier
    compares (``"cotton"`` for 纯棉 and "100% cotton", ``"black"`` for 黑色); ``source`` names the field it came
    from (``"attributes.容量"``, ``"brand"``, ``"title"``) so every published claim can be traced back.
    """

    kind: FactKind
    key: str
    value: str
    source: str
    canonical: str = ""
    quantity: Quantity | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        quantity = data.get("quantity")
        return cls(
            kind=FactKind(data["kind"]),
            key=data["key"],
            value=data["value"],
            source=data["source"],
            canonical=data.get("canonical", ""),
            quantity=Quantity(**quantity) if quantity else None,
            extra=dict(data.get("extra") or {}),
        )
