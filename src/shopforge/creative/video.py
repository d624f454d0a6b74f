"""Short product videos: the cut-out at one scale over a slow Ken Burns background, verified selling points as cards.

The pipeline, top to bottom:

1. ``plan_video``: the cut-out is resized once (``scene.RESAMPLE``) to fit the area above the caption band; the
   background (a ``scene`` style tinted by the product's colours) is made larger than the frame so the camera can
   zoom and pan over it; each verified selling point gets a caption card and a time slot.
2. ``frames``: per frame, the background window is cut by an affine warp (zoom and pan move only the background),
   the contact shadow is multiplied in, the product is pasted through its matte at the same place and scale in
   every frame (so wherever the matte is opaque the frame equals the resized cut-out exactly), and the current
   caption card is laid over the band below the product, fading in and out.
3. ``encode``: the RGB frames are piped to the ffmpeg binary shipped by ``imageio-ffmpeg`` (H.264, yuv420p,
   ``+faststart`` for phones and web players); ``lossless=True`` uses libx264rgb at qp 0, for tests that decode
   the file and compare pixels.

Only copy that passed the text verifier (and was not rejected or blocked by a reviewer) is drawn, as on posters.
With no verified selling points the video is made without captions and ``VideoPlan.notes`` says why.
"""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from shopforge.copywriting.kinds import BULLET_MARKER
from shopforge.creative.backgrounds import dominant_colours, make_background
from shopforge.creative.poster import MAX_POINTS, REFUSED_STATUSES, CopyRecord, accent_colour
from shopforge.creative.scene import Box, Product, ProductInput, contact_shadow, fit_size, prepare_product
from shopforge.creative.typeset import TextBlock, draw_block, fit_text, resolve_font_path

# Douyin: 9:16 full screen; Xiaohongshu: 3:4, the note format its feed shows uncropped; square for both feeds.
VIDEO_SIZES: dict[str, tuple[int, int]] = {"douyin": (1080, 1920), "xiaohongshu": (1080, 1440), "square": (1080, 1080)}
FPS = 25
MIN_SECONDS, MAX_SECONDS = 2.0, 30.0
ZOOM = 1.12  # the camera ends 12% closer: slow enough to read as calm, not as a zoom effect
PAN = 0.04  # and drifts up to 4% of the frame sideways
FADE_SECONDS = 0.3
INTRO_SECONDS = 0.6  # the product alone first, so the viewer sees what is sold before reading about it
CAPTION_BAND = 0.24  # share of the frame height under the product reserved for caption cards
MARGIN = 0.06  # share of the frame width kept clear at the edges (platform UI overlays sit there)
PRODUCT_FILL = 0.86
TEXT_COLOUR = (255, 255, 255)
CARD_OPACITY = 0.9
CRF = 20  # visually clean product edges at a few MB for 8 s of 1080p


class VideoEncodeError(RuntimeError):
    """ffmpeg is missing or failed; the message carries ffmpeg's own last words."""


@dataclass(frozen=True)
class Caption:
    text: str
    lines: tuple[str, ...]  # the exact strings drawn, top to bottom
    start: int  # first frame shown (fading in)
    end: int  # frame after the last one shown
    box: Box  # the card, in frame pixels

    def opacity(self, index: int, fade: int) -> float:
        if not self.start <= index < self.end:
            return 0.0
        return min(1.0, (index - self.start + 1) / fade, (self.end - index) / fade)

    @property
    def full_frame(self) -> int:
        """A frame in the middle of the slot, where the card is fully opaque (for read-backs)."""
        return (self.start + self.end) // 2


@dataclass
class VideoPlan:
    """Everything a frame needs, computed once; the frames differ only by the camera and the caption."""

    size: str
    width: int
    height: int
    fps: int
    frame_count: int
    background: Image.Image  # larger than the frame by ``ZOOM``: the camera moves over it
    product: Product  # the resized cut-out, pasted unchanged at ``product_box`` in every frame
    product_box: Box
    shadow: tuple[Box, np.ndarray]  # the contact shadow: where it falls and its float multiplier (h × w × 1) there
    captions: list[Caption]
    cards: list[Image.Image]  # RGBA card per caption, the size of its box
    notes: list[str] = field(default_factory=list)

    @property
    def strings(self) -> list[str]:
        return [line for caption in self.captions for line in caption.lines]

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size, "width": self.width, "height": self.height, "fps": self.fps,
            "frames": self.frame_count, "seconds": round(self.frame_count / self.fps, 3),
            "product_box": list(self.product_box), "notes": self.notes,
            "captions": [
                {"text": c.text, "lines": list(c.lines), "start": c.start, "end": c.end, "box": list(c.box)}
                for c in self.captions
            ],
        }  # fmt: skip


