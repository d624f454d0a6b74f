"""zh / en interface: every message the pages use exists in both languages; the language can be switched."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.console_helpers import Console

from shopforge.copywriting.kinds import KINDS
from shopforge.facts.model import FactKind
from shopforge.store.contents import STATUSES
from shopforge.web.i18n import MessageCatalogue
from shopforge.web.queries import PRODUCT_STATES
from shopforge.web.routes.review import QUEUE_STATUSES

WEB = Path(__file__).parents[2] / "src" / "shopforge" / "web"


def test_every_message_key_used_exists_in_zh_and_en() -> None:
    catalogue = MessageCatalogue.load()
    templates = "".join(path.read_text(encoding="utf-8") for path in (WEB / "templates").glob("*.html"))
    code = "".join(path.read_text(encoding="utf-8") for path in WEB.rglob("*.py"))
    used = set(re.findall(r"\bt\('([a-z_]+(?:\.[a-z_]+)+)'\s*[,)]", templates))
    used |= set(re.findall(r'"((?:error|flash|import|generate|review|jobs|signin)\.[a-z_]+)"', code))
    used -= {"error.html", "generate.html", "jobs.html", "review.html", "signin.html"}  # template names
    dynamic = {
        *(f"status.{s}" for s in (*STATUSES, *QUEUE_STATUSES)),
        *(f"kind.{k}" for k in KINDS),
        *(f"fact.{k.value}" for k in FactKind),
        *(f"job_status.{s}" for s in ("pending", "running", "done", "failed", "interrupted")),
        *(f"products.state_{s}" for s in PRODUCT_STATES),
        *(f"severity.{s}" for s in ("error", "warning")),
        *(f"action.{a}" for a in ("approve", "reject", "edit", "export")),
        *(f"nav.{n}" for n in ("dashboard", "products", "generate", "jobs", "review", "gallery", "optimize",
                               "rules", "exports")),
    }
    missing = sorted((used | dynamic) - set(catalogue.messages))
    assert not missing, missing
    assert all(entry["zh"] and entry["en"] for entry in catalogue.messages.values())


def test_the_interface_switches_language_and_remembers_it(console: Console) -> None:
    assert '<html lang="en">' in console.get("/console/review").text
    switched = console.get("/console/lang/zh?next=/console/review")
    assert switched.url.path == "/console/review"
    assert '<html lang="zh-CN">' in switched.text and "审核队列" in switched.text and "批量通过" in switched.text
    assert "商品库" in console.get("/console/products").text
    assert console.get("/console/lang/en?next=https://evil.example/").url.path == "/console/"


def test_the_browsers_preferred_language_is_the_default(client: TestClient) -> None:
    page = client.get("/console/signin", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert '<html lang="zh-CN">' in page.text and "登录 ShopForge" in page.text
    page = client.get("/console/signin", headers={"Accept-Language": "fr-FR, en;q=0.5"})
    assert '<html lang="en">' in page.text
