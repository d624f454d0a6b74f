"""The console in a real browser (Playwright + Debian's Chromium), end to end.

A merchant signs in, uploads a CSV with one bad row and sees its error, starts generation, watches the job to
the end, edits a copy to add 「国家级」 and sees it flagged and approval blocked, fixes it, approves (with the
keyboard), exports and downloads. Shop B, signed in, then gets 404 on every URL of shop A's data. Each main
page is checked with axe-core (WCAG A/AA, contrast >= 4.5:1) and at a phone width.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.browser_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    accessibility_violations,
    live_server,
    require_chromium,
    screenshot_dir,
)
from tests.web.console_helpers import Shop, make_shop

from shopforge.catalog.importer import import_file
from shopforge.catalog.records import ProductRecord
from shopforge.creative.segment.registry import get_segmenter
from shopforge.creative.showcase import showcase_product
from shopforge.facts.normalize import normalize_product
from shopforge.optimize.logs import import_logs
from shopforge.store.models import Account, Asset
from shopforge.store.products import get_product, upsert_product

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).parents[2] / "samples"
CSV_WITH_A_BAD_ROW = (
    "sku,title,brand,price,currency,材质,容量,颜色\n"
    "QH-MUG-350,青禾 陶瓷马克杯 350ml 白色,青禾,39,CNY,陶瓷,350ml,白色\n"
    "QH-BOWL-2,青禾 陶瓷碗 两只装 蓝色,青禾,not-a-price,CNY,陶瓷,,蓝色\n"
    "QH-PLATE-8,青禾 陶瓷盘 8英寸 白色,青禾,29,CNY,陶瓷,,白色\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    require_chromium()
    with live_server(tmp_path_factory.mktemp("console-home")) as running:
        yield running


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def seed_shop_with_a_photo(server: LiveServer) -> Shop:
    """Shop A starts with the sample thermos (it has a photo) so the gallery has real creative outputs."""
    shop = make_shop(server.db, "禾川旗舰店")
    sample = server.settings.home / "sample.jsonl"
    line = next(row for row in (SAMPLES / "catalog.jsonl").read_text(encoding="utf-8").splitlines()
                if '"DW-ZB750-BK"' in row)
    record = json.loads(line)
    record["images"] = [str(SAMPLES / "images" / "DW-ZB750-BK.jpg")]
    sample.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with server.db.session() as session:
        account = session.get(Account, shop.id)
        assert account is not None
        assert import_file(session, account, sample).imported == 1
        assert import_logs(session, account, SAMPLES / "behaviour_logs.csv").inserted > 0  # other SKUs: row errors
    return shop


def render_creatives(server: LiveServer, shop: Shop) -> None:
    with server.db.session() as session:
        account = session.get(Account, shop.id)
        product = get_product(session, account, "DW-ZB750-BK") if account else None
        assert account is not None and product is not None
        segmenter = get_segmenter("opencv", server.settings)  # fast; the gallery only needs real outputs
        result = showcase_product(session, account, product, segmenter, server.settings.home / "out")
        assert result.error is None, result.error


def sign_in(page: Any, server: LiveServer, key: str) -> None:
    page.goto(f"{server.url}/console/")
    assert "/console/signin" in page.url
    page.get_by_label("Account API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/console/")


def check_page(page: Any, shots: Path, name: str, problems: list[str]) -> None:
    """Screenshot the page and collect its accessibility violations (asserted together at the end)."""
    page.screenshot(path=str(shots / f"{name}.jpg"), type="jpeg", quality=80, full_page=False)
    for violation in accessibility_violations(page):
        problems.append(f"{name}: {violation['id']} ({violation['help']}) at {violation['nodes']}")


def test_merchant_scenario_end_to_end(server: LiveServer, chromium: Any, tmp_path: Path) -> None:
    shots, problems, dialogs = screenshot_dir(tmp_path), [], []
    shop = seed_shop_with_a_photo(server)
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server.url}/console/")
    check_page(page, shots, "signin", problems)
    sign_in(page, server, shop.key)
    upload_a_catalogue_with_a_bad_row(page, tmp_path, shots, problems)
    job_url = generate_and_watch_the_job(page, shots, problems)
    render_creatives(server, shop)
    item_url, original = flag_fix_and_approve(page, shots, problems)
    export_url = export_and_download(page, server, shots, problems, original)
    asset_url = tour_the_other_pages(page, server, shots, problems, item_url)
    context.close()

    assert not dialogs, dialogs
    assert not problems, "\n".join(problems)
    shop_a_urls = [f"{server.url}/console/products/DW-ZB750-BK", item_url, job_url, asset_url,
                   f"{asset_url}/file", f"{asset_url}/source", export_url]
    intruder_gets_404(server, chromium, shop_a_urls)
    phone_pages(server, chromium, shop, shots, item_url)


def upload_a_catalogue_with_a_bad_row(page: Any, tmp_path: Path, shots: Path, problems: list[str]) -> None:
    from playwright.sync_api import expect

    # upload a CSV with one bad row: the good rows are imported, the bad one is shown with its line and reason
    page.get_by_role("link", name="Catalogue").click()
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(CSV_WITH_A_BAD_ROW, encoding="utf-8")
    page.get_by_label("Catalogue file").set_input_files(str(catalogue))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("status")).to_contain_text("2 new, 0 updated, 1 rows with errors.")
    bad_row = page.locator("table.errors tbody tr")
    expect(bad_row).to_have_count(1)
    expect(bad_row).to_contain_text("3")
    expect(bad_row).to_contain_text("QH-BOWL-2")
    check_page(page, shots, "catalogue-upload-errors", problems)
    page.get_by_role("link", name="See the catalogue").click()
    expect(page.locator("table.selectable tbody tr")).to_have_count(3)
    check_page(page, shots, "catalogue", problems)


def generate_and_watch_the_job(page: Any, shots: Path, problems: list[str]) -> str:
    from playwright.sync_api import expect

    # generate titles and selling points for every product, and watch the job to the end
    page.get_by_role("link", name="Generate", exact=True).click()
    page.get_by_label("All 3 products").check()
    page.get_by_label("Title", exact=True).check()
    page.get_by_label("Selling points").check()
    page.get_by_label("Writing backend").select_option("template")
    check_page(page, shots, "generate", problems)
    page.get_by_role("button", name="Start the job").click()
    page.wait_for_url("**/console/jobs/*")
    job_url = page.url
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done", timeout=90_000)
    expect(page.locator("#job-status")).to_contain_text("6 done, 0 failed, of 6")
    expect(page.locator("progress")).to_have_attribute("value", "6")
    check_page(page, shots, "job-progress", problems)
    return job_url


def flag_fix_and_approve(page: Any, shots: Path, problems: list[str]) -> tuple[str, str]:
    from playwright.sync_api import expect

    # the review queue, then the thermos title: add 国家级 → flagged, approval blocked; remove it → approve
    page.get_by_role("link", name="Review the copies").click()
    check_page(page, shots, "review-queue", problems)
    page.locator("tr", has_text="DW-ZB750-BK").filter(has_text="Title").locator("a[data-row-link]").click()
    item_url = page.url
    editor = page.get_by_label("Edit the copy")
    original = editor.input_value()
    editor.press("Control+Home")
    page.keyboard.type("国家级")
    expect(page.locator("#verdict-live")).to_contain_text("Hard-rule violations: 1.", timeout=10_000)
    flagged = page.locator("#live-check mark.violation")
    expect(flagged).to_have_text("国家级")
    expect(flagged).to_have_attribute("title", re.compile(r"^cn_ad_law\.absolute_terms: .*PRC Advertising Law"))
    expect(page.locator("#save-approve")).to_be_disabled()
    claims = page.locator(".copy span.claim")
    assert claims.count() >= 1 and "←" in (claims.first.get_attribute("title") or "")  # claim provenance
    flagged.focus()  # its rule and source show on focus as on hover
    check_page(page, shots, "review-violation", problems)
    editor.press("Control+Enter")  # the shortcut cannot approve while the text violates a rule
    page.wait_for_timeout(300)
    assert page.url == item_url
    editor.press("Control+Home")
    for _ in range(3):
        editor.press("Delete")
    expect(page.locator("#verdict-live")).to_contain_text("Passes every hard rule", timeout=10_000)
    assert editor.input_value() == original
    expect(page.locator("#save-approve")).to_be_enabled()
    editor.press("Control+Enter")  # save and approve
    expect(page.get_by_role("status").first).to_have_text("Approved.")
    assert page.url != item_url
    page.locator("body").press("a")  # the next copy in the queue, approved with the keyboard
    expect(page.get_by_role("status").first).to_have_text("Approved.")
    return item_url, original


def export_and_download(page: Any, server: LiveServer, shots: Path, problems: list[str], original: str) -> str:
    from playwright.sync_api import expect

    # export and download
    page.get_by_role("link", name="Exports").click()
    page.get_by_role("button", name="Export now").click()
    expect(page.get_by_role("status")).to_contain_text("The export is ready.")
    check_page(page, shots, "exports", problems)
    with page.expect_download() as download_info:
        page.locator("#download-new").click()
    records = [json.loads(line) for line in Path(download_info.value.path()).read_text("utf-8").splitlines()]
    exported = [r for r in records if r["status"] == "exported"]
    assert len(records) == 6 and len(exported) == 2
    assert any(r["sku"] == "DW-ZB750-BK" and r["kind"] == "title" and r["text"] == original for r in exported)
    export_url = f"{server.url}/console/exports/{page.url.split('made=')[1]}"
    return export_url


def tour_the_other_pages(page: Any, server: LiveServer, shots: Path, problems: list[str], item_url: str) -> str:
    from playwright.sync_api import expect

    for name, link in (("dashboard", "Dashboard"), ("rules", "Rule packs"), ("gallery", "Gallery")):
        page.get_by_role("link", name=link, exact=True).click()
        check_page(page, shots, name, problems)
    page.locator(".gallery a").first.click()
    check_page(page, shots, "gallery-before-after", problems)
    asset_url = page.url
    page.goto(f"{server.url}/console/optimize?sku=DW-ZB750-BK&scenario=search")
    expect(page.get_by_role("heading", name="DW-ZB750-BK in search")).to_be_visible()
    expect(page.locator("#variants-h + h3 + .table-wrap tbody tr")).to_have_count(2)  # title-a, title-b
    check_page(page, shots, "optimize", problems)
    page.goto(item_url)
    check_page(page, shots, "review-approved", problems)
    page.goto(f"{server.url}/console/lang/zh?next=/console/")
    check_page(page, shots, "dashboard-zh", problems)
    return asset_url


def intruder_gets_404(server: LiveServer, chromium: Any, urls: list[str]) -> None:
    shop_b = make_shop(server.db, "Intruder shop", [{"sku": "B-1", "title": "陶瓷杯 白色", "brand": "乙"}])
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, server, shop_b.key)
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        assert "Not found" in page.content() and "禾川" not in page.content(), url
    context.close()


def phone_pages(server: LiveServer, chromium: Any, shop: Shop, shots: Path, item_url: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, server, shop.key)
    for name, url in (("phone-dashboard", "/console/"), ("phone-review", item_url), ("phone-catalogue",
                                                                                     "/console/products")):
        page.goto(url if url.startswith("http") else f"{server.url}{url}")
        page.screenshot(path=str(shots / f"{name}.jpg"), type="jpeg", quality=80, full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth") - 390
        assert overflow <= 1, f"{name}: the page is {overflow}px wider than the phone"
        assert not accessibility_violations(page), name
    context.close()


def test_script_in_product_data_never_runs(server: LiveServer, chromium: Any) -> None:
    shop = make_shop(server.db, "XSS shop")
    with server.db.session() as session:
        account = session.get(Account, shop.id)
        assert account is not None
        record = ProductRecord(sku="X-1", title="<img src=x onerror=alert(1)>保温杯 750ml", line=1,
                               brand="<script>alert(2)</script>", attributes=[("颜色", "<svg onload=alert(3)>黑色")])
        facts = normalize_product(title=record.title, brand=record.brand, categories=[], price=None,
                                  currency=None, attributes=record.attributes, description=None)
        upsert_product(session, account, record, facts)
        assert session.query(Asset).filter(Asset.account_id == account.id).count() == 0
    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, server, shop.key)
    for path in ("/console/products", "/console/products/X-1", "/console/generate?sku=X-1"):
        page.goto(f"{server.url}{path}")
        assert page.locator("img[src=x], svg[onload]").count() == 0
    page.goto(f"{server.url}/console/products/X-1")
    assert "<script>alert(2)</script>" in page.inner_text("main")  # shown as text
    context.close()
    assert not dialogs, dialogs
