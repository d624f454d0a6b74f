"""English claim policies: health, pesticide, drug, environmental, FDA/clinical, promotional wording and format
rules, on Amazon and Shopify, with the clean near-misses they must leave alone."""

from __future__ import annotations

import pytest

from shopforge.copywriting.verify import ProductFacts, Verifier

NO_FACTS = ProductFacts.build([], None)
VERIFIERS = {platform: Verifier(platform, "en") for platform in ("amazon", "shopify")}


def rules(text: str, platform: str = "amazon", kind: str = "bullets") -> set[str]:
    return {v.rule for v in VERIFIERS[platform].check(text, kind, NO_FACTS).violations}


def errors(text: str, platform: str = "amazon", kind: str = "bullets") -> set[str]:
    return {v.rule for v in VERIFIERS[platform].check(text, kind, NO_FACTS).errors}


VIOLATING = [
    # (text, the family of rule ids that must fire)
    ("Cures arthritis pain in a week", "health"),
    ("Treats eczema and psoriasis naturally", "health"),
    ("Helps prevent cancer", "health"),
    ("Lowers blood pressure and cholesterol", "health"),
    ("Boosts your immune system against flu", "health"),
    ("Detox tea that melts belly fat", "health"),
    ("Heals wounds faster", "health"),
    ("Anti-inflammatory copper bracelet", "health"),
    ("Antibacterial cutting board", "pesticide"),
    ("Kills 99.9% of germs on contact", "pesticide"),
    ("Disinfects surfaces in seconds", "pesticide"),
    ("Antimicrobial yoga mat", "pesticide"),
    ("Mold and mildew resistant shower curtain", "pesticide"),
    ("Mosquito repellent bracelet for kids", "pesticide"),
    ("Sanitizes baby bottles with UV light", "pesticide"),
    ("Full spectrum CBD gummies", "drug"),
    ("Premium kratom capsules", "drug"),
    ("FDA approved face serum", "fda"),
    ("Clinically proven to reduce wrinkles", "fda"),
    ("Free shipping on every order", "promo"),
    ("Kostenloser Versand, tolles Angebot", "promo"),
    ("Envío gratis a todo el país", "promo"),
    ("Livraison gratuite", "promo"),
    ("Spedizione gratuita", "promo"),
    ("Best seller kettle", "superlative"),
    ("The #1 rated blender", "superlative"),
]


@pytest.mark.parametrize(("text", "family"), VIOLATING)
@pytest.mark.parametrize("platform", ["amazon", "shopify"])
def test_claims_that_need_a_registration_or_proof_are_flagged(text: str, family: str, platform: str) -> None:
    found = rules(text, platform)
    if family == "promo" and platform == "shopify":
        return  # a shop's own storefront may advertise its shipping offer
    if family == "drug" and platform == "shopify":
        family = "restricted"  # a warning: eligible stores may sell hemp-derived CBD (Shopify Payments rules)
    assert any(family in rule or (family == "fda" and "evidence" in rule) for rule in found), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Eco-friendly bamboo toothbrush",
        "Biodegradable phone case",
        "Carbon neutral shipping box",
    ],
)
def test_unqualified_environmental_claims_are_warnings(text: str) -> None:
    report = VERIFIERS["amazon"].check(text, "bullets", NO_FACTS)
    assert any(v.rule.endswith("environment.claims") for v in report.warnings)
    assert not any(v.rule.endswith("environment.claims") for v in report.errors)


CLEAN = [
    "Green cotton T-shirt with a crew neck",
    "Grain-free dog treats, 500 g",
    "UV-cure resin, cure time 60 seconds",
    "Wholesale pack of 12 pencils",
    "Kill switch for the motorcycle ignition",
    "Non-slip rubber base prevents slipping",
    "Bas-relief wall art",
    "Stainless steel water bottle, 750 ml",
    "Machine washable cushion cover",
    "Best before the date on the lid",
    "For best results, wash by hand",
    "Soft cotton hoodie for everyday wear",
    "Fits 10 inch tablets",
    "Treats for small dogs",
    "Apply a thin layer and let it cure for 24 hours",
    "USB-C cable with LED indicator",
    "Dishwasher safe glass bowl",
    "Drugstore-style pill organiser for 7 days",
]


@pytest.mark.parametrize("text", CLEAN)
@pytest.mark.parametrize("platform", ["amazon", "shopify"])
def test_objective_copy_and_near_misses_pass(text: str, platform: str) -> None:
    assert errors(text, platform) == set(), text


def test_all_caps_and_repeated_words_in_amazon_titles() -> None:
    assert any("all_caps" in r for r in rules("Brewly AMAZING Electric Kettle", kind="title"))
    assert not any("all_caps" in r for r in rules("Brewly USB LED Desk Lamp", kind="title"))
    assert any("max_word_repeat" in r for r in rules("Lamp Desk Lamp Table Lamp Reading Lamp", kind="title"))
