"""Speed of the verifier on short copies (titles of 30–80 characters), one core, no model.

Builds 2,000 realistic titles per language in this script (seeded, so every run times the same copies):
clean ones and ones carrying typical violations (promo phrases, superlatives, contact details, forbidden
characters, ALL CAPS, over-long Taobao titles, absolute terms …). Times

- compliance alone: ``check_compliance(text, "title", packs, brand=, lang=)``;
- the full verifier: ``Verifier.check`` (compliance + grounding), with ``ProductFacts.build`` done once per
  product, outside the timed loop;

for (amazon, en) and (taobao, zh); if the shared Flipkart catalogue is present its real titles are timed
too (amazon, en). Each figure is the best of ``--repeat`` passes over the whole set, in CPU time of this
process; compliance is also shown for the clean and the flagged copies separately.

    .venv/bin/python bench/verifier_speed.py [--n 2000] [--repeat 5]

Prints a table, then ``verifier_copies_per_s=<n>``: the minimum over the full-verifier configurations.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.copywriting.verify.compliance import check_compliance
from shopforge.facts.model import Fact
from shopforge.facts.normalize import normalize_product

FLIPKART = Path("/work/shared/data/catalog_flipkart_en/products.jsonl")
SEED = 20240611


@dataclass(frozen=True)
class Product:
    title: str
    brand: str | None
    attributes: list[tuple[str, str]]
    categories: list[str]


@dataclass(frozen=True)
class Copy:
    text: str
    product: int  # index into the product list


# ------------------------------------------------------------------------------------------- English

EN_BRANDS = ["Hydro Flask", "Alisha", "FabHomeDecor", "Sicons", "Eternal Gandhi", "Contigo", "BestWay",
             "ACME", "Thermos", "Nivia", "Prestige", "Milton"]
EN_PRODUCTS = [  # (noun, category, material, capacity or size)
    ("Water Bottle", "Kitchen", "Stainless Steel", "750 ml"),
    ("Travel Mug", "Kitchen", "Stainless Steel", "500 ml"),
    ("Cycling Shorts", "Clothing", "Cotton Lycra", "M"),
    ("Sofa Bed", "Furniture", "Fabric", "Double"),
    ("Dog Shampoo", "Pet Supplies", "Herbal", "500 ml"),
    ("Paper Weight", "Office", "Crystal", "200 g"),
    ("Running Shoes", "Footwear", "Mesh", "UK 9"),
    ("Analog Watch", "Watches", "Leather", "40 mm"),
    ("Desk Lamp", "Home", "Aluminium", "12 W"),
    ("Backpack", "Bags", "Polyester", "30 L"),
]
EN_COLOURS = ["Black", "Navy", "Red", "White", "Grey", "Green", "Blue"]
EN_FEATURES = ["Leak Proof Lid", "Wide Mouth", "Flex Cap", "Quick Dry", "Adjustable Strap", "Soft Grip",
               "Non-Slip Sole", "USB Charging", "Water Resistant", "Foldable Design"]
EN_AUDIENCE = ["for Women", "for Men", "for Kids", "for Travel", "for Office", "for Gym"]
EN_VIOLATIONS = [
    "Free Shipping", "Best Seller", "#1 Rated", "Best Price", "SUPER Strong", "Only $19.99", "20% off",
    "www.acme-shop.com", "Limited Time!", "Hot Item", "100% Guaranteed", "Perfect Gift", "保温杯",
    "Call +1 415-555-1234", "Brand New", "Leave a Review", "~ Sale ~", "Cheapest", "World's Best",
]


def english_products(rng: random.Random, n: int) -> list[Product]:
    products = []
    for _ in range(n):
        noun, category, material, size = rng.choice(EN_PRODUCTS)
        brand, colour = rng.choice(EN_BRANDS), rng.choice(EN_COLOURS)
        attributes = [("Material", material), ("Colour", colour), ("Size", size), ("Type", noun)]
        products.append(Product(f"{brand} {material} {noun} {size}, {colour}", brand, attributes, [category]))
    return products


def english_title(rng: random.Random, product: Product, violation: bool) -> str:
    attrs = dict(product.attributes)
    parts = [product.brand or "", attrs["Material"], attrs["Type"]]
    if rng.random() < 0.7:
        parts.append(rng.choice(EN_FEATURES))
    parts.append(rng.choice(EN_AUDIENCE) if rng.random() < 0.5 else attrs["Size"])
    title = " ".join(parts) + (f", {attrs['Colour']}" if rng.random() < 0.6 else "")
    if violation:
        words = title.split(" ")
        words.insert(rng.randrange(1, len(words) + 1), rng.choice(EN_VIOLATIONS))
        title = " ".join(words)
    return _fit(title, 30, 80)


# ------------------------------------------------------------------------------------------- Chinese

ZH_BRANDS = ["膳魔师", "乐扣乐扣", "苏泊尔", "美的", "南极人", "优衣库", "小米", "最好味"]
ZH_PRODUCTS = [  # (noun, category, material, capacity or size)
    ("保温杯", "水杯", "不锈钢", "500ml"),
    ("T恤", "女装", "纯棉", "M"),
    ("手机壳", "数码配件", "硅胶", "6.1英寸"),
    ("电热水壶", "厨房电器", "不锈钢", "1.7L"),
    ("双肩包", "箱包", "尼龙", "30L"),
    ("运动鞋", "鞋靴", "网面", "42码"),
    ("台灯", "家居", "铝合金", "12W"),
    ("连衣裙", "女装", "雪纺", "L"),
]
ZH_COLOURS = ["黑色", "白色", "红色", "蓝色", "灰色"]
ZH_FEATURES = ["新款", "便携", "大容量", "防摔", "透气", "轻便", "百搭", "简约", "男女款", "学生"]
ZH_VIOLATIONS = [
    "最好", "最新款", "销量第一", "极品", "国家级", "全网最低价", "顶级", "加微信abc12345", "电话13812345678",
    "独家", "NO.1", "最美", "<b>热卖</b>", "QQ:12345678", "万能",
]


def chinese_products(rng: random.Random, n: int) -> list[Product]:
    products = []
    for _ in range(n):
        noun, category, material, size = rng.choice(ZH_PRODUCTS)
        brand, colour = rng.choice(ZH_BRANDS), rng.choice(ZH_COLOURS)
        attributes = [("材质", material), ("颜色", colour), ("规格", size), ("品名", noun)]
        products.append(Product(f"{brand}{material}{noun}{size}{colour}", brand, attributes, [category]))
    return products


def chinese_title(rng: random.Random, product: Product, violation: bool) -> str:
    attrs = dict(product.attributes)
    features = rng.sample(ZH_FEATURES, rng.randint(1, 3))
    parts = [product.brand or "", *features, attrs["材质"], attrs["品名"]]
    if rng.random() < 0.6:
        parts.append(attrs["规格"])
    if rng.random() < 0.5:
        parts.append(attrs["颜色"])
    if rng.random() < 0.15:  # a specification, not an absolute claim
        parts.append("最大容量" + attrs["规格"] if attrs["规格"][0].isdigit() else "最小号")
    if violation:
        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(ZH_VIOLATIONS))
    if violation and rng.random() < 0.2:
        parts += ["夏季", "宽松", "百搭", "送礼", "家用", "办公室", "女士", "男士"]  # over 60 GBK bytes
    return "".join(parts)


def _fit(text: str, low: int, high: int) -> str:
    while len(text) < low:
        text += " Set of 2"
    return text if len(text) <= high else text[:high].rsplit(" ", 1)[0]


# ------------------------------------------------------------------------------------------- data sets


def generated(
    lang: str, n: int, products_n: int = 60, violating: float = 0.4
) -> tuple[list[Product], list[Copy]]:
    rng = random.Random(f"{SEED}-{lang}")
    make_products, make_title = (
        (english_products, english_title) if lang == "en" else (chinese_products, chinese_title)
    )
    products = make_products(rng, products_n)
    copies = []
    for _ in range(n):
        index = rng.randrange(len(products))
        copies.append(Copy(make_title(rng, products[index], rng.random() < violating), index))
    return products, copies


def flipkart(n: int) -> tuple[list[Product], list[Copy]] | None:
    if not FLIPKART.is_file():
        return None
    products = []
    for line in FLIPKART.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        attributes = [(a.get("key") or "", a.get("value") or "") for a in record.get("attributes", [])]
        categories = record.get("category_path", [])
        products.append(Product(record["title"], record.get("brand"), attributes, categories))
    copies = [Copy(products[i % len(products)].title, i % len(products)) for i in range(n)]
    return products, copies


# ------------------------------------------------------------------------------------------- timing


def best_of(repeat: int, run: Callable[[], None], count: int) -> float:
    """Best CPU time per item over ``repeat`` passes, in seconds.

    CPU time of this process (one thread, so one core): other jobs on a shared machine inflate wall time
    but not this figure.
    """
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best / max(count, 1)


@dataclass(frozen=True)
class Timing:
    compliance: float  # s/copy, all copies
    compliance_clean: float  # s/copy, copies without a compliance violation
    compliance_flagged: float  # s/copy, copies with one
    verifier: float  # s/copy, Verifier.check
    flagged: int


def measure(platform: str, lang: str, products: list[Product], copies: list[Copy], repeat: int) -> Timing:
    verifier = Verifier(platform, lang)
    facts = [ProductFacts.build(_facts(p), p.brand) for p in products]  # once per product, not timed
    packs = verifier.packs
    pairs = [(c.text, facts[c.product]) for c in copies]
    brands = [(c.text, products[c.product].brand) for c in copies]
    flagged = [bool(check_compliance(t, "title", packs, brand=b, lang=lang)) for t, b in brands]

    def compliance(subset: list[tuple[str, str | None]]) -> Callable[[], None]:
        def run() -> None:
            for text, brand in subset:
                check_compliance(text, "title", packs, brand=brand, lang=lang)

        return run

    def full() -> None:
        for text, fact in pairs:
            verifier.check(text, "title", fact)

    full()  # warm-up: compile packs, build lexicon regexes
    clean = [pair for pair, bad in zip(brands, flagged, strict=True) if not bad]
    dirty = [pair for pair, bad in zip(brands, flagged, strict=True) if bad]
    return Timing(
        best_of(repeat, compliance(brands), len(brands)),
        best_of(repeat, compliance(clean), len(clean)),
        best_of(repeat, compliance(dirty), len(dirty)),
        best_of(repeat, full, len(pairs)),
        sum(flagged),
    )


def _facts(product: Product) -> list[Fact]:
    return normalize_product(title=product.title, brand=product.brand, categories=product.categories,
                             price=None, currency=None, attributes=product.attributes, description=None)


def main() -> None:
    args = _arguments()
    configs: list[tuple[str, str, str, tuple[list[Product], list[Copy]]]] = [
        ("generated", "amazon", "en", generated("en", args.n)),
        ("generated", "taobao", "zh", generated("zh", args.n)),
    ]
    real = flipkart(args.n)
    if real is not None:
        configs.append(("flipkart", "amazon", "en", real))

    header = ("copies", "platform", "lang", "n", "flagged", "chars",
              "compl µs", "clean µs", "flagged µs", "compl /s", "verifier µs", "verifier /s")
    rows = []
    rates = []
    for label, platform, lang, (products, copies) in configs:
        timing = measure(platform, lang, products, copies, args.repeat)
        lengths = sorted(len(c.text) for c in copies)
        rates.append(1 / timing.verifier)
        rows.append((label, platform, lang, f"{len(copies)}", f"{timing.flagged}", f"{lengths[0]}–{lengths[-1]}",
                     f"{timing.compliance * 1e6:.1f}", f"{timing.compliance_clean * 1e6:.1f}",
                     f"{timing.compliance_flagged * 1e6:.1f}", f"{1 / timing.compliance:,.0f}",
                     f"{timing.verifier * 1e6:.1f}", f"{1 / timing.verifier:,.0f}"))
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(f"{cell:>{width}}" for cell, width in zip(row, widths, strict=True)))
    print(f"verifier_copies_per_s={int(min(rates))}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="copies per configuration")
    parser.add_argument("--repeat", type=int, default=5, help="passes per figure; the best is reported")
    return parser.parse_args()


if __name__ == "__main__":
    main()
