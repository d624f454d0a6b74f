"""REST API: generation jobs in the background, review actions (approve, edit, reject) and export."""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi.testclient import TestClient
from tests.api.api_helpers import ZH_PRODUCTS, Tenant, import_products, make_account, wait_for_job

from shopforge.api.app import JobRunner, create_app
from shopforge.jobs.runner import run_job
from shopforge.settings import Settings
from shopforge.store.db import Database


def generate_titles(client: TestClient, tenant: Tenant) -> list[dict[str, Any]]:
    body = {"kinds": ["title"], "backend": "template"}
    started = client.post("/generate", json=body, headers=tenant.headers)
    assert started.status_code == 202, started.text
    job = wait_for_job(client, tenant, started.json()["id"])
    assert job["status"] == "done", job
    contents: list[dict[str, Any]] = client.get("/contents", headers=tenant.headers).json()
    return contents


def export_lines(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    assert "attachment" in response.headers["content-disposition"]
    return [json.loads(line) for line in response.text.splitlines()]


def test_generate_poll_approve_and_export(client: TestClient, zh_tenant: Tenant) -> None:
    body = {"kinds": ["title", "description"], "backend": "template"}
    started = client.post("/generate", json=body, headers=zh_tenant.headers)
    assert started.status_code == 202
    assert started.json()["total"] == 4 and started.json()["status"] in ("pending", "running")
    job = wait_for_job(client, zh_tenant, started.json()["id"])
    assert (job["status"], job["done"], job["failed"], job["progress"]) == ("done", 4, 0, 1.0)
    assert job["failed_items"] == [] and job["finished_at"] is not None

    contents = client.get("/contents", headers=zh_tenant.headers).json()
    assert sorted((c["sku"], c["kind"]) for c in contents) == [
        ("ZH-MUG-1", "description"), ("ZH-MUG-1", "title"),
        ("ZH-TOWEL-2", "description"), ("ZH-TOWEL-2", "title"),
    ]
    for content in contents:
        assert (content["backend"], content["status"], content["lang"], content["platform"]) == (
            "template", "draft", "zh", "tmall")
        assert content["verification"]["ok"] is True and content["verification"]["violations"] == []
        assert content["text"].strip()
    titles = client.get("/contents", params={"kind": "title"}, headers=zh_tenant.headers).json()
    mug = next(c for c in titles if c["sku"] == "ZH-MUG-1")
    only_mug = client.get("/contents", params={"sku": "ZH-MUG-1", "kind": "title"}, headers=zh_tenant.headers)
    assert [c["id"] for c in only_mug.json()] == [mug["id"]]

    approved = client.post(f"/contents/{mug['id']}/approve", headers=zh_tenant.headers)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    listed = client.get("/contents", params={"status": "approved"}, headers=zh_tenant.headers).json()
    assert [c["id"] for c in listed] == [mug["id"]]

    preview = export_lines(client.get("/contents/export", headers=zh_tenant.headers))
    assert len(preview) == 4
    record = next(r for r in preview if (r["sku"], r["kind"]) == ("ZH-MUG-1", "title"))
    assert (record["status"], record["text"], record["account"]) == ("approved", mug["text"], zh_tenant.name)
    assert record["verification"] == {"ok": True, "violations": []}
    assert client.get(f"/contents/{mug['id']}", headers=zh_tenant.headers).json()["status"] == "approved"

    exported = export_lines(client.post("/contents/export", headers=zh_tenant.headers))
    statuses = {(r["sku"], r["kind"]): r["status"] for r in exported}
    assert statuses == {("ZH-MUG-1", "title"): "exported", ("ZH-MUG-1", "description"): "draft",
                        ("ZH-TOWEL-2", "title"): "draft", ("ZH-TOWEL-2", "description"): "draft"}
    assert client.get(f"/contents/{mug['id']}", headers=zh_tenant.headers).json()["status"] == "exported"
    too_late = client.post(f"/contents/{mug['id']}/reject", json={"note": "x"}, headers=zh_tenant.headers)
    assert too_late.status_code == 409 and "exported" in too_late.json()["detail"]


def test_english_copy_is_generated_verified_and_approvable(client: TestClient, en_tenant: Tenant) -> None:
    body = {"kinds": ["title", "bullets"], "backend": "template", "skus": ["EN-BOTTLE-1"]}
    started = client.post("/generate", json=body, headers=en_tenant.headers)
    assert wait_for_job(client, en_tenant, started.json()["id"])["done"] == 2
    contents = client.get("/contents", headers=en_tenant.headers).json()
    assert {c["kind"] for c in contents} == {"title", "bullets"}
    assert all(c["verification"]["ok"] and c["lang"] == "en" and c["platform"] == "shopify" for c in contents)
    for content in contents:
        approved = client.post(f"/contents/{content['id']}/approve", headers=en_tenant.headers)
        assert approved.json()["status"] == "approved"


def test_an_edit_adding_an_absolute_term_is_blocked_and_cannot_be_approved(
    client: TestClient, zh_tenant: Tenant
) -> None:
    content = generate_titles(client, zh_tenant)[0]
    url = f"/contents/{content['id']}"
    edited = client.post(f"{url}/edit", json={"text": "国家级" + content["text"]}, headers=zh_tenant.headers)
    assert edited.status_code == 200
    assert edited.json()["status"] == "blocked" and edited.json()["verification"]["ok"] is False
    assert any(v["span"] == "国家级" for v in edited.json()["verification"]["violations"])
    assert client.get(url, headers=zh_tenant.headers).json()["text"].startswith("国家级")

    refused = client.post(f"{url}/approve", headers=zh_tenant.headers)
    assert refused.status_code == 409
    assert "fails verification" in refused.json()["detail"] and "cn_ad_law" in refused.json()["detail"]
    assert client.get(url, headers=zh_tenant.headers).json()["status"] == "blocked"

    fixed = client.post(f"{url}/edit", json={"text": content["text"]}, headers=zh_tenant.headers)
    assert fixed.json()["status"] == "edited" and fixed.json()["verification"]["ok"] is True
    assert client.post(f"{url}/approve", headers=zh_tenant.headers).json()["status"] == "approved"


def test_reject_keeps_the_note_optional(client: TestClient, zh_tenant: Tenant) -> None:
    first, second = generate_titles(client, zh_tenant)
    note = {"note": "off-brand"}
    with_note = client.post(f"/contents/{first['id']}/reject", json=note, headers=zh_tenant.headers)
    without = client.post(f"/contents/{second['id']}/reject", headers=zh_tenant.headers)
    assert with_note.json()["status"] == without.json()["status"] == "rejected"
    assert client.post(f"/contents/{first['id']}/approve", headers=zh_tenant.headers).status_code == 409
    assert client.get("/contents", params={"status": "bogus"}, headers=zh_tenant.headers).status_code == 422


def test_generate_refuses_unknown_kinds_skus_and_backends(client: TestClient, zh_tenant: Tenant) -> None:
    cases = [
        ({"kinds": ["haiku"], "backend": "template"}, "haiku"),
        ({"kinds": ["title"], "backend": "template", "skus": ["NOPE-1"]}, "NOPE-1"),
        ({"kinds": ["title"], "backend": "gpt-99"}, "gpt-99"),
    ]
    for body, named in cases:
        response = client.post("/generate", json=body, headers=zh_tenant.headers)
        assert response.status_code == 422, body
        assert named in response.json()["detail"]
    assert client.post("/generate", json={"kinds": []}, headers=zh_tenant.headers).status_code == 422
    empty = make_account(client, "empty shop", "jd", "zh")
    no_products = client.post("/generate", json={"kinds": ["title"]}, headers=empty.headers)
    assert no_products.status_code == 422 and "no products" in no_products.json()["detail"]
    assert client.get("/jobs", headers=zh_tenant.headers).json() == []


def test_jobs_are_listed_and_retried(client: TestClient, zh_tenant: Tenant) -> None:
    generate_titles(client, zh_tenant)
    jobs = client.get("/jobs", headers=zh_tenant.headers).json()
    assert len(jobs) == 1 and jobs[0]["params"]["kinds"] == ["title"]
    retried = client.post(f"/jobs/{jobs[0]['id']}/retry", headers=zh_tenant.headers)
    assert retried.status_code == 202 and retried.json()["status"] == "pending"
    assert wait_for_job(client, zh_tenant, jobs[0]["id"])["status"] == "done"
    assert client.post("/jobs/987654/retry", headers=zh_tenant.headers).status_code == 404
    assert client.get("/jobs/987654", headers=zh_tenant.headers).status_code == 404


def test_a_started_job_is_not_queued_twice(api_settings: Settings, db: Database) -> None:
    gate = threading.Event()

    def gated_run(database: Database, run_settings: Settings, job_id: int) -> None:
        assert gate.wait(30), "test gate never opened"
        run_job(database, run_settings, job_id)

    app = create_app(api_settings, database=db)
    app.state.runner = JobRunner(db, api_settings, run=gated_run)
    with TestClient(app) as client:
        tenant = make_account(client, "shop", "tmall", "zh")
        import_products(client, tenant, ZH_PRODUCTS)
        body = {"kinds": ["title"], "backend": "template"}
        first = client.post("/generate", json=body, headers=tenant.headers).json()
        again = client.post("/generate", json=body, headers=tenant.headers).json()
        assert again["id"] == first["id"]
        busy = client.post(f"/jobs/{first['id']}/retry", headers=tenant.headers)
        assert busy.status_code == 409 and "running" in busy.json()["detail"]
        gate.set()
        job = wait_for_job(client, tenant, first["id"])
    assert (job["status"], job["done"], job["total"]) == ("done", 2, 2)


def test_a_job_that_crashes_is_reported_failed(api_settings: Settings, db: Database) -> None:
    def broken_run(database: Database, run_settings: Settings, job_id: int) -> None:
        raise RuntimeError("the model server went away")

    app = create_app(api_settings, database=db)
    app.state.runner = JobRunner(db, api_settings, run=broken_run)
    with TestClient(app) as client:
        tenant = make_account(client, "shop", "tmall", "zh")
        import_products(client, tenant, ZH_PRODUCTS)
        started = client.post("/generate", json={"kinds": ["title"]}, headers=tenant.headers).json()
        job = wait_for_job(client, tenant, started["id"])
    assert job["status"] == "failed" and "the model server went away" in job["error"]
