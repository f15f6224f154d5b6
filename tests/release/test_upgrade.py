"""Upgrades through the registries (issue 26 §4): a stack that plugin 0.3.0 wrote, with 0.3.0 installed the
0.3 way (`panorama-import-gate install-plugin` from 0.3.0's wheel), whose program moves to this release (the
Python SDK from the package index; YAML naming the new version in its options). The first `pulumi up` gets
the new plugin by automatic download from the mirror, keeps the gate (no replacement) and starts no second
import job. The saved stacks are tests/fixtures/states/plugin-0.3-*; the 0.3.0 wheel is built from the
commit that made them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from release.rehearsal import Rehearsal
from release.users import User

pytestmark = [pytest.mark.release, pytest.mark.timeout(900)]
ROOT = Path(__file__).resolve().parents[2]
STATES = ROOT / "tests" / "fixtures" / "states"
#: Each saved stack, with the program it moves to and the language of its user.
UPGRADES = {
    "plugin-0.3-sdk-python": (ROOT / "tests" / "e2e" / "programs" / "sdk_python", "python-sdk"),
    "plugin-0.3-yaml": (ROOT / "examples" / "yaml", "yaml"),
}
GATE_TYPE = "panorama-import-gate:index:PackageImportJob"
REPLACED = re.compile(r"\breplac(e|ed|ing)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def wheel_0_3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """0.3.0's wheel, built from the release commit the saved states name."""
    commit = json.loads((STATES / "plugin-0.3-yaml" / "fixture.json").read_text())["commit"]
    work = tmp_path_factory.mktemp("wheel-0.3")
    source = work / "source"
    source.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "pyproject.toml", "README.md", "components", "emulator"],
        capture_output=True, check=False,
    )  # fmt: skip
    if archive.returncode != 0:
        pytest.fail(f"this clone lacks release 0.3.0's commit {commit}: clone with full history")
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(work), f"{source}/"], check=True
    )
    (wheel,) = work.glob("panorama_import_gate-0.3.0-*.whl")
    return wheel


def saved_gates(stack_json: str) -> list[str]:
    resources = json.loads(stack_json)["deployment"].get("resources") or []
    return [r["id"] for r in resources if r["type"] == GATE_TYPE]


def on_plugin_0_3(user: User, wheel: Path) -> None:
    """0.3.0 installed as its README said: the wheel in a virtualenv, then `install-plugin`."""
    user.must("python3", "-m", "venv", "venv-0.3")
    user.must("venv-0.3/bin/pip", "install", "-q", "--index-url", user.registries.pip_index, wheel)
    user.must("venv-0.3/bin/panorama-import-gate", "install-plugin")
    assert user.plugin_installed("0.3.0") and not user.plugin_installed("0.4.0")


@pytest.mark.parametrize("saved", UPGRADES)
def test_a_stack_on_plugin_0_3_upgrades_by_automatic_download_without_replacement_or_a_second_job(
    saved: str, rehearsal: Rehearsal, wheel_0_3: Path
) -> None:
    folder, (program, language) = STATES / saved, UPGRADES[saved]
    meta = json.loads((folder / "fixture.json").read_text())
    user = rehearsal.user(language, name=f"upgrade-{saved}", source=program)
    on_plugin_0_3(user, wheel_0_3)
    user.env["PULUMI_CONFIG_PASSPHRASE"] = meta["passphrase"]
    stack = meta["stack"]
    user.must("pulumi", "stack", "init", stack, "--non-interactive")
    shutil.copy(folder / f"Pulumi.{stack}.yaml", user.project / f"Pulumi.{stack}.yaml")  # its salt encrypts secrets
    user.must("pulumi", "stack", "import", "--file", folder / "stack.json", "--stack", stack)
    if language == "python-sdk":  # the program moves to this release's SDK, installed by name
        user.must("python3", "-m", "venv", ".venv")
        user.must(".venv/bin/pip", "install", "-q", "--index-url", user.registries.pip_index,
                  f"pulumi-panorama-import-gate=={rehearsal.version}")  # fmt: skip
    state = user.project.parent / "emulator.json"
    shutil.copy(folder / "emulator.json", state)
    endpoint, emulator = rehearsal.start_emulator("--state", str(state))
    try:
        user.env["AWS_ENDPOINT_URL_PANORAMA"] = endpoint
        downloads = rehearsal.plugin_downloads()
        result = user.sh("pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack)
        assert result.ok, result.text
        assert not REPLACED.search(result.text), result.text
        assert user.plugin_installed(rehearsal.version) and rehearsal.plugin_downloads() == downloads + 1
        exported = user.must("pulumi", "stack", "export", "--stack", stack).text
        assert saved_gates(exported) == saved_gates((folder / "stack.json").read_text()), "the gate was replaced"
        assert f"default_{rehearsal.version.replace('.', '_')}" in exported, "the gate is not on the new plugin"
        created = rehearsal.counters(endpoint)["requests"].get("CreatePackageImportJob", 0)
        assert created == 0, "a second import job"
    finally:
        rehearsal.stop(emulator)
