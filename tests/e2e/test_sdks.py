"""The generated SDKs through the real engine, one Automation API inline program per language
(TypeScript, Go, Python), against the installed plugin and the emulator (tests/e2e/sdks)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.e2e.conftest import PASSPHRASE
from tests.e2e.helpers import describe, interrupt_while_waiting
from tests.e2e.sdk_drivers import LANGUAGES, Driver, build_driver
from tests.support import CANCEL_BOUND_SECONDS, built_once, wait_until

pytestmark = pytest.mark.e2e
GATE_TYPE = "panorama-import-gate:index:PackageImportJob"
#: How each language names the type of a string output's value.
STRING_TYPE = {"nodejs": "string", "go": "string", "python": "str"}


@pytest.fixture(scope="session")
def drivers(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Driver]:
    """Each language's driver, built on first use once for the whole run (parallel workers share it)."""
    built: dict[str, Driver] = {}

    def get(language: str) -> Driver:
        if language not in built:
            folder = built_once(tmp_path_factory, f"sdk-driver-{language}", lambda work: _record(language, work))
            built[language] = Driver(language, json.loads((folder / "command.json").read_text()))
        return built[language]

    return get


def _record(language: str, work: Path) -> None:
    (work / "command.json").write_text(json.dumps(build_driver(language, work).command))


@pytest.fixture(params=LANGUAGES)
def driver(request: pytest.FixtureRequest, drivers: Callable[[str], Driver]) -> Driver:
    return drivers(request.param)


@pytest.fixture(params=["nodejs", "go"])
def cancellable(request: pytest.FixtureRequest, drivers: Callable[[str], Driver]) -> Driver:
    """The languages whose Automation API cancels an update (an AbortSignal, a Go context); the Python
    Automation API has no cancellation, so Python's Ctrl-C is proven with `pulumi up` below."""
    return drivers(request.param)


class Runner:
    """A driver's environment: the built CLI, the installed plugin, a file backend of this test."""

    def __init__(self, pulumi_cli: Path, pulumi_home: Path, backend: Path, emulator: EmulatorProcess) -> None:
        self.emulator = emulator
        self.env = {
            **os.environ,
            "PATH": f"{pulumi_cli}{os.pathsep}{os.environ['PATH']}",
            "PULUMI_CLI_ROOT": str(pulumi_cli.parent),
            "PULUMI_HOME": str(pulumi_home),
            "PULUMI_BACKEND_URL": f"file://{backend}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "NO_COLOR": "1",
            "GATE_ENDPOINT": emulator.url,
        }

    def gate_env(self, language: str, stack: str, job_id: str, **extra: str) -> dict[str, str]:
        return {
            **self.env, "GATE_PROJECT": f"sdk-{language}", "GATE_STACK": stack, "GATE_JOB_ID": job_id, **extra,
        }  # fmt: skip

    def resources(self, language: str, stack: str) -> list[dict[str, Any]]:
        """The gate resources in the stack's state, read with the CLI."""
        exported = subprocess.run(
            ["pulumi", "stack", "export", "--stack", f"organization/sdk-{language}/{stack}"],
            env=self.env, capture_output=True, text=True, check=True, cwd=self.env["PULUMI_HOME"],
        )  # fmt: skip
        deployment = json.loads(exported.stdout)["deployment"]
        assert not deployment.get("pending_operations"), deployment["pending_operations"]
        return [r for r in deployment.get("resources") or [] if r["type"] == GATE_TYPE]

    def names(self, language: str, stack: str) -> list[str]:
        return sorted(r["urn"].rsplit("::", 1)[-1] for r in self.resources(language, stack))

    def polls(self) -> int:
        return int(self.emulator.counters()["requests"].get("DescribePackageImportJob", 0))


@pytest.fixture
def runner(pulumi_cli: Path, yaml_plugin: Path, tmp_path: Path, emulator: EmulatorProcess) -> Runner:
    backend = tmp_path / "sdk-backend"
    backend.mkdir()
    return Runner(pulumi_cli, yaml_plugin.parent, backend, emulator)


