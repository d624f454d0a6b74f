"""The rules added to the Chinese packs by coverage audits (cn_ad_law 2.1 to 2.4, cn_common 1.4), in both
directions, through the verifier; the core landscape is in test_cn_claim_packs.py."""

from __future__ import annotations

import pytest
from tests.copywriting.verify.test_cn_claim_packs import claim_rules

from shopforge.knowledge.rulepacks import load_pack

# ------------------------------------------------------------------ cn_ad_law 2.1.0 / cn_common 1.4.0
# Rules added from the law, SAMR guidance and penalty-decision categories; each phrase is a variant, not a copy
# of a labelled case in bench/claim_cases or bench/claim_cases_c.

VIOLATING_2_1 = [
    # Art. 9(2): 国家品牌, organs' supply in either order, state guests, implied organs, officials, state media
    ("入选国家品牌的电饭煲", "cn_ad_law.art9_2.state_organs"),
    ("专供国家机关的茶叶", "cn_ad_law.art9_2.special_supply"),
    ("大会堂特供白酒", "cn_ad_law.art9_2.special_supply"),
    ("国宾接待专用茶具", "cn_ad_law.art9_2.state_organs"),
    ("北京有个部门开会喝的就是这款", "cn_ad_law.art9_2.state_organs"),
    ("首长都在用的保温杯", "cn_ad_law.art9_2.state_organs"),
    ("人民网推荐品牌", "cn_ad_law.art9_2.state_organs"),
    ("机关食堂专供大米", "cn_ad_law.art9_2.state_organs"),
    ("质量免检 放心选购", "cn_ad_law.art9_2.state_organs"),
    # Art. 9(3) wording beyond the 56-term list; Art. 9 political events
    ("至尊无敌的低音炮", "cn_ad_law.art9_3.absolute_wording"),
    ("行业领先的降噪算法", "cn_ad_law.art9_3.absolute_wording"),
    ("献礼建党百年纪念酒", "cn_ad_law.art9.political_events"),
    ("喜迎二十大 特惠套餐", "cn_ad_law.art9.political_events"),
    # Art. 9(7) innuendo, joke medicines, insults
    ("很黄很暴力的漫画T恤", "cn_ad_law.art9_7.vulgarity"),
    ("今晚让你难以抗拒的香水", "cn_ad_law.art9_7.vulgarity"),
    ("老婆听话丸 整蛊糖", "cn_ad_law.art9_7.vulgarity"),
    ("夺命散 恶搞零食", "cn_ad_law.art9_7.vulgarity"),
    ("买不起的别进直播间", "cn_ad_law.art9_7.vulgarity"),
    ("20周岁以下，我不卖", "cn_ad_law.art9_7.vulgarity"),
    # Art. 9(8) geomancy and luck
    ("摆放客厅可藏风聚气", "cn_ad_law.art9_8.superstition"),
    ("佩戴后助旺桃花运", "cn_ad_law.art9_8.superstition"),
    ("挂在门口财源广进", "cn_ad_law.art9_8.superstition"),
    # Art. 17 disease and medical wording
    ("针对湿疹肌肤的身体乳", "cn_ad_law.art17.disease_claims"),
    ("贴上后膝盖再也不疼了", "cn_ad_law.art17.disease_claims"),
    ("适合三高人群的燕麦", "cn_ad_law.art17.disease_claims"),
    ("刷酸焕肤水", "cn_ad_law.art17.medical_terms"),
    ("止脱育发精华", "cn_ad_law.art17.medical_terms"),
    ("促进血液循环的暖脚宝", "cn_ad_law.art17.medical_terms"),
    ("药王古方膏", "cn_ad_law.art17.medical_terms"),
    # Art. 18 / Food Safety Law Art. 73 health functions of ordinary food
    ("增高奶粉 青少年", "cn_ad_law.art18.health_function"),
    ("减肥咖啡 饱腹感强", "cn_ad_law.art18.health_function"),
    ("每天一杯血管更通畅", "cn_ad_law.art18.health_function"),
    ("吃了也不会胖的蛋糕", "cn_ad_law.art18.health_function"),
    # Art. 16/18/28/38 endorsements
    ("营养专家推荐的早餐粉", "cn_ad_law.art16_18.medical_endorsement"),
    ("传承人秘制的膏药", "cn_ad_law.art16_18.medical_endorsement"),
    ("宝妈群里都在用的湿巾", "cn_ad_law.art28.unverifiable_endorsement"),
    ("明星私下也在用的面霜", "cn_ad_law.art28.unverifiable_endorsement"),
    # Art. 28 effect speed, Art. 24 guarantees, Art. 11 data
    ("3分钟止痒的喷雾", "cn_ad_law.art28.guaranteed_efficacy"),
    ("学不会免费重学", "cn_ad_law.art24.education_guarantee"),
    ("每3个人就有1个在用", "cn_ad_law.art11.unsourced_statistics"),
    # cn_common 1.4.0: fake prizes and buying frenzy
    ("恭喜获奖，点击领取", "taobao.false_promo.fake_prize"),
    ("全民疯抢的爆款", "taobao.false_promo.sales_hype"),
    ("下播就恢复", "taobao.price.false_comparison"),
]


