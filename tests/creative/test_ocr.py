"""Real RapidOCR on images rendered with Noto Sans CJK: what it reads, and what check_image makes of it."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from tests.creative.test_measure import render_bottle

from shopforge.creative import ocr
from shopforge.creative.image_check import check_image

noto = pytest.importorskip("noto_cjk_sans_otc")
pytest.importorskip("rapidocr")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(noto.FONT_PATH), size)


def _with_text(photo: Image.Image, lines: list[tuple[str, tuple[int, int], tuple[int, int, int]]]) -> Image.Image:
    stamped = photo.copy()
    draw = ImageDraw.Draw(stamped)
    for text, position, colour in lines:
        draw.text(position, text, font=_font(56), fill=colour)
    return stamped


@pytest.fixture(scope="module")
def reader() -> ocr.RapidTextReader:
    return ocr.RapidTextReader()


@pytest.fixture(scope="module")
def ad_photo() -> tuple[Image.Image, np.ndarray]:
    """A 640 px product photo with 「全网第一」 and "No.1 SALE" stamped on it."""
    photo, mask = render_bottle((640, 640), fill=0.6)
    lines = [("全网第一", (20, 20), (200, 0, 0)), ("No.1 SALE", (330, 540), (0, 0, 0))]
    return _with_text(photo, lines), mask


def _normalised(text: str) -> str:
    return "".join(text.split()).upper()


def test_models_come_from_the_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = ocr.model_paths()
    assert {path.name for path in paths.values()} == {ocr.DET_MODEL, ocr.CLS_MODEL, ocr.REC_MODEL}
    assert all(path.parent.parent == Path(__import__("rapidocr").__file__).parent for path in paths.values())


def test_reads_chinese_and_latin_text(reader: ocr.RapidTextReader, ad_photo: tuple[Image.Image, np.ndarray]) -> None:
    started = time.perf_counter()
    boxes = ocr.read_text(ad_photo[0], reader)
    elapsed = time.perf_counter() - started
    texts = {_normalised(box.text) for box in boxes}
    assert "全网第一" in texts
    assert "NO.1SALE" in texts
    chinese = next(box for box in boxes if _normalised(box.text) == "全网第一")
    xs = [x for x, _ in chinese.box]
    assert min(xs) < 60 and chinese.score > 0.8 and chinese.height > 30  # found where it was drawn
    assert elapsed < 30  # generous: includes loading the three models on the first call


def test_no_download_when_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    from rapidocr.utils import download_file

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rapidocr tried to download a model")

    monkeypatch.setattr(download_file.DownloadFile, "run", refuse)
    fresh = ocr.RapidTextReader()
    assert fresh.read(Image.new("RGB", (200, 100), "white")) == []


def test_check_flags_ad_law_terms_in_pixels(
    reader: ocr.RapidTextReader, ad_photo: tuple[Image.Image, np.ndarray]
) -> None:
    photo, mask = ad_photo
    taobao = check_image(photo, "taobao", mask=mask, reader=reader)
    terms = [v for v in taobao.violations if v.rule == "text.forbidden_terms"]
    flagged = {v.value["text"] for v in terms}
    assert "全网第一" in flagged and any("No.1" in text for text in flagged)
    assert {v.value["rule"] for v in terms} == {"cn_ad_law.absolute_terms"}
    assert not taobao.ok  # an ad-law violation is an error even where text itself is allowed
    assert "text.present" not in taobao.rules()  # Taobao allows text on main images
    amazon = check_image(photo, "amazon", mask=mask, reader=reader)
    assert {"text.present", "text.forbidden_terms"} <= amazon.rules()
    superlative = [v for v in amazon.violations if v.rule == "text.forbidden_terms" and "No.1" in v.value["text"]]
    assert "en_claims.claims.superlative" in {v.value["rule"] for v in superlative}  # "SALE" is a promo phrase too


def test_clean_product_photo_has_no_text_violation(reader: ocr.RapidTextReader) -> None:
    photo, mask = render_bottle((640, 640), fill=0.87)
    report = check_image(photo, "amazon", mask=mask, reader=reader)
    assert not {"text.present", "text.forbidden_terms"} & report.rules()
    assert report.texts == []
