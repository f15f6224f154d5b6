"""Helpers any test module may use: waiting on a condition with a deadline, and what the emulator
holds, read through boto3 over HTTP (independent of the code under test)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

import boto3

from emulator.testing import EmulatorProcess


def wait_until(condition: Callable[[], bool], deadline_seconds: float = 10) -> None:
    """Poll ``condition`` every 50 ms; fail the test if it is not true within the deadline."""
    deadline = time.monotonic() + deadline_seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        time.sleep(0.05)


def emulator_client(emulator: EmulatorProcess) -> Any:
    return boto3.client("panorama", region_name="us-east-1", endpoint_url=emulator.url)


def described_jobs(emulator: EmulatorProcess) -> list[dict[str, Any]]:
    """Every job the emulator holds, oldest first, as DescribePackageImportJob answers it."""
    client = emulator_client(emulator)
    ids: list[str] = []
    token: dict[str, str] = {}
    while True:
        page = client.list_package_import_jobs(MaxResults=25, **token)
        ids.extend(j["JobId"] for j in page["PackageImportJobs"])
        if "NextToken" not in page:
            break
        token = {"NextToken": page["NextToken"]}
    return [dict(client.describe_package_import_job(JobId=i)) for i in ids]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
