"""Competitor benchmarks: where a product trails the competitor listings of its category.

Competitor listings are imported like catalogue records with ``"competitor": true`` (``store.optimization``
keeps them apart from the account's products, so they never enter generation or export). For a product, the
competitors sharing its most specific category are compared on what they say and show: the title keywords most of
them use that the product's own facts support but its title lacks, the benefit points they state that its facts
unlock but its copy does not, and their main-image style (white background, product size). Competitors with a
better sales rank weigh more. Gaps are reported as findings; the fixes use the product's facts only (the text
line and the benefit ranking), so no competitor wording is ever copied.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.facts.model import Fact
from shopforge.knowledge.image_specs import ImageSpec
from shopforge.optimize.criteria import EVIDENCE_ITEMS, Finding, Outcome
from shopforge.optimize.understand import TextUnderstanding, contains, keywords, stated_benefits
from shopforge.optimize.understand_image import ImageAnalyzer, ImageUnderstanding
from shopforge.store.models import Account, CompetitorListing, Product
from shopforge.store.optimization import list_competitors

COMMON_SHARE = 0.5  # a keyword or benefit used by at least this (weighted) share of competitors is "common"


@dataclass
class CompetitorView:
    sku: str
    title: str
    text: str  # title, bullets and description as one text (for benefit signals; never copied)
    weight: float
    metrics: dict[str, float]
    image: ImageUnderstanding | None = None


@dataclass
class CompetitorBenchmark:
    competitors: list[CompetitorView]
    keyword_share: dict[str, float]  # keyword -> weighted share of competitor titles using it
    supported_gaps: list[str]  # common competitor keywords the product's facts support but its title lacks
    unsupported: list[str]  # common competitor keywords the product's facts do not support (never suggested)
    benefit_gaps: list[str]  # benefits common among competitors, unlocked by the product's facts, not stated
    white_share: float | None = None  # weighted share of competitor main images on white
    mean_fill: float | None = None
    images_measured: int = 0
    price: dict[str, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.competitors)

    def texts(self) -> list[str]:
        return [c.text for c in self.competitors]

    def keyword_outcome(self, min_share: float) -> Outcome:
        common = [k for k, share in self.keyword_share.items() if share >= min_share and k not in self.unsupported]
        if not common:
            return Outcome(None)
        gaps = [k for k in self.supported_gaps if k in common]
        if not gaps:
            return Outcome(1.0)
        said = ", ".join(map(repr, gaps[:EVIDENCE_ITEMS]))
        message = f"most competitors' titles say {said}, which this product's facts support"
        evidence = {"keywords": gaps[:10], "competitors": self.count}
        return Outcome(
            1 - len(gaps) / len(common), [Finding("competitor_keyword_gap", "info", message, evidence, "title")]
        )

    def benefit_outcome(self) -> Outcome:
        if not self.benefit_gaps:
            return Outcome(1.0)
        said = ", ".join(map(repr, self.benefit_gaps[:EVIDENCE_ITEMS]))
        message = f"competitors state {said}; this product's facts support it too"
        evidence = {"benefits": self.benefit_gaps[:10], "competitors": self.count}
        return Outcome(0.0, [Finding("competitor_benefit_gap", "info", message, evidence, "bullets")])

    def image_outcome(self, image: ImageUnderstanding, min_share: float, spec: ImageSpec) -> Outcome:
        gaps = []
        if (
            self.white_share is not None
            and self.white_share >= min_share
            and image.background_white_share < spec.background.min_share
        ):
            gaps.append(f"{self.white_share:.0%} of competitors show the product on white")
        if self.mean_fill is not None and image.fill < self.mean_fill - 0.15:
            gaps.append(f"competitors' products fill {self.mean_fill:.0%} of the frame, this one {image.fill:.0%}")
        if not gaps:
            return Outcome(1.0)
        evidence = {"white_share": self.white_share, "mean_fill": self.mean_fill, "measured": self.images_measured}
        return Outcome(0.0, [Finding("competitor_image_style_gap", "info", "; ".join(gaps), evidence, "image")])

    def to_dict(self) -> dict[str, Any]:
        return {
            "competitors": [c.sku for c in self.competitors],
            "keyword_share": {
                k: round(v, 3) for k, v in sorted(self.keyword_share.items(), key=lambda kv: -kv[1])[:20]
            },
            "supported_gaps": self.supported_gaps,
            "unsupported": self.unsupported[:20],
            "benefit_gaps": self.benefit_gaps,
            "white_share": self.white_share,
            "mean_fill": self.mean_fill,
            "images_measured": self.images_measured,
            "price": self.price,
        }


@dataclass(frozen=True)
class CompetitorRecord:
    """One competitor listing as plain values: no ORM object, so an index outlives the session that read it."""

    sku: str
    title: str
    categories: tuple[str, ...]
    price: float | None
    description: str
    content: dict[str, Any]
    images: tuple[str, ...]
    metrics: dict[str, float]

    @classmethod
    def of(cls, listing: CompetitorListing) -> CompetitorRecord:
        return cls(
            sku=listing.sku, title=listing.title, categories=tuple(map(str, listing.categories)),
            price=listing.price, description=listing.description or "", content=dict(listing.content or {}),
            images=tuple(map(str, listing.images)), metrics=dict(listing.metrics or {}),
        )  # fmt: skip


@dataclass(frozen=True)
class _Rivals:
    """The competitor side of a benchmark: it depends on the product's categories only, not on its content."""

    records: list[CompetitorRecord]
    views: list[CompetitorView]
    keyword_share: dict[str, float]  # keyword -> weighted share of competitor titles using it
    benefit_share: dict[str, float]  # benefit phrase -> weighted share of competitors stating it
    image_style: dict[str, Any]


