"""Versions of a product's listing content (title, bullets, description, images), always within one account.

Versions are append-only: nothing here updates or deletes a row. Importing changed live content adds an
``import`` version; a change the optimisation agent keeps adds an ``optimize`` version; a candidate it rejected is
stored with ``accepted=False`` so its trace can show exactly what was judged. The current content of a product is
its accepted version with the highest number.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopforge.store.models import Account, ContentVersion, Product

SOURCES = ("import", "generated", "optimize")
IMAGE_ROLES = ("main", "other", "scene", "poster")


@dataclass(frozen=True)
class ImageRef:
    path: str
    role: str = "other"  # main | other | scene | poster
    asset_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "role": self.role, "asset_id": self.asset_id}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str) -> ImageRef:
        if isinstance(data, str):
            return cls(data)
        return cls(str(data["path"]), str(data.get("role") or "other"), data.get("asset_id"))


@dataclass(frozen=True)
class ListingContent:
    """What a shopper sees of a product: the listing text and images, main image first."""

    title: str = ""
    bullets: tuple[str, ...] = ()
    description: str = ""
    images: tuple[ImageRef, ...] = field(default_factory=tuple)

    @classmethod
    def build(
        cls,
        title: str = "",
        bullets: list[str] | tuple[str, ...] = (),
        description: str = "",
        images: list[str] | tuple[str, ...] = (),
    ) -> ListingContent:
        """From plain values; the first image is the main image."""
        refs = tuple(ImageRef(path, "main" if i == 0 else "other") for i, path in enumerate(images))
        return cls(title.strip(), tuple(b.strip() for b in bullets if b.strip()), description.strip(), refs)

    @property
    def main_image(self) -> ImageRef | None:
        return next((image for image in self.images if image.role == "main"), None)

    def images_of(self, role: str) -> list[ImageRef]:
        return [image for image in self.images if image.role == role]

    def with_main_image(self, image: ImageRef) -> ListingContent:
        others = tuple(i for i in self.images if i.role != "main")
        return replace(self, images=(replace(image, role="main"), *others))

    def with_image(self, image: ImageRef) -> ListingContent:
        """Adds a scene or poster image, replacing an earlier one of the same role."""
        return replace(self, images=(*(i for i in self.images if i.role != image.role), image))

    def is_empty(self) -> bool:
        return not (self.title or self.bullets or self.description or self.images)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "bullets": list(self.bullets),
            "description": self.description,
            "images": [image.to_dict() for image in self.images],
        }

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def as_content(version: ContentVersion) -> ListingContent:
    return ListingContent(
        version.title,
        tuple(str(b) for b in version.bullets),
        version.description,
        tuple(ImageRef.from_dict(item) for item in version.images),
    )


def add_version(
    session: Session,
    account: Account,
    product: Product,
    content: ListingContent,
    *,
    source: str,
    accepted: bool = True,
    parent_id: int | None = None,
    job_id: int | None = None,
    note: str = "",
) -> ContentVersion:
    """A new version numbered after the product's last one; never touches an existing row."""
    if source not in SOURCES:
        raise ValueError(f"unknown version source {source!r}; known: {', '.join(SOURCES)}")
    last = session.scalar(
        select(func.max(ContentVersion.number)).where(
            ContentVersion.account_id == account.id, ContentVersion.product_id == product.id
        )
    )
    version = ContentVersion(
        account_id=account.id,
        product_id=product.id,
        number=(last or 0) + 1,
        source=source,
        accepted=accepted,
        parent_id=parent_id,
        title=content.title,
        bullets=list(content.bullets),
        description=content.description,
        images=[image.to_dict() for image in content.images],
        digest=content.digest(),
        job_id=job_id,
        note=note,
    )
    session.add(version)
    session.flush()
    return version


def record_live_content(
    session: Session, account: Account, product: Product, content: ListingContent
) -> ContentVersion | None:
    """Store imported live content as a new version, unless it equals the current version (a re-import)."""
    current = current_version(session, account, product)
    if current is not None and current.digest == content.digest():
        return None
    return add_version(session, account, product, content, source="import", parent_id=current.id if current else None)


def current_version(session: Session, account: Account, product: Product) -> ContentVersion | None:
    return session.scalar(
        select(ContentVersion)
        .where(
            ContentVersion.account_id == account.id,
            ContentVersion.product_id == product.id,
            ContentVersion.accepted.is_(True),
        )
        .order_by(ContentVersion.number.desc())
        .limit(1)
    )


def get_version(session: Session, account: Account, version_id: int) -> ContentVersion | None:
    return session.scalar(
        select(ContentVersion).where(ContentVersion.account_id == account.id, ContentVersion.id == version_id)
    )


def list_versions(session: Session, account: Account, product: Product) -> list[ContentVersion]:
    query = (
        select(ContentVersion)
        .where(ContentVersion.account_id == account.id, ContentVersion.product_id == product.id)
        .order_by(ContentVersion.number)
    )
    return list(session.scalars(query))


def current_versions(session: Session, account: Account) -> dict[int, ContentVersion]:
    """The current version of every product of the account that has one, by product id."""
    latest = (
        select(ContentVersion.product_id, func.max(ContentVersion.number).label("number"))
        .where(ContentVersion.account_id == account.id, ContentVersion.accepted.is_(True))
        .group_by(ContentVersion.product_id)
        .subquery()
    )
    query = select(ContentVersion).join(
        latest,
        (ContentVersion.product_id == latest.c.product_id) & (ContentVersion.number == latest.c.number),
    )
    query = query.where(ContentVersion.account_id == account.id)
    return {version.product_id: version for version in session.scalars(query)}
