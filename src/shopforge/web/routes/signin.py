"""Sign-in with an account's API key, sign-out, and the interface language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from shopforge.api.deps import SessionDep
from shopforge.store.accounts import account_for_api_key
from shopforge.web.auth import CSRF_FIELD, check_csrf, load_session, sign_in, sign_out
from shopforge.web.i18n import LANG_COOKIE, LANGS
from shopforge.web.render import CONSOLE_PREFIX, redirect, render, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/")
def root() -> Response:
    return RedirectResponse(f"{CONSOLE_PREFIX}/", status_code=307)


@router.get(f"{CONSOLE_PREFIX}/signin")
def signin_page(request: Request, next: str = "", expired: str = "", out: str = "") -> Response:
    load_session(request)  # a signed-out session carries the CSRF token of this form
    context = {"next": safe_next(next), "expired": bool(expired), "signed_out": bool(out), "error": ""}
    return render(request, "signin.html", context)


@router.post(f"{CONSOLE_PREFIX}/signin")
def signin(
    request: Request,
    db: SessionDep,
    api_key: Annotated[str, Form(max_length=512)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    account = account_for_api_key(db, api_key.strip())
    if account is None:
        context = {"next": safe_next(next), "expired": False, "signed_out": False, "error": "signin.invalid_key"}
        return render(request, "signin.html", context, status=401)
    sign_in(request, account)
    return redirect(request, safe_next(next))


@router.post(f"{CONSOLE_PREFIX}/signout")
def signout(request: Request, csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    check_csrf(request, csrf_token)
    sign_out(request)
    return redirect(request, f"{CONSOLE_PREFIX}/signin?out=1")


@router.get(f"{CONSOLE_PREFIX}/lang/{{code}}")
def choose_language(request: Request, code: str, next: str = "") -> Response:
    response = redirect(request, safe_next(next))
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response
