"""Reading text in images: RapidOCR (PP-OCRv6 det/rec + PP-OCRv4 cls ONNX models shipped inside the wheel).

``read_text(image)`` returns the text lines found; the engine is built once per process. Other modules depend on
the ``TextReader`` protocol only, so their tests pass a stub reader instead of running OCR.

The engine is pointed at the model files inside the installed ``rapidocr`` wheel by explicit path: rapidocr
downloads a model when no path is configured, and ShopForge never fetches weights at run time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from PIL import Image

logger = logging.getLogger(__name__)

DET_MODEL = "PP-OCRv6_det_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"

# limit_type=max: only images whose longer side exceeds 960 px are shrunk for detection. The default (min, 736)
# enlarges every image's *shorter* side to 736, which slows detection of large main images for no gain.
ENGINE_PARAMS: dict[str, Any] = {
    "Det.limit_type": "max",
    "Det.limit_side_len": 960,
    "Global.log_level": "error",  # "no text found" is a normal answer here, not a warning
}


class OCRUnavailableError(RuntimeError):
    """rapidocr or its bundled model files are missing."""


@dataclass(frozen=True)
class TextBox:
    text: str
    box: tuple[tuple[float, float], ...]  # four corners (x, y), clockwise from top-left, in image pixels
    score: float  # recognition confidence in [0, 1]

    @property
    def height(self) -> float:
        ys = [y for _, y in self.box]
        return max(ys) - min(ys)


# A text line taller than this share of the frame is no caption or watermark: OCR reads a product's silhouette
# as one big glyph ("中", "T", "CO" spanning the whole image on plain product photos).
MAX_TEXT_HEIGHT = 0.3
MIN_SINGLE_CHAR_SCORE = 0.9  # a lone character needs high confidence to count as text
ON_PRODUCT = 0.9  # a text box this much inside the product mask is printed on the product, not laid over it


@dataclass(frozen=True)
class TextClasses:
    """OCR lines sorted by what they are on a product photo."""

    overlays: list[TextBox]  # on the background: captions, stickers, watermarks
    on_product: list[TextBox]  # inside the product: its own print (a brand, a label), or a watermark laid over it
    artefacts: list[TextBox]  # a silhouette read as a glyph, an unsure lone character


def classify_text_boxes(boxes: list[TextBox], product: np.ndarray) -> TextClasses:
    """Split OCR lines by where they sit against the product mask (``product``: bool, H×W)."""
    height, width = product.shape
    classes = TextClasses([], [], [])
    for box in boxes:
        lone = len(box.text.strip()) < 2 and box.score < MIN_SINGLE_CHAR_SCORE
        if box.height > MAX_TEXT_HEIGHT * height or lone:
            classes.artefacts.append(box)
            continue
        xs, ys = [round(x) for x, _ in box.box], [round(y) for _, y in box.box]
        region = product[max(0, min(ys)) : min(height, max(ys) + 1), max(0, min(xs)) : min(width, max(xs) + 1)]
        inside = float(region.mean()) if region.size else 0.0
        (classes.on_product if inside >= ON_PRODUCT else classes.overlays).append(box)
    return classes


@runtime_checkable
class TextReader(Protocol):
    def read(self, image: Image.Image) -> list[TextBox]:
        """Every text line in an RGB image."""
        ...


def model_paths() -> dict[str, Path]:
    """The det/cls/rec model files inside the installed rapidocr wheel."""
    try:
        import rapidocr
    except ImportError as exc:  # rapidocr is installed with --no-deps; a missing dependency surfaces here
        raise OCRUnavailableError(f"rapidocr cannot be imported ({exc}); run scripts/setup.sh") from exc
    folder = Path(rapidocr.__file__).resolve().parent / "models"
    paths = {"Det": folder / DET_MODEL, "Cls": folder / CLS_MODEL, "Rec": folder / REC_MODEL}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise OCRUnavailableError(f"rapidocr model files missing: {', '.join(missing)}")
    return paths


class RapidTextReader:
    """RapidOCR behind ``TextReader``; the ONNX sessions are created on first use and reused."""

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        self._params = {**ENGINE_PARAMS, **(params or {})}
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._engine is None:
                from rapidocr import RapidOCR

                paths = model_paths()
                config = {f"{stage}.model_path": str(path) for stage, path in paths.items()}
                self._engine = RapidOCR(params={**config, **self._params})
            return self._engine

    def read(self, image: Image.Image) -> list[TextBox]:
        engine = self._load()
        # rapidocr treats arrays as OpenCV BGR.
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        result = engine(bgr)
        texts = result.txts or ()
        scores = result.scores or ()
        boxes = result.boxes if result.boxes is not None else ()
        return [
            TextBox(text=str(text), box=tuple((float(x), float(y)) for x, y in box), score=float(score))
            for text, score, box in zip(texts, scores, boxes, strict=False)
            if str(text).strip()
        ]


_default_reader: RapidTextReader | None = None
_default_lock = threading.Lock()


def default_reader() -> RapidTextReader:
    """The process-wide reader, so the models are loaded once per process."""
    global _default_reader
    with _default_lock:
        if _default_reader is None:
            _default_reader = RapidTextReader()
        return _default_reader


def read_text(image: Image.Image, reader: TextReader | None = None) -> list[TextBox]:
    """Every text line in ``image``, with its box and confidence."""
    return (reader or default_reader()).read(image)
