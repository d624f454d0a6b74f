"""Generate: pick products, kinds and a backend, and start a job (a double submit returns the same job)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from shopforge.api.deps import RunnerDep, SessionDep
from shopforge.copywriting.kinds import KINDS, UnknownKindError
from shopforge.jobs.generate import GenerateParams, JobError, create_generate_job
from shopforge.models.registry import available_text_models
from shopforge.store.models import Account
from shopforge.web import queries
from shopforge.web.auth import ConsoleAccount, CsrfAccount
from shopforge.web.once import ONCE_FIELD
from shopforge.web.render import CONSOLE_PREFIX, redirect, render
from shopforge.web.state import console_state

router = APIRouter(prefix=CONSOLE_PREFIX, include_in_schema=False)

MAX_SKUS = 5000
_SKU_SEPARATORS = re.compile(r"[\s,;]+")


@router.get("/generate")
def generate_form(
    request: Request,
    db: SessionDep,
    account: ConsoleAccount,
    sku: Annotated[list[str] | None, Query()] = None,
) -> Response:
    selected = list(dict.fromkeys(sku or []))[:MAX_SKUS]
    return _form_page(request, db, account, selected=selected, kinds=["title", "bullets"], status=200)


@router.post("/generate")
def start_generation(
    request: Request,
    db: SessionDep,
    account: CsrfAccount,
    runner: RunnerDep,
    scope: Annotated[str, Form()] = "selected",
    sku: Annotated[list[str] | None, Form()] = None,
    more_skus: Annotated[str, Form(max_length=200_000)] = "",
    kind: Annotated[list[str] | None, Form()] = None,
    backend: Annotated[str, Form()] = "",
    once: Annotated[str, Form(alias=ONCE_FIELD, max_length=64)] = "",
) -> Response:
    settings = console_state(request).settings
    skus = list(dict.fromkeys([*(sku or []), *(s for s in _SKU_SEPARATORS.split(more_skus) if s)]))
    kinds = list(dict.fromkeys(kind or []))
    backend = backend or settings.default_backend
    error, detail = _check(scope, skus, kinds, backend)
    if not error:
        params = GenerateParams(tuple(kinds), backend, () if scope == "all" else tuple(skus))
        try:
            job_id = console_state(request).once.run(
                account.id, "generate", once, lambda: _start(db, account, params, runner)
            )
            return redirect(request, f"{CONSOLE_PREFIX}/jobs/{job_id}")
        except (JobError, UnknownKindError) as exc:
            error, detail = "generate.failed", str(exc)
    return _form_page(
        request, db, account, selected=skus, kinds=kinds, status=422, error=error, detail=detail,
        backend=backend, scope=scope,
    )


def _check(scope: str, skus: list[str], kinds: list[str], backend: str) -> tuple[str, str]:
    if not kinds:
        return "generate.no_kind", ""
    if any(k not in KINDS for k in kinds):
        return "generate.failed", f"unknown kind; known: {', '.join(KINDS)}"
    if backend not in available_text_models():
        return "generate.failed", f"unknown backend {backend!r}; available: {', '.join(available_text_models())}"
    if scope != "all" and not skus:
        return "generate.no_products", ""
    if len(skus) > MAX_SKUS:
        return "generate.failed", f"at most {MAX_SKUS} SKUs per job; choose all products instead"
    return "", ""


def _start(db: Session, account: Account, params: GenerateParams, runner: RunnerDep) -> int:
    job = create_generate_job(db, account, params)
    db.commit()  # the runner's thread reads the job from the database: it must be stored first
    runner.submit(job.id)
    return job.id


def _form_page(
    request: Request,
    db: Session,
    account: Account,
    *,
    selected: list[str],
    kinds: list[str],
    status: int,
    error: str = "",
    detail: str = "",
    backend: str = "",
    scope: str = "",
) -> Response:
    settings = console_state(request).settings
    context = {
        "selected": selected,
        "scope": scope or ("selected" if selected else "all"),
        "kinds": kinds,
        "all_kinds": KINDS,
        "backends": available_text_models(),
        "backend": backend or settings.default_backend,
        "product_count": queries.count_products(db, account),
        "error": error,
        "detail": detail,
        "nav": "generate",
    }
    return render(request, "generate.html", context, account=account, status=status)
