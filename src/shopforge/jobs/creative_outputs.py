"""One creative output for one product: render it, write the file, say how it was made and what its check found.

Shared by creative batch jobs (``jobs/creative.py``) and ``shopforge image detail``: every output kind goes
through ``render_output``, which returns the file with its provenance (steps, parameters) and check result, ready
to be stored as an asset. Each check is one that could fail: the platform image check for main images, the product
pixels re-compared for scenes, posters, detail pages and every frame of a video, and an OCR read-back of the text
drawn on posters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from sqlalchemy.orm import Session

from shopforge.creative.cutout import EMPTY_FRACTION, cutout
from shopforge.creative.detail_page import detail_content, render_detail_page
from shopforge.creative.detail_slices import slice_page, slice_rows
from shopforge.creative.image_check import check_image
from shopforge.creative.io import cutout_alpha, load_image
from shopforge.creative.main_image import main_image, save_main_image
from shopforge.creative.ocr import OCRUnavailableError, TextBox, TextReader, read_text
from shopforge.creative.phrases import product_phrases
from shopforge.creative.poster import PosterCopy, format_price, render_poster
from shopforge.creative.scene import Box, Product, compose_scene
from shopforge.creative.segment.base import Segmenter
from shopforge.creative.showcase import POSTER_SIZE
from shopforge.creative.video import encode, plan_video, verified_points
from shopforge.facts.model import Fact
from shopforge.knowledge.image_specs import image_spec_for
from shopforge.store.contents import get_content_for
from shopforge.store.models import Account
from shopforge.store.models import Product as ProductRow
from shopforge.store.products import product_facts

CREATIVE_KINDS = ("cutout", "main", "scene", "poster", "detail", "video")
ASSET_KINDS = {kind: kind for kind in CREATIVE_KINDS} | {"main": "main_image"}
# a batch video is short and square by default: a few seconds of encoding per product, and both feeds show it
BATCH_VIDEO_SIZE, BATCH_VIDEO_SECONDS = "square", 6.0
SCENE_SIZE = (1200, 1200)


class CreativeInputError(ValueError):
    """A product that cannot be rendered (no local photo), with the reason."""


@dataclass  # not frozen: the poster's CopyRecord protocol declares plain (writable) attributes
class StoredCopy:
    """A detached copy of a stored content row (what posters and detail pages read), safe outside the session."""

    text: str
    status: str
    verification: dict[str, Any]


@dataclass(frozen=True)
class ProductData:
    """What rendering needs from a product and its copy, read in one short transaction."""

    sku: str
    images: tuple[str, ...]
    facts: tuple[Fact, ...]
    price: str | None
    title: StoredCopy | None
    bullets: StoredCopy | None
    phrases: tuple[str, ...] = ()  # the product's own phrases, never broken across lines (``product_phrases``)

    @classmethod
    def load(cls, session: Session, account: Account, product: ProductRow) -> ProductData:
        def copy_of(kind: str) -> StoredCopy | None:
            row = get_content_for(session, account, product, kind)
            return None if row is None else StoredCopy(row.text, row.status, dict(row.verification))

        images = tuple(str(ref) for ref in product.images if isinstance(ref, str))
        price = format_price(product.price, product.currency)
        facts = tuple(product_facts(product))
        phrases = product_phrases(product.title, facts)
        return cls(product.sku, images, facts, price, copy_of("title"), copy_of("bullets"), phrases)


@dataclass
class Photo:
    """The product photo and its cut-out; made once per product and shared by all its outputs."""

    path: Path
    image: Image.Image  # RGB
    rgba: Image.Image  # alpha = the product matte
    steps: list[str]

    @property
    def mask(self) -> np.ndarray:
        return np.asarray(self.rgba.getchannel("A"), np.float32) / 255.0


@dataclass(frozen=True)
class RenderSettings:
    platform: str
    lang: str
    folder: Path
    scene_style: str = "studio"
    poster_size: str = ""  # "" = the platform's usual size
    readback: bool = True  # OCR read-back of posters (about a second each)
    font_path: Path | None = None
    reader: TextReader | None = None  # None = the bundled RapidOCR
    video_size: str = BATCH_VIDEO_SIZE
    video_seconds: float = BATCH_VIDEO_SECONDS
    video_dimensions: tuple[int, int] | None = None  # None = the size's own pixels (tests make tiny videos)
    detail_slice: int = 0  # > 0: detail pages are also cut into <stem>-01.png … at most this tall


@dataclass
class Output:
    path: Path
    steps: list[str]
    parameters: dict[str, Any]
    check: dict[str, Any] = field(default_factory=dict)

    def provenance(self, photo: Photo, backend: str, **extra: Any) -> dict[str, Any]:
        """Where the output came from: source image, steps, parameters and the segmentation back end."""
        return {
            "source_image": str(photo.path), "steps": self.steps, "parameters": self.parameters, "backend": backend,
            **extra,
        }  # fmt: skip


def product_photo(images: tuple[str, ...]) -> Path:
    """The first catalogue image that is a local file; ``CreativeInputError`` naming what was tried otherwise."""
    for ref in images:
        if "://" not in ref:
            path = Path(ref).expanduser()
            if path.is_file():
                return path
    raise CreativeInputError(f"no local product photo among the catalogue's images {list(images)!r}")


def load_photo(images: tuple[str, ...], segmenter: Segmenter) -> Photo:
    """The photo and its cut-out: an image that already has transparency is taken as the cut-out itself."""
    path = product_photo(images)
    image = load_image(path, keep_alpha=True)
    if cutout_alpha(image, below=250) is not None:
        return Photo(path, image.convert("RGB"), image, ["alpha"])
    rgb = image.convert("RGB")
    return Photo(path, rgb, cutout(rgb, segmenter), ["segment", "select", "matting"])


def safe_name(sku: str) -> str:
    # SKUs may hold "/" or spaces; a file name must not
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in sku) or "_"


def render_output(kind: str, data: ProductData, photo: Photo, config: RenderSettings) -> Output:
    """Render ``kind`` for the product into ``config.folder``; raises with the reason when it cannot be made."""
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        raise ValueError(f"unknown creative kind {kind!r}; known: {', '.join(CREATIVE_KINDS)}")
    config.folder.mkdir(parents=True, exist_ok=True)
    return renderer(data, photo, config, config.folder / f"{safe_name(data.sku)}-{kind}")


def _cutout(data: ProductData, photo: Photo, config: RenderSettings, stem: Path) -> Output:
    path = stem.with_name(stem.name + ".png")
    photo.rgba.save(path, format="PNG")
    share = float((np.asarray(photo.rgba.getchannel("A")) >= 128).mean())
    return Output(path, photo.steps, {}, {"ok": share >= EMPTY_FRACTION, "product_share": round(share, 4)})


def _main(data: ProductData, photo: Photo, config: RenderSettings, stem: Path) -> Output:
    spec = image_spec_for(config.platform)
    image = main_image(photo.image, photo.mask, config.platform)
    path = save_main_image(image, spec, stem.parent, stem.name)
    report = check_image(image, config.platform, reader=config.reader, file_bytes=path.stat().st_size)
    steps = [*photo.steps, f"main_image:{spec.platform}@{spec.version}"]
    return Output(path, steps, {"platform": config.platform, "size": list(image.size)}, report.to_dict())


def _scene(data: ProductData, photo: Photo, config: RenderSettings, stem: Path) -> Output:
    result = compose_scene(photo.rgba, config.scene_style, SCENE_SIZE)
    path = stem.with_name(stem.name + ".jpg")
    result.image.save(path, quality=92)
    kept = pixels_kept(result.image, result.product, result.product_box)
    check = {"ok": kept, "product_pixels_kept": kept}
    return Output(path, [*photo.steps, f"scene:{config.scene_style}"], {"style": config.scene_style}, check)


def _poster(data: ProductData, photo: Photo, config: RenderSettings, stem: Path) -> Output:
    size = config.poster_size or POSTER_SIZE.get(config.platform, "taobao")
    copy = PosterCopy.from_contents(data.title, data.bullets, data.price, data.phrases)
    result = render_poster(photo.rgba, copy, size, font_path=config.font_path)
    path = stem.with_name(stem.name + ".png")
    result.image.save(path)
    kept = pixels_kept(result.image, result.product, result.layout.product_box)
    check: dict[str, Any] = {"product_pixels_kept": kept, "strings": result.layout.strings}
    if config.readback:
        check["readback"] = readback(result.image, result.layout.strings, config.reader)
    check["ok"] = kept and check.get("readback", {}).get("ok") is not False
    parameters = {"size": size, "template": result.layout.template, "notes": result.layout.notes}
    return Output(path, [*photo.steps, f"poster:{size}"], parameters, check)


def _detail(data: ProductData, photo: Photo, config: RenderSettings, stem: Path) -> Output:
    content = detail_content(
        title=data.title, bullets=data.bullets, facts=data.facts, platform=config.platform, lang=config.lang,
        price=data.price, keep=data.phrases,
    )  # fmt: skip
    result = render_detail_page(photo.rgba, content, font_path=config.font_path)
    path = stem.with_name(stem.name + ".png")
    result.image.save(path, optimize=True)
    layout = result.layout
    kept = all(
        pixels_kept(result.image, result.products[s.name], s.product_box)
        for s in layout.sections
        if s.product_box is not None
    )
    check = {
        "ok": kept, "product_pixels_kept": kept, "size": [layout.width, layout.height],
        "sections": [s.name for s in layout.sections], "skipped": layout.skipped, "strings": layout.strings,
    }  # fmt: skip
    parameters: dict[str, Any] = {"sections": check["sections"]}
    if config.detail_slice:
        rows = slice_rows(layout, config.detail_slice)
        files = []
        for number, image in enumerate(slice_page(result.image, layout, config.detail_slice), 1):
            files.append(path.with_name(f"{path.stem}-{number:02d}.png"))
            image.save(files[-1], optimize=True)
        parameters["slices"] = {"max_height": config.detail_slice, "rows": rows, "files": [str(f) for f in files]}
    return Output(path, [*photo.steps, "detail_page"], parameters, check)


def _video(data: ProductData, photo: Photo, config: RenderSettings, stem: Path) -> Output:
    points, reason = verified_points(data.bullets)
    plan = plan_video(
        photo.rgba, points, config.video_size, seconds=config.video_seconds, style=config.scene_style,
        font_path=config.font_path, dimensions=config.video_dimensions, keep=data.phrases,
    )  # fmt: skip
    path = stem.with_name(stem.name + ".mp4")
    encoded = encode(plan, path)
    check = {**encoded, "ok": encoded["product_pixels_kept"], "captions": plan.strings}
    parameters = {"style": config.scene_style, "codec": "h264", **plan.to_dict(), "captions_skipped": reason}
    return Output(path, [*photo.steps, f"video:{config.video_size}"], parameters, check)


_RENDERERS: dict[str, Callable[[ProductData, Photo, RenderSettings, Path], Output]] = {
    "cutout": _cutout,
    "main": _main,
    "scene": _scene,
    "poster": _poster,
    "detail": _detail,
    "video": _video,
}


def pixels_kept(canvas: Image.Image, product: Product, box: Box) -> bool:
    """Whether the canvas shows the pasted product's pixels unchanged wherever its matte is fully opaque."""
    drawn = np.asarray(canvas.convert("RGB").crop(box))
    opaque = np.asarray(product.alpha) == 255
    return bool(opaque.any()) and bool(np.array_equal(drawn[opaque], np.asarray(product.rgb)[opaque]))


