"""``hygiene.leak``: text that belongs to the machinery, not to the product, must never reach published copy.

Four sources: the verifier's own messages (grounding, meaning and every rule pack's ``message``), the prompt's
scaffolding (its instruction sentences, its labels such as "Attributes:" / "输出:", the output JSON keys),
text copied from an exemplar output (≥ 7 English words or ≥ 12 CJK characters in a row that the product's own
data does not contain), and garbage a small model emits (「1.3999.99999.9999」, "Need to confirm", 暂无).

Everything is built once from the packs, the prompt module and the exemplar file; per copy the cost is a few
regex scans and, for copy long enough, one set probe per shingle.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from typing import Any

from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.facts.index import FactIndex
from shopforge.facts.lexicon import fold, trie_regex

__all__ = ["EN_SHINGLE_WORDS", "ZH_SHINGLE_CHARS", "check_leaks"]

EN_SHINGLE_WORDS = 7  # shorter runs recur in any honest copy ("easy to clean and"), longer ones are copying
ZH_SHINGLE_CHARS = 12
_RULE = "hygiene.leak"
# Fragments of messages the verifier builds in code (grounding.py, meaning.py, checks.py); pack messages are
# read from the packs themselves. Matched case-insensitively, spaces and hyphens folded.
_CODE_MESSAGES = (
    "but no product fact states",
    "is not in the product's data",
    "looks like a brand or model name",
    "the product's data gives no comparison figure",
    "the product's data only states",
    "which the product's data states",
    "(a pure material) but",
    "is implausible (more than",
    "contradicts itself: 进口 means",
    "the body presents the colour",
    "CJK characters against",
)
_CLAIMS_BUT = re.compile(r"claims\s+['\"「][^'\"」\n]{1,80}['\"」]\s+but\b", re.IGNORECASE)
_MIN_FRAGMENT = 16  # a pack message piece shorter than this ("Word 「", " is not allowed") is ordinary prose
_MIN_CLAUSE = 24  # a clause of a message ("and give its terms") needs more to be unmistakable
_GLOSS = re.compile(r"\([^()]*[\u3400-\u9fff][^()]*\)")  # "(绝对化用语)": a Chinese term glossed in a message
_MIN_CLAUSE_WORDS, _MIN_CLAUSE_CJK = 3, 6
# Prompt labels (prompts.py) that no copy starts a line with; weak ones only count next to another label.
# "Output: 5V 2A", "输出：5V" (a charger) and "Avoid: direct sunlight" are honest copy, so those are weak too.
_STRONG_LABELS = ("Attributes", "Benefits", "属性")
_WEAK_LABELS = (
    "Output",
    "Avoid",
    "Brand",
    "Product",
    "Voice",
    "Audience",
    "输出",
    "品牌",
    "品类",
    "卖点",
    "语气",
    "受众",
)
_OUTPUT_KEYS = ("bullets", "point", "detail", "parts", "sentences", "lines", "tags", "shots", "scene", "voiceover")
_GARBAGE_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+){3,}")  # 「1.3999.99999.9999」: more than two dots
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:(?i:needs?\s+(?:to\s+)?(?:be\s+)?confirm(?:ed|ation)?|to\s+be\s+(?:confirmed|determined|decided)"
    r"|not\s+specified|lorem\s+ipsum|placeholder)|TBD|TBC|N/A|n/a|NaN|null|undefined)(?![A-Za-z/])"
    r"|暂无|待定|待确认|待补充|需确认|需要确认|无数据|<unk>|\[UNK\]|<\|[a-z_]+\|>"
)
_PLACEHOLDER_ANCHORS = (
    dict.fromkeys(("need", "needs", "confirmed", "tbd", "tbc", "nan", "null", "undefined", "specified", "lorem",
                   "placeholder", "determined", "decided"), frozenset[str]()),
    re.compile("暂无|待定|待确认|待补充|需确认|需要确认|无数据"),
)  # fmt: skip
_EN_WORD = re.compile(r"[a-z0-9]+")  # run on lower-cased text: a plain class scans fastest
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def check_leaks(text: str, index: FactIndex, chinese: bool, words: list[str] | None = None) -> list[Violation]:
    """``words``: the runs of ASCII letters and digits of ``text.lower()``, if already found."""
    words = _EN_WORD.findall(text.lower()) if words is None else words
    present = set(words)
    violations = []
    if _mentions(text, present, _fragment_anchors(), chinese):
        what = "is a verifier message, not product copy"
        # fragments are folded to lower case; scanning the lowered copy beats IGNORECASE (same offsets)
        lowered = text.lower()
        scanned = lowered if len(lowered) == len(text) else text
        violations += [_leak(text[m.start() : m.end()], what) for m in _fragment_regex().finditer(scanned)]
        violations += [_leak(m.group(), what) for m in _CLAIMS_BUT.finditer(text)]
    if ":" in text or "：" in text:
        violations += _scaffolding(text)
    if text.count(".") >= 3:
        violations += [_leak(m.group(), "is a run of numbers joined by dots") for m in _GARBAGE_NUMBER.finditer(text)]
    # "/a" in the lower-cased copy: only "a" and "A" lower-case to "a"
    marked = "/a" in text or "/A" in text or "<" in text or "[" in text
    if marked or _mentions(text, present, _PLACEHOLDER_ANCHORS, chinese):
        violations += [_leak(m.group(), "is a placeholder, not a product value") for m in _PLACEHOLDER.finditer(text)]
    return violations + _copied(text, index, chinese, words)


def _mentions(text: str, words: set[str], anchors: _Anchors, chinese: bool) -> bool:
    """A cheap screen: a fragment's rarest word is in the copy with its second rarest (or a CJK anchor is)."""
    latin, cjk = anchors
    for word in latin.keys() & words:
        if not latin[word] or not latin[word].isdisjoint(words):
            return True
    return chinese and cjk.search(text) is not None


