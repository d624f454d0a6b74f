"""Catalogue pages: upload with per-row errors, oversized and wrong files, search and filters, stored XSS."""

from __future__ import annotations

import json
import re

from tests.web.conftest import UPLOAD_LIMIT
from tests.web.console_helpers import Console, Shop

from shopforge.catalog.records import ProductRecord
from shopforge.facts.normalize import normalize_product
from shopforge.store.db import Database
from shopforge.store.models import Account
from shopforge.store.products import upsert_product

CSV_WITH_A_BAD_ROW = (
    "sku,title,brand,price,颜色,容量\n"
    "CSV-1,象山 保温杯 750ml 黑色,象山,89,黑色,750ml\n"
    ",没有SKU的商品,象山,10,白色,\n"
    "CSV-3,青禾 马克杯 350ml 白色,青禾,39,白色,350ml\n"
).encode()


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_upload_imports_good_rows_and_shows_each_bad_rows_line_and_reason(console: Console) -> None:
    result = console.upload("catalogue.csv", CSV_WITH_A_BAD_ROW)
    assert result.status_code == 200
    assert "2 new, 0 updated, 1 rows with errors." in result.text
    assert table_rows(result.text) == [["3", "–", "missing sku"]]
    listing = console.get("/console/products?q=CSV-").text
    assert "CSV-1" in listing and "CSV-3" in listing and "没有SKU的商品" not in listing
    again = console.upload("catalogue.csv", CSV_WITH_A_BAD_ROW)
    assert "0 new, 2 updated, 1 rows with errors." in again.text  # re-import updates by SKU


def test_a_shopify_export_is_recognised(console: Console) -> None:
    shopify = (
        b"Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"
        b"linen-shirt,Linen Shirt,<p>Soft linen</p>,Hilltop,Shirts,Color,Blue,SHOP-LS-1,39.00\n"
    )
    result = console.upload("products_export.csv", shopify)
    assert result.status_code == 200 and "1 new" in result.text
    assert "Linen Shirt" in console.get("/console/products/SHOP-LS-1").text


def test_an_oversized_upload_is_refused_and_nothing_is_imported(console: Console) -> None:
    row = json.dumps({"sku": "BIG-1", "title": "x" * 1000}) + "\n"
    big = (row * (3 * UPLOAD_LIMIT // len(row))).encode()
    just_over = (row * (UPLOAD_LIMIT // len(row) + 2)).encode()
    assert console.upload("over.jsonl", just_over).status_code == 413  # the file alone is over the limit
    refused = console.upload("big.jsonl", big)
    assert refused.status_code == 413
    assert "larger than the 0.1 MB limit" in refused.text and "Nothing was imported" in refused.text
    assert "No product matches" in console.get("/console/products?q=BIG-1").text
    streamed = console.client.post(  # no Content-Length: the body is counted as it arrives
        "/console/products/import",
        content=iter([b"--b\r\n", b'Content-Disposition: form-data; name="file"; filename="x.jsonl"\r\n\r\n', big]),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert streamed.status_code == 413


def test_wrong_file_types_and_missing_files_get_clear_messages(console: Console) -> None:
    wrong = console.upload("catalogue.xlsx", b"PK\x03\x04 not a catalogue")
    assert wrong.status_code == 422
    assert "This file cannot be imported" in wrong.text and "unsupported catalogue file" in wrong.text
    binary = console.upload("catalogue.csv", bytes(range(256)) * 10)
    assert binary.status_code == 422 and "Nothing was imported" in binary.text
    empty = console.post("/console/products/import", files={"file": ("", b"", "application/octet-stream")})
    assert empty.status_code == 422 and "Choose a file to upload" in empty.text


def test_search_and_filters(console: Console) -> None:
    assert table_rows(console.get("/console/products?q=cup").text)[0][1] == "ZH-CUP-1"
    by_brand = table_rows(console.get("/console/products?brand=青禾").text)
    assert [row[1] for row in by_brand] == ["ZH-MUG-2"]
    assert len(table_rows(console.get("/console/products?state=no_copy").text)) == 2
    job = console.start_generation(["title"], skus=["ZH-MUG-2"])
    assert console.wait_for_job(job) == "done"
    assert [row[1] for row in table_rows(console.get("/console/products?state=no_copy").text)] == ["ZH-CUP-1"]
    assert "No product matches" in console.get("/console/products?q=%25_").text  # LIKE wildcards are literal
    assert console.get("/console/products?state=bogus&page=x").status_code == 200


XSS = ('<script>alert("sf-xss")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(2)>")


def test_html_and_script_in_product_fields_are_escaped_on_every_page(
    console: Console, shop: Shop, db: Database
) -> None:
    script, img, svg = XSS
    with db.session() as session:  # stored as is, whatever path it came by (the importer would strip tags)
        account = session.get(Account, shop.id)
        assert account is not None
        record = ProductRecord(
            sku='XSS-1"><b>', title=f"{script} 保温杯 750ml", line=1, brand=img,
            categories=[svg], attributes=[("颜色", f"{svg}黑色")], description=f"{img} 好杯子",
        )
        facts = normalize_product(title=record.title, brand=record.brand, categories=record.categories,
                                  price=None, currency=None, attributes=record.attributes,
                                  description=record.description)
        upsert_product(session, account, record, facts)
    job = console.start_generation(["title", "bullets"])
    console.wait_for_job(job)
    ids = console.content_ids()
    edited = console.post(f"/console/review/{ids[0]}/edit", {"text": f"{script}{img}"})
    assert edited.status_code == 200
    pages = [
        "/console/", "/console/products", f"/console/products?q={script}", "/console/products/XSS-1%22%3E%3Cb%3E",
        "/console/generate?sku=XSS-1%22%3E%3Cb%3E", f"/console/jobs/{job}", "/console/review?status=all",
        *(f"/console/review/{i}" for i in ids), "/console/exports",
    ]
    for url in pages:
        html = console.get(url).text
        for payload in (*XSS, "<b>"):
            assert payload not in html, f"{payload!r} unescaped on {url}"
    product_page = console.get("/console/products/XSS-1%22%3E%3Cb%3E").text
    assert "&lt;script&gt;alert(&#34;sf-xss&#34;)&lt;/script&gt;" in product_page
    assert "&lt;svg onload=alert(2)&gt;" in product_page
    live = console.post(f"/console/review/{ids[0]}/check", {"text": img}, headers={"HX-Request": "true"})
    assert img not in live.text and "&lt;img" in live.text
    upload = console.upload("x.jsonl", (json.dumps({"sku": img, "title": script, "price": "abc"}) + "\n").encode())
    assert all(payload not in upload.text for payload in XSS)
