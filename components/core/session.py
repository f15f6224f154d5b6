"""One wait session per process: how every front end waits.

A :class:`WaitSession` holds what all the waits of a process share: the cancel event every wait watches (the
engine's Cancel, Ctrl-C on the CLI), the worker threads the waits run in, and how a poll policy is built from
the options a gate or a command gives. The CLI makes one per run; the dynamic provider's server and the
plugin one per provider process. Each wait then carries only what is its own (:class:`Waiting`): the lines
it reports progress to, and the engine's limit when it is shorter than `wait_timeout_seconds`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from . import table as p
from .backoff import Backoff
from .client import PanoramaClient
from .errors import PanoramaGateError, WaitTimeoutError
from .job import ImportJob
from .model import Inputs, Steering
from .table import job_outputs
from .waiting import Progress, Waiter, describe_job, wait_for_job

# One thread per job up to this many: a waiting thread mostly sleeps, and a job must never queue behind
# another job's whole wait (total time tracks the slowest job). The dynamic provider's server widens its own
# pool to it too (`dynamic.server_hooks`).
MAX_CONCURRENCY = 256

T = TypeVar("T")
R = TypeVar("R")


class WaitSession:
    """The cancel event, the worker threads and the poll policy that every wait of one process shares."""

    def __init__(self, max_workers: int = MAX_CONCURRENCY) -> None:
        self.cancel = threading.Event()
        """Set once to end every wait of the session at its next sleep."""
        self._max_workers = max_workers
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The session's worker threads, started on first use."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._max_workers, thread_name_prefix="gate-wait")
            return self._pool

    def policy(
        self, steering: Steering, cap: float | None = None, on_sleep: Callable[[float], object] | None = None
    ) -> Waiter:
        """The poll policy the options ask for (defaults from the property table), bounded by ``cap`` (the
        engine's limit); its sleeps end at once when the session is cancelled. ``on_sleep`` hears of each
        sleep before it starts (a view that shows the next check)."""
        timeout = _seconds(steering.wait_timeout_seconds, p.DEFAULT_WAIT_TIMEOUT)
        if cap is not None:
            timeout = min(timeout, cap)
        min_delay = _seconds(steering.poll_min_delay_seconds, p.DEFAULT_POLL_MIN_DELAY) or p.DEFAULT_POLL_MIN_DELAY
        # State written before `check` refused min > max still waits (with the smaller delay for both).
        max_delay = max(
            min_delay, _seconds(steering.poll_max_delay_seconds, p.DEFAULT_POLL_MAX_DELAY) or p.DEFAULT_POLL_MAX_DELAY
        )
        waiter = Waiter(timeout=timeout, backoff=Backoff(min_delay=min_delay, max_delay=max_delay))
        waiter.sleep = self._sleep(on_sleep)
        return waiter

    def _sleep(self, on_sleep: Callable[[float], object] | None) -> Callable[[float], bool]:
        def sleep(seconds: float) -> bool:
            if on_sleep is not None:
                on_sleep(seconds)
            return self.cancel.wait(seconds)  # True (cancelled) ends the wait at once

        return sleep

    def close(self) -> None:
        """Let the worker threads go once their work is done."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def each(self, items: Sequence[T], work: Callable[[T], R]) -> list[R]:
        """``work`` on every item at once in the session's threads (one item runs in the caller's thread)."""
        if len(items) == 1:
            return [work(items[0])]
        return list(self.pool.map(work, items))


def _seconds(value: float | None, default: float) -> float:
    return default if value is None else float(value)


#: Verdicts beyond the job statuses: the wait ran out, or the job could not be checked.
TIMEOUT = "TIMEOUT"
ERROR = "ERROR"


@dataclass(frozen=True)
class JobOutcome:
    """The independent result of checking or waiting on one job (a timeout has both the last observed
    ``job`` and the ``error``)."""

    job_id: str
    job: ImportJob | None = None
    error: PanoramaGateError | None = None

    @property
    def verdict(self) -> str:
        """SUCCEEDED, FAILED, PENDING, TIMEOUT or ERROR."""
        if isinstance(self.error, WaitTimeoutError):
            return TIMEOUT
        if self.error is not None:
            return ERROR
        assert self.job is not None
        return self.job.status

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"job_id": self.job_id, "verdict": self.verdict}
        if self.job is not None:
            data.update(job_outputs(self.job))
        if self.error is not None:
            data["error"] = str(self.error)
            data["error_type"] = type(self.error).__name__
        return data


def outcome(job_id: str, work: Callable[[], ImportJob]) -> JobOutcome:
    """The outcome of checking or waiting on one job: the job, or the error (a gate error is an outcome)."""
    try:
        return JobOutcome(job_id, job=work())
    except PanoramaGateError as exc:
        # A timeout keeps the job as last observed: its status and package fields are still known.
        return JobOutcome(job_id, job=exc.job if isinstance(exc, WaitTimeoutError) else None, error=exc)


def outcomes(
    job_ids: Sequence[str], work: Callable[[str], ImportJob], session: WaitSession | None = None
) -> list[JobOutcome]:
    """``work`` on every job at once; each job's outcome stands alone."""

    def one(job_id: str) -> JobOutcome:
        return outcome(job_id, lambda: work(job_id))

    if session is not None:
        return session.each(job_ids, one)
    own = WaitSession(max_workers=max(1, min(MAX_CONCURRENCY, len(job_ids))))
    try:
        return own.each(job_ids, one)
    finally:
        own.close()


def describe_jobs(
    client: PanoramaClient, job_ids: Sequence[str], session: WaitSession | None = None
) -> list[JobOutcome]:
    """Describe N jobs concurrently on one shared client; each result stands alone."""
    return outcomes(job_ids, lambda job_id: describe_job(client, job_id), session)


def wait_for_jobs(
    client: PanoramaClient,
    job_ids: Sequence[str],
    waiter: Waiter | None = None,
    on_progress: Progress | None = None,
    session: WaitSession | None = None,
) -> list[JobOutcome]:
    """Wait on N jobs concurrently; total time tracks the slowest job, not the sum. A ``session`` ends every
    wait at its next sleep when it is cancelled (Ctrl-C): with no ``waiter``, the session's policy with the
    table's defaults is used; a ``waiter`` given should be one the session built (``session.policy``)."""
    policy = waiter or (session.policy(Inputs()) if session is not None else Waiter())
    return outcomes(job_ids, lambda job_id: wait_for_job(client, job_id, policy, on_progress), session)


@dataclass(frozen=True)
class Waiting:
    """One wait as its front end asks for it: the session it belongs to, where its progress goes, and the
    engine's limit (`customTimeouts`) when there is one."""

    session: WaitSession
    progress: Progress | None = None
    """Called with every observed job state and the seconds waited."""
    cap: float | None = None
    """A limit from the engine that may be shorter than ``wait_timeout_seconds``."""
    cap_name: str = "create"
    """The operation whose custom timeout ``cap`` is (named when it runs out)."""

    def policy(self, steering: Steering) -> Waiter:
        return self.session.policy(steering, self.cap)

    def capped(self, steering: Steering) -> bool:
        """True when the engine's limit, not ``wait_timeout_seconds``, bounds the wait."""
        own = _seconds(steering.wait_timeout_seconds, p.DEFAULT_WAIT_TIMEOUT)
        return self.cap is not None and self.cap < own
