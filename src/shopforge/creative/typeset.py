"""Typesetting for posters: fonts (Noto Sans CJK SC, cached), line breaking for Chinese and Latin, shrink-to-fit.

Lines break at word boundaries first: spaces, and after a clause's closing punctuation. A phrase that fits a
line moves down whole ("禾川 真空保温杯 750ml 304不锈钢" never becomes "304不|锈钢"); only a phrase longer than the
line breaks inside, preferring a script change or a gap between ideographs over a gap inside a known term (the
lexicon's colours, materials, units, origins, plus the caller's own phrases). Latin words and numbers with their
unit ("750ml", "1.7 L", "12小时") never split. The line-breaking rules (避头尾 / 禁则) always hold: closing
punctuation (，。！？、；：）」』》…) never starts a line and opening punctuation (（「『《【) never ends one; the
character before such a mark moves down with it ("push-out"), which keeps every line inside its box.
Text never overflows: a block shrinks step by step down to a minimum size, then ``TextFitError`` is raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from shopforge.facts.lexicon import concept_lexicon, is_cjk, origin_lexicon, unit_table

# Simplified Chinese rules (Office Open XML / Ecma) plus their ASCII counterparts for mixed copy.
NO_LINE_START = frozenset("，。！？、；：）」』》】〕〉〗｝］’”…—～％‰℃·,.!?;:)]}%")
NO_LINE_END = frozenset("（「『《【〔〈〖｛［‘“([{$￥¥£#")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
# one CJK character (or full-width mark), a run of whitespace, or a Latin "word" (anything else up to a space/CJK)
# A number and its unit ("750 ml", "1.7 L") stay on one line: the first alternative keeps them one token.
_TOKEN = re.compile(rf"\d+(?:[.,]\d+)?\s[A-Za-z%°℃]{{1,4}}(?![A-Za-z])|\s+|[{_CJK}]|[^\s{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# closing marks after which a line may end even without a space: the end of a clause or a bracketed phrase
_CLOSING = frozenset("，。！？、；：）」』》】〕〉〗｝］’”…")
# Chinese measure words that stay glued to their number ("3档", "2件"); units proper come from units.yaml
_MEASURE_WORDS = ("个", "件", "只", "档", "年", "天", "款", "层", "种", "倍", "秒", "寸", "码", "片", "包", "盒", "瓶",
                  "双", "套", "张", "条", "支", "台", "人", "色", "位", "节", "段", "挡")  # fmt: skip
# break classes, best first: between phrases; at a script change; between ideographs; inside a term; never
_PHRASE, _SCRIPT, _CHAR, _TERM, _FORBIDDEN = 0, 1, 1, 2, 9
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
    return _token_pattern().findall(text)


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    """Like ``_TOKEN``, plus a number glued to a Chinese unit or measure word ("12小时", "3档") as one token."""
    units = {s for s in unit_table().spellings if is_cjk(s)} | set(_MEASURE_WORDS)
    alternation = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"\d+(?:[.,]\d+)?(?:{alternation})|{_TOKEN.pattern}")


@lru_cache(maxsize=64)
def _terms(keep: frozenset[str]) -> tuple[frozenset[str], int]:
    """Chinese terms not to break inside: the lexicon's surfaces plus the caller's own phrases' Chinese runs."""
    lexicon = concept_lexicon().spellings | unit_table().spellings | frozenset(origin_lexicon().countries)
    runs = {run for phrase in lexicon | keep for run in _CJK_RUN.findall(phrase)}
    terms = frozenset(run for run in runs if len(run) >= 2)
    return terms, max(map(len, terms), default=0)


def break_lines(
    text: str, font: ImageFont.FreeTypeFont, max_width: float, keep: Iterable[str] = ()
) -> list[str] | None:
    """Lines of at most ``max_width`` px, or None when some word or character group cannot fit at this size.

    Breaks prefer, in order: spaces and the gap after closing / before opening punctuation; then, only inside a
    phrase longer than a line, a change of script or a gap between two ideographs; last, a gap inside a known
    term (``keep`` phrases and the lexicon: 不锈钢, 黑色…). Latin words and numbers with units never split.
    Widths are sums of cached token advances (kerning across tokens is ignored); ``measure`` re-measures the
    finished lines exactly, so an underestimate can only make a size fail, never overflow.
    """
    atoms = tokens(text)
    classes = _break_classes(atoms, frozenset(keep))
    lines: list[str] = []
    pos = _skip_space(atoms, 0)
    while pos < len(atoms):
        end = _furthest_fit(atoms, pos, font, max_width)
        if end == pos:
            return None  # a single word wider than the box: only a smaller size helps
        # spaces after the last fitting atom cost nothing: the break may fall after them, before the next word
        if _skip_space(atoms, end) < len(atoms):
            end = _choose_break(atoms, classes, pos, _skip_space(atoms, end), font, max_width)
        lines.append("".join(" " if atom.isspace() else atom for atom in atoms[pos:end]).strip())
        pos = _skip_space(atoms, end)
    return lines


def _skip_space(atoms: list[str], pos: int) -> int:
    while pos < len(atoms) and atoms[pos].isspace():
        pos += 1
    return pos


