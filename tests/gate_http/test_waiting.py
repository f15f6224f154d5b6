"""Wait, gate, fan-out and find, over real HTTP against the emulator."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from components import (
    AccessDeniedError,
    Backoff,
    ImportJob,
    JobFailedError,
    JobNotFoundError,
    PackageJobNotFoundError,
    ServiceError,
    Waiter,
    WaitTimeoutError,
    describe_jobs,
    find_latest_succeeded,
    require_succeeded,
    wait_for_job,
    wait_for_jobs,
)
from emulator.testing import EmulatorProcess

FAST = Waiter(timeout=30, backoff=Backoff(min_delay=0.05, max_delay=0.2))


def test_wait_returns_when_a_pending_job_succeeds(client: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=0.6)
    seen: list[tuple[str, float]] = []
    job = wait_for_job(client, job_id, FAST, on_progress=lambda j, elapsed: seen.append((j.status, elapsed)))
    assert job.status == "SUCCEEDED"
    assert seen[0][0] == "PENDING" and seen[-1][0] == "SUCCEEDED"
    assert [e for _, e in seen] == sorted(e for _, e in seen)
    assert require_succeeded(job) is job


def test_failed_job_gate_carries_status_message_and_job_id(client: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(outcome="FAILED", duration=0.2, message="Manifest lists no interfaces.")
    job = wait_for_job(client, job_id, FAST)
    with pytest.raises(JobFailedError) as info:
        require_succeeded(job)
    assert info.value.job_id == job_id
    assert info.value.status_message == "Manifest lists no interfaces."
    assert job_id in str(info.value) and "Manifest lists no interfaces." in str(info.value)
    assert "\n" not in str(info.value)


def test_timeout_names_elapsed_time_and_last_status(client: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    with pytest.raises(WaitTimeoutError) as info:
        wait_for_job(client, job_id, Waiter(timeout=0.5, backoff=Backoff(min_delay=0.1, max_delay=0.2)))
    assert info.value.last_status == "PENDING"
    assert 0.5 <= info.value.elapsed < 5
    assert "PENDING" in str(info.value) and job_id in str(info.value)


def test_timeout_with_injected_clock_never_sleeps_past_the_deadline(client: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    waiter = Waiter(timeout=60, backoff=Backoff(min_delay=1, max_delay=8, jitter=0), clock=lambda: now[0], sleep=sleep)
    with pytest.raises(WaitTimeoutError) as info:
        wait_for_job(client, job_id, waiter)
    assert sum(sleeps) == pytest.approx(60)
    assert max(sleeps) <= 8
    assert info.value.elapsed == pytest.approx(60)


def test_unknown_job_is_not_found(client: Any) -> None:
    with pytest.raises(JobNotFoundError) as info:
        wait_for_job(client, "never-created-job", FAST)
    assert "never-created-job" in str(info.value)


def test_access_denied_names_the_iam_action(client: Any, faults: EmulatorProcess) -> None:
    job_id = faults.seed_job()
    faults.set_faults(deny_operations=["DescribePackageImportJob"])
    with pytest.raises(AccessDeniedError) as info:
        wait_for_job(client, job_id, FAST)
    assert "panorama:DescribePackageImportJob" in str(info.value)


def test_throttling_burst_that_clears_is_retried_by_botocore(client: Any, faults: EmulatorProcess) -> None:
    job_id = faults.seed_job()
    faults.set_faults(throttle_next=2, operations=["DescribePackageImportJob"])
    assert wait_for_job(client, job_id, FAST).status == "SUCCEEDED"
    assert faults.counters()["responses"].get("ThrottlingException", 0) >= 2


def test_server_errors_that_persist_become_one_service_error(client: Any, faults: EmulatorProcess) -> None:
    job_id = faults.seed_job()
    faults.set_faults(error_rate=1.0, retry_after_seconds=0, operations=["DescribePackageImportJob"])
    with pytest.raises(ServiceError) as info:
        wait_for_job(client, job_id, FAST)
    assert "InternalServerException" in str(info.value) and "3 attempts" in str(info.value)


def test_many_jobs_are_waited_on_concurrently_and_reported_independently(
    client: Any, emulator: EmulatorProcess
) -> None:
    good = [emulator.seed_job(duration=0.3) for _ in range(6)]
    bad = emulator.seed_job(outcome="FAILED", duration=0.3, message="broken")
    missing = "missing-job-id"
    ids = [*good, bad, missing]
    # Every job's first observation must happen while the others are also in flight:
    # a sequential loop could never get all 7 existing jobs through this barrier.
    barrier = threading.Barrier(len(ids) - 1, timeout=10)
    first_seen: set[str] = set()
    lock = threading.Lock()

    def progress(job: ImportJob, elapsed: float) -> None:
        with lock:
            first = job.job_id not in first_seen
            first_seen.add(job.job_id)
        if first:
            barrier.wait()

    outcomes = wait_for_jobs(client, ids, FAST, on_progress=progress)
    verdicts = {o.job_id: o.verdict for o in outcomes}
    assert [o.job_id for o in outcomes] == ids
    assert all(verdicts[j] == "SUCCEEDED" for j in good)
    assert verdicts[bad] == "FAILED"
    assert verdicts[missing] == "ERROR"
    assert isinstance(outcomes[-1].error, JobNotFoundError)


def test_describe_many_reports_pending_without_waiting(client: Any, emulator: EmulatorProcess) -> None:
    pending = emulator.seed_job(duration=3600)
    done = emulator.seed_job()
    assert [o.verdict for o in describe_jobs(client, [pending, done])] == ["PENDING", "SUCCEEDED"]


def test_find_returns_newest_succeeded_job_across_pages(client: Any, emulator: EmulatorProcess) -> None:
    emulator.seed_job(package_name="findme", package_version="5.0")
    for index in range(30):  # more than one page of 25
        emulator.seed_job(package_name="filler", package_version=f"1.{index}")
    newest = emulator.seed_job(package_name="findme", package_version="5.0")
    emulator.seed_job(package_name="findme", package_version="5.0", outcome="FAILED")
    emulator.seed_job(package_name="findme", package_version="5.0", duration=3600)
    assert find_latest_succeeded(client, "findme", "5.0").job_id == newest


def test_find_without_a_match_says_so(client: Any) -> None:
    with pytest.raises(PackageJobNotFoundError, match="nothing-here"):
        find_latest_succeeded(client, "nothing-here", "9.9")
