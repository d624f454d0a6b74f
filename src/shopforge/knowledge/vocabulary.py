"""The neutral vocabulary of closed-world grounding: words copy may use without a fact (data, versioned)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from shopforge.knowledge.benefits import DATA_DIR


@dataclass(frozen=True)
class NeutralVocabulary:
    version: str
    en: frozenset[str]  # lower-case English words (surface forms and lemmas)
    zh_words: frozenset[str]  # Chinese words of two or more characters
    zh_single: frozenset[str]  # the only single characters copy may use without a fact
    zh_longest: int  # length of the longest Chinese word


@cache
def load_neutral_vocabulary() -> NeutralVocabulary:
    raw = yaml.safe_load((DATA_DIR / "neutral_vocabulary.yaml").read_text(encoding="utf-8"))
    # "laid-back": copy is read word by word, so a hyphenated entry also lists its parts
    en = frozenset(
        part.lower() for group in raw["en"].values() for word in str(group).split() for part in (word, *word.split("-"))
    )
    zh_all = [word for group in raw["zh"].values() for word in str(group).split()]
    words = frozenset(word for word in zh_all if len(word) > 1)
    return NeutralVocabulary(
        version=str(raw["version"]),
        en=en,
        zh_words=words,
        zh_single=frozenset(word for word in zh_all if len(word) == 1),
        zh_longest=max((len(word) for word in words), default=1),
    )
