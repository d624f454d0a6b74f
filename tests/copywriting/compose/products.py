"""Products as a merchant imports them, shared by the composer tests."""

from __future__ import annotations

from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.records import ProductRecord
from shopforge.copywriting.plan import AccountProfile, ContentPlan, ProductInput, plan_content


def product(
    title: str, brand: str | None, categories: list[str], attributes: list[tuple[str, str]], sku: str = "SKU-1"
) -> ProductInput:
    record = ProductRecord(sku=sku, title=title, line=1, brand=brand, categories=categories, attributes=attributes)
    return ProductInput(record.sku, record.title, record.brand, record.categories, facts_for_record(record))


def plan_for(item: ProductInput, platform: str, lang: str, kind: str, account: str = "shop") -> ContentPlan:
    return plan_content(item, AccountProfile(account, platform, lang), kind)


MUG = product(
    "Borosilicate Glass Coffee Mug 450 ml",
    "Clearbrew",
    ["Drinkware", "Mugs"],
    [("capacity", "450 ml"), ("material", "borosilicate glass"), ("dishwasher safe", "yes"), ("colour", "clear")],
)
CUP = product(
    "禾川 真空保温杯 750ml 304不锈钢 黑色",
    "禾川",
    ["杯壶", "保温杯"],
    [("容量", "750ml"), ("材质", "304不锈钢"), ("颜色", "黑色"), ("风格", "简约")],
)
JACKET = product(
    "简约 牛仔外套",
    None,
    ["女装"],
    [("类型", "上衣"), ("材质", "牛仔布"), ("颜色", "白色"), ("风格", "简约"), ("图案", "刺绣"), ("衣样式", "外套"),
     ("衣款式", "破洞")],
)  # fmt: skip
TOP = product(
    "Kaaryah Casual Festive Party V Neck Floral Print Layered Top",
    "Kaaryah",
    ["Clothing", "Women's Clothing", "Tops"],
    [("Occasion", "Casual, Festive, Party"), ("Neck", "V Neck"), ("Pattern", "Floral Print"),
     ("Number of Contents in Sales Package", "Pack of 1"), ("Fabric", "Need to confirm"), ("Color", "Blue")],
)  # fmt: skip
BOOTS = product(
    "Steppings Trendy Boots",
    None,
    ["Footwear", "Women's Footwear", "Casual Shoes"],
    [("Ideal For", "Women"), ("Occasion", "Casual"), ("Outer Material", "Synthetic Leather"), ("Closure", "Zipper"),
     ("Lining", "Non Leather"), ("Sole Material", "TPR"), ("Heel Height", "1 inch"), ("Color", "Tan"),
     ("", "1 Pair of Shoes")],
)  # fmt: skip
WATCH = product(
    "Colat COLAT_MW20 Sheen Analog Watch - For Men, Women, Boys, Girls",
    None,
    ["Watches", "Wrist Watches"],
    [("Type", "Analog"), ("Ideal For", "Men, Women, Boys, Girls"), ("Occasion", "Formal, Casual"),
     ("Date Display", "Yes, Day and Date Display"), ("", "1 Year Manufacture"), ("Dial Shape", "Round"),
     ("Strap Color", "Silver"), ("Dial Color", "Beige"), ("Water Resistant", "Yes"),
     ("Water Resistance Depth", "70 m"), ("Strap Material", "Metal Strap")],
)  # fmt: skip
DRESS = product(
    "显瘦 蕾丝 背带裙 连衣裙 百褶 喇叭袖",
    None,
    ["裙"],
    [("类型", "裙"), ("版型", "显瘦"), ("材质", "蕾丝"), ("裙型", "百褶"), ("裙型", "背带裙"), ("裙长", "连衣裙"),
     ("风格", "知性"), ("风格", "复古"), ("裙袖型", "喇叭袖")],
)  # fmt: skip
