"""Meaning checks that looking claims up in a fact list cannot do alone.

- ``grounding.quantity_attribute``: a quantity must fit the attribute word beside it (「28 cm容量」 gives a
  length for a capacity); an insulation time beyond a sane limit needs a fact (data: ``meaning_attributes.yaml``);
- ``grounding.imported``: 进口 / "imported" against the product's origin facts;
- ``grounding.share``: 纯棉 / "100% cotton" against a stated share or a blend;
- ``grounding.label_body`` (``_labels``): a bullet's label (【…】, 「…」:, "Label:") and body must not conflict;
- ``grounding.negated``: a value the facts state must not be negated (「无拉链」 for a zipped product);
- ``hygiene.leak`` (``_leaks``): verifier, prompt or exemplar text and model garbage in copy.

Every check starts with a precompiled screen, so a title that triggers nothing costs a few regex scans;
what a check needs from a product's facts is derived once per ``FactIndex`` (``_Product``).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml

from shopforge.copywriting.verify._labels import compatible, label_body
from shopforge.copywriting.verify._leaks import check_leaks
from shopforge.copywriting.verify._negation import NegatableTerms, negatable_terms, negated
from shopforge.copywriting.verify.grounding import cite
from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.facts.claims import ClaimKind, extract_claims, is_chinese
from shopforge.facts.index import FactIndex
from shopforge.facts.lexicon import case_variants, concept_lexicon, fold, is_cjk, origin_lexicon, trie_regex
from shopforge.facts.model import Fact, FactKind, Quantity
from shopforge.facts.units import COUNT_DIMENSION, format_quantity, parse_number, parse_quantities

__all__ = ["check_meaning"]


@dataclass(frozen=True)
class _AttributeTable:
    groups: dict[str, tuple[str, ...]]  # attribute group -> dimensions a quantity beside it may have
    words: dict[str, str]  # folded attribute word -> its group
    single_char: dict[str, str]  # 长, 重…: an attribute only directly before a number
    insulation_max_hours: float
    constructions: frozenset[str]  # canvas, denim…: a weave, not a second material of a blend


@cache
def _attributes() -> _AttributeTable:
    data = yaml.safe_load(Path(__file__).with_name("meaning_attributes.yaml").read_text(encoding="utf-8"))
    groups = {name: tuple(spec["dimensions"]) for name, spec in data["attributes"].items()}
    words = {fold(str(word)): name for name, spec in data["attributes"].items() for word in spec["words"]}
    single = {str(char): str(group) for char, group in data["single_char"].items()}
    constructions = frozenset(str(name) for name in data["fabric_constructions"])
    return _AttributeTable(groups, words, single, float(data["insulation_max_hours"]), constructions)


_SPACES = re.compile(r"\s+")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_UNITLESS = (COUNT_DIMENSION, "percent")  # "容量 80%", "2件": not a measured amount of the attribute
_DIMENSION_NAMES = {"battery": "battery charge", "mass": "weight", "time": "duration", "data": "storage"}
# what may stand between an attribute word and its quantity ("容量：约750ml", "capacity of up to 2 L")
_GAP_AFTER = re.compile(
    r"(?:\s*(?:[:：=\-–]|(?i:is|of|for|up\s+to|about|approx\.?|around|over)(?![A-Za-z])|约|为|达|可达|长达|高达"
    r"|最长|最高|是|可)\s*)*\s*"
)
_NOT_ATTRIBUTE = re.compile(  # "power bank", "保温杯": the word names a thing, not an attribute
    r"\s*(?i:bank|supply|adapt[eo]r|cord|cable|button|outlet|strip|station|socket|tools?)(?![A-Za-z])"
    r"|[杯壶瓶桶袋箱盒层包罐锅饭]"
)
# 年/周/月 are not units in units.yaml (「2023年」 is a date); next to an attribute word they are durations
_CJK_PERIOD = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)\s*(?:个)?(年|周|星期|月)")
_PERIOD_HOURS = {"年": 8760.0, "周": 168.0, "星期": 168.0, "月": 730.0}
_WINDOW = 16  # characters around an attribute word where its quantity may be: "30 x 20 x 10 cm" fits
_WINDOW_CUT = re.compile(r"[,，;；、|\n。]")
_NUMBER_START = frozenset("0123456789.一二两三四五六七八九十半")


def check_meaning(
    text: str, kind: str, index: FactIndex, lang: str | None, words: list[str] | None = None
) -> list[Violation]:
    """The meaning violations of one copy (bullets: one bullet per line). ``words``: the runs of ASCII letters
    and digits of ``text.lower()``, if already found (``CheckContext.words``)."""
    product = _product(index)
    chinese = is_chinese(text)
    lang = lang or ("zh" if chinese else "en")
    violations = _quantity_attribute(text, product, chinese, words)
    violations += _imported(text, product, lang)
    violations += _share(text, product)
    if "【" in text or "「" in text or (kind == "bullets" and (":" in text or "：" in text or " - " in text)):
        violations += label_body(text, kind, product.index)
    violations += negated(text, product.index, product.negatable, chinese)
    violations += check_leaks(text, index, chinese, words)
    return violations


class _Product:
    """What the meaning checks need from one product's facts, derived on first use."""

    def __init__(self, index: FactIndex) -> None:
        self.index = index

    @cached_property
    def folded_values(self) -> tuple[str, ...]:
        return tuple(_squeeze(fact.value) for fact in self.index.facts)

    def states(self, span: str) -> bool:
        """The merchant's own data contains this span (spaces and case aside)."""
        key = _squeeze(span)
        return bool(key) and any(key in value for value in self.folded_values)

    @cached_property
    def imported_stated(self) -> bool:
        return any(_IMPORT_WORD.search(fact.value) for fact in self.index.facts)

    @cached_property
    def negatable(self) -> NegatableTerms:
        return negatable_terms(self.index)