@pytest.mark.parametrize(("text", "rule"), VIOLATING_2_1)
def test_violating_phrase_of_the_2_1_rules_reports_its_rule(text: str, rule: str) -> None:
    assert rule in claim_rules(text)


CLEAN_2_1 = [
    # the same characters across a word boundary, or a literal meaning
    "DC降压模块 12V转5V",
    "冬天去火锅店必备的围巾",
    "肥牛叉烧双拼饭 料理包",
    "你丫头片子 搞笑T恤",
    "一只叫做爱丽丝的猫 绘本",
    "零基础学做AI绘画",
    "生意兴旺业绩长虹 开业花篮",
    "尊重生命理念的有机农场",
    "修改命名规则的说明",
    "育苗方便的育苗盘",
    "防止脱落的硅胶耳帽",
    "增高鞋垫 隐形内增高3cm",
    "冲锋衣防泼水，小雨也不湿身",
    "妊娠母猪饲料 40kg",
    "育肥猪全价配合饲料",
    "防骚扰电话拦截器",
    "文人骚客的书房摆件",
    "肥猪肉 农家土猪",
    "养心殿文创书签",
    "盔甲护心镜 道具",
    "明目张胆的可爱卫衣",
    "公益气球 活动用品",
    "这条裙子显白一个度",
    "稳定血压计 读数准确",
    "预防敏感信息泄露的防窥膜",
    # designations, goals, names, symbols, service
    "非遗传承人亲手烧制的青瓷杯",
    "致力于成为行业领先的家居品牌",
    "至尊版会员卡套",
    "一流水线生产 品质稳定",
    "四叶草项链 寓意好运",
    "国庆大促 全场包邮",
    "人民大会堂附近的酒店",
    "北京仓发货 当日达",
    "北京的单位同事都说好用",
    "国宾大道旗舰店",
    "按摩椅缓解久坐疲劳",
    "适合炎热夏天的凉席",
    "顾客都夸包装精致",
    "春联 财源滚滚 新年快乐",
]


@pytest.mark.parametrize("text", CLEAN_2_1)
def test_clean_phrase_of_the_2_1_rules_reports_no_claim_rule(text: str) -> None:
    assert claim_rules(text) == set()


def test_new_cn_rules_are_errors_citing_their_article() -> None:
    pack = load_pack("cn_ad_law")
    for rule_id, article in (("art9_3.absolute_wording", "Art. 9(3)"), ("art9.political_events", "Art. 9")):
        rule = pack.rule(rule_id)
        assert rule.severity == "error" and article in rule.source
    common = load_pack("cn_common")
    for rule_id in ("false_promo.fake_prize", "false_promo.sales_hype"):
        assert common.rule(rule_id).severity == "error" and "Art. 8" in common.rule(rule_id).source


# ------------------------------------------------------------------------------------------- cn_ad_law 2.3.0
# Coverage audit against official term lists: the 保健食品功能目录 (27 functions, 2023 wording), the NMPA 化妆品
# 禁用语 lists, disease names and groups (Art. 17), 极限词 lists and the endorsement rules. Each phrase is a variant
# written for this test, not a copy of a labelled bench case.

