"""Search query logs: JSON Lines rows keyed by SKU, category or nothing; bad lines are named and skipped."""

from __future__ import annotations

from pathlib import Path

from shopforge.optimize.queries import ALL, read_queries


def test_jsonl_query_log_keeps_good_rows_and_names_each_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    lines = [
        '{"query": "保温杯 大容量", "sku": "CUP"}',
        "",
        '{"query": "保温杯", "category": "水具"}',
        "{not json",
        '["a", "list"]',
        '{"sku": "CUP"}',
        '{"query": "kettle"}',
        '{"query": "保温杯 大容量", "sku": "CUP"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = read_queries(path)
    assert log.queries == {"CUP": ["保温杯 大容量"], "水具": ["保温杯"], ALL: ["kettle"]}
    assert [error.split(":")[0] for error in log.errors] == ["line 4", "line 5", "line 6"]
    assert "invalid JSON" in log.errors[0]
    assert log.errors[1] == "line 5: expected a JSON object, got array"
    assert log.errors[2] == "line 6: no query"
