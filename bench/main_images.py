"""Main images for the bundled sample photos on every platform, checked twice, and product pixels in every output.

    .venv/bin/python bench/main_images.py [--segmenter u2net] [--photos samples/images]

For each photo: one cut-out, then per platform a main image judged by
  - ``image check`` (creative/image_check.py: the platform's spec pack, OCR included), and
  - an independent check written here, not derived from the spec packs or creative/measure.py: the outer 2 % frame
    is white (≥ 99 % of its pixels have every channel ≥ 250), the product's bounding box (pixels differing from
    white by more than 12 levels) spans ≥ 85 % of the frame on its longer side, and the long side is ≥ 1000 px.
    It is Amazon's bar: platforms whose spec asks for 800 px or 80 % fill are expected to miss parts of it.
Then the product pixels of every output kind (cutout, main, scene, poster, detail) are compared with the source
photo resized here (Lanczos over the product's box) wherever the resized matte is fully opaque; only the placement
box comes from the pipeline. Posters and detail pages use copy written by the template line and passed by the
verifier (products without a catalogue row or copy in the platform's language get none: no poster, a shorter
page). Posters are also read back by OCR and compared with the copy, whitespace aside.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.readers import read_catalog
from shopforge.catalog.records import ProductRecord
from shopforge.copywriting.plan import AccountProfile, ProductInput
from shopforge.creative.cutout import cutout
from shopforge.creative.detail_page import detail_content, render_detail_page
from shopforge.creative.image_check import check_image
from shopforge.creative.io import load_image, matte_image
from shopforge.creative.main_image import MainImageError, main_image, plan_placement
from shopforge.creative.poster import PosterCopy, format_price, render_poster
from shopforge.creative.scene import compose_scene
from shopforge.creative.segment.base import Segmenter
from shopforge.creative.segment.registry import get_segmenter
from shopforge.creative.showcase import POSTER_SIZE
from shopforge.jobs.creative_outputs import StoredCopy, readback
from shopforge.jobs.factory import build_line
from shopforge.knowledge.image_specs import image_spec_for
from shopforge.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("amazon", "shopify", "taobao", "tmall", "jd", "douyin", "xiaohongshu")
LANGS = {"amazon": "en", "shopify": "en"}  # the Chinese platforms write zh
LANCZOS = Image.Resampling.LANCZOS
CHECKS = ("image check", "white border", "fill ≥ 85%", "≥ 1000 px")


@dataclass(frozen=True)
class Pixels:
    identical: bool  # to the pipeline's own input, wherever the resized matte is opaque
    compared: int  # opaque pixels compared
    same_as_photo: float  # share of them equal to the photo resized the same way
    max_photo_diff: int  # largest channel difference to the photo


@dataclass
class Tally:
    main: dict[str, list[dict[str, bool]]] = field(default_factory=lambda: defaultdict(list))
    pixels: dict[str, list[Pixels]] = field(default_factory=lambda: defaultdict(list))
    readbacks: list[tuple[str, str, bool]] = field(default_factory=list)
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def independent_check(image: Image.Image) -> dict[str, bool]:
    pixels = np.asarray(image.convert("RGB"))
    height, width = pixels.shape[:2]
    strip = max(1, round(0.02 * min(width, height)))
    frame = np.ones((height, width), bool)
    frame[strip:-strip, strip:-strip] = False
    white_border = float((pixels[frame].min(axis=1) >= 250).mean()) >= 0.99
    ys, xs = np.nonzero((255 - pixels.min(axis=2)) > 12)
    fill = 0.0 if len(xs) == 0 else max((xs.max() - xs.min() + 1) / width, (ys.max() - ys.min() + 1) / height)
    return {"white border": white_border, "fill ≥ 85%": fill >= 0.85, "≥ 1000 px": max(width, height) >= 1000}


def kept(canvas: Image.Image, box: tuple[int, int, int, int], rgba: Image.Image, photo: Image.Image) -> Pixels:
    """The cut-out (and the photo) cropped to the product and resized to the box, compared where the resized matte
    is 255. Scenes, posters and pages start from the cut-out, whose soft-edge pixels are colour-decontaminated, so
    Lanczos taps reaching those edge pixels make a few opaque pixels differ slightly from the photo itself."""
    alpha = rgba.getchannel("A")
    extent = alpha.point(lambda a: 255 if a > 4 else 0).getbbox()
    assert extent is not None
    size = (box[2] - box[0], box[3] - box[1])
    opaque = np.asarray(alpha.crop(extent).resize(size, LANCZOS)) == 255
    drawn = np.asarray(canvas.convert("RGB").crop(box)).astype(np.int16)[opaque]
    own = np.asarray(rgba.convert("RGB").crop(extent).resize(size, LANCZOS)).astype(np.int16)[opaque]
    source = np.asarray(photo.crop(extent).resize(size, LANCZOS)).astype(np.int16)[opaque]
    return _pixels(drawn, own, source)


def _pixels(drawn: np.ndarray, own: np.ndarray, source: np.ndarray) -> Pixels:
    off = np.abs(drawn - source).max(axis=1) if len(drawn) else np.zeros(0, np.int16)
    identical = bool(len(drawn) and np.array_equal(drawn, own))
    return Pixels(identical, len(drawn), float((off == 0).mean()) if len(off) else 0.0, int(off.max(initial=0)))


def main_kept(main: Image.Image, rgb: Image.Image, alpha: Image.Image, platform: str) -> Pixels:
    """Main images start from the photo and its matte (no cut-out colours): compared with the photo itself."""
    placement = plan_placement(image_spec_for(platform), alpha, rgb.size)
    expected = np.asarray(rgb.resize(placement.size, LANCZOS, box=placement.box)).astype(np.int16)
    opaque = np.asarray(alpha.resize(placement.size, LANCZOS, box=placement.box)) == 255
    x, y = placement.offset
    drawn = np.asarray(main.crop((x, y, x + placement.size[0], y + placement.size[1]))).astype(np.int16)
    return _pixels(drawn[opaque], expected[opaque], expected[opaque])


def verified_copy(settings: Settings, record: ProductRecord | None, platform: str) -> dict[str, StoredCopy]:
    """Title and bullets from the template line, kept only when the verifier passed them."""
    if record is None:
        return {}
    lang = LANGS.get(platform, "zh")
    line = build_line(settings, "template", platform, lang)
    source = ProductInput(record.sku, record.title, record.brand, list(record.categories), facts_for_record(record))
    copies = {}
    for kind in ("title", "bullets"):
        try:
            result = line.produce(source, AccountProfile("bench", platform, lang), kind)
        except Exception as exc:  # e.g. no data in this language: no copy, as in the product
            print(f"  {record.sku} {platform} {kind}: no copy ({exc})", file=sys.stderr)
            continue
        if result.report.ok:
            copies[kind] = StoredCopy(result.text, "draft", {"ok": True})
    return copies


def bench_photo(path: Path, record: ProductRecord | None, segmenter: Segmenter, tally: Tally) -> None:
    rgb = load_image(path)
    start = time.perf_counter()
    rgba = cutout(rgb, segmenter)
    tally.seconds["cutout"].append(time.perf_counter() - start)
    alpha = rgba.getchannel("A")
    mask = np.asarray(alpha, np.float32) / 255
    opaque = np.asarray(alpha) == 255
    photo = np.asarray(rgb).astype(np.int16)[opaque]
    tally.pixels["cutout"].append(_pixels(np.asarray(rgba.convert("RGB")).astype(np.int16)[opaque], photo, photo))
    matte = matte_image(mask, rgb.size)
    for platform in PLATFORMS:
        start = time.perf_counter()
        try:
            main = main_image(rgb, mask, platform)
        except MainImageError as exc:  # counted as a failure on every check, with the reason
            print(f"  {path.name} {platform}: {exc}", file=sys.stderr)
            tally.main[platform].append(dict.fromkeys(CHECKS, False))
            continue
        tally.seconds["main"].append(time.perf_counter() - start)
        report = check_image(main, platform)
        tally.main[platform].append({"image check": report.ok, **independent_check(main)})
        tally.pixels["main"].append(main_kept(main, rgb, matte, platform))
    bench_copy_outputs(path, record, rgb, rgba, tally)


def bench_copy_outputs(
    path: Path, record: ProductRecord | None, rgb: Image.Image, rgba: Image.Image, tally: Tally
) -> None:
    """Scene, poster and detail page (the last two from verified copy) in the product's own language."""
    settings = Settings(home=Path("/tmp/shopforge-bench-main-images"))
    scene = compose_scene(rgba, "studio", (1200, 1200))
    tally.pixels["scene"].append(kept(scene.image, scene.product_box, rgba, rgb))
    platform = "amazon" if record is not None and not any("\u4e00" <= c <= "\u9fff" for c in record.title) else "tmall"
    copies = verified_copy(settings, record, platform) if record is not None else {}
    price = format_price(record.price, record.currency) if record else None
    if "title" in copies and "bullets" in copies:
        poster = render_poster(rgba, PosterCopy.from_contents(copies["title"], copies["bullets"], price),
                               POSTER_SIZE[platform])  # fmt: skip
        tally.pixels["poster"].append(kept(poster.image, poster.layout.product_box, rgba, rgb))
        read = readback(poster.image, poster.layout.strings)
        tally.readbacks.append((path.stem, platform, bool(read["ok"])))
        if not read["ok"]:
            drew = read.get("expected")
            print(f"  {path.name} poster read back {read.get('read')!r}, drew {drew!r}", file=sys.stderr)
    content = detail_content(
        title=copies.get("title"), bullets=copies.get("bullets"), facts=facts_for_record(record) if record else [],
        platform=platform, lang=LANGS.get(platform, "zh"), price=price,
    )  # fmt: skip
    page = render_detail_page(rgba, content)
    for section in page.layout.sections:
        if section.product_box is not None:
            tally.pixels["detail"].append(kept(page.image, section.product_box, rgba, rgb))


