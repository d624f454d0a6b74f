"""Closed-world grounding, Chinese: cover a run by licensed pieces, then judge what is left by word.

A run is covered by the pieces the product's facts or knowledge license (2–6 characters) and neutral words, so that
the fewest characters are left unlicensed; those are reported as the ``jieba`` words that hold them, unless such a
word is built from the facts' own pieces (短袖衫 from 短袖 and 衫, 裙摆 as an abbreviation of 裙下摆). Used by
``licence.py``.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from shopforge.knowledge.vocabulary import load_neutral_vocabulary

if TYPE_CHECKING:
    import jieba

    from shopforge.copywriting.verify.licence import Licence, LicenceBook, Token

MAX_PIECE = 6  # longest Chinese fact piece looked up


@cache
def _tokenizer() -> jieba.Tokenizer:
    import jieba as jieba_module

    jieba_module.setLogLevel(logging.WARNING)
    tokenizer = jieba_module.Tokenizer()
    tokenizer.initialize()
    for word in load_neutral_vocabulary().zh_words:
        tokenizer.add_word(word)
    return tokenizer


@lru_cache(maxsize=16384)
def _words(run: str) -> tuple[tuple[int, int], ...]:
    """``jieba`` word boundaries of a Chinese run, as (start, end) offsets."""
    spans, position = [], 0
    for word in _tokenizer().cut(run, HMM=True):
        spans.append((position, position + len(word)))
        position += len(word)
    return tuple(spans)


def cover_chinese(run: str, book: LicenceBook) -> tuple[Token, ...]:
    """The cover of a Chinese run that leaves the fewest characters unlicensed, then uses the fewest pieces
    (修饰|身材, not 修饰身 from 修饰身形 and a stray 材); whole, so a typed claim inside 烟灰色 does not cut the
    fact's own word apart (the caller drops pieces lying wholly inside typed claims)."""
    tokens = _best_cover(run, book)
    if any(verdict is None for _, _, verdict in tokens):
        tokens = _resolve_by_words(run, 0, len(run), tokens, book)
    return tuple(tokens)


_LOOSE_COST = 16  # one unlicensed character costs more than any number of extra pieces in a run


def _best_cover(run: str, book: LicenceBook) -> list[Token]:
    """Dynamic programme over the run: ``best[i]`` is the cheapest cover of ``run[i:]``."""
    vocabulary = load_neutral_vocabulary()
    longest = max(MAX_PIECE, vocabulary.zh_longest)
    end = len(run)
    best: list[tuple[int, Token | None]] = [(0, None)] * (end + 1)
    for i in range(end - 1, -1, -1):
        single: Token = (i, i + 1, "neutral" if run[i] in vocabulary.zh_single else None)
        choice: tuple[int, Token] = (best[i + 1][0] + (1 if single[2] else _LOOSE_COST), single)
        for k in range(i + 2, min(end, i + longest) + 1):
            piece = run[i:k]
            verdict: Licence | str | None = book.zh.get(piece)
            if verdict is None and piece in vocabulary.zh_words:
                verdict = "neutral"
            if verdict is not None and best[k][0] + 1 < choice[0]:
                choice = (best[k][0] + 1, (i, k, verdict))
        best[i] = choice
    tokens: list[Token] = []
    i = 0
    while i < end:
        token = best[i][1]
        assert token is not None
        tokens.append(token)
        i = token[1]
    return tokens


def _resolve_by_words(text: str, start: int, end: int, tokens: list[Token], book: LicenceBook) -> list[Token]:
    """Left-over characters are reported as the jieba words holding them; a two-character word made of a
    fact's character and a neutral one (杯子 for 保温杯) is licensed by that fact."""
    neutral = load_neutral_vocabulary()
    single = neutral.zh_single
    loose = {i for s, e, verdict in tokens if verdict is None for i in range(s, e)}
    resolved: list[Token] = [t for t in tokens if t[2] is not None]
    for offset, offset_end in _words(text[start:end]):
        word_start, word_end = start + offset, start + offset_end
        if loose.isdisjoint(range(word_start, word_end)):
            continue
        word = text[word_start:word_end]
        licence: Licence | str | None = "neutral" if word in neutral.zh_words else _char_licence(word, book, single)
        resolved = [t for t in resolved if t[1] <= word_start or t[0] >= word_end]
        resolved.append((word_start, word_end, licence))
    return sorted(resolved, key=lambda token: token[0])


def _char_licence(word: str, book: LicenceBook, single: frozenset[str]) -> Licence | None:
    """A word jieba found that no piece covers whole: licensed when it is built from the facts' own words —
    a character of a fact (裤 for 类型: 裤), a fact's piece plus fact or neutral characters (短袖衫 from 短袖 and
    衫), two facts' head characters (领裙), or an abbreviation of one fact value (裙摆 for 裙下摆)."""
    if len(word) == 1:
        return book.zh_char_licence.get(word)
    for size in range(len(word) - 1, 1, -1):
        for start in range(len(word) - size + 1):
            licence = book.zh.get(word[start : start + size])
            rest = word[:start] + word[start + size :]
            if licence is not None and all(c in single or c in book.zh_char_licence for c in rest):
                return licence
    for own, other in ((word[0], word[1]), (word[1], word[0])):
        licence = book.zh_char_licence.get(own)
        if len(word) == 2 and licence is not None and other in single:
            return licence
    if len(word) == 2 and word[0] in book.zh_heads and word[1] in book.zh_heads:
        return book.zh_heads[word[1]]  # 领裙 from 一字领 and 裙: two facts' head characters, not 长袖 from 长裙
    if len(word) > 1 and all(char in book.zh_colour_initials for char in word):
        return book.zh_colour_initials[word[0]]  # 蓝白 for 蓝色 and 白色
    return next((licence for value, licence in book.zh_values if _is_subsequence(word, value)), None)


def _is_subsequence(word: str, value: str) -> bool:
    remaining = iter(value)
    return len(word) < len(value) and all(char in remaining for char in word)
