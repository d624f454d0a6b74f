"""A scripted text model for unit tests of the writer: no weights, no network, fully deterministic."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable

from shopforge.models.base import Completion, CompletionRequest, ModelError

Script = Callable[[CompletionRequest], "str | Completion"]


class ScriptedModel:
    """Answers from a queue of canned responses (in order) or from a function of the request.

    Every request is recorded in ``requests`` so a test can assert on the prompts the writer built. An
    exhausted queue raises ``ModelError`` -- the same error a real provider raises -- so tests can also
    exercise the writer's failure path.
    """

    backend = "fake"

    def __init__(
        self,
        responses: Iterable[str | Completion] = (),
        *,
        respond: Script | None = None,
        model_id: str = "scripted",
    ) -> None:
        self.model_id = model_id
        self._queue: deque[str | Completion] = deque(responses)
        self._respond = respond
        self._lock = threading.Lock()  # the writer may run jobs on worker threads
        self.requests: list[CompletionRequest] = []

    def push(self, *responses: str | Completion) -> None:
        """Queue more responses (after those already queued)."""
        with self._lock:
            self._queue.extend(responses)

    @property
    def remaining(self) -> int:
        return len(self._queue)

    def complete(self, request: CompletionRequest) -> Completion:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                answer: str | Completion = self._queue.popleft()
            elif self._respond is not None:
                answer = self._respond(request)
            else:
                raise ModelError(
                    f"ScriptedModel {self.model_id!r} has no response queued for request "
                    f"#{len(self.requests)} (prompt starts {request.prompt[:60]!r})"
                )
        if isinstance(answer, Completion):
            return answer
        # a rough whitespace count stands in for tokens so callers that sum usage see non-zero numbers
        return Completion(
            text=answer,
            model=self.model_id,
            prompt_tokens=len(request.prompt.split()),
            completion_tokens=len(answer.split()),
            seconds=0.0,
        )
