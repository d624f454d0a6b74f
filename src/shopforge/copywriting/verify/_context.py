"""What every check type shares: the copy under check, a hit, the checker protocol and its pre-screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, NamedTuple

from pydantic import ConfigDict

from shopforge.copywriting.kinds import BULLET_MARKER
from shopforge.copywriting.verify._screens import WORDS

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN = re.compile(f"[{CJK}]+")
NON_CJK_RUN = re.compile(f"[^{CJK}]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


class Hit(NamedTuple):
    span: str  # exact offending substring; "" when the whole copy is at fault
    detail: str = ""  # appended to the rule's message, e.g. "(61 > 60 bytes_gbk)"
    source: str | None = None  # overrides the rule's source (per-term citations)


_BRANDS: dict[str, re.Pattern[str]] = {}


def _brand_pattern(brand: str) -> re.Pattern[str]:
    pattern = _BRANDS.get(brand)
    if pattern is None:
        if len(_BRANDS) >= 1024:
            _BRANDS.clear()
        pattern = _BRANDS[brand] = re.compile(re.escape(brand), re.IGNORECASE)
    return pattern


class CheckContext:
    """One copy under check; brand occurrences are located lazily, only when a hit needs the exemption."""

    __slots__ = ("_brand_spans", "_cjk", "_words", "brand", "folded", "kind", "lang", "text")

    def __init__(self, text: str, kind: str, brand: str | None, lang: str | None) -> None:
        self.text = text
        # Case-insensitive checks match lower-cased terms against this, case-sensitively: re.IGNORECASE
        # disables the literal-prefix scan and costs ~5x. None when lower() changes the length (rare letters
        # such as İ), since spans must index the original text.
        lowered = text.lower()
        self.folded: str | None = lowered if len(lowered) == len(text) else None
        self.kind = kind
        self.brand = brand.strip() if brand and brand.strip() else None
        self.lang = lang
        self._brand_spans: list[tuple[int, int]] | None = None
        self._cjk: str | None = None
        self._words: list[str] | None = None

    def in_brand(self, start: int, end: int) -> bool:
        if self.brand is None:
            return False
        if self._brand_spans is None:
            self._brand_spans = [m.span() for m in _brand_pattern(self.brand).finditer(self.text)]
        return any(b_start <= start and end <= b_end for b_start, b_end in self._brand_spans)

    def cjk(self) -> str:
        """The CJK characters of the copy, in order (the same in ``folded``: CJK has no case)."""
        if self._cjk is None:
            self._cjk = "" if self.text.isascii() else NON_CJK_RUN.sub("", self.text)
        return self._cjk

    def words(self) -> list[str]:
        """The runs of ASCII letters and digits of ``folded`` (of the text when there is no folded copy)."""
        if self._words is None:
            self._words = WORDS.findall(self.folded if self.folded is not None else self.text)
        return self._words

    def brand_words(self) -> set[str]:
        return {w.lower() for w in LATIN_WORD.findall(self.brand)} if self.brand else set()

    def items(self) -> list[str]:
        """Bullets: one per non-empty line, without list markers; other kinds: the whole text."""
        if self.kind != "bullets":
            return [self.text]
        return [BULLET_MARKER.sub("", line).strip() for line in self.text.splitlines() if line.strip()]


Checker = Callable[[CheckContext], Iterable[Hit]]
CheckCompiler = Callable[[dict[str, Any]], Checker]
Haystack = Literal["folded", "text"]


class Screened:
    """A checker that can be skipped: it reports nothing unless ``screen`` is found in the ``haystack``.

    ``haystack`` is ``"text"`` (the copy as written) or ``"folded"`` (``ctx.folded``; when that is None the
    checker always runs). The driver merges the screens of all rules of a (packs, kind) into one regex per
    haystack, so a clean copy costs one scan instead of one per rule.
    """

    __slots__ = ("check", "haystack", "screen")

    def __init__(self, check: Checker, screen: re.Pattern[str], haystack: Haystack) -> None:
        self.check = check
        self.screen = screen
        self.haystack = haystack

    def __call__(self, ctx: CheckContext) -> Iterable[Hit]:
        return self.check(ctx)


# Check parameters: a typo in a pack is an error, not a no-op. Each check module derives its own
# ``_Params(BaseModel)`` with this config.
PARAMS_CONFIG = ConfigDict(extra="forbid", frozen=True)
