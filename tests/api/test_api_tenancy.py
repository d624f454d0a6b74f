"""REST API tenant isolation: another account's products, contents and jobs are 404, never 403 or visible."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.api.api_helpers import ZH_PRODUCTS, Tenant, import_products, make_account, wait_for_job


def test_another_account_gets_404_for_products_contents_jobs(client: TestClient, zh_tenant: Tenant) -> None:
    body = {"kinds": ["title"], "backend": "template"}
    started = client.post("/generate", json=body, headers=zh_tenant.headers)
    job_id = started.json()["id"]
    assert wait_for_job(client, zh_tenant, job_id)["status"] == "done"
    content = client.get("/contents", headers=zh_tenant.headers).json()[0]
    cid = content["id"]

    intruder = make_account(client, "intruder", "taobao", "zh")
    h = intruder.headers
    refused = [
        client.get("/products/ZH-MUG-1", headers=h),
        client.get(f"/contents/{cid}", headers=h),
        client.post(f"/contents/{cid}/approve", headers=h),
        client.post(f"/contents/{cid}/reject", json={"note": "mine now"}, headers=h),
        client.post(f"/contents/{cid}/edit", json={"text": "国家级 hijacked"}, headers=h),
        client.get(f"/jobs/{job_id}", headers=h),
        client.post(f"/jobs/{job_id}/retry", headers=h),
    ]
    assert [r.status_code for r in refused] == [404] * len(refused)
    assert all(zh_tenant.name not in r.text for r in refused)
    assert client.get("/products", headers=h).json() == []
    assert client.get("/contents", headers=h).json() == []
    assert client.get("/jobs", headers=h).json() == []
    assert client.get("/contents/export", headers=h).text == ""
    assert client.post("/contents/export", headers=h).text == ""

    unchanged = client.get(f"/contents/{cid}", headers=zh_tenant.headers).json()
    assert (unchanged["status"], unchanged["text"]) == (content["status"], content["text"])


def test_generating_in_one_account_never_touches_the_other(client: TestClient, zh_tenant: Tenant) -> None:
    twin = make_account(client, "twin", "tmall", "zh")
    import_products(client, twin, ZH_PRODUCTS[:1])  # the same SKU as zh_tenant's first product
    started = client.post("/generate", json={"kinds": ["title"], "backend": "template"}, headers=twin.headers)
    assert started.json()["total"] == 1
    assert wait_for_job(client, twin, started.json()["id"])["status"] == "done"
    assert [c["sku"] for c in client.get("/contents", headers=twin.headers).json()] == ["ZH-MUG-1"]
    assert client.get("/contents", headers=zh_tenant.headers).json() == []
    foreign = client.post(
        "/generate", json={"kinds": ["title"], "skus": ["ZH-TOWEL-2"]}, headers=twin.headers
    )  # zh_tenant has this SKU, twin does not
    assert foreign.status_code == 422 and "ZH-TOWEL-2" in foreign.json()["detail"]
