"""What `wait` shows while it waits: a live per-job view on a terminal; in a log, one line per status
change and a heartbeat line when nothing was printed for a while; and the final table fitted to the terminal.

`rich` is imported only on a terminal, so a pipeline step pays nothing for it at start-up.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from ..core.errors import (
    AccessDeniedError,
    ConfigurationError,
    CredentialsError,
    EndpointError,
    JobNotFoundError,
    PanoramaGateError,
    RequestRejectedError,
    ServiceError,
    WaitCancelledError,
    one_line,
)
from ..core.job import ImportJob
from ..core.progress import format_duration
from ..core.session import TIMEOUT, JobOutcome

Clock = Callable[[], float]


#: A job's status before its first poll answered.
NOT_CHECKED = "waiting for first check"


@dataclass
class JobView:
    """One job as the watcher last saw it."""

    job_id: str
    status: str = NOT_CHECKED
    since: float = 0.0
    """When the job entered its current status (watcher clock)."""
    next_check: float | None = None
    """When the next poll is due (watcher clock)."""
    ended: bool = False
    """The wait on this job is over (a final status, a timeout or an error)."""
    already: bool = False
    """The job had finished before the first poll (it was not waited on)."""


class Watch:
    """Thread-safe record of every job's status, fed by the waiter's progress and sleep hooks."""

    def __init__(self, job_ids: Sequence[str], clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.jobs = {job_id: JobView(job_id, since=self.started) for job_id in job_ids}
        self._lock = threading.Lock()
        self._current = threading.local()  # the job this waiting thread polls
        self.on_change: Callable[[JobView, float], None] | None = None

    def observe(self, job: ImportJob, _elapsed: float) -> None:
        """The waiter's progress callback: called from the job's own thread after every poll."""
        # A finished job's thread may be reused for another job: forget it, so a failed first poll
        # of the next job cannot put that job's next check on this one.
        self._current.job_id = None if job.done else job.job_id
        now = self.clock()
        with self._lock:
            view = self.jobs.get(job.job_id)
            if view is None:  # an answer for a job we did not ask about
                return
            changed = view.status != job.status
            if changed:
                view.already = view.status == NOT_CHECKED and job.done
                view.status, view.since = job.status, now
            view.next_check = None
            view.ended = view.ended or job.done
        if changed and self.on_change:
            self.on_change(view, now - self.started)

    def finish(self, job_id: str, verdict: str) -> None:
        """The wait on a job is over. A verdict that is not the last status seen (TIMEOUT, ERROR) is a
        change too, so a log says when a job stopped being waited on, not only at the end."""
        now = self.clock()
        with self._lock:
            view = self.jobs.get(job_id)
            if view is None or view.ended:
                return
            view.ended, view.next_check = True, None
            changed = view.status != verdict
            if changed:
                view.status, view.since = verdict, now
        if changed and self.on_change:
            self.on_change(view, now - self.started)

    def waiting(self) -> list[JobView]:
        """Copies of the jobs still waited on, in the order they were given."""
        with self._lock:
            return [replace(view) for view in self.jobs.values() if not view.ended]

    def sleeping(self, seconds: float) -> None:
        """Called by the waiting thread before it sleeps until its next poll."""
        job_id = getattr(self._current, "job_id", None)
        if job_id is not None:
            with self._lock:
                if job_id in self.jobs:
                    self.jobs[job_id].next_check = self.clock() + seconds

    def rows(self) -> list[tuple[str, str, str, str]]:
        """Job, status, time in that status, next check: the live view's rows."""
        now = self.clock()
        with self._lock:
            return [
                (
                    view.job_id,
                    view.status,
                    format_duration(now - view.since),
                    "-" if view.next_check is None else f"in {max(0.0, view.next_check - now):.0f}s",
                )
                for view in self.jobs.values()
            ]


#: Seconds without a line after which a log gets a heartbeat line (`wait --heartbeat`).
DEFAULT_HEARTBEAT = 60.0
#: Job IDs a heartbeat over several jobs names before "and N more": it stays one line for any number.
HEARTBEAT_NAMES = 3


def heartbeat_line(waiting: Sequence[JobView], elapsed: float) -> str | None:
    """``pij-a: still PENDING at 2m00s`` for one job; for several, one line of counts by status and a
    few IDs, ``still waiting at 2m00s: 480 PENDING (pij-a, pij-b, pij-c and 477 more)``; None for none."""
    if not waiting:
        return None
    at = format_duration(elapsed)
    if len(waiting) == 1:
        return f"{waiting[0].job_id}: still {waiting[0].status} at {at}"
    counts = ", ".join(f"{n} {status}" for status, n in Counter(view.status for view in waiting).items())
    names = ", ".join(view.job_id for view in waiting[:HEARTBEAT_NAMES])
    if len(waiting) > HEARTBEAT_NAMES:
        names += f" and {len(waiting) - HEARTBEAT_NAMES} more"
    return f"still waiting at {at}: {counts} ({names})"


