"""Stacks that releases 0.1, 0.2 and 0.3.0 wrote (tests/fixtures/states) upgrade to this code: each
saved export is imported into a fresh backend, an emulator starts holding exactly the saved jobs, and
with the current code (`components/` copied beside the program, the current wheel or SDK, the plugin
installed from this checkout by `install-plugin`), `refresh`, then `preview --expect-no-changes`,
`up` (no replacement, no second job) and `destroy` pass. Where a release left secret values in plain
text, and for plugin 0.2.0 (whose README upgrade is "install, then `up`"), an `up` straight after the
upgrade also keeps the gate and encrypts them.

The endpoint reaches the old code and this code only through AWS_ENDPOINT_URL_PANORAMA, so the new
emulator's port is no changed input. These tests replace test_upgrade.py, which re-created the 0.1
and 0.2 stacks with each release's code on every run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from components.version import __version__
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.e2e.helpers import build_wheel, jobs_for
from tests.e2e.test_pipeline_use import REPLACED, assert_no_changes
from tests.e2e.test_secrets import exposed
from tests.saved_states import SavedState, saved_states

pytestmark = pytest.mark.e2e

PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
#: The source file the engine's Python must import for this code to be what runs: the provider that the
#: pickle in state names by module path (a copy beside the program, or the wheel), or the plugin's.
CURRENT_CODE = {
    "python": "{workdir}/components/provider.py",
    "wheel": "{site}/panorama_import_gate/provider.py",
    "yaml": f"{ROOT}/components/plugin/provider.py",
    "sdk-python": f"{ROOT}/components/plugin/provider.py",
}


def install_into(wheel: Path, target: Path) -> Path:
    """``wheel`` installed into a folder for PYTHONPATH, without dependencies (the project's venv has them)."""
    subprocess.run([*PIP, "install", "-q", "--no-deps", "--no-compile", "--target", target, wheel], check=True)
    return target


@pytest.fixture(scope="module")
def current_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path | None]:
    """The folder for PYTHONPATH that holds a front end's current Python package, built on first use: this
    checkout's wheel, or the wheel of its generated Python SDK (None: the front end needs neither)."""
    built: dict[str, Path] = {}

    def site(front_end: str) -> Path | None:
        if front_end not in ("wheel", "sdk-python"):
            return None
        if front_end not in built:
            work = tmp_path_factory.mktemp(f"current-{front_end}")
            built[front_end] = install_into(
                build_wheel(work) if front_end == "wheel" else sdk_wheel(work), work / "site"
            )
        return built[front_end]

    return site


