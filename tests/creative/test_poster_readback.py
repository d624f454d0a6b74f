"""Every rendered poster, read back by the real OCR, says exactly the verified copy (whitespace aside)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from tests.creative.creative_helpers import EN_POSTER_COPY, ZH_POSTER_COPY, bottle_photo

from shopforge.creative.layout import POSTER_SIZES
from shopforge.creative.ocr import OCRUnavailableError, RapidTextReader, TextBox
from shopforge.creative.poster import PosterCopy, render_poster
from shopforge.jobs.creative_outputs import readback, squash

ZH, EN = ZH_POSTER_COPY, EN_POSTER_COPY


@pytest.fixture(scope="module")
def reader() -> RapidTextReader:
    reader = RapidTextReader()
    try:
        reader.read(Image.new("RGB", (64, 64), (255, 255, 255)))
    except OCRUnavailableError as exc:
        pytest.skip(str(exc))
    return reader


def product() -> tuple[Image.Image, np.ndarray]:
    return bottle_photo(11, (340, 500), (80, 40, 260, 480), 46, (40, 110, 90), background=238, noise=50)


@pytest.mark.parametrize("size", list(POSTER_SIZES))
@pytest.mark.parametrize("copy", [ZH, EN], ids=["zh", "en"])
def test_ocr_reads_back_exactly_the_verified_copy(size: str, copy: PosterCopy, reader: RapidTextReader) -> None:
    result = render_poster(product(), copy, size)
    verified = squash(copy.title + "".join(copy.points) + (copy.price or ""))
    assert squash("".join(result.layout.strings)) == verified  # what was drawn is the copy …
    found = readback(result.image, result.layout.strings, reader)
    assert found["ok"] is True, found  # … and what the pixels say is the copy
    assert found["read"] == verified


class _Scripted:
    """A reader that returns fixed boxes: the comparison itself is under test, not the OCR."""

    def __init__(self, boxes: list[TextBox]) -> None:
        self.boxes = boxes

    def read(self, image: Image.Image) -> list[TextBox]:
        return self.boxes


def _box(text: str, x: float, y: float) -> TextBox:
    return TextBox(text, ((x, y), (x + 100, y), (x + 100, y + 20), (x, y + 20)), 0.99)


def test_readback_orders_lines_top_down_and_flags_any_difference() -> None:
    image = Image.new("RGB", (200, 200))
    lines = ["Leak-proof lid", "$24.9"]
    shuffled = _Scripted([_box("$24.9", 10, 90), _box("Leak-proof", 10, 40), _box("lid", 120, 38)])
    assert readback(image, lines, shuffled)["ok"] is True
    wrong = _Scripted([_box("Leak-proof lid", 10, 40), _box("$24.8", 10, 90)])
    expected = {"ok": False, "read": "Leak-prooflid$24.8", "expected": "Leak-prooflid$24.9"}
    assert readback(image, lines, wrong) == expected
