"""Status lines while a gate waits: short, at status changes and about every 30 s, then one lasting line.

Pulumi-free. The provider plugin sends them to the engine as log messages attached to
the resource (ephemeral while PENDING); the dynamic provider prints them, and Pulumi
shows a dynamic provider's output under the stack.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .job import ImportJob
from .watch import format_duration

#: Seconds between repeated lines while the status stays the same.
REPEAT_SECONDS = 30.0

Send = Callable[[str, bool], None]
"""Receives a line and whether it is ephemeral (replaced by the next one) or lasting."""


class ProgressLines:
    """An ``on_progress`` callback for waits: decides when to say what, and hands lines to ``send``."""

    def __init__(self, send: Send, clock: Callable[[], float] = time.monotonic) -> None:
        self._send = send
        self._clock = clock
        self._lock = threading.Lock()
        self._last_status: str | None = None
        self._last_sent = 0.0

    def __call__(self, job: ImportJob, elapsed: float) -> None:
        if job.done:
            self._send(f"Package import job {job.job_id} {job.status} after {format_duration(elapsed)}.", False)
            return
        with self._lock:  # decide under the lock; send outside it, so a slow receiver blocks nobody else
            now = self._clock()
            if job.status == self._last_status and now - self._last_sent < REPEAT_SECONDS:
                return
            self._last_status, self._last_sent = job.status, now
        self._send(f"{job.job_id} {job.status} for {format_duration(elapsed)}", True)
