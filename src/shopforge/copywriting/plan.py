"""Plan: choose which facts and benefit points a copy will use, for one product, account and kind.

The plan is the contract between the writer and the verifier: every phrase in it comes from a fact of the
product (with its source field) or from category knowledge unlocked by such a fact. Two accounts get different
plans for the same product because the order and the benefit wording are drawn from a seed of the account.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from shopforge.copywriting.product_word import (
    TYPE_KEYS,
    category_in_title,
    head_noun,
    noun_from_title,
    same_head,
    zh_kind_fact,
)
from shopforge.copywriting.render import fits_language, has_cjk, render_fact
from shopforge.facts.model import Fact, FactKind
from shopforge.knowledge.benefits import YES_VALUES, load_benefits

_NO = frozenset({"no", "false", "n", "否", "无", "不支持", "na", "n/a"})
_TITLE_KIND_ORDER = (FactKind.MATERIAL, FactKind.QUANTITY, FactKind.COLOUR, FactKind.COUNT, FactKind.SIZE)
# Values that say nothing a buyer would choose by: placeholders, "not applicable", and a pack of one.
_NON_SELLING = re.compile(
    r"(?:need(?:s)? to (?:be )?confirm(?:ed)?|to be confirmed|tbc|tbd|n/?a|nil|none|null|not applicable|"
    r"not available|unknown|other|others|-+|\?+|pack of 1|set of 1|1[- ]?(?:pack|pc|pcs|piece|unit)|"
    r"(?:one|1) (?:pair|piece|unit|set)(?: of [a-z ]+)?|0(?:\.0+)? ?(?:inch|in|cm|mm)|"
    r"待确认|待定|暂无|其他|其它|无|不详|未知|1件|单件)",
    re.IGNORECASE,
)
_CODE = re.compile(r"(?=[A-Za-z0-9./_-]*\d)(?=[A-Za-z0-9./_-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9./_-]{2,30}")
# A multi-value attribute ("Casual, Festive, Party", 「条纹、刺绣」); not a thousands separator ("1,000").
_VALUE_SEPARATOR = re.compile(r"\s*(?:[、，;；/|]|,(?!\d))\s*")


class PlanError(ValueError):
    """The product cannot be written about for this account (e.g. its data is in another language)."""


@dataclass(frozen=True)
class Phrase:
    text: str
    role: str  # "brand" | "category" | "attribute" | "benefit"
    source: str  # the fact's source field, or the knowledge file a benefit came from
    kind: str = ""  # the fact kind of an attribute ("material", "quantity", …)

    @property
    def label(self) -> str:
        """The attribute's name as the merchant wrote it ("容量", "Material"), for spec-style bullets."""
        return self.source.split(".", 1)[1] if self.source.startswith("attributes.") else ""


@dataclass(frozen=True)
class ProductInput:
    sku: str
    title: str
    brand: str | None
    categories: list[str]
    facts: list[Fact]
    # Ranked benefit points (optimize/benefits.py): those the product's facts unlock lead the plan in this order.
    benefits: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountProfile:
    name: str
    platform: str
    lang: str
    brand_voice: str = ""
    audience: str = ""


@dataclass
class ContentPlan:
    sku: str
    kind: str
    lang: str
    platform: str
    account: str
    title: str
    category: Phrase
    brand: Phrase | None = None
    attributes: list[Phrase] = field(default_factory=list)
    benefits: list[Phrase] = field(default_factory=list)
    voice: str = ""
    audience: str = ""
    seed: int = 0

    def phrases(self) -> list[Phrase]:
        head = [self.brand] if self.brand else []
        return [*head, self.category, *self.attributes, *self.benefits]

    def facts_used(self) -> list[dict[str, str]]:
        return [{"text": p.text, "role": p.role, "source": p.source} for p in self.phrases()]


