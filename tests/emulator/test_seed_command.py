"""`python -m emulator seed`: a job created from the shell through the admin API, its ID alone on stdout;
and the short form of `POST /_emulator/jobs` it sends."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import boto3
import pytest

from emulator import __main__ as emulator_main
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.support import emulator_client, free_port, wait_until

JOB_ID = re.compile(r"^pij-[0-9a-f]{24}\n$")


def seed(
    *args: str, endpoint: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    flags = ["--endpoint", endpoint] if endpoint else []
    environment = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL_PANORAMA"}
    return subprocess.run(
        [sys.executable, "-m", "emulator", "seed", *flags, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**environment, **(env or {})},
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m emulator seed: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_seed_prints_only_the_new_job_id_and_the_job_is_as_asked(emulator: EmulatorProcess) -> None:
    result = seed(
        "--outcome", "failed", "--duration", "0", "--message", "interfaces is empty",
        "--package-name", "shell-app", "--package-version", "2.1",
        endpoint=emulator.url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert JOB_ID.match(result.stdout), result.stdout
    described = emulator_client(emulator).describe_package_import_job(JobId=result.stdout.strip())
    assert (described["Status"], described["StatusMessage"]) == ("FAILED", "interfaces is empty")
    output = described["OutputConfig"]["PackageVersionOutputConfig"]
    assert (output["PackageName"], output["PackageVersion"]) == ("shell-app", "2.1")


def test_seed_without_options_makes_a_demo_app_job_that_succeeds_after_2_seconds(emulator: EmulatorProcess) -> None:
    result = seed(endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    client = emulator_client(emulator)
    job_id = result.stdout.strip()
    wait_until(lambda: client.describe_package_import_job(JobId=job_id)["Status"] != "PENDING")
    described = client.describe_package_import_job(JobId=job_id)
    assert described["Status"] == "SUCCEEDED"
    assert (described["LastUpdatedTime"] - described["CreatedTime"]).total_seconds() == pytest.approx(2.0, abs=0.001)
    assert described["OutputConfig"]["PackageVersionOutputConfig"] == {
        "PackageName": "demo-app",
        "PackageVersion": "1.0",
    }


def test_seed_reads_the_endpoint_from_aws_endpoint_url_panorama(emulator: EmulatorProcess) -> None:
    result = seed("--duration", "0", env={"AWS_ENDPOINT_URL_PANORAMA": emulator.url})
    assert result.returncode == 0, result.stderr
    assert emulator_client(emulator).describe_package_import_job(JobId=result.stdout.strip())["Status"] == "SUCCEEDED"


def test_seed_puts_the_job_in_the_region_asked_for(emulator: EmulatorProcess) -> None:
    result = seed("--region", "eu-west-1", endpoint=emulator.url)
    assert result.returncode == 0, result.stderr
    client = boto3.client("panorama", region_name="eu-west-1", endpoint_url=emulator.url)
    assert client.describe_package_import_job(JobId=result.stdout.strip())["JobId"] == result.stdout.strip()


def test_seed_says_in_one_line_when_no_emulator_is_listening() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = seed("--wait", "0", endpoint=url)
    assert result.returncode == 1
    assert_one_error_line(result, "cannot reach the emulator", url)


def test_seed_waits_for_an_emulator_that_is_still_starting() -> None:
    """`emulator &` then `JOB=$(... seed)` in a shell: the seed waits for the server instead of failing."""
    port = free_port()  # not from the ephemeral range: the knocking seed could take it (see its docstring)
    command = [sys.executable, "-m", "emulator", "seed", "--endpoint", f"http://127.0.0.1:{port}", "--wait", "60"]
    seeding = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with EmulatorProcess("--port", str(port)):  # starts after the seed began knocking
            out, err = seeding.communicate(timeout=60)
    finally:
        if seeding.poll() is None:
            seeding.kill()
    assert seeding.returncode == 0, err
    assert JOB_ID.match(out), out


def test_seed_says_in_one_line_when_something_else_answers(emulator: EmulatorProcess) -> None:
    result = seed(endpoint=f"{emulator.url}/not-the-emulator")
    assert result.returncode == 1
    assert_one_error_line(result, "HTTP 404")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--outcome", "MAYBE"], "--outcome"),
        (["--duration", "-1"], "--duration"),
        (["--duration", "soon"], "--duration"),
        (["--package-version", "1.0.0"], "PackageVersion"),
        (["--package-name", "has spaces"], "PackageName"),
        (["--region", "Mars"], "Region"),
        (["--endpoint", "ftp://127.0.0.1:1"], "--endpoint"),
        (["--bogus"], "--bogus"),
    ],
    ids=["outcome", "negative-duration", "duration-not-a-number", "version", "name", "region", "endpoint", "unknown"],
)
def test_seed_refuses_invalid_input_in_one_line_with_exit_2(
    emulator: EmulatorProcess, args: list[str], words: str
) -> None:
    before = len(emulator_client(emulator).list_package_import_jobs(MaxResults=25)["PackageImportJobs"])
    result = seed(*args, endpoint=emulator.url)
    assert result.returncode == 2
    assert_one_error_line(result, words)
    assert len(emulator_client(emulator).list_package_import_jobs(MaxResults=25)["PackageImportJobs"]) == before


def test_the_console_entry_point_runs_the_seed_subcommand(
    emulator: EmulatorProcess, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["panorama-import-gate-emulator", "seed", "--endpoint", emulator.url])
    with pytest.raises(SystemExit) as info:
        emulator_main.console()
    assert info.value.code == 0
    assert JOB_ID.match(capsys.readouterr().out)


def test_running_the_server_with_its_flags_still_works(tmp_path: Path) -> None:
    with EmulatorProcess("--port", "0", "--state", str(tmp_path / "state.json")) as process:
        assert process.admin("GET", "health")["status"] == "ok"


def test_the_servers_help_names_the_seed_subcommand() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "seed --help" in result.stdout


# -- the short form of POST /_emulator/jobs ----------------------------------------------------
def test_post_jobs_takes_the_short_form(emulator: EmulatorProcess) -> None:
    body = {
        "Outcome": "FAILED",
        "DurationSeconds": 0,
        "StatusMessage": "manifest rejected",
        "PackageName": "short-app",
        "PackageVersion": "3.4",
    }
    job_id = emulator.admin("POST", "jobs", body)["JobId"]
    described = emulator_client(emulator).describe_package_import_job(JobId=job_id)
    assert (described["Status"], described["StatusMessage"]) == ("FAILED", "manifest rejected")
    assert described["OutputConfig"]["PackageVersionOutputConfig"] == {
        "PackageName": "short-app",
        "PackageVersion": "3.4",
    }


def test_post_jobs_with_an_empty_body_seeds_a_default_job(emulator: EmulatorProcess) -> None:
    job_id = emulator.admin("POST", "jobs", {})["JobId"]
    described = emulator_client(emulator).describe_package_import_job(JobId=job_id)
    assert described["OutputConfig"]["PackageVersionOutputConfig"]["PackageName"] == "demo-app"


def test_a_short_form_job_without_outcome_is_decided_by_its_manifest(emulator: EmulatorProcess) -> None:
    emulator.set_manifest("demo-manifests", "manifest-decides/package.json", outcome="FAILED", message="kept")
    job_id = emulator.admin("POST", "jobs", {"PackageName": "manifest-decides"})["JobId"]
    described = emulator_client(emulator).describe_package_import_job(JobId=job_id)
    assert (described["Status"], described["StatusMessage"]) == ("FAILED", "kept")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"Outcom": "FAILED"}, ["Outcom", "short form", "CreatePackageImportJob"]),
        ({"Outcome": "FAILED", "JobType": "NODE_PACKAGE_VERSION"}, ["Outcome", "CreatePackageImportJob"]),
        ({"ClientToken": "partial"}, ["InputConfig", "short form"]),
        ({"Outcome": "DONE"}, ["SUCCEEDED or FAILED"]),
        ({"DurationSeconds": "5"}, ["DurationSeconds"]),
        ({"DurationSeconds": 86401}, ["DurationSeconds"]),
        ({"StatusMessage": "x" * 257}, ["StatusMessage"]),
    ],
    ids=["misspelled", "mixed-forms", "partial-create-body", "outcome", "duration-string", "duration-too-long",
         "message-too-long"],
)  # fmt: skip
def test_a_bad_seed_body_says_what_the_body_needs(
    emulator: EmulatorProcess, body: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(HTTPError) as info:
        emulator.admin("POST", "jobs", body)
    assert info.value.code == 400
    message = json.loads(info.value.read())["Message"]
    for word in words:
        assert word in message, message
