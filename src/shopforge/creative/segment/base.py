"""The segmentation seam (one method), like ``TextModel.complete`` for text."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from PIL import Image


class SegmentationError(RuntimeError):
    """A segmenter could not run (model file missing, bad model output)."""


@runtime_checkable
class Segmenter(Protocol):
    name: str

    def mask(self, image: Image.Image) -> np.ndarray:
        """The product matte for an RGB image: float32 array of shape (height, width), 1 = product."""
        ...
