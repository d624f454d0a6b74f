"""Scenario standards are data: they load, validate, cite sources, and score understandings as documented."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pydantic import ValidationError
from tests.optimize.optimize_fixtures import EN_CLEAN, ZH_CLEAN, ZH_PRODUCT
from tests.optimize.test_understand import EN, ZH, _input

from shopforge.copywriting.plan import AccountProfile
from shopforge.optimize.scenarios import SCENARIOS, ScenarioPack, load_scenario, score_understanding
from shopforge.optimize.understand import Understanding, understand_text
from shopforge.optimize.understand_image import ImageUnderstanding
from shopforge.store.versions import ListingContent

AMAZON = AccountProfile("shop", "amazon", "en")
TMALL = AccountProfile("shop", "tmall", "zh")
WHITE_IMAGE = ImageUnderstanding(
    "main.jpg", 1200, 1200, mask_source="flat", background_white_share=1.0, fill=0.87, area_share=0.3,
    sharpness=300.0, mean_luminance=120.0, colourfulness=40.0,
)  # fmt: skip


def _understanding(content: ListingContent, *, zh: bool = False, **extra: object) -> Understanding:
    profile, product = (TMALL, ZH) if zh else (AMAZON, EN)
    text = understand_text(content, product, profile)
    u = Understanding("SKU", profile.platform, profile.lang, "live", 1, content, text, image=WHITE_IMAGE)
    u.has_price = True
    for key, value in extra.items():
        setattr(u, key, value)
    return u


def test_every_scenario_loads_with_weighted_cited_criteria() -> None:
    for name in SCENARIOS:
        pack = load_scenario(name)
        assert pack.version and not pack.abstract and 0 < pack.blocking_cap < 100
        weighted = [c for c in pack.criteria if c.weight > 0]
        assert sum(c.weight for c in weighted) >= 90, name
        assert all(c.explanation.strip() and c.source.strip() for c in pack.criteria), name
        assert {"text_compliance", "title_category", "image_clean"} <= {c.id for c in pack.criteria}
    assert load_scenario("search").criterion("title_category").weight == 15  # common criterion, search's weight
    assert load_scenario("recommend").criterion("title_length").weight == 0  # runs, does not count
    assert set(load_scenario("channel").themes) == {"promotion", "new_arrival"}


def test_a_pack_naming_an_unknown_check_is_rejected() -> None:
    raw = {
        "name": "x", "version": "1.0.0",
        "criteria": [{"id": "c", "weight": 1, "check": {"type": "vibes"}, "explanation": "e", "source": "s"}],
    }  # fmt: skip
    with pytest.raises(ValidationError, match="unknown check type 'vibes'"):
        ScenarioPack.model_validate(raw)
    with pytest.raises(ValueError, match="unknown scenario"):
        load_scenario("billboard")


def test_clean_listing_scores_high_in_every_scenario() -> None:
    u = _understanding(ListingContent.build(**EN_CLEAN))
    for name in SCENARIOS:
        scored = score_understanding(u, name)
        errors = [f.code for f in scored.findings if f.severity == "error"]
        assert not errors and scored.score >= 75, (name, scored.score, [f.code for f in scored.findings])
    assert score_understanding(u, "search").score >= 90


def test_an_error_finding_caps_the_score_and_names_its_criterion() -> None:
    bad = _understanding(ListingContent.build(**(EN_CLEAN | {"title": "Best " + EN_CLEAN["title"]})))
    scored = score_understanding(bad, "search")
    assert scored.capped and scored.score == 40 < scored.uncapped
    finding = next(f for f in scored.findings if f.code == "forbidden_term")
    assert finding.criterion == "text_compliance" and finding.part == "title"


def test_criteria_without_data_leave_the_weighted_mean() -> None:
    u = _understanding(ListingContent.build(**EN_CLEAN))
    ids = {c.id for c in score_understanding(u, "search").counted()}
    assert "query_coverage" not in ids and "competitor_keywords" not in ids
    with_queries = replace(u, queries=["electric kettle stainless steel", "gooseneck kettle"])
    scored = score_understanding(with_queries, "search")
    coverage = next(c for c in scored.criteria if c.id == "query_coverage")
    assert coverage.score is not None and 50 < coverage.score < 100  # "gooseneck" is not said
    assert "query_coverage" in {c.id for c in scored.counted()}


def test_recommend_weighs_the_image_more_than_search() -> None:
    content = ListingContent.build(**EN_CLEAN)
    grey = replace(WHITE_IMAGE, background_white_share=0.0, background_rgb=(120.0, 120.0, 120.0))
    u = _understanding(content, image=grey)
    drop = {name: 100 - score_understanding(u, name).uncapped for name in ("search", "recommend")}
    assert drop["recommend"] > drop["search"] > 0


def test_channel_theme_requires_its_elements() -> None:
    u = _understanding(ListingContent.build(**ZH_CLEAN), zh=True)
    promotion = score_understanding(u, "channel", theme="promotion")
    assert "channel_missing_poster" in {f.code for f in promotion.findings}
    arrival = score_understanding(u, "channel", theme="new_arrival")
    assert {f.code for f in arrival.findings} >= {"channel_missing_scene"}
    assert "channel_missing_poster" not in {f.code for f in arrival.findings}
    with pytest.raises(ValueError, match="unknown theme"):
        score_understanding(u, "channel", theme="clearance")


def test_benefit_led_first_line_is_judged_in_the_listing_language() -> None:
    zh = _input(ZH_PRODUCT)
    assert zh.facts
    led = _understanding(ListingContent.build(**ZH_CLEAN), zh=True)
    spec_first = _understanding(
        ListingContent.build(**(ZH_CLEAN | {"bullets": ["容量：750ml", *ZH_CLEAN["bullets"]]})), zh=True
    )
    codes = {f.code for f in score_understanding(spec_first, "recommend").findings}
    assert "first_line_not_benefit_led" in codes
    assert "first_line_not_benefit_led" not in {f.code for f in score_understanding(led, "recommend").findings}
