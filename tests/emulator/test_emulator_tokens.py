"""The emulator's ClientToken window and manifest registry, over HTTP with boto3."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from tests.emulator.helpers import create_request, unique


@pytest.fixture
def window(emulator: EmulatorProcess) -> Iterator[EmulatorProcess]:
    """The shared emulator; its ClientToken window is restored after the test."""
    previous = emulator.set_client_token_window(86400)
    yield emulator
    emulator.set_client_token_window(previous)


def test_inside_the_window_a_token_returns_its_job_and_refuses_other_parameters(
    client: Any, window: EmulatorProcess
) -> None:
    token = unique("window")
    first = client.create_package_import_job(**create_request(token))["JobId"]
    assert client.create_package_import_job(**create_request(token))["JobId"] == first
    with pytest.raises(ClientError) as info:
        client.create_package_import_job(**create_request(token, version="2.0"))
    assert info.value.response["Error"]["Code"] == "ConflictException"


def test_past_the_window_a_reused_token_starts_a_new_job(client: Any, window: EmulatorProcess) -> None:
    token = unique("window")
    first = client.create_package_import_job(**create_request(token))["JobId"]
    window.set_client_token_window(0)  # every earlier use of the token is now outside the window
    second = client.create_package_import_job(**create_request(token))["JobId"]
    other_parameters = client.create_package_import_job(**create_request(token, version="3.0"))["JobId"]
    assert len({first, second, other_parameters}) == 3


@pytest.mark.parametrize("window_seconds", [-1, "long", True])
def test_a_bad_window_is_refused_with_a_validation_error(emulator: EmulatorProcess, window_seconds: Any) -> None:
    from urllib.error import HTTPError

    with pytest.raises(HTTPError) as info:
        emulator.admin("PUT", "settings", {"ClientTokenWindowSeconds": window_seconds})
    assert info.value.code == 400


def test_a_registered_manifest_decides_the_outcome_of_new_jobs_only(client: Any, emulator: EmulatorProcess) -> None:
    key = f"registry/{unique('broken')}.json"
    request = create_request(unique("manifest"))
    request["InputConfig"]["PackageVersionInputConfig"]["S3Location"]["ObjectKey"] = key
    emulator.set_manifest("b", key, outcome="FAILED", message="interfaces is empty")
    broken = client.create_package_import_job(**request)["JobId"]
    emulator.set_manifest("b", key)  # fixed at the same key
    fixed = client.create_package_import_job(**{**request, "ClientToken": unique("manifest")})["JobId"]
    described = {j: client.describe_package_import_job(JobId=j) for j in (broken, fixed)}
    assert (described[broken]["Status"], described[broken]["StatusMessage"]) == ("FAILED", "interfaces is empty")
    assert described[fixed]["Status"] == "SUCCEEDED"


def test_the_window_flag_is_applied() -> None:
    with EmulatorProcess("--client-token-window", "5") as emulator:
        assert emulator.admin("GET", "settings") == {"ClientTokenWindowSeconds": 5.0}


def test_manifests_survive_a_restart_in_the_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorProcess("--state", str(state)) as first:
        first.set_manifest("b", "kept.json", outcome="FAILED", message="still broken")
    with EmulatorProcess("--state", str(state)) as second:
        seeded = second.admin(
            "POST",
            "jobs",
            {
                **create_request("after-restart"),
                "InputConfig": {
                    "PackageVersionInputConfig": {"S3Location": {"BucketName": "b", "ObjectKey": "kept.json"}}
                },
            },
        )["JobId"]
        job = second.admin("PATCH", f"jobs/{seeded}", {})
        assert (job["Status"], job["StatusMessage"]) == ("FAILED", "still broken")


def test_a_seeded_job_can_have_started_earlier(client: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=180, age=120)
    described = client.describe_package_import_job(JobId=job_id)
    age = described["ResponseMetadata"]["HTTPHeaders"]["date"]
    assert described["Status"] == "PENDING"
    from email.utils import parsedate_to_datetime

    started = (parsedate_to_datetime(age) - described["CreatedTime"]).total_seconds()
    assert 119 <= started <= 122


@pytest.mark.parametrize("age", [-1, 86401, "old", True])
def test_a_bad_seed_age_is_refused(emulator: EmulatorProcess, age: Any) -> None:
    from urllib.error import HTTPError

    body = {**create_request("aged"), "CreatedSecondsAgo": age}
    with pytest.raises(HTTPError) as info:
        emulator.admin("POST", "jobs", body)
    assert info.value.code == 400
