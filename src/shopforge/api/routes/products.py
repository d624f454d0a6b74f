"""``/products``: list and read the caller's products; import a catalogue (file upload or JSON records)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, HTTPException, Query, UploadFile, status
from sqlalchemy.orm import Session

from shopforge.api.deps import AccountDep, SessionDep
from shopforge.api.schemas import MAX_RECORDS, ImportFailed, ImportResult, ProductPublic, error_responses
from shopforge.catalog.importer import import_upload
from shopforge.catalog.readers import SUPPORTED_EXTENSIONS, CatalogFormatError
from shopforge.store.models import Account
from shopforge.store.products import get_product, list_products

router = APIRouter(prefix="/products", tags=["products"])

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
JSON_UPLOAD_NAME = "upload.jsonl"
_IMPORT_RESPONSES = error_responses(401, 413) | {
    422: {"model": ImportFailed,
          "description": "Nothing was imported: `detail` holds the message and the errors with their lines"},
}


@router.get("", responses=error_responses(401))
def list_(
    session: SessionDep,
    account: AccountDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[ProductPublic]:
    """The caller's products, oldest first."""
    products = list_products(session, account, limit=limit, offset=offset)
    return [ProductPublic.model_validate(product) for product in products]


@router.post("/import", responses=_IMPORT_RESPONSES)
def import_file(
    session: SessionDep,
    account: AccountDep,
    file: Annotated[UploadFile, File(description=f"A catalogue file: {', '.join(SUPPORTED_EXTENSIONS)}")],
) -> ImportResult:
    """Import (insert or update by SKU) an uploaded catalogue; bad rows are reported with their line."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"file larger than {MAX_UPLOAD_BYTES} bytes")
    return _import(session, account, data, file.filename or "")


@router.post("", responses=_IMPORT_RESPONSES)
def import_records(
    session: SessionDep,
    account: AccountDep,
    records: Annotated[list[dict[str, Any]], Body(max_length=MAX_RECORDS)],
) -> ImportResult:
    """Import catalogue records given as JSON (each shaped like a line of a catalogue JSONL file).

    Error line numbers are 1-based positions in the list.
    """
    data = "\n".join(json.dumps(record, ensure_ascii=False) for record in records).encode()
    return _import(session, account, data, JSON_UPLOAD_NAME)


@router.get("/{sku:path}", responses=error_responses(401, 404))
def read(sku: str, session: SessionDep, account: AccountDep) -> ProductPublic:
    """One of the caller's products, by SKU."""
    product = get_product(session, account, sku)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no product with sku {sku!r}")
    return ProductPublic.model_validate(product)


def _import(session: Session, account: Account, data: bytes, filename: str) -> ImportResult:
    try:
        report = import_upload(session, account, data, filename)
    except (CatalogFormatError, UnicodeDecodeError) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    result = ImportResult.from_report(report)
    if report.imported == 0:
        reason = "see errors" if report.errors else "the catalogue is empty"
        message = f"no product was imported ({reason})"
        failed = ImportFailed(message=message, **result.model_dump())
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, failed.model_dump())
    return result
