"""What the console keeps per app (built once in ``mount_console``; nothing is created at import time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from jinja2 import Environment

from shopforge.settings import Settings
from shopforge.web.auth import SessionCodec
from shopforge.web.i18n import MessageCatalogue
from shopforge.web.once import OnceStore


@dataclass
class ConsoleState:
    settings: Settings
    templates: Environment
    codec: SessionCodec
    catalogue: MessageCatalogue
    once: OnceStore
    # image analyzers of the optimization page, per platform: they cache measurements of each photo, so only the
    # first diagnosis of a product pays for segmentation and OCR
    analyzers: dict[str, Any] = field(default_factory=dict)


def console_state(request: Request) -> ConsoleState:
    state: ConsoleState = request.app.state.console
    return state
