"""The line: plan → write → verify → repair → fallback, with a scripted writer standing in for the LLM."""

from __future__ import annotations

import json

import pytest

from shopforge.catalog.importer import facts_for_record
from shopforge.catalog.records import ProductRecord
from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.plan import AccountProfile, ProductInput
from shopforge.copywriting.verify import ProductFacts, Verifier
from shopforge.models.fake import ScriptedModel


def _product(lang: str) -> ProductInput:
    if lang == "zh":
        record = ProductRecord(
            sku="CUP-1",
            title="象山 304不锈钢保温杯 750ml 黑色",
            line=1,
            brand="象山",
            categories=["保温杯"],
            attributes=[("材质", "304不锈钢"), ("容量", "750ml"), ("颜色", "黑色")],
        )
    else:
        record = ProductRecord(
            sku="SH-1",
            title="Alisha Solid Women's Cycling Shorts",
            line=1,
            brand="Alisha",
            categories=["Shorts"],
            attributes=[
                ("Fabric", "Cotton Lycra"),
                ("Type", "Cycling Shorts"),
                ("Color", "Navy"),
                ("Pattern", "Solid"),
            ],
        )
    return ProductInput(record.sku, record.title, record.brand, record.categories, facts_for_record(record))


ZH = AccountProfile("tea-shop", "taobao", "zh")
EN = AccountProfile("amz-shop", "amazon", "en")


def _line(model: ScriptedModel, account: AccountProfile) -> ProductionLine:
    return ProductionLine(model, Verifier(account.platform, account.lang), None, max_repair_attempts=1)


def test_clean_llm_title_is_published_without_fallback() -> None:
    model = ScriptedModel([json.dumps({"parts": ["Alisha", "Cotton Lycra", "Navy", "Cycling Shorts"]})])
    result = _line(model, EN).produce(_product("en"), EN, "title")
    assert result.report.ok
    assert result.text == "Alisha Cotton Lycra Navy Cycling Shorts"
    assert not result.fallback and result.accepted_from_writer
    assert result.provenance()["backend"] == "fake"


def test_ungrounded_element_is_cut_out_by_targeted_repair() -> None:
    # The writer invents a colour; repair drops that part and keeps the rest of the model's title.
    model = ScriptedModel([json.dumps({"parts": ["Alisha", "Cotton Lycra", "Red", "Cycling Shorts"]})])
    result = _line(model, EN).produce(_product("en"), EN, "title")
    assert result.report.ok and not result.fallback
    assert "Red" not in result.text and "Cycling Shorts" in result.text
    assert result.attempts[0]["repaired"] is True


def test_absolute_term_in_zh_bullets_never_published() -> None:
    bad = {
        "bullets": [
            {"point": "304不锈钢", "detail": "全网最好的保温杯"},
            {"point": "750ml", "detail": "国家级品质"},
            {"point": "黑色", "detail": "第一选择"},
        ]
    }
    model = ScriptedModel([json.dumps(bad, ensure_ascii=False)] * 2)
    result = _line(model, ZH).produce(_product("zh"), ZH, "bullets")
    assert result.report.ok
    for term in ("最好", "国家级", "第一"):
        assert term not in result.text
    assert result.fallback  # every element was bad, so the grounded template took over
    assert result.backend == "template"


def test_malformed_model_output_falls_back_to_template() -> None:
    model = ScriptedModel(["not json at all", '{"parts": 3}'])
    result = _line(model, EN).produce(_product("en"), EN, "title")
    assert result.report.ok and result.fallback
    assert any("error" in attempt for attempt in result.attempts)


def test_repair_round_feeds_violations_back_to_the_writer() -> None:
    first = json.dumps({"sentences": ["Holds 5 L of water.", "Made of gold."]})
    second = json.dumps({"sentences": ["Cotton Lycra cycling shorts by Alisha.", "A solid navy pair."]})
    model = ScriptedModel([first, second])
    result = _line(model, EN).produce(_product("en"), EN, "description")
    assert result.report.ok and not result.fallback
    assert "Avoid:" in model.requests[1].prompt  # the second prompt carries the failing spans


@pytest.mark.parametrize("kind", ["title", "bullets", "description", "post", "video_script"])
@pytest.mark.parametrize("account", [ZH, EN], ids=["zh", "en"])
def test_template_output_passes_the_verifier_for_every_kind(kind: str, account: AccountProfile) -> None:
    product = _product(account.lang)
    result = ProductionLine(
        ScriptedModel([]), Verifier(account.platform, account.lang), None, max_repair_attempts=0
    ).produce(product, account, kind)
    facts = ProductFacts.build(product.facts, product.brand)
    assert result.report.ok, result.report.errors
    assert Verifier(account.platform, account.lang).check(result.text, kind, facts).ok
    assert result.provenance()["facts_used"], "provenance lists the facts the copy used"


def test_two_accounts_get_different_copy_for_one_product() -> None:
    product = _product("en")
    other = AccountProfile("second-shop", "amazon", "en")
    line = ProductionLine(ScriptedModel([]), Verifier("amazon", "en"), None, max_repair_attempts=0)
    texts = {line.produce(product, account, "bullets").text for account in (EN, other)}
    assert len(texts) == 2


def test_unfinished_sentences_are_not_published_as_an_empty_copy() -> None:
    # Sentences cut off by the schema's length limit are dropped; too few left means the draft is unusable.
    cut = json.dumps({"sentences": ["Alisha cycling shorts in cotton lycra that", "A solid navy pair for"]})
    result = _line(ScriptedModel([cut, cut]), EN).produce(_product("en"), EN, "description")
    assert result.report.ok and result.fallback
    assert result.text.strip() and result.text.endswith(".")
    assert any("usable sentences" in a.get("error", "") for a in result.attempts)


def test_prompt_carries_the_accounts_voice_and_only_the_products_facts() -> None:
    account = AccountProfile("voice-shop", "amazon", "en", brand_voice="warm, practical", audience="commuters")
    model = ScriptedModel([json.dumps({"parts": ["Alisha", "Cycling Shorts"]})])
    _line(model, account).produce(_product("en"), account, "title")
    prompt = model.requests[0].prompt
    assert "Voice: warm, practical." in prompt and "Audience: commuters." in prompt
    assert "Cotton Lycra" in prompt and prompt.rstrip().endswith("Output:")
    schema = model.requests[0].json_schema
    assert schema is not None and "Red" not in json.dumps(schema)  # title parts are limited to the product's own