class CompetitorIndex:
    """An account's competitor listings, loaded once and matched to products by category.

    It holds plain records and caches each competitor's view (its image measured once) and the rivals of each
    category path, so one index serves every product of a job or a multi-SKU diagnose, each in its own session.
    It is a snapshot: a competitor imported after it was built is seen by the next job, not this one."""

    def __init__(self, records: Sequence[CompetitorRecord], lang: str, analyzer: ImageAnalyzer | None = None) -> None:
        self.records = list(records)
        self.lang = lang
        self.analyzer = analyzer
        self._views: dict[str, CompetitorView] = {}
        self._rivals_by_path: dict[tuple[str, ...], _Rivals | None] = {}

    @classmethod
    def build(cls, session: Session, account: Account, analyzer: ImageAnalyzer | None = None) -> CompetitorIndex:
        """The account's competitor listings as they are now (``analyzer`` measures their main images)."""
        return cls([CompetitorRecord.of(c) for c in list_competitors(session, account)], account.lang, analyzer)

    def __len__(self) -> int:
        return len(self.records)

    def for_product(self, product: Product) -> list[CompetitorRecord]:
        own = {c.casefold() for c in product.categories[-1:]}
        mine = {c.casefold() for c in product.categories}
        return [
            record
            for record in self.records
            if own & {c.casefold() for c in record.categories}
            or (record.categories and record.categories[-1].casefold() in mine)
        ]

    def benchmark(self, product: Product, facts: list[Fact], text: TextUnderstanding) -> CompetitorBenchmark | None:
        """Gaps of the product's copy (``text``, measured on ``facts``) against its competitors, or None."""
        rivals = self._rivals(product)
        if rivals is None:
            return None
        common = [k for k, s in rivals.keyword_share.items() if s >= COMMON_SHARE and not contains(text.title, k)]
        supported = [k for k in common if _supported(k, facts, product)]
        stated = "\n".join([text.title, *text.bullets, text.description])
        common_benefits = [p for p in text.available_benefits if rivals.benefit_share.get(p, 0.0) >= COMMON_SHARE]
        return CompetitorBenchmark(
            competitors=rivals.views,
            keyword_share=rivals.keyword_share,
            supported_gaps=supported,
            unsupported=[k for k in common if k not in supported],
            benefit_gaps=[p for p in common_benefits if not contains(stated, p)],
            price=_price_position(product, rivals.records),
            **rivals.image_style,
        )

    def _rivals(self, product: Product) -> _Rivals | None:
        """What the product's competitors say and show, worked out once per category path: every candidate change
        of every product in those categories is judged against the same rivals."""
        key = tuple(c.casefold() for c in product.categories)
        if key not in self._rivals_by_path:
            listings = self.for_product(product)
            self._rivals_by_path[key] = self._make_rivals(listings) if listings else None
        return self._rivals_by_path[key]

    def _make_rivals(self, listings: list[CompetitorRecord]) -> _Rivals:
        views = [self._view(record) for record in listings]
        total = sum(v.weight for v in views)
        keyword_share: dict[str, float] = {}
        benefit_share: dict[str, float] = {}
        for view in views:
            for word in keywords(view.title, self.lang):
                keyword_share[word] = keyword_share.get(word, 0.0) + view.weight / total
            for phrase in stated_benefits(view.text, self.lang):
                benefit_share[phrase] = benefit_share.get(phrase, 0.0) + view.weight / total
        return _Rivals(listings, views, keyword_share, benefit_share, self._image_style(views))

    def _view(self, record: CompetitorRecord) -> CompetitorView:
        cached = self._views.get(record.sku)
        if cached is None:
            cached = self._views[record.sku] = self._make_view(record)
        return cached

    def _make_view(self, record: CompetitorRecord) -> CompetitorView:
        content = record.content
        title = content.get("title") or record.title
        parts = [title, *content.get("bullets", []), content.get("description") or record.description]
        rank = record.metrics.get("sales_rank")
        # A better-selling rival is stronger evidence of what works: weight 1 at rank 1, 0.5 at rank 10, 0.33 at 100.
        weight = 1.0 / (1.0 + math.log10(rank)) if rank and rank >= 1 else 1.0
        image = None
        photos = [ref for ref in record.images if Path(ref).is_file()]
        if self.analyzer is not None and photos:
            image = self.analyzer.understand(photos[0])
            image = None if image.error else image
        return CompetitorView(record.sku, title, "\n".join(parts), weight, dict(record.metrics), image)

    def _image_style(self, views: list[CompetitorView]) -> dict[str, Any]:
        measured = [v for v in views if v.image is not None]
        if not measured or self.analyzer is None:
            return {}
        weight = sum(v.weight for v in measured)
        minimum = self.analyzer.spec.background.min_share
        white = sum(v.weight for v in measured if v.image and v.image.background_white_share >= minimum) / weight
        fill = sum(v.weight * v.image.fill for v in measured if v.image) / weight
        return {"white_share": round(white, 3), "mean_fill": round(fill, 3), "images_measured": len(measured)}


def _supported(keyword: str, facts: list[Fact], product: Product) -> bool:
    """The product's own data says it (attributes, title, description, categories): safe to put in its title."""
    return any(contains(fact.value, keyword) for fact in facts) or any(contains(c, keyword) for c in product.categories)


def _price_position(product: Product, records: list[CompetitorRecord]) -> dict[str, float]:
    prices = sorted(p for p in (record.price or record.metrics.get("price") for record in records) if p)
    if not prices or product.price is None:
        return {}
    median = prices[len(prices) // 2]
    return {"price": product.price, "competitor_median": median, "ratio": round(product.price / median, 3)}
