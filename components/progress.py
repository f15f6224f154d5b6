"""Status lines while a gate waits: the status first and short (`PENDING 1m40s pij-… (gate)`), so it
survives a narrow column, then one lasting line when the job is done.

Pulumi-free. Two kinds of receiver:

- **passing** (the provider plugin): each line is an ephemeral engine log message that replaces the
  one before on the row, so a line is sent at every poll and the age stays current;
- **lasting** (the dynamic provider): Pulumi keeps every line a dynamic provider prints, under the
  stack, so lines come at status changes and then at growing intervals (30 s, 1 m, 2 m, 4 m, then
  every 5 m): a 30-minute wait leaves 9 lines, not 60.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .job import ImportJob
from .watch import format_duration

#: Seconds between lasting lines while the status stays the same: the first gap, and the largest.
REPEAT_SECONDS = 30.0
MAX_REPEAT_SECONDS = 300.0

Send = Callable[[str, bool], None]
"""Receives a line and whether it is ephemeral (replaced by the next one) or lasting."""


class ProgressLines:
    """An ``on_progress`` callback for waits: decides when to say what, and hands lines to ``send``."""

    def __init__(
        self, send: Send, name: str = "", *, passing: bool = False, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """``name`` is the resource's name (several gates share the stack's row); ``passing`` says the
        receiver shows ephemeral lines as passing status."""
        self._send = send
        self._suffix = f" ({name})" if name else ""
        self._passing = passing
        self._clock = clock
        self._lock = threading.Lock()
        self._last_status: str | None = None
        self._last_sent = 0.0
        self._gap = REPEAT_SECONDS

    def __call__(self, job: ImportJob, elapsed: float) -> None:
        if job.done:
            self._send(f"Package import job {job.job_id} {job.status} after {format_duration(elapsed)}.", False)
            return
        if not self._passing and not self._due(job.status):
            return
        self._send(f"{job.status} {format_duration(elapsed)} {job.job_id}{self._suffix}", True)

    def _due(self, status: str) -> bool:
        """A lasting line is due at a status change, and then after a gap that doubles up to the cap."""
        with self._lock:  # decide under the lock; send outside it, so a slow receiver blocks nobody else
            now = self._clock()
            if status == self._last_status and now - self._last_sent < self._gap:
                return False
            if status == self._last_status:
                self._gap = min(self._gap * 2, MAX_REPEAT_SECONDS)
            else:
                self._gap = REPEAT_SECONDS
            self._last_status, self._last_sent = status, now
            return True