def verified_points(bullets: CopyRecord | None) -> tuple[tuple[str, ...], str | None]:
    """The verified selling points (at most ``MAX_POINTS``), or none and the reason there are none."""
    if bullets is None or not bullets.text.strip():
        return (), "no selling-point copy for this product"
    if not bullets.verification.get("ok"):
        return (), "the selling-point copy has not passed verification"
    if bullets.status in REFUSED_STATUSES:
        return (), f"the selling-point copy is {bullets.status}"
    points = [BULLET_MARKER.sub("", line).strip() for line in bullets.text.splitlines()]
    points = [p for p in points if p][:MAX_POINTS]
    return (tuple(points), None) if points else ((), "the selling-point copy holds no points")


def plan_video(
    source: ProductInput,
    points: tuple[str, ...],
    size: str = "douyin",
    *,
    seconds: float = 8.0,
    fps: int = FPS,
    style: str = "studio",
    font_path: Path | None = None,
    dimensions: tuple[int, int] | None = None,
    keep: tuple[str, ...] = (),
) -> VideoPlan:
    """Lay the video out; ``dimensions`` overrides the size's pixels (tests render tiny videos); ``keep``: the
    product's own phrases, never broken inside a caption line (``phrases.product_phrases``)."""
    if size not in VIDEO_SIZES:
        raise ValueError(f"unknown video size {size!r}; known: {', '.join(VIDEO_SIZES)}")
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError(f"the video length must be between {MIN_SECONDS:g} and {MAX_SECONDS:g}, not {seconds:g}")
    width, height = dimensions or VIDEO_SIZES[size]
    if width % 2 or height % 2:
        raise ValueError(f"video dimensions must be even for yuv420p, not {width}×{height}")
    product = prepare_product(source)
    colours = dominant_colours(product.rgb, np.asarray(product.alpha, np.float32) / 255)
    big = (math.ceil(width * ZOOM), math.ceil(height * ZOOM))
    background = make_background(style, big, colours).convert("RGB")
    margin = round(width * MARGIN)
    band_top = round(height * (1 - CAPTION_BAND))
    area = (width - 2 * margin, band_top - 2 * margin)
    fitted = fit_size(product.size, (int(area[0] * PRODUCT_FILL), int(area[1] * PRODUCT_FILL)))
    left, top = (width - fitted[0]) // 2, band_top - margin - fitted[1]
    box = (left, top, left + fitted[0], top + fitted[1])
    placed = product.resized(fitted)
    frame_count = round(seconds * fps)
    font = str(resolve_font_path(font_path))
    band = (margin, band_top, width - margin, height - margin)
    captions, cards = _captions(points, band, frame_count, fps, font, accent_colour(colours[0]), keep)
    plan = VideoPlan(size, width, height, fps, frame_count, background, placed, box, _shadow((width, height), placed,
                     box), captions, cards)
    if not points:
        plan.notes.append("no verified selling points: the video has no captions")
    return plan


def _shadow(size: tuple[int, int], product: Product, box: Box) -> tuple[Box, np.ndarray]:
    # the product never moves, so neither does its shadow: drawn once on white, kept as a multiplier over the
    # region it darkens (multiplying whole 1080×1920 frames cost a third of the render time)
    white = Image.new("RGB", size, (255, 255, 255))
    contact_shadow(white, product, box)
    red = white.getchannel("R")
    region = red.point(lambda v: 255 - v).getbbox() or (0, 0, 1, 1)
    return region, np.asarray(red.crop(region), np.float32)[:, :, None] / 255


