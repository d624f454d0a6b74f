"""Database tables. Every row that belongs to a shop carries ``account_id``; repositories filter on it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    platform: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))
    brand_voice: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(Text, default="")
    api_key_hash: Mapped[str | None] = mapped_column(String(128), index=True, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("account_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    brand: Mapped[str | None] = mapped_column(String(256), default=None)
    categories: Mapped[list[Any]] = mapped_column(default=list)
    price: Mapped[float | None] = mapped_column(Float, default=None)
    currency: Mapped[str | None] = mapped_column(String(8), default=None)
    attributes: Mapped[list[Any]] = mapped_column(default=list)  # [[key, value], …] as imported
    description: Mapped[str | None] = mapped_column(Text, default=None)
    images: Mapped[list[Any]] = mapped_column(default=list)
    facts: Mapped[list[Any]] = mapped_column(default=list)  # Fact.to_dict() items
    import_notes: Mapped[list[Any]] = mapped_column(default=list)
    # The Shopify handle and variant rows as imported (migration 0005): a shopify-csv export writes them back so
    # Shopify updates the product in place. Variants: [{"sku", "options": {name: value}, "price",
    # "compare_at_price", "image"}]; the server default fills rows stored before the column existed.
    handle: Mapped[str | None] = mapped_column(String(255), default=None)
    variants: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    contents: Mapped[list[Content]] = relationship(back_populates="product")


class Content(Base):
    """One piece of copy for one product, kind and account. Regeneration replaces the text of a draft."""

    __tablename__ = "contents"
    __table_args__ = (UniqueConstraint("account_id", "product_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    backend: Mapped[str] = mapped_column(String(32))
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verification: Mapped[dict[str, Any]] = mapped_column(default=dict)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    product: Mapped[Product] = relationship(back_populates="contents")


class ReviewEvent(Base):
    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    content_id: Mapped[int] = mapped_column(ForeignKey("contents.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # approve | reject | edit | export
    before_text: Mapped[str | None] = mapped_column(Text, default=None)
    after_text: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # "generate"
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    items: Mapped[list[JobItem]] = relationship(back_populates="job", order_by="JobItem.id")


class JobItem(Base):
    """One unit of work (a SKU × kind). Its status makes a job resumable: only pending items run again."""

    __tablename__ = "job_items"
    __table_args__ = (UniqueConstraint("job_id", "sku", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    content_id: Mapped[int | None] = mapped_column(
        ForeignKey("contents.id", ondelete="SET NULL"), default=None
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)

    job: Mapped[Job] = relationship(back_populates="items")


class Asset(Base):
    """A creative output (cut-out, main image, scene, poster…) linked to its product, with provenance."""

    __tablename__ = "assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), default=None)
    kind: Mapped[str] = mapped_column(String(32))  # cutout | main_image | scene | poster | enhanced
    path: Mapped[str] = mapped_column(Text)
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)  # source image, steps, parameters, back end
    check_result: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the image check, when checked
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- behaviour logs (optimize/logs.py, store/behaviour.py) ---


class BehaviourEvent(Base):
    """Daily counts for one SKU × variant × scenario. The unique key makes a re-import replace, never add."""

    __tablename__ = "behaviour_events"
    __table_args__ = (
        UniqueConstraint("account_id", "date", "sku", "variant", "scenario", name="uq_behaviour_events_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(128))
    content_id: Mapped[int | None] = mapped_column(ForeignKey("contents.id", ondelete="SET NULL"), default=None)
    variant: Mapped[str] = mapped_column(String(128))  # the merchant's label, or "content:<id>" when only an id came
    scenario: Mapped[str] = mapped_column(String(64))
    date: Mapped[date] = mapped_column()
    impressions: Mapped[int] = mapped_column(Integer)
    clicks: Mapped[int] = mapped_column(Integer)
    add_to_cart: Mapped[int] = mapped_column(Integer)
    orders: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# --- content optimization (optimize/*, store/versions.py, store/optimization.py; migration 0004) ---


class ContentVersion(Base):
    """One version of a product's listing content (title, bullets, description, images). Rows are only ever added:
    changed live content on import, or a change the agent keeps, is a new accepted version; a candidate the agent
    rejected is kept as well (``accepted`` False), so every trace step points at the exact content it judged."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("account_id", "product_id", "number", name="uq_content_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per product
    source: Mapped[str] = mapped_column(String(16))  # import | generated | optimize
    accepted: Mapped[bool] = mapped_column(default=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_versions.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str] = mapped_column(Text, default="")
    bullets: Mapped[list[Any]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    images: Mapped[list[Any]] = mapped_column(default=list)  # [{"path", "role", "asset_id"}], main image first
    digest: Mapped[str] = mapped_column(String(64))  # of the content, so an unchanged re-import adds nothing
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OptimizationRun(Base):
    """One product optimised for one scenario: scores and findings before and after, the plan that was run."""

    __tablename__ = "optimization_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(128))
    scenario: Mapped[str] = mapped_column(String(32))
    planner: Mapped[str] = mapped_column(String(16))  # deterministic | llm
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), default=None)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done | failed
    score_before: Mapped[float] = mapped_column(Float, default=0.0)
    score_after: Mapped[float | None] = mapped_column(Float, default=None)
    version_before_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_versions.id", ondelete="SET NULL"), default=None
    )
    version_after_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_versions.id", ondelete="SET NULL"), default=None
    )
    findings_before: Mapped[list[Any]] = mapped_column(default=list)
    findings_after: Mapped[list[Any]] = mapped_column(default=list)
    plan: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    steps: Mapped[list[OptimizationStep]] = relationship(order_by="OptimizationStep.position")


class OptimizationStep(Base):
    """The trace of one plan step: which findings it answered, the tool, the scores and content versions judged."""

    __tablename__ = "optimization_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("optimization_runs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    tool: Mapped[str] = mapped_column(String(32))
    findings: Mapped[list[Any]] = mapped_column(default=list)  # the finding codes this step answers
    status: Mapped[str] = mapped_column(String(16))  # kept | reverted | failed | asked
    reason: Mapped[str] = mapped_column(Text, default="")
    expected_gain: Mapped[float] = mapped_column(Float, default=0.0)
    score_before: Mapped[float] = mapped_column(Float, default=0.0)
    score_after: Mapped[float | None] = mapped_column(Float, default=None)
    version_before_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_versions.id", ondelete="SET NULL"), default=None
    )
    version_after_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_versions.id", ondelete="SET NULL"), default=None
    )
    verification: Mapped[dict[str, Any]] = mapped_column(default=dict)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)  # tool provenance, assets, the merchant question
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CompetitorListing(Base):
    """A competitor's listing imported for benchmarking; never one of the account's own products."""

    __tablename__ = "competitor_listings"
    __table_args__ = (UniqueConstraint("account_id", "sku", name="uq_competitor_listings_sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    brand: Mapped[str | None] = mapped_column(String(256), default=None)
    categories: Mapped[list[Any]] = mapped_column(default=list)
    price: Mapped[float | None] = mapped_column(Float, default=None)
    currency: Mapped[str | None] = mapped_column(String(8), default=None)
    attributes: Mapped[list[Any]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"title", "bullets", "description"}
    images: Mapped[list[Any]] = mapped_column(default=list)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)  # sales_rank, rating, reviews, …
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
