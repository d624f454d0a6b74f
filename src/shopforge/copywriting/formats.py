"""The structured draft each kind is written as, its JSON schema, and how it becomes text.

Every writer (the LLM through a grammar, the template realiser directly) produces the same structure, so
assembly, verification and targeted repair are shared. Repair works on elements: a title part, a bullet, a
sentence, a post line, a video shot.
"""

from __future__ import annotations

import json
from typing import Any

from shopforge.copywriting.plan import ContentPlan

Draft = dict[str, Any]

# The list field of each kind's draft that targeted repair may drop elements from, and its minimum length.
ELEMENT_FIELD = {
    "title": "parts",
    "bullets": "bullets",
    "description": "sentences",
    "post": "lines",
    "video_script": "shots",
}
MIN_ELEMENTS = {"title": 2, "bullets": 3, "description": 2, "post": 3, "video_script": 3}


class DraftFormatError(ValueError):
    """A model's output is not a draft of the expected shape."""


def schema_for(plan: ContentPlan) -> dict[str, Any]:
    """A JSON schema that constrains an LLM: titles may only use the plan's phrases, text fields are short."""
    free = {"type": "string", "minLength": 2, "maxLength": 60 if plan.lang == "en" else 30}
    if plan.kind == "title":
        options = [p.text for p in plan.phrases() if p.role != "benefit"]
        item: dict[str, Any] = {"enum": options}
        return _object({"parts": {"type": "array", "items": item, "minItems": 2, "maxItems": 5}})
    if plan.kind == "bullets":
        points = {"enum": [p.text for p in plan.phrases() if p.role != "benefit"]}
        bullet = _object({"point": points, "detail": free})
        return _object({"bullets": {"type": "array", "items": bullet, "minItems": 3, "maxItems": 5}})
    if plan.kind == "description":
        sentence = {"type": "string", "minLength": 8, "maxLength": 110 if plan.lang == "en" else 45}
        return _object({"sentences": {"type": "array", "items": sentence, "minItems": 2, "maxItems": 3}})
    if plan.kind == "post":
        tags = {"enum": [p.text for p in plan.phrases() if p.role != "benefit"]}
        # the first line is the hook
        return _object(
            {
                "lines": {"type": "array", "items": free, "minItems": 3, "maxItems": 5},
                "tags": {"type": "array", "items": tags, "minItems": 1, "maxItems": 3},
            }
        )
    shot = _object({"scene": free, "voiceover": free})
    return _object({"shots": {"type": "array", "items": shot, "minItems": 3, "maxItems": 5}})


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def parse_draft(kind: str, raw: str) -> Draft:
    try:
        draft = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DraftFormatError(f"model output is not JSON: {exc.msg}") from exc
    field = ELEMENT_FIELD[kind]
    if not isinstance(draft, dict) or not isinstance(draft.get(field), list):
        raise DraftFormatError(f"model output has no list field {field!r}")
    draft = _tidy(kind, draft)
    if len(draft[field]) < MIN_ELEMENTS[kind]:
        raise DraftFormatError(
            f"model output has {len(draft[field])} usable {field} (need {MIN_ELEMENTS[kind]}) after removing "
            "repeats and unfinished sentences"
        )
    return draft


_SENTENCE_END = (".", "!", "。", "！", "…")


def _tidy(kind: str, draft: Draft) -> Draft:
    """Drop what a small model typically gets wrong in form: repeated elements and sentences cut off by the
    schema's length limit (a sentence that does not end is not published)."""
    if kind == "title":
        draft["parts"] = dedupe([str(part).strip() for part in draft["parts"] if str(part).strip()])
    elif kind == "bullets":
        seen: set[str] = set()
        bullets = []
        for bullet in draft["bullets"]:
            key = str(bullet.get("point", "")).lower() if isinstance(bullet, dict) else ""
            if key and key not in seen:
                seen.add(key)
                bullets.append(bullet)
        draft["bullets"] = bullets
    elif kind == "description":
        sentences = [str(x).strip() for x in draft["sentences"]]
        draft["sentences"] = dedupe([x for x in sentences if x.endswith(_SENTENCE_END)])
    elif kind == "post":
        draft["lines"] = dedupe([str(x).strip() for x in draft["lines"] if str(x).strip()])
    return draft


def assemble(kind: str, lang: str, draft: Draft) -> str:
    elements = [e for e in element_texts(kind, lang, draft) if e]
    if kind == "title":
        return " ".join(elements)
    if kind == "description":
        return "".join(elements) if lang == "zh" else " ".join(elements)
    if kind == "post" and draft.get("tags"):
        elements.append(" ".join(f"#{tag}" for tag in draft["tags"]))
    return "\n".join(elements)


def element_texts(kind: str, lang: str, draft: Draft) -> list[str]:
    """The text of each repairable element, in order, as it appears in the assembled copy."""
    if kind == "title":
        return [str(part).strip() for part in draft["parts"]]
    if kind == "bullets":
        fmt = "【{point}】{detail}" if lang == "zh" else "{point}: {detail}"
        return [
            fmt.format(point=b.get("point", "").strip(), detail=b.get("detail", "").strip()) for b in draft["bullets"]
        ]
    if kind == "description":
        return [str(sentence).strip() for sentence in draft["sentences"]]
    if kind == "post":
        return [str(line).strip() for line in draft["lines"]]
    fmt = "镜头{n}｜{scene}｜旁白：{vo}" if lang == "zh" else "Shot {n} | {scene} | VO: {vo}"
    return [
        fmt.format(n=i, scene=s.get("scene", "").strip(), vo=s.get("voiceover", "").strip())
        for i, s in enumerate(draft["shots"], 1)
    ]


def dedupe(items: list[str]) -> list[str]:
    """Items in order, without case-insensitive repeats."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            kept.append(item)
    return kept


def drop_elements(kind: str, draft: Draft, indexes: set[int]) -> Draft | None:
    """The draft without the given elements, or None when too little would be left."""
    field = ELEMENT_FIELD[kind]
    kept = [item for i, item in enumerate(draft[field]) if i not in indexes]
    if len(kept) < MIN_ELEMENTS[kind]:
        return None
    return {**draft, field: kept}


def anchor_title(draft: Draft, plan: ContentPlan) -> Draft:
    """Make sure a title names the brand first and the product type (marketplaces require the latter).

    The model chooses and orders the attributes; the plan guarantees the two anchors it tends to forget.
    """
    parts = [p for p in draft["parts"] if p.lower() != plan.category.text.lower()]
    if plan.brand:
        parts = [plan.brand.text] + [p for p in parts if p.lower() != plan.brand.text.lower()]
    anchor = 1 if plan.brand else 0
    # Chinese titles put the product word after the key attributes; English ones end the noun phrase with it.
    position = min(len(parts), anchor + 2) if plan.lang == "zh" else len(parts)
    parts.insert(position, plan.category.text)
    return {**draft, "parts": parts}