def plan_content(product: ProductInput, account: AccountProfile, kind: str) -> ContentPlan:
    seed = stable_seed(account.name, product.sku, kind)
    rng = random.Random(seed)
    lang = account.lang
    attributes = _attribute_phrases(product.facts, lang, rng)
    category = _category_phrase(product, lang)
    if not fits_language(category.text, lang):
        raise PlanError(
            f"sku {product.sku!r}: its title and category are not in {lang!r}, the account's language, and "
            f"ShopForge does not translate product facts; add {lang} data (e.g. a 'type' attribute) or use a "
            f"{'zh' if lang == 'en' else 'en'} account"
        )
    attributes = [p for p in attributes if p.text.lower() != category.text.lower()]
    return ContentPlan(
        sku=product.sku,
        kind=kind,
        lang=lang,
        platform=account.platform,
        account=account.name,
        title=product.title,
        category=category,
        brand=_brand_phrase(product, lang),
        attributes=attributes,
        benefits=_benefit_phrases(product.facts, lang, rng, product.benefits),
        voice=account.brand_voice,
        audience=account.audience,
        seed=seed,
    )


def stable_seed(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _brand_phrase(product: ProductInput, lang: str) -> Phrase | None:
    # A Latin brand reads fine in Chinese copy; a Chinese brand in English copy does not.
    if not product.brand or len(product.brand) > 40 or (lang == "en" and has_cjk(product.brand)):
        return None
    return Phrase(product.brand.strip(), "brand", "brand")


def _category_phrase(product: ProductInput, lang: str) -> Phrase:
    by_key = {fact.key.lower(): fact for fact in product.facts if fact.kind is not FactKind.TEXT}
    found = zh_kind_fact(product) if lang == "zh" else None
    if found:
        return Phrase(found.value, "category", found.source)
    head = head_noun(product) if lang == "en" and fits_language(product.title, lang) else ""
    for key in TYPE_KEYS:
        fact = by_key.get(key)
        if fact and fits_language(fact.value, lang) and _is_short(fact.value) and not is_non_selling(fact.value):
            if head and not same_head(fact.value, head):
                return Phrase(head, "category", "title")  # "Type: All Purpose" for a "… Dog Shampoo"
            return Phrase(fact.value, "category", fact.source)
    departments = [
        c for c in reversed(product.categories) if fits_language(c, lang) and _is_short(c) and c != product.title
    ]
    for category in departments:  # the merchant's own wording of a department name first
        in_title = category_in_title(category, product)
        if in_title:
            return Phrase(in_title, "category", "title")
    if head:
        return Phrase(head, "category", "title")
    if departments:
        return Phrase(departments[0], "category", "category")
    return Phrase(noun_from_title(product.title, lang), "category", "title")


def _attribute_phrases(facts: list[Fact], lang: str, rng: random.Random) -> list[Phrase]:
    """One phrase per product attribute, strongest kinds first, said as the merchant said it where possible."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.source.startswith("attributes."):
            groups.setdefault(fact.source, []).append(fact)
    ranked: list[tuple[int, Phrase]] = []
    seen: set[str] = set()
    denied = _denied(groups.values())
    for source, group in groups.items():
        if _stem(group[0].key) in denied:
            continue
        for text in _group_texts(group, lang):
            if text and _is_short(text) and text.lower() not in seen:
                seen.add(text.lower())
                primary = group[0].kind  # the kind the attribute's name gave it (normalize emits it first)
                ranked.append((_kind_rank(primary), Phrase(text, "attribute", source, primary.value)))
    ranked.sort(key=lambda item: item[0])
    phrases = [phrase for _, phrase in ranked]
    # Keep the strongest two in place and vary the rest per account, so shops do not read alike.
    head, tail = phrases[:2], phrases[2:]
    rng.shuffle(tail)
    return head + tail


def _denied(groups: Iterable[list[Fact]]) -> set[tuple[str, ...]]:
    """The first words of two-word attributes the merchant answered No ("Water Resistant: No"): the facts
    beside them that start alike ("Water Resistance Depth: 50 m") contradict the No, so neither is said."""
    denied = {_stem(group[0].key) for group in groups
              if len(group[0].key.split()) >= 2 and all(f.value.strip().lower() in _NO for f in group)}  # fmt: skip
    return denied | {same for stem in denied for same in _SAME_FEATURE.get(stem, ())}


# Attributes that state one feature under two names: "Date Display: No" beside "Calendar: Yes" leaves the date
# unsaid either way (round i: "shows the date on the dial" for a watch whose Date Display is No).
_SAME_FEATURE: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {("date", "displa"): (("calendar",),)}


def _stem(key: str) -> tuple[str, ...]:
    """An attribute name's first word and the start of its second ("water", "resist")."""
    words = key.lower().split()
    return (words[0], words[1][:6]) if len(words) >= 2 else tuple(words)


_PROSE = re.compile(r"[.:;!?。：；！？]\s|\)\.")


def _group_texts(group: list[Fact], lang: str) -> list[str]:
    """The attribute's value as phrases when it fits the language (one per value of a multi-value attribute),
    else its typed parts rendered; placeholders and a pack of one are not selling material. A key the merchant
    repeats (风格: 复古, 风格: 文艺) keeps every value: each is a fact of its own."""
    values = list(dict.fromkeys(fact.value for fact in group))
    own = [v for v in values if not any(v != w and v in w for w in values)]
    if len(own) > 1:
        return [text for value in own for text in _group_texts([f for f in group if f.value == value], lang)]
    whole = max(group, key=lambda fact: len(fact.value))
    if whole.value.strip().lower() in YES_VALUES:
        return [whole.key] if fits_language(whole.key, lang) else []  # "dishwasher safe: yes" → the key
    if whole.value.strip().lower() in _NO:
        return []
    if _PROSE.search(whole.value) and len(whole.value.split()) > 8:
        return []  # "Qibla Direction : … (Relative To The North, Sun Or Moon). Also, …": prose splits into junk
    if fits_language(whole.value, lang):
        parts = [part for part in _VALUE_SEPARATOR.split(whole.value.strip()) if part]
        if any(re.search(r"\d", part) for part in parts) or group[0].kind in (FactKind.SIZE, FactKind.COLOUR):
            parts = [whole.value.strip()]  # a composition ("80% cotton, 20% polyester") or the sizes on offer
        # "Yes, Day and Date Display": the yes or no beside a value says nothing of its own
        return [p for p in parts if not is_non_selling(p) and p.lower() not in YES_VALUES and p.lower() not in _NO]
    if _CODE.fullmatch(whole.value.strip()):
        return [whole.value.strip()]  # a model code ("MK-HJ1705") reads the same in Chinese copy
    rendered = [render_fact(fact, lang) for fact in group if fact.kind is not FactKind.FEATURE]
    return [text for text in rendered if text and not is_non_selling(text)]


def is_non_selling(value: str) -> bool:
    """A placeholder or non-descriptive value ("Need to confirm", "NA", "Pack of 1", 1-Pack, 待确认)."""
    return _NON_SELLING.fullmatch(value.strip().strip(".")) is not None


def _kind_rank(kind: FactKind) -> int:
    return _TITLE_KIND_ORDER.index(kind) if kind in _TITLE_KIND_ORDER else len(_TITLE_KIND_ORDER)


def _benefit_phrases(facts: list[Fact], lang: str, rng: random.Random, ranked: tuple[str, ...] = ()) -> list[Phrase]:
    book = load_benefits()
    found: list[Phrase] = []
    for fact in facts:
        if fact.kind in (FactKind.TEXT, FactKind.PRICE) or fact.source == "description":
            continue
        for text in book.for_fact(fact.key, fact.value, fact.canonical, lang):
            if all(p.text != text for p in found):
                found.append(Phrase(text, "benefit", f"knowledge/benefits.yaml ← {fact.source}", fact.kind.value))
    rng.shuffle(found)
    if ranked:  # a ranking only reorders phrases the facts unlocked; it can never add one
        position = {text: index for index, text in enumerate(ranked)}
        found.sort(key=lambda phrase: position.get(phrase.text, len(position)))
    if len(found) < 2:
        generic = list(book.generic.get(lang, []))
        rng.shuffle(generic)
        found += [Phrase(text, "benefit", "knowledge/benefits.yaml (generic)") for text in generic[:2]]
    return found


def _is_short(text: str) -> bool:
    return len(text) <= 12 if has_cjk(text) else len(text.split()) <= 4 and len(text) <= 40
