"""Console exceptions, turned into pages (not JSON) by the handlers ``mount_console`` installs."""

from __future__ import annotations


class SignInRequired(Exception):
    """No valid session: the browser is sent to the sign-in page, then back to ``next_url``."""

    def __init__(self, next_url: str, *, expired: bool = False) -> None:
        super().__init__(next_url)
        self.next_url = next_url
        self.expired = expired


class ConsoleError(Exception):
    """An error page: ``message_key`` is a message catalogue key, ``detail`` a reason shown beneath it."""

    def __init__(self, status: int, message_key: str, detail: str = "") -> None:
        super().__init__(f"{status} {message_key}: {detail}")
        self.status = status
        self.message_key = message_key
        self.detail = detail


def not_found(what: str = "") -> ConsoleError:
    # The same page whether the id does not exist or belongs to another shop: nothing leaks either way.
    return ConsoleError(404, "error.not_found", what)