VIOLATING_2_3 = [
    # 保健食品功能目录: catalogue names and paraphrases on ordinary food
    ("这款燕麦片可以辅助改善记忆", "cn_ad_law.art18.health_function"),
    ("清咽润喉的枇杷膏糖", "cn_ad_law.art18.health_function"),
    ("产后催奶汤料包", "cn_ad_law.art18.health_function"),
    ("高原旅行前喝一罐，预防高原反应", "cn_ad_law.art18.health_function"),
    ("对化学性肝损伤有辅助保护作用的饮品", "cn_ad_law.art18.health_function"),
    ("呵护胃粘膜的猴头菇饼干", "cn_ad_law.art18.health_function"),
    ("有助于维持血糖健康水平的杂粮粉", "cn_ad_law.art18.health_function"),
    ("健胃消食的山楂条", "cn_ad_law.art18.health_function"),
    ("促进儿童生长发育的奶粉", "cn_ad_law.art18.health_function"),
    ("口服美白丸 30粒", "cn_ad_law.art18.health_function"),
    ("每天喝一杯，喝出好气色", "cn_ad_law.art18.health_function"),
    ("醒酒护肝的葛根茶", "cn_ad_law.art18.health_function"),
    # 化妆品禁用语: medical, pharmaceutical and cell words, famous physicians
    ("汉方草本洗发露", "cn_ad_law.art17.medical_terms"),
    ("苗方祛痘膏", "cn_ad_law.art17.medical_terms"),
    ("华佗古方精华油", "cn_ad_law.art17.medical_terms"),
    ("干细胞修护面霜", "cn_ad_law.art17.medical_terms"),
    ("舒敏修护精华", "cn_ad_law.art17.medical_terms"),
    ("细胞再生 焕活肌肤", "cn_ad_law.art17.medical_terms"),
    ("媲美微整的提拉面膜", "cn_ad_law.art17.medical_terms"),
    ("防菌面膜", "cn_ad_law.art17.antibacterial"),
    ("淡化妊娠纹的按摩油", "cn_ad_law.art17.disease_claims"),
    ("改善酒糟鼻的精华", "cn_ad_law.art17.disease_claims"),
    # Art. 17 disease names and groups
    ("痛风患者专用的护膝", "cn_ad_law.art17.disease_claims"),
    ("颈椎病人群必备的枕头", "cn_ad_law.art17.disease_claims"),
    ("坚持饮用可以改善脂肪肝", "cn_ad_law.art17.disease_claims"),
    ("告别耳鸣的助听耳贴", "cn_ad_law.art17.disease_claims"),
    # 极限词 beyond the core list
    ("殿堂级音质的音箱", "cn_ad_law.art9_3.absolute_wording"),
    ("国货天花板级别的口红", "cn_ad_law.art9_3.absolute_wording"),
    ("全球首款折叠吹风机", "cn_ad_law.art9_3.absolute_wording"),
    ("行业首创的静音技术", "cn_ad_law.art9_3.absolute_wording"),
    ("性能秒杀全网", "cn_ad_law.art13.disparagement"),
    # endorsements (Art. 38; 互联网广告管理办法 and Jiangsu's endorsement guide: hosts are endorsers)
    ("主播亲测的卸妆油", "cn_ad_law.art38.celebrity_endorsement"),
    ("博主实测的防晒霜", "cn_ad_law.art38.celebrity_endorsement"),
    ("宝妈亲测的辅食机", "cn_ad_law.art28.unverifiable_endorsement"),
]


@pytest.mark.parametrize(("text", "rule"), VIOLATING_2_3)
def test_violating_phrase_of_the_2_3_audit_reports_its_rule(text: str, rule: str) -> None:
    assert rule in claim_rules(text)


