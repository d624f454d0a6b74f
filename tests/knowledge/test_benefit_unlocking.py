"""What unlocks what in the benefit library: an entry unlocks on the products whose facts state it, and not on
look-alike words (皮 in 皮肤, "lid" in "solid"), brands or the sample catalogue's other facts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from tests.helpers import product_facts, unlocked_entries

from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.readers import read_catalog
from shopforge.facts.model import Fact

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "catalog.jsonl"


@cache
def _sample_facts() -> dict[str, list[Fact]]:
    return {record.sku: facts_for_record(record) for record in read_catalog(SAMPLES).records}


@pytest.mark.parametrize(
    ("attributes", "unlocked", "not_unlocked"),
    [
        ([("care", "Dishwasher safe")], {"dishwasher safe"}, set()),
        ([("Pattern", "Solid"), ("Design", "Pocket")], {"pockets", "solid"}, {"leather"}),
        ([("Feature", "Pocket-sized")], set(), {"pockets"}),
        ([("Straps", "Transparent straps")], set(), {"clear transparent"}),
        ([("Type", "Slimming gel")], set(), {"slim fit"}),
        ([("面料特点", "贴近皮肤"), ("风格", "调皮")], set(), {"leather"}),
        ([("裤款式", "木耳边")], {"木耳边"}, {"wooden", "ruffle"}),  # its own trim, not 荷叶边 (round h)
        # what a measure states: by the attribute's name and value, not by a word in it
        ([("Heel Height", "1 inch")], {"low heel"}, set()),
        ([("Heel Height", "3 inch"), ("Width", "0.5 inch")], set(), {"low heel"}),
        ([("Water Resistance Depth", "30 m")], {"splash resistant"}, {"swim-proof"}),
        ([("Water Resistance Depth", "100 m")], {"swim-proof"}, {"splash resistant"}),
        ([("Height", "100 m")], set(), {"swim-proof"}),
        ([("Style", "Bollywood"), ("Brand", "Woodland")], set(), {"wooden"}),
        ([("Handle", "Wood")], {"wooden"}, set()),
        ([("质地", "清爽不粘腻")], set(), {"nonstick"}),
        ([("材质", "铝合金+不粘涂层")], {"nonstick"}, set()),
        ([("Type", "Kettlebell")], set(), {"electric kettle"}),
        ([("Type", "Kettle")], {"electric kettle"}, set()),
        ([("Ruling", "Unruled")], set(), {"ruled ruled"}),
        ([("Ruling", "Ruled")], {"ruled ruled"}, set()),
        ([("Closure", "Laced")], {"lace-up"}, set()),
        ([("Covered in Warranty", "Defective parts are replaced")], set(), {"lace-up"}),
        ([("Care", "Never machine wash or tumble dry")], set(), {"gentle machine wash", "tumble dry low"}),
        ([("Fabric Care", "Gentle Machine Wash in Lukewarm Water, Do Not Bleach")], {"gentle machine wash"}, set()),
        ([("外套", "可拆洗")], {"removable cover"}, set()),
        ([("外套", "不可拆洗")], set(), {"removable cover"}),
        ([("材质", "记忆棉"), ("填充", "海绵")], set(), {"cotton"}),
        ([("Sensor", "Fingerprint unlock")], set(), {"printed"}),
        ([("Material", "Pleather")], set(), {"pleated"}),
        ([("Stone", "Rose Quartz")], set(), {"quartz movement"}),
        ([("Mechanism", "Japanese Quartz")], {"quartz movement"}, set()),
        ([("Fabric", "Prototype cotton blend")], {"cotton"}, {"usb-c"}),
        ([("Interface", "Type-C")], {"usb-c"}, set()),
        ([("Battery", "Non-rechargeable")], set(), {"rechargeable via"}),
        ([("Appliance", "Induction cooker")], set(), {"induction compatible"}),
        ([("裙下摆", "开叉")], {"side slit"}, set()),
        ([("衣袖型", "开叉袖")], set(), {"side slit"}),
        # 2026.12.06: Taobao apparel styles, patterns, cuts and trims
        ([("图案", "线条"), ("风格", "清新"), ("图案", "撞色")], {"线条", "清新", "撞色"}, set()),
        ([("图案", "拼色"), ("风格", "性感"), ("图案", "条纹")], {"撞色", "性感", "条纹"}, set()),
        ([("风格", "潮")], {"潮 潮"}, set()),
        ([("风格", "潮流")], {"潮 潮"}, set()),
        ([("功能", "防潮"), ("环境", "潮湿")], set(), {"潮 潮"}),
        ([("裙款式", "拼接"), ("风格", "文艺"), ("材质", "蕾丝")], {"拼接", "文艺", "蕾丝"}, set()),
        ([("Type", "Necklace"), ("Laces", "Shoelace")], set(), {"蕾丝"}),
        ([("风格", "青春")], {"青春 青春"}, set()),
        ([("适用", "青春痘肌肤")], set(), {"青春 青春"}),
        (
            [("图案", "蝴蝶结"), ("衣领型", "翻领"), ("裙腰型", "高腰"), ("裙款式", "收腰")],
            {"蝴蝶结", "翻领", "高腰", "收腰"},
            set(),
        ),
        (
            [("风格", "淑女"), ("材质", "网纱"), ("图案", "字母"), ("风格", "知性")],
            {"淑女", "网纱", "字母", "知性"},
            set(),
        ),
        ([("图案", "文字")], {"文字 文字"}, set()),
        ([("说明", "文字说明")], set(), {"文字 文字"}),
        ([("图案", "格子"), ("裙下摆", "花边")], {"格子 格子", "花边"}, set()),
        ([("类型", "格子收纳盒")], set(), {"格子 格子"}),
        ([("材质", "水洗")], {"水洗 水洗"}, set()),
        ([("洗涤", "可水洗")], set(), {"水洗 水洗"}),
        ([("裙款式", "抽褶")], {"抽褶"}, {"drawstring"}),
        ([("裤型", "直筒裤"), ("Type", "Straight")], {"直筒裤"}, set()),
        ([("杯型", "直筒杯")], set(), {"直筒裤"}),
        ([("裙款式", "腰带")], {"腰带 腰带"}, set()),
        ([("裤腰型", "松紧腰带")], {"elastic waist"}, {"腰带 腰带"}),
        ([("衣款式", "纽扣"), ("衣门襟", "双排扣"), ("Closure", "Button")], {"纽扣 纽扣"}, set()),
        ([("电池", "纽扣电池")], set(), {"纽扣 纽扣"}),
        ([("图案", "波点"), ("风格", "运动")], {"波点", "运动 运动"}, set()),
        ([("类型", "运动水杯")], set(), {"运动 运动"}),
        ([("裤长", "九分裤")], {"九分裤"}, set()),
        ([("裙款式", "不规则")], {"不规则"}, {"不对称"}),
        ([("裙款式", "不对称")], {"不对称"}, {"不规则"}),
        ([("裙款式", "对称"), ("形状", "规则")], set(), {"不对称", "不规则"}),
        ([("风格", "高贵"), ("风格", "街头"), ("风格", "嘻哈")], {"高贵", "街头"}, set()),
        ([("衣袖型", "喇叭袖"), ("裙款式", "勾花镂空"), ("裙型", "鱼尾裙")], {"喇叭袖", "镂空", "鱼尾裙"}, set()),
        ([("功效", "淡化鱼尾纹")], set(), {"鱼尾裙"}),
        ([("Feature", "Thermal cut-out")], set(), {"镂空"}),
        (
            [("裙款式", "吊带"), ("衣长", "短款"), ("衣袖型", "落肩袖"), ("衣领型", "立领")],
            {"吊带裙", "短款", "落肩", "立领"},
            set(),
        ),
        ([("类型", "吊带袜")], set(), {"吊带裙"}),
        ([("裙型", "包臀裙"), ("风格", "ol"), ("风格", "职场"), ("风格", "通勤")], {"包臀", "通勤"}, set()),
        ([("类别", "职场技能")], set(), {"通勤"}),
        (
            [("衣款式", "罗纹"), ("衣袖型", "灯笼袖"), ("裙袖型", "泡泡袖"), ("裙袖长", "七分袖")],
            {"罗纹", "灯笼袖", "泡泡袖", "七分袖"},
            set(),
        ),
        ([("瓶口", "螺纹口")], set(), {"罗纹"}),
        (
            [("衣袖长", "短袖"), ("风格", "英伦"), ("图案", "卡通"), ("裙款式", "亮片"), ("裙款式", "钉珠")],
            {"短袖", "英伦", "卡通", "亮片", "钉珠"},
            set(),
        ),
        (
            [("裤款式", "破洞"), ("裤口", "毛边"), ("裤口", "小脚"), ("裤口", "微喇裤"), ("裙款式", "绑带")],
            {"破洞 破洞", "毛边 毛边", "小脚 小脚", "微喇", "绑带 绑带"},
            set(),
        ),
        (
            [
                ("特点", "不易破洞"),
                ("特点", "不起毛边"),
                ("款式", "宝宝小脚丫"),
                ("部件", "喇叭"),
                ("类型", "弹力绑带"),
            ],
            set(),
            {"破洞 破洞", "毛边 毛边", "小脚 小脚", "微喇", "绑带 绑带"},
        ),
        # Flipkart occasions, uppers, sleeves and watches
        ([("Occasion", "Formal")], {"formal formal"}, set()),
        ([("Occasion", "Casual, Party-Wedding, Formal")], {"formal formal", "party party", "casual"}, set()),
        ([("Occasion", "Formal, Casual")], {"formal formal", "casual"}, set()),
        ([("Occasion", "Informal")], set(), {"formal formal"}),
        ([("Occasion", "Casual, Informal")], {"casual"}, {"formal formal"}),
        ([("Occasion", "Sports, Casual"), ("Occasion", "Casual, Sports")], {"运动 运动"}, set()),
        ([("Occasion", "Casual, Party"), ("Occasion", "Festive")], {"party party"}, set()),
        ([("Warranty", "Third party warranty")], set(), {"party party"}),
        ([("Outer Material", "Suede")], {"suede"}, set()),
        ([("Outer Material", "Patent Leather")], {"patent leather", "leather"}, set()),
        ([("Outer Material", "Canvas")], {"canvas canvas"}, set()),
        ([("Sleeve", "3/4 Sleeve"), ("Sleeve", "Half Sleeve")], {"七分袖", "短袖"}, set()),
        ([("Collar", "Mandarin Collar"), ("Pattern", "Colour Block")], {"立领", "撞色"}, set()),
        ([("Type", "Analog")], {"analog analog"}, {"digital digital"}),
        ([("Type", "Digital")], {"digital digital"}, {"analog analog"}),
        ([("Type", "Analog-Digital")], {"analog analog", "digital digital"}, set()),
        ([("Type", "Digital Camera"), ("Output", "Analog output")], set(), {"analog analog", "digital digital"}),
        (
            [("Scratch Resistant", "Yes"), ("Shock Resistance", "Yes"), ("Compass", "Yes")],
            {"scratch resistant", "shock resistant", "compass yes"},
            set(),
        ),
        (
            [("Scratch Resistant", "No"), ("Shock Resistance", "No"), ("Compass", "No")],
            set(),
            {"scratch resistant", "shock resistant", "compass yes"},
        ),
        ([("Water Resistant", "Yes"), ("Calendar", "Yes")], {"waterproof", "date display"}, set()),
        ([("Water Resistant", "No"), ("Calendar", "No")], set(), {"waterproof", "date display"}),
    ],
)
def test_entries_unlock_on_the_facts_that_state_them_and_not_on_look_alikes(
    attributes: list[tuple[str, str]], unlocked: set[str], not_unlocked: set[str]
) -> None:
    found = unlocked_entries(product_facts(attributes))
    assert unlocked <= found
    assert not found & not_unlocked


def test_a_brand_that_contains_a_material_character_unlocks_nothing_of_it() -> None:
    facts = product_facts([("面料", "聚酯纤维")], title="棉语 卫衣", brand="棉语")
    assert "cotton" not in unlocked_entries(facts)


@pytest.mark.parametrize(
    ("sku", "unlocked", "not_unlocked"),
    [
        ("DW-ZB750-BK", {"stainless", "vacuum"}, {"cotton"}),
        ("DW-BTL-1L", {"leak-proof", "flip lid"}, set()),
        ("DW-GLS-450", {"borosilicate", "clear transparent"}, set()),
        ("KT-PAN-28", {"nonstick"}, set()),
        ("AP-HOODIE-GR", {"cotton", "gentle machine wash", "hooded"}, set()),
        ("AP-TEE-M-WH", {"cotton", "loose fit"}, set()),
        ("SH-BOOT-HIKE", {"waterproof", "leather"}, set()),
        ("SH-SLIP-COTTON", {"anti-slip"}, {"cotton"}),
        ("HT-PILLOW-LATEX", {"removable cover"}, {"cotton"}),
        ("SA-KETTLE-17", {"electric kettle", "stainless"}, set()),
        ("SA-BLEND-PORT", {"usb-c", "stainless"}, set()),
        ("SA-HAIRDRYER", {"concentrator nozzle"}, set()),
        ("BT-BRUSH-SET", {"synthetic bristle", "roll-up pouch", "wooden"}, set()),
        ("BT-MIRROR-LED", {"magnifier", "dimmable", "usb-c"}, set()),
        ("PA-PB-10K", {"usb-c"}, set()),
        ("PA-HOLDER-CAR", {"magnetic closure"}, set()),
        ("ST-NOTE-A5", {"dot grid", "hardcover"}, set()),
        ("ST-PEN-GEL", {"quick-dry ink"}, set()),
        ("OD-LAMP-CAMP", {"ipx4", "usb-c"}, set()),
        ("OD-TENT-2P", set(), {"gentle machine wash", "tumble dry low"}),  # its notes say *never* machine wash
    ],
)
def test_the_sample_catalogue_unlocks_what_its_facts_state(
    sku: str, unlocked: set[str], not_unlocked: set[str]
) -> None:
    found = unlocked_entries(_sample_facts()[sku])
    assert unlocked <= found, unlocked - found
    assert not found & not_unlocked


def test_a_boolean_dishwasher_safe_attribute_unlocks_the_dishwasher_entry() -> None:
    assert "dishwasher safe" in unlocked_entries(_sample_facts()["DW-GLS-450"])
