"""Content understanding: what a listing's text says, measured against the product's facts and the platform's packs.

``understand_text`` reads the title, bullets and description: every claim and whether the product's facts ground
it, forbidden terms and other rule breaches (the text verifier, the same one that gates publication), the category
word and the key attributes in the title, the benefit points stated, keywords, readability and language. Images
are measured by ``optimize.understand_image``; ``optimize.diagnose.understand_product`` puts both together. The
records hold measurements only: what counts as a problem, and how much it costs, is the scenario standards' call.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from shopforge.copywriting.plan import AccountProfile, PlanError, ProductInput, plan_content
from shopforge.copywriting.render import has_cjk
from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.copywriting.verify.checks import measure_length
from shopforge.facts.claims import extract_claims
from shopforge.facts.model import Fact
from shopforge.knowledge.benefits import load_benefits
from shopforge.knowledge.synonyms import load_category_synonyms
from shopforge.store.versions import ListingContent

KEY_ATTRIBUTE_KINDS = ("material", "quantity", "colour", "count")
MAX_KEY_ATTRIBUTES = 3
TERM_CHECK_TYPES = frozenset({"forbidden_terms", "absolute_terms", "promo_phrases", "forbidden_chars", "contact_info"})
_SENTENCE = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+|\n")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_CHUNK = re.compile(r"[^\s,，、;；|/()（）\[\]【】]+")
_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "the", "this", "that", "to", "with", "your", "you", "our",
})  # fmt: skip


@dataclass(frozen=True)
class KeyAttribute:
    text: str  # the attribute as the plan would write it ("304不锈钢", "1.7 L")
    source: str  # the fact's field ("attributes.材质")
    kind: str
    in_title: bool


@dataclass(frozen=True)
class TextIssue:
    """A verifier error in the live text: what publication would be blocked for."""

    part: str  # title | bullets | description
    rule: str
    span: str
    message: str
    category: str  # grounding | term | length | other


@dataclass
class TextUnderstanding:
    lang: str  # detected from the text
    title: str
    bullets: list[str]
    description: str
    title_length: int  # in the unit of the platform's title length rule
    title_unit: str
    title_hard_limit: int | None  # error-level max length
    title_soft_limit: int | None  # warning-level (recommended) max length
    category: str | None  # the product's category word (None: the product cannot be planned)
    category_in_title: bool
    key_attributes: list[KeyAttribute]
    claims: list[dict[str, Any]]  # {part, kind, span, grounded}
    issues: list[TextIssue]
    benefits: list[str]  # benefit points the copy states (category knowledge phrases)
    available_benefits: list[str]  # benefit points the product's facts unlock
    first_line: str
    keywords: list[str]
    readability: float  # 0..1, 1 = short sentences
    plan_error: str | None = None
    category_named_as: str | None = None  # the title's word for the category: itself or a synonym (None: absent)

    @property
    def empty(self) -> bool:
        return not (self.title or self.bullets or self.description)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _TitleRule:
    limit: int
    unit: str
    severity: str


def understand_text(
    content: ListingContent, product: ProductInput, profile: AccountProfile, verifier: Verifier | None = None
) -> TextUnderstanding:
    """Measure a listing's text for one product and account (platform, language)."""
    verifier = verifier or cached_verifier(profile.platform, profile.lang)
    facts = ProductFacts.build(product.facts, product.brand)
    issues, claims = _verify_parts(content, verifier, facts)
    title = content.title
    hard, soft = _title_limits(verifier)
    rule = soft or hard
    unit = rule.unit if rule else "chars"
    category, key_attributes, plan_error = _plan_view(product, profile, title)
    named_as = category_term(title, category) if category else None
    all_text = "\n".join([title, *content.bullets, content.description])
    return TextUnderstanding(
        lang=detect_language(all_text) if all_text.strip() else profile.lang,
        title=title,
        bullets=list(content.bullets),
        description=content.description,
        title_length=measure_length(title, unit),
        title_unit=unit,
        title_hard_limit=hard.limit if hard else None,
        title_soft_limit=soft.limit if soft else None,
        category=category,
        category_in_title=named_as is not None,
        key_attributes=key_attributes,
        claims=claims,
        issues=issues,
        benefits=stated_benefits(all_text, profile.lang),
        available_benefits=unlocked_benefits(product.facts, profile.lang),
        first_line=first_line(content),
        keywords=keywords(title, profile.lang),
        readability=readability("\n".join([*content.bullets, content.description]), profile.lang),
        plan_error=plan_error,
        category_named_as=named_as,
    )


