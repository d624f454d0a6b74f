"""Category synonyms (``knowledge/data/category_synonyms.yaml``): does a title name the product's category?

A title names its category when it says the category word, or a synonym of it, or a narrower kind of it ("Bellies"
names "Ballerinas", "Boots" names "Casual Shoes", "焖烧杯" names "保温杯"). The groups are data with a source each.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from shopforge.copywriting.render import has_cjk

DATA_FILE = Path(__file__).parent / "data" / "category_synonyms.yaml"
_WORD = re.compile(r"[a-z0-9]+")


class SynonymGroup(BaseModel):
    id: str
    names: list[str]  # name each other both ways
    narrower: list[str] = Field(default_factory=list)  # kinds of the group's product: name it, one way only
    source: str

    def terms(self) -> list[str]:
        return [*self.names, *self.narrower]


class CategorySynonyms(BaseModel):
    version: str
    source: str
    groups: list[SynonymGroup]

    def groups_for(self, category: str) -> list[SynonymGroup]:
        """The groups whose name is the category's head phrase (the category ends with it)."""
        return [group for group in self.groups if any(_ends_with(category, name) for name in group.names)]

    def naming_term(self, title: str, category: str) -> tuple[str, SynonymGroup] | None:
        """The synonym or narrower term of the category the title says, with its group; None when it says none."""
        for group in self.groups_for(category):
            for term in group.terms():
                if _says(title, term):
                    return term, group
        return None


@cache
def load_category_synonyms(path: Path = DATA_FILE) -> CategorySynonyms:
    with path.open(encoding="utf-8") as handle:
        return CategorySynonyms.model_validate(yaml.safe_load(handle))


def _words(text: str) -> list[str]:
    # "T-Shirt" and "t shirt" are the same words; an apostrophe splits "women's" harmlessly.
    return _WORD.findall(text.casefold())


def _same_word(a: str, b: str) -> bool:
    """Equal in either grammatical number: box/boxes, shoe/shoes, accessory/accessories."""
    return a == b or b in _forms(a) or a in _forms(b)


def _forms(word: str) -> set[str]:
    forms = {word + "s", word + "es"}
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def _says(text: str, term: str) -> bool:
    if has_cjk(term):
        return term.casefold() in text.casefold()
    wanted, words = _words(term), _words(text)
    return bool(wanted) and any(
        all(_same_word(w, t) for w, t in zip(wanted, words[i : i + len(wanted)], strict=True))
        for i in range(len(words) - len(wanted) + 1)
    )


def _ends_with(category: str, name: str) -> bool:
    if has_cjk(name):
        return category.strip().casefold().endswith(name.casefold())
    wanted, words = _words(name), _words(category)
    if not wanted or len(words) < len(wanted):
        return False
    return all(_same_word(w, t) for w, t in zip(wanted, words[-len(wanted) :], strict=True))
