"""Tool adapters: each plan step runs an existing service and returns candidate content for the run to judge.

Text tools run the production line (``ProductionLine.produce``: plan → write → verify → repair → fallback) on the
product's own facts, with the benefit ranking (``optimize.benefits``) leading the plan; only copy the verifier
passed becomes a candidate. Image tools run the creative pipelines — cut-out and main image, enhancement, scene,
poster from verified copy — and store each output as an asset with its provenance. A tool never edits stored
content: it returns candidates; ``optimize.run`` decides what is kept.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from sqlalchemy.orm import Session

from shopforge.copywriting.kinds import BULLET_MARKER, segments
from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.verify import ProductFacts
from shopforge.creative import measure
from shopforge.creative.cutout import compose_rgba, product_matte
from shopforge.creative.enhance import enhance
from shopforge.creative.io import ImageInputError, load_image
from shopforge.creative.main_image import MainImageError, main_image, save_main_image
from shopforge.creative.poster import PosterCopy, format_price, render_poster
from shopforge.creative.scene import scene
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.creative.showcase import POSTER_SIZE
from shopforge.creative.typeset import TextFitError
from shopforge.jobs.factory import account_profile, product_input
from shopforge.knowledge.image_specs import image_spec_for
from shopforge.optimize.benefits import rank_benefits
from shopforge.optimize.understand import Understanding, cached_verifier, contains
from shopforge.optimize.understand_image import ImageAnalyzer
from shopforge.settings import Settings
from shopforge.store.assets import save_asset
from shopforge.store.models import Account, Product
from shopforge.store.products import product_facts
from shopforge.store.versions import ImageRef, ListingContent

TEXT_TOOLS = {"rewrite_title": "title", "regenerate_bullets": "bullets", "rewrite_description": "description"}
UPSCALES = (2.0, 4.0)  # tried in turn when a photo is too small for the platform's main image


class ToolError(RuntimeError):
    """The tool could not produce a usable candidate; the message says why (recorded in the trace)."""


@dataclass
class Candidate:
    content: ListingContent
    verification: dict[str, Any]  # the verifier's report for text; the pipeline's checks for images
    detail: dict[str, Any] = field(default_factory=dict)  # provenance: backend, model, assets, steps


@dataclass
class Toolkit:
    """What the tools run on: the text line for the account, the segmenter, where images are written."""

    settings: Settings
    line: ProductionLine
    analyzer: ImageAnalyzer
    segmenter: Segmenter | None = None
    variants: int = 2  # text candidates per step (regenerations with another seed)

    @property
    def out_dir(self) -> Path:
        return self.settings.home / "optimize"


def run_tool(
    name: str, toolkit: Toolkit, session: Session, account: Account, product: Product, understanding: Understanding
) -> list[Candidate]:
    """Candidates from tool ``name`` for the product's current content (``understanding.content``)."""
    if name in TEXT_TOOLS:
        return _text_candidates(TEXT_TOOLS[name], toolkit, account, product, understanding)
    images = {"new_main_image": _new_main_image, "enhance_image": _enhance, "scene": _scene, "poster": _poster}
    if name not in images:
        raise ToolError(f"unknown tool {name!r}")
    try:
        return [images[name](_ImageJob(toolkit, session, account, product, understanding))]
    except (ImageInputError, MainImageError, SegmentationError, TextFitError, ValueError) as exc:
        raise ToolError(f"{name}: {exc}") from exc


