"""What the composer takes from a plan, and what it leaves out when the verifier refuses a phrase."""

from __future__ import annotations

from tests.copywriting.compose.products import MUG, plan_for, product

from shopforge.copywriting.compose import build_inventory
from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.plan import AccountProfile
from shopforge.copywriting.verify import ProductFacts, VerificationReport, Verifier
from shopforge.copywriting.verify.report import Violation
from shopforge.knowledge.benefits import load_benefits
from shopforge.models.fake import ScriptedModel

WATCH = product(
    "Lenco Analog Watch - For Men",
    "Lenco",
    ["Watches"],
    [("Case Back Material", "Stainless Steel"), ("Strap Material", "PU Strap"), ("Box Material", "Cardboard"),
     ("Warranty", "1 Year"), ("Ideal For", "Men")],
)  # fmt: skip


def test_packaging_and_paperwork_are_not_selling_material() -> None:
    texts = {p.text for p in build_inventory(plan_for(WATCH, "amazon", "en", "bullets")).features}
    assert "Cardboard" not in texts and "1 Year" not in texts


def test_a_parts_material_unlocks_no_benefit_for_the_whole_product() -> None:
    points = build_inventory(plan_for(WATCH, "amazon", "en", "bullets")).points
    steel = next(p for p in points if p.fact.text == "Stainless Steel")
    assert steel.benefit == ""


def test_without_drops_the_phrase_that_holds_a_refused_span_and_keeps_the_rest() -> None:
    inventory = build_inventory(plan_for(MUG, "amazon", "en", "bullets"))
    labelled = next(p for p in inventory.points if p.label)
    pruned = inventory.without({labelled.label.split()[0]})
    kept = next(p for p in pruned.points if p.fact == labelled.fact)
    assert kept.label == "" and kept.benefit == labelled.benefit  # only the label held the span
    assert inventory.without({"borosilicate"}).line == ""  # the line "Borosilicate Glass" held it
    assert len(inventory.without({"450 ml"}).specs) == len(inventory.specs) - 1


def test_a_yes_valued_attribute_unlocks_knowledge_through_its_name() -> None:
    book = load_benefits()
    assert book.for_fact("dishwasher safe", "yes", "yes", "en")
    assert not book.for_fact("dishwasher safe", "no", "no", "en")


def test_a_negated_match_word_unlocks_nothing() -> None:
    book = load_benefits()
    assert book.entries_for("leather") and not book.entries_for("Non-leather")
    assert not book.entries_for("not waterproof")


class RefusingVerifier(Verifier):
    """The real verifier, plus one refusal: any copy that says ``span`` (as a stricter pack might)."""

    def __init__(self, span: str) -> None:
        super().__init__("amazon", "en")
        self.span = span

    def check(self, text: str, kind: str, facts: ProductFacts) -> VerificationReport:
        report = super().check(text, kind, facts)
        if self.span.lower() in text.lower():
            report = VerificationReport([*report.violations, Violation("test.refused", self.span, "refused")])
        return report


def test_the_line_composes_again_without_what_the_verifier_refused() -> None:
    account = AccountProfile("shop", "amazon", "en")
    plain = ProductionLine(ScriptedModel([]), Verifier("amazon", "en"), None, max_repair_attempts=0)
    assert "strap" in plain.produce(WATCH, account, "bullets").text.lower()  # every candidate names the strap
    line = ProductionLine(ScriptedModel([]), RefusingVerifier("Strap"), None, max_repair_attempts=0)
    result = line.produce(WATCH, account, "bullets")
    assert result.report.ok and "strap" not in result.text.lower()
    assert any(attempt.get("repaired") for attempt in result.attempts)  # the second, pruned round published it