def records_by_photo(photos: list[Path]) -> dict[str, ProductRecord]:
    catalogue = read_catalog(ROOT / "samples" / "catalog.jsonl")
    by_name = {}
    for record in catalogue.records:
        for ref in record.images:
            by_name[Path(ref).name] = record
    return {photo.name: by_name[photo.name] for photo in photos if photo.name in by_name}


def report(tally: Tally, photos: int) -> None:
    columns = list(CHECKS)
    print(f"\nmain images ({photos} sample photos per platform)\n")
    print("| platform | spec side | " + " | ".join(columns) + " | independent (all three) |")
    print("|---|---|" + "---|" * (len(columns) + 1))
    for platform, rows in tally.main.items():
        shares = [f"{sum(r[c] for r in rows)}/{len(rows)}" for c in columns]
        all_three = sum(all(r[c] for c in columns[1:]) for r in rows)
        side = image_spec_for(platform).output.side
        print(f"| {platform} | {side} | " + " | ".join(shares) + f" | {all_three}/{len(rows)} |")
    print("\nproduct pixels inside the matte (input: the photo for cutout and main, the cut-out for the others)\n")
    print("| kind | outputs | identical to input | opaque pixels | equal to photo | max diff to photo |")
    print("|---|---|---|---|---|---|")
    for kind in ("cutout", "main", "scene", "poster", "detail"):
        outputs = tally.pixels.get(kind, [])
        compared = sum(p.compared for p in outputs)
        same = sum(p.same_as_photo * p.compared for p in outputs) / max(1, compared)
        worst = max((p.max_photo_diff for p in outputs), default=0)
        identical = f"{sum(p.identical for p in outputs)}/{len(outputs)}"
        print(f"| {kind} | {len(outputs)} | {identical} | {compared:,} | {same:.2%} | {worst} |")
    print("\nposter OCR read-back equals the verified copy\n\n| photo | platform | equal |\n|---|---|---|")
    for stem, platform, ok in tally.readbacks:
        print(f"| {stem} | {platform} | {ok} |")
    timing = ", ".join(f"{k} {np.mean(v):.2f} s" for k, v in tally.seconds.items())
    print(f"\nmean seconds per output: {timing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=Path, default=ROOT / "samples" / "images")
    parser.add_argument("--segmenter", default="")
    args = parser.parse_args()
    settings = Settings()
    segmenter = get_segmenter(args.segmenter or settings.segmenter, settings)
    photos = sorted(p for p in args.photos.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    records = records_by_photo(photos)
    tally = Tally()
    for photo in photos:
        print(f"{photo.name} …", file=sys.stderr)
        bench_photo(photo, records.get(photo.name), segmenter, tally)
    report(tally, len(photos))


if __name__ == "__main__":
    main()
