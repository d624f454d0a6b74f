"""Console sign-in: API key → session cookie; CSRF on every form; expiry; sign-out; key rotation."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from tests.web.console_helpers import SECRET, Console, Shop, csrf_of

from shopforge.store.accounts import hash_api_key, issue_api_key
from shopforge.store.db import Database
from shopforge.store.models import Account
from shopforge.web.auth import SESSION_COOKIE, SessionCodec, WebSession


def plant_cookie(client: TestClient, value: str) -> None:
    """Replace the browser's session cookie (as an old or forged one would arrive)."""
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, value)


def test_pages_send_a_signed_out_browser_to_sign_in_and_back(client: TestClient, shop: Shop) -> None:
    response = client.get("/console/review?status=all")
    assert response.url.path == "/console/signin"
    assert 'name="next" value="/console/review?status=all"' in response.text
    signed = client.post(
        "/console/signin",
        data={"api_key": shop.key, "csrf_token": csrf_of(response.text), "next": "/console/review?status=all"},
    )
    assert signed.url.path == "/console/review" and signed.status_code == 200
    assert shop.name in signed.text


def test_a_wrong_key_is_refused_with_a_message(client: TestClient, shop: Shop) -> None:
    page = client.get("/console/signin")
    refused = client.post("/console/signin", data={"api_key": shop.key + "x", "csrf_token": csrf_of(page.text)})
    assert refused.status_code == 401
    assert "That key is not valid" in refused.text and 'aria-invalid="true"' in refused.text
    assert client.get("/console/").url.path == "/console/signin"


def test_sign_in_only_redirects_inside_the_console(client: TestClient, shop: Shop) -> None:
    page = client.get("/console/signin")
    signed = client.post(
        "/console/signin",
        data={"api_key": shop.key, "csrf_token": csrf_of(page.text), "next": "https://evil.example/phish"},
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/console/"


def test_forms_without_the_csrf_token_change_nothing(console: Console, db: Database) -> None:
    job_id = console.start_generation(["title"])
    assert console.wait_for_job(job_id) == "done"
    content_id = console.content_ids()[0]
    before = console.get(f"/console/review/{content_id}").text
    forged = [
        console.client.post(f"/console/review/{content_id}/approve", data={}),
        console.client.post(f"/console/review/{content_id}/edit", data={"text": "国家级", "csrf_token": "guess"}),
        console.client.post("/console/generate", data={"scope": "all", "kind": ["post"], "backend": "template"}),
        console.client.post("/console/exports", data={}),
        console.client.post("/console/products/import", files={"file": ("a.jsonl", b'{"sku":"FORGED-1"}\n')}),
        console.client.post("/console/signout", data={}),
    ]
    assert [r.status_code for r in forged] == [403] * len(forged)
    assert all("This form has expired or did not come from this console" in r.text for r in forged)
    assert console.get(f"/console/review/{content_id}").text == before
    assert len(console.get("/console/jobs").text.split('href="/console/jobs/')) == 2  # still one job
    assert "No product matches" in console.get("/console/products?q=FORGED-1").text
    assert console.get("/console/").url.path == "/console/"  # still signed in


def test_htmx_requests_may_send_the_token_as_a_header(console: Console) -> None:
    job_id = console.start_generation(["title"])
    console.wait_for_job(job_id)
    content_id = console.content_ids()[0]
    url = f"/console/review/{content_id}/check"
    without = console.client.post(url, data={"text": "国家级"}, headers={"HX-Request": "true"})
    with_header = console.client.post(
        url, data={"text": "国家级"}, headers={"HX-Request": "true", "X-CSRF-Token": console.csrf}
    )
    assert without.status_code == 403
    assert with_header.status_code == 200 and "cn_ad_law.absolute_terms" in with_header.text


def test_an_expired_session_asks_to_sign_in_again_and_loses_nothing(
    client: TestClient, shop: Shop, db: Database
) -> None:
    console = Console(client)
    console.sign_in(shop.key)
    job_id = console.start_generation(["title"])
    console.wait_for_job(job_id)
    content_id = console.content_ids()[0]
    stored = console.get(f"/console/review/{content_id}").text
    with db.session() as session:
        account = session.get(Account, shop.id)
        assert account is not None and account.api_key_hash
        tag = account.api_key_hash[:16]
    old = WebSession(csrf=console.csrf, account_id=shop.id, key_tag=tag, signed_in_at=time.time() - 13 * 3600)
    plant_cookie(client, SessionCodec(SECRET, 12 * 3600).dumps(old))

    page = client.get("/console/jobs")
    assert page.url.path == "/console/signin" and "Your session has expired" in page.text
    plant_cookie(client, SessionCodec(SECRET, 12 * 3600).dumps(old))
    edit = client.post(
        f"/console/review/{content_id}/edit", data={"text": "新文案", "csrf_token": console.csrf},
        follow_redirects=False,
    )
    assert edit.status_code == 303 and "expired=1" in edit.headers["location"]
    plant_cookie(client, SessionCodec(SECRET, 12 * 3600).dumps(old))
    live = client.post(
        f"/console/review/{content_id}/check", data={"text": "x"},
        headers={"HX-Request": "true", "X-CSRF-Token": console.csrf},
    )
    assert live.status_code == 204 and "/console/signin?" in live.headers["HX-Redirect"]

    console.sign_in(shop.key)
    assert console.get(f"/console/review/{content_id}").text.replace(console.csrf, "") == stored.replace(
        csrf_of(stored), ""
    )


def test_a_forged_cookie_is_ignored(client: TestClient, shop: Shop) -> None:
    forged = WebSession(csrf="c", account_id=shop.id, key_tag="0" * 16, signed_in_at=time.time())
    plant_cookie(client, SessionCodec("not-the-secret", 3600).dumps(forged))
    assert client.get("/console/").url.path == "/console/signin"


def test_rotating_the_api_key_ends_console_sessions(console: Console, shop: Shop, db: Database) -> None:
    assert console.get("/console/").url.path == "/console/"
    with db.session() as session:
        account = session.get(Account, shop.id)
        assert account is not None
        new_key = issue_api_key(session, account)
        assert account.api_key_hash == hash_api_key(new_key)
    assert console.get("/console/").url.path == "/console/signin"
    console.sign_in(new_key)
    assert console.get("/console/").url.path == "/console/"


def test_sign_out_ends_the_session(console: Console) -> None:
    out = console.post("/console/signout")
    assert out.url.path == "/console/signin" and "You have signed out" in out.text
    assert console.get("/console/products").url.path == "/console/signin"


def test_the_root_and_unknown_console_urls(client: TestClient, console: Console) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/console/"
    missing = console.get("/console/no-such-page")
    assert missing.status_code == 404 and "Not found" in missing.text
    assert console.get("/console/jobs/not-a-number").status_code == 422
    assert client.get("/jobs/not-a-number", headers={"X-API-Key": "k"}).headers["content-type"] == (
        "application/json"
    )  # the REST API keeps its JSON errors


def test_pages_carry_security_headers_and_a_session_cookie_scripts_cannot_read(client: TestClient) -> None:
    page = client.get("/console/signin")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