@cache
def cached_verifier(platform: str, lang: str) -> Verifier:
    return Verifier(platform, lang)


@cache
def _rule_types(platform: str, lang: str) -> dict[str, str]:
    verifier = cached_verifier(platform, lang)
    return {f"{pack.name}.{rule.id}": rule.check.type for pack in verifier.packs for rule in pack.rules}


def _verify_parts(
    content: ListingContent, verifier: Verifier, facts: ProductFacts
) -> tuple[list[TextIssue], list[dict[str, Any]]]:
    types = _rule_types(verifier.platform, verifier.lang)
    issues: list[TextIssue] = []
    claims: list[dict[str, Any]] = []
    parts = (("title", content.title), ("bullets", "\n".join(content.bullets)), ("description", content.description))
    for part, text in parts:
        if not text.strip():
            continue
        report = verifier.check(text, part, facts)
        ungrounded = set()
        for violation in report.errors:
            category = _issue_category(violation.rule, types.get(violation.rule, ""))
            issues.append(TextIssue(part, violation.rule, violation.span, violation.message, category))
            if category == "grounding":
                ungrounded.add(violation.span)
        for claim in extract_claims(text):
            claims.append(
                {"part": part, "kind": claim.kind.value, "span": claim.span, "grounded": claim.span not in ungrounded}
            )
    return issues, claims


def _issue_category(rule: str, check_type: str) -> str:
    if rule.startswith("grounding."):
        return "grounding"
    if check_type in TERM_CHECK_TYPES:
        return "term"
    if check_type == "max_length":
        return "length"
    return "other"


def _title_limits(verifier: Verifier) -> tuple[_TitleRule | None, _TitleRule | None]:
    """The strictest error-level and warning-level title length rules of the platform's packs."""
    found: dict[str, _TitleRule] = {}
    for pack in verifier.packs:
        for rule in pack.rules:
            params = rule.check.params
            if rule.check.type != "max_length" or "title" not in rule.scope or params.get("max") is None:
                continue
            candidate = _TitleRule(int(params["max"]), str(params.get("unit", "chars")), rule.severity)
            current = found.get(rule.severity)
            if current is None or candidate.limit < current.limit:
                found[rule.severity] = candidate
    return found.get("error"), found.get("warning")




def _plan_view(
    product: ProductInput, profile: AccountProfile, title: str
) -> tuple[str | None, list[KeyAttribute], str | None]:
    """The category word and key attributes the line's planner would put in a title, and whether the title has them."""
    try:
        plan = plan_content(product, profile, "title")
    except PlanError as exc:
        return None, [], str(exc)
    title_claims = extract_claims(title)
    key = [p for p in plan.attributes if p.kind in KEY_ATTRIBUTE_KINDS][:MAX_KEY_ATTRIBUTES]
    attributes = [
        KeyAttribute(
            p.text, p.source, p.kind, _attribute_in_title(p.text, p.source, product.facts, title, title_claims)
        )
        for p in key
    ]
    return plan.category.text, attributes, None


def _attribute_in_title(text: str, source: str, facts: list[Fact], title: str, claims: list[Any]) -> bool:
    """Said in the title in any form: the phrase, the merchant's value, or a claim of the same concept or amount."""
    if contains(title, text):
        return True
    own = [fact for fact in facts if fact.source == source]
    for fact in own:
        if contains(title, fact.value):
            return True
        for claim in claims:
            if fact.canonical and claim.canonical == fact.canonical:
                return True
            if fact.quantity and claim.quantity and fact.quantity.close_to(claim.quantity):
                return True
    return False


def names_category(title: str, category: str) -> bool:
    """The title says what the product is (``category_term`` finds a word for it)."""
    return category_term(title, category) is not None


