"""U²-Net / U²-Netp salient-object segmentation through onnxruntime (the rembg models, run without rembg).

Pre/post-processing follows the models' training: 320×320 input, pixels scaled by the image maximum, ImageNet
mean/std; the first output (d1, already a sigmoid) is min-max normalised per image, then resized back.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from shopforge.creative.segment import weights
from shopforge.creative.segment.base import SegmentationError

INPUT_SIZE = 320
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

_session_lock = threading.Lock()


@lru_cache(maxsize=8)
def onnx_session(path: str, threads: int) -> Any:
    """One InferenceSession per (file, threads) per process: loading u2net costs ~0.5 s and 170 MB."""
    import onnxruntime as ort  # imported lazily: the opencv back end must work without it

    options = ort.SessionOptions()
    # One intra-op thread by default: batch jobs parallelise across images, and a 2-core box stays responsive.
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types for a bad file
        raise SegmentationError(f"cannot load ONNX model {path}: {exc}") from exc


def preprocess(rgb: np.ndarray, size: int = INPUT_SIZE) -> np.ndarray:
    """HxWx3 uint8 RGB → 1x3xSxS float32 as U²-Net was trained on."""
    resized = np.asarray(Image.fromarray(rgb).resize((size, size), Image.Resampling.LANCZOS), dtype=np.float32)
    resized /= max(float(resized.max()), 1e-6)
    normalised = (resized - MEAN) / STD
    return np.ascontiguousarray(normalised.transpose(2, 0, 1)[None])


def postprocess(raw: np.ndarray, width: int, height: int) -> np.ndarray:
    """Model output (any leading dims, SxS last) → min-max normalised float32 HxW matte."""
    prob = np.asarray(raw, dtype=np.float32).reshape(raw.shape[-2:])
    low, high = float(prob.min()), float(prob.max())
    prob = (prob - low) / (high - low) if high - low > 1e-6 else np.zeros_like(prob)
    resized = cv2.resize(prob, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(resized, 0.0, 1.0).astype(np.float32)


class U2NetSegmenter:
    """``u2net`` (176 MB, best; int8 by default: 3× less CPU, same bench IoU) or ``u2netp`` (4.6 MB, fp32 only)."""

    def __init__(self, name: str = "u2net", model_path: Path | None = None, threads: int = 1,
                 search_dirs: Sequence[Path] = (), precision: str = "int8") -> None:
        if name not in weights.WEIGHTS:
            raise ValueError(f"unknown U²-Net variant {name!r} (known: {', '.join(sorted(weights.WEIGHTS))})")
        if precision not in ("int8", "fp32"):
            raise ValueError(f"unknown precision {precision!r} (int8 or fp32)")
        # "int8" means int8 where an int8 copy exists: u2netp has none (quantising it wrecks its output)
        self.precision = precision if weights.WEIGHTS[name].int8 else "fp32"
        self.name = f"{name}-int8" if self.precision == "int8" else name  # provenance says which weights ran
        self.threads = max(1, threads)
        # Locate now so that a missing file fails at construction with the set-up command in the message.
        self.model_path = model_path if model_path is not None else weights.locate(name, search_dirs, self.precision)
        if not self.model_path.is_file():
            raise SegmentationError(f"model file {self.model_path} not found; run set-up: {weights.FETCH_COMMAND}")

    def raw(self, rgb: np.ndarray) -> np.ndarray:
        """The model's SxS saliency (min-max normalised) for an HxWx3 uint8 array, before resizing back."""
        with _session_lock:
            session = onnx_session(str(self.model_path), self.threads)
        input_name = session.get_inputs()[0].name
        outputs = session.run(None, {input_name: preprocess(rgb)})
        return postprocess(outputs[0], INPUT_SIZE, INPUT_SIZE)

    def mask(self, image: Image.Image) -> np.ndarray:
        rgb = np.asarray(image.convert("RGB"))
        small = self.raw(rgb)
        return np.clip(cv2.resize(small, (image.width, image.height), interpolation=cv2.INTER_LINEAR), 0, 1)
