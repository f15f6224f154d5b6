"""`--state` files written by earlier releases load, and a rewritten file keeps their format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.support import emulator_client

STATE_FILES = Path(__file__).parent / "state_files"
#: Written by release 0.1 (no manifests) and by 0.2, with the admin API; created times moved to 2023.
RELEASES = ["release-0.1.json", "release-0.2.json"]
KEPT = {
    "pij-kept-succeeded": ("SUCCEEDED", "The package import job succeeded."),
    "pij-kept-failed": ("FAILED", "interfaces is empty"),
    "pij-kept-patched": ("FAILED", "patched by the admin API"),
}


def statuses(emulator: EmulatorProcess) -> dict[str, tuple[str, str]]:
    client = emulator_client(emulator)
    listed = client.list_package_import_jobs(MaxResults=25)["PackageImportJobs"]
    return {
        job["JobId"]: (described["Status"], described["StatusMessage"])
        for job in listed
        for described in [client.describe_package_import_job(JobId=job["JobId"])]
    }


@pytest.mark.parametrize("release", RELEASES)
def test_a_state_file_from_an_earlier_release_loads_its_jobs(tmp_path: Path, release: str) -> None:
    state = tmp_path / "state.json"
    shutil.copy(STATE_FILES / release, state)
    with EmulatorProcess("--state", str(state)) as emulator:
        assert statuses(emulator) == KEPT


def test_a_manifest_kept_by_release_0_2_still_decides_new_jobs(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    shutil.copy(STATE_FILES / "release-0.2.json", state)
    with EmulatorProcess("--state", str(state)) as emulator:
        # No steering tags: the manifest registered for the job's S3 location decides.
        job_id = emulator.admin(
            "POST",
            "jobs",
            {
                "ClientToken": "after-restart",
                "JobType": "NODE_PACKAGE_VERSION",
                "InputConfig": {
                    "PackageVersionInputConfig": {
                        "S3Location": {"BucketName": "demo-manifests", "ObjectKey": "broken/package.json"}
                    }
                },
                "OutputConfig": {"PackageVersionOutputConfig": {"PackageName": "broken", "PackageVersion": "1.0"}},
            },
        )["JobId"]
        job = emulator.admin("PATCH", f"jobs/{job_id}", {"DurationSeconds": 0})
    assert (job["Status"], job["StatusMessage"]) == ("FAILED", "manifest kept")


@pytest.mark.parametrize("release", RELEASES)
def test_a_rewritten_state_file_keeps_the_format_and_every_job(tmp_path: Path, release: str) -> None:
    state = tmp_path / "state.json"
    shutil.copy(STATE_FILES / release, state)
    before: dict[str, Any] = json.loads(state.read_text())
    with EmulatorProcess("--state", str(state)) as emulator:
        added = emulator.seed_job(package_name="added", duration=0)
    after: dict[str, Any] = json.loads(state.read_text())
    assert after["version"] == before["version"] == 1
    assert after["jobs"][: len(before["jobs"])] == before["jobs"]
    assert [j["job_id"] for j in after["jobs"][len(before["jobs"]) :]] == [added]
    assert after["manifests"] == before.get("manifests", {})
    with EmulatorProcess("--state", str(state)) as restarted:
        assert statuses(restarted) == {**KEPT, added: ("SUCCEEDED", "The package import job succeeded.")}
