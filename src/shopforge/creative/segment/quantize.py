"""Int8 U²-Net: a static post-training quantisation of the fetched fp32 weights, made once at set-up.

On one core the fp32 U²-Net costs ~1.2 s of CPU per 320×320 inference, 83 % of it in convolutions; with int8
convolutions (QDQ, onnxruntime's VNNI/AVX2 kernels) it costs ~0.35 s and the cut-out bench keeps its IoU
(bench/cutout_iou.py). Activation ranges are calibrated on procedurally rendered photos made here (studio walls,
textured clutter, shaded products, a little sensor noise), so the result depends on no data set and the same
inputs give the same model on every machine.

    python -m shopforge.creative.segment.weights fetch     # fetches fp32, then writes u2net.int8.onnx beside it
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from shopforge.creative.segment.base import SegmentationError
from shopforge.models.gguf import sha256_of

CALIBRATION_SEED = 20240611
CALIBRATION_COUNT = 16
PHOTO_SIZE = 320  # the model's input size: calibration photos need no resizing
OPSET = 13  # per-axis (per-channel) QuantizeLinear needs opset 13; the rembg exports are opset 11


def _wall(rng: np.random.Generator, size: int) -> np.ndarray:
    """A backdrop: a two-colour studio gradient, or a textured surface (wood/fabric-like noise at two scales)."""
    top, bottom = rng.uniform(20, 250, 3), rng.uniform(20, 250, 3)
    t = np.linspace(0.0, 1.0, size)[:, None, None]
    wall = np.repeat(top * (1 - t) + bottom * t, size, axis=1)
    if rng.random() < 0.5:
        coarse = rng.normal(0, 1, (size // 16, size // 16, 1))
        coarse_up = np.asarray(Image.fromarray(coarse[..., 0].astype(np.float32)).resize((size, size)))[..., None]
        wall = wall + rng.uniform(5, 40) * coarse_up + rng.uniform(2, 15) * rng.normal(0, 1, (size, size, 1))
    return wall


def _shape_mask(rng: np.random.Generator, size: int) -> Image.Image:
    """One product silhouette: a rounded box (bottle, box), an ellipse (mug, ball) or a polygon (tool, shoe)."""
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    w, h = rng.uniform(0.15, 0.7, 2) * size
    cx, cy = rng.uniform(0.25, 0.75, 2) * size
    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    kind = rng.integers(3)
    if kind == 0:
        draw.rounded_rectangle(box, radius=float(rng.uniform(0.02, 0.3) * min(w, h)), fill=255)
    elif kind == 1:
        draw.ellipse(box, fill=255)
    else:
        angles = np.sort(rng.uniform(0, 2 * np.pi, int(rng.integers(5, 9))))
        radii = rng.uniform(0.5, 1.0, len(angles))
        points = [(cx + r * w / 2 * np.cos(a), cy + r * h / 2 * np.sin(a)) for r, a in zip(radii, angles, strict=True)]
        draw.polygon(points, fill=255)
    return mask


def _paint(rng: np.random.Generator, image: np.ndarray, mask: Image.Image) -> np.ndarray:
    """Composite a shaded, sometimes striped or printed object through ``mask`` (soft edge, contact shadow)."""
    size = image.shape[0]
    x = np.linspace(-1.0, 1.0, size)[None, :, None]
    colour = rng.uniform(0, 255, 3)
    light = 0.5 + 0.5 * np.sqrt(np.clip(1 - (x - rng.uniform(-0.4, 0.4)) ** 2, 0, 1))
    fill = np.repeat(colour * light, size, axis=0)
    if rng.random() < 0.4:  # stripes or a label: internal edges the model must not cut along
        period = int(rng.integers(6, 40))
        bands = (np.arange(size) // period % 2)[:, None, None]
        fill = np.where(bands == 1, fill, fill * rng.uniform(0.3, 1.6, 3))
    shadow = np.asarray(mask.filter(ImageFilter.GaussianBlur(8)), np.float32)[..., None] / 255
    shadow = np.roll(shadow, (int(rng.integers(2, 10)), int(rng.integers(-6, 6))), axis=(0, 1))
    image = image * (1 - 0.35 * shadow)
    alpha = np.asarray(mask.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 1.5)))), np.float32)[..., None]
    return image * (1 - alpha / 255) + np.clip(fill, 0, 255) * alpha / 255


def calibration_photos(count: int = CALIBRATION_COUNT, seed: int = CALIBRATION_SEED) -> Iterator[np.ndarray]:
    """``count`` deterministic RGB uint8 photos (PHOTO_SIZE²) of one to three products on varied backdrops."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        image = _wall(rng, PHOTO_SIZE)
        for _ in range(int(rng.integers(1, 4))):
            image = _paint(rng, image, _shape_mask(rng, PHOTO_SIZE))
        image = image + rng.normal(0, rng.uniform(0.5, 4.0), image.shape)  # sensor noise
        yield np.clip(image, 0, 255).astype(np.uint8)


class _Reader:
    """onnxruntime's CalibrationDataReader protocol over the preprocessed calibration photos."""

    def __init__(self, input_name: str, count: int) -> None:
        from shopforge.creative.segment.u2net import preprocess

        self._batches = ({input_name: preprocess(photo)} for photo in calibration_photos(count))

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._batches, None)


# Weights in a 7-bit range: on x86 CPUs without VNNI (AVX2 only) the u8×s8 kernels saturate full-range int8
# weights, and the output drifts by up to 0.12 on a [0, 1] matte; reduce_range keeps it within 0.02 on every CPU.
# Part of the sidecar, so an int8 file made the old way is stale and set-up remakes it.
METHOD = "onnxruntime static QDQ, MinMax, activations uint8, weights int8 (reduce_range)"


def provenance(source_sha256: str, sha256: str, per_channel: bool, count: int) -> dict[str, Any]:
    import onnxruntime

    return {
        "source_sha256": source_sha256,
        "sha256": sha256,  # same inputs, same file: a different hash on another machine means different kernels
        "method": METHOD,
        "per_channel": per_channel,
        "calibration": f"procedural photos, seed {CALIBRATION_SEED}, count {count}",
        "onnxruntime": onnxruntime.__version__,
    }


def sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def quantize(source: Path, target: Path, source_sha256: str, *, per_channel: bool = False,
             count: int = CALIBRATION_COUNT) -> None:
    """Write the int8 model for the fp32 ``source`` to ``target`` (atomically) with a provenance sidecar."""
    try:
        import onnx
        from onnx import version_converter
        from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    except ImportError as exc:
        raise SegmentationError(f"quantising {source.name} needs the onnx package ({exc})") from exc
    with tempfile.TemporaryDirectory(prefix="shopforge-quant-") as tmp:
        upgraded = Path(tmp) / "opset13.onnx"
        model = onnx.load(str(source))
        onnx.save(version_converter.convert_version(model, OPSET), str(upgraded))
        partial = Path(tmp) / target.name
        quantize_static(
            str(upgraded), str(partial), _Reader(model.graph.input[0].name, count),
            quant_format=QuantFormat.QDQ, per_channel=per_channel, activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.MinMax, reduce_range=True,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_suffix(".onnx.part")
        staged.write_bytes(partial.read_bytes())
    made = provenance(source_sha256, sha256_of(staged), per_channel, count)
    sidecar(target).write_text(json.dumps(made, indent=1), encoding="utf-8")
    staged.replace(target)  # last: a present model file always has its sidecar
