"""REST API: OpenAPI, accounts and API keys, authentication, catalogue import (JSON and multipart)."""

from __future__ import annotations

import hashlib
import json

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.api.api_helpers import ADMIN_TOKEN, EN_PRODUCTS, ZH_PRODUCTS, Tenant, import_products, make_account

from shopforge.api.app import create_app
from shopforge.settings import Settings
from shopforge.store.db import Database
from shopforge.store.models import Account

ROUTES = {
    "/accounts": {"post"}, "/accounts/me": {"get"}, "/accounts/me/key": {"post"},
    "/products": {"get", "post"}, "/products/import": {"post"}, "/products/{sku}": {"get"},
    "/generate": {"post"}, "/jobs": {"get"}, "/jobs/{job_id}": {"get"}, "/jobs/{job_id}/retry": {"post"},
    "/contents": {"get"}, "/contents/export": {"get", "post"}, "/contents/{content_id}": {"get"},
    "/contents/{content_id}/approve": {"post"}, "/contents/{content_id}/reject": {"post"},
    "/contents/{content_id}/edit": {"post"}, "/check": {"post"},
}


def test_openapi_lists_every_route_and_the_docs_page_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "ShopForge"
    assert {path: set(ops) for path, ops in spec["paths"].items()} == ROUTES
    assert {"ApiKey", "Bearer", "AdminToken"} <= set(spec["components"]["securitySchemes"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_account_creation_needs_the_admin_token(client: TestClient) -> None:
    body = {"name": "shop", "platform": "tmall", "lang": "zh"}
    assert client.post("/accounts", json=body).status_code == 403
    assert client.post("/accounts", json=body, headers={"X-Admin-Token": "wrong"}).status_code == 403
    created = client.post("/accounts", json=body, headers={"X-Admin-Token": ADMIN_TOKEN})
    assert created.status_code == 201
    account = created.json()
    assert account["name"] == "shop" and account["platform"] == "tmall" and account["lang"] == "zh"
    assert account["api_key"].startswith("sf_")
    me = client.get("/accounts/me", headers={"X-API-Key": account["api_key"]})
    assert me.status_code == 200 and me.json()["id"] == account["id"]
    assert "api_key" not in me.json() and "api_key_hash" not in me.json()


def test_account_creation_is_off_when_no_admin_token_is_set(settings: Settings, db: Database) -> None:
    no_admin = settings.model_copy(update={"admin_token": None})
    with TestClient(create_app(no_admin, database=db)) as client:
        response = client.post(
            "/accounts", json={"name": "shop", "platform": "tmall", "lang": "zh"},
            headers={"X-Admin-Token": ADMIN_TOKEN},
        )
    assert response.status_code == 403
    assert response.json()["detail"] == "account creation over the API is disabled; use the CLI"


def test_bad_account_requests_are_refused_with_a_reason(client: TestClient) -> None:
    admin = {"X-Admin-Token": ADMIN_TOKEN}
    make_account(client, "shop", "tmall", "zh")
    duplicate = client.post("/accounts", json={"name": "shop", "platform": "jd", "lang": "zh"}, headers=admin)
    assert duplicate.status_code == 409 and "already exists" in duplicate.json()["detail"]
    platform = client.post("/accounts", json={"name": "x", "platform": "ebay", "lang": "en"}, headers=admin)
    assert platform.status_code == 422 and "ebay" in platform.json()["detail"]
    lang = client.post("/accounts", json={"name": "y", "platform": "amazon", "lang": "fr"}, headers=admin)
    assert lang.status_code == 422 and "fr" in lang.json()["detail"]


def test_missing_or_wrong_api_key_is_401_and_both_headers_work(client: TestClient) -> None:
    tenant = make_account(client, "shop", "amazon", "en")
    missing = client.get("/products")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert client.get("/products", headers={"X-API-Key": tenant.key + "x"}).status_code == 401
    assert client.get("/products", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/products", headers={"Authorization": f"Basic {tenant.key}"}).status_code == 401
    assert client.post("/generate", json={"kinds": ["title"]}).status_code == 401
    assert client.get("/products", headers={"X-API-Key": tenant.key}).status_code == 200
    assert client.get("/products", headers={"Authorization": f"Bearer {tenant.key}"}).status_code == 200


def test_keys_are_stored_hashed_and_rotation_revokes_the_old_key(client: TestClient, db: Database) -> None:
    tenant = make_account(client, "shop", "shopify", "en")
    with db.session() as session:
        stored = session.scalar(select(Account.api_key_hash).where(Account.id == tenant.id))
    assert stored is not None and stored != tenant.key and tenant.key not in stored
    assert stored == hashlib.sha256(tenant.key.encode()).hexdigest()

    rotated = client.post("/accounts/me/key", headers=tenant.headers)
    assert rotated.status_code == 200
    new_key = rotated.json()["api_key"]
    assert new_key != tenant.key
    assert client.get("/accounts/me", headers=tenant.headers).status_code == 401
    assert client.get("/accounts/me", headers={"X-API-Key": new_key}).json()["name"] == "shop"
    with db.session() as session:
        rotated_hash = session.scalar(select(Account.api_key_hash).where(Account.id == tenant.id))
    assert rotated_hash == hashlib.sha256(new_key.encode()).hexdigest() != stored


def test_import_json_records_then_read_and_update_products(client: TestClient) -> None:
    tenant = make_account(client, "shop", "tmall", "zh")
    assert import_products(client, tenant, ZH_PRODUCTS) | {"notes": []} == {
        "created": 2, "updated": 0, "errors": [], "notes": []}
    mug = client.get("/products/ZH-MUG-1", headers=tenant.headers).json()
    assert mug["title"] == "陶瓷马克杯 350ml 白色" and mug["brand"] == "青禾" and mug["price"] == 39.0
    assert ["材质", "陶瓷"] in mug["attributes"]
    assert any(f["kind"] == "material" and f["value"] == "陶瓷" for f in mug["facts"])

    changed = [{**ZH_PRODUCTS[0], "price": 35.0}]
    assert import_products(client, tenant, changed)["updated"] == 1
    assert client.get("/products/ZH-MUG-1", headers=tenant.headers).json()["price"] == 35.0
    skus = [p["sku"] for p in client.get("/products", headers=tenant.headers).json()]
    assert skus == ["ZH-MUG-1", "ZH-TOWEL-2"]
    page = client.get("/products", params={"limit": 1, "offset": 1}, headers=tenant.headers).json()
    assert [p["sku"] for p in page] == ["ZH-TOWEL-2"]
    assert client.get("/products/NOPE", headers=tenant.headers).status_code == 404


def test_multipart_upload_reports_a_bad_row_with_its_line(client: TestClient) -> None:
    tenant = make_account(client, "shop", "amazon", "en")
    towel = {"sku": "EN-2", "title": "Cotton Tea Towel"}
    lines = [json.dumps(EN_PRODUCTS[0]), "{not json", json.dumps(towel)]
    data = ("\n".join(lines) + "\n").encode()
    response = client.post(
        "/products/import", files={"file": ("catalogue.jsonl", data, "application/x-ndjson")},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["created"] == 2 and result["updated"] == 0
    assert [error["line"] for error in result["errors"]] == [2]
    assert "JSON" in result["errors"][0]["reason"]
    stored = client.get("/products", headers=tenant.headers).json()
    assert {product["sku"] for product in stored} == {"EN-BOTTLE-1", "EN-2"}


def test_csv_upload_is_read_by_its_extension(client: TestClient) -> None:
    tenant = make_account(client, "shop", "amazon", "en")
    csv = b"sku,title,brand,price\nCSV-1,Linen Apron,Hilltop,19.5\n"
    files = {"file": ("items.csv", csv, "text/csv")}
    response = client.post("/products/import", files=files, headers=tenant.headers)
    assert response.status_code == 200 and response.json()["created"] == 1
    assert client.get("/products/CSV-1", headers=tenant.headers).json()["brand"] == "Hilltop"


def test_an_import_that_stores_nothing_is_422_with_the_errors(client: TestClient) -> None:
    tenant = make_account(client, "shop", "amazon", "en")
    bad = client.post("/products", json=[{"title": "no sku"}, {"sku": "S-2"}], headers=tenant.headers)
    assert bad.status_code == 422
    detail = bad.json()["detail"]
    assert detail["created"] == 0 and [e["line"] for e in detail["errors"]] == [1, 2]
    assert "no product was imported" in detail["message"]
    empty = client.post("/products", json=[], headers=tenant.headers)
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]["message"]
    wrong_type = client.post(
        "/products/import", files={"file": ("catalogue.xlsx", b"PK\x03\x04", "application/zip")},
        headers=tenant.headers,
    )
    assert wrong_type.status_code == 422 and "xlsx" in wrong_type.json()["detail"]
    assert client.get("/products", headers=tenant.headers).json() == []


def test_same_sku_in_two_accounts_are_two_products(client: TestClient, en_tenant: Tenant) -> None:
    other = make_account(client, "other", "amazon", "en")
    import_products(client, other, [{**EN_PRODUCTS[0], "title": "Other Bottle"}])
    mine = client.get("/products/EN-BOTTLE-1", headers=en_tenant.headers).json()
    assert mine["title"].startswith("Stainless")
    assert client.get("/products/EN-BOTTLE-1", headers=other.headers).json()["title"] == "Other Bottle"
