"""The neutral vocabulary is data that must itself stay clean: no banned term, no claim-bearing lexicon word."""

from __future__ import annotations

import pytest

from shopforge.copywriting.verify.compliance import check_compliance
from shopforge.facts.claims import extract_claims
from shopforge.knowledge.rulepacks import PLATFORMS, packs_for
from shopforge.knowledge.vocabulary import load_neutral_vocabulary

VOCABULARY = load_neutral_vocabulary()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_no_neutral_word_is_flagged_by_the_law_or_platform_packs(platform: str) -> None:
    for lang, words in (("en", VOCABULARY.en), ("zh", VOCABULARY.zh_words | VOCABULARY.zh_single)):
        packs = packs_for(platform, lang)
        flagged = {
            word: [v.rule for v in check_compliance(word, "description", packs, lang=None) if v.rule != "language"]
            for word in sorted(words)
        }
        assert {w: rules for w, rules in flagged.items() if rules} == {}


def test_no_neutral_word_is_a_colour_material_certification_or_origin() -> None:
    claimed = {word: [c.kind.value for c in extract_claims(word)] for word in VOCABULARY.en | VOCABULARY.zh_words}
    assert {word: kinds for word, kinds in claimed.items() if set(kinds) - {"brand", "quantity", "count"}} == {}


def test_claim_words_stay_out_of_the_vocabulary() -> None:
    for word in ("waterproof", "detachable", "antibacterial", "leak", "kids", "soft", "best", "perfect"):
        assert word not in VOCABULARY.en
    for word in ("防水", "抗菌", "可拆卸", "孕妇", "大", "轻便", "最"):
        assert word not in VOCABULARY.zh_words | VOCABULARY.zh_single