def _text_candidates(
    kind: str, toolkit: Toolkit, account: Account, product: Product, understanding: Understanding
) -> list[Candidate]:
    facts = product_facts(product)
    bench = understanding.competitors
    ranked = rank_benefits(facts, account.lang, competitor_texts=bench.texts() if bench is not None else ())
    source = replace(product_input(product), benefits=tuple(point.text for point in ranked))
    profile = account_profile(account)
    candidates: list[Candidate] = []
    refusals: list[str] = []
    for variant in range(max(1, toolkit.variants)):
        result = toolkit.line.produce(source, profile, kind, variant=variant)
        if not result.report.ok:
            refusals.append("; ".join(v.message for v in result.report.errors[:2]))
            continue
        content, report = _with_text(understanding.content, kind, result.text, ranked, product, account)
        if any(c.content == content for c in candidates) or report is None:
            continue
        detail = {"kind": kind, "provenance": result.provenance(), "benefits": [p.to_dict() for p in ranked[:5]]}
        candidates.append(Candidate(content, {"ok": True, "kind": kind, "report": report}, detail))
    if not candidates:
        reason = refusals[0] if refusals else "no new text"
        raise ToolError(f"the production line produced no verified {kind}: {reason}")
    return candidates


def _with_text(
    content: ListingContent, kind: str, text: str, ranked: list[Any], product: Product, account: Account
) -> tuple[ListingContent, dict[str, Any] | None]:
    """The content with the new part in place, and the verifier's report on that part as published."""
    verifier = cached_verifier(account.platform, account.lang)
    facts = ProductFacts.build(product_facts(product), product.brand)
    if kind == "title":
        new, published = replace(content, title=text.strip()), text.strip()
    elif kind == "description":
        new, published = replace(content, description=text.strip()), text.strip()
    else:
        bullets = benefit_first([BULLET_MARKER.sub("", line).strip() for line in segments(text)], ranked)
        new, published = replace(content, bullets=tuple(b for b in bullets if b)), "\n".join(bullets)
    report = verifier.check(published, kind, facts)
    return new, (report.to_dict() if report.ok else None)


def benefit_first(bullets: list[str], ranked: list[Any]) -> list[str]:
    """The first bullet that states a ranked benefit moves to the front: feeds read the first line."""
    for index, bullet in enumerate(bullets):
        if any(contains(bullet, point.text) for point in ranked):
            return [bullet, *bullets[:index], *bullets[index + 1 :]]
    return bullets


@dataclass
class _ImageJob:
    toolkit: Toolkit
    session: Session
    account: Account
    product: Product
    understanding: Understanding

    def photo(self) -> tuple[Image.Image, str]:
        if self.understanding.photo is None:
            raise ToolError("no product photo on file to build images from")
        return load_image(Path(self.understanding.photo)), self.understanding.photo

    def matte(self, image: Image.Image) -> tuple[np.ndarray, str]:
        """A soft product matte: the flat-background cut when the backdrop is plain, else the segmenter's cut-out."""
        mask, source = self.toolkit.analyzer.product_mask(image)
        if source == "flat":
            return mask.astype(np.float32), source
        if self.toolkit.segmenter is None:
            raise ToolError("the photo's background is busy and no segmenter is available to cut the product out")
        return product_matte(image, self.toolkit.segmenter), self.toolkit.segmenter.name

    def save(
        self, image: Image.Image, kind: str, provenance: dict[str, Any], check: dict[str, Any] | None = None
    ) -> ImageRef:
        folder = self.toolkit.out_dir / self.account.name / _safe(self.product.sku)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{kind}-{uuid.uuid4().hex[:8]}"
        if kind == "main_image":
            path = save_main_image(image, image_spec_for(self.account.platform), folder, stem)
        else:
            path = folder / f"{stem}.{'png' if kind == 'poster' else 'jpg'}"
            (image if kind == "poster" else image.convert("RGB")).save(path, quality=95)
        asset = save_asset(self.session, self.account, self.product, kind, path, provenance, check)
        role = {"main_image": "main", "enhanced": "main"}.get(kind, kind)
        return ImageRef(str(path), role, asset.id)


