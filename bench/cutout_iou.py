"""Cut-out quality and speed on the GrabCut set: mean IoU, share ≥ 0.9 IoU, boundary F, seconds per megapixel.

    .venv/bin/python bench/cutout_iou.py [--data ../shared/data/segmentation_grabcut] [--backend u2net] [--limit 10]

Masks: 255 = object, 0 = background, 128 = uncertain band (ignored for IoU; for the boundary F the band is split
at its midline and predicted edges inside it count as correct). Times are for one thread (onnxruntime and
OpenCV), charged as if each variant ran alone: a segmenter call shared between variants is computed once but its
time is charged to every variant that uses it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
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
    "default (select+crop+matting)": CutoutOptions(),
}


@dataclass
class MemoSegmenter:
    """Caches ``mask`` per input image and charges the original inference time on every call."""

    inner: Segmenter
    name: str = ""
    charged: float = 0.0  # original inference time of every call since the last reset
    fresh: float = 0.0  # wall time actually spent inferring since the last reset
    cache: dict[str, tuple[np.ndarray, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = self.inner.name

    def mask(self, image: Image.Image) -> np.ndarray:
        key = hashlib.blake2b(image.tobytes(), digest_size=16).hexdigest() + str(image.size)
        if key not in self.cache:
            start = time.perf_counter()
            self.cache[key] = (self.inner.mask(image), time.perf_counter() - start)
            self.fresh += self.cache[key][1]
        matte, elapsed = self.cache[key]
        self.charged += elapsed
        return matte.copy()


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
    return OpenCVSegmenter() if name == "opencv" else U2NetSegmenter(name, threads=1)


def run_backend(name: str, records: list[dict[str, str]], data: Path, variants: list[str]) -> list[list[str]]:
    segmenter = MemoSegmenter(make_segmenter(name))
    scores: dict[str, dict[str, list[float]]] = {v: {"iou": [], "bf": [], "sec": []} for v in variants}
    megapixels = 0.0
    for record in records:
        image = Image.open(data / record["image"]).convert("RGB")
        gt = np.asarray(Image.open(data / record["mask"]).convert("L"))
        megapixels += image.width * image.height / 1e6
        for variant in variants:
            segmenter.charged = segmenter.fresh = 0.0
            start = time.perf_counter()
            try:
                matte = product_matte(image, segmenter, VARIANTS[variant])
            except SegmentationError:
                matte = np.zeros(gt.shape, np.float32)
            wall = time.perf_counter() - start
            pred = matte >= 0.5
            scores[variant]["iou"].append(iou(pred, gt))
            scores[variant]["bf"].append(boundary_f(pred, gt))
            scores[variant]["sec"].append(wall - segmenter.fresh + segmenter.charged)
    rows = []
    for variant in variants:
        ious = np.array(scores[variant]["iou"])
        seconds = float(np.sum(scores[variant]["sec"]))
        rows.append([name, variant, f"{ious.mean():.3f}", f"{(ious >= 0.9).mean():.2f}",
                     f"{np.mean(scores[variant]['bf']):.3f}", f"{seconds / megapixels:.2f}",
                     f"{seconds / len(records):.2f}"])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--backend", action="append", choices=["u2net", "u2netp", "opencv"])
    parser.add_argument("--variant", action="append", choices=list(VARIANTS))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    cv2.setNumThreads(1)  # "one core": OpenCV would otherwise spread guided filter / GrabCut over all cores
    records = json.loads((args.data / "index.json").read_text())
    records = records[: args.limit] if args.limit else records
    rows = []
    for backend in args.backend or ["u2net", "u2netp", "opencv"]:
        try:
            rows += run_backend(backend, records, args.data, args.variant or list(VARIANTS))
        except SegmentationError as exc:
            print(f"{backend}: skipped ({exc})", file=sys.stderr)
    header = ["backend", "variant", "mean IoU", "IoU≥0.9", "boundary F@3px", "s/MP", "s/image"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"{len(records)} images from {args.data}")
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
