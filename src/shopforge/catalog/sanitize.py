"""Turn merchant free text into clean, faithful plain text.

Choices (and why):

* HTML is converted to text with the standard library parser: block elements (``<p>``, ``<br>``, ``<li>``,
  headings, table rows…) become line breaks so the structure a writer can use survives; ``<script>``,
  ``<style>`` and similar are dropped with their content; comments, CDATA, doctypes and processing
  instructions are dropped; entities are decoded and the result parsed again, so entity-encoded markup
  (``&lt;script&gt;``) goes too. After parsing, unterminated tags (``<svg/onload=…`` to the end of the field),
  script URLs and event handlers left outside a tag are removed. Markup that could run script gets its own note.
* Only a letter after ``<`` starts a tag, as in browsers: "<10 lb", "5<6", "a < b" are text. A bracketed word
  that is no HTML/SVG/MathML element and carries no attribute ("Size <M>", "<UNK>") is text too; it cannot run
  anything, and whoever writes it into HTML escapes it like any other text.
* Unicode is NFC-normalised, **not** NFKC: NFKC would turn Chinese full-width punctuation (，：！？（）) into
  ASCII and mangle symbols that carry facts (m² → m2, ℃ → °C, ½ → 1⁄2, ㎖ → ml). Instead only full-width ASCII
  letters, digits and symbols that appear inside codes and quantities (ＡＢＣ１２３％．) are folded to
  ASCII, so "７５０ｍｌ" reads as "750ml" for the fact extractor while "保温，防漏！" keeps its punctuation.
* Zero-width, bidi and other format characters and control characters are removed from every field
  (they hide text from reviewers and break matching); a zero-width joiner between emoji is kept because it
  is part of one emoji (👨‍👩‍👧). Emoji themselves are kept everywhere: the data stays faithful and the writer
  decides what to use.
* Invisible characters are removed and full-width forms folded *before* markup is looked for, and again on
  what decoding produces, so "＜script＞" or a zero-width space inside "javascript:" hides nothing.
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
# Elements whose content is never text (code): dropped with their content even when never closed.
_CODE_TAGS = frozenset(["script", "style"])
# Elements whose content is hidden from the reader: dropped with their content when closed; when a stray one is
# never closed, what follows it is the merchant's text and is kept ("<svg/onload=…>Mugs" keeps "Mugs").
_HIDDEN_TAGS = frozenset(["noscript", "template", "iframe", "object", "svg", "math", "head", "title", "xmp"])
# Tags that can run script or load something by themselves; their removal gets its own note.
_ACTIVE_TAGS = frozenset([
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "meta", "link", "form",
    "input", "button", "style"
])  # fmt: skip
# HTML, SVG and MathML element names (WHATWG and SVG 2 indexes, obsolete ones included because browsers still
# parse them). A bracketed word that is none of these and has no attributes is text, not a tag: "Size <M>",
# "<UNK>", "Model <A1>". Sizes that are also element names ("<S>", "<B>") are tags, as browsers read them.
_KNOWN_ELEMENTS = frozenset([
    "a", "abbr", "acronym", "address", "animate", "animatemotion", "animatetransform", "applet", "area", "article",
    "aside", "audio", "b", "base", "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br",
    "button", "canvas", "caption", "center", "circle", "cite", "clippath", "code", "col", "colgroup", "data",
    "datalist", "dd", "defs", "del", "desc", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "ellipse", "em",
    "embed", "fieldset", "figcaption", "figure", "font", "footer", "foreignobject", "form", "frame", "frameset", "g",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "image", "img",
    "input", "ins", "isindex", "kbd", "keygen", "label", "legend", "li", "line", "link", "listing", "main", "map",
    "mark", "marquee", "math", "menu", "menuitem", "meta", "meter", "mi", "mn", "mo", "ms", "mtext", "multicol", "nav",
    "nextid", "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
    "path", "picture", "plaintext", "polygon", "polyline", "pre", "progress", "q", "rb", "rect", "rp", "rt", "rtc",
    "ruby", "s", "samp", "script", "search", "section", "select", "set", "slot", "small", "source", "spacer", "span",
    "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "text", "textarea",
    "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "use", "var", "video", "wbr", "xmp"
])  # fmt: skip
_TAG_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# A tag's parts: "<svg/onload=alert(5)" → name "svg", rest "/onload=alert(5)". Only a letter after "<" starts a
# tag (as in browsers), so "<10 lb", "5<6" and "a < b" are text.
_TAG_PARTS = re.compile(r"</?([a-zA-Z][^\s/<>]*)([^<>]*?)/?>?$")
_UNTERMINATED_TAG = re.compile(r"</?[a-zA-Z][^<>]*$|<[!?][^<>]*$")  # no ">" to the end of the field
_STRICT_TAG = re.compile(r"</?[a-zA-Z][^\s/<>]*(?:[\s/][^<>]*)?>")  # "<b>", not "a < b and 3 > 2"
_SIMPLE_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9]*")
_INERT_REST = re.compile(r"[^=/'\"`<>]*")  # no attribute value, quote or slash: "<Rs 500"
_ON_ATTRIBUTE = re.compile(r"(?i)(?<![\w-])on[a-z]")
# A script URL outside a tag ("javascript:alert(1)"), but not a colon after the word ("JavaScript: The Good
# Parts"): what follows must look like code. data: only as a URL with a media type (not "Data: 5 GB").
_SCRIPT_URL = re.compile(
    r"(?i)\b(?:java|vb|live)script\s*:\s*(?=[^\s<>]*[()=`;'\"\\/.%&\[])[^\s<>]*"
    r"|\bdata\s*:\s*[a-z]+/[\w.+-]+[;,][^\s<>]*"
)
# An event-handler attribute left outside a tag (after a quote broke out of an attribute: x" onmouseover="…").
# A known handler name with a quoted or code-like value; "online=yes" is a spec, not a handler.
_EVENT_HANDLER = re.compile(
    r"(?i)(?<![\w-])on(?:abort|animation\w+|auxclick|before\w+|begin|blur|cancel|canplay\w*|change|click|close|"
    r"contextmenu|copy|cuechange|cut|dblclick|drag\w*|drop|durationchange|emptied|end|ended|error|focus\w*|"
    r"formdata|fullscreen\w+|hashchange|input|invalid|key\w+|load\w*|message\w*|mouse\w+|offline|online|page\w+|"
    r"paste|pause|play\w*|pointer\w+|popstate|progress|ratechange|repeat|reset|resize|scroll\w*|search|seek\w+|"
    r"select\w*|show|slotchange|stalled|storage|submit|suspend|timeupdate|toggle|touch\w+|transition\w+|"
    r"unload|volumechange|waiting|wheel)\s*=\s*(?:\"[^\"]*\"?|'[^']*'?|`[^`]*`?|[^\s>]*[()=`;.:/][^\s>]*)"
)
_URL_JUNK = re.compile(r"[\x00-\x20]+")  # browsers drop these inside a URL's scheme ("jav\tascript:")
_SCRIPT_SCHEME = re.compile(r"(?i)^(?:java|vb|live)script:|^data:(?!image/(?:png|jpe?g|gif|webp|avif)[;,])")
_MAX_MARKUP_PASSES = 8  # &lt;script&gt; decodes to a tag: parse again, a bounded number of times
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BLOCK_BREAKS = re.compile(r"[^\S\n]*\n\s*")


@dataclass
class CleanText:
    """Sanitised text plus short, human-readable notes on what was changed."""

    text: str
    notes: list[str] = field(default_factory=list)


@dataclass
class MarkupFound:
    """What :func:`strip_markup` removed: any markup, and markup that could run script (its own note)."""

    removed: bool = False
    active: bool = False

    def add(self, other: MarkupFound) -> None:
        self.removed = self.removed or other.removed
        self.active = self.active or other.active


def is_inert_tag(name: str, rest: str) -> bool:
    """A bracketed word that no browser treats as an element and that carries nothing: "<M>", "<Rs 500"."""
    return (
        _SIMPLE_NAME.fullmatch(name) is not None
        and name.lower() not in _KNOWN_ELEMENTS
        and _INERT_REST.fullmatch(rest) is not None
        and not _ON_ATTRIBUTE.search(rest)
    )


def _is_script_url(value: str) -> bool:
    return bool(_SCRIPT_SCHEME.match(_URL_JUNK.sub("", value)))


class _TextExtractor(HTMLParser):
    """Collects text from HTML, turning block boundaries into newlines and skipping script-like elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.found = MarkupFound()
        self._hidden: list[str] = []  # open elements whose content is not text, outermost first
        self._held: list[str] = []  # text inside them, kept if the outermost one is never closed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        parts = _TAG_PARTS.match(raw)
        if parts and is_inert_tag(parts.group(1), parts.group(2)):
            self.handle_data(raw)  # "Size <M>" is text
            return
        self._note_tag(tag, attrs)
        if tag in _CODE_TAGS or tag in _HIDDEN_TAGS:
            self._hidden.append(tag)
        elif tag in _LINE_BREAK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note_tag(tag, attrs)
        if tag in _LINE_BREAK_TAGS and not self._hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.found.removed = True
        if tag in self._hidden:
            del self._hidden[self._hidden.index(tag) :]
            if not self._hidden:
                self._held.clear()
        elif tag in _LINE_BREAK_TAGS and not self._hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        (self._held if self._hidden else self.parts).append(data)

    # Comments, CDATA, <!DOCTYPE …> and <?…?> are markup and never text.
    def handle_comment(self, data: str) -> None:
        self.found.removed = True

    def handle_decl(self, decl: str) -> None:
        self.found.removed = True

    def unknown_decl(self, data: str) -> None:
        self.found.removed = True

    def handle_pi(self, data: str) -> None:
        self.found.removed = True

    def finish(self) -> list[str]:
        self.close()
        if self._hidden and self._hidden[0] not in _CODE_TAGS:
            self.parts.extend(self._held)  # a stray <svg …> or <iframe …> never closed: the text after it stays
        return self.parts

    def _note_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.removed = True
        if (
            tag in _ACTIVE_TAGS
            or any(name.startswith("on") for name, _ in attrs)
            or any(value and _is_script_url(value) for _, value in attrs)
        ):
            self.found.active = True


