"""Jobs are kept per region, as on AWS: a request sees the jobs (and packages) of the region in its
SigV4 credential scope; the admin API finds a job by its ID in any region."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import boto3
import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from tests.emulator.helpers import create_request, unique
from tests.support import every_page

STATE_FILES = Path(__file__).parent / "state_files"
HOME = "us-east-1"
AWAY = "eu-west-1"


def regional(emulator: EmulatorProcess, region: str) -> Any:
    return boto3.client("panorama", region_name=region, endpoint_url=emulator.url)


def error_code(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(**params)
    return str(info.value.response["Error"]["Code"])


def listed(client: Any) -> list[str]:
    return [job["JobId"] for job in every_page(client.list_package_import_jobs, "PackageImportJobs")]


def test_a_job_is_found_only_in_the_region_it_was_created_in(emulator: EmulatorProcess) -> None:
    home, away = regional(emulator, HOME), regional(emulator, AWAY)
    job_id = home.create_package_import_job(**create_request(unique("region")))["JobId"]
    assert home.describe_package_import_job(JobId=job_id)["JobId"] == job_id
    assert error_code(away.describe_package_import_job, JobId=job_id) == "ResourceNotFoundException"
    assert job_id in listed(home)
    assert job_id not in listed(away)


def test_listing_shows_only_the_regions_jobs(fresh_emulator: EmulatorProcess) -> None:
    home_job = fresh_emulator.seed_job()
    away_jobs = [fresh_emulator.seed_job(region=AWAY) for _ in range(2)]
    assert listed(regional(fresh_emulator, HOME)) == [home_job]
    assert listed(regional(fresh_emulator, AWAY)) == away_jobs
    assert listed(regional(fresh_emulator, "ap-south-1")) == []


def test_a_seeded_job_takes_its_region_and_names_it_in_its_output(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(region=AWAY)
    described = regional(emulator, AWAY).describe_package_import_job(JobId=job_id)
    assert described["Output"]["OutputS3Location"]["BucketName"].endswith(f"-{AWAY}")
    assert error_code(regional(emulator, HOME).describe_package_import_job, JobId=job_id) == (
        "ResourceNotFoundException"
    )


def test_a_seeded_job_without_a_region_is_in_us_east_1(emulator: EmulatorProcess) -> None:
    job_id = emulator.admin("POST", "jobs", {})["JobId"]
    assert regional(emulator, HOME).describe_package_import_job(JobId=job_id)["JobId"] == job_id
    assert error_code(regional(emulator, AWAY).describe_package_import_job, JobId=job_id) == (
        "ResourceNotFoundException"
    )


def test_a_package_is_registered_in_its_jobs_region_only(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_name=unique("regional"), package_version="2.0", region=AWAY)
    away = regional(emulator, AWAY)
    package_id = away.describe_package_import_job(JobId=job_id)["Output"]["PackageId"]
    assert away.describe_package(PackageId=package_id)["Arn"].startswith(f"arn:aws:panorama:{AWAY}:")
    version = away.describe_package_version(PackageId=package_id, PackageVersion="2.0")
    assert version["PackageArn"].startswith(f"arn:aws:panorama:{AWAY}:")
    assert package_id in [p["PackageId"] for p in every_page(away.list_packages, "Packages")]
    home = regional(emulator, HOME)
    assert error_code(home.describe_package, PackageId=package_id) == "ResourceNotFoundException"
    assert error_code(home.describe_package_version, PackageId=package_id, PackageVersion="2.0") == (
        "ResourceNotFoundException"
    )
    assert package_id not in [p["PackageId"] for p in every_page(home.list_packages, "Packages")]


def test_a_client_token_is_per_region(emulator: EmulatorProcess) -> None:
    token = unique("token")
    home = regional(emulator, HOME).create_package_import_job(**create_request(token))["JobId"]
    away = regional(emulator, AWAY).create_package_import_job(**create_request(token, version="2.0"))["JobId"]
    assert home != away  # the other parameters would be a ConflictException within one region
    assert regional(emulator, AWAY).create_package_import_job(**create_request(token, version="2.0"))["JobId"] == away


def test_a_next_token_of_one_region_is_refused_in_another(fresh_emulator: EmulatorProcess) -> None:
    for region in (HOME, AWAY):
        for _ in range(2):
            fresh_emulator.seed_job(region=region)
    token = regional(fresh_emulator, HOME).list_package_import_jobs(MaxResults=1)["NextToken"]
    away = regional(fresh_emulator, AWAY)
    assert error_code(away.list_package_import_jobs, MaxResults=1, NextToken=token) == "ValidationException"


def test_the_admin_api_patches_and_deletes_a_job_in_any_region(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(region=AWAY, duration=3600)
    patched = emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "FAILED", "StatusMessage": "patched"})
    assert (patched["Status"], patched["StatusMessage"]) == ("FAILED", "patched")
    away = regional(emulator, AWAY)
    assert away.describe_package_import_job(JobId=job_id)["Status"] == "FAILED"
    assert emulator.admin("DELETE", f"jobs/{job_id}") == {"deleted": job_id}
    assert error_code(away.describe_package_import_job, JobId=job_id) == "ResourceNotFoundException"


@pytest.mark.parametrize("region", ["Mars", "us_east_1", "", 7], ids=["word", "underscores", "empty", "number"])
def test_a_seeded_job_in_a_malformed_region_is_refused(emulator: EmulatorProcess, region: Any) -> None:
    with pytest.raises(HTTPError) as info:
        emulator.admin("POST", "jobs", {"Region": region})
    assert info.value.code == 400
    assert "Region" in json.loads(info.value.read())["Message"]


def test_the_state_file_keeps_each_jobs_region(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorProcess("--state", str(state)) as first:
        home_job, away_job = first.seed_job(), first.seed_job(region=AWAY)
    regions = {job["job_id"]: job["region"] for job in json.loads(state.read_text())["jobs"]}
    assert regions == {home_job: HOME, away_job: AWAY}
    with EmulatorProcess("--state", str(state)) as second:
        assert listed(regional(second, HOME)) == [home_job]
        assert listed(regional(second, AWAY)) == [away_job]


def test_jobs_stored_without_a_region_load_in_us_east_1(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    data = json.loads((STATE_FILES / "release-0.1.json").read_text())
    for job in data["jobs"]:
        del job["region"]
    state.write_text(json.dumps(data))
    with EmulatorProcess("--state", str(state)) as emulator:
        assert sorted(listed(regional(emulator, HOME))) == sorted(job["job_id"] for job in data["jobs"])
        assert listed(regional(emulator, AWAY)) == []


def test_jobs_of_an_earlier_releases_state_file_are_in_us_east_1(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    shutil.copy(STATE_FILES / "release-0.2.json", state)
    with EmulatorProcess("--state", str(state)) as emulator:
        assert "pij-kept-succeeded" in listed(regional(emulator, HOME))
        assert listed(regional(emulator, AWAY)) == []


def test_the_seed_file_takes_a_region_per_job(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    entries = [
        {**create_request("seeded-home"), "JobId": "seeded-home"},
        {**create_request("seeded-away"), "JobId": "seeded-away", "Region": AWAY},
        {"JobId": "seeded-short", "Outcome": "FAILED", "Region": AWAY},
    ]
    seed.write_text(json.dumps(entries))
    with EmulatorProcess("--seed", str(seed)) as emulator:
        assert listed(regional(emulator, HOME)) == ["seeded-home"]
        assert sorted(listed(regional(emulator, AWAY))) == ["seeded-away", "seeded-short"]


def test_the_region_flag_is_where_jobs_without_a_region_are_seeded() -> None:
    with EmulatorProcess("--region", AWAY) as emulator:
        job_id = emulator.seed_job()
        assert listed(regional(emulator, AWAY)) == [job_id]
        assert listed(regional(emulator, HOME)) == []
