"""Image spec packs: each platform's main-image requirements kept as YAML data, validated here.

Like the text rule packs, a spec is data, not code: ``creative.image_check`` interprets it, so tightening a
platform's rule means editing ``image_specs/<platform>.yaml``. Every rule carries an id, a severity, the message
shown to the merchant and a ``source`` citation; the pack carries a version.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shopforge.knowledge.rulepacks import PLATFORMS, UnknownPlatformError, pack_version

SPECS_DIR = Path(__file__).with_name("image_specs")


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
    severity: Literal["error", "warning"]  # error: the platform rejects it; warning: advice
    message: str = Field(min_length=1)
    source: str = Field(min_length=1)  # help page, law article or "ShopForge default: …"


class SizeRule(_Rule):
    min_long_side: int = Field(ge=1)
    min_short_side: int = Field(ge=0)
    max_long_side: int = Field(ge=1)


class AspectRule(_Rule):
    ratios: tuple[float, ...] = Field(min_length=1)  # accepted width / height ratios
    tolerance: float = Field(ge=0, le=0.5)  # relative


class BackgroundRule(_Rule):
    required: bool  # False: measured and reported as a warning-level note only when the severity says so
    rgb: tuple[int, int, int]
    tolerance: int = Field(ge=0, le=64)  # per channel, absorbs JPEG noise on a flat white
    min_share: float = Field(gt=0, le=1)  # of the border band's background pixels

    @field_validator("rgb")
    @classmethod
    def _channels(cls, value: tuple[int, int, int]) -> tuple[int, int, int]:
        if any(not 0 <= channel <= 255 for channel in value):
            raise ValueError(f"rgb {value} must be three values in 0..255")
        return value


class FillRule(_Rule):
    min: float = Field(gt=0, le=1)
    max: float = Field(gt=0, le=1)
    target: float = Field(gt=0, le=1)  # what ``main_image`` produces

    @model_validator(mode="after")
    def _ordered(self) -> FillRule:
        if not self.min <= self.target <= self.max:
            raise ValueError(f"fill: need min ≤ target ≤ max, got {self.min}, {self.target}, {self.max}")
        return self


class TextRule(_Rule):
    allowed: bool


class TermsRule(_Rule):
    """Forbidden terms in text read from the image; the terms themselves live in the text rule packs."""


class FileRule(_Rule):
    max_bytes: int = Field(ge=1)
    formats: tuple[str, ...] = Field(min_length=1)  # PIL format names: JPEG, PNG, …


class QualityRule(_Rule):
    min_sharpness: float = Field(ge=0)  # variance of the Laplacian, see creative.measure.sharpness
    max_clipped_highlights: float = Field(gt=0, le=1)
    max_clipped_shadows: float = Field(gt=0, le=1)
    min_mean_luminance: float = Field(ge=0, le=255)
    max_mean_luminance: float = Field(ge=0, le=255)


class OutputSpec(BaseModel):
    """What ``main_image`` writes for the platform."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    side: int = Field(ge=16, le=10000)  # the longer side of the canvas
    aspect: float = Field(default=1.0, gt=0.2, le=5)  # width / height
    format: Literal["JPEG", "PNG"] = "JPEG"
    quality: int = Field(default=92, ge=50, le=100)
    max_upscale: float = Field(default=2.0, ge=1.0, le=8.0)  # beyond this the product would look soft

    @property
    def size(self) -> tuple[int, int]:
        if self.aspect >= 1:
            return self.side, round(self.side / self.aspect)
        return round(self.side * self.aspect), self.side


class ImageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: str
    version: str
    language: Literal["zh", "en"]  # the language image text is verified in when it has no CJK characters
    references: dict[str, str] = Field(default_factory=dict)
    size: SizeRule
    aspect: AspectRule
    background: BackgroundRule
    fill: FillRule
    text: TextRule
    terms: TermsRule
    file: FileRule
    quality: QualityRule
    output: OutputSpec

    @field_validator("version", mode="before")
    @classmethod
    def _semver_or_date(cls, value: Any) -> str:
        return pack_version(value)

    @model_validator(mode="after")
    def _output_meets_spec(self) -> ImageSpec:
        # A spec whose own output would fail its own size rule is a data error, caught at load time.
        width, height = self.output.size
        if max(width, height) < self.size.min_long_side or min(width, height) < self.size.min_short_side:
            raise ValueError(f"{self.platform}: output {width}×{height} is below the spec's minimum size")
        return self


def image_spec_for(platform: str) -> ImageSpec:
    """The validated image spec of ``platform``; an unknown platform raises ``UnknownPlatformError``."""
    key = platform.strip().lower()
    if key not in PLATFORMS:
        raise UnknownPlatformError(platform)
    return _load(key)


@functools.cache
def _load(platform: str) -> ImageSpec:
    path = SPECS_DIR / f"{platform}.yaml"
    if not path.is_file():
        raise UnknownPlatformError(platform)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: an image spec must be a YAML mapping")
    spec = ImageSpec.model_validate(data)
    if spec.platform != platform:
        raise ValueError(f"{path}: declares platform {spec.platform!r}")
    return spec
