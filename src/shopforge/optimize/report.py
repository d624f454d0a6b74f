"""Optimisation reports: scores before and after, what the agent kept or reverted, the most frequent findings.

``build_report`` summarises the account's runs (the latest per product and scenario) as a JSON-ready dict;
``render_html`` turns it into one self-contained page with inline SVG charts (score distribution before/after, top
findings before/after), so it opens offline with nothing to fetch.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from shopforge.optimize.traces import Trace, list_traces
from shopforge.store.models import Account

BINS = 10  # score histogram: 0–10, 10–20, …, 90–100
TOP_FINDINGS = 12
BEFORE, AFTER = "#c8553d", "#2d7dd2"


def build_report(session: Session, account: Account, *, scenario: str | None = None) -> dict[str, Any]:
    traces = list_traces(session, account, scenario=scenario)
    latest: dict[tuple[str, str], Trace] = {}
    for trace in traces:  # oldest first: a later run of the same product and scenario replaces an earlier one
        if trace.score_after is not None:
            latest[(trace.sku, trace.scenario)] = trace
    runs = list(latest.values())
    return {
        "account": account.name,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": len(traces),
        "products": len({t.sku for t in runs}),
        "scenarios": {name: _scenario_summary([t for t in runs if t.scenario == name]) for name in _names(runs)},
        "score_distribution": {
            "before": _histogram([t.score_before for t in runs]),
            "after": _histogram([t.score_after or 0.0 for t in runs]),
        },
        "top_findings": _top_findings(runs),
        "tools": _tools(runs),
        "items": [_item(t) for t in sorted(runs, key=lambda t: (t.scenario, t.sku))],
    }


def _names(runs: list[Trace]) -> list[str]:
    return sorted({t.scenario for t in runs})


def _scenario_summary(runs: list[Trace]) -> dict[str, Any]:
    gains = [t.gain or 0.0 for t in runs]
    steps = [s for t in runs for s in t.steps]
    return {
        "products": len(runs),
        "mean_before": round(statistics.fmean(t.score_before for t in runs), 1),
        "mean_after": round(statistics.fmean(t.score_after or 0.0 for t in runs), 1),
        "median_gain": round(statistics.median(gains), 1),
        "steps": dict(Counter(s.status for s in steps)),
    }


def _histogram(scores: list[float]) -> list[int]:
    counts = [0] * BINS
    for score in scores:
        counts[min(BINS - 1, int(score // (100 / BINS)))] += 1
    return counts


def _top_findings(runs: list[Trace]) -> list[dict[str, Any]]:
    before = Counter(f["code"] for t in runs for f in t.findings_before)
    after = Counter(f["code"] for t in runs for f in t.findings_after)
    return [{"code": code, "before": n, "after": after.get(code, 0)} for code, n in before.most_common(TOP_FINDINGS)]


def _tools(runs: list[Trace]) -> dict[str, dict[str, int]]:
    tools: dict[str, Counter[str]] = {}
    for step in (s for t in runs for s in t.steps):
        tools.setdefault(step.tool, Counter())[step.status] += 1
    return {tool: dict(counts) for tool, counts in sorted(tools.items())}


def _item(trace: Trace) -> dict[str, Any]:
    return {
        "sku": trace.sku,
        "scenario": trace.scenario,
        "run_id": trace.run_id,
        "before": trace.score_before,
        "after": trace.score_after,
        "gain": trace.gain,
        "kept": [s.tool for s in trace.steps if s.status == "kept"],
        "reverted": [s.tool for s in trace.steps if s.status in ("reverted", "failed")],
        "asked": [s.reason for s in trace.steps if s.status == "asked"],
        "findings_after": sorted({f["code"] for f in trace.findings_after}),
    }


def render_html(report: dict[str, Any]) -> str:
    title = f"Content optimisation — {html.escape(report['account'])}"
    rows = (
        "\n".join(_row(item) for item in report["items"]) or '<tr><td colspan="6">No optimisation runs yet.</td></tr>'
    )
    summary = "".join(
        f"<li><strong>{html.escape(name)}</strong>: {s['products']} product(s), mean score {s['mean_before']} → "
        f"{s['mean_after']}, median gain {s['median_gain']}; steps {html.escape(str(s['steps']))}</li>"
        for name, s in report["scenarios"].items()
    )
    distribution = report["score_distribution"]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1000px; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; font-size: 14px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }}
.num {{ text-align: right; }} .legend span {{ display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; }}
</style></head><body>
<h1>{title}</h1>
<p>Generated {html.escape(report["generated_at"])} from {report["runs"]} run(s) over {report["products"]} product(s)
(the latest run per product and scenario). Scores are 0–100 per scenario standard
(<code>knowledge/scenarios/</code>); a change was kept only when it passed verification and raised the score.</p>
<ul>{summary}</ul>
<p class="legend"><span style="background:{BEFORE}"></span>before<span style="background:{AFTER}"></span>after</p>
<h2>Score distribution</h2>
{histogram_svg(distribution["before"], distribution["after"])}
<h2>Top findings</h2>
{findings_svg(report["top_findings"])}
<h2>Products</h2>
<table><tr><th>SKU</th><th>scenario</th><th class="num">before</th><th class="num">after</th><th>kept</th>
<th>left (reverted, failed, questions, findings after)</th></tr>
{rows}
</table>
</body></html>
"""


