"""Fault matrix through the core: each scenario checks the verdict, that nothing hangs,
and that the failure is one line naming its cause."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from components import (
    Backoff,
    ClientSettings,
    JobNotFoundError,
    ServiceError,
    Waiter,
    describe_job,
    make_client,
    require_succeeded,
    wait_for_job,
)
from emulator.testing import EmulatorProcess
from tests.conftest import REGION
from tests.support import HANG_GUARD_SECONDS, SCENARIOS, Scenario, free_port, wait_until


def fast_client(url: str, **settings: Any) -> Any:
    return make_client(ClientSettings(region=REGION, endpoint_url=url, max_attempts=2, **settings))


FAST = Waiter(timeout=20, backoff=Backoff(min_delay=0.05, max_delay=0.3), max_consecutive_errors=3)


def assert_one_line(error: Exception, *words: str) -> None:
    message = str(error)
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_fault_scenario_through_the_core(scenario: Scenario, faults: EmulatorProcess) -> None:
    # A FAILED flip needs a job that is still PENDING when the test flips it.
    job_id = faults.seed_job(duration=3600 if scenario.outcome == "FAILED" else 0.3)
    client = fast_client(faults.url)
    faults.set_faults(**{**scenario.faults, "operations": ["DescribePackageImportJob"]})
    flipped = threading.Event()

    def flip(job: Any, elapsed: float) -> None:
        if scenario.outcome == "FAILED" and not flipped.is_set():
            flipped.set()
            faults.admin("PATCH", f"jobs/{job_id}", {"Status": "FAILED", "StatusMessage": "flipped by the test"})

    started = time.monotonic()
    if scenario.error is None:
        assert require_succeeded(wait_for_job(client, job_id, FAST, flip)).status == "SUCCEEDED"
    else:
        with pytest.raises(scenario.error) as info:
            require_succeeded(wait_for_job(client, job_id, FAST, flip))
        assert_one_line(info.value, *scenario.words)
    assert time.monotonic() - started < HANG_GUARD_SECONDS


def test_malformed_body_on_a_single_describe_is_a_clear_service_error(faults: EmulatorProcess) -> None:
    job_id = faults.seed_job()
    faults.set_faults(malformed_next=1, operations=["DescribePackageImportJob"])
    with pytest.raises(ServiceError) as info:
        describe_job(fast_client(faults.url), job_id)
    assert_one_line(info.value, "could not be read")


def test_read_timeout_is_a_clear_service_error(faults: EmulatorProcess) -> None:
    job_id = faults.seed_job()
    faults.set_faults(latency_ms=1500)
    started = time.monotonic()
    with pytest.raises(ServiceError) as info:
        describe_job(fast_client(faults.url, read_timeout=0.3), job_id)
    assert_one_line(info.value, "read timeout")
    assert time.monotonic() - started < HANG_GUARD_SECONDS


def test_unreachable_endpoint_is_a_clear_service_error() -> None:
    port = free_port()  # nobody listens on it
    started = time.monotonic()
    with pytest.raises(ServiceError) as info:
        wait_for_job(fast_client(f"http://127.0.0.1:{port}"), "job-1", FAST)
    assert_one_line(info.value, "Could not connect")
    assert time.monotonic() - started < HANG_GUARD_SECONDS


def test_job_that_was_never_created_is_not_found(emulator: EmulatorProcess) -> None:
    with pytest.raises(JobNotFoundError) as info:
        wait_for_job(fast_client(emulator.url), "never-created", FAST)
    assert_one_line(info.value, "never-created", "not found")


def test_emulator_restart_mid_wait_with_state_file_resumes(tmp_path: Path) -> None:
    port = str(free_port())
    state = str(tmp_path / "state.json")
    first = EmulatorProcess("--port", port, "--state", state).start()
    job_id = first.seed_job(duration=3)
    client = fast_client(first.url)
    attempts: list[int] = []  # every describe request the wait sends, answered or not
    client.meta.events.register("before-send.panorama.DescribePackageImportJob", lambda **_: attempts.append(1))
    seen: list[str] = []
    result: list[Any] = []
    waiter = Waiter(timeout=30, backoff=Backoff(min_delay=0.2, max_delay=0.5), max_consecutive_errors=10)
    worker = threading.Thread(
        target=lambda: result.append(wait_for_job(client, job_id, waiter, lambda j, e: seen.append(j.status)))
    )
    worker.start()
    second: EmulatorProcess | None = None
    try:
        wait_until(lambda: bool(seen))
        first.stop()
        down_since = len(attempts)
        wait_until(lambda: len(attempts) >= down_since + 2)  # two requests have met the emulator down
        second = EmulatorProcess("--port", port, "--state", state).start()
        worker.join(HANG_GUARD_SECONDS)
        assert result and result[0].status == "SUCCEEDED"
        assert seen[0] == "PENDING"
    finally:
        first.stop()
        if second:
            second.stop()
        worker.join(HANG_GUARD_SECONDS)
