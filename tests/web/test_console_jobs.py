"""Generate and jobs pages: starting a job, double submits, live progress, per-item failures, retry."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from tests.web.console_helpers import ZH_ROWS, Console, make_shop, once_of

from shopforge.store.db import Database

EN_ONLY = {"sku": "EN-ONLY-1", "title": "Stainless Steel Bottle 750 ml", "brand": "Hilltop",
           "category": ["Kitchen", "Bottles"], "attributes": {"Capacity": "750 ml", "Colour": "Black"}}
EN_FIXED = {**EN_ONLY, "title": "Hilltop 不锈钢水瓶 750ml 黑色", "category": ["厨房", "水瓶"],
            "attributes": {"容量": "750ml", "颜色": "黑色"}}


def test_a_double_submit_of_generate_returns_the_same_job(console: Console) -> None:
    token = once_of(console.get("/console/generate").text)
    first = console.start_generation(["title"], once=token)
    assert console.wait_for_job(first) == "done"
    second = console.start_generation(["title"], once=token)  # the same form sent again, after the job ended
    assert second == first
    third = console.start_generation(["title"])  # a new form is a new request
    assert third != first
    listing = console.get("/console/jobs").text
    assert sorted(set(re.findall(r'href="/console/jobs/(\d+)"', listing))) == sorted({str(first), str(third)})


def test_generate_form_errors_keep_the_choices_and_say_what_is_wrong(console: Console) -> None:
    token = once_of(console.get("/console/generate?sku=ZH-CUP-1").text)
    no_kind = console.post("/console/generate", {"scope": "selected", "sku": ["ZH-CUP-1"], "once": token})
    assert no_kind.status_code == 422 and "Choose at least one kind of copy" in no_kind.text
    assert 'value="ZH-CUP-1" id="sel-1" checked' in no_kind.text
    unknown = console.post(
        "/console/generate", {"scope": "selected", "more_skus": "NOPE-1, ZH-CUP-1", "kind": ["title"], "once": token}
    )
    assert unknown.status_code == 422 and "unknown sku(s)" in unknown.text and "NOPE-1" in unknown.text
    backend = console.post("/console/generate", {"scope": "all", "kind": ["title"], "backend": "gpt-9", "once": token})
    assert backend.status_code == 422 and "unknown backend" in backend.text
    nothing = console.post("/console/generate", {"scope": "selected", "kind": ["title"], "once": token})
    assert nothing.status_code == 422 and "Choose products" in nothing.text
    assert "No job yet" in console.get("/console/jobs").text


def test_failed_items_show_their_reason_and_can_be_retried(client: TestClient, db: Database) -> None:
    shop = make_shop(db, "Mixed shop", [*ZH_ROWS, EN_ONLY])
    console = Console(client)
    console.sign_in(shop.key)
    job = console.start_generation(["title"])
    assert console.wait_for_job(job) == "done"
    page = console.get(f"/console/jobs/{job}").text
    assert "2 done, 1 failed, of 3" in page
    failures = page.split("Failed items", 1)[1]
    assert "EN-ONLY-1" in failures and "PlanError" in failures and "not in &#39;zh&#39;" in failures
    assert "Retry the failed items" in page

    fixed = console.upload("fix.jsonl", (json.dumps(EN_FIXED, ensure_ascii=False) + "\n").encode())
    assert "0 new, 1 updated" in fixed.text
    retried = console.post(f"/console/jobs/{job}/retry")
    assert retried.url.path == f"/console/jobs/{job}"
    assert console.wait_for_job(job) == "done"
    after = console.get(f"/console/jobs/{job}").text
    assert "3 done, 0 failed, of 3" in after and "Failed items" not in after


def test_the_progress_fragment_polls_only_while_the_job_runs(console: Console) -> None:
    job = console.start_generation(["title", "bullets", "description"])
    page = console.get(f"/console/jobs/{job}").text
    assert 'id="job-progress"' in page and 'role="status"' in page
    assert console.wait_for_job(job) == "done"
    fragment = console.get(f"/console/jobs/{job}/progress").text
    assert "hx-trigger" not in fragment and "6 done, 0 failed, of 6" in fragment
    assert '<progress max="6" value="6"' in fragment
    assert "Review the copies" in fragment