def category_term(title: str, category: str) -> str | None:
    """The title's word for the category: the category phrase, (Latin script) its head noun in either number
    ("Waistcoat" names "KAJCI Waistcoats"), or a synonym or narrower kind from the category synonyms
    ("Bellies" names "Ballerinas", "Boots" names "Casual Shoes"; knowledge/data/category_synonyms.yaml)."""
    if contains(title, category):
        return category
    words = _EN_WORD.findall(category)
    if words and not has_cjk(category):
        head = words[-1].lower()
        forms = {head, head[:-1] if head.endswith("s") else head + "s", head[:-2] if head.endswith("es") else head}
        for word in _EN_WORD.findall(title):
            if word.lower() in forms:
                return word
    found = load_category_synonyms().naming_term(title, category)
    return found[0] if found else None


def contains(text: str, phrase: str) -> bool:
    phrase = phrase.strip().casefold()
    return bool(phrase) and phrase in text.casefold()


def detect_language(text: str) -> str:
    cjk = len(re.findall(r"[\u3400-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk * 2 >= latin else "en"  # a CJK character carries about a word's meaning


def _benefit_phrases(lang: str) -> list[str]:
    book = load_benefits()
    phrases = [phrase for entry in book.benefits for phrase in entry.phrases(lang)]
    return list(dict.fromkeys([*phrases, *book.generic.get(lang, [])]))


def stated_benefits(text: str, lang: str) -> list[str]:
    return [phrase for phrase in _benefit_phrases(lang) if contains(text, phrase)]


def unlocked_benefits(facts: list[Fact], lang: str) -> list[str]:
    book = load_benefits()
    found: list[str] = []
    for fact in facts:
        if fact.kind.value in ("text", "price") or fact.source == "description":
            continue
        unlocked = book.for_fact(fact.key, fact.value, fact.canonical, lang)
        found += [text for text in unlocked if text not in found]
    return found


def first_line(content: ListingContent) -> str:
    """What a shopper reads first after the title: the first bullet, else the description's first sentence."""
    if content.bullets:
        return content.bullets[0]
    sentences = [s.strip() for s in _SENTENCE.split(content.description) if s and s.strip()]
    return sentences[0] if sentences else ""


def keywords(text: str, lang: str) -> list[str]:
    """Search keywords of a title: content words (en), space- or punctuation-separated chunks (zh)."""
    if lang == "en" and not has_cjk(text):
        words = [w.lower().strip("'-") for w in _EN_WORD.findall(text)]
        return list(dict.fromkeys(w for w in words if len(w) > 2 and w not in _STOPWORDS))
    return list(dict.fromkeys(chunk.lower() for chunk in _CHUNK.findall(text) if len(chunk) > 1))


def readability(text: str, lang: str) -> float:
    """1 for short sentences, falling to 0: ≤ 20 words (en) or ≤ 40 characters (zh) a sentence reads easily."""
    sentences = [s for s in _SENTENCE.split(text) if s and s.strip()]
    if not sentences:
        return 1.0
    if lang == "zh":
        mean, easy, hard = sum(len(s.strip()) for s in sentences) / len(sentences), 40.0, 100.0
    else:
        mean, easy, hard = sum(len(s.split()) for s in sentences) / len(sentences), 20.0, 40.0
    return round(max(0.0, min(1.0, (hard - mean) / (hard - easy))), 3)


@dataclass
class Understanding:
    """Everything measured about one product's current listing; the input of every scenario standard."""

    sku: str
    platform: str
    lang: str
    source: str  # live | generated | none: where the content under diagnosis came from
    version_id: int | None
    content: ListingContent
    text: TextUnderstanding
    image: Any = None  # ImageUnderstanding | None (optimize.understand_image)
    has_price: bool = False
    price: float | None = None
    currency: str | None = None
    photo: str | None = None  # a local product photo the image tools can start from
    duplicates: list[dict[str, Any]] = field(default_factory=list)  # {sku, part, similarity}
    queries: list[str] = field(default_factory=list)  # search queries relevant to the product
    competitors: Any = None  # CompetitorBenchmark | None (optimize.competitors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "platform": self.platform,
            "lang": self.lang,
            "source": self.source,
            "version_id": self.version_id,
            "content": self.content.to_dict(),
            "text": self.text.to_dict(),
            "image": self.image.to_dict() if self.image is not None else None,
            "has_price": self.has_price,
            "duplicates": self.duplicates,
            "queries": self.queries,
            "competitors": self.competitors.to_dict() if self.competitors is not None else None,
        }
