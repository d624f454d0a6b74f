"""Gallery: cut-outs, main images, scenes, posters, detail pages and videos with their check badges; before/after."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from shopforge.api.deps import SessionDep
from shopforge.store.assets import get_asset
from shopforge.store.models import Account, Asset, Product
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount
from shopforge.web.errors import not_found
from shopforge.web.render import CONSOLE_PREFIX, SECURITY_HEADERS, render

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

# Only image files (and MP4 videos, as asset files) are ever served, recognised by their first bytes (not their
# name), so a path recorded in an asset's provenance can never be used to read another kind of file.
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"RIFF": "image/webp",
}
VIDEO_TYPE = "video/mp4"


@router.get("/gallery")
def gallery(request: Request, db: SessionDep, account: ConsoleAccount, kind: str = "", page: str = "1") -> Response:
    kinds = queries.asset_kinds(db, account)
    kind = kind if kind in kinds else ""
    found = queries.assets_page(db, account, kind=kind, page=queries.page_number(page))
    products = queries.products_by_id(db, account, {a.product_id for a in found.items if a.product_id})
    context = {"found": found, "kinds": kinds, "kind": kind, "products": products, "nav": "gallery"}
    return render(request, "gallery.html", context, account=account)


@router.get("/assets/{asset_id}")
def asset_page(request: Request, asset_id: int, db: SessionDep, account: ConsoleAccount) -> Response:
    asset = _asset_or_404(db, account, asset_id)
    product = _product_of(db, account, asset)
    context = {
        "asset": asset,
        "product": product,
        "has_source": _source_path(asset, product) is not None,
        "nav": "gallery",
    }
    return render(request, "asset.html", context, account=account)


@router.get("/assets/{asset_id}/file")
def asset_file(asset_id: int, db: SessionDep, account: ConsoleAccount) -> Response:
    asset = _asset_or_404(db, account, asset_id)
    # a browser's <video> asks for byte ranges; FileResponse answers them (206), so the video can seek
    return _file_response(Path(asset.path), f"asset {asset_id}", allow_video=True)


@router.get("/assets/{asset_id}/source")
def asset_source(asset_id: int, db: SessionDep, account: ConsoleAccount) -> Response:
    """The "before" image: the product photo the asset was made from."""
    asset = _asset_or_404(db, account, asset_id)
    source = _source_path(asset, _product_of(db, account, asset))
    if source is None:
        raise not_found(f"source image of asset {asset_id}")
    return _file_response(source, f"source of asset {asset_id}", allow_video=False)


def _asset_or_404(db: Session, account: Account, asset_id: int) -> Asset:
    asset = get_asset(db, account, asset_id)
    if asset is None:
        raise not_found(f"asset {asset_id}")
    return asset


def _product_of(db: Session, account: Account, asset: Asset) -> Product | None:
    if asset.product_id is None:
        return None
    return queries.products_by_id(db, account, {asset.product_id}).get(asset.product_id)


def _source_path(asset: Asset, product: Product | None) -> Path | None:
    """The asset's source photo, when it is one of its product's own (``product``: the asset's, same account)."""
    source = (asset.provenance or {}).get("source_image")
    if not isinstance(source, str):
        return None
    # only one of the product's own photos, as imported into this account
    if product is None or source not in product.images:
        return None
    return Path(source)


def _file_response(path: Path, what: str, *, allow_video: bool) -> Response:
    found = media_type(path)
    if found is None or (found == VIDEO_TYPE and not allow_video):
        raise not_found(what)
    return FileResponse(path, media_type=found, headers=SECURITY_HEADERS | {"Cache-Control": "private"})


def media_type(path: Path) -> str | None:
    """The content type of an image or MP4 file, from its first bytes; None for anything else or no file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return None
    if head[4:8] == b"ftyp":  # an ISO base media file: MP4 (what ``creative.video.encode`` writes)
        return VIDEO_TYPE
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature) and (kind != "image/webp" or head[8:12] == b"WEBP"):
            return kind
    return None
