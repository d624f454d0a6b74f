"""Fixtures for the model tests: one SHOPFORGE home per session, so the GGUF is assembled once."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopforge.models.gguf import default_model_path
from shopforge.settings import Settings


@pytest.fixture(scope="session")
def model_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose home is a session temp dir; the embedded backend reads its GGUF from there."""
    return Settings(home=tmp_path_factory.mktemp("shopforge-home"), n_ctx=2048, n_threads=2)


@pytest.fixture(scope="session")
def gguf_path(model_settings: Settings) -> Path:
    """The packaged Gemma 3 270M, assembled (and SHA-256 checked) into the session home once."""
    return default_model_path(model_settings)