class LogLines:
    """For logs (no terminal): one line per status change, never one per poll (``pij-a: PENDING at 0s``,
    ``pij-a: SUCCEEDED at 2m10s``: time since the wait began), and a heartbeat line once ``heartbeat``
    seconds pass without any line, so a CI "no output" timeout does not fire while jobs stay PENDING.
    ``heartbeat`` 0 turns the heartbeat off. Call ``start`` to run the heartbeat and ``close`` to stop
    all output."""

    def __init__(self, watch: Watch, out: TextIO, heartbeat: float = DEFAULT_HEARTBEAT) -> None:
        self.watch, self.out, self.heartbeat = watch, out, heartbeat
        self._lock = threading.Lock()  # one writer at a time; nothing is written once closed
        self._closed = threading.Event()
        self._last_line = watch.started
        watch.on_change = self._changed

    def _changed(self, view: JobView, elapsed: float) -> None:
        with self._lock:
            if view.already:  # "SUCCEEDED at 0s" would read as a 0-second import
                self._write(f"{view.job_id}: already {view.status}")
            else:
                self._write(f"{view.job_id}: {view.status} at {format_duration(elapsed)}")

    def _write(self, line: str) -> None:
        """Print ``line`` (the lock held) and restart the heartbeat's count."""
        if self._closed.is_set():
            return
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except OSError:  # the reader went away (`| head`) or the disk is full: the wait goes on, silently
            self._closed.set()
        self._last_line = self.watch.clock()

    def tick(self) -> float:
        """Print a heartbeat if one is due; return the seconds until the next one can be."""
        with self._lock:
            now = self.watch.clock()
            due = self._last_line + self.heartbeat
            if now < due:
                return due - now
            line = heartbeat_line(self.watch.waiting(), now - self.watch.started)
            if line is not None:  # None: every job is done, and the table follows
                self._write(line)
            return self.heartbeat

    def start(self) -> LogLines:
        if self.heartbeat > 0:
            threading.Thread(target=self._beat, name="heartbeat", daemon=True).start()
        return self

    def _beat(self) -> None:
        delay = self.heartbeat
        while not self._closed.wait(delay):
            delay = self.tick()

    def close(self) -> None:
        with self._lock:
            self._closed.set()


class LiveView:
    """A per-job table redrawn in place on a terminal (rich), until closed."""

    def __init__(self, watch: Watch, err: TextIO) -> None:
        from rich.console import Console
        from rich.live import Live

        self.watch = watch
        self.live = Live(get_renderable=self._render, console=Console(file=err), refresh_per_second=4, transient=True)
        self.live.start()

    def _render(self) -> Any:
        from rich.table import Table

        table = Table(title=f"waiting {format_duration(self.watch.clock() - self.watch.started)}", title_justify="left")
        for header in ("JOB ID", "STATUS", "FOR", "NEXT CHECK"):
            table.add_column(header, no_wrap=True, overflow="ellipsis")
        for row in self.watch.rows():
            table.add_row(*row)
        return table

    def close(self) -> None:
        self.live.stop()


#: What an ERROR row says in its message cell: the whole sentence is on stderr, said once.
_ERROR_CELLS: tuple[tuple[type[PanoramaGateError], str], ...] = (
    (JobNotFoundError, "not found (see the error)"),
    (AccessDeniedError, "access denied (see the error)"),
    (CredentialsError, "credentials refused (see the error)"),
    (EndpointError, "not a Panorama endpoint (see the error)"),
    (ConfigurationError, "a setting to check (see the error)"),
    (RequestRejectedError, "request rejected (see the error)"),
    (ServiceError, "service or network failure (see the error)"),
    (WaitCancelledError, "wait cancelled"),
)


def _error_cell(error: PanoramaGateError) -> str:
    return next((cell for kind, cell in _ERROR_CELLS if isinstance(error, kind)), "error (see the error)")


def _cells(outcome: JobOutcome) -> tuple[str, ...]:
    job = outcome.job
    # A row with a job (a timeout too) shows what the job last said; stderr says why the wait ended.
    if job is not None:
        message = one_line(job.status_message) if job.status_message else ""
    else:
        message = _error_cell(outcome.error) if outcome.error else ""
    verdict = outcome.verdict
    return (
        outcome.job_id,
        f"{verdict} ({job.status})" if verdict == TIMEOUT and job else verdict,
        job.package_id if job else "-",
        job.package_version if job else "-",
        job.patch_version if job else "-",
        message,
    )


HEADERS = ("JOB ID", "STATUS", "PACKAGE ID", "VERSION", "PATCH", "MESSAGE")


#: The message gives way when the table is wider than the terminal, down to this many characters.
#: Identifiers (job, package, patch) are never cut: people copy them.
MESSAGE_FLOOR = 10


def _clip(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: max(0, width - 1)] + "…"


def fit_widths(rows: Sequence[Sequence[str]], width: int | None) -> list[int] | None:
    """Column widths for the table. With a terminal ``width``, only the message gives way (down to
    ``MESSAGE_FLOOR``); None when even that is too wide (then each job is printed as a block)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    if width is None:
        return widths
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    widths[-1] -= min(max(excess, 0), max(widths[-1] - MESSAGE_FLOOR, 0))
    return widths if sum(widths) + 2 * (len(widths) - 1) <= width else None


def _print_blocks(rows: Sequence[Sequence[str]], out: TextIO, width: int) -> None:
    """A terminal too narrow for the table: one block per job, every identifier whole, the message clipped."""
    for job_id, status, package_id, version, patch, message in rows:
        print(f"{job_id}  {status}", file=out)
        print(f"  package  {package_id}", file=out)
        print(f"  version  {version}", file=out)
        print(f"  patch    {patch}", file=out)
        if message:
            print(_clip(f"  message  {message}", width), file=out)


def print_table(outcomes: Sequence[JobOutcome], out: TextIO, width: int | None = None) -> None:
    """The final table, one row per job. Given a terminal ``width`` it fits it: the message ends in an
    ellipsis and nothing wraps; narrower than the identifiers need, each job is a block of lines. In a
    log (no width) every cell is printed whole; `--json` keeps the full texts either way.

    (Written here rather than with rich's Table: with no-wrap columns rich 15 drops whole columns,
    such as STATUS, when a message is wider than the terminal.)
    """
    rows = [HEADERS, *(_cells(o) for o in outcomes)]
    widths = fit_widths(rows, width)
    if widths is None:
        _print_blocks(rows[1:], out, width or 0)
        return
    for row in rows:
        cells = [_clip(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip(), file=out)
