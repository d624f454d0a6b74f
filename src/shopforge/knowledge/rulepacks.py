"""Rule packs: platform and legal compliance rules kept as YAML data, loaded and validated here.

A pack is data, not code: every rule names a *check type* and its parameters, and the compliance checker
(``shopforge.copywriting.verify.compliance``) interprets it through a registry of check functions. Adding a
platform or tightening a rule therefore means editing YAML, never adding a branch to the checker.

Packs may ``extends:`` another pack (the Chinese marketplaces share a base): the child inherits the base's
rules and replaces any rule whose id it redefines.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PACKS_DIR = Path(__file__).with_name("packs")

PLATFORMS: tuple[str, ...] = ("taobao", "tmall", "jd", "douyin", "xiaohongshu", "amazon", "shopify")
CHINESE_PLATFORMS: frozenset[str] = frozenset({"taobao", "tmall", "jd", "douyin", "xiaohongshu"})

# meta_description is the SEO snippet (Shopify "Search engine listing"); it is its own kind because the
# first 160 characters of a long description are not what the merchant publishes as the meta tag.
CONTENT_KINDS: tuple[str, ...] = (
    "title",
    "bullets",
    "description",
    "post",
    "video_script",
    "meta_description",
)

CN_AD_LAW_PACK = "cn_ad_law"
EN_CLAIMS_PACK = "en_claims"

_PACK_NAME = re.compile(r"^[a-z0-9_]+$")  # also keeps load_pack() from reading outside the pack folders
_VERSION = re.compile(r"^(\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?|\d{4}-\d{2}-\d{2})$")  # semver or ISO date


class UnknownPlatformError(ValueError):
    def __init__(self, platform: str) -> None:
        super().__init__(f"unknown platform {platform!r}; known platforms: {', '.join(PLATFORMS)}")
        self.platform = platform


def pack_version(value: Any) -> str:
    """A pack's version as text: semver or a date (every data pack, rules or image specs, is versioned)."""
    text = str(value)  # YAML reads 2025-01-31 as a date
    if not _VERSION.match(text):
        raise ValueError(f"version {text!r} must be semver (1.2.3) or a date (YYYY-MM-DD)")
    return text


class PackNotFoundError(LookupError):
    pass


