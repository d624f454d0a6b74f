"""``shopforge export --format amazon-tsv|shopify-csv|taobao-csv|jd-csv`` as a merchant types it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import EN_KETTLE, write_jsonl


def test_export_amazon_tsv_writes_approved_copy_and_reports_empty_fields(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("account", "create", "shop", "--platform", "amazon", "--lang", "en")
    run("catalog", "import", str(write_jsonl(tmp_path / "c.jsonl", [EN_KETTLE])), "--account", "shop")
    generated = run("generate", "--account", "shop", "--kind", "title", "--kind", "bullets", "--backend", "template")
    assert generated.exit_code == 0, generated.stdout
    listed = run("review", "list", "--account", "shop", "--kind", "title")
    title_id = re.search(r"│\s*(\d+)\s*│", listed.stdout)
    assert title_id, listed.stdout
    assert run("review", "approve", title_id.group(1), "--account", "shop").exit_code == 0

    out = tmp_path / "out" / "shop.tsv"
    result = run("export", "--account", "shop", "--format", "amazon-tsv", str(out))

    assert result.exit_code == 0, result.stderr
    assert "exported 1 row(s)" in result.stdout and "from 1 approved item(s)" in result.stdout
    assert "sku EN-KETTLE-1: no approved bullets (it is draft); bullet_point1…5 left empty" in result.stderr
    assert "sku EN-KETTLE-1: no approved description (none was generated)" in result.stderr
    assert "2 issue(s) reported" in result.stderr
    header, row = (line.split("\t") for line in out.read_text(encoding="utf-8").splitlines())
    cells = dict(zip(header, row, strict=True))
    assert cells["item_sku"] == "EN-KETTLE-1" and cells["item_name"] and cells["bullet_point1"] == ""
    jsonl = tmp_path / "all.jsonl"
    assert run("export", "--account", "shop", "--format", "jsonl", str(jsonl)).exit_code == 0
    statuses = {r["kind"]: r["status"] for r in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())}
    assert statuses == {"title": "exported", "bullets": "draft"}
    assert cells["item_name"] in jsonl.read_text(encoding="utf-8")


def test_export_with_an_unknown_format_lists_the_known_ones(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("account", "create", "shop", "--platform", "amazon", "--lang", "en")
    result = run("export", "--account", "shop", "--format", "ebay", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert "unknown export format 'ebay'" in result.stderr
    for name in ("jsonl", "shopify-csv", "amazon-tsv", "taobao-csv", "jd-csv"):
        assert name in result.stderr
    assert not (tmp_path / "x.csv").exists()
