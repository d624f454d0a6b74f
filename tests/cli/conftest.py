"""The ``run`` fixture: invoke ``shopforge`` as a merchant types it, with its home in the test's own folder.

A test module that needs more set-up (an account, a catalogue, a setting) overrides ``run`` and asks for this one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from shopforge.cli.main import app

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("SHOPFORGE_HOME", str(tmp_path / "home"))
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke
