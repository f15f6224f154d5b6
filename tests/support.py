"""Helpers any test module may use: waiting on a condition with a deadline, a free port, what the emulator
holds read through boto3 over HTTP (independent of the code under test), and the fault scenario table."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from components import AccessDeniedError, CredentialsError, JobFailedError, ServiceError
from emulator.testing import EmulatorProcess
from tests.conftest import FAKE_ACCESS_KEY


def built_once(tmp_path_factory: Any, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that ``build`` fills once per test run, shared by parallel workers: the first to need it builds
    it under a lock in the run's temporary root (each worker's own is below it), the others reuse it."""
    shared = os.environ.get("PYTEST_XDIST_WORKER") is not None
    base = Path(tmp_path_factory.getbasetemp())
    folder = (base.parent if shared else base) / "built-once" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


def wait_until(condition: Callable[[], bool], deadline_seconds: float = 10) -> None:
    """Poll ``condition`` every 50 ms; fail the test if it is not true within the deadline."""
    deadline = time.monotonic() + deadline_seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        time.sleep(0.05)


def emulator_client(emulator: EmulatorProcess) -> Any:
    return boto3.client("panorama", region_name="us-east-1", endpoint_url=emulator.url)


def every_page(list_call: Callable[..., Any], key: str) -> list[dict[str, Any]]:
    """All items of a List operation, following NextToken (the Panorama model ships no paginators)."""
    items: list[dict[str, Any]] = []
    token: dict[str, str] = {}
    while True:
        page = list_call(MaxResults=25, **token)
        items.extend(page[key])
        if "NextToken" not in page:
            return items
        token = {"NextToken": page["NextToken"]}


def described_jobs(emulator: EmulatorProcess) -> list[dict[str, Any]]:
    """Every job the emulator holds, oldest first, as DescribePackageImportJob answers it."""
    client = emulator_client(emulator)
    jobs = every_page(client.list_package_import_jobs, "PackageImportJobs")
    return [dict(client.describe_package_import_job(JobId=job["JobId"])) for job in jobs]


def free_port() -> int:
    """A free TCP port on 127.0.0.1, below the kernel's ephemeral range, for a server started afterwards.

    A port from the ephemeral range (what binding port 0 gives) can be taken meanwhile as the source port of
    any outgoing connection on this busy machine (pulumi, grpc, boto3 in parallel tests), or even by a client
    that knocks before its server is up: a connect to a local port nothing listens on may pick that very port
    as its source and connect to itself (TCP simultaneous open). Either way the server then cannot bind.
    """
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(10000, low), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port between 10000 and {low}")


#: How soon a cancelled wait must end. A correctness bound, not a performance goal (those are measured by
#: `make bench`): the jobs in these tests run for an hour, so a Cancel that does not reach the wait cannot pass,
#: while a busy machine (the suite runs in parallel workers on 2 cores) cannot make a working one fail.
CANCEL_BOUND_SECONDS = 5.0


# -- fault scenarios, run through the core (tests/gate_http) and the provider (tests/contract) --
# A hang guard, far above any scenario's expected time: a gate must never hang.
HANG_GUARD_SECONDS = 30


@dataclass(frozen=True)
class Scenario:
    name: str
    faults: dict[str, Any] = field(default_factory=dict)
    outcome: str = "SUCCEEDED"
    error: type[Exception] | None = None
    words: tuple[str, ...] = ()


SCENARIOS = [
    Scenario("throttling burst that clears", {"throttle_next": 3}),
    Scenario("throttling that never clears", {"throttle_rate": 1.0}, error=ServiceError, words=("throttling",)),
    Scenario("500 with Retry-After that clears", {"error_next": 3, "retry_after_seconds": 1}),
    Scenario(
        "500 that never clears",
        {"error_rate": 1.0, "retry_after_seconds": 0},
        error=ServiceError,
        words=("InternalServerException", "HTTP 500"),
    ),
    Scenario("503 that clears", {"unavailable_next": 3}),
    Scenario("connection reset mid-response that clears", {"drop_next": 3}),
    Scenario("connection reset every time", {"drop_rate": 1.0}, error=ServiceError, words=("Connection",)),
    Scenario("one malformed JSON body", {"malformed_next": 1}),
    Scenario("job flips to FAILED", outcome="FAILED", error=JobFailedError, words=("FAILED", "flipped")),
    Scenario(
        "access denied",
        {"deny_operations": ["DescribePackageImportJob"]},
        error=AccessDeniedError,
        words=("panorama:DescribePackageImportJob",),
    ),
    Scenario(
        "expired credentials",
        {"expired_access_keys": [FAKE_ACCESS_KEY]},
        error=CredentialsError,
        words=("ExpiredToken",),
    ),
]