def squash(text: str) -> str:
    return "".join(text.split())


def readback(image: Image.Image, strings: list[str], reader: TextReader | None = None) -> dict[str, Any]:
    """OCR the image and compare what it reads, in reading order, with the strings drawn (whitespace aside)."""
    try:
        boxes = read_text(image, reader)
    except OCRUnavailableError as exc:  # the gap is recorded, not hidden: ok is None, not True
        return {"ok": None, "error": str(exc)}
    read, expected = squash("".join(b.text for b in reading_order(boxes))), squash("".join(strings))
    return {"ok": read == expected, "read": read, "expected": expected}


def reading_order(boxes: list[TextBox]) -> list[TextBox]:
    """Top to bottom, and left to right within a line: boxes whose centres are within half a box height of
    each other share a line (OCR splits a line into words whose tops jitter by a pixel or two)."""
    rows: list[list[TextBox]] = []
    for box in sorted(boxes, key=_centre_y):
        if rows and abs(_centre_y(box) - _centre_y(rows[-1][0])) < 0.5 * max(rows[-1][0].height, 1.0):
            rows[-1].append(box)
        else:
            rows.append([box])
    return [box for row in rows for box in sorted(row, key=lambda b: min(x for x, _ in b.box))]


def _centre_y(box: TextBox) -> float:
    ys = [y for _, y in box.box]
    return (min(ys) + max(ys)) / 2
