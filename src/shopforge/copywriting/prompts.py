"""Few-shot prompts for base models: exemplars first (a shared, cacheable prefix), the product last.

Product text enters the prompt only as a list of fact phrases, never as instructions; whatever a model writes
is parsed against a JSON schema and then verified, so a hostile product field cannot reach published copy.
"""

from __future__ import annotations

import json
from typing import Any

from shopforge.copywriting.formats import schema_for
from shopforge.copywriting.plan import ContentPlan
from shopforge.copywriting.verify.report import Violation
from shopforge.knowledge.exemplars import Exemplar
from shopforge.models.base import CompletionRequest

PROMPT_VERSION = "fewshot-v1"

_INSTRUCTIONS = {
    "en": {
        "title": "Marketplace product titles built only from the listed facts.",
        "bullets": "Product selling points. Each point names one listed fact; details say nothing the facts do not.",
        "description": "Short product descriptions that use only the listed facts and benefits.",
        "post": "Social media posts about a product, using only the listed facts and benefits.",
        "video_script": "Short product video scripts: shots with voice-over, using only the listed facts.",
    },
    "zh": {
        "title": "电商商品标题，只使用所列事实。",
        "bullets": "商品卖点，每条对应一个所列事实，不写事实以外的内容。",
        "description": "商品描述，只使用所列事实和卖点。",
        "post": "种草笔记，只使用所列事实和卖点。",
        "video_script": "商品短视频脚本（镜头与旁白），只使用所列事实。",
    },
}
_LABELS = {
    "en": ("Brand", "Product", "Attributes", "Benefits", "Output"),
    "zh": ("品牌", "品类", "属性", "卖点", "输出"),
}


def build_request(
    plan: ContentPlan,
    exemplars: list[Exemplar],
    *,
    temperature: float = 0.7,
    avoid: list[Violation] | None = None,
) -> CompletionRequest:
    lang = plan.lang if plan.lang in _LABELS else "en"
    header = _INSTRUCTIONS[lang][plan.kind]
    # The account's voice and audience head the prompt: it stays one shared prefix within an account's batch.
    if plan.voice:
        header += f" {'语气' if lang == 'zh' else 'Voice'}: {plan.voice}."
    if plan.audience:
        header += f" {'受众' if lang == 'zh' else 'Audience'}: {plan.audience}."
    blocks = [header]
    for exemplar in exemplars:
        blocks.append(
            _facts_block(lang, exemplar.facts) + " " + json.dumps(exemplar.output, ensure_ascii=False)
        )
    facts = {
        "brand": plan.brand.text if plan.brand else None,
        "category": plan.category.text,
        "attributes": [p.text for p in plan.attributes[:8]],
        "benefits": [p.text for p in plan.benefits[:4]],
    }
    last = _facts_block(lang, facts)
    if avoid:
        # The repair round: the failing spans are fed back so the model can steer around them.
        spans = "; ".join(f"{v.span or v.rule} ({v.message[:60]})" for v in avoid[:4])
        last = last.replace("\n" + _LABELS[lang][4], f"\nAvoid: {spans}\n{_LABELS[lang][4]}")
    blocks.append(last)
    return CompletionRequest(
        prompt="\n\n".join(blocks),
        max_tokens=_max_tokens(plan.kind),
        temperature=temperature,
        stop=["\n\n"],
        json_schema=schema_for(plan),
        seed=plan.seed,
        intent=plan,
    )


def _facts_block(lang: str, facts: dict[str, Any]) -> str:
    brand, product, attributes, benefits, output = _LABELS[lang]
    sep = "、" if lang == "zh" else ", "
    lines = [
        f"{brand}: {facts.get('brand') or '-'}",
        f"{product}: {facts.get('category')}",
        f"{attributes}: {sep.join(str(a) for a in facts.get('attributes') or [])}",
        f"{benefits}: {sep.join(str(b) for b in facts.get('benefits') or [])}",
        f"{output}:",
    ]
    return "\n".join(lines)


def _max_tokens(kind: str) -> int:
    return {"title": 64, "bullets": 200, "description": 200, "post": 200, "video_script": 260}[kind]
