"""Synthetic product photos and stored-copy stand-ins shared by the poster and detail-page tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from shopforge.creative.poster import PosterCopy

ZH_POSTER_COPY = PosterCopy(
    "轻盈保温杯 316不锈钢 12小时保温",
    ("【保温】12小时长效保温，冬天也暖手", "【材质】316不锈钢内胆，安心饮用", "【便携】仅重280克，一手掌握"),
    "¥129",
)
EN_POSTER_COPY = PosterCopy(
    "Insulated Steel Bottle 750 ml", ("Keeps drinks cold for 24 hours", "Leak-proof lid"), "$24.9"
)


@dataclass
class Stored:
    """A stored copy as the renderers read it: text, review status and verification result."""

    text: str
    status: str = "draft"
    verification: dict[str, Any] = field(default_factory=lambda: {"ok": True})


def bottle_photo(
    seed: int,
    size: tuple[int, int],
    box: tuple[int, int, int, int],
    radius: int,
    colour: tuple[int, int, int],
    *,
    background: int,
    noise: int,
) -> tuple[Image.Image, np.ndarray]:
    """A plain-background photo of a textured rounded "bottle" and its exact mask (float 0/1), reproducible by seed.

    The texture is random so that a renderer which resamples or paints over the product changes pixels a test can
    compare against the source.
    """
    rng = np.random.default_rng(seed)
    width, height = size
    pixels = np.full((height, width, 3), background, np.uint8)
    shape = Image.new("L", (width, height), 0)
    ImageDraw.Draw(shape).rounded_rectangle(box, radius=radius, fill=255)
    mask = np.asarray(shape) > 0
    pixels[mask] = (np.array(colour, np.uint8) + rng.integers(0, noise, (height, width, 3), dtype=np.uint8))[mask]
    return Image.fromarray(pixels, "RGB"), mask.astype(np.float32)
