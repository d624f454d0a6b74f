"""The plan's phrases sorted into what a copywriter uses them for: the product word, its line, model, features,
specs, variant, scene words, and each fact's benefit with its label."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from shopforge.copywriting.compose.text import UNITS, covered, en_list, unshout, words_of, zh_same_gist
from shopforge.copywriting.plan import ContentPlan, Phrase
from shopforge.copywriting.product_word import title_segment, zh_kind_word
from shopforge.copywriting.render import has_cjk
from shopforge.knowledge.benefits import BenefitEntry, load_benefits

_MODEL_KEYS = re.compile(
    r"^(?:model(?: number| name| no\.?| id)?|series|collection|型号|规格型号|系列)$", re.IGNORECASE
)
_SERIES_KEYS = re.compile(r"^(?:series|collection|product line)$", re.IGNORECASE)
# Attributes that describe the sale or the paperwork, not the product a title or a selling point sells.
_NOT_COPY = re.compile(
    r"warranty|guarantee|保修|质保|售后|\bcare\b|\bwash\b|washing|洗涤|保养|install|delivery|配送|安装|sales package|"
    r"number of contents|style code|sku|货号|款号|ean|upc|barcode|条码|brand|品牌|产地|origin|country|"
    r"manufactur|生产|importer|packer|generic name|service|服务|\bbox\b|packag|包装",
    re.IGNORECASE,
)
# Values that are care, service or paperwork notes whatever their attribute is called.
_NOT_COPY_VALUE = re.compile(
    r"\b(?:wash|bleach|tumble|iron|dry clean|detergent|warranty|guarantee|installation|demo)\b"
    r"|洗涤|漂白|熨烫|保修|质保",
    re.IGNORECASE,
)
_PUFFERY = re.compile(r"\b(?:stylish|awesome|perfect|reasonable price|possession|extremely|attractive)\b", re.I)
_JOINERS = frozenset({"&", "and", "+", "-", "/", "|", "x"})  # "He & She" less "He" and "She" leaves "&" alone
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
DIMENSIONS = ("height", "width", "length", "depth", "thickness", "diameter", "weight", "net weight")  # said so
WATER_RATING = re.compile(r"water resist|防水", re.IGNORECASE)  # "Water Resistance Depth: 100 m", a watch's main spec
_MEASURE_KEYS = re.compile("|".join((*DIMENSIONS, "宽度", "高度", "长度", "厚度", "重量")), re.IGNORECASE)
_CODE_WORD = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_-]{3,}")  # a style code ("WM64", "S-BK")
_DURATION = re.compile(r"\d+(?:\.\d+)?\s*(?:years?|yrs?|months?|年|个月)\b", re.IGNORECASE)
_CONTENTS = re.compile(r"number of contents|pack of|pack size", re.IGNORECASE)
_PACK = re.compile(r"pack of \d+|set of \d+", re.IGNORECASE)
_COUNTED = re.compile(r"(\d{1,2})\s+(?:pairs?\s+of\s+)?([A-Za-z][A-Za-z' -]*)")


def _box_contents(text: str) -> bool:
    """What the box holds, said as a count of things ("3 shorts", "1 Slipper"), not a measure ("100 m")."""
    found = _COUNTED.fullmatch(text.strip())
    return found is not None and found[2].split()[0].lower() not in UNITS


_AUDIENCE = re.compile(r"(?:women|men|girl|boy|kid|baby|unisex)(?:'s|s'|s)?", re.IGNORECASE)
_SUITABLE = re.compile(r"suitable|compatib|适用(?!人群|对象)", re.IGNORECASE)
_TYPE_LABELS = frozenset({"类型", "品类", "type", "product type", "item type"})
_SPEC_KINDS = frozenset({"quantity", "count"})
_VARIANT_KINDS = frozenset({"colour", "size"})
_SCENE_KEYS = re.compile(r"风格|style|occasion|场合|场景|适用|ideal for|season|季节", re.IGNORECASE)


@dataclass(frozen=True)
class Point:
    """One selling point's material: a fact phrase, and the benefit its fact unlocks (with a label) if any."""

    fact: Phrase
    benefit: str = ""
    label: str = ""
    measured: bool = False  # the benefit is what the fact's measure states ("Heel Height: 1 inch" → a low heel)


