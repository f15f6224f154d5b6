"""`GET /_emulator/releases`: when each finished job ended and when a DescribePackageImportJob answer first
reported it finished, on the emulator's clock (the release latency the scale benchmark reports)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.admin import Admin, handle
from emulator.faults import Faults
from emulator.models import Backend
from emulator.testing import EmulatorProcess
from tests.support import emulator_client

DESCRIBE = "DescribePackageImportJob"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _admin(backend: Backend, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """One admin request, through the admin API's own route table."""
    return handle(Admin(backend, Faults()), method, path, json.dumps(body or {}).encode())


def _releases(backend: Backend) -> dict[str, Any]:
    return _admin(backend, "GET", "releases")


def _seed(backend: Backend, duration: float) -> str:
    params: dict[str, Any] = {
        "ClientToken": f"token-{len(backend.jobs)}",
        "JobType": "NODE_PACKAGE_VERSION",
        "InputConfig": {"PackageVersionInputConfig": {"S3Location": {"BucketName": "b", "ObjectKey": "k"}}},
        "OutputConfig": {"PackageVersionOutputConfig": {"PackageName": "app", "PackageVersion": "1.0"}},
        "JobTags": [{"ResourceType": "PACKAGE", "Tags": {"emulator:duration-seconds": str(duration)}}],
    }
    return str(backend.create_package_import_job(params)["JobId"])


def test_the_first_answer_that_reports_a_job_done_is_recorded_once() -> None:
    clock = FakeClock()
    backend = Backend(clock=clock)
    job = _seed(backend, duration=30)
    clock.now += 10
    assert backend.describe_package_import_job({"JobId": job})["Status"] == "PENDING"
    assert _releases(backend) == {"jobs": {}}, "a PENDING job has not ended"
    clock.now += 20  # ended at 1030, not answered yet
    assert _releases(backend)["jobs"][job] == {
        "status": "SUCCEEDED",
        "ended": 1030.0,
        "first_done_answer": None,
        "release_latency": None,
    }
    clock.now += 2.5
    backend.describe_package_import_job({"JobId": job})
    clock.now += 10
    backend.describe_package_import_job({"JobId": job})  # later answers change nothing
    assert _releases(backend)["jobs"][job] == {
        "status": "SUCCEEDED",
        "ended": 1030.0,
        "first_done_answer": 1032.5,
        "release_latency": 2.5,
    }


def test_a_job_finished_through_the_admin_api_ends_when_it_was_patched() -> None:
    clock = FakeClock()
    backend = Backend(clock=clock)
    job = _seed(backend, duration=3600)
    clock.now += 5
    _admin(backend, "PATCH", f"jobs/{job}", {"Status": "FAILED"})
    clock.now += 1
    backend.describe_package_import_job({"JobId": job})
    assert _releases(backend)["jobs"][job]["status"] == "FAILED"
    assert _releases(backend)["jobs"][job]["release_latency"] == 1.0
    _admin(backend, "DELETE", f"jobs/{job}")
    assert _releases(backend) == {"jobs": {}}
    assert backend.first_done_answers == {}


def test_releases_over_http(fresh_emulator: EmulatorProcess) -> None:
    done = fresh_emulator.seed_job(duration=0)
    pending = fresh_emulator.seed_job(duration=3600)
    assert fresh_emulator.releases()[done]["first_done_answer"] is None
    client = emulator_client(fresh_emulator)
    client.describe_package_import_job(JobId=done)
    client.describe_package_import_job(JobId=pending)
    releases = fresh_emulator.releases()
    assert set(releases) == {done}
    assert releases[done]["status"] == "SUCCEEDED"
    assert releases[done]["first_done_answer"] >= releases[done]["ended"]
    assert releases[done]["release_latency"] == pytest.approx(
        releases[done]["first_done_answer"] - releases[done]["ended"]
    )


def test_a_throttled_describe_reports_nothing(fresh_emulator: EmulatorProcess) -> None:
    """Only an answer the client received counts: a 429 never reached the backend."""
    job = fresh_emulator.seed_job(duration=0)
    fresh_emulator.set_quota(DESCRIBE, 0.001, 1)  # one request, then none for 1000 s
    no_retries = boto3.client(
        "panorama",
        region_name="us-east-1",
        endpoint_url=fresh_emulator.url,
        config=Config(retries={"total_max_attempts": 1}),
    )
    no_retries.describe_package_import_job(JobId=job)  # the bucket's one token
    first = fresh_emulator.releases()[job]["first_done_answer"]
    with pytest.raises(ClientError, match="ThrottlingException"):
        no_retries.describe_package_import_job(JobId=job)
    assert fresh_emulator.releases()[job]["first_done_answer"] == first
    other = fresh_emulator.seed_job(duration=0)
    with pytest.raises(ClientError, match="ThrottlingException"):
        no_retries.describe_package_import_job(JobId=other)
    assert fresh_emulator.releases()[other]["first_done_answer"] is None
    assert fresh_emulator.quota_counters()[DESCRIBE]["throttled"] == 2
