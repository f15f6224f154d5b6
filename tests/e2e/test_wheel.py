"""The pip package as a team would use it: the wheel is built, installed into a fresh virtualenv
outside this repository, and a separate Pulumi program imports `panorama_import_gate` from it.
The emulator and the CLI are the installed console scripts."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from components.version import __version__
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.e2e.helpers import build_wheel
from tests.support import built_once

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv holding the built wheel and its dependencies (pinned by constraints.txt), made once
    for the run (parallel workers share it)."""

    def make(work: Path) -> None:
        wheel = build_wheel(work)
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([sys.executable, "-m", "venv", work / "venv"], check=True)
        subprocess.run(
            [work / "venv" / "bin" / "python", *pip[1:], "install", "-q", wheel, "-c", ROOT / "constraints.txt"],
            check=True,
        )

    return built_once(tmp_path_factory, "wheel-venv", make) / "venv"


@pytest.fixture(scope="module")
def installed_emulator(installed: Path) -> Iterator[EmulatorProcess]:
    with EmulatorProcess(command=[str(installed / "bin" / "panorama-import-gate-emulator")]) as process:
        yield process


def test_the_installed_package_imports_without_this_repository(installed: Path) -> None:
    probe = "import panorama_import_gate as g, sys; print(g.__version__, g.__file__, 'components' in sys.modules)"
    result = subprocess.run(
        [installed / "bin" / "python", "-c", probe], cwd=installed, capture_output=True, text=True, check=True
    )
    version, location, leaked = result.stdout.split()
    assert version == __version__ and str(installed) in location and leaked == "False"


def test_the_installed_cli_gates_on_the_installed_emulator(
    installed: Path, installed_emulator: EmulatorProcess
) -> None:
    good = installed_emulator.seed_job(package_version="7.1")
    bad = installed_emulator.seed_job(outcome="FAILED", message="Broken manifest.")
    cli = [installed / "bin" / "panorama-import-gate", "wait", "--endpoint-url", installed_emulator.url, "--json"]
    passed = subprocess.run([*cli, good], capture_output=True, text=True, check=False)
    assert passed.returncode == 0 and json.loads(passed.stdout)["jobs"][0]["package_version"] == "7.1"
    failed = subprocess.run([*cli, bad], capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "Broken manifest." in failed.stderr


def _program_stack(make_stack: Any, installed: Path, emulator: EmulatorProcess, job_id: str, name: str) -> Any:
    stack = make_stack("installed", name=name, venv=installed)
    assert not (stack.workdir / "components").exists()
    stack.config(jobId=job_id, endpointUrl=emulator.url)
    return stack


def test_a_program_using_the_wheel_gates_and_its_state_names_the_package(
    make_stack: Any, installed: Path, installed_emulator: EmulatorProcess
) -> None:
    job_id = installed_emulator.seed_job(package_version="8.2", duration=1)
    stack = _program_stack(make_stack, installed, installed_emulator, job_id, "good")
    preview = stack.run("preview", "--diff")
    assert '"8.2"' in preview.stdout and "(read)" in preview.stdout, "the get did not run in preview"
    stack.up()
    assert stack.outputs() == {"packageVersion": "8.2", "lookedUpVersion": "8.2"}
    exported = json.loads(stack.run("stack", "export", "--show-secrets").stdout)
    providers = [
        base64.b64decode(_plaintext(r["outputs"]["__provider"]))
        for r in exported["deployment"]["resources"]
        if r["type"] == "pulumi-python:dynamic:Resource"
    ]
    assert len(providers) == 2
    assert all(b"panorama_import_gate.provider" in raw and b"components" not in raw for raw in providers)


def test_a_program_using_the_wheel_fails_on_a_failed_job(
    make_stack: Any, installed: Path, installed_emulator: EmulatorProcess
) -> None:
    job_id = installed_emulator.seed_job(outcome="FAILED", message="Rejected by the manifest check.")
    stack = _program_stack(make_stack, installed, installed_emulator, job_id, "bad")
    result = stack.up(check=False)
    assert result.returncode != 0
    assert f"Package import job {job_id} FAILED: Rejected by the manifest check." in result.stdout
    assert "Traceback" not in result.stdout


def _plaintext(value: Any) -> str:
    """A value from `pulumi stack export --show-secrets`: secrets are {<sig>: ..., "plaintext": <json>}."""
    return str(json.loads(value["plaintext"]) if isinstance(value, dict) else value)


def test_the_installed_plugin_serves_a_yaml_program_without_path_warnings(
    installed: Path, installed_emulator: EmulatorProcess, make_stack: Any, tmp_path: Path
) -> None:
    assert (installed / "bin" / "pulumi-resource-panorama-import-gate").exists()
    stack = make_stack("examples/yaml", name="wheel-yaml")
    home = tmp_path / "pulumi-home-wheel"
    stack.env = {**stack.env, "PULUMI_HOME": str(home)}
    # The documented install: the installed CLI puts the plugin into Pulumi's plugin cache.
    done = subprocess.run(
        [installed / "bin" / "panorama-import-gate", "install-plugin"],
        env=stack.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    plugin_dir = home / "plugins" / f"resource-panorama-import-gate-v{__version__}"
    script = (plugin_dir / "pulumi-resource-panorama-import-gate").read_text()
    assert str(installed) in script and "from panorama_import_gate.plugin.server import main" in script
    job_id = installed_emulator.seed_job(package_version="8.8")
    stack.config(jobId=job_id, endpointUrl=installed_emulator.url)
    result = stack.up()
    assert stack.outputs()["packageVersion"] == "8.8"
    assert "warning: using" not in result.stdout + result.stderr
