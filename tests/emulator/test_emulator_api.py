"""The emulator speaks Panorama's REST-JSON API: validation, errors, idempotency, packages, state."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from tests.emulator.helpers import create_request, non_loopback_ipv4, raw, unique
from tests.support import emulator_client, every_page, wait_until


def status_of(client: Any, job_id: str) -> str:
    return str(client.describe_package_import_job(JobId=job_id)["Status"])


def test_job_is_pending_then_succeeds_after_its_duration(client: Any) -> None:
    created = client.create_package_import_job(**create_request(unique("life"), **{"emulator:duration-seconds": "1.5"}))
    job_id = created["JobId"]
    assert status_of(client, job_id) == "PENDING"
    wait_until(lambda: status_of(client, job_id) != "PENDING")
    described = client.describe_package_import_job(JobId=job_id)
    assert described["Status"] == "SUCCEEDED"
    assert (described["LastUpdatedTime"] - described["CreatedTime"]).total_seconds() == pytest.approx(1.5, abs=0.001)


def test_output_ids_have_the_aws_shape(client: Any, emulator: EmulatorProcess) -> None:
    output = client.describe_package_import_job(JobId=emulator.seed_job())["Output"]
    assert output["PackageId"].startswith("package-")
    patch = output["PatchVersion"]
    assert patch == patch.lower()
    int(patch, 16)


def test_failed_outcome_and_message_are_steered_by_job_tags(client: Any) -> None:
    tags = {"emulator:outcome": "FAILED", "emulator:duration-seconds": "0", "emulator:status-message": "bad manifest"}
    job_id = client.create_package_import_job(**create_request(unique("life"), **tags))["JobId"]
    described = client.describe_package_import_job(JobId=job_id)
    assert (described["Status"], described["StatusMessage"]) == ("FAILED", "bad manifest")


def test_same_client_token_same_parameters_returns_the_same_job(client: Any) -> None:
    token = unique("idem")
    first = client.create_package_import_job(**create_request(token))["JobId"]
    second = client.create_package_import_job(**create_request(token))["JobId"]
    assert first == second


def test_same_client_token_different_parameters_is_a_conflict(client: Any) -> None:
    token = unique("idem")
    client.create_package_import_job(**create_request(token))
    with pytest.raises(ClientError) as info:
        client.create_package_import_job(**create_request(token, version="2.0"))
    assert info.value.response["Error"]["Code"] == "ConflictException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_unknown_job_is_resource_not_found_404(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.describe_package_import_job(JobId="does-not-exist")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_deleted_job_is_gone(client: Any, fresh_emulator: EmulatorProcess) -> None:
    kept, deleted = fresh_emulator.seed_job(), fresh_emulator.seed_job()
    assert fresh_emulator.admin("DELETE", f"jobs/{deleted}") == {"deleted": deleted}
    fresh = emulator_client(fresh_emulator)
    with pytest.raises(ClientError) as info:
        fresh.describe_package_import_job(JobId=deleted)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert [j["JobId"] for j in fresh.list_package_import_jobs()["PackageImportJobs"]] == [kept]


def package_is_named(client: Any, output: dict[str, Any], name: str) -> tuple[Any, Any]:
    return client.describe_package(PackageId=output["PackageId"])["PackageName"], name


def version_has_its_patch(client: Any, output: dict[str, Any], name: str) -> tuple[Any, Any]:
    version = client.describe_package_version(PackageId=output["PackageId"], PackageVersion="4.2")
    return (version["PatchVersion"], version["Status"]), (output["PatchVersion"], "REGISTER_COMPLETED")


def package_is_listed_once(client: Any, output: dict[str, Any], name: str) -> tuple[Any, Any]:
    listed = [package["PackageId"] for package in every_page(client.list_packages, "Packages")]
    return listed.count(output["PackageId"]), 1


@pytest.mark.parametrize(
    "lookup", [package_is_named, version_has_its_patch, package_is_listed_once], ids=lambda f: f.__name__
)
def test_a_succeeded_job_registers_its_package_version(client: Any, emulator: EmulatorProcess, lookup: Any) -> None:
    name = unique("registered")
    job_id = emulator.seed_job(package_name=name, package_version="4.2")
    actual, expected = lookup(client, client.describe_package_import_job(JobId=job_id)["Output"], name)
    assert actual == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ClientToken", "has spaces"),
        ("ClientToken", "x" * 65),
        ("JobType", "NOT_A_TYPE"),
    ],
    ids=["client-token-with-spaces", "client-token-of-65-characters", "unknown-job-type"],
)
def test_model_constraints_are_enforced_with_validation_exception(client: Any, field: str, value: str) -> None:
    request = create_request("valid-token")
    request[field] = value
    with pytest.raises(ClientError) as info:
        client.create_package_import_job(**request)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert field in info.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("method", "query", "body", "signed", "expected"),
    [
        pytest.param(
            "POST",
            "",
            json.dumps(create_request("v-token", version="1.0.0")).encode(),
            True,
            (400, "ValidationException", "PackageVersion"),
            id="package-version-not-major-minor",
        ),
        pytest.param("POST", "", b"{not json", True, (400, "ValidationException", "JSON"), id="body-not-json-is-400"),
        pytest.param(
            "GET", "", None, False, (403, "MissingAuthenticationTokenException", "Token"), id="unsigned-is-403"
        ),
        pytest.param(
            "GET", "?MaxResults=26", None, True, (400, "ValidationException", "MaxResults"), id="max-results-26"
        ),
    ],
)
def test_a_bad_request_gets_the_aws_error(
    emulator: EmulatorProcess, method: str, query: str, body: bytes | None, signed: bool, expected: tuple[int, str, str]
) -> None:
    status, headers, payload = raw(f"{emulator.url}/packages/import-jobs{query}", method, body, signed)
    message = json.loads(payload)["Message"]
    assert (status, headers["x-amzn-ErrorType"]) == expected[:2]
    assert expected[2] in message, message


def test_oversized_body_is_refused(emulator: EmulatorProcess) -> None:
    status, headers, _ = raw(f"{emulator.url}/packages/import-jobs", "POST", b" " * (1024 * 1024 + 1))
    assert status == 413
    assert headers["x-amzn-ErrorType"] == "PayloadTooLargeException"


def test_counters_count_requests_per_operation(client: Any, emulator: EmulatorProcess) -> None:
    before = emulator.counters()["requests"].get("ListPackageImportJobs", 0)
    client.list_package_import_jobs()
    client.list_package_import_jobs()
    assert emulator.counters()["requests"]["ListPackageImportJobs"] == before + 2


@pytest.mark.parametrize("duration", [0.0, 1.0], ids=["finished-before-the-restart", "finishes-while-it-is-down"])
def test_a_job_in_the_state_file_survives_a_restart_and_keeps_its_clock(tmp_path: Path, duration: float) -> None:
    state = tmp_path / "state.json"
    with EmulatorProcess("--state", str(state)) as first:
        job_id = first.seed_job(package_name="persisted", duration=duration)
        before = emulator_client(first).describe_package_import_job(JobId=job_id)
    assert state.exists()
    # Down until the job is due (a wait on the clock, with a deadline), then restarted.
    wait_until(lambda: time.time() >= before["CreatedTime"].timestamp() + duration)
    with EmulatorProcess("--state", str(state)) as second:
        after = emulator_client(second).describe_package_import_job(JobId=job_id)
    assert after["Status"] == "SUCCEEDED"
    assert after["CreatedTime"] == before["CreatedTime"]
    assert (after["LastUpdatedTime"] - after["CreatedTime"]).total_seconds() == pytest.approx(duration, abs=0.001)


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


def connects(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=5).close()
    except ConnectionRefusedError:
        return False
    return True


def test_by_default_only_loopback_connections_are_served(emulator: EmulatorProcess) -> None:
    address = non_loopback_ipv4()
    if address is None:
        pytest.skip("this host has no non-loopback IPv4 address to try")
    port = int(emulator.url.rsplit(":", 1)[1])
    assert connects("127.0.0.1", port)
    assert not connects(address, port), f"the emulator answered on {address}:{port}"


def test_an_emulator_bound_to_every_address_is_reachable_on_the_non_loopback_one() -> None:
    """The control for the test above: the address is one a connection can reach."""
    address = non_loopback_ipv4()
    if address is None:
        pytest.skip("this host has no non-loopback IPv4 address to try")
    with EmulatorProcess("--host", "0.0.0.0") as everywhere:
        assert connects(address, int(everywhere.url.rsplit(":", 1)[1]))
