"""Typesetting for posters: fonts (Noto Sans CJK SC, cached), line breaking for Chinese and Latin, shrink-to-fit.

Chinese breaks between any two characters except where the line-breaking rules (避头尾 / 禁则) forbid it: closing
punctuation (，。！？、；：）」』》…) never starts a line and opening punctuation (（「『《【) never ends one. When a
break would violate that, the character before the break moves down with the punctuation ("push-out"), which
keeps every line inside its box; hanging the punctuation in the margin would overflow. Latin breaks at spaces.
Text never overflows: a block shrinks step by step down to a minimum size, then ``TextFitError`` is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

# Simplified Chinese rules (Office Open XML / Ecma) plus their ASCII counterparts for mixed copy.
NO_LINE_START = frozenset("，。！？、；：）」』》】〕〉〗｝］’”…—～％‰℃·,.!?;:)]}%")
NO_LINE_END = frozenset("（「『《【〔〈〖｛［‘“([{$￥¥£#")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
# one CJK character (or full-width mark), a run of whitespace, or a Latin "word" (anything else up to a space/CJK)
# A number and its unit ("750 ml", "1.7 L") stay on one line: the first alternative keeps them one token.
_TOKEN = re.compile(rf"\d+(?:[.,]\d+)?\s[A-Za-z%°℃]{{1,4}}(?![A-Za-z])|\s+|[{_CJK}]|[^\s{_CJK}]+")
SHRINK_STEP = 0.92
LINE_GAP = 0.22  # extra leading as a share of the font size: CJK needs more air than Latin's default


class TextFitError(ValueError):
    """Text that cannot fit its box even at the smallest allowed size."""


class FontError(RuntimeError):
    """No usable font file."""


def default_font_path() -> Path:
    """The Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` wheel (it covers Latin too)."""
    try:
        import noto_cjk_sans_otc
    except ImportError as exc:  # pragma: no cover - a broken install, not a runtime condition
        raise FontError("noto-cjk-sans-otc is not installed; install it or set SHOPFORGE_FONT_PATH") from exc
    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def resolve_font_path(override: Path | None = None) -> Path:
    path = override or default_font_path()
    if not path.is_file():
        raise FontError(f"font file {path} does not exist")
    return path


@lru_cache(maxsize=8)
def _face_index(path: str) -> int:
    """The Simplified Chinese face of a collection (.ttc/.otc holds JP, KR, SC, TC, HK…); 0 for a single font."""
    for index in range(32):
        try:
            family, _ = ImageFont.truetype(path, 12, index=index).getname()
        except OSError:
            break
        if family and " SC" in family and "Mono" not in family:
            return index
    return 0


@lru_cache(maxsize=256)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached font: opening the 19 MB collection costs milliseconds, and a poster tries many sizes."""
    try:
        return ImageFont.truetype(path, size, index=_face_index(path))
    except OSError as exc:
        raise FontError(f"cannot open font {path}: {exc}") from exc


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def break_lines(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str] | None:
    """Lines of at most ``max_width`` px, or None when some word or character group cannot fit at this size.

    Widths are sums of cached token advances (kerning across tokens is ignored); ``measure`` re-measures the
    finished lines exactly, so an underestimate can only make a size fail, never overflow.
    """
    lines: list[list[str]] = []
    current: list[str] = []
    for token in tokens(text):
        if token.isspace():
            if current:
                current.append(" ")  # runs of whitespace collapse to one space; none survives at a line end
            continue
        if _width([*current, token], font) <= max_width:
            current.append(token)
            continue
        if not _content(current):
            return None  # a single word wider than the box: only a smaller size helps
        current, carried = _kinsoku_split(current, token)
        lines.append(current)
        current = [*carried, token]
        if _width(current, font) > max_width:
            return None
    if _content(current):
        lines.append(current)
    return ["".join(line).strip() for line in lines]


def _kinsoku_split(line: list[str], next_token: str) -> tuple[list[str], list[str]]:
    """Split before ``next_token``; move tokens down so no line starts with closing or ends with opening marks."""
    line = _rstrip(line)
    carried: list[str] = []
    # closing punctuation may not start the next line: push the preceding character(s) down with it
    first = next_token
    while first[0] in NO_LINE_START and len(_content(line)) > 1:
        first = line.pop()
        carried.insert(0, first)
        line = _rstrip(line)
    # opening punctuation may not end this line: push it down to the next
    while line and line[-1][-1] in NO_LINE_END and len(_content(line)) > 1:
        carried.insert(0, line.pop())
        line = _rstrip(line)
    return line, carried


def _content(line: list[str]) -> list[str]:
    return [t for t in line if not t.isspace()]


def _rstrip(line: list[str]) -> list[str]:
    while line and line[-1].isspace():
        line = line[:-1]
    return line


def _width(line: list[str], font: ImageFont.FreeTypeFont) -> float:
    content = _rstrip(line)
    while content and content[0].isspace():
        content = content[1:]
    return sum(_advance(font, token) for token in content)


@lru_cache(maxsize=65536)
def _advance(font: ImageFont.FreeTypeFont, token: str) -> float:
    # fonts come from the ``load_font`` cache, so the same object (hash) recurs for the same face and size
    return float(font.getlength(token))


@dataclass(frozen=True)
class TextBlock:
    """Broken, sized text: ``lines`` are the exact strings drawn, one per line, top to bottom."""

    text: str
    lines: tuple[str, ...]
    size: int
    font_path: str
    width: int
    height: int
    line_height: int

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return load_font(self.font_path, self.size)


@lru_cache(maxsize=4096)
def measure(text: str, font_path: str, size: int, max_width: int) -> TextBlock | None:
    """``text`` broken into lines at ``size`` px, with its box; None when it cannot break within ``max_width``.

    Cached: candidate layouts share column widths, and a batch re-renders the same copy at several sizes.
    """
    font = load_font(font_path, size)
    lines = break_lines(text, font, max_width)
    if not lines:
        return None
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + round(size * LINE_GAP)
    width = max(int(font.getlength(line) + 0.999) for line in lines)
    height = line_height * (len(lines) - 1) + ascent + descent
    return TextBlock(text, tuple(lines), size, font_path, width, height, line_height)


def fit_text(text: str, font_path: str, max_width: int, max_height: int, size: int, min_size: int) -> TextBlock:
    """The largest size ≤ ``size`` (down to ``min_size``) at which ``text`` fits the box; else ``TextFitError``."""
    while True:
        block = measure(text, font_path, size, max_width)
        if block is not None and block.width <= max_width and block.height <= max_height:
            return block
        if size <= min_size:
            break
        size = max(min_size, int(size * SHRINK_STEP))
    raise TextFitError(
        f"text does not fit a {max_width}×{max_height} px box even at {min_size} px: {_preview(text)!r}; "
        "shorten the copy"
    )


def draw_block(
    draw: ImageDraw.ImageDraw,
    block: TextBlock,
    origin: tuple[int, int],
    fill: tuple[int, int, int],
    *,
    align: str = "left",
    box_width: int | None = None,
) -> None:
    """Draw the lines top-down from ``origin`` (top-left of the block box); ``align`` within ``box_width``."""
    font = block.font
    x0, y0 = origin
    for number, line in enumerate(block.lines):
        x = float(x0)
        if align == "center":
            x += ((box_width or block.width) - font.getlength(line)) / 2
        # "la" (left-ascender): the block's top is the font's ascender line, the same for every string
        draw.text((x, y0 + number * block.line_height), line, font=font, fill=fill, anchor="la")


def _preview(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
