"""``grounding.negated``: a value the product's data states must not be negated in copy (「无拉链」, "no hood").

Only values of the product itself are looked for after a negator, so 「不起球」 or "no assembly needed" pass;
whether a negated word is a fact at all is the closed-world check's question (``licence.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from shopforge.copywriting.verify.grounding import cite
from shopforge.copywriting.verify.licence import lemma
from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.facts.index import FactIndex
from shopforge.facts.lexicon import concept_lexicon, fold, is_cjk, trie_regex
from shopforge.facts.model import FactKind
from shopforge.knowledge.benefits import load_attribute_terms

# (a regex of the product's CJK values, its stemmed English values)
NegatableTerms = tuple[re.Pattern[str] | None, frozenset[str]]


def negatable_terms(index: FactIndex) -> NegatableTerms:
    """The product's values to look for after a negator, indexed once per product."""
    cjk: set[str] = set()
    latin: set[str] = set()
    for term in _product_terms(index):
        if is_cjk(term):
            if len(term) >= 2:
                cjk.add(term)
        elif term:
            latin.update(_forms(term))
            latin.update(_synonyms(term))
    return (re.compile(trie_regex(sorted(cjk))) if cjk else None), frozenset(latin)


def _synonyms(term: str) -> set[str]:
    """The everyday names of a value (attribute_terms.yaml: "Zipper" is also a zip) — a value is negated by
    "no zip" as much as by "no zipper"."""
    low = term.lower()
    names: set[str] = set()
    for entry in load_attribute_terms().terms:
        if entry.value is None and entry.dimension is None and any(word in low.split() for word in entry.match):
            names.update(form for word in entry.en for form in _forms(word))
    return names


# Negators, less the words that start with one but negate nothing: 非常 (very), 不仅 (not only), 无需 (no need)…
_ZH_NEGATOR = re.compile(r"没有|不是|不含|并非|非(?!常)|不(?![仅但只管用需必同错断论])|无(?![论需须忧])|没|未|免(?!费)")
_EN_NEGATOR = re.compile(
    r"(?<![A-Za-z])(?i:not|no|non|without|never|isn't|aren't|doesn't\s+have|don't\s+have)(?![A-Za-z'])"
    r"[\s\-]+(?:(?i:a|an|any|the|be)\s+)?(?P<target>[A-Za-z]+(?:[\s\-]+[A-Za-z]+){0,2})"
)
_EN_NOT_A_VALUE = frozenset({"only", "just", "more", "longer", "less", "matter", "need", "needed", "problem"})
_YES = frozenset({"yes", "y", "true", "有", "是", "带", "支持"})
_WORDS = re.compile(r"[A-Za-z]+")
_KEY_QUESTION = re.compile(r"^(?:是否有|是否|有没有|有无)")  # 是否防水: 是 -> the product is 防水


def negated(text: str, index: FactIndex, terms: NegatableTerms, chinese: bool) -> list[Violation]:
    violations = []
    cjk_terms = terms[0] if chinese and _ZH_NEGATOR.search(text) else None
    if cjk_terms is not None:
        for negator in _ZH_NEGATOR.finditer(text):
            own = cjk_terms.match(text, negator.start())  # 无袖, 不锈钢: the product's own value
            term = None if own else cjk_terms.match(text, negator.end())
            if term:
                violations.append(_negation(text[negator.start() : term.end()], term.group(), index))
    lowered = text.lower()
    screened = "no" in lowered or "n't" in lowered or "never" in lowered or "without" in lowered
    for negator in _EN_NEGATOR.finditer(text) if screened else ():
        hit = _negated_en(negator, terms[1])
        if hit:
            span = text[negator.start() : negator.start("target") + len(hit)]
            violations.append(_negation(span, hit, index))
    return violations


def _negated_en(negator: re.Match[str], terms: frozenset[str]) -> str | None:
    words = negator.group("target").split()
    if not terms or words[0].lower() in _EN_NOT_A_VALUE:
        return None
    negator_word = negator.group()[: negator.start("target") - negator.start()]
    own = (negator.group(), " ".join(negator.group().split()[:2]), negator_word + words[0])
    if any(_forms(phrase) & terms for phrase in own):
        return None  # "non-stick", "without hood", "non-leather sole": the negation is the product's own value
    for size in (3, 2, 1):
        phrase = " ".join(words[:size])
        if len(words) >= size and _forms(phrase) & terms:
            return negator.group("target")[: _end_of_words(negator.group("target"), size)]
    head = _stem(words[0])  # "no battery needed" for a "Battery Powered" product: the head word of a value
    if len(head) >= 4 and any(head == term.split()[0] for term in terms if " " in term):
        return negator.group("target")[: _end_of_words(negator.group("target"), 1)]
    return None


def _end_of_words(text: str, count: int) -> int:
    return [m.end() for m in _WORDS.finditer(text)][count - 1]


def _negation(span: str, value: str, index: FactIndex) -> Violation:
    facts = [f for f in index.facts if f.kind is not FactKind.TEXT and value.lower() in f.value.lower()]
    message = f"「{span}」 negates {value!r}, which the product's data states: {cite(facts) or value}"
    return Violation("grounding.negated", span, message, Severity.ERROR)


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls" else word


def _stem_phrase(phrase: str) -> str:
    return " ".join(_stem(word) for word in _WORDS.findall(phrase))


@lru_cache(maxsize=16384)  # the same few phrases follow a negator in every copy of a product
def _forms(phrase: str) -> frozenset[str]:
    """A phrase by suffix stem and by lemma: "laces" and "Laced" meet at "lace"."""
    return frozenset((_stem_phrase(phrase), " ".join(lemma(word.lower()) for word in _WORDS.findall(phrase))))


@cache
def _concept_surfaces() -> dict[tuple[str, str], tuple[str, ...]]:
    surfaces: dict[tuple[str, str], list[str]] = {}
    for surface, term in concept_lexicon().terms.items():
        if term.canonical and not term.weak:
            surfaces.setdefault((term.kind, term.canonical), []).append(surface)
    return {key: tuple(value) for key, value in surfaces.items()}


def _product_terms(index: FactIndex) -> Iterable[str]:
    """Values a product has: attribute values, "是否防水: 是" keys, and every name of its colours/materials."""
    lexicon, surfaces = concept_lexicon(), _concept_surfaces()
    for fact in index.facts:
        if fact.kind is FactKind.FEATURE:
            value = fold(fact.value)
            if value in _YES:
                yield _KEY_QUESTION.sub("", fact.key)
            elif len(value) <= 40 and not value.replace(".", "").isdigit() and value not in {"no", "none", "无"}:
                yield from (part for part in re.split(r"\s*[,，;；/、|]\s*", value) if len(part) >= 3 or is_cjk(part))
        elif fact.kind.value in ("colour", "material", "certification") and fact.canonical:
            yield fact.value
            for concept in lexicon.support_set(fact.kind.value, fact.canonical):
                yield from surfaces.get((fact.kind.value, concept), ())
