"""The behaviour-log report: per SKU × scenario × variant, smoothed CTR and CVR with 95 % intervals, how likely
each variant is the best, and the Thompson allocation; as data, JSON, or a self-contained HTML page (inline SVG,
no scripts, nothing fetched)."""

from __future__ import annotations

import html
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from shopforge.optimize.stats import (
    Allocation,
    BetaPrior,
    RateEstimate,
    compare_variants,
    fit_prior,
    next_variant,
    posterior,
    prob_best,
)
from shopforge.store.behaviour import ArmTotals, arm_totals
from shopforge.store.models import Account


@dataclass(frozen=True)
class ArmReport:
    variant: str
    content_id: int | None
    days: int
    impressions: int
    clicks: int
    add_to_cart: int
    orders: int
    ctr: RateEstimate  # clicks / impressions, smoothed towards the scenario's pooled CTR
    cvr: RateEstimate  # orders / clicks, smoothed towards the scenario's pooled CVR
    share: float  # Thompson allocation on CTR: P(this variant has the highest CTR)


@dataclass(frozen=True)
class GroupReport:
    sku: str
    scenario: str
    arms: list[ArmReport]
    prob_leader_beats_runner_up: float | None  # None with a single variant

    @property
    def leader(self) -> ArmReport:
        return max(self.arms, key=lambda arm: arm.share)


@dataclass
class LogsReport:
    account: str
    generated_at: str
    groups: list[GroupReport] = field(default_factory=list)
    priors: dict[str, dict[str, float]] = field(default_factory=dict)  # scenario -> ctr/cvr prior mean, strength


def build_report(
    session: Session, account: Account, *, sku: str | None = None, scenario: str | None = None, seed: int = 0
) -> LogsReport:
    """Everything stored for the account (optionally one SKU / scenario), priors fitted per scenario."""
    # Priors come from the whole scenario, so filtering to one SKU does not change its numbers.
    totals = arm_totals(session, account, scenario=scenario)
    report = LogsReport(account=account.name, generated_at=datetime.now(UTC).isoformat(timespec="seconds"))
    by_scenario: dict[str, list[ArmTotals]] = defaultdict(list)
    for arm in totals:
        by_scenario[arm.scenario].append(arm)
    priors = {name: _priors(arms) for name, arms in by_scenario.items()}
    report.priors = {
        name: {"ctr_mean": ctr.mean, "ctr_strength": ctr.strength, "cvr_mean": cvr.mean, "cvr_strength": cvr.strength}
        for name, (ctr, cvr) in priors.items()
    }
    groups: dict[tuple[str, str], list[ArmTotals]] = defaultdict(list)
    for arm in totals:
        if sku is None or arm.sku == sku:
            groups[(arm.sku, arm.scenario)].append(arm)
    for (group_sku, group_scenario), arms in groups.items():
        # one seeded generator per group: a group's Monte Carlo figures do not depend on which others are shown
        rng = np.random.default_rng([seed, zlib.crc32(f"{group_sku}\x1f{group_scenario}".encode())])
        report.groups.append(_group(group_sku, group_scenario, arms, priors[group_scenario], rng))
    return report


def serve_next(
    session: Session, account: Account, sku: str, scenario: str, *, rng: np.random.Generator | None = None
) -> Allocation:
    """Which stored variant of this SKU to serve next in this scenario (Thompson sampling on CTR), with the
    prior fitted on every variant of the scenario in the account. Raises LookupError when nothing is logged."""
    pool = arm_totals(session, account, scenario=scenario)
    arms = {arm.variant: (arm.clicks, arm.impressions) for arm in pool if arm.sku == sku}
    if not arms:
        raise LookupError(f"no behaviour logs for sku {sku!r} in scenario {scenario!r}")
    prior = fit_prior([arm.clicks for arm in pool], [arm.impressions for arm in pool])
    return next_variant(arms, prior=prior, rng=rng)


def _priors(arms: list[ArmTotals]) -> tuple[BetaPrior, BetaPrior]:
    ctr = fit_prior([a.clicks for a in arms], [a.impressions for a in arms])
    cvr = fit_prior([a.orders for a in arms], [a.clicks for a in arms])
    return ctr, cvr


def _group(
    sku: str, scenario: str, arms: list[ArmTotals], priors: tuple[BetaPrior, BetaPrior], rng: np.random.Generator
) -> GroupReport:
    ctr_prior, cvr_prior = priors
    ctrs = {arm.variant: posterior(arm.clicks, arm.impressions, ctr_prior) for arm in arms}
    shares = prob_best(ctrs, rng=rng)
    comparisons = compare_variants(ctrs, rng=rng)
    reports = [
        ArmReport(
            variant=arm.variant,
            content_id=arm.content_id,
            days=arm.days,
            impressions=arm.impressions,
            clicks=arm.clicks,
            add_to_cart=arm.add_to_cart,
            orders=arm.orders,
            ctr=ctrs[arm.variant],
            cvr=posterior(arm.orders, arm.clicks, cvr_prior),
            share=shares[arm.variant],
        )
        for arm in arms
    ]
    top = comparisons[0].prob_a_beats_b if comparisons else None
    return GroupReport(sku=sku, scenario=scenario, arms=reports, prob_leader_beats_runner_up=top)