def _captions(
    points: tuple[str, ...],
    band: Box,
    frame_count: int,
    fps: int,
    font: str,
    colour: tuple[int, int, int],
    keep: tuple[str, ...] = (),
) -> tuple[list[Caption], list[Image.Image]]:
    """One card per point, sharing the time after the intro equally; each text fitted to the band."""
    if not points:
        return [], []
    x0, y0, x1, y1 = band
    pad = max(4, (y1 - y0) // 8)
    first = min(frame_count - 1, round(INTRO_SECONDS * fps))
    slot = (frame_count - first) / len(points)
    captions, cards = [], []
    for number, text in enumerate(points):
        # at most a fourteenth of the band width: bigger type reads as shouting on a phone
        largest = max(12, min((y1 - y0) // 4, (x1 - x0) // 14))
        block = fit_text(text, font, x1 - x0 - 2 * pad, y1 - y0 - 2 * pad, largest, 10, keep)
        card_w, card_h = block.width + 2 * pad, block.height + 2 * pad
        left, top = x0 + (x1 - x0 - card_w) // 2, y0 + (y1 - y0 - card_h) // 2
        start, end = first + round(number * slot), first + round((number + 1) * slot)
        captions.append(Caption(text, block.lines, start, end, (left, top, left + card_w, top + card_h)))
        cards.append(_card(block, (card_w, card_h), pad, colour))
    return captions, cards


def _card(block: TextBlock, size: tuple[int, int], pad: int, colour: tuple[int, int, int]) -> Image.Image:
    card = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=pad, fill=(*colour, round(255 * CARD_OPACITY)))
    draw_block(draw, block, (pad, pad), TEXT_COLOUR, align="center", box_width=size[0] - 2 * pad)
    return card


def camera(plan: VideoPlan, index: int) -> tuple[float, float, float]:
    """(scale, x, y) of the window over the big background for frame ``index``: eased zoom in, sideways drift."""
    t = index / max(1, plan.frame_count - 1)
    eased = t * t * (3 - 2 * t)  # smoothstep: the camera starts and stops gently
    big_w, big_h = plan.background.size
    window_w = big_w / (1 + (ZOOM - 1) * eased)  # 1/ZOOM of the big frame at the end…
    scale = window_w / plan.width
    window_h = plan.height * scale
    # …centred, drifting from left to right by up to PAN of the frame width
    x = (big_w - window_w) / 2 + (eased - 0.5) * PAN * plan.width
    y = (big_h - window_h) / 2
    return scale, min(max(0.0, x), big_w - window_w), min(max(0.0, y), big_h - window_h)


def frames(plan: VideoPlan) -> Iterator[np.ndarray]:
    """The RGB frames (H × W × 3, uint8), before encoding."""
    big = np.asarray(plan.background)
    fade = max(1, round(FADE_SECONDS * plan.fps))
    for index in range(plan.frame_count):
        scale, x, y = camera(plan, index)
        warp = np.array([[1 / scale, 0, -x / scale], [0, 1 / scale, -y / scale]], np.float32)
        window = cv2.warpAffine(big, warp, (plan.width, plan.height), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_REFLECT)
        (sx0, sy0, sx1, sy1), darkness = plan.shadow
        window[sy0:sy1, sx0:sx1] = np.clip(window[sy0:sy1, sx0:sx1] * darkness + 0.5, 0, 255).astype(np.uint8)
        frame = Image.fromarray(window, "RGB")
        frame.paste(plan.product.rgb, plan.product_box[:2], plan.product.alpha)  # exact where the matte is 255
        for caption, card in zip(plan.captions, plan.cards, strict=True):
            opacity = caption.opacity(index, fade)
            if opacity > 0:
                _overlay(frame, card, caption.box, opacity)
        yield np.asarray(frame)


def _overlay(frame: Image.Image, card: Image.Image, box: Box, opacity: float) -> None:
    if opacity < 1:
        alpha = card.getchannel("A").point(lambda a: round(a * opacity))
        card = card.copy()
        card.putalpha(alpha)
    frame.paste(card, box[:2], card)


def product_pixels_kept(frame: np.ndarray, plan: VideoPlan) -> bool:
    """Whether the frame holds the resized cut-out unchanged wherever its matte is fully opaque."""
    left, top, right, bottom = plan.product_box
    opaque = np.asarray(plan.product.alpha) == 255
    return bool(np.array_equal(frame[top:bottom, left:right][opaque], np.asarray(plan.product.rgb)[opaque]))


def encode(plan: VideoPlan, path: Path, *, lossless: bool = False) -> dict[str, Any]:
    """Render and encode the video to ``path`` (MP4); returns what was checked on the way (product pixels)."""
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - a broken install
        raise VideoEncodeError("imageio-ffmpeg is not installed; run scripts/setup.sh") from exc
    codec = ["-c:v", "libx264rgb", "-qp", "0", "-pix_fmt", "rgb24"] if lossless else [
        "-c:v", "libx264", "-preset", "medium", "-crf", str(CRF), "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial.mp4")  # a failed encode never leaves a broken file at ``path``
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{plan.width}x{plan.height}", "-r", str(plan.fps), "-i", "-", "-an", *codec, str(partial),
    ]  # fmt: skip
    kept = 0
    with tempfile.TemporaryFile() as log:
        # stderr to a file, not a pipe: ffmpeg can fill a pipe's buffer and stall while we write frames
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)
        assert process.stdin is not None
        try:
            for frame in frames(plan):
                kept += product_pixels_kept(frame, plan)
                process.stdin.write(frame.tobytes())
        except BrokenPipeError:
            pass  # ffmpeg exited early; its return code and log below say why
        finally:
            _close(process.stdin)
            code = process.wait()
        log.seek(0)
        message = log.read().decode("utf-8", "replace").strip()
    if code != 0:
        if partial.is_file():  # whatever ffmpeg left half-written
            partial.unlink()
        raise VideoEncodeError(f"ffmpeg failed (exit {code}) writing {path}: {message[-600:] or 'no output'}")
    os.replace(partial, path)
    return {"product_pixels_kept": kept == plan.frame_count, "frames_checked": plan.frame_count}


def _close(stdin: Any) -> None:
    with contextlib.suppress(BrokenPipeError):  # ffmpeg already gone: its exit code tells the story
        stdin.close()