CLEAN_2_3 = [
    # materials, product categories and names that share the characters
    "304不锈钢锅体 表面抗氧化涂层",
    "食品级抗氧化剂 维生素E",
    "维生素E有抗氧化作用",
    "钙是骨骼和牙齿的主要成分，并维持骨密度",
    "酒红色醒酒器 水晶玻璃",
    "宝宝增高椅 餐椅坐垫",
    "内增高运动鞋",
    "润喉糖 薄荷味 独立包装",
    "取消食品订单请联系客服",
    "催乳师上门服务",
    "放下奶瓶，让宝宝自己吃饭",
    "孩子长高了，衣服要买大一码",
    "西藏方向的自驾路线图",
    "检验方法按GB/T 2828执行",
    "修复方案由工程师确认",
    "男子汉方便面 大份量",
    "李时珍的故事 儿童绘本",
    "首创集团旗下物业",
    "本店首款联名T恤",
    "王者荣耀主题手机壳",
    "天花板吸顶灯 安装简便",
    "防止高反光的警示面料",
    "告别炎热，清凉一夏",
    "感染力十足的演讲课",
    "空调除湿模式 静音",
    "包装瘦身 更环保",
    "一键换肤的智能手表",
    "水果表皮无斑点 新鲜采摘",
    # free-of statements, devices and the cosmetic efficacy claims the 2021 classification permits
    "不含激素，温和配方",
    "零添加抗生素的鸡蛋",
    "蒸汽眼罩 缓解眼疲劳",
    "泡脚桶 消除一天的疲劳",
    "美白精华 特证备案",
    "祛痘洁面乳 控油清爽",
    "小编亲自试穿 尺码建议",
    "去除过敏原的空气净化器（检测报告见详情）",
]


@pytest.mark.parametrize("text", CLEAN_2_3)
def test_clean_phrase_of_the_2_3_audit_reports_no_claim_rule(text: str) -> None:
    assert claim_rules(text) == set()


def test_2_3_audit_rules_name_their_official_list() -> None:
    pack = load_pack("cn_ad_law")
    assert "保健食品功能目录" in pack.rule("art18.health_function").source
    assert "化妆品禁用语" in pack.rule("art17.medical_terms").source
    assert "极限词" in pack.rule("art9_3.absolute_wording").source
    assert all(rule.severity == "error" for rule in pack.rules)


@pytest.mark.parametrize("text", ["最好用的保温杯，温水冲泡不挂味", "我们店铺最低价，全网最大容量"])
def test_advice_and_shop_contexts_do_not_hide_a_ranking(text: str) -> None:
    assert "cn_ad_law.absolute_terms" in claim_rules(text)


# ----------------------------------------------------------------------------------------- cn_ad_law 2.4
# Gaps the blind set bench/claim_cases_d showed, written as variants: tobacco (Art. 22), drink-driving and drink
# effects (Art. 23), vague rivals (Art. 13), officials, counted shares and experts who all recommend.

VIOLATING_2_4 = [
    ("薄荷味电子烟烟弹，口感顺滑", "cn_ad_law.art22.tobacco"),
    ("无需充电的一次性电子烟", "cn_ad_law.art22.tobacco"),
    ("这款白酒喝完开车回家也不累", "cn_ad_law.art23.alcohol_excess"),
    ("啤酒越喝越精神，加班必备", "cn_ad_law.art23.alcohol_excess"),
    ("千万别买网上九块九那种面膜", "cn_ad_law.art13.disparagement"),
    ("比某大牌精华好用十倍", "cn_ad_law.art13.disparagement"),
    ("其他品牌猫粮偷偷添加诱食剂", "cn_ad_law.art13.disparagement"),
    ("我们县的领导都来店里视察了，这款热泵政府都推荐装", "cn_ad_law.art9_2.state_organs"),
    ("经调查，每10个家庭就有7个选择了我们的净水器", "cn_ad_law.art11.unsourced_statistics"),
    ("知名院士都推荐的护目镜", "cn_ad_law.art38.expert_endorsement"),
]


@pytest.mark.parametrize(("text", "rule"), VIOLATING_2_4)
def test_violating_phrase_of_the_2_4_rules_reports_its_rule(text: str, rule: str) -> None:
    assert rule in claim_rules(text)


@pytest.mark.parametrize("text", ["戒烟糖，帮你远离香烟", "烟灰色卫衣", "咖啡提神，加班必备", "比上一代好用两倍"])
def test_tobacco_alcohol_and_disparagement_rules_leave_ordinary_copy(text: str) -> None:
    rules = claim_rules(text)
    assert not rules & {"cn_ad_law.art22.tobacco", "cn_ad_law.art23.alcohol_excess", "cn_ad_law.art13.disparagement"}