_Anchors = tuple[dict[str, frozenset[str]], re.Pattern[str]]


@cache
def _fragment_anchors() -> _Anchors:
    """Any match of a fragment contains its rarest English word and its second rarest (or its first CJK
    characters); rare anchors keep the full fragment scan off ordinary copy ("leak-proof", "500 ml")."""
    from wordfreq import zipf_frequency  # already a dependency of the claim extractor; loads once

    latin: dict[str, set[str]] = {"claims": set()}
    cjk: set[str] = set()
    for fragment in _fragments():
        words = sorted({w for w in _EN_WORD.findall(fragment) if w.isalpha()}, key=lambda w: zipf_frequency(w, "en"))
        if words:
            latin.setdefault(words[0], set()).update(words[1:2] or [""])
        else:
            first = _CJK_RUN.search(fragment)
            at = first.start() if first else 0
            cjk.add(re.escape(fragment[max(0, at - 1) : at + 3]))
    return {w: frozenset(s - {""}) if "" not in s else frozenset() for w, s in latin.items()}, re.compile(
        "|".join(sorted(cjk)) or "(?!)"
    )


def _leak(span: str, what: str) -> Violation:
    return Violation(_RULE, span, f"「{span}」 {what}", Severity.ERROR)


@cache
def _fragments() -> tuple[str, ...]:
    fragments = {fold(fragment) for fragment in _CODE_MESSAGES}
    fragments |= {fold(piece) for piece in _pack_message_pieces()}
    fragments |= {fold(clause) for clause in _instruction_clauses()}
    return tuple(sorted(f for f in fragments if f))


@cache
def _fragment_regex() -> re.Pattern[str]:
    return re.compile(trie_regex(list(_fragments())))