@dataclass
class Inventory:
    brand: str
    product: str  # the product word ("Coffee Mug", 真空保温杯)
    line: str = ""  # the merchant title's words before the product word ("Borosilicate Glass")
    model: str = ""
    features: list[Phrase] = field(default_factory=list)
    specs: list[Phrase] = field(default_factory=list)
    variants: list[Phrase] = field(default_factory=list)
    suits: list[Phrase] = field(default_factory=list)  # what the product is suitable for (stoves, rooms)
    kinds: list[Phrase] = field(default_factory=list)  # other names of the garment (鱼尾裙 for a 连衣裙): titles only
    family: str = ""  # the 类型 a Chinese product word is a kind of (上衣 for a 衬衫): a title's last search word
    scene: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)  # the plan's generic benefits, last resort only

    def without(self, spans: set[str]) -> Inventory:
        """This inventory with every phrase that holds a span the verifier refused taken out: the product
        line, a feature or spec, a point's benefit (and its label) or just the label, as the span sits."""
        def holds(text: str) -> bool:
            return any(span and span.lower() in text.lower() for span in spans)

        def kept(phrases: list[Phrase]) -> list[Phrase]:
            return [p for p in phrases if not holds(p.text) and not holds(p.label)]

        points = []
        for point in self.points:
            if holds(point.fact.text) or holds(point.fact.label):
                continue
            if holds(point.benefit):
                point = Point(point.fact)
            elif holds(point.label):
                point = replace(point, label="")
            points.append(point)
        return replace(
            self, line="" if holds(self.line) else self.line, model="" if holds(self.model) else self.model,
            features=kept(self.features), specs=kept(self.specs), variants=kept(self.variants),
            suits=kept(self.suits), scene=[w for w in self.scene if not holds(w)], points=points,
        )  # fmt: skip


GENERIC_NAMES = frozenset(
    {"detail", "details", "other", "others", "info", "features", "other features", "additional features",
     "其他", "其它"}
)  # fmt: skip


def named(phrase: Phrase) -> bool:
    """Whether the attribute has a name of its own to be said with ("Capacity"), not "Detail" or "Other Features"."""
    return bool(phrase.label) and phrase.label.lower() not in GENERIC_NAMES and phrase.label != phrase.text


def _unshouted(phrase: Phrase) -> Phrase:
    return replace(phrase, text=unshout(phrase.text))


