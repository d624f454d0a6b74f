"""Planning: findings → an ordered list of tool steps.

The tools, their cost, reliability and the findings each answers are data (``knowledge/scenarios/tools.yaml``).
The deterministic planner (the default) groups the findings by the tool that answers them and orders the steps by
expected gain per unit of cost. A step's expected gain is simulated on the scenario score: the criteria whose
findings the step answers are set to full marks (and the blocking cap lifted when no error-level finding would
remain), times the tool's reliability. Error-level findings are always planned, even at no gain in this scenario.

An LLM may propose the order instead (``propose_plan``): it sees finding codes, severities and scores only —
never the listing's text, so hostile content cannot reach it — and answers JSON constrained to the tools that
answer a finding; anything else is rejected and the deterministic plan is used. Steps it leaves out that fix an
error are appended: a model can reorder the work, never drop compliance.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from shopforge.models.base import CompletionRequest, ModelError, TextModel
from shopforge.optimize.criteria import Finding
from shopforge.optimize.scenarios import SCENARIOS_DIR, ScenarioScore, load_scenario, weighted_score
from shopforge.optimize.understand import Understanding

logger = logging.getLogger(__name__)

ASK = "ask_merchant"
PHOTO_TOOLS = frozenset({"enhance_image", "new_main_image", "scene", "poster"})


class ToolSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    service: str
    cost: float = Field(gt=0)
    reliability: float = Field(ge=0, le=1)
    fixes: tuple[str, ...]
    # findings the tool answers better than the others when it can start again from the merchant's original photo
    fixes_from_source: tuple[str, ...] = ()


class ToolBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    tools: dict[str, ToolSpec]

    def tool_for(self, finding: Finding, *, fresh_source: bool = False) -> str | None:
        """The tool answering ``finding``; ``fresh_source``: a photo other than the current main image exists."""
        lists = (["fixes_from_source"] if fresh_source else []) + ["fixes"]
        for attribute in lists:
            for name, spec in self.tools.items():
                answers = getattr(spec, attribute)
                if finding.key in answers or finding.code in answers:
                    return name
        return None


@functools.cache
def load_tools() -> ToolBook:
    return ToolBook.model_validate(yaml.safe_load((SCENARIOS_DIR / "tools.yaml").read_text(encoding="utf-8")))


@dataclass
class PlanStep:
    step: int
    tool: str
    findings: list[str]  # the finding keys the step answers
    expected_gain: float  # score points on this scenario, reliability-weighted
    cost: float
    question: str = ""  # ask_merchant: what to ask
    source: str = "deterministic"

    def to_public(self) -> dict[str, Any]:
        return {"step": self.step, "tool": self.tool, "expected_gain": self.expected_gain}

    def to_dict(self) -> dict[str, Any]:
        data = {**self.to_public(), "findings": self.findings, "cost": self.cost, "source": self.source}
        return data | ({"question": self.question} if self.question else {})


@dataclass
class Plan:
    steps: list[PlanStep] = field(default_factory=list)
    planner: str = "deterministic"
    note: str = ""


def plan_steps(scored: ScenarioScore, understanding: Understanding) -> list[PlanStep]:
    """The deterministic plan: one step per tool, by expected gain per cost; questions to the merchant last."""
    book = load_tools()
    grouped: dict[str, list[Finding]] = {}
    main = understanding.content.main_image
    fresh = understanding.photo is not None and (main is None or understanding.photo != main.path)
    for finding in scored.findings:
        tool = book.tool_for(finding, fresh_source=fresh)
        if tool in PHOTO_TOOLS and understanding.photo is None:
            tool = ASK  # nothing to cut out or enhance: the merchant must supply a photo
        if tool is not None:
            grouped.setdefault(tool, []).append(finding)
    ask = grouped.pop(ASK, [])
    tool_order = list(book.tools)
    # Questions to the merchant are planned as if answered: otherwise an error only the merchant can fix (no
    # photo) would keep the cap on and hide the value of every other step.
    assumed = _keys(ask)
    base = uncapped_score(scored, assumed)

    def alone(tool: str) -> tuple[bool, float, int]:
        findings = grouped[tool]
        gain = (uncapped_score(scored, assumed | _keys(findings)) - base) / book.tools[tool].cost
        return (not any(f.severity == "error" for f in findings), -gain, tool_order.index(tool))

    # Compliance first (errors block publication whatever they are worth), then by gain per unit of cost.
    ordered = sorted(grouped, key=alone)
    fixed, gains = set(assumed), {}
    for tool in ordered:
        before = uncapped_score(scored, fixed)
        fixed |= _keys(grouped[tool])
        gains[tool] = uncapped_score(scored, fixed) - before
    kept = [t for t in ordered if gains[t] > 0 or any(f.severity == "error" for f in grouped[t])]
    _share_cap_lift(scored, fixed, grouped, kept, gains)
    steps = [
        PlanStep(0, t, sorted(_keys(grouped[t])), round(gains[t] * book.tools[t].reliability, 1), book.tools[t].cost)
        for t in kept
    ]
    if ask:
        steps.append(PlanStep(0, ASK, sorted(_keys(ask)), 0.0, book.tools[ASK].cost, _question(ask)))
    return [replace(step, step=index) for index, step in enumerate(steps, start=1)]


def _share_cap_lift(
    scored: ScenarioScore, fixed: set[str], grouped: dict[str, list[Finding]], kept: list[str], gains: dict[str, float]
) -> None:
    """Spread the points the blocking cap hides over the steps that fix errors, so the gains add up to the total."""
    fixers = [t for t in kept if any(f.severity == "error" for f in grouped[t])]
    lift = simulated_score(scored, fixed) - scored.score - sum(gains[t] for t in kept)
    if fixers and lift > 0:
        for tool in fixers:
            gains[tool] += lift / len(fixers)


def _keys(findings: list[Finding]) -> set[str]:
    return {f.key for f in findings}


def uncapped_score(scored: ScenarioScore, fixed: set[str]) -> float:
    """The weighted score before the blocking cap if every finding in ``fixed`` were resolved."""
    simulated = [
        replace(c, score=100.0) if c.findings and all(f.key in fixed for f in c.findings) else c
        for c in scored.criteria
    ]
    return weighted_score(simulated)


def simulated_score(scored: ScenarioScore, fixed: set[str]) -> float:
    """The scenario score if every finding in ``fixed`` were resolved (its criteria at full marks)."""
    after = uncapped_score(scored, fixed)
    if any(f.severity == "error" and f.key not in fixed for f in scored.findings):
        after = min(after, load_scenario(scored.scenario).blocking_cap)
    return after


def expected_gain(scored: ScenarioScore, findings: list[Finding], reliability: float) -> float:
    """Gain of resolving ``findings`` alone, from the current score."""
    return round(max(0.0, simulated_score(scored, _keys(findings)) - scored.score) * reliability, 1)


def _question(findings: list[Finding]) -> str:
    asks = {
        "missing_product_facts": "Please add the product's material, capacity or size, colour or count as attributes.",
        "channel_missing_price": "Please add the product's price (the channel page shows it).",
        "image_unreadable": "The main image cannot be read; please upload the product photo again.",
    }
    lines = [
        asks.get(f.code, "Please upload a product photo (none is on file to build images from).") for f in findings
    ]
    return " ".join(dict.fromkeys(lines))


def propose_plan(model: TextModel, scored: ScenarioScore, understanding: Understanding) -> Plan:
    """The model's ordering of the deterministic plan's steps, validated; the deterministic plan when it fails."""
    fallback = plan_steps(scored, understanding)
    by_tool = {step.tool: step for step in fallback}
    if len(by_tool) < 2:
        return Plan(fallback, "deterministic", "one step or none: nothing to order")
    request = CompletionRequest(
        prompt=_prompt(scored, list(by_tool)),
        max_tokens=160,
        temperature=0.0,
        json_schema=_schema(list(by_tool)),
    )
    try:
        answer = json.loads(model.complete(request).text)
        chosen = _validated(answer, by_tool)
    except (ModelError, ValueError, TypeError, KeyError) as exc:
        logger.info("model plan rejected (%s); using the deterministic plan", exc)
        return Plan(fallback, "deterministic", f"model plan rejected: {exc}")
    missing = [s for s in fallback if s.tool not in chosen and any(k in _error_keys(scored) for k in s.findings)]
    ordered = [by_tool[tool] for tool in chosen] + missing
    steps = [replace(step, step=i, source="llm") for i, step in enumerate(ordered, start=1)]
    return Plan(steps, "llm", f"{len(missing)} compliance step(s) the model left out were appended" if missing else "")


def _error_keys(scored: ScenarioScore) -> set[str]:
    return {f.key for f in scored.findings if f.severity == "error"}


def _prompt(scored: ScenarioScore, tools: list[str]) -> str:
    book = load_tools()
    findings = "\n".join(f"- {f.key} ({f.severity})" for f in scored.findings)
    criteria = "\n".join(f"- {c.id}: {c.score} (weight {c.weight:g})" for c in scored.counted())
    catalogue = "\n".join(f"- {name}: {book.tools[name].service}" for name in tools)
    return (
        f"You order the fixes for a product listing in the {scored.scenario} scenario (score {scored.score}).\n"
        f"Findings:\n{findings}\nCriterion scores:\n{criteria}\nTools:\n{catalogue}\n"
        'Answer JSON {"steps": [{"tool": …}, …]}: the tools in the order to run them, most valuable first.\n'
    )


def _schema(tools: list[str]) -> dict[str, Any]:
    step = {"type": "object", "properties": {"tool": {"enum": tools}}, "required": ["tool"]}
    array = {"type": "array", "items": step, "minItems": 1, "maxItems": len(tools)}
    return {"type": "object", "properties": {"steps": array}, "required": ["steps"]}


def _validated(answer: Any, allowed: dict[str, PlanStep]) -> list[str]:
    if not isinstance(answer, dict) or not isinstance(answer.get("steps"), list):
        raise ValueError('expected {"steps": [...]}')
    chosen: list[str] = []
    for item in answer["steps"]:
        tool = item.get("tool") if isinstance(item, dict) else None
        if tool not in allowed:
            raise ValueError(f"tool {tool!r} is not one of the planned tools {sorted(allowed)}")
        if tool not in chosen:
            chosen.append(tool)
    if not chosen:
        raise ValueError("the model proposed no step")
    return chosen