def sdk_wheel(work: Path) -> Path:
    """The generated Python SDK's wheel, built from a copy of sdk/python."""
    sdk = work / "sdk-source"
    shutil.copytree(ROOT / "sdk" / "python", sdk, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(sdk / "pulumi_panorama_import_gate" / "README.md", sdk / "README.md")  # as scripts/sdks.sh does
    subprocess.run([*PIP, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", work / "dist", sdk], check=True)
    (wheel,) = (work / "dist").glob("*.whl")
    return wheel


def imported_stack(state: SavedState, make_stack: Any, site: Path | None) -> Any:
    """A fresh stack holding the saved export and config file, with this checkout's program."""
    program = None if state.meta["program"] == "project" else state.meta["program"]
    # Only a checkout's stack gets a copy of components/; the others import the wheel or the SDK, or are YAML.
    stack = make_stack(program, name=state.stack, venv=None if state.front_end == "python" else ROOT / ".venv")
    shutil.copy(state.config_file, stack.workdir / state.config_file.name)  # its salt encrypts the secrets
    env = {k: v for k, v in stack.env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    stack.env = {**env, "PULUMI_CONFIG_PASSPHRASE": state.meta["passphrase"]}
    if site is not None:
        stack.env["PYTHONPATH"] = str(site)
    stack.run("stack", "import", "--file", str(state.export_file))
    return stack


def gates(stack: Any, state: SavedState) -> tuple[list[str], list[str]]:
    """The gates' IDs in the stack's state, and the secret test values it holds in plain text."""
    exported = stack.run("stack", "export").stdout
    resources = json.loads(exported)["deployment"].get("resources") or []
    return [r["id"] for r in resources if r["type"] == state.gate_type], exposed(exported)


@pytest.fixture(scope="module")
def bytecode(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PYTHONPYCACHEPREFIX for the stacks: Python writes the bytecode of each source it imports there, so
    a file removed before a command and back after it shows that command imported the source. (Shared by
    the tests, so the dependencies are compiled once, not per test.)"""
    return tmp_path_factory.mktemp("bytecode")


def compiled(cache: Path, source: Path) -> Path:
    """Where a Python process with PYTHONPYCACHEPREFIX=``cache`` writes the bytecode of ``source``."""
    return cache / source.parent.relative_to("/") / f"{source.stem}.{sys.implementation.cache_tag}.pyc"


@contextmanager
def saved_jobs(state: SavedState, stack: Any, tmp_path: Path) -> Iterator[EmulatorProcess]:
    """An emulator started from the state's saved jobs, which the stack reaches through the environment."""
    jobs = tmp_path / "emulator.json"
    shutil.copy(state.emulator_file, jobs)
    with EmulatorProcess("--state", str(jobs)) as saved:
        saved.set_client_token_window(2.0)  # a re-created job would be a second job, not the saved one
        assert jobs_for(saved, state.meta["package"]) == state.meta["jobs"]
        stack.env = {**stack.env, "AWS_ENDPOINT_URL_PANORAMA": saved.url}
        yield saved


def assert_kept(stack: Any, state: SavedState, saved: EmulatorProcess, result: Any) -> None:
    """After an `up`: the saved gates, not replaced, nothing left in plain text, and no second job."""
    assert not REPLACED.search(result.stdout), result.stdout
    assert gates(stack, state) == ([gate["id"] for gate in state.gates()], []), "replaced, or left in plain text"
    assert jobs_for(saved, state.meta["package"]) == state.meta["jobs"], "a second import job"


@pytest.mark.parametrize("state", saved_states(), ids=lambda state: state.name)
def test_a_saved_stack_refreshes_previews_no_change_updates_and_destroys(
    state: SavedState,
    make_stack: Any,
    yaml_plugin: Path,
    current_site: Callable[[str], Path | None],
    bytecode: Path,
    tmp_path: Path,
) -> None:
    site = current_site(state.front_end)
    stack = imported_stack(state, make_stack, site)
    saved_ids = [gate["id"] for gate in state.gates()]
    assert saved_ids and gates(stack, state) == (saved_ids, state.meta["secrets_in_plain_text"])
    with saved_jobs(state, stack, tmp_path) as saved:
        stack.env["PYTHONPYCACHEPREFIX"] = str(bytecode)
        current = compiled(bytecode, Path(CURRENT_CODE[state.front_end].format(workdir=stack.workdir, site=site)))
        current.unlink(missing_ok=True)
        if state.pinned_plugin_version() not in (None, __version__):
            # An SDK program's stack names its plugin's version, so a refresh loads that plugin (0.3.0), which
            # the user has from 0.3 and this Pulumi home has not. The documented upgrade runs `up` first: it
            # moves the default provider to this version with no replacement (the rehearsal's upgrade test
            # refreshes first with plugin 0.3.0 installed).
            assert_kept(stack, state, saved, stack.up())

        # --skip-preview: the preview of a refresh or a destroy only repeats its reads.
        stack.run("refresh", "--yes", "--skip-preview")
        assert current.exists(), f"the refresh did not run this code ({current} was not written)"
        assert_no_changes(stack)
        assert_kept(stack, state, saved, stack.up())
        stack.run("destroy", "--yes", "--skip-preview")
        assert gates(stack, state) == ([], [])


#: The upgrade the README gives for plugin 0.2.0 (install, then `up`), and the states a release left
#: secret values in plain text in: `up` straight after the upgrade, with no refresh before it.
UP_FIRST = [
    state
    for state in saved_states()
    if state.meta["secrets_in_plain_text"] or (state.meta["release"] == "0.2" and state.front_end == "yaml")
]


@pytest.mark.parametrize("state", UP_FIRST, ids=lambda state: state.name)
def test_the_first_up_after_an_upgrade_keeps_the_gate_and_encrypts_what_was_plain_text(
    state: SavedState, make_stack: Any, yaml_plugin: Path, tmp_path: Path
) -> None:
    stack = imported_stack(state, make_stack, None)
    with saved_jobs(state, stack, tmp_path) as saved:
        assert_kept(stack, state, saved, stack.up())
