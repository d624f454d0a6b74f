"""``/accounts``: create an account (admin), read the caller's account, rotate its API key."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy.orm import Session

from shopforge.api.deps import AccountDep, SessionDep, require_admin
from shopforge.api.schemas import AccountCreate, AccountCreated, AccountPublic, ApiKeyIssued, error_responses
from shopforge.knowledge.rulepacks import UnknownPlatformError
from shopforge.store.accounts import AccountError, create_account, get_account, issue_api_key

router = APIRouter(prefix="/accounts", tags=["accounts"])
_UNPROCESSABLE = status.HTTP_422_UNPROCESSABLE_CONTENT


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_admin)],
    responses=error_responses(403, 409, 422),
)
def create(body: AccountCreate, session: SessionDep) -> AccountCreated:
    """Create an account and its first API key (shown once). Needs ``X-Admin-Token``."""
    try:
        account = create_account(
            session, body.name, body.platform, body.lang, brand_voice=body.brand_voice, audience=body.audience
        )
    except (AccountError, UnknownPlatformError) as exc:
        duplicate = _exists(session, body.name)
        raise HTTPException(status.HTTP_409_CONFLICT if duplicate else _UNPROCESSABLE, str(exc)) from None
    key = issue_api_key(session, account)
    return AccountCreated(**AccountPublic.model_validate(account).model_dump(), api_key=key)


@router.get("/me", responses=error_responses(401))
def me(account: AccountDep) -> AccountPublic:
    """The account the API key belongs to."""
    return AccountPublic.model_validate(account)


@router.post("/me/key", responses=error_responses(401))
def rotate_key(account: AccountDep, session: SessionDep) -> ApiKeyIssued:
    """Issue a new API key for the caller's account; the key used for this request stops working."""
    return ApiKeyIssued(api_key=issue_api_key(session, account))


def _exists(session: Session, name: str) -> bool:
    try:
        get_account(session, name.strip())
    except AccountError:
        return False
    return True