class CheckSpec(BaseModel):
    """``{type: <check name>, ...parameters}``; the parameters are validated by the check type itself."""

    model_config = ConfigDict(extra="allow", frozen=True)

    type: str = Field(min_length=1)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
    severity: Literal["error", "warning"]  # error blocks publication; warning is shown to reviewers
    scope: tuple[str, ...]
    check: CheckSpec
    message: str = Field(min_length=1)
    source: str = Field(min_length=1)  # law article, help-page URL, or "ShopForge default: …"

    @field_validator("scope", mode="before")
    @classmethod
    def _expand_all(cls, value: Any) -> Any:
        if value == "all" or value == ["all"]:
            return CONTENT_KINDS
        if isinstance(value, str):
            return (value,)
        return value

    @field_validator("scope")
    @classmethod
    def _known_kinds(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [kind for kind in value if kind not in CONTENT_KINDS]
        if unknown or not value:
            raise ValueError(f"scope {list(value)} must be 'all' or kinds from {', '.join(CONTENT_KINDS)}")
        return value


class AppliesTo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    platforms: tuple[str, ...] = ()  # empty: any platform (legal packs)
    languages: tuple[str, ...] = ()  # empty: any language


TitleSlot = Literal["brand", "line", "type", "model", "features", "spec", "variant", "scene"]


class TitleShape(BaseModel):
    """How a platform's titles are built from a plan's phrases (``shopforge.copywriting.compose.titles``).

    ``slots`` is the order of the title's parts; ``max``/``unit`` the budget (the pack's title.max_length);
    ``fill`` the share of the budget a title aims to use when the facts allow; ``front`` the characters within
    which the product type must appear; ``joiner`` what separates parts (``""``: none, as Taobao's search
    prefers; a space is kept only between two Latin/number parts); ``case`` "title" for Title Case.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    slots: tuple[TitleSlot, ...]
    max: int = Field(gt=0)
    unit: Literal["chars", "bytes_gbk"] = "chars"
    fill: float = Field(default=0.0, ge=0.0, le=1.0)
    front: int = 0
    joiner: str = " "
    feature_joiner: str = " "
    case: Literal["as_is", "title"] = "as_is"
    source: str


class RulePack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_PACK_NAME.pattern)
    version: str
    description: str = ""
    applies_to: AppliesTo = AppliesTo()
    extends: str | None = None
    # Named citations; YAML anchors defined here are reused by the rules' ``source`` fields.
    references: dict[str, str] = Field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    title_shape: TitleShape | None = None  # platform packs only

    @field_validator("version", mode="before")
    @classmethod
    def _semver_or_date(cls, value: Any) -> str:
        return pack_version(value)

    @model_validator(mode="after")
    def _unique_ids(self) -> RulePack:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"pack {self.name!r}: duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"pack {self.name!r} has no rule {rule_id!r}")


def available_packs(extra_dirs: Iterable[str | Path] = ()) -> list[str]:
    """Names of every pack in the built-in folder and the extra folders."""
    names = {path.stem for folder in (*_as_paths(extra_dirs), PACKS_DIR) for path in folder.glob("*.yaml")}
    return sorted(names)


def load_pack(name: str, extra_dirs: Iterable[str | Path] = ()) -> RulePack:
    """Load and validate pack ``name``; a pack in ``extra_dirs`` (searched first) overrides a built-in one."""
    return _load_pack_cached(name, _as_paths(extra_dirs))


def packs_for(platform: str, lang: str, extra_dirs: Iterable[str | Path] = ()) -> list[RulePack]:
    """The platform pack plus the legal pack(s) that govern copy in ``lang`` on ``platform``.

    Chinese law applies to zh copy anywhere and to any copy published on a Chinese platform; the English
    claims pack applies to en copy anywhere.
    """
    key = platform.strip().lower()
    if key not in PLATFORMS:
        raise UnknownPlatformError(platform)
    language = normalize_lang(lang)
    names = [key]
    if language == "zh" or key in CHINESE_PLATFORMS:
        names.append(CN_AD_LAW_PACK)
    if language == "en":
        names.append(EN_CLAIMS_PACK)
    dirs = _as_paths(extra_dirs)
    return [_load_pack_cached(name, dirs) for name in names]


def title_shape_for(platform: str, lang: str) -> TitleShape | None:
    """The platform's title shape (None for a pack without one)."""
    return next((pack.title_shape for pack in packs_for(platform, lang) if pack.title_shape), None)


def normalize_lang(lang: str | None) -> str | None:
    """``"zh-CN"``/``"zh_Hans"`` → ``"zh"``, ``"en-US"`` → ``"en"``; None stays None."""
    if not lang:
        return None
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]


def _as_paths(extra_dirs: Iterable[str | Path]) -> tuple[Path, ...]:
    return tuple(Path(folder) for folder in extra_dirs)


@functools.cache
def _load_pack_cached(name: str, extra_dirs: tuple[Path, ...]) -> RulePack:
    raw = _read_pack_file(name, extra_dirs)
    if raw.get("name") != name:
        raise ValueError(f"pack file {name}.yaml declares name {raw.get('name')!r}")
    base_name = raw.get("extends")
    if not base_name:
        return RulePack.model_validate(raw)
    if base_name == name:
        raise ValueError(f"pack {name!r} extends itself")
    base = _load_pack_cached(base_name, extra_dirs)
    own = RulePack.model_validate(raw)
    overridden = {rule.id for rule in own.rules}
    inherited = tuple(rule for rule in base.rules if rule.id not in overridden)
    references = {**base.references, **own.references}
    shape = own.title_shape or base.title_shape
    return own.model_copy(update={"rules": inherited + own.rules, "references": references, "title_shape": shape})


def _read_pack_file(name: str, extra_dirs: tuple[Path, ...]) -> dict[str, Any]:
    if not _PACK_NAME.match(name):
        raise PackNotFoundError(f"invalid pack name {name!r}")
    for folder in (*extra_dirs, PACKS_DIR):
        path = folder / f"{name}.yaml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"{path}: a pack must be a YAML mapping")
            return data
    known = ", ".join(available_packs(extra_dirs))
    raise PackNotFoundError(f"no rule pack named {name!r}; known packs: {known}")
