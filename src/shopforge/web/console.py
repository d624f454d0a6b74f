"""Mounting the console on the API's app: state, static files, page routes and error pages."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from shopforge.settings import Settings
from shopforge.web.auth import SessionCodec
from shopforge.web.errors import ConsoleError, SignInRequired
from shopforge.web.i18n import MessageCatalogue
from shopforge.web.once import OnceStore
from shopforge.web.render import CONSOLE_PREFIX, STATIC_URL, build_environment, redirect, render
from shopforge.web.routes import (
    catalog,
    dashboard,
    exports,
    gallery,
    generate,
    jobs,
    optimize,
    review,
    review_item,
    rules,
    signin,
)
from shopforge.web.state import ConsoleState

STATIC_DIR = Path(__file__).with_name("static")
__all__ = ["CONSOLE_PREFIX", "mount_console"]


def mount_console(app: FastAPI, settings: Settings) -> None:
    """Serve the console under ``/console`` (and send ``/`` there) from ``app``."""
    secret = settings.session_secret or secrets.token_urlsafe(32)
    app.state.console = ConsoleState(
        settings=settings,
        templates=build_environment(),
        codec=SessionCodec(secret, settings.session_max_age_s),
        catalogue=MessageCatalogue.load(),
        once=OnceStore(),
    )
    app.mount(STATIC_URL, StaticFiles(directory=STATIC_DIR), name="console-static")
    for module in (signin, dashboard, catalog, generate, jobs, review, review_item, gallery, optimize, rules, exports):
        app.include_router(module.router)
    app.add_api_route(f"{CONSOLE_PREFIX}/{{rest:path}}", _unknown_page, include_in_schema=False)
    app.add_exception_handler(SignInRequired, _to_sign_in)  # type: ignore[arg-type]
    app.add_exception_handler(ConsoleError, _error_page)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]


def _unknown_page(rest: str) -> Response:
    raise ConsoleError(404, "error.not_found")


async def _to_sign_in(request: Request, exc: SignInRequired) -> Response:
    query = {"next": exc.next_url} | ({"expired": "1"} if exc.expired else {})
    return redirect(request, f"{CONSOLE_PREFIX}/signin?{urlencode(query)}")


async def _error_page(request: Request, exc: ConsoleError) -> Response:
    context = {"message_key": exc.message_key, "detail": exc.detail, "status": exc.status}
    return render(request, "error.html", context, status=exc.status)


async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """A malformed console URL or form gets a page; the REST API keeps FastAPI's JSON answer."""
    if not request.url.path.startswith(f"{CONSOLE_PREFIX}/"):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
    return render(request, "error.html", {"message_key": "error.invalid", "detail": problems, "status": 422},
                  status=422)
