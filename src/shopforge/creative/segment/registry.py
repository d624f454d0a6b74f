"""Segmenters by name, built from settings: ``get_segmenter("u2net", settings)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shopforge.creative.segment.base import Segmenter

if TYPE_CHECKING:
    from shopforge.settings import Settings

SEGMENTER_NAMES = ("u2net", "u2netp", "opencv", "onnx")


def _threads(settings: Settings) -> int:
    return int(getattr(settings, "segmenter_threads", 1) or 1)


def _precision(settings: Settings) -> str:
    return (settings.segmenter_precision or "int8").strip().lower()


def _u2net(name: str) -> Callable[[Settings], Segmenter]:
    def build(settings: Settings) -> Segmenter:
        from shopforge.creative.segment.u2net import U2NetSegmenter

        models_dir = getattr(settings, "models_dir", None)
        return U2NetSegmenter(name, threads=_threads(settings), search_dirs=[models_dir] if models_dir else [],
                              precision=_precision(settings))

    return build


def _opencv(settings: Settings) -> Segmenter:
    from shopforge.creative.segment.opencv import OpenCVSegmenter

    return OpenCVSegmenter()


def _onnx(settings: Settings) -> Segmenter:
    from shopforge.creative.segment.onnx_custom import OnnxSegmenter

    return OnnxSegmenter(settings.segmenter_onnx_path, settings.segmenter_onnx_config, threads=_threads(settings))


_BUILDERS: dict[str, Callable[[Settings], Segmenter]] = {
    "u2net": _u2net("u2net"),
    "u2netp": _u2net("u2netp"),
    "opencv": _opencv,
    "onnx": _onnx,
}


def get_segmenter(name: str, settings: Settings) -> Segmenter:
    """The named segmenter; ValueError listing the names for an unknown one, SegmentationError if its model
    file is missing (with the set-up command in the message)."""
    key = (name or getattr(settings, "segmenter", "u2net")).strip().lower()
    if key not in _BUILDERS:
        raise ValueError(f"unknown segmenter {name!r}; choose one of: {', '.join(SEGMENTER_NAMES)}")
    return _BUILDERS[key](settings)
