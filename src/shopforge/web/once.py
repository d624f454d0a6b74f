"""Double-submit protection: each form carries a one-time token; a second submit gets the first result.

The browser also disables a form's button once submitted, but a double click, a resent request or a reload of
the POST must not start a second job or export: the server remembers what each token produced.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
ONCE_FIELD = "once"


def new_token() -> str:
    return secrets.token_urlsafe(16)


class OnceStore:
    """Results by (account, action, token), the most recent ``capacity`` of them, in this process."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._results: OrderedDict[tuple[int, str, str], object] = OrderedDict()
        # One lock for all: the second of two simultaneous submits waits for the first and reuses its result.
        self._lock = threading.Lock()

    def run(self, account_id: int, action: str, token: str, make: Callable[[], T]) -> T:
        """``make()``'s result for this token, computing it only the first time (a failure is not kept)."""
        if not token:
            return make()
        key = (account_id, action, token)
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]  # type: ignore[return-value]
            result = make()
            self._results[key] = result
            if len(self._results) > self._capacity:
                self._results.popitem(last=False)
            return result
