"""Helpers for the console tests: shops made through the store, a signed-in TestClient, page scraping."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from shopforge.catalog.importer import import_upload
from shopforge.store.accounts import create_account, issue_api_key
from shopforge.store.db import Database

SECRET = "test-console-secret"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ONCE = re.compile(r'name="once" value="([^"]+)"')

ZH_ROWS: list[dict[str, Any]] = [
    {"sku": "ZH-CUP-1", "title": "象山 304不锈钢保温杯 750ml 黑色", "brand": "象山", "category": ["水具", "保温杯"],
     "price": 89.0, "currency": "CNY",
     "attributes": {"材质": "304不锈钢", "容量": "750ml", "颜色": "黑色", "保温时长": "12小时"}},
    {"sku": "ZH-MUG-2", "title": "青禾 陶瓷马克杯 350ml 白色", "brand": "青禾", "category": ["家居", "杯具"],
     "price": 39.0, "currency": "CNY", "attributes": {"材质": "陶瓷", "容量": "350ml", "颜色": "白色"}},
]


@dataclass
class Shop:
    id: int
    name: str
    key: str


def make_shop(db: Database, name: str, rows: list[dict[str, Any]] | None = None, *, platform: str = "tmall",
              lang: str = "zh") -> Shop:
    """An account with its API key, and its catalogue imported by the real importer."""
    with db.session() as session:
        account = create_account(session, name, platform, lang)
        key = issue_api_key(session, account)
        if rows:
            data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
            report = import_upload(session, account, data, "catalogue.jsonl")
            assert not report.errors, report.errors
        return Shop(account.id, account.name, key)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def once_of(html: str) -> str:
    found = _ONCE.search(html)
    assert found, "no one-time form token on the page"
    return found.group(1)


class Console:
    """One browser: a TestClient with its own cookies, signed in as a shop."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def sign_in(self, key: str) -> httpx.Response:
        page = self.client.get("/console/signin")
        response = self.client.post(
            "/console/signin", data={"api_key": key, "csrf_token": csrf_of(page.text), "next": "/console/"}
        )
        assert response.status_code == 200 and response.url.path == "/console/", response.text
        self.csrf = csrf_of(response.text)
        return response

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)

    def upload(self, filename: str, content: bytes) -> httpx.Response:
        return self.post("/console/products/import", files={"file": (filename, content, "application/octet-stream")})

    def start_generation(self, kinds: list[str], *, skus: list[str] | None = None, once: str | None = None) -> int:
        token = once or once_of(self.get("/console/generate").text)
        data = {"scope": "selected" if skus else "all", "kind": kinds, "backend": "template", "once": token}
        response = self.post("/console/generate", {**data, "sku": skus or []})
        assert response.status_code == 200 and "/console/jobs/" in response.url.path, response.text
        return int(response.url.path.rsplit("/", 1)[1])

    def wait_for_job(self, job_id: int, timeout_s: float = 60.0) -> str:
        """Poll the job's progress fragment (as the page does) until it stops asking to be polled."""
        deadline = time.monotonic() + timeout_s
        while True:
            fragment = self.get(f"/console/jobs/{job_id}/progress").text
            if "hx-trigger" not in fragment:
                status = re.search(r'data-status="(\w+)"', fragment)
                assert status
                return status.group(1)
            assert time.monotonic() < deadline, f"job {job_id} still running after {timeout_s}s"
            time.sleep(0.05)

    def content_ids(self, query: str = "status=all") -> list[int]:
        page = self.get(f"/console/review?{query}").text
        return [int(found) for found in re.findall(r'href="/console/review/(\d+)"', page)]