def build_inventory(plan: ContentPlan) -> Inventory:
    brand = plan.brand.text if plan.brand else ""
    product, line = _product_word(plan), _line(plan, brand)
    if plan.lang == "en":
        product, line = unshout(product), unshout(line)
    inventory = Inventory(brand=brand, product=product, line=line)
    kind = next((p.text for p in plan.attributes if p.label == "类型"), plan.category.text)
    if plan.lang == "zh" and has_cjk(kind) and len(kind) > 1 and not set(kind) & set(product):
        inventory.family = kind  # 衬衫 is a 上衣; 连衣裙 names its 裙 already, 卫衣上衣 reads as 衣 twice
    # the line keeps the material and the audience, and no other word an attribute says: a title that lists
    # "Casual Festive Party V Neck" before the product word is a value dump; those have their own slots
    for phrase in plan.attributes if plan.lang == "zh" else [_unshouted(p) for p in plan.attributes]:
        label = phrase.label
        if label and _SERIES_KEYS.match(label.strip()) and plan.lang == "en":
            # a series is a product line, said before the product word ("Oxter Italia Chrono Blue Analog Watch",
            # not "… Analog Watch Italia", round h #68)
            inventory.line = _with_series(inventory.line, phrase.text, bool(brand))
        elif label and _MODEL_KEYS.match(label.strip()):
            inventory.model = inventory.model or phrase.text
        elif label and _CONTENTS.search(label) and _PACK.fullmatch(phrase.text):
            inventory.specs.append(phrase)  # "Number of Contents in Sales Package: Pack of 3" is what is sold
        elif (label and _NOT_COPY.search(label)) or _NOT_COPY_VALUE.search(phrase.text) or phrase.kind == "warranty":
            continue
        elif _BARE_NUMBER.fullmatch(phrase.text) and _MEASURE_KEYS.search(label or ""):
            continue  # "Width: 3.5" says no unit: 3.5 what?
        elif _PUFFERY.search(phrase.text):
            continue  # "Very Stylish Looking Watch" under Novelty Feature: the merchant's praise, not a feature
        elif not named(phrase) and (_DURATION.match(phrase.text) or _box_contents(phrase.text)):
            continue  # "1 Year Manufacture", "1 Pair of Shoes" without a name: warranty or box, not the product
        elif (label and label.lower() in _TYPE_LABELS) or _names_product(phrase.text, inventory.product):
            continue  # another name of the product (类型: 上衣 for a 外套, 裙长: 半身裙); the product word says it
        elif plan.lang == "zh" and zh_kind_word(label, phrase.text, kind):
            inventory.kinds.append(phrase)  # 鱼尾裙 beside 连衣裙: a search word for the title, no feature
        elif label and _SUITABLE.search(label):
            inventory.suits.append(phrase)  # what it is for goes after the product word (适用燃气灶)
        elif phrase.kind in _VARIANT_KINDS:
            inventory.variants.append(phrase)
        elif phrase.kind in _SPEC_KINDS:
            inventory.specs.append(phrase)
        else:
            inventory.features.append(phrase)
            if label and _SCENE_KEYS.search(label) and has_cjk(phrase.text):
                inventory.scene.append(phrase.text)
    said = [p for p in (*inventory.features, *inventory.specs, *inventory.variants, *inventory.suits)
            if p.kind != "material"] + ([Phrase(inventory.model, "attribute", "")] if inventory.model else [])
    # the line without words the copy says elsewhere (box notes like "Camerii Card" do not count) and without
    # internal codes ("COLAT_M08"); a model number stays ("WQ18"), and so does a brand-less title's first word,
    # the maker's name ("3wish"): blind raters asked for both (bench/review_runs/2026-12-04e)
    kept = [
        word for i, word in enumerate(inventory.line.split())
        if (i == 0 and not brand) or _AUDIENCE.fullmatch(word)
        or not ((_CODE_WORD.fullmatch(word) and "_" in word) or any(covered(word, p.text) for p in said))
    ]  # fmt: skip
    inventory.line = " ".join(kept if kept == inventory.line.split() else [w for w in kept if w not in _JOINERS])
    inventory.features = _one_audience(_agreeing(_zh_prints(_zh_distinct([
        p for p in inventory.features
        if not (has_cjk(p.text) and any(p.text != q.text and p.text in q.text for q in inventory.features))
    ]))))  # fmt: skip
    inventory.points = _points(plan, inventory)
    inventory.generic = [b.text for b in plan.benefits if "generic" in b.source]
    return inventory


def _with_series(line: str, series: str, branded: bool) -> str:
    """The line with the series in it: where the line says it in other words ("He & She" → "He and She"), else
    before it, or after a brand-less title's first word (the maker's name)."""
    words = line.split()
    said = [i for i, w in enumerate(words) if covered(w, series) or (w in _JOINERS and 0 < i < len(words) - 1)]
    said = [i for i in said if covered(words[i], series)] and said
    if said:
        kept = [w for i, w in enumerate(words) if i not in said]
        return " ".join([*kept[: said[0]], series, *kept[said[0] :]])
    at = 0 if branded or not words else 1
    return " ".join([*words[:at], series, *words[at:]])


def distinct_benefits(points: list[Point]) -> list[Point]:
    """The points without one whose Chinese benefit says what an earlier one said (纯色好搭配 after 简约百搭)."""
    kept: list[Point] = []
    for point in points:
        if not (has_cjk(point.benefit) and any(zh_same_gist(point.benefit, k.benefit) for k in kept)):
            kept.append(point)
    return kept


