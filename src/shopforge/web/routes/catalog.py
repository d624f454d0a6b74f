"""Catalogue: search and filter products, upload a catalogue file (per-row errors shown), one product's page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from shopforge.api.deps import SessionDep
from shopforge.catalog.importer import ImportReport, import_upload
from shopforge.catalog.readers import SUPPORTED_EXTENSIONS, CatalogFormatError
from shopforge.store.assets import list_assets
from shopforge.store.models import Account
from shopforge.store.products import get_product, product_facts
from shopforge.web import queries
from shopforge.web.auth import CSRF_FIELD, ConsoleAccount, check_csrf
from shopforge.web.errors import not_found
from shopforge.web.render import CONSOLE_PREFIX, render
from shopforge.web.state import console_state

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

ACCEPT = ",".join(SUPPORTED_EXTENSIONS)
_FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small fields beside the file


class UploadTooLarge(Exception):
    pass


@router.get("/products")
def products(
    request: Request,
    db: SessionDep,
    account: ConsoleAccount,
    q: str = "",
    brand: str = "",
    state: str = "all",
    page: str = "1",
) -> Response:
    q, brand = q.strip()[:200], brand.strip()[:256]
    state = state if state in queries.PRODUCT_STATES else "all"
    found = queries.search_products(db, account, q=q, brand=brand, state=state, page=queries.page_number(page))
    context = {
        "found": found,
        "q": q,
        "brand": brand,
        "state": state,
        "states": queries.PRODUCT_STATES,
        "brands": queries.brands(db, account),
        "accept": ACCEPT,
        "nav": "products",
    }
    return render(request, "products.html", context, account=account)


@router.post("/products/import")
async def import_catalogue(request: Request, db: SessionDep, account: ConsoleAccount) -> Response:
    limit = console_state(request).settings.upload_max_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + _FORM_OVERHEAD:
        return _import_page(request, account, status=413, error="import.too_large", limit=limit)
    try:
        bounded = Request(request.scope, _limited(request.receive, limit + _FORM_OVERHEAD))
        form = await bounded.form(max_files=1, max_fields=8)
    except UploadTooLarge:
        return _import_page(request, account, status=413, error="import.too_large", limit=limit)
    check_csrf(request, form.get(CSRF_FIELD))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, account, status=422, error="import.no_file", limit=limit)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        return _import_page(request, account, status=413, error="import.too_large", limit=limit)
    try:
        report = await run_in_threadpool(import_upload, db, account, data, upload.filename)
    except (CatalogFormatError, UnicodeDecodeError) as exc:
        return _import_page(request, account, status=422, error="import.bad_file", limit=limit, detail=str(exc))
    status = 200 if report.imported else 422
    return _import_page(request, account, status=status, limit=limit, report=report, filename=upload.filename)


def _limited(receive: Callable[[], Awaitable[Any]], limit: int) -> Callable[[], Awaitable[Any]]:
    """The request body, cut off with ``UploadTooLarge`` once more than ``limit`` bytes arrived."""
    received = 0

    async def bounded_receive() -> Any:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise UploadTooLarge
        return message

    return bounded_receive


def _import_page(
    request: Request,
    account: Account,
    *,
    status: int,
    limit: int,
    error: str = "",
    detail: str = "",
    report: ImportReport | None = None,
    filename: str = "",
) -> Response:
    context = {
        "error": error,
        "detail": detail,
        "report": report,
        "filename": filename,
        "limit_mb": round(limit / (1024 * 1024), 1),
        "accept": ACCEPT,
        "nav": "products",
    }
    return render(request, "import_result.html", context, account=account, status=status)


@router.get("/products/{sku:path}")
def product(request: Request, sku: str, db: SessionDep, account: ConsoleAccount) -> Response:
    found = get_product(db, account, sku)
    if found is None:
        raise not_found(f"product {sku}")
    context = {
        "product": found,
        "facts": product_facts(found),
        "contents": queries.contents_of(db, account, found),
        "assets": list_assets(db, account, found),
        "nav": "products",
    }
    return render(request, "product.html", context, account=account)