def _pack_message_pieces() -> Iterator[str]:
    """Each rule message around its {span}, its longer clauses, and its glossed Chinese terms ("(绝对化用语)")."""
    from shopforge.knowledge.rulepacks import available_packs, load_pack  # packs import pydantic models

    for name in available_packs():
        for rule in load_pack(name).rules:
            for piece in rule.message.split("{span}"):
                piece = piece.strip(" 「」\"'")
                if len(piece) >= _MIN_FRAGMENT:
                    yield piece
                clauses = (clause.strip(" ,:") for clause in re.split(r"[;()（）]", piece))
                yield from (clause for clause in clauses if len(clause) >= _MIN_CLAUSE)
                for gloss in _GLOSS.findall(piece):
                    yield from (gloss, f"（{gloss[1:-1]}）")


def _prompt_tables() -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, ...]]]:
    # imported when first needed: prompts imports the verifier's report module, so a top-level import cycles
    from shopforge.copywriting import prompts

    return getattr(prompts, "_INSTRUCTIONS", {}), getattr(prompts, "_LABELS", {})


def _instruction_clauses() -> Iterator[str]:
    instructions, _ = _prompt_tables()
    for by_kind in instructions.values():
        for sentence in by_kind.values():
            for clause in re.split(r"[,.;:，。；：]", sentence):
                clause = clause.strip()
                cjk = sum(len(run) for run in _CJK_RUN.findall(clause))
                if cjk >= _MIN_CLAUSE_CJK or (not cjk and len(clause.split()) >= _MIN_CLAUSE_WORDS):
                    yield clause


@cache
def _label_regex() -> tuple[re.Pattern[str], frozenset[str]]:
    _, labels = _prompt_tables()
    strong = set(_STRONG_LABELS)
    names = sorted(strong | set(_WEAK_LABELS) | {label for row in labels.values() for label in row}, key=len)
    alternation = "|".join(re.escape(name) for name in reversed(names))
    # a label starts a line or follows a space/quote/bracket, exactly as the prompt lays them out
    pattern = rf"(?<![^\s\"'“”，,;；。【】(（])(?:{alternation})\s*[:：]"
    keys = "|".join(_OUTPUT_KEYS)
    return re.compile(rf"{pattern}|[\"“](?:{keys})[\"”]\s*:"), frozenset(fold(s) for s in strong)


def _scaffolding(text: str) -> list[Violation]:
    if ":" not in text and "：" not in text:
        return []
    pattern, strong = _label_regex()
    hits = list(pattern.finditer(text))
    if len(hits) < 2 and not any(fold(hit.group().rstrip(":： ").strip('"“”')) in strong for hit in hits):
        return [_leak(h.group(), "is an output key of the prompt") for h in hits if h.group()[0] in '"“']
    return [_leak(hit.group(), "is prompt scaffolding, not product copy") for hit in hits]


# --- copied exemplar text ------------------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _shingles(texts: Iterator[str]) -> tuple[frozenset[str], frozenset[str]]:
    words_seen: set[str] = set()
    chars_seen: set[str] = set()
    for text in texts:
        words = _EN_WORD.findall(text.lower())
        n = EN_SHINGLE_WORDS
        words_seen.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        chars = "".join(_CJK_RUN.findall(text))  # punctuation and Latin between runs do not break a copy
        m = ZH_SHINGLE_CHARS
        chars_seen.update(chars[i : i + m] for i in range(len(chars) - m + 1))
    return frozenset(words_seen), frozenset(chars_seen)


@cache
def _exemplar_shingles() -> tuple[frozenset[str], frozenset[str]]:
    from shopforge.knowledge.benefits import load_benefits
    from shopforge.knowledge.exemplars import load_exemplars  # imports numpy; the verifier may not need it

    # Category knowledge (benefits.yaml) is licensed wording that exemplars share with the line: it is cut out
    # of the exemplars first, so only the exemplars' own sentences count as copied text.
    book = load_benefits()
    phrases = sorted({p for e in book.benefits for p in e.phrases()} | {p for g in book.generic.values() for p in g},
                     key=len, reverse=True)  # fmt: skip
    knowledge = re.compile("|".join(re.escape(phrase) for phrase in phrases), re.IGNORECASE)
    texts = (knowledge.sub(" | ", s) for exemplar in load_exemplars() for s in _strings(exemplar.output))
    return _shingles(part for text in texts for part in text.split(" | "))


