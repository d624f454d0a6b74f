"""The check types scenario criteria name (``check: {type: …}``): each scores one aspect 0..1 and reports findings.

A check reads only the ``Understanding`` (measurements) and its own parameters from the YAML; image thresholds
the criterion does not set come from the platform's image spec. ``score`` None means "not applicable to this
product" (no query log, no competitors, no trained CTR model): the criterion then leaves the weighted mean.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from shopforge.knowledge.image_specs import ImageSpec, image_spec_for
from shopforge.optimize.understand import Understanding, contains, keywords

EVIDENCE_ITEMS = 5


@dataclass
class Finding:
    code: str
    severity: str  # error (blocks publication or breaks a platform rule) | warning | info
    message: str
    evidence: dict[str, Any]
    part: str = ""  # title | bullets | description | image | "" (the listing as a whole)
    criterion: str = ""

    @property
    def key(self) -> str:
        """What the planner maps to a tool: the code, qualified by the part when the part decides the tool."""
        return f"{self.code}@{self.part}" if self.part in ("title", "bullets", "description") else self.code

    def to_public(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "evidence": self.evidence}

    def to_dict(self) -> dict[str, Any]:
        return {**self.to_public(), "part": self.part, "criterion": self.criterion}


@dataclass
class Outcome:
    score: float | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class CheckContext:
    understanding: Understanding
    theme: Any = None  # scenarios.Theme for channel pages

    @cached_property
    def spec(self) -> ImageSpec:
        return image_spec_for(self.understanding.platform)


Check = Callable[[CheckContext, dict[str, Any]], Outcome]


def _ramp(value: float, good: float) -> float:
    return 1.0 if good <= 0 else max(0.0, min(1.0, value / good))


def text_compliance(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    codes = {"term": "forbidden_term", "grounding": "ungrounded_claim", "other": "text_rule_violation"}
    groups: dict[tuple[str, str], list[Any]] = {}
    for issue in ctx.understanding.text.issues:
        if issue.category == "length" and issue.part == "title":
            continue  # the title_length criterion reports it
        code = codes.get(issue.category, "text_rule_violation")
        groups.setdefault((code, issue.part), []).append(issue)
    findings = []
    for (code, part), issues in groups.items():
        spans = [i.span for i in issues if i.span]
        what = {
            "forbidden_term": "uses terms the rules forbid",
            "ungrounded_claim": "claims what the facts do not support",
        }
        message = f"the {part} {what.get(code, 'breaks a publication rule')}: " + "; ".join(
            i.message for i in issues[:3]
        )
        evidence = {"part": part, "spans": spans[:EVIDENCE_ITEMS], "rules": sorted({i.rule for i in issues})}
        findings.append(Finding(code, "error", message, evidence, part))
    return Outcome(0.0 if findings else 1.0, findings)


def originality(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    findings = [
        Finding(
            "duplicate_content",
            "warning",
            f"the {d['part']} repeats product {d['sku']}'s ({d['similarity']:.0%} similar)",
            d,
            d["part"],
        )
        for d in ctx.understanding.duplicates
    ]
    return Outcome(0.0 if findings else 1.0, findings)


def title_length(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    text = ctx.understanding.text
    if not text.title:
        return Outcome(0.0, [Finding("missing_title", "error", "the listing has no title", {}, "title")])
    length, unit, hard, soft = text.title_length, text.title_unit, text.title_hard_limit, text.title_soft_limit
    evidence = {"length": length, "unit": unit, "limit": hard, "recommended": soft}
    if hard is not None and length > hard:
        message = f"the title is {length} {unit}, over the platform's limit of {hard}"
        return Outcome(0.0, [Finding("title_too_long", "error", message, evidence, "title")])
    if soft is not None and length > soft:
        message = f"the title is {length} {unit}, over the recommended {soft}"
        return Outcome(0.5, [Finding("title_too_long", "warning", message, evidence, "title")])
    limit = soft or hard
    if limit is None:
        return Outcome(1.0)
    score = _ramp(length, float(params.get("target_share", 0.6)) * limit)
    minimum = float(params.get("min_share", 0.35)) * limit
    if length < minimum:
        message = f"the title is only {length} {unit}: under {minimum:.0f} it leaves out searchable attributes"
        return Outcome(
            score, [Finding("title_too_short", "warning", message, {**evidence, "minimum": round(minimum)}, "title")]
        )
    return Outcome(score)


def title_category(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    text = ctx.understanding.text
    if text.category is None or not text.title:
        return Outcome(None)
    if text.category_in_title:
        return Outcome(1.0)
    message = f"the title does not say what the product is ({text.category!r})"
    return Outcome(0.0, [Finding("title_missing_category", "warning", message, {"category": text.category}, "title")])


def title_key_attributes(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    text = ctx.understanding.text
    if text.category is None or not text.title:
        return Outcome(None)
    attributes = text.key_attributes
    if not attributes:
        message = "the product has no material, capacity, colour or count facts to put in a title"
        return Outcome(None, [Finding("missing_product_facts", "info", message, {"missing": "key attributes"})])
    present = [a for a in attributes if a.in_title]
    required = attributes[: int(params.get("required", 2))]
    missing = [a for a in required if not a.in_title]
    findings = []
    if missing:
        message = "the title leaves out " + ", ".join(f"{a.text!r} ({a.source})" for a in missing)
        evidence = {"missing": [a.text for a in missing], "sources": [a.source for a in missing]}
        findings.append(Finding("title_missing_key_attribute", "warning", message, evidence, "title"))
    return Outcome(len(present) / len(attributes), findings)


def selling_points(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    points = [b for b in ctx.understanding.text.bullets if len(b.strip()) >= 4]
    minimum = int(params.get("min_points", 3))
    if len(points) >= minimum:
        return Outcome(1.0)
    message = f"{len(points)} selling point(s); at least {minimum} expected" if points else "no selling points"
    return Outcome(
        len(points) / minimum,
        [Finding("missing_selling_points", "warning", message, {"count": len(points)}, "bullets")],
    )


def description(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    text = ctx.understanding.text.description
    minimum = int(params.get(f"min_chars_{ctx.understanding.lang}", params.get("min_chars_en", 80)))
    if len(text) >= minimum:
        return Outcome(1.0)
    message = f"the description is {len(text)} characters; at least {minimum} expected" if text else "no description"
    return Outcome(
        len(text) / minimum, [Finding("missing_description", "warning", message, {"chars": len(text)}, "description")]
    )


def benefit_first_line(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    text = ctx.understanding.text
    line = text.first_line
    if not line:
        return Outcome(0.0)
    cues = params.get(f"cues_{ctx.understanding.lang}", [])
    if any(contains(line, phrase) for phrase in [*text.benefits, *cues]):
        return Outcome(1.0)
    evidence = {"first_line": line[:120], "benefits_available": text.available_benefits[:EVIDENCE_ITEMS]}
    message = "the first selling line states a spec or a name, not a benefit for the buyer"
    return Outcome(0.0, [Finding("first_line_not_benefit_led", "info", message, evidence, "bullets")])


def main_image_present(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = ctx.understanding.image
    if image is None:
        return Outcome(0.0, [Finding("missing_main_image", "error", "the listing has no main image", {}, "image")])
    if image.error:
        return Outcome(0.0, [Finding("image_unreadable", "error", image.error, {"path": image.path}, "image")])
    return Outcome(1.0)


def _image(ctx: CheckContext) -> Any:
    image = ctx.understanding.image
    return None if image is None or image.error else image


def image_resolution(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    if image is None:
        return Outcome(0.0)
    rule = ctx.spec.size
    minimum = int(params.get("min_long_side", rule.min_long_side))
    violation = image.violation("size.min")
    score = min(_ramp(image.long_side, minimum), _ramp(min(image.width, image.height), rule.min_short_side))
    if violation is None and image.long_side >= minimum:
        return Outcome(score)
    message = violation["message"] if violation else f"{image.width}×{image.height} px; at least {minimum} px expected"
    evidence = {"size": [image.width, image.height], "min_long_side": minimum, "path": image.path}
    return Outcome(score, [Finding("image_low_resolution", rule.severity, message, evidence, "image")])


def image_sharpness(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    if image is None:
        return Outcome(0.0)
    minimum = float(params.get("min_sharpness", ctx.spec.quality.min_sharpness))
    if image.sharpness >= minimum:
        return Outcome(1.0)
    message = f"the product looks blurred (sharpness {image.sharpness:.0f} < {minimum:.0f})"
    evidence = {"sharpness": image.sharpness, "minimum": minimum, "path": image.path}
    return Outcome(
        _ramp(image.sharpness, minimum),
        [Finding("image_blurry", ctx.spec.quality.severity, message, evidence, "image")],
    )


def image_background(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    if image is None:
        return Outcome(0.0)
    rule = ctx.spec.background
    minimum, floor = float(params.get("min_share", rule.min_share)), float(params.get("floor", 0.5))
    share = image.background_white_share
    score = max(0.0, min(1.0, (share - floor) / max(1e-6, minimum - floor)))
    if share >= minimum:
        return Outcome(1.0)
    severity = rule.severity if rule.required else "warning"
    message = f"{share:.0%} of the border is white (mean RGB {list(image.background_rgb)}); {rule.message}"
    evidence = {"white_share": share, "minimum": minimum, "mean_rgb": list(image.background_rgb), "path": image.path}
    return Outcome(score, [Finding("image_background_not_white", severity, message, evidence, "image")])


def image_product_size(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    if image is None:
        return Outcome(0.0)
    rule = ctx.spec.fill
    minimum = float(params.get("min_fill", rule.min))
    score = _ramp(image.fill, float(params.get("target", rule.target)))
    if image.fill >= minimum:
        return Outcome(score)
    message = f"the product fills {image.fill:.0%} of the frame; {rule.message}"
    evidence = {"fill": image.fill, "minimum": minimum, "path": image.path, "mask": image.mask_source}
    return Outcome(score, [Finding("image_product_too_small", rule.severity, message, evidence, "image")])


def image_clean(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    if image is None:
        return Outcome(0.0)
    findings = []
    if image.texts and not ctx.spec.text.allowed:  # overlays only: print on the product itself is allowed
        message = f"text or a watermark on the main image: {', '.join(map(repr, image.texts[:EVIDENCE_ITEMS]))}"
        evidence = {"texts": image.texts[:EVIDENCE_ITEMS], "path": image.path}
        findings.append(Finding("image_has_text_overlay", ctx.spec.text.severity, message, evidence, "image"))
    terms = [v for v in image.spec_violations if v["rule"].startswith("text.forbidden_terms")]
    if terms:
        evidence = {"hits": [v["value"] for v in terms[:EVIDENCE_ITEMS]], "path": image.path}
        findings.append(Finding("image_text_forbidden_term", "error", terms[0]["message"], evidence, "image"))
    return Outcome(0.0 if findings else 1.0, findings)


def image_exposure(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    if image is None:
        return Outcome(0.0)
    bad = [v for v in image.spec_violations if v["rule"].startswith("quality.") and v["rule"].endswith("exposed")]
    if not bad:
        return Outcome(1.0)
    evidence = {"value": bad[0]["value"], "path": image.path}
    return Outcome(0.0, [Finding("image_badly_exposed", "warning", bad[0]["message"], evidence, "image")])


def image_colourfulness(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    image = _image(ctx)
    return Outcome(0.0 if image is None else _ramp(image.colourfulness, float(params.get("target", 25))))


def query_coverage(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    u = ctx.understanding
    terms = list(dict.fromkeys(term for query in u.queries for term in keywords(query, u.lang)))
    if not terms:
        return Outcome(None)
    text = "\n".join([u.text.title, *u.text.bullets])
    missing = [term for term in terms if not contains(text, term)]
    coverage = 1 - len(missing) / len(terms)
    if coverage >= float(params.get("min_coverage", 0.6)):
        return Outcome(coverage)
    message = (
        f"the title and bullets cover {coverage:.0%} of the search terms; missing {', '.join(missing[:EVIDENCE_ITEMS])}"
    )
    evidence = {"coverage": round(coverage, 3), "missing": missing[:10], "queries": u.queries[:EVIDENCE_ITEMS]}
    return Outcome(coverage, [Finding("missing_query_keywords", "warning", message, evidence, "title")])


def competitor_keywords(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    bench = ctx.understanding.competitors
    if bench is None or not bench.count:
        return Outcome(None)
    return bench.keyword_outcome(float(params.get("min_share", 0.5)))


def competitor_benefits(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    bench = ctx.understanding.competitors
    if bench is None or not bench.count:
        return Outcome(None)
    return bench.benefit_outcome()


def competitor_image_style(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    bench = ctx.understanding.competitors
    if bench is None or not bench.images_measured or _image(ctx) is None:
        return Outcome(None)
    return bench.image_outcome(_image(ctx), float(params.get("min_share", 0.6)), ctx.spec)


def ctr_prediction(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    try:
        from shopforge.optimize.ctr_model import default_model, predicted_ctr_score
    except ImportError:  # the behaviour-log package is optional to scoring
        return Outcome(None)
    title = ctx.understanding.text.title
    if default_model() is None or not title:
        return Outcome(None)
    return Outcome(predicted_ctr_score(title) / 100)


def channel_elements(ctx: CheckContext, params: dict[str, Any]) -> Outcome:
    theme = ctx.theme
    if theme is None:
        return Outcome(None)
    u = ctx.understanding
    present = {
        "price": u.has_price,
        "poster": bool(u.content.images_of("poster")),
        "scene": bool(u.content.images_of("scene")),
        "description": len(u.text.description) >= 30,
        "clean_main_image": _image(ctx) is not None
        and not any(v["severity"] == "error" for v in _image(ctx).spec_violations),
    }
    findings = []
    for element in theme.requires:
        ok = (
            len(u.text.bullets) >= element.min
            if element.element == "selling_points"
            else present.get(element.element, False)
        )
        if not ok:
            message = f"the channel page needs {element.element.replace('_', ' ')}: {element.explanation}"
            findings.append(
                Finding(f"channel_missing_{element.element}", "warning", message, {"element": element.element})
            )
    return Outcome(1 - len(findings) / len(theme.requires), findings)


CHECKS: dict[str, Check] = {
    "text_compliance": text_compliance,
    "originality": originality,
    "title_length": title_length,
    "title_category": title_category,
    "title_key_attributes": title_key_attributes,
    "selling_points": selling_points,
    "description": description,
    "benefit_first_line": benefit_first_line,
    "main_image_present": main_image_present,
    "image_resolution": image_resolution,
    "image_sharpness": image_sharpness,
    "image_background": image_background,
    "image_product_size": image_product_size,
    "image_clean": image_clean,
    "image_exposure": image_exposure,
    "image_colourfulness": image_colourfulness,
    "query_coverage": query_coverage,
    "competitor_keywords": competitor_keywords,
    "competitor_benefits": competitor_benefits,
    "competitor_image_style": competitor_image_style,
    "ctr_prediction": ctr_prediction,
    "channel_elements": channel_elements,
}
