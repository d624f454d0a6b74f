"""REST API ``POST /check``: the CLI's check semantics, with the caller's platform and language by default."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.api.api_helpers import EN_PRODUCTS, ZH_PRODUCTS, Tenant, make_account


def test_check_reports_each_copy_in_order(client: TestClient) -> None:
    tenant = make_account(client, "en shop", "shopify", "en")
    copies = [
        {"sku": "EN-BOTTLE-1", "kind": "title", "text": "Hilltop Water Bottle"},
        {"sku": "EN-BOTTLE-1", "kind": "title", "text": "Hilltop Water Bottle, the best bottle ever"},
        {"sku": "GHOST", "kind": "title", "text": "Hilltop Water Bottle"},
        {"sku": "EN-BOTTLE-1", "kind": "limerick", "text": "Hilltop Water Bottle"},
    ]
    response = client.post("/check", json={"products": EN_PRODUCTS, "copies": copies}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    results = response.json()
    assert [(r["sku"], r["kind"], r["ok"]) for r in results] == [
        ("EN-BOTTLE-1", "title", True), ("EN-BOTTLE-1", "title", False), ("GHOST", "title", True),
        ("EN-BOTTLE-1", "limerick", False),
    ]
    assert results[0]["violations"] == []
    assert [v["span"] for v in results[1]["violations"]] == ["best"]
    assert results[2]["violations"] == []  # no record for GHOST: checked against the packs alone
    limerick = results[3]["violations"][0]
    assert limerick["rule"] == "input" and "limerick" in limerick["message"]


def test_check_uses_the_account_rules_unless_overridden(client: TestClient) -> None:
    zh = make_account(client, "zh shop", "tmall", "zh")
    copies = [{"sku": "ZH-MUG-1", "kind": "title", "text": "国家级 青禾 杯具"}]
    own = client.post("/check", json={"products": ZH_PRODUCTS, "copies": copies}, headers=zh.headers).json()
    assert own[0]["ok"] is False and own[0]["violations"][0]["rule"].startswith("cn_ad_law.")

    english = [{"sku": "EN-BOTTLE-1", "kind": "title", "text": "Hilltop Water Bottle"}]
    body: dict[str, Any] = {"products": EN_PRODUCTS, "copies": english}
    as_zh = client.post("/check", json=body, headers=zh.headers).json()
    assert as_zh[0]["ok"] is False and as_zh[0]["violations"][0]["rule"] == "tmall.language"
    body |= {"platform": "amazon", "lang": "en"}
    as_amazon = client.post("/check", json=body, headers=zh.headers).json()
    assert as_amazon == [{"sku": "EN-BOTTLE-1", "kind": "title", "ok": True, "violations": []}]


def test_check_needs_a_key_and_a_known_platform(client: TestClient, en_tenant: Tenant) -> None:
    body = {"products": EN_PRODUCTS, "copies": [], "platform": "ebay"}
    assert client.post("/check", json=body).status_code == 401
    refused = client.post("/check", json=body, headers=en_tenant.headers)
    assert refused.status_code == 422 and "ebay" in refused.json()["detail"]
    body = {"products": EN_PRODUCTS, "copies": [], "lang": "fr"}
    french = client.post("/check", json=body, headers=en_tenant.headers)
    assert french.status_code == 422 and "fr" in french.json()["detail"]
    body["lang"] = "en-US"
    assert client.post("/check", json=body, headers=en_tenant.headers).json() == []
