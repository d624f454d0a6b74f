"""The kinds of copy the line produces, and how each is laid out as text."""

from __future__ import annotations

import re

KINDS = ("title", "bullets", "description", "post", "video_script")


class UnknownKindError(ValueError):
    pass


def require_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UnknownKindError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return kind


# A bullet's leading marker ("- ", "•", "1. ", "2)", "3、"); "1.7 L" starts with a number, not a marker.
BULLET_MARKER = re.compile(r"^\s*(?:[-*•·●▪◆]|\d{1,2}(?:\.(?!\d)|[)、]))\s*")


def segments(text: str) -> list[str]:
    """The independently verifiable pieces of a copy: its non-empty lines."""
    return [line for line in text.splitlines() if line.strip()]
