"""The fault matrix through the Pulumi provider behind its gRPC server: a failing
Create is one gRPC error naming the cause, and creates nothing (no partial state)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import grpc
import pytest

from emulator.testing import EmulatorProcess
from tests.contract.support import create, inputs
from tests.support import HANG_GUARD_SECONDS, SCENARIOS, Scenario, wait_until

pytestmark = pytest.mark.contract


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_fault_scenario_through_the_provider(scenario: Scenario, server: Any, faults: EmulatorProcess) -> None:
    job_id = faults.seed_job(duration=3600 if scenario.outcome == "FAILED" else 0.3)
    faults.set_faults(**{**scenario.faults, "operations": ["DescribePackageImportJob"]})
    if scenario.outcome == "FAILED":
        # Flip the job once the provider has seen it PENDING, so the failure arrives mid-wait.
        before = faults.counters()["requests"].get("DescribePackageImportJob", 0)

        def flip() -> None:
            wait_until(lambda: faults.counters()["requests"].get("DescribePackageImportJob", 0) > before, 10)
            faults.admin("PATCH", f"jobs/{job_id}", {"Status": "FAILED", "StatusMessage": "flipped by the test"})

        threading.Thread(target=flip, daemon=True).start()
    started = time.monotonic()
    if scenario.error is None:
        new_id, state = create(server, inputs(faults, job_id=job_id))
        assert (new_id, state["status"]) == (job_id, "SUCCEEDED")
    else:
        with pytest.raises(grpc.RpcError) as info:
            create(server, inputs(faults, job_id=job_id))
        details = info.value.details()
        assert "\n" not in details and "Traceback" not in details
        for word in scenario.words:
            assert word in details, details
    assert time.monotonic() - started < HANG_GUARD_SECONDS


def test_unreachable_endpoint_through_the_provider(server: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    stub = EmulatorProcess()
    stub.url = url
    with pytest.raises(grpc.RpcError) as info:
        create(server, inputs(stub, job_id="job-1"))
    assert "Could not connect" in info.value.details() and "\n" not in info.value.details()


def test_never_created_job_through_the_provider(server: Any, emulator: EmulatorProcess) -> None:
    with pytest.raises(grpc.RpcError) as info:
        create(server, inputs(emulator, job_id="never-created-job"))
    assert "never-created-job was not found" in info.value.details()
