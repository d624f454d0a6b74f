"""Detail pages: 750 px wide, sections from verified copy and facts, product pixels kept, honest about gaps."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from tests.creative.creative_helpers import Stored, bottle_photo

from shopforge.creative.detail_page import (
    WIDTH,
    DetailContent,
    DetailResult,
    detail_content,
    render_detail_page,
    spec_rows,
)
from shopforge.creative.detail_slices import SliceError, slice_page, slice_rows
from shopforge.creative.scene import RESAMPLE
from shopforge.facts.model import Fact
from shopforge.facts.normalize import normalize_product
from shopforge.jobs.creative_outputs import Photo, ProductData, RenderSettings, StoredCopy, render_output

ZH_ATTRIBUTES = [("材质", "304不锈钢"), ("容量", "0.75 L"), ("颜色", "黑色"), ("保温时长", "12小时")]
ZH_POINTS = "- 【保温】12小时长效保温，冬天也暖手\n- 【材质】304不锈钢内胆\n- 【容量】750ml 大容量"


def product() -> tuple[Image.Image, np.ndarray]:
    return bottle_photo(5, (300, 460), (70, 30, 230, 440), 40, (30, 60, 140), background=240, noise=60)


def zh_facts(attributes: list[tuple[str, str]] = ZH_ATTRIBUTES) -> list[Fact]:
    return normalize_product(
        title="象山 保温杯 750ml", brand="象山", categories=["水具"], price=89.0, currency="CNY",
        attributes=attributes, description=None,
    )  # fmt: skip


def zh_content(**overrides: Any) -> DetailContent:
    arguments: dict[str, Any] = {
        "title": Stored("象山 304不锈钢保温杯 750ml"), "bullets": Stored(ZH_POINTS), "facts": zh_facts(),
        "platform": "tmall", "lang": "zh", "price": "¥89",
    }  # fmt: skip
    return detail_content(**(arguments | overrides))


def squash(text: str) -> str:
    return "".join(text.split())


def test_page_is_750_wide_and_stacks_every_section() -> None:
    result = render_detail_page(product(), zh_content())
    layout = result.layout
    assert result.image.size == (WIDTH, layout.height) == (750, sum(s.height for s in layout.sections))
    assert [s.name for s in layout.sections] == ["hero", "points", "specs", "scene-studio", "scene-texture"]
    assert [s.top for s in layout.sections] == [0, *np.cumsum([s.height for s in layout.sections])[:-1].tolist()]
    hero, points = layout.section("hero"), layout.section("points")
    assert hero is not None and points is not None
    assert squash("".join(hero.strings)) == squash("象山 304不锈钢保温杯 750ml¥89")
    # the selling points are the verified bullets, verbatim (head and body lines), under a fixed heading
    assert squash("".join(points.strings)) == "产品卖点" + squash(ZH_POINTS.replace("- ", ""))
    assert layout.skipped == {}


def _expected_product(source: tuple[Image.Image, np.ndarray], size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """The source crop resized as every pipeline must resize it, and where its resized matte is fully opaque."""
    image, mask = source
    alpha = Image.fromarray((mask * 255).astype(np.uint8), "L")
    crop = alpha.getbbox()
    assert crop is not None
    expected = np.asarray(image.crop(crop).resize(size, RESAMPLE))
    return expected, np.asarray(alpha.crop(crop).resize(size, RESAMPLE)) == 255


def test_product_pixels_are_identical_inside_the_mask_in_every_section() -> None:
    source = product()
    result: DetailResult = render_detail_page(source, zh_content())
    page = np.asarray(result.image)
    shown = [s for s in result.layout.sections if s.product_box is not None]
    assert [s.name for s in shown] == ["hero", "scene-studio", "scene-texture"]
    for section in shown:
        assert section.product_box is not None
        left, top, right, bottom = section.product_box
        assert section.top <= top and bottom <= section.top + section.height
        expected, opaque = _expected_product(source, (right - left, bottom - top))
        assert opaque.sum() > 0.5 * opaque.size
        assert np.array_equal(page[top:bottom, left:right][opaque], expected[opaque]), section.name


def test_specs_table_is_read_back_by_ocr() -> None:
    ocr = pytest.importorskip("shopforge.creative.ocr")
    result = render_detail_page(product(), zh_content(), scene_styles=())
    specs = result.layout.section("specs")
    assert specs is not None
    crop = result.image.crop((0, specs.top, WIDTH, specs.top + specs.height))
    try:
        read = squash("".join(box.text for box in ocr.read_text(crop)))
    except ocr.OCRUnavailableError as exc:
        pytest.skip(str(exc))
    # "0.75 L" in the catalogue is written as the title writes it, through format_quantity
    for value in ("规格参数", "品牌", "象山", "304不锈钢", "750ml", "黑色", "12小时"):
        assert value in read, (value, read)
    assert "0.75" not in read


def test_spec_rows_normalise_quantities_and_drop_what_a_table_cannot_say() -> None:
    facts = zh_facts([*ZH_ATTRIBUTES, ("防漏", "true"), ("卖点", "全网最好的保温杯"), ("说明", "长" * 80)])
    rows, notes = spec_rows(facts, "tmall", "zh")
    table = {row.label: row.value for row in rows}
    expected = {
        "品牌": "象山", "材质": "304不锈钢", "容量": "750 ml", "颜色": "黑色", "保温时长": "12小时", "防漏": "是"
    }  # fmt: skip
    assert table == expected
    assert rows[1].source == "attributes.材质"
    assert "卖点" in notes and "全网最好" in notes["卖点"]
    assert "too long" in notes["说明"]


def test_unverified_or_rejected_copy_is_never_drawn() -> None:
    content = zh_content(
        title=Stored("象山保温杯", status="rejected"), bullets=Stored(ZH_POINTS, verification={"ok": False})
    )
    assert content.title is None and content.points == ()
    result = render_detail_page(product(), content, scene_styles=("studio",))
    names = [s.name for s in result.layout.sections]
    assert names == ["hero", "specs", "scene-studio"]
    hero = result.layout.section("hero")
    assert hero is not None and hero.strings == []
    assert "rejected" in result.layout.skipped["hero.title"]
    assert "not passed verification" in result.layout.skipped["points"]
    assert not any("保温杯" in line or "【" in line for line in result.layout.strings)


def test_a_product_without_copy_or_facts_gets_a_shorter_page_that_says_why() -> None:
    full = render_detail_page(product(), zh_content())
    bare = detail_content(title=None, bullets=None, facts=[], platform="tmall", lang="zh")
    result = render_detail_page(product(), bare)
    assert [s.name for s in result.layout.sections] == ["hero", "scene-studio", "scene-texture"]
    assert result.layout.strings == []
    assert result.image.height < full.image.height
    assert set(result.layout.skipped) == {"hero.title", "points", "specs"}
    assert "no title copy" in result.layout.skipped["hero.title"]
    assert "no attribute facts" in result.layout.skipped["specs"]


def test_an_empty_mask_is_a_clear_error() -> None:
    image, mask = product()
    with pytest.raises(ValueError, match="no product pixels"):
        render_detail_page((image, np.zeros_like(mask)), zh_content())


def test_english_points_with_a_head_keep_their_words() -> None:
    facts = normalize_product(
        title="Brewly Kettle", brand="Brewly", categories=[], price=None, currency=None,
        attributes=[("Capacity", "1.7 L"), ("Power", "1500 W")], description=None,
    )  # fmt: skip
    bullets = Stored("- Fast boil: 1500 W heats water quickly\n- Capacity: 1.7 L for the family")
    content = detail_content(
        title=Stored("Brewly Electric Kettle 1.7 L"), bullets=bullets, facts=facts, platform="amazon", lang="en"
    )
    result = render_detail_page(product(), content, scene_styles=())
    points = result.layout.section("points")
    specs = result.layout.section("specs")
    assert points is not None and specs is not None
    assert points.strings[:2] == ["Highlights", "Fast boil:"]
    assert squash("".join(points.strings[1:])) == squash(bullets.text.replace("- ", ""))
    assert "1.7 L" in specs.strings and "1500 W" in specs.strings and "Specifications" in specs.strings


LONG_POINTS = "\n".join(
    f"- 【卖点{n}】{text}" for n, text in enumerate(
        ["12小时长效保温，冬天出门也能喝上热水，办公室和户外都合适", "304不锈钢内胆，耐腐蚀，不串味，清洗方便",
         "750ml 大容量，一天的饮水量一次装好", "一键开盖，单手就能操作，通勤路上更方便",
         "硅胶密封圈，倒置摇晃也不漏水，放进背包更安心", "磨砂外壳防滑耐刮，握感舒适，颜色耐看"], 1)
)  # fmt: skip


def _ink_rows(page: np.ndarray, top: int, bottom: int) -> bool:
    """Whether rows [top, bottom) hold dark (text) pixels."""
    return bool((page[top:bottom].min(axis=2) < 110).any())


@pytest.mark.parametrize("max_height", [700, 1546])
def test_slices_stack_back_into_the_page_and_never_cut_a_line_of_text(max_height: int) -> None:
    result = render_detail_page(product(), zh_content(bullets=Stored(LONG_POINTS)))
    layout, page = result.layout, np.asarray(result.image)
    rows = slice_rows(layout, max_height)
    assert rows[0][0] == 0 and rows[-1][1] == layout.height and len(rows) > 1
    assert all(a[1] == b[0] for a, b in pairwise(rows))  # contiguous, no row lost or repeated
    assert all(0 < bottom - top <= max_height for top, bottom in rows)
    slices = slice_page(result.image, layout, max_height)
    assert np.array_equal(np.vstack([np.asarray(s) for s in slices]), page)
    bands = [band for s in layout.sections for band in s.text_rows]
    assert len(bands) >= len(layout.strings) // 3 and all(_ink_rows(page, a, b) for a, b in bands)
    cuts = [top for top, _ in rows[1:]]
    assert not [(y, a, b) for y in cuts for a, b in bands if a < y < b], "a cut splits a line of text"
    boundaries = {s.top for s in layout.sections}
    points = layout.section("points")
    assert points is not None
    for y in cuts:
        # a cut inside the selling points falls between two cards: the whole row is the section's plain tint
        if points.top < y < points.top + points.height:
            assert y in points.breaks and (page[y] == page[y, 0]).all()
    if max_height == 1546:  # every section is shorter than a mobile slice: each cut is a section boundary
        assert set(cuts) <= boundaries


def test_slicing_refuses_a_height_too_small_and_a_short_page_is_one_slice() -> None:
    result = render_detail_page(product(), zh_content())
    with pytest.raises(SliceError, match="at least"):
        slice_rows(result.layout, 100)
    assert slice_rows(result.layout, result.layout.height) == [(0, result.layout.height)]


def test_render_output_writes_numbered_slices_beside_the_full_page(tmp_path: Path) -> None:
    image, mask = product()
    rgba = image.convert("RGBA")
    rgba.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    photo = Photo(tmp_path / "bottle.png", image, rgba, ["alpha"])
    title, bullets = (
        StoredCopy("象山 304不锈钢保温杯 750ml", "draft", {"ok": True}),
        StoredCopy(ZH_POINTS, "draft", {"ok": True}),
    )
    data = ProductData("ZH/CUP 1", (), tuple(zh_facts()), "¥89", title, bullets)
    output = render_output("detail", data, photo, RenderSettings("tmall", "zh", tmp_path, detail_slice=1546))
    files = [Path(f) for f in output.parameters["slices"]["files"]]
    assert output.path.name == "ZH_CUP_1-detail.png"
    assert [f.name for f in files] == [f"ZH_CUP_1-detail-{n:02d}.png" for n in range(1, len(files) + 1)]
    heights = [Image.open(f).height for f in files]
    assert len(files) >= 2 and max(heights) <= 1546 and sum(heights) == Image.open(output.path).height
