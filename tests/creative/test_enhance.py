"""Detail enhancement on synthetic images whose truth is known by construction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shopforge.creative.enhance import (
    LUMINANCE_TOLERANCE,
    MAX_GAMMA,
    MIN_GAMMA,
    RESAMPLE,
    TARGET_LUMINANCE,
    auto_exposure,
    auto_white_balance,
    denoise_image,
    enhance,
    exposure_gamma,
    upscale,
)


def _image(values: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), mode="RGB")


def _noisy(base: tuple[int, int, int], size: int = 64, sigma: float = 10.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.asarray(base, np.float32) + rng.normal(0, sigma, (size, size, 3))


def _step_edge(size: int = 64, low: int = 60, high: int = 190) -> Image.Image:
    values = np.full((size, size, 3), low, np.float32)
    values[:, size // 2 :] = high
    return _image(values)


def _steepest(image: Image.Image) -> float:
    luminance = np.asarray(image.convert("L"), np.float32)
    return float(np.abs(np.diff(luminance[luminance.shape[0] // 2])).max())


def _luminance(image: Image.Image) -> float:
    return float(np.asarray(image.convert("L"), np.float32).mean() / 255)


def test_white_balance_neutralises_a_colour_cast_on_a_grey_patch() -> None:
    cast = _image(_noisy((150, 125, 105), sigma=3))  # a grey card under warm light
    balanced = np.asarray(auto_white_balance(cast), np.float32).reshape(-1, 3).mean(axis=0)
    before = np.asarray(cast, np.float32).reshape(-1, 3).mean(axis=0)
    assert np.ptp(before) > 40
    assert np.ptp(balanced) < 3  # R, G and B means within 3 levels: neutral grey


def test_white_balance_gains_are_clamped() -> None:
    cast = _image(_noisy((200, 60, 60), sigma=2))  # a red backdrop: full correction would need ×2 gains
    balanced = np.asarray(auto_white_balance(cast), np.float32).reshape(-1, 3).mean(axis=0)
    assert balanced[0] > balanced[1] + 40  # still red, only moved towards grey
    assert balanced[1] == pytest.approx(60 * 1.5, abs=2)


def test_underexposed_image_brightens_towards_the_target_and_the_gamma_is_clamped() -> None:
    dim = _image(_noisy((50, 50, 50), sigma=5))  # mean luminance ≈ 0.2, below the band
    brighter = auto_exposure(dim)
    assert _luminance(dim) < _luminance(brighter) <= TARGET_LUMINANCE
    assert _luminance(brighter) == pytest.approx(TARGET_LUMINANCE - LUMINANCE_TOLERANCE, abs=0.03)  # band's low edge

    dark = _image(np.full((32, 32, 3), 8.0))  # needs gamma ≈ 0.35: clamped
    assert exposure_gamma(8 / 255) == MIN_GAMMA
    assert np.asarray(auto_exposure(dark))[0, 0, 0] == round(255 * (8 / 255) ** MIN_GAMMA)
    assert exposure_gamma(0.93) == MAX_GAMMA
    assert exposure_gamma(TARGET_LUMINANCE) == 1.0  # inside the band: untouched


def test_exposure_keeps_a_white_backdrop_white_and_does_not_darken_a_product_on_it() -> None:
    values = np.full((32, 32, 3), 255.0)
    values[8:24, 8:24] = 180  # a light product on white: bright overall, but not overexposed
    result = np.asarray(auto_exposure(_image(values)))
    assert np.array_equal(result, values.astype(np.uint8))
    values[8:24, 8:24] = 30  # a dark product on white: brightened, the white stays white
    result = np.asarray(auto_exposure(_image(values)))
    assert result[0, 0].tolist() == [255, 255, 255] and result[16, 16, 0] > 30


def test_the_whole_pipeline_keeps_a_pure_white_backdrop_white() -> None:
    values = np.full((40, 40, 3), 255.0)
    values[10:30, 10:30] = (200, 60, 40)
    result = np.asarray(enhance(_image(values), scale=2.0))
    assert result[:8, :8].min() == 255


def test_denoise_lowers_the_noise_on_a_flat_patch() -> None:
    noisy = _image(_noisy((128, 110, 90), sigma=8))
    before = np.asarray(noisy, np.float32).std(axis=(0, 1)).mean()
    after = np.asarray(denoise_image(noisy), np.float32).std(axis=(0, 1)).mean()
    assert after < 0.6 * before


def test_upscale_doubles_the_size_and_sharpens_a_step_edge_beyond_lanczos() -> None:
    edge = _step_edge()
    sharp = upscale(edge, 2.0)
    plain = edge.resize((128, 128), RESAMPLE)
    assert sharp.size == (128, 128)
    assert _steepest(sharp) > 1.15 * _steepest(plain)
    assert upscale(edge, 2.0, sharpen=False).tobytes() == plain.tobytes()


def test_sharpening_leaves_flat_noise_alone() -> None:
    flat = _image(_noisy((128, 128, 128), sigma=1.5))
    assert np.array_equal(np.asarray(upscale(flat, 1.0)), np.asarray(flat))


def test_with_a_mask_product_pixels_equal_the_lanczos_resized_source() -> None:
    rng = np.random.default_rng(1)
    values = np.asarray((50, 42, 36), np.float32) + rng.normal(0, 6, (80, 100, 3))  # dim, warm, noisy background
    values[20:60, 30:70] = rng.uniform(0, 255, (40, 40, 3))  # a textured product
    mask = np.zeros((80, 100), np.float32)
    mask[20:60, 30:70] = 1.0
    mask[19, 30:70] = mask[60, 30:70] = 0.5  # a soft edge
    photo = _image(values)

    result = enhance(photo, scale=1.5, mask=mask)

    assert result.size == (150, 120)
    reference = np.asarray(photo.resize(result.size, RESAMPLE))
    matte = np.asarray(Image.fromarray(np.rint(mask * 255).astype(np.uint8)).resize(result.size, RESAMPLE))
    inside = matte == 255
    assert inside.sum() > 2000
    assert np.array_equal(np.asarray(result)[inside], reference[inside])
    background = np.asarray(result, np.float32)[matte == 0]
    assert np.ptp(background.mean(axis=0)) < 10  # background balanced and brightened
    assert background.mean() > reference[matte == 0].mean() + 20


def test_enhance_without_mask_runs_every_step() -> None:
    photo = _image(_noisy((60, 50, 42), size=48, sigma=6))
    result = enhance(photo, scale=0.5)
    assert result.size == (24, 24)
    means = np.asarray(result, np.float32).reshape(-1, 3).mean(axis=0)
    assert np.ptp(means) < 5 and means.mean() > 60


@pytest.mark.parametrize("scale", [0, -1.0, 4.5, float("nan")])
def test_bad_scale_is_refused_with_the_value(scale: float) -> None:
    with pytest.raises(ValueError, match=f"got {scale!r}"):
        enhance(_step_edge(), scale=scale)


def test_mask_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="mask is"):
        enhance(_step_edge(), mask=np.ones((10, 10), np.float32))


def _nearest_x2_model(path: Path) -> None:
    """A stand-in super-resolution model: nearest-neighbour ×2 on N×3×H×W input."""
    onnx = pytest.importorskip("onnx")
    helper, tensor_proto = onnx.helper, onnx.TensorProto
    scales = helper.make_tensor("scales", tensor_proto.FLOAT, [4], [1.0, 1.0, 2.0, 2.0])
    resize = helper.make_node("Resize", ["image", "", "scales"], ["upscaled"], mode="nearest")
    graph = helper.make_graph(
        [resize],
        "x2",
        [helper.make_tensor_value_info("image", tensor_proto.FLOAT, [1, 3, "h", "w"])],
        [helper.make_tensor_value_info("upscaled", tensor_proto.FLOAT, [1, 3, "h2", "w2"])],
        [scales],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))


def test_upscale_runs_an_onnx_super_resolution_model(tmp_path: Path) -> None:
    model = tmp_path / "x2.onnx"
    _nearest_x2_model(model)
    edge = _step_edge(16)
    result = upscale(edge, 2.0, sharpen=False, sr_model=model)
    expected = np.asarray(edge).repeat(2, axis=0).repeat(2, axis=1)
    assert np.array_equal(np.asarray(result), expected)
