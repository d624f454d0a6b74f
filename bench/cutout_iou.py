"""Cut-out quality and speed on the GrabCut set: mean IoU, share ≥ 0.9 IoU, boundary F, seconds per megapixel.

    .venv/bin/python bench/cutout_iou.py [--data ../shared/data/segmentation_grabcut] [--backend u2net]
        [--variant default] [--split a|b] [--scale 2.5] [--limit 10]

Back ends: ``u2net`` (the default: int8 weights), ``u2net-fp32`` (the fp32 weights it was quantised from),
``u2netp``, ``opencv``; all four by default. ``--split a`` / ``b`` halves the set by a hash of the image name, so
a threshold chosen on one half can be checked on the other (the issue's own held-out photos are not in
../shared). ``--scale`` resizes photos and masks first (bicubic / nearest): the set's photos are 0.1-0.3 MP,
where the fixed 320×320 inference dominates, while shop photos are 0.6-12 MP.

Masks: 255 = object, 0 = background, 128 = uncertain band (ignored for IoU; for the boundary F the band is split
at its midline and predicted edges inside it count as correct). Everything runs on one thread (onnxruntime and
OpenCV). "CPU s" is process CPU time, which other jobs on a shared machine barely change, unlike the wall time
also shown. Times are charged as if each variant ran alone: a segmenter call shared between variants is computed
once but its time is charged to every variant that uses it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from shopforge.creative.cutout import CutoutOptions, product_matte
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.creative.segment.opencv import OpenCVSegmenter
from shopforge.creative.segment.u2net import U2NetSegmenter

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "segmentation_grabcut"
VARIANTS: dict[str, CutoutOptions] = {
    "raw": CutoutOptions(refine=False, select_product=False, crop_pass=False),
    "matting": CutoutOptions(refine=True, select_product=False, crop_pass=False),
    "select": CutoutOptions(refine=False, select_product=True, crop_pass=False),
    "select+matting": CutoutOptions(refine=True, select_product=True, crop_pass=False),
    "select+matting+flip": CutoutOptions(refine=True, select_product=True, flip_tta=True, crop_pass=False),
    "select+crop": CutoutOptions(refine=False, select_product=True, crop_pass=True),
    "default": CutoutOptions(),  # select + crop pass + matting
}
BACKENDS = ("u2net", "u2net-fp32", "u2netp", "opencv")


@dataclass
class MemoSegmenter:
    """Caches ``mask`` per input image and charges the original inference time on every call."""

    inner: Segmenter
    name: str = ""
    charged: np.ndarray = field(default_factory=lambda: np.zeros(2))  # (wall, CPU) of every call since reset
    fresh: np.ndarray = field(default_factory=lambda: np.zeros(2))  # (wall, CPU) actually spent since reset
    cache: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = self.inner.name

    def reset(self) -> None:
        self.charged, self.fresh = np.zeros(2), np.zeros(2)

    def mask(self, image: Image.Image) -> np.ndarray:
        key = hashlib.blake2b(image.tobytes(), digest_size=16).hexdigest() + str(image.size)
        if key not in self.cache:
            start = clock()
            matte = self.inner.mask(image)
            self.cache[key] = (matte, clock() - start)
            self.fresh += self.cache[key][1]
        matte, elapsed = self.cache[key]
        self.charged += elapsed
        return matte.copy()


def clock() -> np.ndarray:
    return np.array([time.perf_counter(), time.process_time()])


def gt_binary(gt: np.ndarray) -> np.ndarray:
    """Ground truth with the uncertain band split at its midline."""
    fg, bg = gt == 255, gt == 0
    to_fg = cv2.distanceTransform((~fg).astype(np.uint8), cv2.DIST_L2, 3)
    to_bg = cv2.distanceTransform((~bg).astype(np.uint8), cv2.DIST_L2, 3)
    return fg | ((gt == 128) & (to_fg <= to_bg))


def boundary(mask: np.ndarray) -> np.ndarray:
    m = mask.astype(np.uint8)
    return (m - cv2.erode(m, np.ones((3, 3), np.uint8))).astype(bool)


def boundary_f(pred: np.ndarray, gt: np.ndarray, tolerance: int = 3) -> float:
    pb, gb = boundary(pred), boundary(gt_binary(gt))
    if not pb.any() or not gb.any():
        return float(pb.any() == gb.any())
    dist_to_gt = cv2.distanceTransform((~gb).astype(np.uint8), cv2.DIST_L2, 3)
    dist_to_pred = cv2.distanceTransform((~pb).astype(np.uint8), cv2.DIST_L2, 3)
    precision = float(((dist_to_gt[pb] <= tolerance) | (gt[pb] == 128)).mean())
    recall = float((dist_to_pred[gb] <= tolerance).mean())
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def iou(pred: np.ndarray, gt: np.ndarray) -> float:
    valid, target = gt != 128, gt == 255
    union = ((pred | target) & valid).sum()
    return float(((pred & target) & valid).sum() / union) if union else 1.0


def make_segmenter(name: str) -> Segmenter:
    if name == "opencv":
        return OpenCVSegmenter()
    model, _, precision = name.partition("-")
    return U2NetSegmenter(model, threads=1, precision=precision or "int8")


def in_split(name: str, split: str) -> bool:
    """A fixed half of the set by a hash of the image name (not by order: the set is sorted by source)."""
    return split == "all" or "ab"[zlib.crc32(name.encode()) % 2] == split


def load(record: dict[str, str], data: Path, scale: float) -> tuple[Image.Image, np.ndarray]:
    image = Image.open(data / record["image"]).convert("RGB")
    gt = Image.open(data / record["mask"]).convert("L")
    if scale != 1.0:
        size = (round(image.width * scale), round(image.height * scale))
        image, gt = image.resize(size, Image.Resampling.BICUBIC), gt.resize(size, Image.Resampling.NEAREST)
    return image, np.asarray(gt)


def run_backend(name: str, records: list[dict[str, str]], data: Path, variants: list[str],
                scale: float) -> list[list[str]]:
    segmenter = MemoSegmenter(make_segmenter(name))
    scores: dict[str, dict[str, list[float]]] = {v: {"iou": [], "bf": [], "wall": [], "cpu": []} for v in variants}
    megapixels = 0.0
    for record in records:
        image, gt = load(record, data, scale)
        megapixels += image.width * image.height / 1e6
        for variant in variants:
            segmenter.reset()
            start = clock()
            try:
                matte = product_matte(image, segmenter, VARIANTS[variant])
            except SegmentationError:
                matte = np.zeros(gt.shape, np.float32)
            wall, cpu = clock() - start - segmenter.fresh + segmenter.charged
            pred = matte >= 0.5
            for key, value in (("iou", iou(pred, gt)), ("bf", boundary_f(pred, gt)), ("wall", wall), ("cpu", cpu)):
                scores[variant][key].append(value)
    return [_row(name, variant, scores[variant], megapixels) for variant in variants]


def _row(backend: str, variant: str, scores: dict[str, list[float]], megapixels: float) -> list[str]:
    ious, count = np.array(scores["iou"]), len(scores["iou"])
    cpu, wall = float(np.sum(scores["cpu"])), float(np.sum(scores["wall"]))
    return [backend, variant, f"{ious.mean():.3f}", f"{(ious >= 0.9).mean():.2f}", f"{np.mean(scores['bf']):.3f}",
            f"{cpu / megapixels:.2f}", f"{cpu / count:.2f}", f"{wall / count:.2f}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--backend", action="append", choices=BACKENDS)
    parser.add_argument("--variant", action="append", choices=list(VARIANTS))
    parser.add_argument("--split", choices=["all", "a", "b"], default="all")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    cv2.setNumThreads(1)  # "one core": OpenCV would otherwise spread guided filter / GrabCut over all cores
    records = [r for r in json.loads((args.data / "index.json").read_text()) if in_split(r["name"], args.split)]
    records = records[: args.limit] if args.limit else records
    rows = []
    for backend in args.backend or BACKENDS:
        try:
            rows += run_backend(backend, records, args.data, args.variant or list(VARIANTS), args.scale)
        except SegmentationError as exc:
            print(f"{backend}: skipped ({exc})", file=sys.stderr)
    header = ["backend", "variant", "mean IoU", "IoU≥0.9", "boundary F@3px", "CPU s/MP", "CPU s/image", "wall s/image"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    pixels = np.mean([int(r["width"]) * int(r["height"]) for r in records]) * args.scale**2 / 1e6
    print(f"{len(records)} images (split {args.split}, mean {pixels:.2f} MP, scale {args.scale:g}) from {args.data}")
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
