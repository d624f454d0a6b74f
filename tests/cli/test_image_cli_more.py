"""``shopforge image enhance | detail | batch`` and ``shopforge jobs`` on creative jobs, as a merchant types them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from tests.cli.conftest import Run
from tests.helpers import ZH_BOTTLE, write_jsonl
from typer.testing import Result

from shopforge.jobs.creative import CreativeParams, create_creative_job
from shopforge.settings import Settings
from shopforge.store.assets import list_assets
from shopforge.store.db import open_database
from shopforge.store.models import Account


@pytest.fixture
def run(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("SHOPFORGE_SEGMENTER", "opencv")  # weight-free and fast; the pipelines are the same
    return run


def photo(path: Path, size: tuple[int, int] = (600, 600)) -> Path:
    rng = np.random.default_rng(2)
    image = Image.new("RGB", size, (232, 232, 236))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rounded_rectangle((int(w * 0.4), int(h * 0.25), int(w * 0.6), int(h * 0.87)), radius=12, fill=(30, 30, 34))
    noisy = np.asarray(image).astype(np.int16) + rng.integers(-6, 7, (h, w, 3))
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(path)
    return path


def resize_model(path: Path, factor: int = 2) -> Path:
    """A tiny super-resolution stand-in: nearest-neighbour Resize ×factor, float32 N×3×H×W in and out."""
    import onnx
    from onnx import TensorProto, helper

    scales = helper.make_tensor("scales", TensorProto.FLOAT, [4], [1.0, 1.0, float(factor), float(factor)])
    node = helper.make_node(
        "Resize", ["input", "", "scales"], ["output"], mode="nearest", nearest_mode="floor",
        coordinate_transformation_mode="asymmetric",  # output x samples input floor(x / factor): exact blocks
    )  # fmt: skip
    graph = helper.make_graph(
        [node], "sr", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, None, None])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, None, None])], initializer=[scales],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # readable by the onnxruntime pinned here
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def _lines(result: Result) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_enhance_runs_the_onnx_model_and_goes_on_past_a_bad_image(run: Run, tmp_path: Path) -> None:
    source = photo(tmp_path / "a.png", (96, 64))
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff not a jpeg")
    model = resize_model(tmp_path / "sr.onnx")
    result = run(
        "image", "enhance", str(source), str(tmp_path / "bad.jpg"), "--out", str(tmp_path / "out"), "--scale", "2",
        "--onnx", str(model), "--no-denoise", "--no-white-balance", "--no-exposure", "--no-sharpen",
    )  # fmt: skip
    assert result.exit_code == 0
    good, bad = _lines(result)
    assert good == {"image": str(source), "ok": True, "output": str(tmp_path / "out" / "a.png"), "size": [192, 128]}
    assert bad["ok"] is False and "bad.jpg" in result.stderr
    # the model's nearest-neighbour output, not Lanczos: every source pixel becomes an exact 2×2 block
    pixels = np.asarray(Image.open(source).convert("RGB"))
    assert np.array_equal(np.asarray(Image.open(tmp_path / "out" / "a.png")), pixels.repeat(2, 0).repeat(2, 1))


def test_enhance_refuses_a_missing_or_broken_model_and_a_bad_scale_up_front(run: Run, tmp_path: Path) -> None:
    source = photo(tmp_path / "a.png", (64, 64))
    out = str(tmp_path / "out")
    missing = run("image", "enhance", str(source), "--out", out, "--onnx", str(tmp_path / "none.onnx"))
    assert missing.exit_code == 2 and "no such super-resolution model" in missing.stderr
    (tmp_path / "junk.onnx").write_bytes(b"junk")
    broken = run("image", "enhance", str(source), "--out", out, "--onnx", str(tmp_path / "junk.onnx"))
    assert broken.exit_code == 2 and "not a usable ONNX model" in broken.stderr
    scaled = run("image", "enhance", str(source), "--out", out, "--scale", "9")
    assert scaled.exit_code == 2 and "at most 4" in scaled.stderr
    nothing = run("image", "enhance", str(tmp_path / "gone.png"), "--out", out)
    assert nothing.exit_code == 1 and "gone.png" in nothing.stderr


def test_enhance_keep_product_leaves_a_cutouts_opaque_pixels_as_resized(run: Run, tmp_path: Path) -> None:
    rgb = Image.open(photo(tmp_path / "p.png", (80, 80))).convert("RGB")
    alpha = Image.new("L", rgb.size, 0)
    ImageDraw.Draw(alpha).rectangle((20, 10, 60, 70), fill=255)
    cut = rgb.copy()
    cut.putalpha(alpha)
    cut.save(tmp_path / "cut.png")
    result = run("image", "enhance", str(tmp_path / "cut.png"), "--out", str(tmp_path / "out"), "--keep-product")
    assert result.exit_code == 0, result.stderr
    enhanced = np.asarray(Image.open(tmp_path / "out" / "cut.png"))
    opaque = np.asarray(alpha.resize((160, 160), Image.Resampling.LANCZOS)) == 255
    expected = np.asarray(rgb.resize((160, 160), Image.Resampling.LANCZOS))
    assert opaque.sum() > 1000 and np.array_equal(enhanced[opaque], expected[opaque])


def _shop(run: Run, tmp_path: Path) -> None:
    photo(tmp_path / "bottle.png")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff garbage")
    rows = [dict(ZH_BOTTLE, images=["bottle.png"]), dict(ZH_BOTTLE, sku="ZH-CUP-2", images=["broken.jpg"])]
    assert run("account", "create", "zh-shop", "--platform", "tmall", "--lang", "zh").exit_code == 0
    assert run("catalog", "import", str(write_jsonl(tmp_path / "c.jsonl", rows)), "--account", "zh-shop").exit_code == 0


def test_detail_writes_the_page_and_an_asset(run: Run, tmp_path: Path) -> None:
    _shop(run, tmp_path)
    assert run("generate", "--account", "zh-shop", "--kind", "title", "--kind", "bullets", "--backend", "template",
               "--sku", "ZH-CUP-1").exit_code == 0  # fmt: skip
    out = tmp_path / "pages"
    result = run("image", "detail", "--account", "zh-shop", "--sku", "ZH-CUP-1", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    page = out / "ZH-CUP-1-detail.png"
    assert result.stdout.strip() == str(page) and Image.open(page).width == 750
    database = open_database(Settings().resolved_database_url)
    with database.session() as session:
        account = session.query(Account).one()
        (asset,) = list_assets(session, account)
        assert asset.kind == "detail" and asset.path == str(page) and asset.check_result["ok"] is True
        assert asset.provenance["backend"] == "opencv" and asset.provenance["source_image"].endswith("bottle.png")
    database.dispose()
    broken = run("image", "detail", "--account", "zh-shop", "--sku", "ZH-CUP-2", "--out", str(out))
    assert broken.exit_code == 2 and "broken.jpg" in broken.stderr
    unknown = run("image", "detail", "--account", "zh-shop", "--sku", "NOPE", "--out", str(out))
    assert unknown.exit_code == 2 and "NOPE" in unknown.stderr


def test_batch_then_jobs_list_and_retry_work_on_creative_jobs(run: Run, tmp_path: Path) -> None:
    _shop(run, tmp_path)
    first = run("image", "batch", "--account", "zh-shop", "--kind", "cutout", "--kind", "scene")
    assert first.exit_code == 0
    assert "2/4 done, 2 failed" in first.stdout and "ZH-CUP-2 cutout:" in first.stdout
    listed = run("jobs", "list", "--account", "zh-shop")
    assert listed.exit_code == 0 and "creative" in listed.stdout
    photo(tmp_path / "broken.jpg")
    retried = run("jobs", "retry", "1", "--account", "zh-shop")
    assert retried.exit_code == 0 and "4/4 done, 0 failed" in retried.stdout
    unknown = run("image", "batch", "--account", "zh-shop", "--kind", "hologram")
    assert unknown.exit_code == 2 and "unknown creative kind" in unknown.stderr


def test_jobs_resume_runs_a_pending_creative_job(run: Run, tmp_path: Path) -> None:
    _shop(run, tmp_path)
    database = open_database(Settings().resolved_database_url)
    with database.session() as session:  # a job created (e.g. over the API) but never run, or cut short
        params = CreativeParams(("cutout",), ("ZH-CUP-1",))
        job_id = create_creative_job(session, session.query(Account).one(), params).id
    database.dispose()
    resumed = run("jobs", "resume", str(job_id), "--account", "zh-shop")
    assert resumed.exit_code == 0 and "1/1 done, 0 failed" in resumed.stdout
