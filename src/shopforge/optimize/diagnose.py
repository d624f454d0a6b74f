"""Diagnosis: understand a product's current listing, score it for a scenario, list the findings and a plan.

The content under diagnosis is the product's current version (live content imported with the catalogue, or the
agent's last kept change); a product without one is diagnosed on its generated contents (``store/contents.py``),
and a product with neither gets the missing-content findings. ``Diagnoser`` keeps what several products share
(the account's listings for duplicate checks, competitors, image measurements) so a batch reads each once; the
duplicate corpus and the competitor index hold plain values, so a job builds them once and passes them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.copywriting.kinds import BULLET_MARKER, segments
from shopforge.jobs.factory import account_profile, product_input
from shopforge.optimize.competitors import CompetitorIndex
from shopforge.optimize.corpus import DuplicateCorpus
from shopforge.optimize.criteria import Finding
from shopforge.optimize.layout import recommend_layout
from shopforge.optimize.planner import PlanStep, plan_steps
from shopforge.optimize.scenarios import CriterionScore, ScenarioScore, score_understanding
from shopforge.optimize.understand import Understanding, cached_verifier, understand_text
from shopforge.optimize.understand_image import ImageAnalyzer
from shopforge.settings import Settings
from shopforge.store.contents import list_contents
from shopforge.store.models import Account, Product
from shopforge.store.products import get_product, list_products
from shopforge.store.versions import ImageRef, ListingContent, as_content, current_version, current_versions

USABLE_STATUSES = frozenset({"draft", "edited", "approved", "exported"})


@dataclass
class Diagnosis:
    sku: str
    scenario: str
    score: float
    scored: ScenarioScore
    plan: list[PlanStep]
    understanding: Understanding

    @property
    def criteria(self) -> list[CriterionScore]:
        return self.scored.counted()

    @property
    def findings(self) -> list[Finding]:
        return self.scored.findings

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def to_public(self) -> dict[str, Any]:
        """The ``optimize diagnose --json`` line."""
        return {
            "sku": self.sku,
            "scenario": self.scenario,
            "score": self.score,
            "criteria": [c.to_public() for c in self.criteria],
            "findings": [f.to_public() for f in self.findings],
            "plan": [s.to_public() for s in self.plan],
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything: the public line plus the understanding, criterion explanations and the plan's detail."""
        data = self.to_public()
        data["theme"] = self.scored.theme
        data["uncapped_score"] = self.scored.uncapped
        data["criteria"] = [
            c.to_public() | {"explanation": c.explanation, "source": c.source} for c in self.scored.criteria
        ]
        data["findings"] = [f.to_dict() for f in self.findings]
        data["plan"] = [s.to_dict() for s in self.plan]
        data["understanding"] = self.understanding.to_dict()
        u = self.understanding
        advice = recommend_layout(u, self.scenario, price=u.price, currency=u.currency)
        data["layout"] = advice.to_dict() if advice else None
        return data


class Diagnoser:
    """Diagnoses products of one account; shares the account-wide data between products."""

    def __init__(
        self,
        session: Session,
        account: Account,
        settings: Settings,
        *,
        analyzer: ImageAnalyzer | None = None,
        queries: Mapping[str, Sequence[str]] | None = None,
        corpus: DuplicateCorpus | None = None,
        competitors: CompetitorIndex | None = None,
    ) -> None:
        self.session = session
        self.account = account
        self.settings = settings
        self.analyzer = analyzer or ImageAnalyzer(account.platform)
        self.queries = queries or {}
        self._corpus = corpus  # shared by a job's products; kept changes update it (optimize/run.py)
        self._competitors = competitors  # plain data too: one index serves a whole job (optimize/run.py)

    def diagnose(self, product: Product, scenario: str, *, theme: str | None = None) -> Diagnosis:
        content, source, version_id = current_listing(self.session, self.account, product)
        return self.assess(product, content, scenario, theme=theme, source=source, version_id=version_id)

    def assess(
        self,
        product: Product,
        content: ListingContent,
        scenario: str,
        *,
        theme: str | None = None,
        source: str = "candidate",
        version_id: int | None = None,
    ) -> Diagnosis:
        """Score any content for the product (the current one, or a candidate change before it is kept)."""
        understanding = self.understand(product, content, source, version_id)
        scored = score_understanding(understanding, scenario, theme=theme)
        return Diagnosis(product.sku, scenario, scored.score, scored, plan_steps(scored, understanding), understanding)

    def understand(
        self, product: Product, content: ListingContent, source: str, version_id: int | None
    ) -> Understanding:
        profile = account_profile(self.account)
        source_input = product_input(product)
        text = understand_text(content, source_input, profile, cached_verifier(profile.platform, profile.lang))
        main = content.main_image
        understanding = Understanding(
            sku=product.sku,
            platform=self.account.platform,
            lang=self.account.lang,
            source=source,
            version_id=version_id,
            content=content,
            text=text,
            image=self.analyzer.understand(main.path) if main else None,
            has_price=product.price is not None,
            price=product.price,
            currency=product.currency,
            photo=source_photo(product, content),
            duplicates=self._duplicates(product, content),
            queries=self._queries(product),
        )
        understanding.competitors = self.competitors.benchmark(product, source_input.facts, text)
        return understanding

    @property
    def corpus(self) -> DuplicateCorpus:
        """The account's near-duplicate corpus, read on first use (or the one a job passed in)."""
        if self._corpus is None:
            self._corpus = DuplicateCorpus.build(self.session, self.account)
        return self._corpus

    @property
    def competitors(self) -> CompetitorIndex:
        """The account's competitor index, read on first use (or the one a job passed in)."""
        if self._competitors is None:
            self._competitors = CompetitorIndex.build(self.session, self.account, self.analyzer.without_ocr())
        return self._competitors

    def _duplicates(self, product: Product, content: ListingContent) -> list[dict[str, Any]]:
        return self.corpus.duplicates(product.sku, content)

    def _queries(self, product: Product) -> list[str]:
        keys = [product.sku, *product.categories, "*"]  # "*": queries that concern every product
        return list(dict.fromkeys(q for key in keys for q in self.queries.get(key, ())))


