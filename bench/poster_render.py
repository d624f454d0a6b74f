"""Seconds per poster size (target ≤ 0.2 s): a table of best-of and median render times.

Each timed render uses fresh copy text, so the line-breaking cache does not flatter the numbers; fonts stay
cached as they do in a batch. Run: ``.venv/bin/python bench/poster_render.py [repeats]``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
from PIL import Image, ImageDraw

from shopforge.creative.layout import POSTER_SIZES
from shopforge.creative.poster import PosterCopy, render_poster


def product() -> tuple[Image.Image, np.ndarray]:
    """An 800×1000 product photo with a textured bottle and its mask."""
    rng = np.random.default_rng(0)
    width, height = 800, 1000
    pixels = np.full((height, width, 3), 240, np.uint8)
    mask_image = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask_image).rounded_rectangle((220, 80, 580, 960), radius=90, fill=255)
    mask = np.asarray(mask_image) > 0
    noise = rng.integers(0, 40, (height, width, 3), dtype=np.uint8)
    pixels[mask] = (np.array([40, 100, 170], np.uint8) + noise)[mask]
    return Image.fromarray(pixels, "RGB"), mask.astype(np.float32)


def copy(run: int) -> PosterCopy:
    return PosterCopy(
        f"轻盈保温杯 316不锈钢 12小时保温 {run}号",
        (
            "【保温】12小时长效保温，冬天也暖手",
            "【材质】316不锈钢内胆，安心饮用",
            f"【便携】仅重{280 + run}克，一手掌握",
        ),
        "¥129",
    )


def main(repeats: int = 7) -> None:
    image, mask = product()
    render_poster((image, mask), copy(-1), "taobao")  # warm-up: font file, imports
    print(f"{'size':<12} {'pixels':>11} {'best s':>8} {'median s':>9} {'max s':>7}")
    run = 0
    for size, (width, height) in POSTER_SIZES.items():
        times = []
        for _ in range(repeats):
            run += 1
            start = time.perf_counter()
            render_poster((image, mask), copy(run), size)
            times.append(time.perf_counter() - start)
        print(
            f"{size:<12} {f'{width}×{height}':>11} {min(times):>8.3f} {statistics.median(times):>9.3f} "
            f"{max(times):>7.3f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
