"""Console fixtures: the real app over the parametrised ``db`` (SQLite and PostgreSQL) with a known secret."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.console_helpers import SECRET, ZH_ROWS, Console, Shop, make_shop

from shopforge.api.app import create_app
from shopforge.settings import Settings
from shopforge.store.db import Database

UPLOAD_LIMIT = 64 * 1024


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium with Playwright (tests/web)")


@pytest.fixture
def console_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"session_secret": SECRET, "upload_max_bytes": UPLOAD_LIMIT})


@pytest.fixture
def app(console_settings: Settings, db: Database) -> FastAPI:
    return create_app(console_settings, database=db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the lifespan: the job runner stops at the end
        yield test_client


@pytest.fixture
def shop(db: Database) -> Shop:
    return make_shop(db, "青禾家居", ZH_ROWS)


@pytest.fixture
def console(client: TestClient, shop: Shop) -> Console:
    browser = Console(client)
    browser.sign_in(shop.key)
    return browser
