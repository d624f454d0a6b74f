"""Product segmentation behind one seam: ``Segmenter.mask(image) -> float32 matte in [0, 1]``."""

from shopforge.creative.segment.base import SegmentationError, Segmenter

__all__ = ["SegmentationError", "Segmenter"]
