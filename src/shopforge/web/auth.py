"""Console sign-in: a signed session cookie (itsdangerous) holding the account id and a CSRF token.

The cookie is signed, not encrypted, and holds no secret: the account id, a tag of the account's current key
digest (rotating the API key ends every console session of that account), the CSRF token and the sign-in time
(a session ends ``session_max_age_s`` after sign-in). Every state-changing request must echo the CSRF token,
as a form field or the ``X-CSRF-Token`` header that HTMX sends.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

from shopforge.api.deps import SessionDep
from shopforge.store.models import Account
from shopforge.web.errors import ConsoleError, SignInRequired

SESSION_COOKIE = "sf_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_KEY_TAG_CHARS = 16
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass
class WebSession:
    csrf: str
    account_id: int | None = None
    key_tag: str = ""
    signed_in_at: float = 0.0

    @classmethod
    def fresh(cls) -> WebSession:
        return cls(csrf=secrets.token_urlsafe(24))


class SessionCodec:
    """Signs and checks session cookies; ``clock`` is the time source (seconds)."""

    def __init__(self, secret: str, max_age_s: float, clock: Callable[[], float] = time.time) -> None:
        self._serializer = URLSafeSerializer(secret, salt="shopforge-console-session")
        self.max_age_s = max_age_s
        self.clock = clock

    def dumps(self, session: WebSession) -> str:
        payload = {"c": session.csrf, "a": session.account_id, "k": session.key_tag, "t": session.signed_in_at}
        return str(self._serializer.dumps(payload))

    def loads(self, raw: str | None) -> tuple[WebSession | None, bool]:
        """The session in the cookie (None when absent, forged or expired) and whether it had expired."""
        if not raw:
            return None, False
        try:
            payload: Any = self._serializer.loads(raw)
        except BadSignature:
            return None, False
        session = _from_payload(payload)
        if session is None:
            return None, False
        if session.account_id is not None and self.clock() - session.signed_in_at > self.max_age_s:
            return None, True
        return session, False


def _from_payload(payload: Any) -> WebSession | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), str):
        return None
    account_id, key_tag, signed_in_at = payload.get("a"), payload.get("k"), payload.get("t")
    if account_id is not None and not isinstance(account_id, int):
        return None
    if not isinstance(key_tag, str) or not isinstance(signed_in_at, int | float):
        return None
    return WebSession(payload["c"], account_id, key_tag, float(signed_in_at))


def codec_of(request: Request) -> SessionCodec:
    codec: SessionCodec = request.app.state.console.codec
    return codec


def load_session(request: Request) -> WebSession:
    """This request's session (read once); a missing or expired one is replaced by a fresh, signed-out one."""
    cached: WebSession | None = getattr(request.state, "web_session", None)
    if cached is not None:
        return cached
    session, expired = codec_of(request).loads(request.cookies.get(SESSION_COOKIE))
    request.state.session_expired = expired
    if session is None:
        session = WebSession.fresh()
        request.state.session_changed = True
    request.state.web_session = session
    return session


def replace_session(request: Request, session: WebSession) -> None:
    request.state.web_session = session
    request.state.session_changed = True


def sign_in(request: Request, account: Account) -> None:
    # A new CSRF token at sign-in: a token planted before sign-in (session fixation) is worthless after it.
    session = WebSession.fresh()
    session.account_id = account.id
    session.key_tag = key_tag(account)
    session.signed_in_at = codec_of(request).clock()
    replace_session(request, session)


def sign_out(request: Request) -> None:
    replace_session(request, WebSession.fresh())


def key_tag(account: Account) -> str:
    return (account.api_key_hash or "")[:_KEY_TAG_CHARS]


def write_session_cookie(request: Request, response: Response) -> None:
    """Set the cookie when this request created or replaced the session."""
    if not getattr(request.state, "session_changed", False):
        return
    session: WebSession = request.state.web_session
    response.set_cookie(
        SESSION_COOKIE,
        codec_of(request).dumps(session),
        max_age=int(codec_of(request).max_age_s) + 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def console_account(request: Request, db: SessionDep) -> Account:
    """The signed-in account; otherwise ``SignInRequired`` (the handler redirects to the sign-in page)."""
    web = load_session(request)
    expired = bool(getattr(request.state, "session_expired", False))
    if web.account_id is None:
        raise SignInRequired(_here(request), expired=expired)
    account = db.get(Account, web.account_id)
    if account is None or not secrets.compare_digest(key_tag(account), web.key_tag) or not web.key_tag:
        sign_out(request)
        raise SignInRequired(_here(request), expired=True)
    return account


def check_csrf(request: Request, token: object) -> None:
    expected = load_session(request).csrf
    if not isinstance(token, str) or not secrets.compare_digest(token.encode(), expected.encode()):
        raise ConsoleError(403, "error.csrf")


async def csrf_account(request: Request, account: Annotated[Account, Depends(console_account)]) -> Account:
    """The signed-in account, for a request that changes something: the CSRF token must match."""
    token: object = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        token = (await request.form()).get(CSRF_FIELD)
    check_csrf(request, token)
    return account


def _here(request: Request) -> str:
    # For an HTMX fragment, the page to return to is the one the browser shows, not the fragment's URL.
    current = request.headers.get("hx-current-url")
    if current:
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


ConsoleAccount = Annotated[Account, Depends(console_account)]
CsrfAccount = Annotated[Account, Depends(csrf_account)]
