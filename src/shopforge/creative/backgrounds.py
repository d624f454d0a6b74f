"""Generated backgrounds for scenes and posters: gradients, a studio sweep, textures, a user's folder, palettes.

The background is harmonised to the product (light tints of the product's own dominant colours), never the
product to the background: nothing here touches product pixels. Every generator is deterministic for a given
seed, so a re-run of a batch produces the same files.
"""

from __future__ import annotations

import colorsys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from shopforge.creative.io import ImageInputError, load_image

RGB = tuple[int, int, int]
Size = tuple[int, int]

NEUTRAL_LIGHT: RGB = (244, 242, 238)  # warm off-white: the fallback when a product has no usable colour
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"})
SMOOTH_WORK_SIDE = 320  # gradients have no detail: computing them at this size and upsampling looks the same
KMEANS_SAMPLE_SIDE = 64  # the product is downsampled to this before k-means: colour, not detail, matters


class BackgroundError(ValueError):
    """A background that cannot be made (empty folder, unknown style)."""


def dominant_colours(image: Image.Image, mask: np.ndarray, k: int = 3) -> list[RGB]:
    """The product's dominant colours, most frequent first, from the pixels inside the mask (k-means)."""
    small = image.convert("RGB").resize((KMEANS_SAMPLE_SIDE, KMEANS_SAMPLE_SIDE), Image.Resampling.BILINEAR)
    small_mask = cv2.resize(mask.astype(np.float32), (KMEANS_SAMPLE_SIDE, KMEANS_SAMPLE_SIDE))
    pixels = np.asarray(small, dtype=np.float32)[small_mask > 0.5]
    if len(pixels) == 0:
        return [NEUTRAL_LIGHT]
    k = max(1, min(k, len(pixels)))
    cv2.setRNGSeed(0)  # k-means++ seeding is random; a fixed seed keeps batches reproducible
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    _, labels, centres = cv2.kmeans(pixels, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)  # type: ignore[call-overload]
    counts = np.bincount(labels.ravel(), minlength=k)
    order = np.argsort(-counts)
    return [(round(float(c[0])), round(float(c[1])), round(float(c[2]))) for c in (centres[i] for i in order)]


def harmonious_light(colour: RGB, lightness: float = 0.93, max_saturation: float = 0.35) -> RGB:
    """A light tint in the colour's hue: the product stands out, the background echoes it quietly."""
    h, _, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    if s < 0.08:  # greys, blacks, whites: a hue would be invented, so use a warm neutral
        return NEUTRAL_LIGHT if lightness >= 0.9 else _hls(0.1, lightness, 0.06)
    return _hls(h, lightness, min(s, max_saturation))


def palette_for(colours: list[RGB]) -> tuple[RGB, RGB]:
    """(light, slightly deeper) background tones from the product's most frequent usable colour."""
    base = colours[0] if colours else NEUTRAL_LIGHT
    # A product that is itself near-white would vanish on a near-white tint; step the background darker.
    near_white = sum(base) / 3 > 225
    top = harmonious_light(base, 0.86 if near_white else 0.95)
    bottom = harmonious_light(base, 0.78 if near_white else 0.86)
    return top, bottom


def gradient(size: Size, top: RGB, bottom: RGB) -> Image.Image:
    """A vertical linear gradient from ``top`` to ``bottom``."""
    width, height = _work_size(size)
    t = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    column = (1 - t) * np.asarray(top, np.float32) + t * np.asarray(bottom, np.float32)
    return _upscale(_image(np.broadcast_to(column[:, None, :], (height, width, 3))), size)


def studio_sweep(size: Size, wall: RGB, floor: RGB, horizon: float = 0.7) -> Image.Image:
    """A photo-studio paper sweep: a soft wall gradient curving into a floor at ``horizon`` (0..1 of height)."""
    width, height = _work_size(size)
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    # smoothstep over a band around the horizon imitates the curved paper instead of a hard edge
    band = 0.12
    t = np.clip((y - (horizon - band)) / (2 * band), 0.0, 1.0)
    t = t * t * (3 - 2 * t)
    wall_top = np.asarray(_shade(wall, 1.03), np.float32)
    column = (1 - t) * ((1 - y) * wall_top + y * np.asarray(wall, np.float32)) + t * np.asarray(floor, np.float32)
    pixels = np.broadcast_to(column[:, None, :], (height, width, 3)).astype(np.float32)
    # a broad horizontal light fall-off: studio lights are brightest in the middle
    x = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :, None]
    return _upscale(_image(pixels * (1.0 - 0.06 * x * x)), size)


