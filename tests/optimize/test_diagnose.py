"""Diagnosis: every contract finding code is raised by a listing crafted to have that one defect, and by no clean
listing; products without live content are diagnosed on their generated copy, or get missing-content findings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.optimize.optimize_fixtures import (
    AMAZON_SIDE,
    EN_CLEAN,
    EN_PRODUCT,
    IMAGE_DEFECTS,
    TMALL_SIDE,
    ZH_CLEAN,
    ZH_PRODUCT,
    analyzer,
    clean_photo,
    import_rows,
    product_row,
    save_image,
    text_defects,
)

from shopforge.optimize.diagnose import Diagnosis, diagnose_product
from shopforge.settings import Settings
from shopforge.store.accounts import create_account, get_account
from shopforge.store.contents import GeneratedCopy, save_generated
from shopforge.store.db import Database, open_database
from shopforge.store.products import get_product

CONTRACT_CODES = frozenset(
    {
        "title_too_long", "title_too_short", "title_missing_category", "title_missing_key_attribute",
        "forbidden_term", "ungrounded_claim", "duplicate_content", "missing_selling_points",
        "image_background_not_white", "image_product_too_small", "image_low_resolution", "image_blurry",
        "image_has_text_overlay", "image_text_forbidden_term",
    }
)  # fmt: skip


def _cases(lang: str, folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Case name ("clean" or the injected code) -> the catalogue rows of its own account.

    One account per case: products of one shop that share a listing are duplicate content, which is a finding.
    """
    base, clean = (EN_PRODUCT, EN_CLEAN) if lang == "en" else (ZH_PRODUCT, ZH_CLEAN)
    side = AMAZON_SIDE if lang == "en" else TMALL_SIDE
    photo = save_image(clean_photo(side), folder, f"{lang}-clean")
    cases = {"clean": [product_row(base, "TARGET", dict(clean), photo)]}
    for code, breaks in text_defects(lang).items():
        cases[code] = [product_row(base, "TARGET", breaks(dict(clean)), photo)]
    copied = dict(clean) | {"title": clean["title"] + (" Home" if lang == "en" else " 家用")}
    cases["duplicate_content"] = [
        product_row(base, "ORIGINAL", dict(clean), photo),
        product_row(base, "TARGET", copied, photo),
    ]
    if lang == "en":  # images on Amazon, the strictest spec
        for code, render in IMAGE_DEFECTS.items():
            cases[code] = [product_row(base, "TARGET", dict(clean), save_image(render(side), folder, code))]
    return cases


Catalogue = tuple[Database, Settings, list[tuple[str, str, str]]]  # db, settings, [(account, lang, case)]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    folder = tmp_path_factory.mktemp("diagnose")
    db = open_database(f"sqlite:///{folder / 'test.db'}")
    settings = Settings(home=folder / "home", default_backend="template")
    accounts = []
    for lang, platform in (("en", "amazon"), ("zh", "tmall")):
        for case, rows in _cases(lang, folder).items():
            name = f"{lang}-{case}"
            with db.session() as session:
                create_account(session, name, platform, lang)
            import_rows(db, name, rows, folder)
            accounts.append((name, lang, case))
    yield db, settings, accounts
    db.dispose()


def _diagnose(catalogue: Catalogue, name: str, scenario: str = "search") -> Diagnosis:
    db, settings, _ = catalogue
    with db.session() as session:
        account = get_account(session, name)
        return diagnose_product(session, account, "TARGET", scenario, settings, analyzer=analyzer(account.platform))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_injected_defect_is_found_and_the_clean_item_has_no_contract_finding(
    catalogue: Catalogue, lang: str
) -> None:
    clean = _diagnose(catalogue, f"{lang}-clean")
    assert not clean.codes() & CONTRACT_CODES, clean.to_public()["findings"]
    assert clean.score >= 90, clean.to_public()
    found = set()
    for name, case_lang, case in catalogue[2]:
        if case_lang != lang or case == "clean":
            continue
        diagnosis = _diagnose(catalogue, name)
        assert case in diagnosis.codes(), (name, diagnosis.to_public()["findings"])
        assert diagnosis.score < clean.score, name
        found.add(case)
    assert found == (CONTRACT_CODES if lang == "en" else CONTRACT_CODES - set(IMAGE_DEFECTS))


