"""Scenes: the product cut-out on a generated background, with a contact shadow and an optional reflection.

Styles (``--style``):

- ``studio``   a paper sweep (soft wall gradient curving into a floor), tinted by the product's colours
- ``gradient`` a vertical gradient between two light tints of the product's dominant colour
- ``texture``  woven linen in a light tint of the product's colour
- ``noise``    a flat tint with fine paper grain
- ``palette``  a gradient between tints of the product's two most frequent colours
- ``folder:<path>`` one of the user's own background photos from ``<path>`` (cover-cropped)

The product's pixels are never altered: the cut-out is resized once (``RESAMPLE``) with its matte and pasted
last, so wherever the resized matte is fully opaque the output equals the resized source exactly.

This is the ``composite`` back end. The ``diffusion`` back end (``shopforge.creative.diffusion``) starts from this
composite, has a local Stable Diffusion inpainting pipeline paint everything outside the matte, and pastes the
product back the same way, so the same guarantee holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageFilter

from shopforge.creative.backgrounds import dominant_colours, make_background

RESAMPLE = Image.Resampling.LANCZOS
OPAQUE = 255
Box = tuple[int, int, int, int]  # left, top, right, bottom (right/bottom exclusive)
ProductInput = Image.Image | tuple[Image.Image, np.ndarray]


@dataclass
class Product:
    """A cut-out product: RGB pixels and an 8-bit matte of the same size, cropped to the matte's extent."""

    rgb: Image.Image
    alpha: Image.Image  # mode "L"; 255 = product

    @property
    def size(self) -> tuple[int, int]:
        return self.rgb.size

    def resized(self, size: tuple[int, int]) -> Product:
        # The matte takes the same resampling as the pixels so edges stay registered with the colour.
        if size == self.rgb.size:
            return Product(self.rgb.copy(), self.alpha.copy())
        return Product(self.rgb.resize(size, RESAMPLE), self.alpha.resize(size, RESAMPLE))


@dataclass
class SceneResult:
    image: Image.Image
    product_box: Box  # where the resized product was pasted
    product: Product  # the resized product that was pasted (its opaque pixels are in ``image`` unchanged)


def prepare_product(source: ProductInput) -> Product:
    """A ``Product`` from an RGBA cut-out or an (RGB image, matte) pair; the matte is float 0..1 or uint8."""
    if isinstance(source, tuple):
        image, mask = source
        matte = np.asarray(mask)
        if matte.shape != (image.height, image.width):
            raise ValueError(f"mask shape {matte.shape} does not match the image ({image.height}, {image.width})")
        if matte.dtype != np.uint8:
            matte = np.clip(np.rint(matte.astype(np.float32) * 255), 0, 255).astype(np.uint8)
        rgb, alpha = image.convert("RGB"), Image.fromarray(matte, "L")
    else:
        rgba = source.convert("RGBA")
        rgb, alpha = rgba.convert("RGB"), rgba.getchannel("A")
    box = alpha.point(lambda a: 255 if a > 4 else 0).getbbox()  # ignore faint matte noise far from the product
    if box is None:
        raise ValueError("the mask holds no product pixels")
    # Cropping moves no pixel values, so identity with the source survives it.
    return Product(rgb.crop(box), alpha.crop(box))


def fit_size(product_size: tuple[int, int], box_size: tuple[int, int]) -> tuple[int, int]:
    """The product size scaled (aspect kept) to fit inside ``box_size``."""
    scale = min(box_size[0] / product_size[0], box_size[1] / product_size[1])
    return max(1, round(product_size[0] * scale)), max(1, round(product_size[1] * scale))


