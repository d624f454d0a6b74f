"""Targeted repair: remove the elements of a draft that carry a violation, or shrink one that is too long."""

from __future__ import annotations

from shopforge.copywriting.formats import Draft, drop_elements, element_texts
from shopforge.copywriting.verify.report import Violation


def repair_draft(
    kind: str, lang: str, draft: Draft, violations: list[Violation], protected: frozenset[str] = frozenset()
) -> Draft | None:
    """A smaller draft without the offending elements, or None when nothing sensible is left.

    A violation with a span is pinned to the elements containing it; one without a span (too long, too many
    bullets) is met by dropping the last element not ``protected`` (a title's brand and product word): in every
    layout the later elements are the less important ones.
    """
    texts = element_texts(kind, lang, draft)
    culprits: set[int] = set()
    unpinned = False
    for violation in violations:
        hits = {i for i, text in enumerate(texts) if violation.span and violation.span in text}
        culprits |= hits
        unpinned |= not hits
    if unpinned and not culprits:
        droppable = [i for i, text in enumerate(texts) if text not in protected] or [len(texts) - 1]
        culprits = {droppable[-1]}
    return drop_elements(kind, draft, culprits)
