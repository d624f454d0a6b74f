from shopforge.facts.claims import ClaimKind, extract_claims


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.span, c.canonical) for c in extract_claims(text)]


def test_spans_are_exact_substrings() -> None:
    text = "Navy blue 100% cotton tee, 750ml, Made in India"
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.span


def test_english_claims() -> None:
    found = kinds("Navy blue stainless steel bottle, 750 ml, pack of 2, CE certified, Made in China")
    assert ("colour", "Navy blue", "navy") in found
    assert ("material", "stainless steel", "stainless_steel") in found
    assert ("origin", "Made in China", "china") in found
    assert ("certification", "CE certified", "ce") in found
    assert [c.kind for c in extract_claims("750 ml, pack of 2")] == [ClaimKind.QUANTITY, ClaimKind.COUNT]


def test_chinese_claims() -> None:
    found = kinds("白色纯棉T恤，两件套，保修1年，中国制造，快2倍")
    assert ("colour", "白色", "white") in found
    assert ("material", "纯棉", "cotton") in found
    assert ("origin", "中国制造", "china") in found
    assert ("comparative", "快2倍", "2x") in found
    warranty = [c for c in extract_claims("保修1年") if c.kind is ClaimKind.WARRANTY]
    assert warranty and warranty[0].quantity is not None and warranty[0].quantity.magnitude == 1


def test_comparatives_in_english() -> None:
    found = kinds("2x faster charging and 50% more battery")
    assert ("comparative", "2x faster", "2x") in found
    assert ("comparative", "50% more", "50%") in found


def test_material_share_is_part_of_the_material_claim() -> None:
    (claim,) = extract_claims("98% Cotton")
    assert claim.kind is ClaimKind.MATERIAL and claim.percent == 98


def test_ordinary_words_are_not_claims() -> None:
    assert kinds("Solid Women's Cycling Shorts Set") == []
    assert kinds("白领必备的黑科技，纯色设计") == []  # 白领 / 黑科技 / 纯色 are not colours
    assert kinds("Rose Artificial Plant with Silver Finish") == []  # flower and finish, not colours


def test_weak_colour_needs_a_colour_word() -> None:
    assert kinds("Gold colour strap")[0][:2] == ("colour", "Gold")


def test_brand_like_tokens() -> None:
    found = kinds("Alisha Cotton Shorts, style ALTHT_3P_21")
    assert ("brand", "Alisha", "alisha") in found
    assert ("brand", "ALTHT_3P_21", "altht_3p_21") in found
    assert ("material", "Cotton", "cotton") in found  # a material, not a brand
    assert ("brand", "Samsung", "samsung") in kinds("Samsung charger")
    assert ("brand", "fiveplus", "fiveplus") in kinds("这款fiveplus牛仔裤")
    assert kinds("这款polo衫") == []


def test_placeholders_are_not_brands() -> None:
    assert [k for k in kinds("穿着<UNK>舒适") if k[0] == "brand"] == []
