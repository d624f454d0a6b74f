"""The grounded template realiser: a deterministic "model" that turns a plan into a draft.

It is the fallback of the line and a backend of its own (``--backend template``). It says only what the plan
holds, varies its wording by the plan's seed so that shops and products do not read alike, and speaks the same
draft format as the LLM writers.
"""

from __future__ import annotations

import json
import random
import time

from shopforge.copywriting.formats import Draft, dedupe
from shopforge.copywriting.plan import ContentPlan, Phrase
from shopforge.models.base import Completion, CompletionRequest, ModelError
from shopforge.settings import Settings

_ZH_DESC_OPENERS = (
    "{brand}{category}，{attr}。",
    "这款{brand}{category}，{attr}。",
    "{brand}{category}，主打{attr}。",
)
_EN_DESC_OPENERS = (
    "The {brand}{category} comes with {attr}.",
    "Meet the {brand}{category}, with {attr}.",
    "This {brand}{category} features {attr}.",
)


class TemplateModel:
    backend = "template"
    model_id = "shopforge-template-v1"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def complete(self, request: CompletionRequest) -> Completion:
        started = time.perf_counter()
        if not isinstance(request.intent, ContentPlan):
            raise ModelError("the template backend needs a content plan (request.intent)")
        draft = realise(request.intent)
        text = json.dumps(draft, ensure_ascii=False)
        return Completion(text=text, model=self.model_id, seconds=time.perf_counter() - started)


def realise(plan: ContentPlan) -> Draft:
    rng = random.Random(plan.seed)
    builders = {
        "title": _title,
        "bullets": _bullets,
        "description": _description,
        "post": _post,
        "video_script": _video_script,
    }
    return builders[plan.kind](plan, rng)


_TITLE_KINDS = ("material", "quantity", "colour", "count", "size", "feature", "certification")


def _title(plan: ContentPlan, rng: random.Random) -> Draft:
    parts = [p.text for p in ([plan.brand] if plan.brand else [])]
    attributes = [p.text for p in plan.attributes if p.kind in _TITLE_KINDS][:4]
    if plan.lang == "zh":
        parts += [*attributes[:2], plan.category.text, *attributes[2:]]
    else:
        parts += [*attributes, plan.category.text]
    return {"parts": dedupe(parts)}


def _bullets(plan: ContentPlan, rng: random.Random) -> Draft:
    """Spec-style selling points: the attribute's own name and value, with the benefit that fact unlocks."""
    benefit_of = {b.source.rsplit("← ", 1)[-1]: b.text for b in plan.benefits if "← " in b.source}
    bullets = [{"point": plan.category.text, "detail": _brand_line(plan)}]
    for attribute in plan.attributes[:4]:
        label = attribute.label or attribute.text
        benefit = benefit_of.get(attribute.source)
        if plan.lang == "zh":
            detail = attribute.text + (f"，{benefit}" if benefit else "")
        else:
            detail = attribute.text + (f" - {benefit}" if benefit else "")
        bullets.append({"point": label if label != attribute.text else _cap(label), "detail": detail})
    if len(bullets) < 3:
        bullets += [{"point": _cap(plan.category.text), "detail": b.text} for b in plan.benefits[: 3 - len(bullets)]]
    return {"bullets": bullets[:5]}


def _brand_line(plan: ContentPlan) -> str:
    if plan.lang == "zh":
        return f"{plan.brand.text}出品" if plan.brand else "用心之选"
    return f"by {plan.brand.text}" if plan.brand else "a practical everyday pick"


def _description(plan: ContentPlan, rng: random.Random) -> Draft:
    brand = plan.brand.text + (" " if plan.lang == "en" else "") if plan.brand else ""
    attrs = [p.text for p in plan.attributes[:3]] or [plan.category.text]
    benefits = [p.text for p in plan.benefits[:2]]
    if plan.lang == "zh":
        opener = rng.choice(_ZH_DESC_OPENERS).format(brand=brand, category=plan.category.text, attr="、".join(attrs))
        sentences = [opener, "，".join(benefits) + "。" if benefits else "日常使用方便。"]
        if len(plan.attributes) > 3:
            sentences.append("规格：" + "，".join(p.text for p in plan.attributes[3:6]) + "。")
    else:
        opener = rng.choice(_EN_DESC_OPENERS).format(brand=brand, category=plan.category.text, attr=", ".join(attrs))
        sentences = [opener, (_cap(" and ".join(benefits)) + ".") if benefits else "Made for everyday use."]
        if len(plan.attributes) > 3:
            sentences.append("Details: " + ", ".join(p.text for p in plan.attributes[3:6]) + ".")
    return {"sentences": sentences}


def _post(plan: ContentPlan, rng: random.Random) -> Draft:
    benefits = _cycle(plan.benefits, 3)
    attrs = [p.text for p in plan.attributes[:3]] or [plan.category.text]
    if plan.lang == "zh":
        lines = [
            f"近期在用的{plan.category.text}分享给大家",
            f"亮点：{'、'.join(attrs)}",
            f"用下来的感受：{'，'.join(b.text for b in benefits)}",
        ]
    else:
        lines = [
            f"Sharing the {plan.category.text} I have been using",
            f"What it has: {', '.join(attrs)}",
            f"How it feels: {', '.join(b.text for b in benefits)}",
        ]
    tags = dedupe([plan.category.text, *([plan.brand.text] if plan.brand else [])])
    return {"lines": lines, "tags": tags}


def _video_script(plan: ContentPlan, rng: random.Random) -> Draft:
    benefits = _cycle(plan.benefits, 3)
    attrs = [p.text for p in plan.attributes[:3]] or [plan.category.text]
    name = f"{plan.brand.text} {plan.category.text}" if plan.brand else plan.category.text
    if plan.lang == "zh":
        shots = [
            {"scene": f"{plan.category.text}整体展示", "voiceover": f"来看看这款{name}"},
            {"scene": "细节特写", "voiceover": f"{'、'.join(attrs)}"},
            {"scene": "使用场景", "voiceover": f"{'，'.join(b.text for b in benefits)}"},
        ]
    else:
        shots = [
            {"scene": f"Overview of the {plan.category.text}", "voiceover": f"Meet the {name}."},
            {"scene": "Close-up of the details", "voiceover": f"It comes with {', '.join(attrs)}."},
            {"scene": "In everyday use", "voiceover": _cap(", ".join(b.text for b in benefits)) + "."},
        ]
    return {"shots": shots}


def _cycle(phrases: list[Phrase], n: int) -> list[Phrase]:
    """Up to n distinct phrases (never repeated: repetition reads as filler and trips the repetition rule)."""
    return phrases[:n]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
