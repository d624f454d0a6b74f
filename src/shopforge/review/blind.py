"""Blind review: a person rates a sample of an account's published copy against the product's facts, without
knowing which backend wrote it, and the ratings are scored against the hidden key.

``draw_sample`` picks published items (what a merchant could put live), stratified across kinds and shuffled;
``write_sample`` writes ``sheet.md`` and ``items.jsonl`` for the rater and ``key.jsonl`` (backend, fallback,
content id) for the scorer. ``score_directory`` validates ``ratings.jsonl`` line by line and tallies approve /
edit / reject and false claims per kind, language, backend and source (writer or fallback).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.store.contents import list_contents
from shopforge.store.models import Account, Content, Product

DEFAULT_SEED = 11
VERDICTS = ("approve", "edit", "reject")
DESCRIPTION_LIMIT = 600  # characters of the product description shown beside the copy
SHEET, ITEMS, KEY, RATINGS, RUBRIC = "sheet.md", "items.jsonl", "key.jsonl", "ratings.jsonl", "RUBRIC.md"


class BlindReviewError(ValueError):
    """A sample cannot be drawn or written, or a review folder cannot be scored."""


# --- the sample ---


@dataclass(frozen=True)
class SheetItem:
    """What the rater sees: the copy and the product's facts, never who wrote it."""

    id: str
    sku: str
    kind: str
    platform: str
    lang: str
    text: str
    facts: dict[str, Any]

    def to_line(self) -> dict[str, Any]:
        return {"id": self.id, "sku": self.sku, "kind": self.kind, "text": self.text, "facts": self.facts}


@dataclass(frozen=True)
class KeyEntry:
    """What the scorer joins with a rating: where the item came from."""

    id: str
    content_id: int | None
    sku: str
    kind: str
    lang: str
    backend: str
    fallback: bool
    platform: str

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> KeyEntry:
        content_id = row.get("content_id")
        return cls(str(row["id"]), None if content_id is None else int(content_id), str(row["sku"]),
                   str(row["kind"]), str(row["lang"]), str(row["backend"]), bool(row["fallback"]),
                   str(row["platform"]))  # fmt: skip


@dataclass(frozen=True)
class Sample:
    items: list[SheetItem]
    key: list[KeyEntry]
    available: int  # published items the account has; len(items) is min(n, available)


def is_published(content: Content) -> bool:
    """Copy a merchant could put live: verified drafts, approved and exported items (never blocked, rejected,
    or a person's own edit, which would not say anything about the backend)."""
    if content.status == "draft":
        return bool(content.verification.get("ok"))
    return content.status in ("approved", "exported")


def facts_view(product: Product) -> dict[str, Any]:
    """The product's facts as the merchant gave them: what a rater judges the copy's claims against."""
    return {
        "title": product.title,
        "brand": product.brand,
        "categories": list(product.categories or []),
        "attributes": [list(pair) for pair in product.attributes or []],  # pairs: keys may repeat
        "description": _trim(product.description or ""),
        "price": product.price,
        "currency": product.currency,
    }


def draw_sample(session: Session, account: Account, n: int, *, seed: int = DEFAULT_SEED) -> Sample:
    """N published items of the account (all when it has fewer), spread evenly over kinds, in random order."""
    if n < 1:
        raise BlindReviewError(f"the sample needs at least one item (n = {n})")
    candidates = [c for status in ("draft", "approved", "exported")
                  for c in list_contents(session, account, status=status) if is_published(c)]  # fmt: skip
    if not candidates:
        raise BlindReviewError(f"account {account.name!r} has no published copy to review")
    by_kind: dict[str, list[Content]] = {}
    for content in sorted(candidates, key=lambda c: c.id):
        by_kind.setdefault(content.kind, []).append(content)
    rng = random.Random(seed)
    quota = _allocate({kind: len(items) for kind, items in by_kind.items()}, n, rng)
    chosen = [c for kind in sorted(by_kind) for c in rng.sample(by_kind[kind], quota[kind])]
    rng.shuffle(chosen)
    width = max(2, len(str(len(chosen))))
    ids = [f"r{number:0{width}d}" for number in range(1, len(chosen) + 1)]
    items = [_sheet_item(item_id, c) for item_id, c in zip(ids, chosen, strict=True)]
    key = [_key_entry(item_id, c) for item_id, c in zip(ids, chosen, strict=True)]
    return Sample(items, key, len(candidates))


