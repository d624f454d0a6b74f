"""What the product is called: the product word a plan names it by, read from the attributes that name the
product (类型, 衣样式, Type), the merchant's department names or the title itself (``plan._category_phrase``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shopforge.copywriting.render import has_cjk
from shopforge.facts.model import Fact, FactKind

if TYPE_CHECKING:
    from shopforge.copywriting.plan import ProductInput

# Attribute keys that name what the product is, most specific first.
TYPE_KEYS = ("衣样式", "裙型", "裤型", "品类", "类型", "product type", "type", "item type")

# Chinese attributes that name the garment itself (裙长: 连衣裙, 裙型: 鱼尾裙, 衣样式: 衬衫), most telling first;
# 裙型: 百褶 is a style of skirt, not a product word, so a value must end with the 类型's own word (裙, 裤).
ZH_KIND_KEYS = ("衣样式", "裙长", "裙型", "裤型", "裤长")


def zh_kind_word(key: str, value: str, kind: str) -> bool:
    """Whether a Chinese attribute names the product (连衣裙 for a 裙, 衬衫 for a 上衣), not a style of it."""
    if key not in ZH_KIND_KEYS or not has_cjk(value) or len(value) > 6:
        return False
    return key == "衣样式" or (bool(kind) and value.endswith(kind[-1]))


def zh_kind_fact(product: ProductInput) -> Fact | None:
    kind = next((f.value for f in product.facts if f.key == "类型"), "")
    for key in ZH_KIND_KEYS:
        for fact in product.facts:
            if fact.key == key and zh_kind_word(key, fact.value, kind):
                return fact
    return None


def category_in_title(category: str, product: ProductInput) -> str | None:
    """The title's own wording of a department name: "Scales" → "Kitchen Scale" in "Digital Kitchen Scale 5 kg";
    each name of a joint department counts ("Polos & T-Shirts" → "T-Shirt")."""
    if has_cjk(category):
        return None
    names = [part.strip() for part in re.split(r"\s*(?:&|,|\band\b)\s*", category) if part.strip()]
    for name in names if len(names) > 1 else [category]:
        found = _name_in_title(name, product)
        if found:
            return found
    return None


def _name_in_title(category: str, product: ProductInput) -> str | None:
    singular = category[:-1] if category.lower().endswith("s") and len(category) > 3 else category
    words = product.title.split()
    lowered = [w.strip(",()").lower() for w in words]
    # words an attribute says ("Round Neck", "Spiral Bound") describe the product word, they are not part of it
    described = {w.lower() for f in product.facts if f.source.startswith("attributes.")
                 for w in f"{f.key} {f.value}".split()}  # fmt: skip
    for i, word in enumerate(lowered):
        following = words[i + 1] if i + 1 < len(words) else ""
        rest = [w.lower() for w in _TITLE_SEGMENT.split(" ".join(words[i + 1 :]), maxsplit=1)[0].split()]
        if following.isalpha() and following.lower() not in _MINOR and not set(rest) <= described:
            continue  # "Golf" in "… Golf Ball" modifies the product word, it is not one
        if word in (category.lower(), singular.lower()):
            previous = words[i - 1] if i > 0 else ""
            keep = previous.isalpha() and previous != product.brand and previous.lower() not in described
            return " ".join(w.strip(",()") for w in words[i - 1 if keep else i : i + 1])
    return None


_TITLE_SEGMENT = re.compile(r"\s*(?:[,(\[|]|\s[-–—]\s|\swith\s|\sfor\s)", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")


def title_segment(title: str) -> str:
    """The title's first segment, a bracketed note left out: "Disney LP-1008 (Yellow) Analog Watch - For Girls"
    → "Disney LP-1008 Analog Watch"."""
    return _TITLE_SEGMENT.split(_BRACKETED.sub("", title), maxsplit=1)[0]


_UNIT = r"(?:ml|l|cl|oz|fl oz|g|kg|mg|lb|lbs|cm|mm|m|in|inch|inches|ft|w|v|mah|gb|tb|hz|pcs|pieces|pack|\"|')"
_SPEC_WORD = re.compile(rf"[\d.,/x×-]+\s*{_UNIT}?|{_UNIT}", re.IGNORECASE)


def same_head(phrase: str, head: str) -> bool:
    """Whether two English product words end in the same noun ("Cycling Shorts" and "Shorts")."""
    def last(text: str) -> str:
        word = text.split()[-1].lower() if text.split() else ""
        return word[:-1] if word.endswith("s") and len(word) > 3 else word

    return last(phrase) == last(head)


def head_noun(product: ProductInput) -> str:
    """What an English title names: the last one or two words of its first segment, without brand or sizes
    ("Borosilicate Glass Coffee Mug 450 ml" → "Coffee Mug", "Amazon Basics Stapler, 25 Sheet" → "Stapler")."""
    first = title_segment(product.title)
    brand = {w.lower() for w in (product.brand or "").split()}
    # colours and materials trail a product word as often as sizes do ("… Kettle 1.7 L Stainless Steel")
    described = {w.lower() for f in product.facts if f.kind in (FactKind.COLOUR, FactKind.MATERIAL)
                 for w in f.value.split()}  # fmt: skip
    words = [w for w in first.split() if w.lower() not in brand]
    while words and (words[-1].lower() in described | _MINOR or _SPEC_WORD.fullmatch(words[-1])):
        words.pop()  # sizes, colours, materials and a dangling "of" ("… Board Set of 3")
    while len(words) >= 2 and words[-1].lower() == words[-2].lower():
        words.pop()  # "Almond Boots Boots"
    words = _without_trailing_values(words, product, described)
    if not words or not words[-1].replace("-", "").isalpha():
        return ""
    before = words[-2] if len(words) >= 2 else ""
    lowered = " ".join(words[:-1]).lower()
    # "Round Neck T-Shirt" with Type: Round Neck: the word before is the end of an attribute's phrase
    said = any(len(f.value.split()) > 1 and lowered.endswith(f.value.lower()) for f in product.facts
               if f.source.startswith("attributes."))  # fmt: skip
    if before.isalpha() and before[:1].isupper() and before.lower() not in _MINOR | described and not said:
        return " ".join(words[-2:])
    return words[-1]


def _without_trailing_values(words: list[str], product: ProductInput, described: set[str]) -> list[str]:
    """The title's words without attribute values at its end ("… Notebook Spiral Bound" with Binding: Spiral
    Bound), keeping at least one word, and keeping the value when a colour or material would be left at the end
    ("Pinza Black Christmas Boots" with Design: Christmas Boots names boots, not "Pinza Black")."""
    values = {tuple(f.value.lower().split()) for f in product.facts  # named, several words: not "1 Watch" in the box
              if f.source.startswith("attributes.") and f.key and f.key.lower() not in (*TYPE_KEYS, "detail")
              and len(f.value.split()) > 1}  # fmt: skip
    trimmed = True
    while trimmed and len(words) > 1:
        trimmed = False
        for value in values:
            if value and len(value) < len(words) and tuple(w.lower() for w in words[-len(value):]) == value:
                if words[-len(value) - 1].lower() in described:
                    continue
                words, trimmed = words[: -len(value)], True
                break
    return words


_MINOR = frozenset({"and", "or", "of", "the", "a", "an", "in", "on", "with", "for", "to", "women's", "men's"})


def noun_from_title(title: str, lang: str) -> str:
    # The head noun of a product title sits at its end in both languages ("… Cycling Shorts", "…保温杯").
    cleaned = re.sub(r"[()（）\[\]【】,，]+", " ", title).strip()
    if lang == "zh" and has_cjk(cleaned):
        tail = re.findall(r"[\u4e00-\u9fff]+", cleaned)
        return tail[-1][-4:] if tail else cleaned[-8:]
    words = cleaned.split()
    return " ".join(words[-2:]) if words else title
