"""Every console page renders in both languages, and the dashboard's figures match what happened."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from tests.web.console_helpers import Console

PAGES = ("/console/", "/console/products", "/console/products/ZH-CUP-1", "/console/generate", "/console/jobs",
         "/console/review", "/console/gallery", "/console/optimize", "/console/rules",
         "/console/rules?pack=amazon", "/console/exports")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders(console: Console, lang: str) -> None:
    console.get(f"/console/lang/{lang}")
    job = console.start_generation(["title", "bullets"])
    console.wait_for_job(job)
    content = console.content_ids()[0]
    for url in (*PAGES, f"/console/jobs/{job}", f"/console/review/{content}"):
        page = console.get(url)
        assert page.status_code == 200, url
        assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page.text
        assert 'aria-current="page"' in page.text, url  # the navigation marks where the merchant is


def test_the_dashboard_counts_rates_chart_and_recent_jobs(console: Console) -> None:
    job = console.start_generation(["title", "bullets"])
    console.wait_for_job(job)
    ids = console.content_ids()
    console.post(f"/console/review/{ids[0]}/edit", {"text": "国家级 保温杯", "action": "save"})
    console.post(f"/console/review/{ids[1]}/approve")
    console.post(f"/console/review/{ids[2]}/reject")
    page = console.get("/console/").text
    numbers = dict(
        (label, num) for num, label in re.findall(r'<span class="num">([^<]+)</span><span class="label">([^<]+)<', page)
    )
    assert numbers == {"products": "2", "copies": "4", "awaiting review": "2", "violating a rule": "1",
                       "approval rate": "50.0 %"}
    today = datetime.now(UTC).date().isoformat()
    assert f"<tr><td>{today}</td><td>4</td><td>1</td></tr>" in page  # the chart's data table
    assert f"<title>{today}: 4 copies, 1 violating</title>" in page
    assert "<code>cn_ad_law.absolute_terms</code>" in page
    assert f'href="/console/jobs/{job}"' in page
