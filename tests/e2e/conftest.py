"""Real `pulumi` processes on a local file backend, against the emulator.

Without a Pulumi CLI these tests skip and say how to get one; with
E2E_REQUIRED=1 (CI) a missing CLI is a failure instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.conftest import ROOT

PROGRAMS = Path(__file__).resolve().parent / "programs"
PASSPHRASE = "e2e-passphrase"
DYNAMIC_TYPE = "pulumi-python:dynamic:Resource"


def find_tool(variable: str, script: str, wanted: str = "") -> Path | None:
    """A tool the e2e tests need: the path in ``variable`` (its ``wanted`` child must exist), else what
    ``scripts/<script> --find`` prints (it never builds), else None."""
    configured = os.environ.get(variable)
    if configured and (Path(configured) / wanted).exists():
        return Path(configured)
    found = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), "--find"], capture_output=True, text=True, check=False
    )
    if found.returncode == 0 and found.stdout.strip():
        return Path(found.stdout.strip().splitlines()[-1])
    return None


def required(found: Path | None, reason: str) -> Path:
    """``found``, or a skip that says how to get it; with E2E_REQUIRED=1 (CI) a failure instead."""
    if found is None:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    return required(
        find_tool("PULUMI_CLI_DIR", "pulumi-cli.sh", "pulumi"),
        "no Pulumi CLI found: run `make pulumi-cli` (builds the pinned CLI with Go) or put pulumi on PATH",
    )


@dataclass
class Stack:
    """One Pulumi project copied into a temp dir, with its own stack on a file backend."""

    workdir: Path
    env: dict[str, str]
    name: str
    log: list[str] = field(default_factory=list)

    def run(self, *args: str, check: bool = True, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--stack", self.name],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        self.log.append(f"$ pulumi {' '.join(args)}\n{result.stdout}\n{result.stderr}")
        if check and result.returncode != 0:
            raise AssertionError(
                f"pulumi {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result

    def config(self, **values: str) -> None:
        for key, value in values.items():
            self.run("config", "set", key, value)

    def up(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", check=check)

    def outputs(self) -> dict[str, Any]:
        return dict(json.loads(self.run("stack", "output", "--json").stdout))

    def export(self) -> dict[str, Any]:
        return dict(json.loads(self.run("stack", "export").stdout))

    def resources(self, type_: str = DYNAMIC_TYPE) -> list[dict[str, Any]]:
        deployment = self.export()["deployment"]
        return [r for r in deployment.get("resources") or [] if r["type"] == type_]


@pytest.fixture(autouse=True)
def short_client_token_window(emulator: EmulatorProcess) -> Iterator[None]:
    """A ClientToken returns its job for 2 s only, so a gate that re-creates its job shows up as a second job.

    (The emulator's default window is a day, which would hide a re-create behind the same token.)
    """
    previous = emulator.set_client_token_window(2.0)
    yield
    emulator.set_client_token_window(previous)


@pytest.fixture(scope="session")
def pulumi_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pulumi-home")


@pytest.fixture(scope="session")
def yaml_plugin(pulumi_cli: Path, pulumi_home: Path) -> Path:
    """The provider plugin installed into the tests' Pulumi home, the documented way (`install-plugin`)."""
    if not (pulumi_cli / "pulumi-language-yaml").exists():
        pytest.fail(f"no pulumi-language-yaml beside {pulumi_cli / 'pulumi'}: run `make pulumi-cli`")
    env = {**os.environ, "PATH": f"{pulumi_cli}{os.pathsep}{os.environ['PATH']}", "PULUMI_HOME": str(pulumi_home)}
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "components", "install-plugin"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return pulumi_home / "plugins"


@pytest.fixture
def make_stack(pulumi_cli: Path, pulumi_home: Path, tmp_path: Path, emulator: EmulatorProcess) -> Iterator[Any]:
    backend = tmp_path / "backend"
    backend.mkdir()
    created: list[Stack] = []

    def make(program: str | None = None, name: str = "e2e", venv: Path | None = None) -> Stack:
        """A stack of this project (or of `programs/<program>`). With `venv`, the program runs in that
        virtualenv and gets no copy of `components/`: it must import the installed package."""
        workdir = tmp_path / f"{(program or 'project').replace('/', '-')}-{len(created)}"
        source = (ROOT / program if program.startswith("examples/") else PROGRAMS / program) if program else ROOT
        workdir.mkdir()
        for item in ("Pulumi.yaml", "__main__.py"):
            if (source / item).exists():  # a YAML program has no __main__.py
                shutil.copy(source / item, workdir / item)
        for extra in source.glob("*.py"):
            shutil.copy(extra, workdir / extra.name)
        if venv is None:
            shutil.copytree(ROOT / "components", workdir / "components", ignore=shutil.ignore_patterns("__pycache__"))
        venv = venv or ROOT / ".venv"
        (workdir / ".venv").symlink_to(venv)
        env = {
            **os.environ,
            "PATH": f"{pulumi_cli}{os.pathsep}{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "PULUMI_HOME": str(pulumi_home),
            "PULUMI_BACKEND_URL": f"file://{backend}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "NO_COLOR": "1",
        }
        subprocess.run(
            ["pulumi", "stack", "init", name, "--non-interactive"],
            cwd=workdir,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        stack = Stack(workdir, env, name)
        if "endpointUrl" in (workdir / "Pulumi.yaml").read_text():
            stack.config(endpointUrl=emulator.url)
        created.append(stack)
        return stack

    yield make
