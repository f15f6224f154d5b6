"""Which requests the emulator's armed faults hit, seen over raw HTTP."""

from __future__ import annotations

import json

import pytest

from emulator.testing import EmulatorProcess
from tests.emulator.helpers import raw


@pytest.mark.parametrize(
    ("fault", "status", "error"),
    [
        ("error_next", 500, "InternalServerException"),
        ("throttle_next", 429, "ThrottlingException"),
        ("unavailable_next", 503, "ServiceUnavailableException"),
    ],
)
def test_an_unsigned_request_is_refused_before_it_can_use_up_an_armed_fault(
    faults: EmulatorProcess, fault: str, status: int, error: str
) -> None:
    faults.set_faults(**{fault: 1, "operations": ["ListPackageImportJobs"]})
    url = f"{faults.url}/packages/import-jobs"
    refused = raw(url, signed=False)
    assert (refused[0], refused[1]["x-amzn-ErrorType"]) == (403, "MissingAuthenticationTokenException")
    faulted = raw(url)
    assert (faulted[0], faulted[1]["x-amzn-ErrorType"]) == (status, error)
    assert raw(url)[0] == 200  # one armed fault, used once


def test_a_denied_request_does_not_use_up_an_armed_fault(faults: EmulatorProcess) -> None:
    faults.set_faults(error_next=1, deny_operations=["ListPackageImportJobs"])
    status, headers, payload = raw(f"{faults.url}/packages/import-jobs")
    assert (status, headers["x-amzn-ErrorType"]) == (403, "AccessDeniedException")
    assert "panorama:ListPackageImportJobs" in json.loads(payload)["Message"]
    assert faults.admin("GET", "faults")["error_next"] == 1


def test_an_unsigned_request_is_still_counted(faults: EmulatorProcess) -> None:
    before = faults.counters()["requests"].get("DescribePackage", 0)
    raw(f"{faults.url}/packages/metadata/package-x", signed=False)
    assert faults.counters()["requests"]["DescribePackage"] == before + 1
