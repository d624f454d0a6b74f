"""Rendering pages: the Jinja2 environment (autoescaping everything), the shared page context, headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from shopforge.store.models import Account
from shopforge.web.auth import load_session, write_session_cookie
from shopforge.web.i18n import pick_lang
from shopforge.web.once import ONCE_FIELD, new_token
from shopforge.web.state import console_state

TEMPLATES_DIR = Path(__file__).with_name("templates")
CONSOLE_PREFIX = "/console"
STATIC_URL = f"{CONSOLE_PREFIX}/static"

# Scripts and styles only from our own origin (HTMX is vendored): injected markup could not run even if a
# value ever escaped escaping. No inline scripts or styles anywhere in the templates.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def build_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["when"] = format_when
    environment.filters["percent"] = format_percent
    environment.globals["static"] = STATIC_URL
    environment.globals["prefix"] = CONSOLE_PREFIX
    environment.globals["once_field"] = ONCE_FIELD
    return environment


def format_when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "–"


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def url_with(request: Request, **changes: object) -> str:
    """This page's URL with some query parameters changed (None removes one); used for filters and paging."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    account: Account | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    console = console_state(request)
    lang = pick_lang(request)
    translate = console.catalogue.translator(lang)
    page: dict[str, Any] = {
        "request": request,
        "t": translate,
        "lang": lang,
        "csrf": load_session(request).csrf,
        "account": account,
        "url_with": lambda **changes: url_with(request, **changes),
        "new_once": new_token,
        "path": request.url.path,
        "flash": _flash(request, console.catalogue.messages, translate),
    }
    html = console.templates.get_template(name).render({**page, **(context or {})})
    response = HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})
    write_session_cookie(request, response)
    return response


def _flash(request: Request, messages: dict[str, dict[str, str]], translate: Callable[..., str]) -> str:
    # Only catalogue keys: a crafted link cannot make the console show text of the link author's choosing.
    key = request.query_params.get("msg", "")
    return translate(key) if key.startswith("flash.") and key in messages else ""


def redirect(request: Request, url: str) -> Response:
    """After a POST: 303 to ``url``; an HTMX request is told to load the page instead of swapping it in."""
    response: Response
    if is_htmx(request):
        response = Response(status_code=204, headers={"HX-Redirect": url})
    else:
        response = RedirectResponse(url, status_code=303)
    write_session_cookie(request, response)
    return response


def safe_next(url: str | None) -> str:
    """Only a console path may be a redirect target (no open redirect to another site)."""
    if url and url.startswith(f"{CONSOLE_PREFIX}/") and not url.startswith("//") and "\\" not in url:
        return url
    return f"{CONSOLE_PREFIX}/"