def assert_one_line_without_a_stack(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text and "goroutine " not in text, text


def test_a_succeeded_job_passes_with_typed_outputs_and_both_lookups(
    driver: Driver, runner: Runner, emulator: EmulatorProcess
) -> None:
    package = f"sdk-{driver.language}-pass"
    job_id = emulator.seed_job(package_name=package, package_version="2.4")
    env = runner.gate_env(driver.language, "pass", job_id, GATE_PACKAGE_NAME=package, GATE_PACKAGE_VERSION="2.4")
    result = driver.run("up", env)
    assert result.ok, result.text
    print(f"\n{driver.language}: pulumi up with one gate took {result.seconds:.2f}s")
    patch = describe(emulator, job_id)["Output"]["PatchVersion"]
    assert result.outputs == {
        "jobId": job_id, "status": "SUCCEEDED", "packageVersion": "2.4", "patchVersion": patch,
        "approvedJobId": job_id, "byIdStatus": "SUCCEEDED", "byPackageJobId": job_id,
        "kinds": [STRING_TYPE[driver.language]] * 2,
    }  # fmt: skip
    assert runner.names(driver.language, "pass") == ["approved", "gate"]


def test_a_failed_job_fails_up_in_one_line_and_blocks_the_dependent(
    driver: Driver, runner: Runner, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Manifest check failed: nodePackage.interfaces is empty.")
    result = driver.run("up", runner.gate_env(driver.language, "failed", job_id))
    assert not result.ok
    expected = (
        f"Package import job {job_id} FAILED: Manifest check failed: nodePackage.interfaces is empty. "
        "Fix the package or manifest and start a new import job."
    )
    assert expected in (result.error or ""), result.text
    assert_one_line_without_a_stack(result.text)
    assert runner.names(driver.language, "failed") == [], "nothing may be deployed on a failed import"


def test_a_pending_job_shows_progress_then_passes(driver: Driver, runner: Runner, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    before = runner.polls()

    def flip() -> None:
        wait_until(lambda: runner.polls() >= before + 3, 120)
        emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    result = driver.run("up", runner.gate_env(driver.language, "pending", job_id))
    flipper.join(timeout=10)
    assert result.ok, result.text
    assert re.search(rf"PENDING {job_id}", result.text), result.text
    assert re.search(rf"Package import job {job_id} SUCCEEDED after \d+s\.", result.text), result.text


def test_cancelling_the_program_ends_a_waiting_up_within_2_s(
    cancellable: Driver, runner: Runner, emulator: EmulatorProcess
) -> None:
    driver = cancellable
    job_id = emulator.seed_job(duration=3600)
    before = runner.polls()
    result = driver.run(
        "cancel", runner.gate_env(driver.language, "cancel", job_id), cancel_when=lambda: runner.polls() >= before + 2
    )
    assert not result.ok and result.cancel_seconds is not None, result.text
    print(f"\n{driver.language}: up returned {result.cancel_seconds:.2f}s after the cancel")
    assert result.cancel_seconds < CANCEL_BOUND_SECONDS, result.text
    assert runner.names(driver.language, "cancel") == [], "state must be clean"
    assert describe(emulator, job_id)["Status"] == "PENDING", "the job itself is unaffected"


def test_ctrl_c_ends_a_waiting_python_sdk_program_within_2_s(
    drivers: Callable[[str], Driver], make_stack: Any, emulator: EmulatorProcess, yaml_plugin: Path
) -> None:
    venv = Path(drivers("python").command[0]).parent.parent  # the driver's virtualenv holds the SDK wheel
    stack = make_stack("sdk_python", name="sdk-python-cancel", venv=venv)
    job_id = emulator.seed_job(duration=3600)
    stack.config(jobId=job_id, endpointUrl=emulator.url)
    result, elapsed = interrupt_while_waiting(stack, emulator, job_id)
    print(f"\npython (SDK): pulumi up exited {elapsed:.2f}s after Ctrl-C")
    output = result.stdout
    assert result.returncode != 0 and elapsed < CANCEL_BOUND_SECONDS, output
    assert re.search(rf"Cancelled after \d+s of waiting for package import job {job_id}", output), output
    assert not stack.export()["deployment"].get("pending_operations")
    assert stack.resources(GATE_TYPE) == []
    assert describe(emulator, job_id)["Status"] == "PENDING", "the job itself is unaffected"


def test_a_typescript_stack_reads_a_python_stack_through_a_stack_reference(
    drivers: Callable[[str], Driver], runner: Runner, make_stack: Any, emulator: EmulatorProcess
) -> None:
    driver = drivers("nodejs")
    producer = make_stack(name="producer")
    producer.env = {**producer.env, "PULUMI_BACKEND_URL": runner.env["PULUMI_BACKEND_URL"]}
    producer.name = "producer-shared"  # on the TypeScript stack's backend
    producer.run("stack", "init")
    producer.config(jobId=emulator.seed_job(package_version="5.2"), endpointUrl=emulator.url)
    producer.up()
    env = runner.gate_env(
        "nodejs", "consumer", "unused", GATE_REFERENCE="organization/panorama-import-gate/producer-shared"
    )
    result = driver.run("reference", env)
    assert result.ok, result.text
    assert result.outputs == {
        "approvedPackageVersion": "5.2", "approvedPackageId": producer.outputs()["packageId"],
    }  # fmt: skip
