"""The docs' command blocks (`<!-- tested: NAME -->`, see tests/docs.py), run as written with the real `pulumi`
CLI: only what a doc tells the reader to fill in is filled in (the package to install, a free port, a job ID,
a bucket's address), and each block runs in a folder of its own with nothing of this checkout on PATH but
the `pulumi` CLI and the installed package. The install blocks (`install-*`) are run by the release
rehearsal, against the registries it publishes to."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.docs import command_block
from tests.e2e.conftest import PROGRAMS
from tests.e2e.helpers import build_wheel, jobs_for
from tests.e2e.s3_backend import SeaweedFS, kill_runner, seaweedfs, weed  # noqa: F401 (fixtures)
from tests.e2e.test_wheel import installed  # noqa: F401 (fixture: the wheel in a fresh virtualenv)
from tests.support import free_port, wait_until
from tests.versions import PULUMI_VERSION

pytestmark = pytest.mark.e2e
PACKAGE_LINE = re.compile(r"^PACKAGE=.*$", re.MULTILINE)
PORT_LINE = re.compile(r"^PORT=\d+ .*$", re.MULTILINE)
#: What the docs' examples call a job, a region and the emulator's address.
DOC_JOB_ID = "pij-0123456789abcdef"
DOC_ENDPOINT = "http://127.0.0.1:4599"


def bash(script: str, cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as the reader's shell would, strictly (-euo pipefail); whatever it started in the
    background (an emulator) is ended with it, whatever happened."""
    proc = subprocess.Popen(
        ["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def user_env(*path: Path | str, **extra: str) -> dict[str, str]:
    """A user's environment: their HOME (pip's cache), PATH with ``path`` first, and nothing of the tests'."""
    python_dir = str(Path(shutil.which("python3") or "/usr/bin/python3").parent)
    return {
        "HOME": os.environ["HOME"],
        "PATH": os.pathsep.join([*map(str, path), python_dir, "/usr/bin", "/bin"]),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PIP_CONSTRAINT": str(ROOT / "constraints.txt"),  # the versions the rest of the suite tests
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
        **extra,
    }


def fake_aws(emulator: EmulatorProcess) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL_PANORAMA": emulator.url,
        "AWS_ACCESS_KEY_ID": "demo",
        "AWS_SECRET_ACCESS_KEY": "demo",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }


def test_the_readme_puts_the_project_s_pulumi_on_path(pulumi_cli: Path) -> None:
    """Run from the repository's folder with no pulumi on PATH; the CLI is already built, so `make` only finds it."""
    env = {**os.environ, "PATH": os.pathsep.join(["/usr/local/go/bin", "/usr/bin", "/bin"])}
    env.pop("PULUMI_CLI_DIR", None)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command_block("pulumi-on-path")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"v{PULUMI_VERSION}", result.stdout


def test_the_readme_offline_quickstart_runs_in_an_empty_folder(pulumi_cli: Path, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "build")
    script = command_block("offline-quickstart")
    assert len(PACKAGE_LINE.findall(script)) == 1 and len(PORT_LINE.findall(script)) == 1
    script = PORT_LINE.sub(f"PORT={free_port()}", PACKAGE_LINE.sub(f"PACKAGE={wheel}", script))
    empty = tmp_path / "user"
    empty.mkdir()
    result = bash(script, empty, user_env(pulumi_cli, PULUMI_HOME=str(tmp_path / "pulumi-home")))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^1\.0$", result.stdout, re.MULTILINE), output  # `pulumi stack output packageVersion`
    assert re.search(r"Package import job pij-\w+ FAILED: Manifest check failed\.", output), output
    assert "blocked, as it must be" in output, output
    assert "Traceback" not in output, output


def test_the_cli_pipeline_block_leaves_one_json_document_and_logs_the_wait_on_stderr(
    installed: Path,  # noqa: F811
    emulator: EmulatorProcess,
    tmp_path: Path,
) -> None:
    job_id = emulator.seed_job(region="us-west-2", duration=2)
    env = user_env(installed / "bin", JOB_ID=job_id, **fake_aws(emulator))
    result = bash(command_block("cli-pipeline"), tmp_path, env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads((tmp_path / "gate.json").read_text())  # exactly one document
    assert document["ok"] is True and [job["job_id"] for job in document["jobs"]] == [job_id]
    assert document["jobs"][0]["status"] == "SUCCEEDED"
    assert result.stdout.splitlines() == [result.stdout.splitlines()[0]] and result.stdout.startswith("JOB ID")
    assert f"{job_id}: PENDING at 0s" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_emulator_block_serves_the_cli_and_seeds_jobs(installed: Path, tmp_path: Path) -> None:  # noqa: F811
    port = free_port()
    script = command_block("emulator")
    assert DOC_ENDPOINT in script
    script = script.replace("4599", str(port))
    result = bash(script, tmp_path, user_env(installed / "bin"), timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "exit 1: the job FAILED" in result.stdout, output
    assert re.search(r"^error: Package import job pij-\w+ FAILED: interfaces is empty\.", result.stderr, re.M), output
    assert re.search(r"^pij-\w+$", result.stdout, re.M), output  # the second seed's job ID
    assert f"listening on http://127.0.0.1:{port}" in (tmp_path / "emulator.log").read_text()


def test_the_pulumi_import_block_adopts_a_job(make_stack: Any, yaml_plugin: Path, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(region="us-west-2", package_version="6.1")
    stack = make_stack("empty_yaml", name="imported")
    script = command_block("pulumi-import")
    assert DOC_JOB_ID in script and DOC_ENDPOINT in script
    script = script.replace(DOC_JOB_ID, job_id).replace(DOC_ENDPOINT, emulator.url)
    result = bash(script, stack.workdir, stack.env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(rf"jobId: {job_id}\b", (stack.workdir / "gate.yaml").read_text())
    (gate,) = stack.resources("panorama-import-gate:index:PackageImportJob")
    assert gate["outputs"]["packageVersion"] == "6.1"


@contextlib.contextmanager
def running(stack: Any, *args: str) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """`pulumi ARGS` in the background, its output lines collected as they come."""
    proc = subprocess.Popen(
        ["pulumi", *args, "--non-interactive", "--stack", stack.name], cwd=stack.workdir, env=stack.env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or ()), daemon=True)
    reader.start()
    try:
        yield proc, lines
    finally:
        if proc.poll() is None:
            kill_runner(proc)
        reader.join(timeout=30)


def test_the_killed_runner_block_recovers_the_same_job(make_stack: Any, emulator: EmulatorProcess) -> None:
    """A runner SIGKILLed (its whole process tree) while a create-mode gate waits leaves a lock and a pending
    create; the block's three commands end with the same job and a passed gate."""
    emulator.set_client_token_window(86400)  # the job is found again through its derived ClientToken
    key = "killed-doc/package.json"
    emulator.set_manifest("manifests", key, duration=3600)
    stack = make_stack(name="prod")
    stack.config(inputBucket="manifests", inputKey=key, packageName="killed-doc", packageVersion="1.0")
    with running(stack, "up", "--yes", "--skip-preview") as (proc, lines):
        wait_until(lambda: any("PENDING pij-" in line for line in list(lines)), 120)
        (job_id,) = jobs_for(emulator, "killed-doc")
        kill_runner(proc)
        proc.wait(timeout=30)
    assert stack.run("up", "--yes", "--skip-preview", check=False).returncode != 0  # locked
    emulator.admin("PATCH", f"jobs/{job_id}", {"DurationSeconds": 0})  # the import finishes meanwhile
    result = bash(command_block("killed-runner"), stack.workdir, stack.env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert stack.outputs()["jobId"] == job_id and stack.outputs()["status"] == "SUCCEEDED"
    assert jobs_for(emulator, "killed-doc") == [job_id], "the recovery started a second import job"
    assert not stack.export()["deployment"].get("pending_operations")


def test_the_s3_backend_block_logs_in_to_a_bucket_without_checksum_noise(
    pulumi_cli: Path,
    seaweedfs: SeaweedFS,  # noqa: F811
    tmp_path: Path,
) -> None:
    bucket = seaweedfs.new_bucket("doc")
    script = command_block("s3-backend")
    assert "s3://pulumi-state?" in script and "endpoint=s3.internal:8333" in script
    script = script.replace("s3://pulumi-state?", f"s3://{bucket}?")
    script = script.replace("endpoint=s3.internal:8333", f"endpoint=127.0.0.1:{seaweedfs.s3_port}")
    project = tmp_path / "project"
    shutil.copytree(PROGRAMS / "empty_yaml", project)
    check = "\npulumi stack init prod --non-interactive\npulumi stack ls --non-interactive\n"
    env = user_env(
        pulumi_cli,
        PULUMI_HOME=str(tmp_path / "pulumi-home"),
        AWS_ACCESS_KEY_ID=os.environ["AWS_ACCESS_KEY_ID"],
        AWS_SECRET_ACCESS_KEY=os.environ["AWS_SECRET_ACCESS_KEY"],
    )
    result = bash(script + check, project, env, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "prod" in result.stdout and "checksum" not in output.lower(), output
    assert any(key.startswith(".pulumi/stacks/") for key in seaweedfs.keys(bucket)), seaweedfs.keys(bucket)
