"""Int8 weights: calibration photos are deterministic, quantising a tiny model keeps its output, set-up makes the
int8 copy once and remakes it when the fp32 file it came from changes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper

from shopforge.creative.segment import weights
from shopforge.creative.segment.base import SegmentationError
from shopforge.creative.segment.quantize import PHOTO_SIZE, calibration_photos, quantize, sidecar
from shopforge.creative.segment.u2net import preprocess


def _tiny_segmenter(path: Path) -> None:
    """conv 3→4 (3×3) → relu → conv 4→1 (1×1) → sigmoid, on the u2net input shape."""
    rng = np.random.default_rng(1)
    w1 = helper.make_tensor("w1", TensorProto.FLOAT, [4, 3, 3, 3], rng.normal(0, 0.5, 108).tolist())
    w2 = helper.make_tensor("w2", TensorProto.FLOAT, [1, 4, 1, 1], rng.normal(0, 0.5, 4).tolist())
    nodes = [
        helper.make_node("Conv", ["image", "w1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2"], ["c2"]),
        helper.make_node("Sigmoid", ["c2"], ["out"]),
    ]
    shape = [1, 3, PHOTO_SIZE, PHOTO_SIZE]
    graph = helper.make_graph(
        nodes, "tiny", [helper.make_tensor_value_info("image", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 1, PHOTO_SIZE, PHOTO_SIZE])], [w1, w2],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)])  # like the rembg exports
    model.ir_version = 8
    onnx.save(model, str(path))


def _run(path: Path, batch: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"image": batch})[0])


def test_calibration_photos_are_deterministic_and_varied() -> None:
    first, again = list(calibration_photos(4)), list(calibration_photos(4))
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert all(p.shape == (PHOTO_SIZE, PHOTO_SIZE, 3) and p.dtype == np.uint8 for p in first)
    assert len({p.tobytes() for p in first}) == 4
    assert np.std([p.mean() for p in first]) > 5  # different backdrops, not one scene four times


def test_quantize_writes_int8_convolutions_that_keep_the_output(tmp_path: Path) -> None:
    source, target = tmp_path / "tiny.onnx", tmp_path / "tiny.int8.onnx"
    _tiny_segmenter(source)
    quantize(source, target, "abc123", per_channel=True, count=4)
    model = onnx.load(str(target))
    ops = {node.op_type for node in model.graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    int8_weights = [t for t in model.graph.initializer if t.data_type == TensorProto.INT8]
    assert int8_weights, "weights were not stored as int8"
    made = json.loads(sidecar(target).read_text(encoding="utf-8"))
    assert made["source_sha256"] == "abc123" and made["per_channel"] is True
    assert made["sha256"] == weights.sha256_of(target)
    # on a photo it was not calibrated on, the int8 output stays within a few uint8 steps of fp32
    photo = list(calibration_photos(6, seed=99))[-1]
    batch = preprocess(photo)
    assert np.abs(_run(target, batch) - _run(source, batch)).max() < 0.05
    assert not target.with_suffix(".onnx.part").exists()


def test_set_up_makes_the_int8_copy_once_and_remakes_a_stale_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tiny_segmenter(tmp_path / "tiny.onnx")
    spec = weights.WeightSpec("tiny", "tiny.onnx", "none==0", "x", weights.sha256_of(tmp_path / "tiny.onnx"), None,
                              int8=True)
    monkeypatch.setitem(weights.WEIGHTS, "tiny", spec)
    monkeypatch.setenv("SHOPFORGE_MODELS_CACHE", str(tmp_path / "empty"))
    with pytest.raises(SegmentationError, match=r"tiny\.int8\.onnx.*fetch --only tiny"):
        weights.locate("tiny", [tmp_path], precision="int8")
    assert "quantised" in weights.make_int8(spec, tmp_path)
    assert weights.locate("tiny", [tmp_path], precision="int8") == tmp_path / "tiny.int8.onnx"
    assert "present" in weights.make_int8(spec, tmp_path)
    newer = weights.WeightSpec("tiny", "tiny.onnx", "none==1", "x", "0" * 64, None, int8=True)
    monkeypatch.setitem(weights.WEIGHTS, "tiny", newer)
    with pytest.raises(SegmentationError, match="stale"):  # made from a different fp32 file: not used
        weights.locate("tiny", [tmp_path], precision="int8")
    assert "quantised" in weights.make_int8(newer, tmp_path)
