"""The product's own phrases, which typesetting never breaks inside (``typeset.break_lines``'s ``keep``).

A brand or a product word the lexicon does not know ("焖烧杯", "禾川") would otherwise read as loose ideographs
and could split across lines. The phrases are the product's typed fact values (brand, material, colour,
features…) and its catalogue title's words. Whole-field TEXT facts (the full title, the description) are left
out, as is any phrase with a long ideograph run: a sentence kept whole would leave the breaker no good place to
break a line inside it, where the lexicon's terms still give it one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from shopforge.facts.model import Fact, FactKind

MAX_RUN = 8  # longest run of ideographs in a kept phrase: "304不锈钢真空保温杯" is a name, a clause is not
_LONG_RUN = re.compile(rf"[\u3400-\u9fff]{{{MAX_RUN + 1},}}")


def product_phrases(title: str, facts: Iterable[Fact]) -> tuple[str, ...]:
    """The product's fact values and title words (split on spaces), deduplicated, in a stable order."""
    values = [fact.value for fact in facts if fact.kind != FactKind.TEXT]
    candidates = (phrase.strip() for phrase in [*title.split(), *values])
    return tuple(dict.fromkeys(p for p in candidates if len(p) >= 2 and not _LONG_RUN.search(p)))
