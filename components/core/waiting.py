"""Describe, wait and gate: the operations built on DescribePackageImportJob.

Why our own poll loop instead of a botocore ``WaiterModel`` waiter: botocore
waiters poll at a fixed delay with a max-attempt count. A fixed delay trades
release latency against API calls (5 s polling is up to 5 s late on a 2 s job;
1 s polling makes 1,800 calls in 30 minutes), and an attempt count is not a
wall-clock timeout. Capped exponential backoff with jitter keeps both low, and
the loop reports every observation to a progress callback, which waiters cannot.
Retries of individual calls stay with botocore's retry modes (``adaptive`` by default: see ``client``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .backoff import Backoff
from .client import PanoramaClient, call_to, server_time
from .error_map import mapped, unreadable_answer
from .errors import (
    JobFailedError,
    ServiceError,
    WaitCancelledError,
    WaitTimeoutError,
)
from .job import SUCCEEDED, ImportJob
from .rules import JOB_ID, check
from .table import DEFAULT_WAIT_TIMEOUT

Progress = Callable[[ImportJob, float], None]
"""Called with every observed job state and the seconds elapsed since the wait began."""


@dataclass
class Waiter:
    """Poll policy plus its injectable clock, sleep and randomness (tests need no real waiting)."""

    timeout: float = DEFAULT_WAIT_TIMEOUT
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], float] = time.monotonic
    #: Sleeps for the given seconds; returns True to stop early (cancellation).
    sleep: Callable[[float], bool | None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    #: Polls in a row that may fail with a ServiceError (after botocore's own retries)
    #: before the wait gives up; a network blip or a restarting endpoint must not end a
    #: 30-minute gate, but an outage must not hold it until the timeout either.
    max_consecutive_errors: int = 5

    def __post_init__(self) -> None:
        if not 0 <= self.timeout < float("inf"):  # also refuses NaN, which would wait forever
            raise ValueError("timeout must be a finite number of seconds >= 0")


def describe_job(client: PanoramaClient, job_id: str) -> ImportJob:
    """One DescribePackageImportJob call, typed, with errors classified."""
    return observe_job(client, job_id)[0]


def observe_job(client: PanoramaClient, job_id: str) -> tuple[ImportJob, datetime | None]:
    """``describe_job``, plus the service's clock at the answer (None without a Date header)."""
    check("job_id", job_id, JOB_ID)
    call = call_to(client, "DescribePackageImportJob", job_id)
    with mapped(call):
        response = client.describe_package_import_job(JobId=job_id)
    try:
        return ImportJob.from_api(response), server_time(response)
    except KeyError as exc:
        # A required member is missing (an unparseable or foreign answer). Anything else raised here is a
        # bug and surfaces as one.
        raise unreadable_answer(call, response, f"missing {exc} for job {job_id}") from None


def wait_for_job(
    client: PanoramaClient, job_id: str, waiter: Waiter | None = None, on_progress: Progress | None = None
) -> ImportJob:
    """Poll until the job is SUCCEEDED or FAILED and return it; raise WaitTimeoutError past the timeout."""
    waiter = waiter or Waiter()
    check("job_id", job_id, JOB_ID)
    started = waiter.clock()
    failures = 0
    last_error: ServiceError | None = None
    last_status = "unknown (no poll succeeded)"
    last_job: ImportJob | None = None  # kept for a timeout: what was known, not just that time ran out
    age_at_start: float | None = None  # how old the job was when this wait began, by the service's clock
    while True:
        try:
            job, now = observe_job(client, job_id)
        except ServiceError as exc:
            failures += 1
            last_error = exc
            if failures >= waiter.max_consecutive_errors:
                raise
        else:
            failures = 0
            last_error = None
            last_status, last_job = job.status, job
            if now is not None:
                # The service's own clock against its own timestamp, so no local clock skew. Keep the
                # youngest estimate: one answer whose Date is ahead must not slow every later poll
                # (a too-young age only costs polls; the Date's whole seconds cost at most ~0.1 s).
                estimate = max(0.0, (now - job.created_time).total_seconds() - (waiter.clock() - started))
                age_at_start = estimate if age_at_start is None else min(age_at_start, estimate)
            if on_progress:
                on_progress(job, waiter.clock() - started)
            if job.done:
                return job
        waited = waiter.clock() - started
        remaining = waiter.timeout - waited
        if remaining <= 0:
            if last_error is not None:  # the last poll failed: that, not the clock, is the news
                raise last_error
            raise WaitTimeoutError(job_id, waited, last_status, job=last_job)
        # Poll at the pace of the job's age; never sleep past the deadline (the last poll lands on it).
        if waiter.sleep(min(waiter.backoff.for_age((age_at_start or 0.0) + waited, waiter.rng), remaining)):
            raise WaitCancelledError(job_id, waiter.clock() - started, last_status)


def require_succeeded(job: ImportJob) -> ImportJob:
    """The gate: return the job if it SUCCEEDED, raise JobFailedError otherwise."""
    if job.status != SUCCEEDED:
        raise JobFailedError(job)
    return job