def test_findings_carry_evidence_and_a_plan_answers_them(catalogue: Catalogue) -> None:
    forbidden = _diagnose(catalogue, "zh-forbidden_term")
    finding = next(f for f in forbidden.findings if f.code == "forbidden_term")
    assert finding.severity == "error" and "第一" in finding.evidence["spans"]
    assert forbidden.score <= 40  # a listing that would be blocked is capped
    assert forbidden.plan[0].tool == "rewrite_title" and forbidden.plan[0].expected_gain > 0
    claim = _diagnose(catalogue, "zh-ungrounded_claim")
    ungrounded = next(f for f in claim.findings if f.code == "ungrounded_claim")
    assert ungrounded.evidence["spans"] == ["1000ml"] and ungrounded.evidence["part"] == "description"
    assert [s.tool for s in claim.plan] == ["rewrite_description"]
    line = forbidden.to_public()
    assert set(line) == {"sku", "scenario", "score", "criteria", "findings", "plan"}
    assert all(set(c) == {"id", "score", "weight"} for c in line["criteria"])
    assert all(set(f) == {"code", "severity", "message", "evidence"} for f in line["findings"])
    assert all(set(s) == {"step", "tool", "expected_gain"} for s in line["plan"])


def test_image_findings_follow_the_platform_spec(catalogue: Catalogue) -> None:
    background = _diagnose(catalogue, "en-image_background_not_white", "recommend")
    severity = {f.code: f.severity for f in background.findings}
    assert severity["image_background_not_white"] == "error"  # Amazon requires white
    overlay = _diagnose(catalogue, "en-image_has_text_overlay", "recommend")
    texts = next(f for f in overlay.findings if f.code == "image_has_text_overlay").evidence["texts"]
    assert any("2026" in text for text in texts)  # read by the real OCR
    small = _diagnose(catalogue, "en-image_product_too_small", "recommend")
    assert _diagnose(catalogue, "en-clean", "recommend").score > small.score
    assert "new_main_image" in [s.tool for s in small.plan]
    assert "enhance_image" in [s.tool for s in _diagnose(catalogue, "en-image_low_resolution").plan]


def test_product_without_live_content_is_diagnosed_on_generated_copy_or_reported_missing(
    tmp_path: Path, settings: Settings
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'gen.db'}")
    with db.session() as session:
        create_account(session, "shop", "amazon", "en")
    import_rows(db, "shop", [EN_PRODUCT, EN_PRODUCT | {"sku": "EN-BARE"}], tmp_path)
    with db.session() as session:
        account = get_account(session, "shop")
        product = get_product(session, account, "EN-KETTLE")
        assert product is not None
        for kind in ("title", "bullets", "description"):
            text = {"title": EN_CLEAN["title"], "bullets": "\n".join(EN_CLEAN["bullets"])}.get(kind, EN_CLEAN[kind])
            save_generated(session, account, product, GeneratedCopy(kind, str(text), "template", {}, {"ok": True}))
    with db.session() as session:
        account = get_account(session, "shop")
        generated = diagnose_product(session, account, "EN-KETTLE", "search", settings, analyzer=analyzer("amazon"))
        bare = diagnose_product(session, account, "EN-BARE", "search", settings, analyzer=analyzer("amazon"))
        with pytest.raises(LookupError, match="NOPE"):
            diagnose_product(session, account, "NOPE", "search", settings)
    assert generated.understanding.source == "generated"
    assert not generated.codes() & {"missing_title", "missing_selling_points", "title_missing_category"}
    assert bare.understanding.source == "none"
    assert {"missing_title", "missing_selling_points", "missing_description", "missing_main_image"} <= bare.codes()
    db.dispose()