def _zh_distinct(features: list[Phrase]) -> list[Phrase]:
    """Chinese features without a second wording of the same characters (纱网 after 网纱: one feature said
    twice, bench/review_runs/2026-12-04h #64)."""
    kept: list[Phrase] = []
    for phrase in features:
        if not (has_cjk(phrase.text) and any(sorted(phrase.text) == sorted(k.text) for k in kept)):
            kept.append(phrase)
    return kept


_ZH_MOTIFS = frozenset({"植物", "字母", "文字", "卡通", "几何", "动物", "花卉", "手绘", "迷彩", "波点"})


def _zh_prints(features: list[Phrase]) -> list[Phrase]:
    """A motif and 印花 given as two patterns said as the one print they are (植物 + 印花 → 植物印花): raters
    read 植物 alone as "plant" (round h #45, #47)."""
    prints = [p for p in features if p.text == "印花"]
    motif = next((p for p in features if p.text in _ZH_MOTIFS and p.label == "图案"), None)
    if not prints or motif is None:
        return features
    merged = replace(motif, text=f"{motif.text}印花")
    return [merged if p is motif else p for p in features if p not in prints]


_AUDIENCE_KEYS = re.compile(r"ideal for|gender|适用人群|适用对象|适用性别", re.IGNORECASE)


def is_scene(phrase: Phrase) -> bool:
    """An occasion, style or audience: a word for the title and the description, no selling point on its own
    ("Ideal For: Women", "Occasion: Casual" read as form fields)."""
    return bool(phrase.label and _SCENE_KEYS.search(phrase.label))


def is_occasion(phrase: Phrase) -> bool:
    return is_scene(phrase) and "occasion" in phrase.label.lower()


def is_audience(phrase: Phrase) -> bool:
    return bool(phrase.label and _AUDIENCE_KEYS.search(phrase.label))


def _one_audience(features: list[Phrase]) -> list[Phrase]:
    """The values of one audience attribute as one phrase ("Men, Women, Boys and Girls"), so that no copy
    narrows a watch for four audiences to one of them."""
    audience = [p for p in features if is_audience(p)]
    if len(audience) < 2:
        return features
    words = [p.text for p in audience]
    merged = replace(audience[0], text="、".join(words) if has_cjk(words[0]) else en_list(words))
    return [merged if p is audience[0] else p for p in features if p is audience[0] or p not in audience]


def _agreeing(features: list[Phrase]) -> list[Phrase]:
    """The features without the materials of a part the merchant's facts disagree on ("Strap Type: Leather"
    beside "Strap Material: Rubber Strap"): either could be false, so neither is said."""
    by_part: dict[str, list[Phrase]] = {}
    for phrase in features:
        part = _COMPONENT.search(phrase.label)
        if phrase.kind == "material" and part:
            by_part.setdefault(part[0].lower(), []).append(phrase)
    dropped: list[Phrase] = []
    for noun, group in by_part.items():
        cores = [words_of(p.text) - {noun} for p in group]
        if any(not a & b for a, b in itertools.combinations(cores, 2)):
            dropped += group
    return [p for p in features if p not in dropped]


def _names_product(text: str, product: str) -> bool:
    """An attribute value that is the product word itself, or part of it (半身裙 for 半身裙, "Paper Weight")."""
    return covered(text, product) or (has_cjk(text) and text in product)


def _product_word(plan: ContentPlan) -> str:
    """The category phrase, or a Chinese title word that contains it and says more (保温杯 → 真空保温杯)."""
    category = plan.category.text
    if plan.lang == "zh":
        for word in re.split(r"[\s,，/]+", plan.title):
            if word.endswith(category) and len(word) <= 8 and has_cjk(word) and not re.search(r"\d", word):
                return word if not plan.brand or plan.brand.text not in word else category
    return category


def _line(plan: ContentPlan, brand: str) -> str:
    """The English title's words between the brand and the product word: the product line the merchant named."""
    if plan.lang != "en":
        return ""
    first = title_segment(plan.title)
    found = re.search(rf"(?<![A-Za-z0-9]){re.escape(plan.category.text)}(?![A-Za-z0-9])", first, re.IGNORECASE)
    position = found.start() if found else -1
    if position <= 0:
        return ""
    before = first[:position].split()
    brand_words = {w.lower() for w in brand.split()}
    words = [w for w in before if w.lower() not in brand_words]
    return " ".join(words[:5])  # a title without a known brand starts with it: keep it whole