def _row(item: dict[str, Any]) -> str:
    left = [*item["reverted"], *item["asked"], *item["findings_after"]]
    after = "" if item["after"] is None else f"{item['after']:.1f}"
    return (
        f"<tr><td>{html.escape(item['sku'])}</td><td>{html.escape(item['scenario'])}</td>"
        f'<td class="num">{item["before"]:.1f}</td><td class="num">{after}</td>'
        f"<td>{html.escape(', '.join(item['kept']))}</td><td>{html.escape('; '.join(left))}</td></tr>"
    )


def histogram_svg(before: list[int], after: list[int], width: int = 640, height: int = 220) -> str:
    """Grouped bars per 10-point score bin: how many products scored there before (red) and after (blue)."""
    left, bottom, top = 40, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max([*before, *after, 1])
    slot = plot_w / len(before)
    bar = slot * 0.38
    parts = [_svg_open(width, height, "score distribution before and after optimisation")]
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#999"/>')
    for index, (b, a) in enumerate(zip(before, after, strict=True)):
        x = left + index * slot + slot * 0.1
        for offset, count, colour in ((0.0, b, BEFORE), (bar, a, AFTER)):
            h = plot_h * count / peak
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{count} product(s)</title></rect>'
            )
        label = f"{index * 10}–{index * 10 + 10}"
        parts.append(f'<text x="{x + bar:.1f}" y="{height - 10}" text-anchor="middle">{label}</text>')
    parts.append(f'<text x="4" y="{top + 10}">{peak}</text></svg>')
    return "".join(parts)


def findings_svg(findings: list[dict[str, Any]], width: int = 640) -> str:
    """Horizontal bars per finding code: products with it before (red) and after (blue)."""
    if not findings:
        return "<p>No findings.</p>"
    label_w, row_h, top = 230, 24, 6
    plot_w = width - label_w - 40
    peak = max(max(f["before"], f["after"]) for f in findings) or 1
    height = top + row_h * len(findings) + 6
    parts = [_svg_open(width, height, "top findings before and after optimisation")]
    for index, finding in enumerate(findings):
        y = top + index * row_h
        parts.append(f'<text x="0" y="{y + 15}">{html.escape(finding["code"])}</text>')
        for offset, key, colour in ((0, "before", BEFORE), (10, "after", AFTER)):
            w = plot_w * finding[key] / peak
            parts.append(
                f'<rect x="{label_w}" y="{y + offset + 2}" width="{w:.1f}" height="9" fill="{colour}">'
                f"<title>{finding[key]} {key}</title></rect>"
            )
        parts.append(f'<text x="{label_w + plot_w + 6}" y="{y + 15}">{finding["before"]}→{finding["after"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(label)}" font-size="12">'
    )