def _furthest_fit(atoms: list[str], pos: int, font: ImageFont.FreeTypeFont, max_width: float) -> int:
    """The end (exclusive) of the longest run of atoms from ``pos`` whose width, spaces collapsed, fits."""
    width, pending, end = 0.0, 0.0, pos
    for index in range(pos, len(atoms)):
        atom = atoms[index]
        if atom.isspace():
            pending = _advance(font, " ")  # a trailing space costs nothing: it disappears at the line end
            continue
        width += pending + _advance(font, atom)
        pending = 0.0
        if width > max_width:
            break
        end = index + 1
    return end


def _choose_break(
    atoms: list[str], classes: list[int], pos: int, end: int, font: ImageFont.FreeTypeFont, max_width: float
) -> int:
    """Where the line from ``pos`` (which fits up to ``end``) ends: the atom index the next line starts at."""
    candidates = range(end, pos, -1)
    phrase = next((b for b in candidates if classes[b] == _PHRASE), None)
    if phrase is not None:
        # a phrase that fits a line of its own moves down whole; a longer one must split anyway, so it fills
        # this line first rather than leave a gap
        phrase_end = next((b for b in range(phrase + 1, len(atoms)) if classes[b] == _PHRASE), len(atoms))
        if _furthest_fit(atoms, phrase, font, max_width) >= _rstrip_index(atoms, phrase_end):
            return phrase
        candidates = range(end, phrase, -1)
    found = next((b for b in candidates if classes[b] <= _CHAR), None)
    if found is not None:
        return found
    if phrase is not None:
        return phrase  # rather than split a term here, start the phrase afresh on the next line
    found = next((b for b in candidates if classes[b] <= _TERM), None)
    return end if found is None else found  # all gaps forbidden (a line of punctuation): break rather than fail


def _rstrip_index(atoms: list[str], end: int) -> int:
    while end > 0 and atoms[end - 1].isspace():
        end -= 1
    return end


def _break_classes(atoms: list[str], keep: frozenset[str]) -> list[int]:
    """For each atom index b, how acceptable a line break just before ``atoms[b]`` is (lower is better)."""
    classes = [_FORBIDDEN] * (len(atoms) + 1)
    classes[len(atoms)] = _PHRASE
    inside = _inside_terms(atoms, keep)
    previous = -1  # index of the last non-space atom
    for index, atom in enumerate(atoms):
        if atom.isspace():
            continue
        if previous >= 0:
            classes[index] = _gap_class(atoms[previous], atom, spaced=previous < index - 1, inside=index in inside)
        previous = index
    return classes


def _gap_class(before: str, after: str, *, spaced: bool, inside: bool) -> int:
    if after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
        return _FORBIDDEN
    if spaced or before[-1] in _CLOSING or after[0] in NO_LINE_END:
        return _PHRASE
    if _is_cjk_atom(before) != _is_cjk_atom(after):
        return _SCRIPT
    return _TERM if inside else _CHAR


def _inside_terms(atoms: list[str], keep: frozenset[str]) -> set[int]:
    """Atom indexes that sit inside a known term or would leave one ideograph of a phrase alone on a line."""
    terms, longest = _terms(keep)
    inside: set[int] = set()
    index = 0
    while index < len(atoms):
        if not _is_ideograph(atoms[index]):
            index += 1
            continue
        run_end = index
        while run_end < len(atoms) and _is_ideograph(atoms[run_end]):
            run_end += 1
        run = "".join(atoms[index:run_end])
        if len(run) >= 3:  # "真|空保温杯" strands one character: as bad as splitting a term
            inside.add(index + 1)
            if run_end == len(atoms) or atoms[run_end][0] not in NO_LINE_START:  # "五，" is a push-out, not alone
                inside.add(run_end - 1)
        for start in range(len(run)):
            for length in range(min(longest, len(run) - start), 1, -1):
                if run[start : start + length] in terms:
                    inside.update(range(index + start + 1, index + start + length))
        index = run_end
    return inside


def _is_cjk_atom(atom: str) -> bool:
    return len(atom) == 1 and _CJK_CHAR.match(atom) is not None


def _is_ideograph(atom: str) -> bool:
    return len(atom) == 1 and "\u3400" <= atom <= "\u9fff"


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
def measure(
    text: str, font_path: str, size: int, max_width: int, keep: frozenset[str] = frozenset()
) -> TextBlock | None:
    """``text`` broken into lines at ``size`` px, with its box; None when it cannot break within ``max_width``.

    Cached: candidate layouts share column widths, and a batch re-renders the same copy at several sizes.
    ``keep``: the product's own phrases (fact values, names) not to break inside; see ``break_lines``.
    """
    font = load_font(font_path, size)
    lines = break_lines(text, font, max_width, keep)
    if not lines:
        return None
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + round(size * LINE_GAP)
    width = max(int(font.getlength(line) + 0.999) for line in lines)
    height = line_height * (len(lines) - 1) + ascent + descent
    return TextBlock(text, tuple(lines), size, font_path, width, height, line_height)


def fit_text(
    text: str,
    font_path: str,
    max_width: int,
    max_height: int,
    size: int,
    min_size: int,
    keep: Iterable[str] = (),
) -> TextBlock:
    """The largest size ≤ ``size`` (down to ``min_size``) at which ``text`` fits the box; else ``TextFitError``."""
    phrases = frozenset(keep)
    while True:
        block = measure(text, font_path, size, max_width, phrases)
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
