"""``enhance``: detail enhancement of a product photo — denoise, white balance, exposure, upscale and sharpen.

The steps run in that order: noise is removed at the source resolution (cheaper, and before any gain would
amplify it), colour and brightness are corrected from image statistics, and the result is resized by Lanczos
(or by an ONNX super-resolution model) with an unsharp mask restricted to edges, so flat areas and their noise
are not sharpened.

The product's pixels are never retouched. When a mask is given (float H×W in [0, 1], 1 = product), the
statistics for white balance and exposure come from the background only, and the output is a blend by the
mask resized the same way as the image: where the resized mask is fully opaque the output equals the source
resized by the same Lanczos resample, exactly.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from shopforge.creative.io import matte_image, to_8bit

logger = logging.getLogger(__name__)

RESAMPLE = Image.Resampling.LANCZOS
MAX_SCALE = 4.0
MAX_OUTPUT_PIXELS = 64_000_000  # the enhanced image is held as float32 several times over

# Denoising: mild non-local means, tuned to remove sensor noise without painting over texture.
DENOISE_STRENGTH = 5.0  # h of cv2.fastNlMeansDenoising

# White balance: grey world on the background, gains in [1, MAX_GAIN] so a coloured backdrop is not turned grey.
MAX_GAIN = 1.5
WHITE_SHARE = 0.05  # this share of pure-white pixels means a neutral white backdrop is already there

# Exposure: a gamma that pulls the mean luminance into the band target ± tolerance, with the gamma clamped.
TARGET_LUMINANCE = 0.55
LUMINANCE_TOLERANCE = 0.25  # band [0.30, 0.80]: a light product on a light backdrop is left alone
MIN_GAMMA, MAX_GAMMA = 0.5, 1.5
# Near-white and near-black pixels (a white backdrop, a black void) are not exposure evidence.
MIDTONES = (0.02, 0.94)
MIN_MIDTONE_SHARE = 0.05

# Sharpening: unsharp mask weighted by an edge map (luminance gradient in grey levels per pixel).
SHARPEN_AMOUNT = 0.8
EDGE_LOW, EDGE_HIGH = 4.0, 16.0


def enhance(
    image: Image.Image,
    *,
    scale: float = 1.0,
    denoise: bool = True,
    white_balance: bool = True,
    exposure: bool = True,
    sharpen: bool = True,
    mask: np.ndarray | None = None,
    sr_model: Path | None = None,
) -> Image.Image:
    """The enhanced photo at ``scale`` × its size; with ``mask``, only the background is enhanced."""
    check_scale(scale)
    rgb = to_8bit(image)
    size = _scaled_size(rgb.size, scale)
    matte = None if mask is None else matte_image(mask, rgb.size)
    background = None if matte is None else np.asarray(matte) < 128

    work = rgb
    if denoise:
        work = denoise_image(work)
    if white_balance:
        work = auto_white_balance(work, background=background)
    if exposure:
        work = auto_exposure(work, background=background)
    work = upscale(work, scale, sharpen=sharpen, sr_model=sr_model)

    if matte is None:
        return work
    # The product: the untouched source through the same Lanczos resample; the background: the enhanced image.
    reference = np.asarray(rgb.resize(size, RESAMPLE), np.float32)
    weight = np.asarray(matte.resize(size, RESAMPLE), np.float32)[..., None] / 255
    blended = weight * reference + (1 - weight) * np.asarray(work, np.float32)
    return _to_image(blended)


def check_scale(scale: float) -> None:
    """Refuse a scale that is not a finite number in (0, MAX_SCALE]."""
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise ValueError(f"scale must be greater than 0 and at most {MAX_SCALE:g}, got {scale!r}")


def _scaled_size(size: tuple[int, int], scale: float) -> tuple[int, int]:
    width, height = max(1, round(size[0] * scale)), max(1, round(size[1] * scale))
    if width * height > MAX_OUTPUT_PIXELS:
        raise ValueError(
            f"scale {scale!r} makes {size[0]}×{size[1]} px into {width}×{height} px, "
            f"over the {MAX_OUTPUT_PIXELS:,}-pixel limit"
        )
    return width, height


def _to_image(values: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), mode="RGB")


def denoise_image(image: Image.Image, *, strength: float = DENOISE_STRENGTH) -> Image.Image:
    """Mild non-local-means denoising on the RGB values (patch distance summed over the three channels).

    ``cv2.fastNlMeansDenoising`` on the 3-channel image rather than ``fastNlMeansDenoisingColored``: the latter
    round-trips through 8-bit Lab, which turns a pure white backdrop (255) into 254.
    """
    rgb = np.ascontiguousarray(np.asarray(image.convert("RGB")))
    cleaned = cv2.fastNlMeansDenoising(rgb, None, strength, 7, 21)
    return Image.fromarray(cleaned, mode="RGB")


def auto_white_balance(
    image: Image.Image, *, background: np.ndarray | None = None, max_gain: float = MAX_GAIN
) -> Image.Image:
    """Grey-world white balance: per-channel gains making the (background's) mean grey, each clamped.

    Gains are relative to the brightest channel, so they are never below 1 and white stays white. A photo
    whose (background) pixels are already ≥ WHITE_SHARE pure white has its white reference and is left alone;
    ``background`` (bool H×W) selects the pixels the statistics come from, and near-black and clipped pixels
    are left out, since they carry no colour information.
    """
    values = np.asarray(image.convert("RGB"), np.float32)
    pixels = values.reshape(-1, 3)
    if background is not None and background.any():
        pixels = pixels[background.reshape(-1)]
    if (pixels.min(axis=1) >= 250).mean() >= WHITE_SHARE:
        return image.convert("RGB")
    usable = pixels[(pixels.max(axis=1) < 250) & (pixels.min(axis=1) > 5)]
    if len(usable) < 16:
        logger.info("white balance skipped: too few unclipped pixels")
        return image.convert("RGB")
    means = usable.mean(axis=0)
    gains = np.clip(means.max() / np.maximum(means, 1e-3), 1.0, max_gain)
    return _to_image(values * gains)


def auto_exposure(
    image: Image.Image,
    *,
    background: np.ndarray | None = None,
    target: float = TARGET_LUMINANCE,
    tolerance: float = LUMINANCE_TOLERANCE,
) -> Image.Image:
    """A gamma pulling the mean mid-tone luminance (of the background) into ``target ± tolerance``, clamped.

    Gamma keeps pure black and pure white fixed, and near-white pixels do not count towards the mean, so a
    photo on a white backdrop is not darkened for being bright. The gamma is clamped to
    [MIN_GAMMA, MAX_GAMMA]: a nearly black photo is brightened, not blown up into noise.
    """
    rgb = image.convert("RGB")
    mean = _mean_luminance(rgb, background)
    if mean is None:
        logger.info("exposure left alone: the image is almost all white or black")
        return rgb
    gamma = exposure_gamma(mean, target=target, tolerance=tolerance)
    if gamma == 1.0:
        return rgb
    table = np.rint(255 * (np.arange(256) / 255) ** gamma).astype(np.uint8)
    return Image.fromarray(table[np.asarray(rgb)], mode="RGB")


def exposure_gamma(mean: float, *, target: float = TARGET_LUMINANCE, tolerance: float = LUMINANCE_TOLERANCE) -> float:
    """The gamma taking a mean luminance in (0, 1) to the nearest edge of the band ``target ± tolerance``."""
    goal = min(max(mean, target - tolerance), target + tolerance)
    if goal == mean or not 0 < mean < 1:
        return 1.0
    return float(np.clip(math.log(goal) / math.log(mean), MIN_GAMMA, MAX_GAMMA))


def _mean_luminance(rgb: Image.Image, background: np.ndarray | None) -> float | None:
    """The mean luma of the (background's) mid-tones; ``None`` when too few pixels are mid-tones."""
    luminance = np.asarray(rgb.convert("L"), np.float32) / 255  # ITU-R 601 luma
    if background is not None and background.any():
        luminance = luminance[background]
    midtones = luminance[(luminance > MIDTONES[0]) & (luminance < MIDTONES[1])]
    if midtones.size < MIN_MIDTONE_SHARE * luminance.size or midtones.size == 0:
        return None
    return float(midtones.mean())


def upscale(image: Image.Image, scale: float, *, sharpen: bool = True, sr_model: Path | None = None) -> Image.Image:
    """Resize by ``scale``: Lanczos (or the ONNX model when enlarging), then edge-aware sharpening."""
    check_scale(scale)
    rgb = image.convert("RGB")
    size = _scaled_size(rgb.size, scale)
    if sr_model is not None and scale > 1:
        resized = super_resolve(rgb, sr_model)
        if resized.size != size:
            resized = resized.resize(size, RESAMPLE)
    else:
        resized = rgb.resize(size, RESAMPLE)
    if not sharpen:
        return resized
    return sharpen_edges(resized, radius=0.8 * max(1.0, scale))


def sharpen_edges(image: Image.Image, *, amount: float = SHARPEN_AMOUNT, radius: float = 1.0) -> Image.Image:
    """Unsharp mask weighted by an edge map, so flat areas (and their noise) stay as they are.

    The edge weight ramps from 0 at EDGE_LOW to 1 at EDGE_HIGH grey levels per pixel of luminance gradient,
    then is widened by a pixel so the sharpening covers both sides of an edge.
    """
    values = np.asarray(image.convert("RGB"), np.float32)
    luminance = cv2.cvtColor(values, cv2.COLOR_RGB2GRAY)
    # A 3×3 Sobel answers 4·d to a step of d per pixel.
    gradient = cv2.magnitude(cv2.Sobel(luminance, cv2.CV_32F, 1, 0), cv2.Sobel(luminance, cv2.CV_32F, 0, 1)) / 4
    ramp = np.clip((gradient - EDGE_LOW) / (EDGE_HIGH - EDGE_LOW), 0, 1).astype(np.float32)
    edges = cv2.GaussianBlur(cv2.dilate(ramp, np.ones((3, 3), np.uint8)), (0, 0), 1.0)
    blurred = cv2.GaussianBlur(values, (0, 0), radius)
    return _to_image(values + amount * edges[..., None] * (values - blurred))


def super_resolve(image: Image.Image, model: Path) -> Image.Image:
    """Run an ONNX super-resolution model: input and output float32 N×3×H×W RGB in [0, 1]."""
    import onnxruntime as ort  # only needed on this path

    if not model.is_file():
        raise ValueError(f"{model}: no such super-resolution model file")
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    tensor = (np.asarray(image.convert("RGB"), np.float32) / 255).transpose(2, 0, 1)[None]
    outputs = session.run(None, {session.get_inputs()[0].name: tensor})
    result = np.asarray(outputs[0], np.float32)
    if result.ndim != 4 or result.shape[:2] != (1, 3):
        raise ValueError(f"{model}: expected a 1×3×H×W output, got shape {result.shape}")
    return _to_image(result[0].transpose(1, 2, 0) * 255)