def _allocate(sizes: dict[str, int], n: int, rng: random.Random) -> dict[str, int]:
    """How many items each kind gets: equal shares as far as each kind has items, the remainder to random kinds."""
    quota = dict.fromkeys(sizes, 0)
    left = min(n, sum(sizes.values()))
    while left:
        open_kinds = [kind for kind in sorted(sizes) if quota[kind] < sizes[kind]]
        share, extra = divmod(left, len(open_kinds))
        if not share:
            for kind in rng.sample(open_kinds, extra):
                quota[kind] += 1
            break
        for kind in open_kinds:
            take = min(share, sizes[kind] - quota[kind])
            quota[kind] += take
            left -= take
    return quota


def _sheet_item(item_id: str, content: Content) -> SheetItem:
    product = content.product
    return SheetItem(item_id, product.sku, content.kind, content.platform, content.lang, content.text,
                     facts_view(product))  # fmt: skip


def _key_entry(item_id: str, content: Content) -> KeyEntry:
    return KeyEntry(item_id, content.id, content.product.sku, content.kind, content.lang, content.backend,
                    bool(content.provenance.get("fallback")), content.platform)  # fmt: skip


def _trim(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + " …"


def write_sample(sample: Sample, out: Path, rubric: Path | None = None) -> list[Path]:
    """Write the rater's files and the key into OUT; copy the rubric when there is one. Returns the files."""
    if (out / RATINGS).exists():
        raise BlindReviewError(f"{out / RATINGS} exists: a new sample would not match its ids; choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    written = [out / SHEET, out / ITEMS, out / KEY]
    has_rubric = rubric is not None and rubric.is_file()
    if rubric is not None and has_rubric:
        shutil.copyfile(rubric, out / RUBRIC)
        written.append(out / RUBRIC)
    (out / SHEET).write_text(render_sheet(sample.items, has_rubric), encoding="utf-8")
    _write_jsonl(out / ITEMS, [item.to_line() for item in sample.items])
    _write_jsonl(out / KEY, [asdict(entry) for entry in sample.key])
    return written


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def render_sheet(items: Sequence[SheetItem], has_rubric: bool) -> str:
    """The rater's sheet: how to rate, then one section per item with the product's facts and the copy."""
    rubric = ("the rubric in `RUBRIC.md` beside this sheet" if has_rubric
              else "the team's review rubric (`review-rubric.md` in the shared design folder)")  # fmt: skip
    header = [
        "# Blind review sheet",
        "",
        f"{len(items)} published items, in random order. Rate each one against the product's facts shown with "
        f"it, as a strict marketplace reviewer would, following {rubric}. Write one line per item to "
        f"`{RATINGS}` in this folder:",
        "",
        '    {"id": "r01", "verdict": "approve", "false_claims": 0, "note": "why"}',
        "",
        "`verdict` is `approve` (goes live as written), `edit` (publishable after a small edit) or `reject` "
        "(needs rewriting); `false_claims` is the number of statements the facts contradict or do not support "
        f"(0 when none); `note` says why. `{ITEMS}` holds the same items for tools.",
    ]
    return "\n".join(header + [line for item in items for line in _section(item)]) + "\n"


def _section(item: SheetItem) -> list[str]:
    facts = item.facts
    rows = [("title", facts.get("title")), ("brand", facts.get("brand")),
            ("categories", " › ".join(map(str, facts.get("categories") or [])))]  # fmt: skip
    rows += [(f"· {key}", value) for key, value in facts.get("attributes") or []]
    price = facts.get("price")
    rows += [("price", f"{price} {facts.get('currency') or ''}".strip() if price is not None else None)]
    rows += [("description", facts.get("description"))]
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", item.text)), default=0))
    return [
        "",
        f"## {item.id} · {item.kind}",
        "",
        f"{item.platform} / {item.lang} · SKU {item.sku}",
        "",
        "| fact | value |",
        "|---|---|",
        *[f"| {_cell(name)} | {_cell(value)} |" for name, value in rows if value not in (None, "")],
        "",
        f"{fence}text",
        item.text,
        fence,
    ]


def _cell(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).replace("|", "\\|").strip()


# --- the score ---


@dataclass(frozen=True)
class Rating:
    id: str
    verdict: str
    false_claims: int
    note: str = ""


@dataclass(frozen=True)
class RatingError:
    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source} line {self.line}: {self.message}"


@dataclass
class GroupScore:
    """The tally of one group of items (e.g. kind = title): rated items by verdict, false claims, unrated."""

    dimension: str
    value: str
    items: int = 0  # rated items
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    false_claims: int = 0
    unrated: int = 0

    def add(self, rating: Rating | None) -> None:
        if rating is None:
            self.unrated += 1
            return
        self.items += 1
        self.verdicts[rating.verdict] += 1
        self.false_claims += rating.false_claims

    def rate(self, verdict: str) -> float | None:
        return self.verdicts[verdict] / self.items if self.items else None

    @property
    def false_claims_per_item(self) -> float | None:
        return self.false_claims / self.items if self.items else None

    def to_dict(self) -> dict[str, Any]:
        rates = {f"{verdict}_rate": self.rate(verdict) for verdict in VERDICTS}
        return {"dimension": self.dimension, "value": self.value, "items": self.items, **self.verdicts,
                **rates, "false_claims": self.false_claims, "false_claims_per_item": self.false_claims_per_item,
                "unrated": self.unrated}  # fmt: skip


@dataclass(frozen=True)
class Scorecard:
    groups: list[GroupScore]  # per dimension in order, values sorted; the overall group ("all") last
    rated: int
    unrated_ids: list[str]
    errors: list[RatingError]

    @property
    def overall(self) -> GroupScore:
        return self.groups[-1]

    def to_dict(self) -> dict[str, Any]:
        return {"rated": self.rated, "unrated": len(self.unrated_ids), "unrated_ids": self.unrated_ids,
                "errors": [str(e) for e in self.errors], "groups": [g.to_dict() for g in self.groups]}  # fmt: skip


Dimension = tuple[str, Callable[[KeyEntry], str]]
DIMENSIONS: tuple[Dimension, ...] = (
    ("kind", lambda e: e.kind),
    ("lang", lambda e: e.lang),
    ("backend", lambda e: e.backend),
    ("source", lambda e: "fallback" if e.fallback else "writer"),
)


def parse_ratings(
    lines: Iterable[str], known_ids: Collection[str], source: str = RATINGS
) -> tuple[list[Rating], list[RatingError]]:
    """The valid ratings, and an error naming the line for each line that is not one (skipped)."""
    ratings: list[Rating] = []
    errors: list[RatingError] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rating = parse_rating(line, known_ids)
            if rating.id in seen:
                raise ValueError(f"a second rating for {rating.id!r} (the first one counts)")
        except ValueError as exc:
            errors.append(RatingError(source, number, str(exc)))
            continue
        seen.add(rating.id)
        ratings.append(rating)
    return ratings, errors


def parse_rating(line: str, known_ids: Collection[str]) -> Rating:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    item_id = row.get("id")
    if isinstance(item_id, int) and not isinstance(item_id, bool):
        item_id = str(item_id)  # ids are compared as text
    if item_id not in known_ids:
        raise ValueError(f"unknown id {row.get('id')!r}" if "id" in row else "no id")
    verdict = row.get("verdict")
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {' | '.join(VERDICTS)}")
    claims = row.get("false_claims")
    if isinstance(claims, bool) or not isinstance(claims, int) or claims < 0:
        raise ValueError(f"false_claims {claims!r} is not a whole number (0 or more)")
    note = row.get("note")
    return Rating(str(item_id), str(verdict), claims, "" if note is None else str(note))


def score_ratings(
    key: Sequence[KeyEntry],
    ratings: Sequence[Rating],
    dimensions: Sequence[Dimension] = DIMENSIONS,
    errors: Sequence[RatingError] = (),
) -> Scorecard:
    """Join the ratings with the key and tally each group of each dimension, and all items together."""
    by_id = {rating.id: rating for rating in ratings}
    groups: dict[tuple[str, str], GroupScore] = {}
    for entry in key:
        labels = [(name, label(entry)) for name, label in dimensions] + [("all", "all")]
        for dimension, value in labels:
            groups.setdefault((dimension, value), GroupScore(dimension, value)).add(by_id.get(entry.id))
    order = {name: position for position, name in enumerate([*(name for name, _ in dimensions), "all"])}
    ordered = sorted(groups.values(), key=lambda g: (order[g.dimension], g.value))
    if not ordered:
        ordered = [GroupScore("all", "all")]
    unrated = [entry.id for entry in key if entry.id not in by_id]
    rated = sum(entry.id in by_id for entry in key)
    return Scorecard(ordered, rated, unrated, list(errors))


def read_key(path: Path) -> list[KeyEntry]:
    if not path.is_file():
        raise BlindReviewError(f"{path} not found: score a folder written by `shopforge review sample`")
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                entries.append(KeyEntry.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise BlindReviewError(f"{path.name} line {number}: not a key entry ({exc})") from exc
    return entries


def score_directory(directory: Path) -> Scorecard:
    """Score DIRECTORY/ratings.jsonl against DIRECTORY/key.jsonl."""
    key = read_key(directory / KEY)
    path = directory / RATINGS
    if not path.is_file():
        raise BlindReviewError(f"{path} not found: the rater writes one line per item there")
    lines = path.read_text(encoding="utf-8").splitlines()
    ratings, errors = parse_ratings(lines, {entry.id for entry in key})
    return score_ratings(key, ratings, errors=errors)
