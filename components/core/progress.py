"""Status lines while a gate waits: the status first and short (`PENDING pij-… (gate)`), so it survives a
narrow column, then one lasting line when the job is done. No age: a line shown on a row stays there until
the next one, so its age would freeze, while Pulumi's own Status column counts the time.

Pulumi-free. Two kinds of receiver:

- **passing** (the provider plugin): each line is an ephemeral engine log message that replaces the
  one before on the row. A terminal shows the latest; `--non-interactive` output prints each one as a
  line, so they come at status changes and then at doubling gaps from 5 s up to 1 min (a 30-minute wait
  prints about 35 lines per row);
- **lasting** (the dynamic provider): Pulumi keeps every line a dynamic provider prints, under the
  stack, so they come at status changes and then at doubling gaps from 30 s up to 5 min: a
  30-minute wait leaves 9 lines.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .job import ImportJob

#: Seconds between lines while the status stays the same: the first gap and the largest, for lasting
#: lines and for passing ones.
REPEAT_SECONDS = 30.0
MAX_REPEAT_SECONDS = 300.0
PASSING_REPEAT_SECONDS = 5.0
MAX_PASSING_REPEAT_SECONDS = 60.0


def format_duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


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
        self._first_gap, self._max_gap = (
            (PASSING_REPEAT_SECONDS, MAX_PASSING_REPEAT_SECONDS) if passing else (REPEAT_SECONDS, MAX_REPEAT_SECONDS)
        )
        self._clock = clock
        self._lock = threading.Lock()
        self._last_status: str | None = None
        self._last_sent = 0.0
        self._gap = self._first_gap

    def __call__(self, job: ImportJob, elapsed: float) -> None:
        if job.done:
            self._send(self._ended(job, elapsed), False)
            return
        if not self._due(job.status):
            return
        self._send(f"{job.status} {job.job_id}{self._suffix}", True)

    def _ended(self, job: ImportJob, elapsed: float) -> str:
        with self._lock:
            first = self._last_status is None
        if first:  # "SUCCEEDED after 0s" would read as a 0-second import
            return f"Package import job {job.job_id} was already {job.status}."
        return f"Package import job {job.job_id} {job.status} after {format_duration(elapsed)}."

    def _due(self, status: str) -> bool:
        """A line is due at a status change, and then after a gap that doubles up to the cap."""
        with self._lock:  # decide under the lock; send outside it, so a slow receiver blocks nobody else
            now = self._clock()
            if status == self._last_status and now - self._last_sent < self._gap:
                return False
            self._gap = min(self._gap * 2, self._max_gap) if status == self._last_status else self._first_gap
            self._last_status, self._last_sent = status, now
            return True
