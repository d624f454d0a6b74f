"""``shopforge serve`` hands uvicorn an app built from the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from shopforge.cli.serve import serve


def test_serve_runs_uvicorn_on_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    monkeypatch.setenv("SHOPFORGE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SHOPFORGE_DATABASE_URL", raising=False)
    cli = typer.Typer()
    cli.command()(serve)
    result = CliRunner().invoke(cli, ["--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and (calls[0]["host"], calls[0]["port"]) == ("0.0.0.0", 8123)
    app = calls[0]["app"]
    assert isinstance(app, FastAPI) and app.title == "ShopForge"
    assert app.state.settings.home == tmp_path / "home"
    assert (tmp_path / "home" / "shopforge.db").exists()  # the app opened (and migrated) its database
    app.state.db.dispose()
