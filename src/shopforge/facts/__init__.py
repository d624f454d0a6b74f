"""Typed product facts: what copy may claim, each remembering the field it came from."""

from shopforge.facts.model import Fact, FactKind, Quantity

__all__ = ["Fact", "FactKind", "Quantity"]
