"""Text shaping shared by the marketplace exports: measures, word-boundary truncation, bullets, HTML bodies.

Truncation works on ``str`` (code points), so a UTF-8 sequence is never split; it also never cuts inside a word:
a cut is made at whitespace or after punctuation — or, in Chinese text without either, between two characters —
and never before a combining mark or joiner.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shopforge.copywriting.kinds import BULLET_MARKER

Measure = Callable[[str], int]

_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_BREAK_AFTER = frozenset("、，。；：！？）】」』》…–—|")  # a cut may follow these
_BREAK_AFTER_ASCII = frozenset(",.;:!?)]}")  # …and these unless a letter or digit follows ("1.7 L", "1,500 W")
_DANGLING = ",;:-–—/|、，；：([{（【「『《"  # stripped from the end of a cut: a cut ends a phrase, not a clause
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "【point】detail" (zh) or "Point: detail" (en); a heading is short, or the line has none
_HEADING = re.compile(
    r"^【(?P<zh>[^】]{1,16})】\s*(?P<zh_detail>.*)$|^(?P<en>[^:：]{1,40})[:：]\s*(?P<en_detail>.+)$", re.S
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_TERM = re.compile(f"[{_LATIN}][{_LATIN}0-9'’-]*|[\u3400-\u4dbf\u4e00-\u9fff]+")
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "can", "comes", "for", "from", "has", "have", "in", "is",
     "it", "its", "made", "meet", "of", "on", "or", "our", "that", "the", "this", "to", "use", "will", "with",
     "your", "you"}
)  # fmt: skip


def chars(text: str) -> int:
    return len(text)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def truncate(text: str, limit: int, measure: Measure = chars) -> str:
    """The longest prefix of ``text`` within ``limit`` that ends at a word boundary ("" when no whole word fits).

    A space or punctuation is the boundary of choice; between two CJK characters is a fallback, taken only when
    the last space or punctuation would give up more than half of what fits (a Chinese title without spaces)."""
    if measure(text) <= limit:
        return text
    low, high = 0, len(text)  # the longest prefix that fits: measures grow with the prefix
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if measure(text[:middle]) <= limit else (low, middle - 1)
    cut = next((i for i in range(low, 0, -1) if _is_boundary(text, i, cjk=False)), 0)
    if 2 * cut < low:
        cut = next((i for i in range(low, cut, -1) if _is_boundary(text, i, cjk=True)), cut)
    return text[:cut].rstrip().rstrip(_DANGLING).rstrip()


def _is_boundary(text: str, i: int, *, cjk: bool) -> bool:
    before, after = text[i - 1], text[i]
    if unicodedata.combining(after) or after in _JOINERS or before in _JOINERS:
        return False
    if before.isspace() or after.isspace() or before in _BREAK_AFTER:
        return True
    if before in _BREAK_AFTER_ASCII and not after.isalnum():
        return True
    return cjk and bool(_CJK.match(before) or _CJK.match(after))


def one_line(text: str) -> str:
    """Tabs, newlines and control characters become single spaces: a value that cannot break a TSV row."""
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def lines(text: str | None) -> list[str]:
    return [one_line(line) for line in (text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class Bullet:
    point: str  # the heading ("Leak-proof" of "Leak-proof: …", "防漏" of "【防漏】…"); "" when the line has none
    detail: str
    text: str  # the whole line, list marker removed


def split_bullets(text: str | None) -> list[Bullet]:
    """One bullet per non-empty line of a bullets copy, its "- " / "1." marker removed."""
    bullets = []
    for line in lines(text):
        line = BULLET_MARKER.sub("", line, count=1).strip()
        if not line:
            continue
        match = _HEADING.match(line)
        if match and match["zh"]:
            bullets.append(Bullet(match["zh"].strip(), match["zh_detail"].strip(), line))
        elif match and len(match["en"].split()) <= 6:
            bullets.append(Bullet(match["en"].strip(), match["en_detail"].strip(), line))
        else:
            bullets.append(Bullet("", line, line))
    return bullets


def html_body(description: str | None, bullets: list[Bullet]) -> str:
    """Each description line as an escaped <p>, then the bullets as one <ul>."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines(description))
    if bullets:
        body += "<ul>" + "".join(f"<li>{html.escape(b.text)}</li>" for b in bullets) + "</ul>"
    return body


def join_within(items: Iterable[str], separator: str, limit: int, measure: Measure = chars) -> tuple[str, int]:
    """Whole items joined while they fit (an item is never cut); returns the text and how many were left out."""
    kept: list[str] = []
    items = list(items)
    for item in items:
        if measure(separator.join([*kept, item])) > limit:
            break
        kept.append(item)
    return separator.join(kept), len(items) - len(kept)


def search_terms(source: str | None, already_visible: Iterable[str]) -> str:
    """Distinct words of ``source`` that the title and bullets do not already show, in order, space-separated.

    Latin words are lower-cased and common function words dropped; a run of Chinese characters is one term.
    Amazon indexes the title and bullets already, so repeating their words in search terms adds nothing."""
    visible = " ".join(already_visible).lower()
    visible_words = set(_TERM.findall(visible))
    terms: dict[str, None] = {}
    for term in _TERM.findall((source or "").lower()):
        if term in _STOPWORDS or len(term) < 2 or term in visible_words:
            continue
        if _CJK.match(term) and term in visible:
            continue
        terms.setdefault(term, None)
    return " ".join(terms)