_PRODUCTS: weakref.WeakKeyDictionary[FactIndex, _Product] = weakref.WeakKeyDictionary()


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text.lower())


def _product(index: FactIndex) -> _Product:
    product = _PRODUCTS.get(index)
    if product is None:
        product = _PRODUCTS[index] = _Product(index)
    return product


# --- grounding.quantity_attribute --------------------------------------------------------------------------


@cache
def _attribute_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One scanner per script, as in ``facts.claims``: a bare CJK trie, and English words spelled out in their
    case variants behind an ASCII word start (far faster than IGNORECASE on a short copy)."""
    table = _attributes()
    zh = trie_regex(sorted(word for word in table.words if is_cjk(word)))
    single = f"[{''.join(table.single_char)}](?=[:：\\s]*(?:约|为)?\\s*\\d)"
    en = trie_regex(sorted({v for word in table.words if not is_cjk(word) for v in case_variants(word)}))
    return re.compile(f"{zh}|{single}"), re.compile(rf"(?a:\b)(?:{en})(?![A-Za-z])")


def _english_possible(text: str, words: list[str] | None) -> bool:
    """Whether an English attribute word may be in ``text``: one starts at an ASCII word start, so the copy's
    word there (of ``words``, the lower-cased copy's) begins as it does. Unsure without ``words``, or with the
    Kelvin sign, which lower-cases to an ASCII letter."""
    return words is None or "\u212a" in text or any(map(_may_start_attribute, words))


@cache
def _attribute_starts() -> tuple[str, ...]:
    """The run of ASCII letters and digits each English attribute word starts with ("" for none)."""
    english = [word for word in _attributes().words if not is_cjk(word)]  # folded: lower case
    return tuple(sorted({word[: len(word) - len(word.lstrip(_LOWER_ALNUM))] for word in english}))


@lru_cache(maxsize=65536)
def _may_start_attribute(word: str) -> bool:
    return any(word.startswith(start) for start in _attribute_starts())


def _group_of(word: str) -> str:
    table = _attributes()
    return table.words.get(word) or table.single_char.get(word) or table.words[fold(word)]


@lru_cache(maxsize=8192)  # the same few windows ("容量500ml") recur in every copy of a product
def _quantities(text: str) -> tuple[tuple[int, int, Quantity], ...]:
    found = [(m.start, m.end, m.quantities[0]) for m in parse_quantities(text)]
    if "年" in text or "周" in text or "月" in text or "星期" in text:
        for match in _CJK_PERIOD.finditer(text):
            number = parse_number(match.group(1))
            overlaps = any(start < match.end() and match.start() < end for start, end, _ in found)
            if number is not None and not overlaps:
                hours = number * _PERIOD_HOURS[match.group(2)]
                found.append((match.start(), match.end(), Quantity(hours, "time", "h")))
    return tuple(sorted(found, key=lambda item: item[0]))


def _quantity_in(text: str, start: int, end: int, *, first: bool) -> tuple[int, int, Quantity] | None:
    """The quantity opening (``first``) or closing ``text[start:end]``. Only this short window is parsed:
    parsing costs per quantity found, and a copy's other quantities are grounding's business."""
    window = text[start:end]
    found = _quantities(window) if not _NUMBER_START.isdisjoint(window) else ()
    if first:
        hit = found[0] if found and found[0][0] == 0 else None
    else:
        hit = found[-1] if found and not window[found[-1][1] :].strip() else None
    return (hit[0] + start, hit[1] + start, hit[2]) if hit else None


def _pairs(
    text: str, chinese: bool, copy_words: list[str] | None
) -> Iterable[tuple[re.Match[str], str, tuple[int, int, Quantity]]]:
    """(attribute word, its group, its quantity): the quantity right after the word, else right before it."""
    zh, en = _attribute_regexes()
    found = [*zh.finditer(text)] if chinese else []
    found += en.finditer(text) if not _ASCII_LETTERS.isdisjoint(text) and _english_possible(text, copy_words) else ()
    words = sorted((m for m in found if not _NOT_ATTRIBUTE.match(text, m.end())), key=lambda m: m.start())
    taken: set[int] = set()
    pending = []
    for word in words:
        gap = _GAP_AFTER.match(text, word.end())
        at = gap.end() if gap else word.end()
        cut = _WINDOW_CUT.search(text, at, at + _WINDOW)
        after = _quantity_in(text, at, cut.start() if cut else at + _WINDOW, first=True)
        if after:
            taken.add(after[0])
            yield word, _group_of(word.group()), after
        else:
            pending.append(word)
    for word in pending:  # 「28 cm容量」, "30 W battery life"
        end = len(text[: word.start()].rstrip())
        low = max(0, end - _WINDOW)
        while 0 < low < end and text[low - 1].isalnum():
            low += 1  # never start inside a token: "0×230cm" is a piece of "200×230cm"
        for cut in _WINDOW_CUT.finditer(text, low, end):
            low = cut.end()
        before = _quantity_in(text, low, end, first=False)
        if before and before[0] not in taken:
            taken.add(before[0])
            yield word, _group_of(word.group()), before


def _quantity_attribute(text: str, product: _Product, chinese: bool, words: list[str] | None) -> list[Violation]:
    violations = []
    for word, group, (start, end, quantity) in _pairs(text, chinese, words):
        table = _attributes()
        dimensions = table.groups[group]
        if quantity.dimension in _UNITLESS:
            continue
        if quantity.dimension not in dimensions:
            names = [_name(d) for d in dimensions]
            accepted = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
            problem = f"「{text[start:end]}」 is a {_name(quantity.dimension)} but {word.group()} takes a {accepted}"
        elif group == "insulation" and quantity.magnitude > table.insulation_max_hours:
            limit = table.insulation_max_hours
            problem = (
                f"keeping drinks hot or cold for 「{text[start:end]}」 ({format_quantity(quantity)}) is implausible "
                f"(more than {limit:g} h)"
            )
        else:
            continue
        span = text[min(start, word.start()) : max(end, word.end())]
        if product.states(span) or _key_states(product.index, group, quantity):
            continue
        message = f"{problem}; {_stated(product.index, dimensions, group)}"
        violations.append(Violation("grounding.quantity_attribute", span, message, Severity.ERROR))
    return violations


def _name(dimension: str) -> str:
    return _DIMENSION_NAMES.get(dimension, dimension)


def _key_states(index: FactIndex, group: str, quantity: Quantity) -> bool:
    """The merchant gave this amount for this attribute ("Capacity: 7 kg" for a washing machine)."""
    words = [word for word, of in _attributes().words.items() if of == group]
    stated = (fact for fact in index.facts if fact.quantity is not None and fact.quantity.close_to(quantity))
    return any(word in fold(fact.key) for fact in stated for word in words)


def _stated(index: FactIndex, dimensions: tuple[str, ...], group: str) -> str:
    known = [fact for d in dimensions for _, fact in index.quantities.get(d, ())]
    if not known:
        return f"no product fact states its {group}"
    return f"the product's data states {cite(known)}"


# --- grounding.imported ------------------------------------------------------------------------------------

_IMPORT_WORD = re.compile(r"进口|(?<![A-Za-z])(?i:import(?:ed|s)?)(?![A-Za-z])")
# The market a language's copy is sold in. 进口 always means "made outside China"; English copy is sold in
# several markets, where "Imported" is even a required disclosure for foreign-made goods (US FTC textile and
# wool rules), so in English only a missing origin is flagged. Extend when a market is known per language.
_HOME_MARKET: dict[str, str] = {"zh": "china"}


@cache
def _import_regex() -> re.Pattern[str]:
    country = origin_lexicon().country_pattern
    return re.compile(
        rf"(?:原装)?(?:(?P<c1>{country})\s*)?进口(?:自\s*(?P<c2>{country}))?"
        rf"|(?<![A-Za-z])import(?:ed|s)?(?:\s+from\s+(?:the\s+)?(?P<c3>{country}))?(?![A-Za-z])",
        re.IGNORECASE,
    )


def _imported(text: str, product: _Product, lang: str) -> list[Violation]:
    if "进口" not in text and "mport" not in text and "MPORT" not in text:
        return []
    countries, origins = origin_lexicon().countries, product.index.origins
    violations = []
    for match in _import_regex().finditer(text):
        named = match.group("c1") or match.group("c2") or match.group("c3")
        market = "china" if "进口" in match.group() else _HOME_MARKET.get(lang[:2])
        if named:
            if countries.get(fold(named)) == market:  # 「中国进口」: imported from the market it is sold in
                message = f"「{match.group()}」 contradicts itself: 进口 means made outside {named}"
                violations.append(Violation("grounding.imported", match.group(), message, Severity.ERROR))
            continue  # another named country is an origin claim, which grounding checks against the facts
        if product.imported_stated or any(origin != market for origin in origins):
            continue  # the merchant says so, or the product comes from outside the market
        stated = product.index.facts_of(FactKind.ORIGIN)
        what = f"the product's origin is {cite(stated)}" if stated else "no product fact states an origin"
        message = f"claims 「{match.group()}」 but {what}"
        violations.append(Violation("grounding.imported", match.group(), message, Severity.ERROR))
    return violations


# --- grounding.share ---------------------------------------------------------------------------------------

_PURE_SCREEN = re.compile(r"[纯全]|百分百|100|[Pp]ure|PURE|[Aa]ll\s|ALL\s")
_PURE_PIECES = ("纯", "全", "百分百", "100", "ure", "URE", "ll", "LL")  # one is in whatever the screen finds


@cache
def _pure_regex() -> re.Pattern[str]:
    materials = [s for s, term in concept_lexicon().terms.items() if term.kind == "material" and term.canonical]
    zh = trie_regex(sorted(s for s in materials if is_cjk(s)))
    en = trie_regex(sorted(s for s in materials if not is_cjk(s)))
    percent = r"100\s*(?:[%％]|percent)\s*"
    return re.compile(
        rf"(?:纯|全|百分百|{percent})(?P<zh>{zh})|(?<![A-Za-z])(?:pure\s+|all\s+|{percent})(?P<en>{en})(?![A-Za-z])",
        re.IGNORECASE,
    )


def _share(text: str, product: _Product) -> list[Violation]:
    if not any(piece in text for piece in _PURE_PIECES) or _PURE_SCREEN.search(text) is None:
        return []
    index, lexicon = product.index, concept_lexicon()
    violations = []
    for match in _pure_regex().finditer(text):
        term = lexicon.lookup(match.group("zh") or match.group("en"))
        canonical = term.canonical if term else ""
        if canonical not in index.concepts.get("material", {}):
            continue  # a material the product does not have is grounding's finding
        shares = index.material_percents.get(canonical, [])
        below = [fact for share, fact in shares if share < 99.5]
        if below:
            if match.group()[0].isdigit() and _grounding_checks_share(text, match.start()):
                continue  # grounding already compares "100% cotton" with the stated share
            problem = f"the product states {cite(below)}"
        else:
            partners = [] if shares else _blend_partners(index, canonical)
            if not partners:
                continue
            problem = f"the product's data also names {cite(partners)}"
        message = f"claims 「{match.group()}」 (a pure material) but {problem}"
        violations.append(Violation("grounding.share", match.group(), message, Severity.ERROR))
    return violations


def _grounding_checks_share(text: str, start: int) -> bool:
    return any(
        claim.kind is ClaimKind.MATERIAL and claim.start == start and claim.percent is not None
        for claim in extract_claims(text)
    )


def _blend_partners(index: FactIndex, canonical: str) -> list[Fact]:
    """Other materials stated in the same field as this one (成分: 棉, 氨纶): the product is a blend."""
    materials = index.facts_of(FactKind.MATERIAL)
    lexicon = concept_lexicon()
    sources = {fact.source for fact in materials if canonical in lexicon.support_set("material", fact.canonical)}
    weaves = _attributes().constructions
    return [
        fact
        for fact in materials
        if fact.source in sources
        and fact.canonical not in weaves
        and not compatible("material", canonical, fact.canonical)
    ]
