"""Helpers for the API tests: inline catalogue records, an account made through the API, job polling."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

ADMIN_TOKEN = "test-admin-token"

ZH_PRODUCTS: list[dict[str, Any]] = [
    {"sku": "ZH-MUG-1", "title": "陶瓷马克杯 350ml 白色", "brand": "青禾", "category": "家居/杯具",
     "price": 39.0, "currency": "CNY", "attributes": {"材质": "陶瓷", "容量": "350ml", "颜色": "白色"}},
    {"sku": "ZH-TOWEL-2", "title": "纯棉毛巾 蓝色", "brand": "青禾", "category": "家居/毛巾",
     "price": 19.9, "currency": "CNY", "attributes": {"材质": "纯棉", "颜色": "蓝色"}},
]
EN_PRODUCTS: list[dict[str, Any]] = [
    {"sku": "EN-BOTTLE-1", "title": "Stainless Steel Water Bottle 750 ml", "brand": "Hilltop",
     "category": "Kitchen > Drinkware", "price": 24.5, "currency": "USD",
     "attributes": {"material": "stainless steel", "capacity": "750 ml", "colour": "black"}},
]


@dataclass


class Tenant:
    """An account created through the API, with the headers that authenticate as it."""

    id: int
    name: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.key}


def make_account(client: TestClient, name: str, platform: str, lang: str) -> Tenant:
    response = client.post(
        "/accounts", json={"name": name, "platform": platform, "lang": lang},
        headers={"X-Admin-Token": ADMIN_TOKEN},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Tenant(body["id"], body["name"], body["api_key"])


def import_products(client: TestClient, tenant: Tenant, records: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post("/products", json=records, headers=tenant.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def wait_for_job(client: TestClient, tenant: Tenant, job_id: int, timeout_s: float = 120.0) -> dict[str, Any]:
    """Poll ``GET /jobs/{id}`` until the job is finished (bounded wait)."""
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get(f"/jobs/{job_id}", headers=tenant.headers)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['status']} after {timeout_s}s: {job}"
        time.sleep(0.05)
