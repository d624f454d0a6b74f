"""Review and export pages: marked violations with rule and source, claim provenance, live re-verification,
edits that violate a hard rule cannot be approved, bulk approve, reject, exports."""

from __future__ import annotations

import html
import json
import re

import pytest
from tests.web.console_helpers import Console, once_of


@pytest.fixture
def titles(console: Console) -> list[int]:
    job = console.start_generation(["title"])
    assert console.wait_for_job(job) == "done"
    return console.content_ids()


def text_of(page: str) -> str:
    found = re.search(r'<textarea id="editor"[^>]*>(.*?)</textarea>', page, re.S)
    assert found
    return html.unescape(found.group(1))


def test_an_edit_adding_an_absolute_term_is_flagged_blocked_then_fixed_and_approved(
    console: Console, titles: list[int]
) -> None:
    content_id = titles[0]
    original = text_of(console.get(f"/console/review/{content_id}").text)
    bad = "国家级 " + original
    refused = console.post(f"/console/review/{content_id}/edit", {"text": bad, "action": "save_approve"})
    assert refused.status_code == 409 and "Saved, but not approved" in refused.text
    assert '<mark class="violation" tabindex="0" title="cn_ad_law.absolute_terms:' in refused.text
    assert "PRC Advertising Law" in refused.text  # the rule's source is shown
    assert text_of(refused.text) == bad  # the merchant's text is kept
    assert "status-blocked" in refused.text
    assert re.search(r'id="approve-btn"[^>]*disabled', refused.text)
    again = console.post(f"/console/review/{content_id}/approve")
    assert again.status_code == 409 and "fails verification (cn_ad_law.absolute_terms)" in again.text

    approved = console.post(f"/console/review/{content_id}/edit", {"text": original, "action": "save_approve"})
    assert approved.status_code == 200 and "Approved." in approved.text
    page = console.get(f"/console/review/{content_id}").text
    assert "status-approved" in page and text_of(page) == original
    history = page.split("History", 1)[1]
    assert history.count("edited") == 2 and "approved" in history


def test_typing_is_verified_live_and_the_approve_button_follows(console: Console, titles: list[int]) -> None:
    url = f"/console/review/{titles[0]}/check"
    headers = {"HX-Request": "true"}
    bad = console.post(url, {"text": "象山 国家级 保温杯 750ml"}, headers=headers).text
    assert "Hard-rule violations: 1." in bad and '<mark class="violation"' in bad
    assert re.search(r'<button[^>]*id="save-approve"[^>]*hx-swap-oob="true"[^>]*disabled', bad)
    good = console.post(url, {"text": "象山 保温杯 750ml 黑色"}, headers=headers).text
    assert "Passes every hard rule" in good
    button = re.search(r'<button[^>]*id="save-approve"[^>]*>', good)
    assert button and "disabled" not in button.group(0)
    wrong_fact = console.post(url, {"text": "象山 保温杯 500ml 黑色"}, headers=headers).text
    assert "grounding.quantity" in wrong_fact  # a claim the product's facts do not back
    stored = console.get(f"/console/review/{titles[0]}").text
    assert "国家级" not in text_of(stored)  # checking stores nothing


def test_claims_carry_the_fact_and_field_they_come_from(console: Console, titles: list[int]) -> None:
    cup = next(i for i in titles if "ZH-CUP-1" in console.get(f"/console/review/{i}").text)
    live = console.post(
        f"/console/review/{cup}/check", {"text": "象山 保温杯 750ml 黑色"}, headers={"HX-Request": "true"}
    ).text
    notes = dict(re.findall(r'<span class="claim" tabindex="0" title="([^"]*)"[^>]*>([^<]*)</span>', live))
    by_span = {span: html.unescape(note) for note, span in notes.items()}
    assert by_span["750ml"] == "750ml ← attributes.容量"
    assert by_span["黑色"] == "黑色 ← attributes.颜色"
    page = console.get(f"/console/review/{cup}").text
    assert "attributes.容量" in page.split("Product facts", 1)[1]  # the facts beside the copy


def test_bulk_approve_decides_each_item_and_lists_refusals(console: Console, titles: list[int]) -> None:
    blocked = titles[0]
    console.post(f"/console/review/{blocked}/edit", {"text": "最佳 保温杯", "action": "save"})
    result = console.post("/console/review/approve", {"id": [str(i) for i in titles]})
    assert result.status_code == 200
    assert f"{len(titles) - 1} approved, 1 refused" in result.text
    assert f'href="/console/review/{blocked}">#{blocked}</a>: content {blocked} fails verification' in result.text
    statuses = console.get("/console/review?status=approved").text
    assert all(f'/console/review/{i}"' in statuses for i in titles[1:])
    assert "Select the copies to approve first" in console.post("/console/review/approve").text


def test_reject_with_a_note_and_the_queue_filters(console: Console, titles: list[int]) -> None:
    rejected = console.post(f"/console/review/{titles[0]}/reject", {"note": "太普通"})
    assert rejected.status_code == 200 and "Rejected." in rejected.text
    assert f'/console/review/{titles[0]}"' in console.get("/console/review?status=rejected").text
    assert f'/console/review/{titles[0]}"' not in console.get("/console/review").text  # not pending any more
    assert "太普通" in console.get(f"/console/review/{titles[0]}").text
    assert console.get("/console/review?status=all&kind=title&q=cup").text.count("data-row-link") == 1
    assert console.get("/console/review?status=all&kind=bullets").text.count("data-row-link") == 0


def test_review_pages_offer_keyboard_shortcuts(console: Console, titles: list[int]) -> None:
    page = console.get(f"/console/review/{titles[0]}").text
    assert re.search(r'id="approve-btn"[^>]*data-shortcut="a"', page)
    assert 'data-shortcut="r"' in page and 'aria-keyshortcuts="Control+Enter"' in page
    assert 'data-shortcut="A" aria-keyshortcuts="Shift+A"' in console.get("/console/review").text


def test_export_marks_approved_copy_exported_and_a_double_submit_makes_one_file(
    console: Console, titles: list[int]
) -> None:
    console.post(f"/console/review/{titles[0]}/approve")
    token = once_of(console.get("/console/exports").text)
    made = console.post("/console/exports", {"once": token})
    again = console.post("/console/exports", {"once": token})
    assert made.url == again.url and "The export is ready." in made.text
    export_id = made.url.params["made"]
    download = console.get(f"/console/exports/{export_id}")
    assert download.headers["content-type"] == "application/x-ndjson"
    assert f'filename="shopforge-{export_id}.jsonl"' in download.headers["content-disposition"]
    records = [json.loads(line) for line in download.text.splitlines()]
    assert len(records) == len(titles)
    assert {r["status"] for r in records if r["text"]} >= {"exported"}
    assert sum(r["status"] == "exported" for r in records) == 1
    assert made.text.count('href="/console/exports/') == 2  # the new file's link and its row in the list
    assert console.get("/console/exports/../../etc/passwd").status_code == 404
    assert console.get("/console/exports/20240101T000000-deadbeef").status_code == 404