def contact_shadow(canvas: Image.Image, product: Product, box: Box, strength: float = 0.6) -> Image.Image:
    """Darken the floor under the product's base: a soft squashed silhouette plus a tight, darker contact line."""
    left, _, right, bottom = box
    width = right - left
    # worked at ≤ 256 px wide: a blurred shadow has no detail, and full-size blurs cost ~0.1 s on 2000 px posters
    step = max(1, width // 256)
    alpha = np.asarray(product.alpha, np.float32)[::step, ::step] / 255
    rows = alpha.shape[0]
    # the footprint: columns the product occupies near its base (core) and over its lower part (soft shadow)
    core_foot = alpha[max(0, rows - max(1, rows // 20)) :].max(axis=0)
    soft_foot = alpha[int(rows * 0.7) :].max(axis=0)
    small_w = alpha.shape[1]
    pad = max(4, small_w // 5)
    soft_h, core_h = max(3, small_w // 10), max(1, small_w // 60)
    layer = np.zeros((soft_h * 3 + 2 * pad, small_w + 2 * pad), np.float32)
    cy = layer.shape[0] // 2
    layer[cy - soft_h // 2 : cy + soft_h // 2 + 1, pad : pad + small_w] += 0.5 * soft_foot
    soft = cv2.GaussianBlur(layer, (0, 0), max(1.0, small_w / 30))
    core = np.zeros_like(layer)
    core[cy - core_h : cy + 1, pad : pad + small_w] = 0.8 * core_foot
    core = cv2.GaussianBlur(core, (0, 0), max(0.8, small_w / 150))
    shadow = np.clip((soft + core) * strength, 0.0, 0.85)
    if step > 1:
        shadow = cv2.resize(shadow, (shadow.shape[1] * step, shadow.shape[0] * step), interpolation=cv2.INTER_LINEAR)
    return _multiply_region(canvas, shadow, (left - pad * step, bottom - cy * step))


def reflection(canvas: Image.Image, product: Product, box: Box, opacity: float = 0.28) -> Image.Image:
    """A flipped, fading copy of the product under its base, as on a glossy floor."""
    left, _, right, bottom = box
    flipped = product.rgb.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    matte = np.asarray(product.alpha.transpose(Image.Transpose.FLIP_TOP_BOTTOM), np.float32) / 255
    depth = max(1, int(matte.shape[0] * 0.35))
    fade = np.zeros(matte.shape[0], np.float32)
    fade[:depth] = np.linspace(opacity, 0.0, depth, dtype=np.float32)
    visible = min(depth, canvas.height - bottom)
    if visible <= 0:
        return canvas
    weight = Image.fromarray(np.rint(matte * fade[:, None] * 255).astype(np.uint8), "L")
    crop = (0, 0, right - left, visible)
    canvas.paste(flipped.crop(crop), (left, bottom), weight.crop(crop).filter(ImageFilter.GaussianBlur(1)))
    return canvas


def paste_product(
    canvas: Image.Image, product: Product, box: Box, *, shadow: bool = True, mirror: bool = False
) -> None:
    """Shadow and reflection first, then the product on top so its opaque pixels land unchanged."""
    if mirror:
        reflection(canvas, product, box)
    if shadow:
        contact_shadow(canvas, product, box)
    canvas.paste(product.rgb, box[:2], product.alpha)


def scene(
    source: ProductInput,
    style: str = "studio",
    size: tuple[int, int] = (1200, 1200),
    *,
    reflect: bool = False,
    fill: float = 0.72,
    seed: int = 0,
) -> Image.Image:
    """The product on a ``style`` background of ``size`` (see the module docstring for the styles)."""
    return compose_scene(source, style, size, reflect=reflect, fill=fill, seed=seed).image


def compose_scene(
    source: ProductInput,
    style: str = "studio",
    size: tuple[int, int] = (1200, 1200),
    *,
    reflect: bool = False,
    fill: float = 0.72,
    seed: int = 0,
) -> SceneResult:
    """``scene`` with the placement and the pasted product, for tests and for callers that stack more on top."""
    product = prepare_product(source)
    colours = dominant_colours(product.rgb, np.asarray(product.alpha, np.float32) / 255)
    canvas = make_background(style, size, colours, seed=seed).convert("RGB")
    width, height = size
    # a reflection needs floor space below the base, so the product sits higher when one is drawn
    floor = 0.78 if reflect else 0.86
    fitted = fit_size(product.size, (int(width * fill), int(height * fill * (0.9 if reflect else 1.0))))
    placed = product.resized(fitted)
    left = (width - fitted[0]) // 2
    top = max(0, int(height * floor) - fitted[1])
    box = (left, top, left + fitted[0], top + fitted[1])
    paste_product(canvas, placed, box, mirror=reflect)
    return SceneResult(canvas, box, placed)


def _multiply_region(canvas: Image.Image, darkness: np.ndarray, origin: tuple[int, int]) -> Image.Image:
    """The canvas with ``darkness`` (0..1) multiplied in at ``origin``, clipped to the canvas."""
    x0, y0 = origin
    h, w = darkness.shape
    cx0, cy0 = max(0, x0), max(0, y0)
    cx1, cy1 = min(canvas.width, x0 + w), min(canvas.height, y0 + h)
    if cx1 <= cx0 or cy1 <= cy0:
        return canvas
    region = np.asarray(canvas.crop((cx0, cy0, cx1, cy1)), np.float32)
    dark = darkness[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0, None]
    shaded = np.clip(region * (1.0 - dark) + 0.5, 0, 255).astype(np.uint8)
    # shade in place: only the shadow region is rewritten
    canvas.paste(Image.fromarray(shaded, "RGB"), (cx0, cy0))
    return canvas
