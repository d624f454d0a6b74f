"""Render the demo's product photos (written for ShopForge; no third-party images are bundled).

    .venv/bin/python scripts/render_sample_photos.py   # writes samples/images/*.png
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "samples" / "images"
SIZE = (900, 900)


def backdrop(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """A studio-like wall fading into a table, with a little sensor noise."""
    height = SIZE[1]
    t = np.linspace(0.0, 1.0, height)[:, None, None]
    rows = (np.array(top) * (1 - t) + np.array(bottom) * t).repeat(SIZE[0], axis=1)
    noise = np.random.default_rng(7).normal(0, 2.0, rows.shape)
    return Image.fromarray(np.clip(rows + noise, 0, 255).astype(np.uint8))


def shaded(box: tuple[int, int, int, int], base: tuple[int, int, int]) -> Image.Image:
    """A cylinder-shaded fill for a box: darker edges, a highlight left of centre."""
    width = box[2] - box[0]
    x = np.linspace(-1.0, 1.0, width)
    light = 0.55 + 0.45 * np.sqrt(np.clip(1 - x**2, 0, 1)) + 0.25 * np.exp(-((x + 0.35) ** 2) / 0.02)
    row = np.clip(np.array(base)[None, :] * light[:, None], 0, 255)
    return Image.fromarray(np.repeat(row[None, :, :], box[3] - box[1], axis=0).astype(np.uint8))


def bottle(colour: tuple[int, int, int], cap: tuple[int, int, int]) -> Image.Image:
    image = backdrop((236, 238, 242), (205, 200, 196))
    shadow = Image.new("L", SIZE, 0)
    ImageDraw.Draw(shadow).ellipse((330, 770, 590, 815), fill=120)
    image.paste((120, 115, 110), mask=shadow.filter(ImageFilter.GaussianBlur(14)))
    body, neck, cap_box = (350, 260, 550, 790), (405, 170, 495, 265), (395, 110, 505, 175)
    mask = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(mask)
    draw.rounded_rectangle(body, radius=60, fill=255)
    draw.rounded_rectangle(neck, radius=20, fill=255)
    draw.rounded_rectangle(cap_box, radius=16, fill=255)
    for box, fill in ((body, colour), (neck, colour), (cap_box, cap)):
        part = Image.new("L", SIZE, 0)
        part.paste(mask.crop(box), box[:2])
        image.paste(shaded(box, fill), box[:2], part.crop(box))
    return image


def mug() -> Image.Image:
    image = backdrop((244, 236, 226), (196, 170, 140))
    shadow = Image.new("L", SIZE, 0)
    ImageDraw.Draw(shadow).ellipse((250, 700, 640, 750), fill=110)
    image.paste((90, 70, 50), mask=shadow.filter(ImageFilter.GaussianBlur(16)))
    handle = Image.new("L", SIZE, 0)
    ImageDraw.Draw(handle).ellipse((560, 380, 700, 600), outline=255, width=34)
    image.paste((225, 90, 60), mask=handle)
    body = (270, 320, 600, 730)
    mask = Image.new("L", SIZE, 0)
    ImageDraw.Draw(mask).rounded_rectangle(body, radius=40, fill=255)
    image.paste(shaded(body, (230, 96, 64)), body[:2], mask.crop(body))
    ImageDraw.Draw(image).ellipse((270, 300, 600, 345), fill=(120, 50, 30))
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # DW-BTL-1L (smoke grey sports bottle) and DW-ZB750-BK (black vacuum flask) in samples/catalog.jsonl
    bottle((104, 110, 118), (30, 30, 34)).save(OUT / "DW-BTL-1L.jpg", quality=90)
    bottle((34, 34, 38), (150, 150, 156)).save(OUT / "DW-ZB750-BK.jpg", quality=90)
    mug().save(OUT / "coffee-mug.jpg", quality=90)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
