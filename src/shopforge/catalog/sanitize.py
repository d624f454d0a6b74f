"""Turn merchant free text into clean, faithful plain text.

Choices (and why):

* HTML is converted to text with the standard library parser: block elements (``<p>``, ``<br>``, ``<li>``,
  headings, table rows…) become line breaks so the structure a writer can use survives; ``<script>``,
  ``<style>`` and similar are dropped with their content; entities are decoded.
* Unicode is NFC-normalised, **not** NFKC: NFKC would turn Chinese full-width punctuation (，：！？（）) into
  ASCII and mangle symbols that carry facts (m² → m2, ℃ → °C, ½ → 1⁄2, ㎖ → ml). Instead only full-width ASCII
  letters, digits and symbols that appear inside codes and quantities (ＡＢＣ１２３％．) are folded to
  ASCII, so "７５０ｍｌ" reads as "750ml" for the fact extractor while "保温，防漏！" keeps its punctuation.
* Zero-width, bidi and other format characters and control characters are removed from every field
  (they hide text from reviewers and break matching); a zero-width joiner between emoji is kept because it
  is part of one emoji (👨‍👩‍👧). Emoji themselves are kept everywhere: the data stays faithful and the writer
  decides what to use.
* Prompt-injection text is removed by :mod:`shopforge.catalog.injection` after the steps above, so
  invisible characters or full-width letters cannot be used to slip past the patterns.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from shopforge.catalog.injection import remove_injection

# Full-width forms that are ordinary punctuation in Chinese prose; everything else in U+FF01–U+FF5E is folded.
_KEEP_FULLWIDTH = frozenset("，：；！？（）～")
_FULLWIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULLWIDTH}
_ZWJ = "\u200d"
_LINE_BREAK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dt",
        "dd",
    ]
)
_DROPPED_TAGS = frozenset(
    ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head", "title"]
)
_TAG_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# What is left of markup after parsing: an unterminated tag to the end of the field (<svg/onload=alert(5)),
# script URLs and inline event handlers. "<10 lb", "5<6" and "a < b" are not tags (no letter after "<").
_UNTERMINATED_TAG = re.compile(r"</?[a-zA-Z!][^<>]*$")
_STRICT_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:[\s/][^<>]*)?>")  # "<b>", not "a < b and 3 > 2"
_SCRIPT_URL = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:\S*")
_EVENT_HANDLER = re.compile(r"(?i)\bon[a-z]{3,}\s*=\s*(?:\"[^\"]*\"|'[^']*'|\S+)")
_MAX_MARKUP_PASSES = 3  # &lt;script&gt; decodes to a tag: parse again, a bounded number of times
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BLOCK_BREAKS = re.compile(r"[^\S\n]*\n\s*")


@dataclass
class CleanText:
    """Sanitised text plus short, human-readable notes on what was changed."""

    text: str
    notes: list[str] = field(default_factory=list)


class _TextExtractor(HTMLParser):
    """Collects text from HTML, turning block boundaries into newlines and skipping script-like elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropped_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped_depth += 1
        elif tag in _LINE_BREAK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LINE_BREAK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped_depth = max(0, self._dropped_depth - 1)
        elif tag in _LINE_BREAK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropped_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_TAG_LIKE.search(text) or _ENTITY.search(text))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment; line breaks kept for block elements, whitespace not yet normalised."""
    if not _TAG_LIKE.search(markup):
        return html.unescape(markup)  # entities only ("Tom &amp; Jerry"): no need to parse
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    # Source newlines are just HTML whitespace; only tags decide line breaks, one per block boundary (a list
    # of <li> reads as one item per line, not items separated by blank lines).
    text = "".join(_collapse_source_whitespace(part) for part in extractor.parts)
    return _BLOCK_BREAKS.sub("\n", text)


def _collapse_source_whitespace(part: str) -> str:
    return part if part == "\n" else re.sub(r"\s+", " ", part)


def _is_pictographic(char: str) -> bool:
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code == 0xFE0F


def remove_invisible(text: str, *, multiline: bool) -> str:
    """Drop control, format (zero-width, bidi) and lone-surrogate characters; tabs become spaces."""
    # Fast path: Cc, Cf and Cs characters are all non-printable, and str.isprintable() runs in C.
    if all(line.isprintable() for line in text.split("\n")):
        return text if multiline else text.replace("\n", " ")
    kept: list[str] = []
    for index, char in enumerate(text):
        if char == "\n":
            kept.append("\n" if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif (char == _ZWJ and _joins_emoji(text, index)) or unicodedata.category(char) not in (
            "Cc",
            "Cf",
            "Cs",
        ):
            kept.append(char)
    return "".join(kept)


def _joins_emoji(text: str, index: int) -> bool:
    return (
        0 < index < len(text) - 1 and _is_pictographic(text[index - 1]) and _is_pictographic(text[index + 1])
    )


def normalise_unicode(text: str) -> str:
    """NFC plus folding of full-width ASCII letters/digits/symbols (CJK punctuation kept, see module doc)."""
    return unicodedata.normalize("NFC", text).translate(_FULLWIDTH_FOLD)


def normalise_whitespace(text: str, *, multiline: bool) -> str:
    if not multiline:
        return " ".join(text.split())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalise_identifier(value: str) -> str:
    """The form a SKU or handle is compared in: NFC, full-width folded, invisible characters removed."""
    return normalise_unicode(remove_invisible(value, multiline=False)).strip()


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)


def strip_markup(text: str) -> tuple[str, bool]:
    """Text without tags, entity-encoded tags, unterminated tags, script URLs or event handlers."""
    removed = False
    for _ in range(_MAX_MARKUP_PASSES):
        if not looks_like_html(text):
            break
        removed = removed or bool(_TAG_LIKE.search(text))
        text = html_to_text(text)
    for pattern in (_UNTERMINATED_TAG, _SCRIPT_URL, _EVENT_HANDLER):
        text, count = pattern.subn("", text)
        removed = removed or count > 0
    if _STRICT_TAG.search(text):  # still markup after the passes: drop what is a tag
        text, removed = _STRICT_TAG.sub("", text), True
    return text, removed


def clean_text(raw: str, *, multiline: bool = False, strip_injection: bool = True) -> CleanText:
    """Sanitise one free-text value; ``multiline`` keeps line breaks (descriptions), else one line."""
    notes: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text, removed_markup = strip_markup(text)
    if removed_markup:
        notes.append("HTML removed")
    without_invisible = remove_invisible(text, multiline=True)
    if len(without_invisible) != len(text):  # tabs become spaces one for one
        notes.append("invisible or control characters removed")
    text = normalise_unicode(without_invisible)
    if strip_injection:
        text, removed = remove_injection(text)
        if removed:
            notes.append(f"instruction-like text removed ({', '.join(removed)})")
    return CleanText(normalise_whitespace(text, multiline=multiline), notes)
