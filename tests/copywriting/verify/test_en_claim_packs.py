"""English claim packs (amazon, shopify, en_claims) through the verifier: violations by rule id, clean copy."""

from __future__ import annotations

import pytest

from shopforge.copywriting.verify import ProductFacts, Severity, Verifier, Violation

NO_FACTS = ProductFacts.build([], None)
PLATFORMS = ("amazon", "shopify")


def violations(text: str, platform: str, kind: str = "description") -> list[Violation]:
    return Verifier(platform, "en").check(text, kind, NO_FACTS).violations


def rule_ids(text: str, platform: str, kind: str = "description") -> list[str]:
    return [v.rule for v in violations(text, platform, kind)]


DISEASE = "en_claims.health.disease_claims"
WELLNESS = "en_claims.health.wellness_claims"
EVIDENCE = "en_claims.health.evidence_claims"
DRUG = "en_claims.drug.claims"
PESTICIDE = "en_claims.pesticide.claims"
ENVIRONMENT = "en_claims.environment.claims"

# Claims US law forbids on any platform: one rule, one span, on amazon and shopify alike.
LAW_CASES = [
    ("Cures arthritis in two weeks", DISEASE, "Cures arthritis"),
    ("Relieves arthritis pain naturally", DISEASE, "Relieves arthritis"),
    ("Lowers blood pressure and cholesterol", DISEASE, "Lowers blood pressure"),
    ("Lowers blood sugar", DISEASE, "Lowers blood sugar"),
    ("Anti-cancer herbal blend", DISEASE, "Anti-cancer"),
    ("Anti-inflammatory turmeric capsules", DISEASE, "Anti-inflammatory"),
    ("Protects against COVID-19", DISEASE, "COVID-19"),
    ("Coronavirus protection spray", DISEASE, "Coronavirus"),
    ("Helps reduce inflammation after exercise", DISEASE, "reduce inflammation"),
    ("Natural remedy for anxiety", DISEASE, "Natural remedy for"),
    ("Prevents hair loss and thinning", DISEASE, "Prevents hair loss"),
    ("Treats acne overnight", DISEASE, "Treats acne"),
    ("Heals wounds faster", DISEASE, "Heals wounds"),
    ("Reduces the risk of heart disease", DISEASE, "Reduces the risk of heart disease"),
    ("Fights colds and flu", DISEASE, "Fights colds"),
    ("Relieves joint pain and stiffness", DISEASE, "Relieves joint pain"),
    ("Migraine relief roll-on", DISEASE, "Migraine relief"),
    ("Pain relief cream", DISEASE, "Pain relief"),
    ("A miracle cure from the mountains", DISEASE, "miracle cure"),
    ("Boosts immunity during winter", WELLNESS, "Boosts immunity"),
    ("Boost your immune system naturally", WELLNESS, "Boost your immune system"),
    ("Detox Tea for a flat tummy", WELLNESS, "Detox"),
    ("Weight loss tea", WELLNESS, "Weight loss"),
    ("Lose 10 lbs in a week", WELLNESS, "Lose 10 lbs"),
    ("Powerful fat burner", WELLNESS, "fat burner"),
    ("Antibacterial cutting board", PESTICIDE, "Antibacterial"),
    ("Antimicrobial yoga mat", PESTICIDE, "Antimicrobial"),
    ("Antiviral face mask", PESTICIDE, "Antiviral"),
    ("Kills 99.9% of germs on contact", PESTICIDE, "Kills 99.9%"),
    ("Eliminates 99% of bacteria in tap water", PESTICIDE, "99% of bacteria"),
    ("Kills bacteria and viruses on contact", PESTICIDE, "Kills bacteria"),
    ("Disinfects surfaces in seconds", PESTICIDE, "Disinfects"),
    ("Sanitizing wipes, 80 count", PESTICIDE, "Sanitizing"),
    ("UV sterilizer box for phones", PESTICIDE, "sterilizer"),
    ("Mold and mildew resistant shower curtain", PESTICIDE, "Mold and mildew resistant"),
    ("Prevents mold growth in bathrooms", PESTICIDE, "Prevents mold"),
    ("Repels mosquitoes for 8 hours", PESTICIDE, "Repels mosquitoes"),
    ("Insect repellent bracelet for kids", PESTICIDE, "Insect repellent"),
    ("Removes allergens from the air", PESTICIDE, "Removes allergens"),
    ("FDA approved silicone", EVIDENCE, "FDA approved"),
    ("FDA-certified heating pad", EVIDENCE, "FDA-certified"),
    ("Made in an FDA registered facility", EVIDENCE, "FDA registered"),
    ("Clinically proven to reduce wrinkles", EVIDENCE, "Clinically proven"),
    ("Dermatologist tested formula", EVIDENCE, "Dermatologist tested"),
    ("Doctor recommended back brace", EVIDENCE, "Doctor recommended"),
    ("Prescription strength acne gel", DRUG, "Prescription strength"),
    ("No prescription needed", DRUG, "No prescription needed"),
    ("Anabolic steroids for bulking", DRUG, "Anabolic steroids"),
    ("Magic mushrooms grow kit", DRUG, "Magic mushrooms"),
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(("text", "rule", "span"), LAW_CASES)
def test_law_claims_are_errors_reported_once(platform: str, text: str, rule: str, span: str) -> None:
    found = violations(text, platform)
    assert [(v.rule, v.span) for v in found] == [(rule, span)]
    assert found[0].severity is Severity.ERROR


ENV_CASES = [
    ("Eco-friendly bamboo toothbrush", "Eco-friendly", "260.4"),
    ("Sustainable bamboo cutting board", "Sustainable", "260.4"),
    ("Go green with reusable bags", "Go green", "260.4"),
    ("100% biodegradable phone case", "biodegradable", "260.8"),
    ("Compostable trash bags", "Compostable", "260.7"),
    ("Carbon neutral shipping", "Carbon neutral", "260.5"),
    ("Non-toxic washable paint", "Non-toxic", "260.10"),
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(("text", "span", "section"), ENV_CASES)
def test_environmental_claims_are_warnings_citing_the_green_guides(
    platform: str, text: str, span: str, section: str
) -> None:
    (found,) = violations(text, platform)
    assert (found.rule, found.span, found.severity) == (ENVIRONMENT, span, Severity.WARNING)
    assert section in found.source


AMAZON_CASES = [
    ("CBD gummies 1000mg", "amazon.drugs.restricted_substances", "CBD"),
    ("Kratom capsules", "amazon.drugs.restricted_substances", "Kratom"),
    ("Delta-8 gummies", "amazon.drugs.restricted_substances", "Delta-8"),
    ("Glass bong with ice catcher", "amazon.drugs.restricted_substances", "bong"),
    ("Antimicrobial product protection keeps the mat fresh", "amazon.pesticide.treated_article",
     "Antimicrobial product protection"),
    ("Free Shipping on all orders", "amazon.detail.promo_phrases", "Free Shipping"),
    ("Big summer sale on bottles", "amazon.detail.promo_phrases", "sale"),
    ("20% discount for members", "amazon.detail.promo_phrases", "discount"),
    ("Save 30% today", "amazon.detail.promo_phrases", "Save 30%"),
    ("Kostenloser Versand", "amazon.detail.promo_phrases", "Kostenloser Versand"),
    ("Unser Angebot", "amazon.detail.promo_phrases", "Angebot"),
    ("Livraison gratuite", "amazon.detail.promo_phrases", "Livraison gratuite"),
    ("Code promo", "amazon.detail.promo_phrases", "promo"),
    ("Envío gratis", "amazon.detail.promo_phrases", "Envío gratis"),
    ("Gran oferta", "amazon.detail.promo_phrases", "oferta"),
    ("Spedizione gratuita", "amazon.detail.promo_phrases", "Spedizione gratuita"),
    ("Grande offerta", "amazon.detail.promo_phrases", "offerta"),
    ("Hot Sale Water Bottle", "amazon.detail.promo_phrases", "Hot Sale"),
]


@pytest.mark.parametrize(("text", "rule", "span"), AMAZON_CASES)
def test_amazon_policy_violations(text: str, rule: str, span: str) -> None:
    assert [(v.rule, v.span) for v in violations(text, "amazon")] == [(rule, span)]


def test_treated_article_claim_passes_shopify_but_not_amazon() -> None:
    text = "Antimicrobial treatment protects the fabric from odor-causing bacteria"
    assert violations(text, "shopify") == []
    assert rule_ids(text, "amazon") == ["amazon.pesticide.treated_article"]


def test_shopify_restricts_cbd_with_a_warning_and_allows_promotions() -> None:
    (cbd,) = violations("CBD gummies 1000mg", "shopify")
    assert (cbd.rule, cbd.severity) == ("shopify.restricted.cannabis_kratom", Severity.WARNING)
    assert violations("Free Shipping on all orders", "shopify") == []


def test_amazon_title_caps_and_decorative_characters() -> None:
    assert [(v.rule, v.span) for v in violations("SUPER Steel Bottle | 750 ml", "amazon", "title")] == [
        ("amazon.title.decorative_chars", "|"),
        ("amazon.title.all_caps", "SUPER"),
    ]
    assert violations("USB LED Lamp with NIOSH Filter and PTFE Coating", "amazon", "title") == []


CLEAN = [
    "Green Cotton T-Shirt",
    "Dark green ceramic planter",
    "Green tea extract, 60 capsules",
    "Dog treats with real chicken",
    "Treat yourself to a spa day",
    "Hair treatment mask with argan oil",
    "UV-cure resin, cure time 60 seconds",
    "Let the epoxy cure for 24 hours",
    "Gel polish cures under LED lamp in 60 seconds",
    "Dry-cured Italian ham, sliced",
    "Wholesale pack of 50",
    "Not for resale",
    "Kill switch for motorcycles",
    "Non-slip pad prevents slipping",
    "Prevents fogging on goggles",
    "Bas-relief wall art",
    "Stress relief fidget toy",
    "Sold at your local drugstore",
    "Drug-free sleep mask",
    "FDA-compliant food-grade silicone",
    "Meets FDA 21 CFR 177.2600 for food contact",
    "Not FDA approved",
    "Clinical white lab coat",
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    "This is not a disinfectant and does not kill germs.",
    "Supports healthy immune function",
    "Hair detox shampoo",
    "Digital detox phone lock box",
    "Weight loss journal with meal planner",
    "Cannabis Sativa Seed Oil moisturizer",
    "Water-repellent jacket with hood",
    "Repels water and stains",
    "Removes stains and odors",
    "Blocks 99% of UV rays",
    "Self-healing cutting mat, A3",
    "Heat-treated steel blade",
    "Cut-resistant gloves protect against cuts",
    "Oven mitts prevent burns up to 250°C",
    "Ergonomic mouse reduces wrist strain",
    "Compostable (certified to ASTM D6400)",
    "Clinically proven (Smith et al., 2021) to reduce redness",
    "Heavy-duty steroid-free formula",
    "Delta faucet replacement cartridge",
    "Dishwasher safe, BPA-free, lead-free",
    "Military-grade drop protection phone case",
    "Wireless earbuds with active noise cancelling",
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("text", CLEAN)
def test_clean_objective_copy_is_not_flagged(platform: str, text: str) -> None:
    assert violations(text, platform) == []


# ------------------------------------------------------------------- en_claims 1.2.0 / amazon 1.4.0

NEW_VIOLATIONS = [
    ("Our pill treats type 2 diabetes", DISEASE),
    ("Helps with ADHD symptoms in kids", DISEASE),
    ("Manages IBS flare-ups", DISEASE),
    ("This balm helps heal", DISEASE),
    ("Proven to cure", DISEASE),
    ("Diabetic support capsules", DISEASE),
    ("DMT vape cartridge", DRUG),
    ("Ketamine nasal spray", DRUG),
    ("Ephedra weight loss pills", DRUG),
    ("Semaglutide drops for weight management", DRUG),
    ("420-friendly rolling tray", DRUG),
    ("Top rated blender", "en_claims.claims.superlative"),
    ("Award-winning coffee beans", "en_claims.claims.superlative"),
    ("Better than any other brand", "en_claims.claims.market_superlative"),
    ("Industry-leading battery life", "en_claims.claims.market_superlative"),
    ("Keeps mosquitoes away all night", PESTICIDE),
    ("Deters mice and rats", PESTICIDE),
    ("Bug zapper for patios", PESTICIDE),
    ("Protects your family from germs", PESTICIDE),
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(("text", "rule"), NEW_VIOLATIONS)
def test_new_law_claims_are_errors(platform: str, text: str, rule: str) -> None:
    found = [v for v in violations(text, platform) if v.rule == rule]
    assert found and all(v.severity is Severity.ERROR for v in found)


@pytest.mark.parametrize("text", ["Plastic-free packaging", "Reef-safe mineral sunscreen", "Made from recycled cotton"])
def test_new_environmental_terms_are_warnings(text: str) -> None:
    found = [v for v in violations(text, "amazon") if v.rule == ENVIRONMENT]
    assert found and all(v.severity is Severity.WARNING for v in found)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Salvia divinorum 20x extract", "amazon.drugs.restricted_substances"),
        ("Amanita muscaria gummies", "amazon.drugs.restricted_substances"),
        ("Disposable vape, 5000 puffs", "amazon.tobacco.restricted_products"),
        ("E-liquid refill, 30 ml", "amazon.tobacco.restricted_products"),
    ],
)
def test_new_amazon_restricted_products(text: str, rule: str) -> None:
    assert rule in rule_ids(text, "amazon")
    assert rule.split(".", 1)[1] not in {r.split(".", 1)[1] for r in rule_ids(text, "shopify")}


NEW_CLEAN = [
    "Helps cure boredom on long flights",
    "Epoxy resin helps to cure faster in warm rooms",
    "Number One Fan T-Shirt",
    "#1 Dad Mug, 11 oz",
    "Number 1 Birthday Candle, Gold",
    "Our best-fitting jeans yet",
    "Better than any other mug we have made",
    "Finasteride-free hair tonic",
    "Penicillin allergy alert bracelet",
    "Keeps flies away from food with a mesh cover dome",
    "Controls frizz for smooth hair",
    "Manages cables neatly under your desk",
    "Paint roller reduces brush strokes",
    "Eco mode dishwasher, 45 dBA",
    "Cigar cutter, stainless steel, double blade",
    "Car cigarette lighter adapter with 2 USB ports",
    "Vape detector for schools",
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("text", NEW_CLEAN)
def test_new_near_misses_are_not_flagged(platform: str, text: str) -> None:
    assert violations(text, platform) == []


# ------------------------------------------------------------------- en_claims 1.3.0 / amazon 1.5.0
# Coverage audit against 21 CFR 101.93(g) (verbs, diseases, drug substitutes, therapy adjuncts), Amazon's
# restricted drugs, pesticide and FDA-claim examples.

AUDIT_VIOLATIONS = [
    ("Mitigates arthritis flare-ups", DISEASE),
    ("At-home patch that diagnoses sleep apnea", DISEASE),
    ("Wards off colds all winter", DISEASE),
    ("Get rid of eczema for good", DISEASE),
    ("Protective against the development of cancer", DISEASE),
    ("Prevents strep throat", DISEASE),
    ("Heals plantar fasciitis while you sleep", DISEASE),
    ("Herbal Prozac for a calm mind", DISEASE),
    ("A drug-free alternative to painkillers", DISEASE),
    ("Eases chemotherapy-induced nausea", DISEASE),
    ("FDA-cleared TENS unit", EVIDENCE),
    ("Physician formulated night cream", EVIDENCE),
    ("Ostarine capsules for lean mass", DRUG),
    ("Galaxy gas, strawberry flavor", DRUG),
    ("Research chemicals for sale", DRUG),
    ("Prevents the growth of mold and mildew", PESTICIDE),
    ("Flea and tick collar for dogs", PESTICIDE),
    ("Bug spray for camping", PESTICIDE),
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(("text", "rule"), AUDIT_VIOLATIONS)
def test_audit_law_claims_are_errors(platform: str, text: str, rule: str) -> None:
    found = [v for v in violations(text, platform) if v.rule == rule]
    assert found and all(v.severity is Severity.ERROR for v in found)


@pytest.mark.parametrize("text", ["Synthetic urine kit", "BMPEA pre-workout powder"])
def test_audit_amazon_restricted_products(text: str) -> None:
    assert "amazon.drugs.restricted_substances" in rule_ids(text, "amazon")


AUDIT_CLEAN = [
    "Paint roller for smooth coats",
    "Swim goggles for every stroke",
    "Bee hives starter kit",
    "Flea comb for cats",
    "Stops drafts under doors",
    "Detects gas leaks",
    "Whippet dog sweater, fleece",
    "Cream chargers for whipped cream dispensers, food grade",
    "Say goodbye to clutter",
    "Get rid of odors in your fridge",
    "Wards off the winter chill",
    "Protects your phone from scratches",
    "Relief from everyday stress",
    "Diagnostic tool for car engines (OBD2 scanner)",
    "First aid kit with bandages and antiseptic wipes",
    "FDA-cleared TENS unit (510(k) K123456)",
    "Caffeine alternative to coffee",
    "Kills time on long flights: puzzle book",
    "Alternative to plastic wrap: beeswax wraps",
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("text", AUDIT_CLEAN)
def test_audit_near_misses_are_not_flagged(platform: str, text: str) -> None:
    assert [v for v in violations(text, platform) if v.severity is Severity.ERROR] == []


@pytest.mark.parametrize(
    ("text", "span"),
    [("Copper Sleeve for Carpal Tunnel Treatment and Tendonitis Cure", "Carpal Tunnel Treatment"),
     ("Insoles for plantar fasciitis relief", "plantar fasciitis relief")],
)
def test_a_condition_named_with_a_treatment_noun_is_a_disease_claim(text: str, span: str) -> None:
    assert span in {v.span for v in violations(text, "amazon", "title") if v.rule == DISEASE}


def test_toothpaste_and_a_relief_pattern_are_not_disease_claims() -> None:
    assert DISEASE not in rule_ids("Fluoride toothpaste for cavity protection; stress relief colouring book", "amazon")
