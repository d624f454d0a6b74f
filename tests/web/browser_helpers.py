"""Browser-test plumbing: the real app served by uvicorn in a thread, Debian's Chromium, axe-core checks."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from shopforge.api.app import create_app
from shopforge.settings import Settings
from shopforge.store.db import Database, open_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
# WCAG 2.x A and AA: labels, names, contrast >= 4.5:1, ARIA validity, landmarks…
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
  return result.violations.map(
    v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
}"""


def require_chromium() -> None:
    """CI must run the browser tests; elsewhere they are skipped (with the reason) when Chromium is absent."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class LiveServer:
    url: str
    db: Database
    settings: Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(home: Path) -> Iterator[LiveServer]:
    """``create_app`` over a temporary SQLite database with the template backend, served on a free port."""
    settings = Settings(home=home, default_backend="template", session_secret="browser-test-secret")
    db = open_database(f"sqlite:///{home / 'console.db'}")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, database=db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="console-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the console test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", db, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        db.dispose()


def accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG A/AA violations on the current page (evaluated through DevTools, so the page's CSP,
    which forbids inline scripts, stays in force for the page itself)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return violations


def screenshot_dir(tmp: Path) -> Path:
    """docs/screenshots when SHOPFORGE_UPDATE_SCREENSHOTS=1 (to refresh the README's pictures), else a temp dir,
    so that running the tests does not rewrite tracked files."""
    if os.environ.get("SHOPFORGE_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp
