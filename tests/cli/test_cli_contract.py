"""The CLI contract: account create, catalog import, generate, export, check — as a merchant types them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import EN_KETTLE, EN_SHORTS, ZH_BOTTLE, write_jsonl


def test_import_reports_bad_rows_by_line_and_imports_the_rest(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("account", "create", "shop", "--platform", "amazon", "--lang", "en").exit_code == 0
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps(EN_SHORTS)
        + "\n{broken json\n"
        + json.dumps({"title": "no sku"})
        + "\n"
        + json.dumps(EN_KETTLE)
        + "\n",
        encoding="utf-8",
    )
    result = run("catalog", "import", str(path), "--account", "shop")
    assert result.exit_code == 0
    assert "line 2:" in result.stderr and "line 3:" in result.stderr
    assert "imported 2" in result.stdout


def test_import_with_no_good_row_exits_non_zero(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("account", "create", "shop", "--platform", "amazon", "--lang", "en")
    path = tmp_path / "bad.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    result = run("catalog", "import", str(path), "--account", "shop")
    assert result.exit_code != 0 and "line 1:" in result.stderr


def test_unknown_platform_is_a_clear_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("account", "create", "shop", "--platform", "ebay", "--lang", "en")
    assert result.exit_code == 2 and "ebay" in result.stderr and "amazon" in result.stderr


def test_generate_then_export_jsonl(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("account", "create", "zh-shop", "--platform", "tmall", "--lang", "zh")
    run(
        "catalog",
        "import",
        str(write_jsonl(tmp_path / "c.jsonl", [ZH_BOTTLE, EN_KETTLE])),
        "--account",
        "zh-shop",
    )
    result = run("generate", "--account", "zh-shop", "--kind", "bullets", "--backend", "template", "--sku", "ZH-CUP-1")
    assert result.exit_code == 0, result.stdout
    out = tmp_path / "out.jsonl"
    assert run("export", "--account", "zh-shop", "--format", "jsonl", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["sku"], r["kind"], r["platform"], r["lang"]) for r in rows] == [("ZH-CUP-1", "bullets", "tmall", "zh")]
    assert rows[0]["verification"]["ok"] and rows[0]["status"] == "draft"
    assert len(rows[0]["text"].splitlines()) >= 3


def test_check_prints_one_line_per_copy_in_order(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    products = write_jsonl(tmp_path / "p.jsonl", [ZH_BOTTLE])
    copies = write_jsonl(
        tmp_path / "copies.jsonl",
        [
            {"sku": "ZH-CUP-1", "kind": "title", "text": "象山 304不锈钢保温杯 750ml 黑色"},
            {"sku": "ZH-CUP-1", "kind": "title", "text": "象山 全网最好的保温杯 1000ml"},
            {"sku": "MISSING", "kind": "title", "text": "保温杯 316不锈钢 750ml"},  # no record: packs only
            {"sku": "MISSING", "kind": "title", "text": "国家级保温杯"},
        ],
    )
    result = run("check", "--platform", "taobao", "--lang", "zh", "--products", str(products), str(copies))
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["ok"] for line in lines] == [True, False, True, False]
    assert [v["rule"] for v in lines[3]["violations"]] == ["cn_ad_law.absolute_terms"]
    assert all(set(line) == {"sku", "kind", "ok", "violations"} for line in lines)
    spans = " ".join(v["span"] for v in lines[1]["violations"])
    assert "最好" in spans and "1000ml" in spans
    assert all(set(v) == {"rule", "span", "message"} for v in lines[1]["violations"])


def test_check_shows_warnings_without_failing_the_copy(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    products = write_jsonl(tmp_path / "p.jsonl", [EN_KETTLE])
    mat = {"sku": "NONE", "kind": "title", "text": "Eco-Friendly Yoga Mat, 6 mm"}
    copies = write_jsonl(tmp_path / "c.jsonl", [mat])
    result = run("check", "--platform", "amazon", "--lang", "en", "--products", str(products), str(copies))
    line = json.loads(result.stdout.splitlines()[0])
    assert line["ok"] is True  # a Green Guides claim is lawful when substantiated: the reviewer decides
    [violation] = line["violations"]
    assert set(violation) == {"rule", "span", "message"}
    assert (violation["rule"], violation["span"]) == ("en_claims.environment.claims", "Eco-Friendly")
    assert violation["message"].startswith("warning: ")


def test_check_flags_empty_copy(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    products = write_jsonl(tmp_path / "p.jsonl", [EN_KETTLE])
    copies = write_jsonl(tmp_path / "c.jsonl", [{"sku": "EN-KETTLE-1", "kind": "title", "text": "  "}])
    result = run("check", "--platform", "amazon", "--lang", "en", "--products", str(products), str(copies))
    line = json.loads(result.stdout.splitlines()[0])
    assert line["ok"] is False and line["violations"][0]["rule"] == "format.empty"
