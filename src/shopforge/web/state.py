"""What the console keeps per app (built once in ``mount_console``; nothing is created at import time)."""

from __future__ import annotations

from dataclasses import dataclass

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


def console_state(request: Request) -> ConsoleState:
    state: ConsoleState = request.app.state.console
    return state
