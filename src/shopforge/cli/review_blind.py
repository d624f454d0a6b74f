"""``shopforge review sample`` and ``shopforge review score``: blind review of published copy."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from shopforge.cli.context import account_session, emit_json, fail, get_context, print_errors
from shopforge.review.blind import (
    DEFAULT_SEED,
    VERDICTS,
    BlindReviewError,
    Scorecard,
    draw_sample,
    score_directory,
    write_sample,
)

console = Console()


def default_rubric() -> Path:
    """``../shared/design/review-rubric.md`` relative to the repository root (three folders above this one)."""
    return Path(__file__).resolve().parents[4] / "shared" / "design" / "review-rubric.md"


def sample(
    ctx: typer.Context,
    account: str = typer.Option(..., "--account"),
    n: int = typer.Option(..., "--n", min=1, help="Items to sample (all published items when there are fewer)"),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Folder for sheet.md, items.jsonl, key.jsonl"),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="The same seed on the same copy draws the same sheet"),
    rubric: Path | None = typer.Option(None, "--rubric", dir_okay=False, help="Default: the shared rubric"),
) -> None:
    """Write a blind review sheet of N published items; who wrote each one goes to key.jsonl only."""
    with account_session(get_context(ctx), account, BlindReviewError) as (session, shop):
        drawn = draw_sample(session, shop, n, seed=seed)
        written = write_sample(drawn, out, rubric or default_rubric())
    console.print(f"sampled {len(drawn.items)} of {drawn.available} published item(s): "
                  f"{', '.join(str(path) for path in written)}", highlight=False)  # fmt: skip
    console.print(f"the rater writes {out / 'ratings.jsonl'}; keep {out / 'key.jsonl'} from them", highlight=False)


def score(
    directory: Path = typer.Argument(..., exists=True, file_okay=False, help="A folder written by review sample"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object with every group's figures"),
) -> None:
    """Approval rates of DIR/ratings.jsonl per kind, language and backend (and fallback vs writer)."""
    try:
        card = score_directory(directory)
    except BlindReviewError as exc:
        fail(str(exc))
    print_errors(card.errors)
    if as_json:
        emit_json(card.to_dict())
    else:
        console.print(scorecard_table(card))
        unrated = f" ({', '.join(card.unrated_ids)})" if card.unrated_ids else ""
        console.print(f"rated {card.rated}, unrated {len(card.unrated_ids)}{unrated}, "
                      f"rating lines skipped {len(card.errors)}", highlight=False)  # fmt: skip
    if not card.rated:
        fail(f"no valid rating in {directory / 'ratings.jsonl'}", code=1)


def scorecard_table(card: Scorecard) -> Table:
    table = Table("group", "", "items", *(f"{verdict} %" for verdict in VERDICTS), "false claims / item")
    for group in card.groups:
        rates = [_percent(group.rate(verdict)) for verdict in VERDICTS]
        per_item = group.false_claims_per_item
        table.add_row(group.dimension, group.value, str(group.items), *rates,
                      "–" if per_item is None else f"{per_item:.2f}")  # fmt: skip
    return table


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"