def looks_like_html(text: str) -> bool:
    return bool(_TAG_LIKE.search(text) or _ENTITY.search(text))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment; line breaks kept for block elements, whitespace not yet normalised."""
    return _parse_html(markup)[0]


def _parse_html(markup: str) -> tuple[str, MarkupFound]:
    if not _TAG_LIKE.search(markup):
        return html.unescape(markup), MarkupFound()  # entities only ("Tom &amp; Jerry"): no need to parse
    extractor = _TextExtractor()
    extractor.feed(markup)
    parts = extractor.finish()
    # Source newlines are just HTML whitespace; only tags decide line breaks, one per block boundary (a list
    # of <li> reads as one item per line, not items separated by blank lines).
    text = "".join(_collapse_source_whitespace(part) for part in parts)
    return _BLOCK_BREAKS.sub("\n", text), extractor.found


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


def strip_markup(text: str) -> tuple[str, MarkupFound]:
    """Text without tags, comments, CDATA, entity-encoded or unterminated tags, script URLs or event handlers.

    Entities are decoded and the result parsed again until nothing changes, so "&lt;script&gt;" (or the same
    encoded twice) is removed like "<script>"; what a pass decodes is cleaned of invisible and full-width
    characters first ("&#xFF1C;script&#xFF1E;"). Text that only looks like markup stays: "<10 lb", "a < b",
    "5<6", "AT&T", "Size <M>".
    """
    found = MarkupFound()
    for _ in range(_MAX_MARKUP_PASSES):
        if not looks_like_html(text):
            break
        parsed, pass_found = _parse_html(text)
        parsed = normalise_unicode(remove_invisible(parsed, multiline=True))
        found.add(pass_found)
        if parsed == text:
            break  # only inert brackets ("<M>") are left
        text = parsed
    text = _UNTERMINATED_TAG.sub(lambda match: _drop_tag(match, found), text)
    text = _STRICT_TAG.sub(lambda match: _drop_tag(match, found), text)  # if the passes ran out
    for pattern in (_SCRIPT_URL, _EVENT_HANDLER):
        text, count = pattern.subn("", text)
        if count:
            found.removed = found.active = True
    return text, found


def _drop_tag(match: re.Match[str], found: MarkupFound) -> str:
    parts = _TAG_PARTS.match(match.group())
    if parts and is_inert_tag(parts.group(1), parts.group(2)):
        return match.group()
    found.removed = True
    if _ON_ATTRIBUTE.search(match.group()) or (parts and parts.group(1).lower() in _ACTIVE_TAGS):
        found.active = True
    return ""


def contains_markup(text: str) -> bool:
    """Whether sanitising would remove markup from ``text`` (an identifier with a tag in it is refused)."""
    return strip_markup(normalise_unicode(remove_invisible(text, multiline=True)))[1].removed


def safe_reference(ref: str) -> bool:
    """An image path or URL that is not a script or HTML URL and carries no markup."""
    return not _is_script_url(ref) and not any(char in ref for char in "<>\"'`")


def clean_text(raw: str, *, multiline: bool = False, strip_injection: bool = True) -> CleanText:
    """Sanitise one free-text value; ``multiline`` keeps line breaks (descriptions), else one line.

    Invisible characters go and full-width forms are folded *before* markup is looked for, so that
    "java<ZWSP>script:" or "＜script＞" cannot hide a tag or a script URL from the patterns.
    """
    notes: list[str] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    without_invisible = remove_invisible(text, multiline=True)
    if len(without_invisible) != len(text):  # tabs become spaces one for one
        notes.append("invisible or control characters removed")
    text, markup = strip_markup(normalise_unicode(without_invisible))
    if markup.removed:
        notes.append("HTML removed")
    if markup.active:
        notes.append("script or event-handler markup removed")
    if strip_injection:
        text, removed = remove_injection(text)
        if removed:
            notes.append(f"instruction-like text removed ({', '.join(removed)})")
    return CleanText(normalise_whitespace(text, multiline=multiline), notes)
