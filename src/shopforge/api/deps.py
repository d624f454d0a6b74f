"""Request dependencies: the transaction, the caller's account, the admin check, the job runner."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated, Protocol

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from shopforge.settings import Settings
from shopforge.store.accounts import account_for_api_key
from shopforge.store.db import Database
from shopforge.store.models import Account

ADMIN_DISABLED = "account creation over the API is disabled; use the CLI"

api_key_header = APIKeyHeader(name="X-API-Key", scheme_name="ApiKey", auto_error=False)
bearer_scheme = HTTPBearer(scheme_name="Bearer", auto_error=False)
admin_header = APIKeyHeader(name="X-Admin-Token", scheme_name="AdminToken", auto_error=False)


class JobSubmitter(Protocol):
    """What routes need from the app's job runner (``shopforge.api.app.JobRunner``)."""

    def submit(self, job_id: int) -> bool:
        """Queue the job unless it is already queued or running; True when it was queued."""
        ...

    def is_active(self, job_id: int) -> bool:
        """True while the job is queued or running in this process."""
        ...


def get_database(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_runner(request: Request) -> JobSubmitter:
    runner: JobSubmitter = request.app.state.runner
    return runner


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back if it raises."""
    with database.session() as session:
        yield session


# scope="function": the transaction ends (commits) before the response is sent, so a client that got a
# 2xx answer can rely on the change being stored, and a failing commit becomes a 500 instead of a lie.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RunnerDep = Annotated[JobSubmitter, Depends(get_runner)]


def current_account(
    session: SessionDep,
    api_key: Annotated[str | None, Security(api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> Account:
    """The account whose key is in ``X-API-Key`` or ``Authorization: Bearer <key>``; 401 otherwise."""
    key = api_key or (bearer.credentials if bearer else None)
    account = account_for_api_key(session, key) if key else None
    if account is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or invalid API key (send X-API-Key or Authorization: Bearer <key>)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return account


AccountDep = Annotated[Account, Depends(current_account)]


def require_admin(settings: SettingsDep, token: Annotated[str | None, Security(admin_header)]) -> None:
    """``X-Admin-Token`` must equal ``settings.admin_token``; with no admin token set, the endpoint is off."""
    expected = settings.admin_token
    if not expected:
        raise HTTPException(status.HTTP_403_FORBIDDEN, ADMIN_DISABLED)
    if not token or not secrets.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or invalid admin token (X-Admin-Token)")