def noise_texture(size: Size, base: RGB, strength: float = 6.0, seed: int = 0) -> Image.Image:
    """A flat colour with fine, slightly blurred grain (paper, plaster)."""
    width, height = size
    rng = np.random.default_rng(seed)
    grain = rng.standard_normal((height, width), dtype=np.float32) * strength
    soft = np.asarray(cv2.GaussianBlur(grain, (0, 0), 0.8), np.float32)
    return _image(np.asarray(base, np.float32)[None, None, :] + soft[:, :, None])


def linen_texture(size: Size, base: RGB, strength: float = 7.0, seed: int = 0) -> Image.Image:
    """Woven linen: irregular warp and weft threads, softened."""
    width, height = size
    rng = np.random.default_rng(seed)
    rows = cv2.GaussianBlur(rng.normal(0.0, 1.0, (height, 1)).astype(np.float32), (0, 0), 0.7)
    cols = cv2.GaussianBlur(rng.normal(0.0, 1.0, (1, width)).astype(np.float32), (0, 0), 0.7)
    fine = rng.standard_normal((height, width), dtype=np.float32) * 0.35
    threads = (rows + cols + fine) * (strength / 1.6)
    return _image(np.asarray(base, np.float32)[None, None, :] + threads[:, :, None])


def folder_background(folder: Path, size: Size, seed: int = 0) -> Image.Image:
    """One of the user's own background photos, chosen by ``seed``, cover-cropped to ``size``."""
    if not folder.is_dir():
        raise BackgroundError(f"background folder {folder} does not exist")
    candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not candidates:
        raise BackgroundError(f"background folder {folder} holds no images")
    # try the chosen photo first, then the others: one corrupt file should not stop a batch
    start = seed % len(candidates)
    for path in candidates[start:] + candidates[:start]:
        try:
            photo = load_image(path)
        except ImageInputError:
            continue
        return ImageOps.fit(photo, size, Image.Resampling.LANCZOS)
    raise BackgroundError(f"background folder {folder} holds no usable images")


def make_background(style: str, size: Size, colours: list[RGB], seed: int = 0) -> Image.Image:
    """The background for a scene ``style`` (see ``shopforge.creative.scene``), tinted by the product colours."""
    light, deep = palette_for(colours)
    if style == "studio":
        return studio_sweep(size, light, deep)
    if style == "gradient":
        return gradient(size, _shade(light, 1.02), deep)
    if style == "texture":
        return linen_texture(size, light, seed=seed)
    if style == "palette":
        # two product colours when the product has them: a tint of the second warms the bottom
        second = harmonious_light(colours[1], 0.88) if len(colours) > 1 else deep
        return gradient(size, light, second)
    if style == "noise":
        return noise_texture(size, light, seed=seed)
    if style.startswith("folder:"):
        return folder_background(Path(style.removeprefix("folder:")).expanduser(), size, seed)
    raise BackgroundError(f"unknown style {style!r}; known: studio, gradient, texture, noise, palette, folder:<path>")


def _hls(h: float, lightness: float, s: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return round(r * 255), round(g * 255), round(b * 255)


def _shade(colour: RGB, factor: float) -> RGB:
    return tuple(int(min(255, max(0, round(c * factor)))) for c in colour)  # type: ignore[return-value]


def _work_size(size: Size) -> Size:
    """Smooth backgrounds are computed small and upsampled: a 2000 px poster must render in well under 0.2 s."""
    scale = min(1.0, SMOOTH_WORK_SIDE / max(size))
    return max(2, round(size[0] * scale)), max(2, round(size[1] * scale))


def _upscale(image: Image.Image, size: Size) -> Image.Image:
    if image.size == size:
        return image
    # OpenCV's bilinear upscale is ~10× faster than Pillow's here, and a smooth gradient needs nothing better
    return Image.fromarray(cv2.resize(np.asarray(image), size, interpolation=cv2.INTER_LINEAR), "RGB")


def _image(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8), "RGB")
