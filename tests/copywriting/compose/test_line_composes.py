"""The line with a scoring writer composes and ranks; with a free writer the composer is the fallback."""

from __future__ import annotations

from tests.copywriting.compose.products import MUG

from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.plan import AccountProfile
from shopforge.copywriting.verify import Verifier
from shopforge.models.base import Completion, CompletionRequest
from shopforge.models.fake import ScriptedModel

AMAZON = AccountProfile("shop", "amazon", "en")


class LengthScorer:
    """A writer that cannot write but ranks by length: the longest candidate is the most "fluent"."""

    backend = "scoring-fake"
    model_id = "length-scorer"

    def __init__(self) -> None:
        self.scored: list[list[str]] = []

    def complete(self, request: CompletionRequest) -> Completion:
        raise AssertionError("a scoring writer is never asked to write titles, bullets or descriptions")

    def score(self, prefix: str, continuations: list[str]) -> list[float]:
        self.scored.append(continuations)
        return [len(text) / 100 for text in continuations]


def test_a_scoring_writer_ranks_composed_candidates_and_is_credited() -> None:
    writer = LengthScorer()
    line = ProductionLine(writer, Verifier("amazon", "en"), None)
    result = line.produce(MUG, AMAZON, "title")
    assert result.report.ok and not result.fallback
    assert (result.backend, result.model) == ("scoring-fake", "length-scorer")
    assert writer.scored and result.text in writer.scored[0]
    assert all("rank" in attempt for attempt in result.attempts)


def test_a_free_writer_that_fails_falls_back_to_the_composer() -> None:
    line = ProductionLine(ScriptedModel(["not json"] * 3), Verifier("amazon", "en"), None)
    result = line.produce(MUG, AMAZON, "bullets")
    assert result.report.ok and result.fallback and result.backend == "template"
    assert ":" in result.text.splitlines()[0]


def test_a_regeneration_picks_another_candidate() -> None:
    line = ProductionLine(ScriptedModel([]), Verifier("amazon", "en"), None)
    first = line.produce(MUG, AMAZON, "title")
    second = line.produce(MUG, AMAZON, "title", variant=1)
    assert first.report.ok and second.report.ok and first.text != second.text


def test_copy_already_in_the_shop_pushes_a_near_copy_down_the_ranking() -> None:
    line = ProductionLine(ScriptedModel([]), Verifier("amazon", "en"), None)
    first = line.produce(MUG, AMAZON, "title")
    again = line.produce(MUG, AMAZON, "title")  # the same product once more: its own title is now shop copy
    assert again.text != first.text
