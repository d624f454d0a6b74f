"""``onnx``: any segmentation model the user supplies as an ONNX file, described by a small YAML config.

    input_size: [320, 320]        # width, height (or one int for a square)
    mean: [0.485, 0.456, 0.406]   # after scaling by `scale`
    std: [0.229, 0.224, 0.225]
    scale: 0.00392156862745098    # 1/255 by default
    channel_order: RGB            # or BGR
    layout: NCHW                  # or NHWC
    output_index: 0               # which output holds the mask
    output_channel: 0             # which channel of it (for multi-class outputs)
    sigmoid: false                # true when the model returns logits
    minmax: false                 # true to min-max normalise per image (as rembg does for U²-Net)
    input_name: null              # default: the first input
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import yaml
from PIL import Image

from shopforge.creative.segment.base import SegmentationError
from shopforge.creative.segment.u2net import onnx_session


@dataclass(frozen=True)
class OnnxConfig:
    width: int = 320
    height: int = 320
    mean: tuple[float, float, float] = (0.0, 0.0, 0.0)
    std: tuple[float, float, float] = (1.0, 1.0, 1.0)
    scale: float = 1.0 / 255.0
    channel_order: str = "RGB"
    layout: str = "NCHW"
    output_index: int = 0
    output_channel: int = 0
    sigmoid: bool = False
    minmax: bool = False
    input_name: str | None = None


def _triple(value: Any, key: str) -> tuple[float, float, float]:
    values = [float(value)] * 3 if isinstance(value, int | float) else [float(v) for v in value]
    if len(values) != 3:
        raise ValueError(f"{key} must have 3 values, got {len(values)}")
    return values[0], values[1], values[2]


def load_config(path: Path | None) -> OnnxConfig:
    """Parse and validate the YAML config; every problem is a SegmentationError naming the file."""
    if path is None:
        return OnnxConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ValueError("top level must be a mapping")
        size = raw.get("input_size", 320)
        width, height = (int(size), int(size)) if isinstance(size, int) else (int(size[0]), int(size[1]))
        config = OnnxConfig(
            width=width, height=height,
            mean=_triple(raw.get("mean", 0.0), "mean"), std=_triple(raw.get("std", 1.0), "std"),
            scale=float(raw.get("scale", 1.0 / 255.0)),
            channel_order=str(raw.get("channel_order", "RGB")).upper(), layout=str(raw.get("layout", "NCHW")).upper(),
            output_index=int(raw.get("output_index", 0)), output_channel=int(raw.get("output_channel", 0)),
            sigmoid=bool(raw.get("sigmoid", False)), minmax=bool(raw.get("minmax", False)),
            input_name=raw.get("input_name"),
        )
    except (OSError, yaml.YAMLError, ValueError, TypeError, IndexError) as exc:
        raise SegmentationError(f"bad ONNX segmenter config {path}: {exc}") from exc
    if config.channel_order not in ("RGB", "BGR") or config.layout not in ("NCHW", "NHWC"):
        raise SegmentationError(f"bad ONNX segmenter config {path}: channel_order RGB|BGR, layout NCHW|NHWC")
    if min(config.width, config.height) < 1 or 0.0 in config.std:
        raise SegmentationError(f"bad ONNX segmenter config {path}: input_size must be ≥ 1 and std non-zero")
    return config


class OnnxSegmenter:
    name = "onnx"

    def __init__(self, model_path: Path | None, config_path: Path | None = None, threads: int = 1) -> None:
        if model_path is None:
            raise SegmentationError("segmenter 'onnx' needs a model file: set SHOPFORGE_SEGMENTER_ONNX_PATH")
        if not model_path.is_file():
            raise SegmentationError(f"ONNX model file {model_path} not found")
        self.model_path = model_path
        self.config = load_config(config_path)
        self.threads = max(1, threads)

    def _input(self, rgb: np.ndarray) -> np.ndarray:
        c = self.config
        resized = cv2.resize(rgb, (c.width, c.height), interpolation=cv2.INTER_AREA).astype(np.float32)
        pixels = (resized * np.float32(c.scale) - np.array(c.mean, np.float32)) / np.array(c.std, np.float32)
        if c.channel_order == "BGR":
            pixels = pixels[..., ::-1]
        tensor = pixels if c.layout == "NHWC" else pixels.transpose(2, 0, 1)
        return np.ascontiguousarray(tensor[None], dtype=np.float32)

    def _output(self, outputs: list[Any]) -> np.ndarray:
        c = self.config
        if not 0 <= c.output_index < len(outputs):
            raise SegmentationError(f"output_index {c.output_index} out of range: the model has {len(outputs)}")
        out: np.ndarray = np.asarray(outputs[c.output_index], dtype=np.float32)
        out = out[0] if out.ndim == 4 else out  # drop the batch
        if out.ndim == 3:
            # channels first unless the last axis is the small one (NHWC models return NHWC masks too)
            channel_last = c.layout == "NHWC" and out.shape[-1] <= 4
            out = out[..., c.output_channel] if channel_last else out[c.output_channel]
        if out.ndim != 2:
            raise SegmentationError(f"model output has shape {out.shape}; expected a 2-D mask")
        if c.sigmoid:
            out = 1.0 / (1.0 + np.exp(-out))
        if c.minmax:
            low, high = float(out.min()), float(out.max())
            out = (out - low) / (high - low) if high - low > 1e-6 else np.zeros_like(out)
        return np.clip(out, 0.0, 1.0)

    def mask(self, image: Image.Image) -> np.ndarray:
        rgb = np.asarray(image.convert("RGB"))
        session = onnx_session(str(self.model_path), self.threads)
        name = self.config.input_name or session.get_inputs()[0].name
        try:
            outputs = session.run(None, {name: self._input(rgb)})
        except Exception as exc:  # onnxruntime's own error types: shape/name mismatches with the config
            raise SegmentationError(f"ONNX model {self.model_path} failed: {exc}") from exc
        small = self._output(outputs)
        resized = cv2.resize(small, (image.width, image.height), interpolation=cv2.INTER_LINEAR)
        return np.clip(resized, 0.0, 1.0).astype(np.float32)
