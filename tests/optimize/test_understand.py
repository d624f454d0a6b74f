"""Content understanding: text measured against the product's facts and packs; images with the creative measures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import ImageFilter
from tests.optimize.optimize_fixtures import (
    EN_CLEAN,
    EN_PRODUCT,
    ZH_CLEAN,
    ZH_PRODUCT,
    analyzer,
    busy_background,
    clean_photo,
    save_image,
    stamped,
)

from shopforge.catalog.builder import build_record
from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.jsonl_reader import raw_product_from_object
from shopforge.copywriting.plan import AccountProfile, ProductInput
from shopforge.creative.ocr import TextBox
from shopforge.creative.segment.opencv import OpenCVSegmenter
from shopforge.optimize.understand import detect_language, keywords, names_category, readability, understand_text
from shopforge.optimize.understand_image import ImageAnalyzer, classify_texts
from shopforge.optimize.vision import OpenAIImageDescriber
from shopforge.store.versions import ListingContent


def _input(row: dict[str, object]) -> ProductInput:
    record, errors = build_record(raw_product_from_object(dict(row), 1))
    assert record is not None, errors
    return ProductInput(record.sku, record.title, record.brand, record.categories, facts_for_record(record))


ZH = _input(ZH_PRODUCT)
EN = _input(EN_PRODUCT)
TMALL = AccountProfile("shop", "tmall", "zh")
AMAZON = AccountProfile("shop", "amazon", "en")


def test_claims_are_checked_against_the_facts_whatever_the_unit() -> None:
    content = ListingContent.build("象山 保温杯 0.75L 黑色", ["容量1000ml"], "304不锈钢")
    text = understand_text(content, ZH, TMALL)
    grounded = {(c["part"], c["span"]): c["grounded"] for c in text.claims}
    assert grounded[("title", "0.75L")] is True  # 750ml in the facts
    assert grounded[("bullets", "1000ml")] is False
    assert [i.category for i in text.issues] == ["grounding"] and text.issues[0].part == "bullets"


def test_forbidden_terms_are_issues_of_their_part() -> None:
    content = ListingContent.build("Best Brewly Electric Kettle 1.7 L", description="The No.1 kettle.")
    issues = understand_text(content, EN, AMAZON).issues
    assert {(i.part, i.category) for i in issues} >= {("title", "term"), ("description", "term")}


def test_category_and_key_attributes_in_the_title_in_any_form() -> None:
    said = understand_text(ListingContent.build(ZH_CLEAN["title"]), ZH, TMALL)
    assert said.category == "保温杯" and said.category_in_title
    assert [a.in_title for a in said.key_attributes[:2]] == [True, True]
    other_unit = understand_text(ListingContent.build("象山 304不锈钢 0.75L 保温杯"), ZH, TMALL)
    assert all(a.in_title for a in other_unit.key_attributes if a.kind == "quantity" and "750" in a.text)
    bare = understand_text(ListingContent.build("象山 黑色 杯子"), ZH, TMALL)
    assert not bare.category_in_title and not any(a.in_title for a in bare.key_attributes if a.kind == "material")


def test_title_length_uses_the_platform_unit_and_limits() -> None:
    zh = understand_text(ListingContent.build("保温杯 750ml"), ZH, TMALL)
    assert (zh.title_unit, zh.title_length, zh.title_hard_limit) == ("bytes_gbk", 12, 60)
    en = understand_text(ListingContent.build(EN_CLEAN["title"]), EN, AMAZON)
    assert (en.title_unit, en.title_length, en.title_hard_limit, en.title_soft_limit) == (
        "chars",
        len(EN_CLEAN["title"]),
        200,
        80,
    )


def test_benefits_first_line_keywords_language_readability() -> None:
    text = understand_text(ListingContent.build(**EN_CLEAN), EN, AMAZON)
    assert "durable and easy to clean" in text.benefits
    assert text.first_line == EN_CLEAN["bullets"][0]
    assert "kettle" in text.keywords and "with" not in text.keywords
    assert detect_language("象山保温杯 750ml") == "zh" and detect_language("Brewly kettle") == "en"
    assert keywords("象山 304不锈钢，保温杯", "zh") == ["象山", "304不锈钢", "保温杯"]
    long_sentence = " ".join(["word"] * 45) + "."
    assert readability("Short one. Another short one.", "en") == 1.0 > readability(long_sentence, "en")


def test_image_measures_a_clean_white_main_image(tmp_path: Path) -> None:
    image = analyzer("amazon").understand(str(save_image(clean_photo(1200), tmp_path, "clean")))
    assert image.error is None and image.mask_source == "flat"
    assert image.background_white_share > 0.98 and 0.85 <= image.fill <= 0.9
    assert image.long_side == 1200 and image.sharpness > 60 and image.texts == []
    assert not [v for v in image.spec_violations if v["severity"] == "error"]
    assert len(image.features()) == 8


def test_image_defects_show_in_the_measures(tmp_path: Path) -> None:
    measure = analyzer("amazon").understand
    sharp = measure(str(save_image(clean_photo(1200), tmp_path, "sharp")))
    blurred = measure(str(save_image(clean_photo(1200).filter(ImageFilter.GaussianBlur(6)), tmp_path, "blur")))
    assert blurred.sharpness < 60 < sharp.sharpness
    small = measure(str(save_image(clean_photo(1200, fill=0.4), tmp_path, "small")))
    assert 0.35 < small.fill < 0.45
    text = measure(str(save_image(stamped(clean_photo(1200), "全网第一"), tmp_path, "text")))
    assert any("第一" in t for t in text.texts)
    assert any(v["rule"].startswith("text.forbidden_terms") for v in text.spec_violations)


def test_busy_background_uses_the_segmenter_for_the_product_mask(tmp_path: Path) -> None:
    path = str(save_image(busy_background(600), tmp_path, "busy"))
    without = ImageAnalyzer("tmall", reader=analyzer("tmall").reader).understand(path)
    segmented = ImageAnalyzer("tmall", segmenter=OpenCVSegmenter(), reader=analyzer("tmall").reader).understand(path)
    assert without.mask_source == "estimate" and segmented.mask_source == "opencv"
    assert segmented.fill < without.fill  # the segmenter separates the bottle from the stripes
    assert segmented.background_white_share < 0.1


def test_unreadable_image_is_an_error_record_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    result = analyzer("amazon").understand(str(broken))
    assert result.error and "broken.jpg" in result.error


def test_measurements_are_cached_per_file_version(tmp_path: Path) -> None:
    path = save_image(clean_photo(600), tmp_path, "cached")
    images = analyzer("tmall")
    assert images.understand(str(path)) is images.understand(str(path))


def test_ocr_lines_are_split_into_overlays_product_print_and_artefacts() -> None:
    mask = np.zeros((800, 800), dtype=bool)
    mask[200:700, 300:500] = True  # the product

    def box(text: str, x0: int, y0: int, x1: int, y1: int, score: float = 0.95) -> TextBox:
        return TextBox(text, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)), score)

    lines = [
        box("SALE 50%", 20, 20, 260, 80),  # a sticker on the backdrop
        box("BREWLY", 320, 400, 480, 440),  # printed on the product
        box("中", 0, 0, 800, 799, 0.88),  # the whole frame read as one glyph
        box("7", 600, 600, 620, 630, 0.6),  # a lone, unsure character
    ]
    found = classify_texts(lines, mask)
    assert found == {"texts": ["SALE 50%"], "product_texts": ["BREWLY"], "ignored_texts": ["中", "7"]}


def test_an_unreachable_vision_model_leaves_the_description_empty(tmp_path: Path) -> None:
    describer = OpenAIImageDescriber("http://127.0.0.1:9/v1", "vlm", timeout=2.0)  # nothing listens there
    body = describer.request_body(clean_photo(1200))
    image_part = body["messages"][0]["content"][1]
    assert image_part["image_url"]["url"].startswith("data:image/jpeg;base64,")
    images = ImageAnalyzer("amazon", reader=analyzer("amazon").reader, describer=describer)
    result = images.understand(str(save_image(clean_photo(1200), tmp_path, "described")))
    assert result.error is None and result.description is None and result.fill > 0.8


def test_the_category_head_noun_names_the_product_in_either_number() -> None:
    assert names_category("KAJCI Embroidered Women's Waistcoat", "KAJCI Waistcoats")
    assert names_category("Packman Courier Security Bag", "Packman Packaging Security Bags")
    assert not names_category("Carrel Printed Women's", "Swim-dress")
    assert names_category("象山 保温杯 750ml", "保温杯") and not names_category("象山 水杯 750ml", "保温杯")
