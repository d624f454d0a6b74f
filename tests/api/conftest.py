"""API fixtures: an app over the parametrised ``db`` (SQLite and PostgreSQL), tenants with products."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.api.api_helpers import (
    ADMIN_TOKEN,
    EN_PRODUCTS,
    ZH_PRODUCTS,
    Tenant,
    import_products,
    make_account,
)

from shopforge.api.app import create_app
from shopforge.settings import Settings
from shopforge.store.db import Database


@pytest.fixture


def api_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_token": ADMIN_TOKEN})


@pytest.fixture


def client(api_settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings, database=db)) as test_client:
        yield test_client


@pytest.fixture


def zh_tenant(client: TestClient) -> Tenant:
    tenant = make_account(client, "青禾家居", "tmall", "zh")
    import_products(client, tenant, ZH_PRODUCTS)
    return tenant


@pytest.fixture


def en_tenant(client: TestClient) -> Tenant:
    tenant = make_account(client, "Hilltop Goods", "shopify", "en")
    import_products(client, tenant, EN_PRODUCTS)
    return tenant
