"""What the emulator holds, read through boto3 over HTTP (independent of the code under test), and
copies of this checkout for programs that run outside it."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.e2e.s3_backend import kill_runner
from tests.support import described_jobs, emulator_client, wait_until


def copy_from_checkout(names: Iterable[str], target: Path) -> None:
    """Copy files and folders of this checkout (without __pycache__) into ``target``."""
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)


def up_through_pending(stack: Any, emulator: EmulatorProcess, job_id: str) -> subprocess.CompletedProcess[str]:
    """`pulumi up` while the long PENDING job turns SUCCEEDED once `pulumi up` has shown the gate waiting on
    it, and the gate's status lines as `pulumi up` prints them. (Request counts cannot tell the gate's first
    poll: `check` and `getPackageImportJob` describe the same job before it.)"""
    command = ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name]
    proc = subprocess.Popen(
        command, cwd=stack.workdir, env=stack.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if f"PENDING {job_id}" in line and len([x for x in lines if f"PENDING {job_id}" in x]) == 1:
                emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
        stderr = proc.stderr.read()
        proc.wait(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    result = subprocess.CompletedProcess(command, proc.returncode, "".join(lines), stderr)
    stack.log.append(f"$ {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    assert result.returncode == 0, f"pulumi up failed:\n{result.stdout}\n{result.stderr}"
    assert re.search(rf"PENDING {job_id}", result.stdout), result.stdout
    assert re.search(rf"Package import job {job_id} SUCCEEDED after \d+s\.", result.stdout), result.stdout
    return result


def describe(emulator: EmulatorProcess, job_id: str) -> dict[str, Any]:
    response = emulator_client(emulator).describe_package_import_job(JobId=job_id)
    response.pop("ResponseMetadata")
    return dict(response)


def jobs_for(emulator: EmulatorProcess, package_name: str) -> list[str]:
    """IDs of the jobs importing into ``package_name``, oldest first."""
    return [
        job["JobId"]
        for job in described_jobs(emulator)
        if job["OutputConfig"]["PackageVersionOutputConfig"]["PackageName"] == package_name
    ]


#: What the wheel is built from (a copy: setuptools leaves build/ and *.egg-info behind).
WHEEL_SOURCES = ("pyproject.toml", "README.md", "components", "emulator")


def build_wheel(work: Path) -> Path:
    """The project's wheel, built from a copy of this checkout into ``work``."""
    source = work / "source"
    source.mkdir(parents=True)
    copy_from_checkout(WHEEL_SOURCES, source)
    dist = work / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, source], check=True)
    (wheel,) = dist.glob("panorama_import_gate-*.whl")
    return wheel


def interrupt_while_waiting(
    stack: Any, emulator: EmulatorProcess, job_id: str, signals: int = 1, in_call: bool = False
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Start `pulumi up`, send SIGINT `signals` times once the gate shows it is waiting on ``job_id`` (its
    `PENDING` line), and return the run with the seconds from the last SIGINT to its exit. With ``in_call``,
    the SIGINTs wait for the gate's next poll to reach the emulator, so they come while a (slow) call is in
    flight rather than while the gate sleeps.

    Each further SIGINT is sent only once Pulumi has acknowledged the one before ("^C received").
    """

    def waiting() -> bool:
        return any(f"PENDING {job_id}" in line for line in list(lines))

    def describes() -> int:
        return int(emulator.counters()["requests"].get("DescribePackageImportJob", 0))

    proc = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name],
        cwd=stack.workdir, env=stack.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or ()), daemon=True)
    reader.start()
    try:
        wait_until(waiting, 120)
        if in_call:
            seen = describes()
            wait_until(lambda: describes() > seen, 60)
        for sent in range(1, signals + 1):
            signalled = time.monotonic()
            proc.send_signal(signal.SIGINT)
            if sent < signals:
                wait_until(lambda n=sent: sum("^C received" in line for line in lines) >= n, 30)  # type: ignore[misc]
        proc.wait(timeout=120)
        elapsed = time.monotonic() - signalled
    finally:
        if proc.poll() is None:  # the test failed while pulumi was still waiting: leave nothing running
            kill_runner(proc)
    reader.join(timeout=30)
    output = "".join(lines)
    stack.log.append(output)
    return subprocess.CompletedProcess(proc.args, proc.returncode, output, ""), elapsed
