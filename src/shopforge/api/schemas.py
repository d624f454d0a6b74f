"""Request and response bodies of the REST API.

Responses are built inside the request's transaction (``from_model`` / ``model_validate``), never from ORM
objects after the session closed, so no lazy load can happen during serialisation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shopforge.catalog.importer import ImportReport
from shopforge.copywriting.kinds import KINDS
from shopforge.knowledge.rulepacks import PLATFORMS
from shopforge.store.accounts import LANGS
from shopforge.store.models import Content, Job

MAX_RECORDS = 5000  # per JSON request (products to import, products or copies to check)


class AccountCreate(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    platform: str = Field(description=f"One of: {', '.join(PLATFORMS)}")
    lang: str = Field(description=f"One of: {', '.join(LANGS)}")
    brand_voice: str = Field("", max_length=2000)
    audience: str = Field("", max_length=2000)


class AccountPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    platform: str
    lang: str
    brand_voice: str
    audience: str
    created_at: datetime


class AccountCreated(AccountPublic):
    api_key: str = Field(description="Shown once: only its SHA-256 digest is stored.")


class ApiKeyIssued(BaseModel):
    api_key: str = Field(description="The new key, shown once; the previous key no longer works.")


class ProductPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku: str
    title: str
    brand: str | None
    categories: list[str]
    price: float | None
    currency: str | None
    attributes: list[list[str]] = Field(description="[key, value] pairs in file order")
    facts: list[dict[str, Any]]
    import_notes: list[str]


class RowErrorPublic(BaseModel):
    line: int = Field(description="1-based line of the uploaded file (or position in the JSON list)")
    reason: str
    sku: str | None = None


class ImportResult(BaseModel):
    created: int
    updated: int
    errors: list[RowErrorPublic]
    notes: list[str]

    @classmethod
    def from_report(cls, report: ImportReport) -> ImportResult:
        return cls(
            created=report.created,
            updated=report.updated,
            errors=[RowErrorPublic(line=e.line, reason=e.reason, sku=e.sku) for e in report.errors],
            notes=list(report.notes),
        )


class ImportFailed(ImportResult):
    """The ``detail`` of a 422 answer to an import that stored no product."""

    message: str


class GenerateRequest(BaseModel):
    kinds: list[str] = Field(min_length=1, description=f"One or more of: {', '.join(KINDS)}")
    backend: str | None = Field(None, description="embedded | openai | template …; default: the server's")
    skus: list[str] = Field(default_factory=list, description="Only these SKUs (default: every product)")


class JobItemFailure(BaseModel):
    sku: str
    kind: str
    error: str | None


class JobPublic(BaseModel):
    id: int
    status: str = Field(description="pending | running | done | failed | interrupted")
    params: dict[str, Any]
    total: int
    done: int
    failed: int
    progress: float = Field(ge=0.0, le=1.0, description="(done + failed) / total")
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    failed_items: list[JobItemFailure]

    @classmethod
    def from_model(cls, job: Job) -> JobPublic:
        ended = job.done + job.failed
        progress = min(1.0, ended / job.total) if job.total else float(job.status == "done")
        failures = [
            JobItemFailure(sku=item.sku, kind=item.kind, error=item.error)
            for item in job.items
            if item.status == "failed"
        ]
        return cls(
            id=job.id, status=job.status, params=dict(job.params), total=job.total, done=job.done,
            failed=job.failed, progress=progress, error=job.error, created_at=job.created_at,
            started_at=job.started_at, finished_at=job.finished_at, failed_items=failures,
        )


class ContentPublic(BaseModel):
    id: int
    sku: str
    kind: str
    platform: str
    lang: str
    text: str
    status: str
    backend: str
    provenance: dict[str, Any]
    verification: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, content: Content) -> ContentPublic:
        return cls(
            id=content.id, sku=content.product.sku, kind=content.kind, platform=content.platform,
            lang=content.lang, text=content.text, status=content.status, backend=content.backend,
            provenance=dict(content.provenance), verification=dict(content.verification),
            created_at=content.created_at, updated_at=content.updated_at,
        )


class EditRequest(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)


class RejectRequest(BaseModel):
    note: str = Field("", max_length=2000)


class CopyToCheck(BaseModel):
    sku: str
    kind: str
    text: str


class CheckRequest(BaseModel):
    products: list[dict[str, Any]] = Field(
        max_length=MAX_RECORDS, description="Catalogue records, each shaped like a line of a catalogue JSONL"
    )
    copies: list[CopyToCheck] = Field(max_length=MAX_RECORDS)
    platform: str | None = Field(None, description="Default: the account's platform")
    lang: str | None = Field(None, description="Default: the account's language")


class ViolationPublic(BaseModel):
    rule: str
    span: str
    message: str


class CheckResult(BaseModel):
    sku: str | None
    kind: str | None
    ok: bool
    violations: list[ViolationPublic]


class Message(BaseModel):
    """The body of every error answer."""

    detail: str


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the error answers a route can give (all shaped like ``Message``)."""
    return {code: {"model": Message} for code in codes}