@cache
def _exemplar_bigrams() -> frozenset[tuple[str, str]]:
    pairs = (shingle.split() for shingle in _exemplar_shingles()[0])
    return frozenset(pair for words in pairs for pair in pairwise(words))


@cache
def _exemplar_samples() -> frozenset[str]:
    """Every (m // 2)-character piece of the exemplars' Chinese shingles (m = ZH_SHINGLE_CHARS)."""
    half = ZH_SHINGLE_CHARS // 2
    return frozenset(s[k : k + half] for s in _exemplar_shingles()[1] for k in range(len(s) - half + 1))


_PRODUCT_SHINGLES: weakref.WeakKeyDictionary[FactIndex, tuple[frozenset[str], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def _product_shingles(index: FactIndex) -> tuple[frozenset[str], frozenset[str]]:
    found = _PRODUCT_SHINGLES.get(index)
    if found is None:
        found = _PRODUCT_SHINGLES[index] = _shingles(fact.value for fact in index.facts)
    return found


def _copied(text: str, index: FactIndex, chinese: bool, words: list[str]) -> list[Violation]:
    if not chinese and len(words) < EN_SHINGLE_WORDS:
        return []  # too few words for an English shingle anywhere, and no Chinese text
    spans: list[tuple[int, int]] = []
    offset = 0
    lines = text.split("\n")
    for line in lines:
        line_words = words if len(lines) == 1 else _EN_WORD.findall(line.lower())
        spans += _copied_words(line, line_words, offset, index)
        spans += _copied_chars(line, offset, index) if chinese else []
        offset += len(line) + 1
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    what = "is copied from an exemplar, not written for this product"
    return [_leak(text[start:end], what) for start, end in merged]


def _copied_words(line: str, words: list[str], offset: int, index: FactIndex) -> list[tuple[int, int]]:
    n = EN_SHINGLE_WORDS
    if len(words) < n:
        return []
    bigrams = _exemplar_bigrams()
    # Every n-word window holds the word pair at a multiple of n - 1: without an exemplar pair there, no window
    # is a copied shingle (as for Chinese samples below: a few probes instead of one per pair).
    if not any((words[j], words[j + 1]) in bigrams for j in range(0, len(words) - 1, n - 1)):
        return []
    run, starts = 0, []  # only n - 1 exemplar word pairs in a row can be a copied shingle: most lines stop here
    for i, pair in enumerate(pairwise(words)):
        run = run + 1 if pair in bigrams else 0
        if run >= n - 1:
            starts.append(i - n + 2)
    if not starts:
        return []
    exemplar, own = _exemplar_shingles()[0], _product_shingles(index)[0]
    positions = list(_EN_WORD.finditer(line.lower()))
    found = []
    for i in starts:
        key = " ".join(words[i : i + n])
        if key in exemplar and key not in own:
            found.append((offset + positions[i].start(), offset + positions[i + n - 1].end()))
    return found


def _copied_chars(line: str, offset: int, index: FactIndex) -> list[tuple[int, int]]:
    m = ZH_SHINGLE_CHARS
    chars = "".join(_CJK_RUN.findall(line))
    if len(chars) < m:
        return []
    # Every m-character window holds a whole sample (m // 2 characters at a multiple of m // 2): a copy none of
    # whose samples is part of an exemplar shingle copies none (one probe per sample instead of per window).
    samples = _exemplar_samples()
    if not any(chars[j : j + m // 2] in samples for j in range(0, len(chars) - m // 2 + 1, m // 2)):
        return []
    exemplar = _exemplar_shingles()[1]
    hits = [i for i in range(len(chars) - m + 1) if chars[i : i + m] in exemplar]
    own = _product_shingles(index)[1] if hits else frozenset()
    hits = [i for i in hits if chars[i : i + m] not in own]
    if not hits:
        return []
    positions = [run.start() + k for run in _CJK_RUN.finditer(line) for k in range(len(run.group()))]
    return [(offset + positions[i], offset + positions[i + m - 1] + 1) for i in hits]