def _points(plan: ContentPlan, inventory: Inventory) -> list[Point]:
    """Each selling fact with the benefit its own fact unlocked; facts with a benefit first."""
    book = load_benefits()
    planned = [b.text for b in plan.benefits]  # in the account's order, so shops word a fact differently
    points: list[Point] = []
    used: set[str] = set()
    # the product word and its other names sell too when a benefit says what they are (微喇裤 → 裤脚自然展开)
    names = [plan.category, *inventory.kinds] if plan.lang == "zh" else []
    for phrase in [*inventory.features, *inventory.suits, *inventory.specs, *inventory.variants, *names]:
        # the benefit this very value unlocks (a multi-value attribute's values share one source field)
        entries = book.entries_for(_unlocking(phrase), phrase.label, phrase.text)
        unlocked = {text: entry for entry in entries for text in entry.phrases(plan.lang)}
        mine = [b for b in planned if b in unlocked]
        if is_part(phrase):  # a part's material (case back, lining, sole) says nothing about the whole product;
            mine = [b for b in mine if unlocked[b].key]  # what its measure states does ("a low heel")
        benefit = next((b for b in mine if b not in used and _adds(b, phrase.text)), "")
        if benefit:
            used.add(benefit)
        if phrase in names and not benefit:
            continue
        label = _label_for(unlocked[benefit], benefit, plan.lang, phrase) if benefit else ""
        points.append(Point(phrase, benefit, label, bool(benefit) and bool(unlocked[benefit].key)))
    points.sort(key=lambda point: not point.benefit)
    return [p for i, p in enumerate(points) if not any(covered(p.fact.text, q.fact.text) for q in points[:i])]


def _unlocking(phrase: Phrase) -> str:
    """The text the planner matched the value's entries against: the value and its canonical form ("formal
    formal" for a lone "Formal"), or for a yes-valued feature its name and the yes ("calendar yes")."""
    if phrase.label and phrase.label == phrase.text:
        return f"{phrase.text} yes {phrase.text}"
    return f"{phrase.text} {phrase.text}"


_COMPONENT = re.compile(
    r"\b(?:back|strap|band|lining|inner|sole|insole|bezel|case|pouch|lid|seal|handle|buckle|trim|filling|frame|"
    r"cover|tip|heel|lace|shaft)\b|表带|表壳|内里|里料|内衬|鞋底|鞋垫|杯盖|盖子|把手|填充|边框",
    re.IGNORECASE,
)
def is_part(phrase: Phrase) -> bool:
    """A part's attribute (lining, sole, strap, case back): not what the product as a whole is or is made of."""
    return bool(_COMPONENT.search(phrase.label))


_FILLER_WORDS = frozenset({"a", "an", "the", "easy", "style", "look", "design", "finish", "detail", "details", "with",
                           "for", "occasion", "occasions"})  # "for formal occasions" says only "Formal"
_FILLER_CHARS = frozenset("设计风格款式型领口感的")


def _adds(benefit: str, fact: str) -> bool:
    """Whether a benefit says more than its fact ("easy casual style" for Casual and 圆领领口 for 圆领 do not)."""
    if has_cjk(benefit):
        return len(set(benefit) - set(fact) - _FILLER_CHARS) >= 2
    return bool(words_of(benefit) - words_of(fact) - _FILLER_WORDS)


_TRIM_LABEL = re.compile(r"点缀$|\b(?:detail|trim)$", re.IGNORECASE)


def _label_for(entry: BenefitEntry, benefit: str, lang: str, fact: Phrase) -> str:
    """The entry's benefit-led label for a point, never the body or the fact said again, and no trim label
    (【网纱点缀】) for the fabric the whole garment is made of (材质: 网纱)."""
    labels = [label for label in entry.label.get(lang, []) if label not in (benefit, fact.text)
              and not (fact.kind == "material" and not is_part(fact) and _TRIM_LABEL.search(label))]  # fmt: skip
    return labels[0] if labels else ""
