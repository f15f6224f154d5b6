"""The emulator speaks Panorama's REST-JSON API: validation, errors, idempotency, pagination, state."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from tests.emulator_http.helpers import create_request, raw


def test_job_is_pending_then_succeeds_after_its_duration(client: Any) -> None:
    job_id = client.create_package_import_job(**create_request("life-1", **{"emulator:duration-seconds": "1.5"}))[
        "JobId"
    ]
    assert client.describe_package_import_job(JobId=job_id)["Status"] == "PENDING"
    time.sleep(1.6)
    described = client.describe_package_import_job(JobId=job_id)
    assert described["Status"] == "SUCCEEDED"
    assert described["Output"]["PackageId"].startswith("package-")
    assert described["Output"]["PatchVersion"] == described["Output"]["PatchVersion"].lower()
    int(described["Output"]["PatchVersion"], 16)


def test_failed_outcome_and_message_are_steered_by_job_tags(client: Any) -> None:
    job_id = client.create_package_import_job(
        **create_request(
            "life-2",
            **{
                "emulator:outcome": "FAILED",
                "emulator:duration-seconds": "0",
                "emulator:status-message": "bad manifest",
            },
        )
    )["JobId"]
    described = client.describe_package_import_job(JobId=job_id)
    assert (described["Status"], described["StatusMessage"]) == ("FAILED", "bad manifest")


def test_same_client_token_same_parameters_returns_the_same_job(client: Any) -> None:
    first = client.create_package_import_job(**create_request("idem-1"))["JobId"]
    second = client.create_package_import_job(**create_request("idem-1"))["JobId"]
    assert first == second


def test_same_client_token_different_parameters_is_a_conflict(client: Any) -> None:
    client.create_package_import_job(**create_request("idem-2"))
    with pytest.raises(ClientError) as info:
        client.create_package_import_job(**create_request("idem-2", version="2.0"))
    assert info.value.response["Error"]["Code"] == "ConflictException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_unknown_job_is_resource_not_found_404(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.describe_package_import_job(JobId="does-not-exist")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_list_pages_with_next_token(client: Any, emulator: EmulatorProcess) -> None:
    for index in range(7):
        emulator.seed_job(package_name="paged", package_version=f"3.{index}")
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        page = client.list_package_import_jobs(MaxResults=3, **({"NextToken": token} if token else {}))
        assert len(page["PackageImportJobs"]) <= 3
        seen.extend(j["JobId"] for j in page["PackageImportJobs"])
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert len(seen) == len(set(seen)) >= 7
    assert pages >= 3


def test_succeeded_job_registers_package_version_and_patch(client: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_name="registered-pkg", package_version="4.2")
    output = client.describe_package_import_job(JobId=job_id)["Output"]
    package = client.describe_package(PackageId=output["PackageId"])
    assert package["PackageName"] == "registered-pkg"
    version = client.describe_package_version(PackageId=output["PackageId"], PackageVersion="4.2")
    assert (version["PatchVersion"], version["Status"]) == (output["PatchVersion"], "REGISTER_COMPLETED")
    listed = [p["PackageId"] for p in client.list_packages()["Packages"]]
    assert output["PackageId"] in listed


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ClientToken", "has spaces"),
        ("ClientToken", "x" * 65),
        ("JobType", "NOT_A_TYPE"),
    ],
)
def test_model_constraints_are_enforced_with_validation_exception(client: Any, field: str, value: str) -> None:
    request = create_request("valid-token")
    request[field] = value
    with pytest.raises(ClientError) as info:
        client.create_package_import_job(**request)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert field in info.value.response["Error"]["Message"]


def test_bad_package_version_pattern_is_rejected(emulator: EmulatorProcess) -> None:
    body = create_request("v-token", version="1.0.0")
    status, headers, payload = raw(f"{emulator.url}/packages/import-jobs", "POST", json.dumps(body).encode())
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    assert "PackageVersion" in json.loads(payload)["Message"]


def test_malformed_body_is_400_never_500(emulator: EmulatorProcess) -> None:
    status, headers, payload = raw(f"{emulator.url}/packages/import-jobs", "POST", b"{not json")
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    assert json.loads(payload)["Message"]


def test_unsigned_request_is_refused_403(emulator: EmulatorProcess) -> None:
    status, headers, _ = raw(f"{emulator.url}/packages/import-jobs", signed=False)
    assert status == 403
    assert headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_max_results_above_25_is_rejected(emulator: EmulatorProcess) -> None:
    status, _, payload = raw(f"{emulator.url}/packages/import-jobs?MaxResults=26")
    assert status == 400
    assert "MaxResults" in json.loads(payload)["Message"]


def test_oversized_body_is_refused(emulator: EmulatorProcess) -> None:
    status, headers, _ = raw(f"{emulator.url}/packages/import-jobs", "POST", b" " * (1024 * 1024 + 1))
    assert status == 413
    assert headers["x-amzn-ErrorType"] == "PayloadTooLargeException"


def test_counters_count_requests_per_operation(client: Any, emulator: EmulatorProcess) -> None:
    before = emulator.counters()["requests"].get("ListPackageImportJobs", 0)
    client.list_package_import_jobs()
    client.list_package_import_jobs()
    assert emulator.counters()["requests"]["ListPackageImportJobs"] == before + 2


def test_state_file_survives_restart_and_jobs_keep_progressing(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorProcess("--state", str(state)) as first:
        done = first.seed_job(package_name="persisted", duration=0)
        pending = first.seed_job(package_name="persisted", package_version="1.1", duration=1.0)
    assert state.exists()
    time.sleep(1.1)
    with EmulatorProcess("--state", str(state)) as second:
        status, _, payload = raw(f"{second.url}/packages/import-jobs/{done}")
        assert status == 200 and json.loads(payload)["Status"] == "SUCCEEDED"
        status, _, payload = raw(f"{second.url}/packages/import-jobs/{pending}")
        assert status == 200 and json.loads(payload)["Status"] == "SUCCEEDED"


def test_seed_file_loads_jobs_and_is_idempotent_across_restarts(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    state = tmp_path / "state.json"
    seed.write_text(json.dumps([{**create_request("seeded-token"), "JobId": "seeded-job-1"}]))
    for _ in range(2):
        with EmulatorProcess("--seed", str(seed), "--state", str(state)) as process:
            status, _, payload = raw(f"{process.url}/packages/import-jobs")
            assert status == 200
            ids = [j["JobId"] for j in json.loads(payload)["PackageImportJobs"]]
            assert ids == ["seeded-job-1"]


def test_binds_to_loopback_by_default(emulator: EmulatorProcess) -> None:
    assert emulator.url.startswith("http://127.0.0.1:")