def report_to_dict(report: LogsReport) -> dict[str, Any]:
    return {
        "account": report.account,
        "generated_at": report.generated_at,
        "priors": report.priors,
        "groups": [
            {
                "sku": group.sku,
                "scenario": group.scenario,
                "leader": group.leader.variant,
                "prob_leader_beats_runner_up": group.prob_leader_beats_runner_up,
                "arms": [_arm_dict(arm) for arm in group.arms],
            }
            for group in report.groups
        ],
    }


def _arm_dict(arm: ArmReport) -> dict[str, Any]:
    data = asdict(arm)
    for name in ("ctr", "cvr"):
        estimate: RateEstimate = getattr(arm, name)
        data[name] = {"raw": estimate.raw, "mean": estimate.mean, "low": estimate.low, "high": estimate.high}
    return data


def render_html(report: LogsReport) -> str:
    sections = "\n".join(_group_html(group) for group in report.groups) or "<p>No behaviour logs stored.</p>"
    title = f"Content performance — {html.escape(report.account)}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; font-size: 14px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
.lead {{ font-weight: 600; }}
</style></head><body>
<h1>{title}</h1>
<p>Generated {html.escape(report.generated_at)}. CTR = clicks / impressions, CVR = orders / clicks; each is a
posterior mean smoothed towards its scenario's pooled rate, with a 95&nbsp;% credible interval. <em>Serve share</em>
is the Thompson-sampling allocation: the probability that the variant has the highest CTR. In the charts, ● is
the smoothed CTR, the bar its 95&nbsp;% interval and <span style="color:#c62828">×</span> the raw CTR.</p>
{sections}
</body></html>
"""


def _group_html(group: GroupReport) -> str:
    rows = "\n".join(
        f'<tr class="{"lead" if arm is group.leader else ""}"><td>{html.escape(arm.variant)}</td>'
        f"<td>{arm.impressions:,}</td><td>{arm.clicks:,}</td>"
        f"<td>{_pct(arm.ctr.mean)} [{_pct(arm.ctr.low)}–{_pct(arm.ctr.high)}]</td>"
        f"<td>{arm.orders:,}</td><td>{_pct(arm.cvr.mean)} [{_pct(arm.cvr.low)}–{_pct(arm.cvr.high)}]</td>"
        f"<td>{arm.share:.0%}</td></tr>"
        for arm in group.arms
    )
    beats = (
        f" P(leader beats runner-up) = {group.prob_leader_beats_runner_up:.0%}."
        if group.prob_leader_beats_runner_up is not None
        else ""
    )
    return f"""<h2>{html.escape(group.sku)} · {html.escape(group.scenario)}</h2>
<p>Leader: <strong>{html.escape(group.leader.variant)}</strong>.{beats}</p>
{ctr_chart_svg(group)}
<table><tr><th>variant</th><th>impressions</th><th>clicks</th><th>CTR [95% CI]</th><th>orders</th>
<th>CVR [95% CI]</th><th>serve share</th></tr>
{rows}
</table>"""


def _pct(value: float) -> str:
    return f"{value * 100:.2f}%"


def ctr_chart_svg(group: GroupReport, width: int = 640) -> str:
    """A forest plot: one row per variant, a line for the 95 % interval, a dot for the smoothed CTR and a small
    cross for the raw CTR, so shrinkage and uncertainty are both visible."""
    label_w, row_h, top = 170, 26, 24
    plot_w = width - label_w - 70
    upper = max(max(arm.ctr.high, arm.ctr.raw or 0.0) for arm in group.arms) * 1.1 or 0.01
    height = top + row_h * len(group.arms) + 10

    def x(value: float) -> float:
        return label_w + plot_w * value / upper

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="CTR by variant for {html.escape(group.sku)}" font-size="12">',
        f'<line x1="{label_w}" y1="{top - 6}" x2="{label_w}" y2="{height - 6}" stroke="#999"/>',
    ]
    for tick in np.linspace(0.0, upper, 5):
        parts.append(
            f'<text x="{x(tick):.1f}" y="{top - 10}" text-anchor="middle" fill="#666">{tick * 100:.1f}%</text>'
        )
    for i, arm in enumerate(group.arms):
        y = top + row_h * i + row_h / 2
        colour = "#1565c0" if arm is group.leader else "#555"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 4:.1f}" text-anchor="end">{html.escape(arm.variant[:28])}</text>'
        )
        parts.append(
            f'<line x1="{x(arm.ctr.low):.1f}" y1="{y:.1f}" x2="{x(arm.ctr.high):.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(f'<circle cx="{x(arm.ctr.mean):.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>')
        if arm.ctr.raw is not None:
            parts.append(f'<text x="{x(arm.ctr.raw):.1f}" y="{y + 4:.1f}" text-anchor="middle" fill="#c62828">×</text>')
        parts.append(f'<text x="{width - 60}" y="{y + 4:.1f}" fill="#333">{arm.share:.0%}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
