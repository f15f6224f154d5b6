"""What `wait` shows while it waits: a live per-job view on a terminal, one line per status
change in a log, and the final table fitted to the terminal.

`rich` is imported only on a terminal, so a pipeline step pays nothing for it at start-up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from .errors import one_line
from .job import ImportJob
from .waiting import JobOutcome

Clock = Callable[[], float]


def format_duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


@dataclass
class JobView:
    """One job as the watcher last saw it."""

    job_id: str
    status: str = "waiting for first check"
    since: float = 0.0
    """When the job entered its current status (watcher clock)."""
    next_check: float | None = None
    """When the next poll is due (watcher clock)."""


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
                view.status, view.since = job.status, now
            view.next_check = None
        if changed and self.on_change:
            self.on_change(view, now - self.started)

    def sleeping(self, seconds: float) -> None:
        """Called by the waiting thread before it sleeps until its next poll."""
        job_id = getattr(self._current, "job_id", None)
        if job_id is not None:
            with self._lock:
                if job_id in self.jobs:
                    self.jobs[job_id].next_check = self.clock() + seconds

    def sleep_until_cancelled(self, cancel: threading.Event) -> Callable[[float], bool]:
        """A waiter `sleep` that records the next check and returns early (True) once ``cancel`` is set."""

        def sleep(seconds: float) -> bool:
            self.sleeping(seconds)
            return cancel.wait(seconds)

        return sleep

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


def print_changes(watch: Watch, out: TextIO) -> None:
    """For logs (no terminal): one line per status change, never one per poll."""

    def line(view: JobView, elapsed: float) -> None:
        out.write(f"{view.job_id}: {view.status} after {format_duration(elapsed)}\n")
        out.flush()

    watch.on_change = line


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


def _cells(outcome: JobOutcome) -> tuple[str, ...]:
    job = outcome.job
    message = str(outcome.error) if outcome.error else (job.status_message if job else "")
    return (
        outcome.job_id,
        outcome.verdict,
        job.package_id if job else "-",
        job.package_version if job else "-",
        job.patch_version if job else "-",
        one_line(message) if message else "",
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
