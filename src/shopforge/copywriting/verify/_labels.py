"""``grounding.label_body``: a selling point's label and body must not name conflicting values.

「【白色】白色材质」 presents a colour as a material; "Black: made of white fabric" and 【304不锈钢】食品级塑料 name
two values of one kind; 【750ml】容量500ml two quantities. Labels are 【…】, 「…」 and, in bullets, "Label:".
"""

from __future__ import annotations

import re

from shopforge.copywriting.verify.grounding import cite
from shopforge.copywriting.verify.report import Severity, Violation
from shopforge.facts.claims import scan_concepts
from shopforge.facts.index import FactIndex
from shopforge.facts.lexicon import concept_lexicon
from shopforge.facts.model import FactKind
from shopforge.facts.units import format_quantity, parse_quantities


def compatible(kind: str, first: str, second: str) -> bool:
    lexicon = concept_lexicon()
    return first in lexicon.support_set(kind, second) or second in lexicon.support_set(kind, first)



_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[-•*·][ \t]*)?(?:【(?P<a>[^】\n]{1,30})】|「(?P<b>[^」\n]{1,30})」[ \t]*[:：]?"
    r"|(?P<c>[^:：\n【】「」]{1,40}?)[ \t]*(?:[:：]|[ \t][-–—][ \t]))[ \t]*(?P<body>\S[^\n]*)",
    re.MULTILINE,
)
_AS_MATERIAL = re.compile(r"\s*(?:材质|材料|质地)")  # 「白色材质」: a colour cannot be a material


def label_body(text: str, kind: str, index: FactIndex) -> list[Violation]:
    violations = []
    for line in _LABEL_LINE.finditer(text):
        label = line.group("a") or line.group("b") or line.group("c")
        if line.group("c") and (kind != "bullets" or len(label.split()) > 5):
            continue  # "Label: body" is a bullet format; elsewhere a colon is just punctuation
        problem = _label_conflict(label, line.group("body"), index)
        if problem:
            span = line.group().strip()
            violations.append(Violation("grounding.label_body", span, problem, Severity.ERROR))
    return violations


def _label_conflict(label: str, body: str, index: FactIndex) -> str | None:
    label_claims = scan_concepts(label, weak_kind=None)
    body_claims = scan_concepts(body, weak_kind=None)
    for concept_kind, fact_kind in (("colour", FactKind.COLOUR), ("material", FactKind.MATERIAL)):
        named = [c for c in label_claims if c.kind.value == concept_kind]
        said = [c for c in body_claims if c.kind.value == concept_kind]
        facts = f"; the product's {concept_kind} is {cite(index.facts_of(fact_kind)) or 'not stated'}"
        if named and said and not any(compatible(concept_kind, a.canonical, b.canonical) for a in named for b in said):
            return f"the label names 「{named[0].span}」 but the body names 「{said[0].span}」" + facts
        for claim in named:
            at = body.find(claim.span)
            if concept_kind == "colour" and at >= 0 and _AS_MATERIAL.match(body, at + len(claim.span)):
                return f"the body presents the colour 「{claim.span}」 as a material" + facts
    return _quantity_conflict(label, body)


def _quantity_conflict(label: str, body: str) -> str | None:
    if not any(char.isdigit() for char in label):
        return None
    for named in (q for match in parse_quantities(label) for q in match.quantities):
        said = [q for match in parse_quantities(body) for q in match.quantities if q.dimension == named.dimension]
        if said and not any(named.close_to(q) for q in said):
            return f"the label gives {format_quantity(named)} but the body {format_quantity(said[0])}"
    return None
