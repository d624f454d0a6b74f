"""Rule packs: every pack loads and is cited; platform → pack selection; pack validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from shopforge.knowledge.rulepacks import (
    CHINESE_PLATFORMS,
    CONTENT_KINDS,
    PLATFORMS,
    PackNotFoundError,
    UnknownPlatformError,
    available_packs,
    load_pack,
    packs_for,
    title_shape_for,
)

ALL_PACKS = available_packs()
LENGTH_KINDS = ("title", "bullets", "description", "post", "video_script")


def test_every_platform_and_legal_pack_exists() -> None:
    assert set(PLATFORMS) | {"cn_ad_law", "en_claims"} <= set(ALL_PACKS)


@pytest.mark.parametrize("name", ALL_PACKS)
def test_pack_loads_with_version_cited_rules_and_unique_ids(name: str) -> None:
    pack = load_pack(name)
    assert pack.name == name
    assert pack.version
    assert pack.rules
    ids = [rule.id for rule in pack.rules]
    assert len(ids) == len(set(ids))
    for rule in pack.rules:
        assert rule.source.strip(), f"{name}.{rule.id} has no source"
        assert rule.message.strip()
        assert set(rule.scope) <= set(CONTENT_KINDS)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_platform_pack_limits_every_kind(platform: str) -> None:
    pack = load_pack(platform)
    limited = {kind for rule in pack.rules if rule.check.type == "max_length" for kind in rule.scope}
    assert set(LENGTH_KINDS) <= limited


def test_cn_ad_law_carries_all_56_terms_with_tier_and_source() -> None:
    check = load_pack("cn_ad_law").rule("absolute_terms").check.params
    terms = check["terms"]
    assert len(terms) == 56
    assert {t["tier"] for t in terms} == {"statute_explicit", "regulator_interpretation", "commonly_listed"}
    assert all(t["source"] for t in terms)
    statute = {t["term"] for t in terms if t["tier"] == "statute_explicit"}
    assert statute == {"国家级", "最高级", "最佳"}


def test_taobao_title_limit_counts_gbk_bytes() -> None:
    params = load_pack("taobao").rule("title.max_length").check.params
    assert params == {"max": 60, "unit": "bytes_gbk"}


def test_shopify_title_is_seo_title_and_meta_description_has_its_own_kind() -> None:
    pack = load_pack("shopify")
    assert pack.rule("title.max_length").check.params["max"] == 70
    assert pack.rule("meta_description.max_length").scope == ("meta_description",)
    assert pack.rule("meta_description.max_length").check.params["max"] == 160


def test_tmall_inherits_base_rules_and_overrides_by_id() -> None:
    tmall = load_pack("tmall")
    ids = [rule.id for rule in tmall.rules]
    assert "contact_info" in ids  # from cn_common through taobao
    assert ids.count("title.max_length") == 1
    assert tmall.rule("title.max_length").message.startswith("Tmall")


@pytest.mark.parametrize(
    ("platform", "lang", "expected"),
    [
        ("taobao", "zh", ["taobao", "cn_ad_law"]),
        ("Taobao", "zh-CN", ["taobao", "cn_ad_law"]),
        ("taobao", "en", ["taobao", "cn_ad_law", "en_claims"]),
        ("amazon", "en-US", ["amazon", "en_claims"]),
        ("amazon", "zh", ["amazon", "cn_ad_law"]),
        ("shopify", "en", ["shopify", "en_claims"]),
        ("xiaohongshu", "zh", ["xiaohongshu", "cn_ad_law"]),
    ],
)
def test_packs_for_adds_the_legal_packs(platform: str, lang: str, expected: list[str]) -> None:
    assert [pack.name for pack in packs_for(platform, lang)] == expected


def test_unknown_platform_names_the_value_and_the_known_ones() -> None:
    with pytest.raises(UnknownPlatformError) as excinfo:
        packs_for("ebay", "en")
    assert isinstance(excinfo.value, ValueError)
    message = str(excinfo.value)
    assert "'ebay'" in message
    for platform in PLATFORMS:
        assert platform in message


def test_loaded_packs_are_cached() -> None:
    assert load_pack("amazon") is load_pack("amazon")
    assert packs_for("amazon", "en")[0] is load_pack("amazon")


def test_unknown_pack_lists_known_packs() -> None:
    with pytest.raises(PackNotFoundError, match=r"known packs: .*amazon"):
        load_pack("nope")
    with pytest.raises(PackNotFoundError):
        load_pack("../secrets")


PACK_TEMPLATE = """
name: {name}
version: {version}
applies_to: {{platforms: [amazon], languages: [en]}}
rules:
  - id: {first_id}
    severity: error
    scope: {scope}
    check: {{type: max_length, max: 10}}
    message: too long
    source: "ShopForge default: test"
  - id: second
    severity: warning
    scope: all
    check: {{type: html}}
    message: markup
    source: "ShopForge default: test"
"""


def _write_pack(folder: Path, name: str, **overrides: str) -> Path:
    fields = {"name": name, "version": "2025-01-31", "first_id": "first", "scope": "[title]"} | overrides
    (folder / f"{name}.yaml").write_text(PACK_TEMPLATE.format(**fields), encoding="utf-8")
    return folder


def test_extra_dir_pack_loads_and_date_version_is_kept(tmp_path: Path) -> None:
    pack = load_pack("merchant_house_rules", extra_dirs=[_write_pack(tmp_path, "merchant_house_rules")])
    assert pack.version == "2025-01-31"
    assert pack.rule("second").scope == CONTENT_KINDS  # "all" expands to every kind


def test_extra_dir_overrides_a_builtin_pack(tmp_path: Path) -> None:
    pack = load_pack("amazon", extra_dirs=(_write_pack(tmp_path, "amazon"),))
    assert [rule.id for rule in pack.rules] == ["first", "second"]
    assert load_pack("amazon").rule("title.max_length")  # the built-in is untouched


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"first_id": "second"}, "duplicate rule id"),
        ({"version": "latest"}, "semver"),
        ({"scope": "[tagline]"}, "scope"),
    ],
)
def test_invalid_packs_are_rejected(tmp_path: Path, overrides: dict[str, str], error: str) -> None:
    name = f"bad_{abs(hash(error))}"
    with pytest.raises(ValidationError, match=error):
        load_pack(name, extra_dirs=(_write_pack(tmp_path, name, **overrides),))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_platform_shapes_its_titles_within_its_own_title_limit(platform: str) -> None:
    lang = "zh" if platform in CHINESE_PLATFORMS else "en"
    shape = title_shape_for(platform, lang)
    assert shape is not None and shape.source and "type" in shape.slots
    limit = next(pack.rule("title.max_length") for pack in packs_for(platform, lang) if pack.name == platform)
    assert (shape.max, shape.unit) == (limit.check.params["max"], limit.check.params["unit"])