def _safe(sku: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", sku)[:60]
    return f"{readable}-{hashlib.sha1(sku.encode()).hexdigest()[:8]}"


def _new_main_image(job: _ImageJob) -> Candidate:
    image, source = job.photo()
    mask, mask_source = job.matte(image)
    steps = [f"matte:{mask_source}"]
    result = _placed(image, mask, job.account.platform, steps)
    spec = image_spec_for(job.account.platform)
    steps.append(f"main_image:{spec.platform}@{spec.version}")
    ref = job.save(result, "main_image", {"source_image": source, "steps": steps})
    return Candidate(
        job.understanding.content.with_main_image(ref), {"ok": True}, {"steps": steps, "asset": ref.to_dict()}
    )


def _placed(image: Image.Image, mask: np.ndarray, platform: str, steps: list[str]) -> Image.Image:
    """The main image; a photo too small for the platform is first enlarged (product pixels resampled, not
    retouched: ``enhance`` with the mask only touches the background) and placed again."""
    try:
        return main_image(image, mask, platform)
    except MainImageError as exc:
        error = exc
    for scale in UPSCALES:
        bigger = enhance(image, scale=scale, mask=mask)
        matte = Image.fromarray(np.clip(mask * 255, 0, 255).astype(np.uint8)).resize(
            bigger.size, Image.Resampling.LANCZOS
        )
        try:
            result = main_image(bigger, np.asarray(matte, np.float32) / 255, platform)
        except MainImageError as exc:
            error = exc
            continue
        steps.append(f"enhance:x{scale:g}")
        return result
    raise error


def _enhance(job: _ImageJob) -> Candidate:
    main = job.understanding.content.main_image
    path = main.path if main is not None and Path(main.path).is_file() else job.photo()[1]
    image = load_image(Path(path))
    minimum = image_spec_for(job.account.platform).size.min_long_side
    needed = minimum / max(image.size)
    scale = 1.0 if needed <= 1 else min(4.0, float(np.ceil(needed * 2) / 2))
    # The whole frame is enhanced (no mask): a blurred or soft product is what the step is for.
    result = enhance(image, scale=scale)
    steps = ["denoise", "white_balance", "exposure", f"upscale:x{scale:g}", "sharpen"]
    ref = job.save(result, "enhanced", {"source_image": path, "steps": steps})
    sharp = (measure.sharpness(image), measure.sharpness(result))
    detail = {"steps": steps, "asset": ref.to_dict(), "sharpness": [round(s, 1) for s in sharp]}
    return Candidate(job.understanding.content.with_main_image(ref), {"ok": True}, detail)


def _cutout(job: _ImageJob) -> tuple[Image.Image, str]:
    image, source = job.photo()
    mask, _ = job.matte(image)
    return compose_rgba(image, mask), source


def _scene(job: _ImageJob) -> Candidate:
    rgba, source = _cutout(job)
    ref = job.save(
        scene(rgba, "studio", (1200, 1200)), "scene", {"source_image": source, "steps": ["cutout", "scene:studio"]}
    )
    return Candidate(job.understanding.content.with_image(ref), {"ok": True}, {"asset": ref.to_dict()})


def _poster(job: _ImageJob) -> Candidate:
    content = job.understanding.content
    if any(issue.part in ("title", "bullets") for issue in job.understanding.text.issues):
        raise ToolError("the title or bullets do not pass verification: a poster only draws verified copy")
    if not content.title or not content.bullets:
        raise ToolError("a poster needs a title and selling points")
    copy = PosterCopy(content.title, tuple(content.bullets[:3]), format_price(job.product.price, job.product.currency))
    rgba, source = _cutout(job)
    size = POSTER_SIZE.get(job.account.platform, "taobao")
    poster = render_poster(rgba, copy, size)
    provenance = {"source_image": source, "steps": ["cutout", f"poster:{size}"]}
    ref = job.save(poster.image, "poster", provenance, {"strings": poster.layout.strings})
    return Candidate(content.with_image(ref), {"ok": True, "strings": poster.layout.strings}, {"asset": ref.to_dict()})