def diagnose_product(
    session: Session,
    account: Account,
    sku: str,
    scenario: str,
    settings: Settings,
    *,
    theme: str | None = None,
    analyzer: ImageAnalyzer | None = None,
    queries: Mapping[str, Sequence[str]] | None = None,
) -> Diagnosis:
    """Diagnose one product of the account for a scenario (search, recommend, channel). Public API."""
    product = get_product(session, account, sku)
    if product is None:
        raise LookupError(f"no product {sku!r} in account {account.name!r}")
    return Diagnoser(session, account, settings, analyzer=analyzer, queries=queries).diagnose(
        product, scenario, theme=theme
    )


def current_listing(session: Session, account: Account, product: Product) -> tuple[ListingContent, str, int | None]:
    """The content to diagnose, where it came from (live | generated | none) and its version id."""
    version = current_version(session, account, product)  # this product's only: diagnose runs per SKU in batches
    if version is not None:
        return as_content(version), "live" if version.source == "import" else version.source, version.id
    generated = _generated_by_product(session, account, product).get(product.id)
    if generated is not None:
        return generated, "generated", None
    return ListingContent(images=_catalogue_images(product)), "none", None


def account_listings(session: Session, account: Account) -> dict[str, ListingContent]:
    """Every product's current listing by SKU: its latest accepted version, else its generated copy."""
    versions = current_versions(session, account)
    generated = _generated_by_product(session, account)
    listings = {}
    for product in list_products(session, account):
        version = versions.get(product.id)
        content = as_content(version) if version else generated.get(product.id)
        if content is not None:
            listings[product.sku] = content
    return listings


def _generated_by_product(
    session: Session, account: Account, product: Product | None = None
) -> dict[int, ListingContent]:
    """Generated title, bullets and description per product (usable statuses only), with the catalogue photos."""
    parts: dict[int, dict[str, Any]] = {}
    products: dict[int, Product] = {}
    skus = [product.sku] if product is not None else None
    for content in list_contents(session, account, skus=skus):
        if content.kind in ("title", "bullets", "description") and content.status in USABLE_STATUSES:
            parts.setdefault(content.product_id, {})[content.kind] = content.text
            products[content.product_id] = content.product
    return {
        product_id: ListingContent(
            found.get("title", "").strip(),
            tuple(BULLET_MARKER.sub("", line).strip() for line in segments(found.get("bullets", ""))),
            found.get("description", "").strip(),
            _catalogue_images(products[product_id]),
        )
        for product_id, found in parts.items()
    }


def _catalogue_images(product: Product) -> tuple[ImageRef, ...]:
    local = [ref for ref in product.images if Path(ref).is_file()]
    return tuple(ImageRef(ref, "main" if i == 0 else "other") for i, ref in enumerate(local))


def source_photo(product: Product, content: ListingContent) -> str | None:
    """The photo image tools start from: an image the agent already improved, else the merchant's catalogue photo
    (a decorated live image may carry overlays the raw photo lacks), else the listing's main image."""
    main = content.main_image
    improved = [main.path] if main is not None and main.asset_id is not None else []
    for ref in [*improved, *product.images, *([main.path] if main else [])]:
        if Path(ref).is_file():
            return ref
    return None
