"""Stacks created by earlier releases keep working with this code: `refresh`, then
`preview --expect-no-changes`, `up` and `destroy`, with no replacement and no second job, in both
front ends. Values that release 0.2 stored in plain text (secret inputs copied into the recorded
identity) are encrypted by the next `up`.

Each release's program, `components/` and plugin are taken from this repository's history with
`git archive`, so its exact code creates the state.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.e2e.helpers import copy_from_checkout, jobs_for
from tests.e2e.test_pipeline_use import REPLACED, assert_no_changes
from tests.e2e.test_secrets import TAG_VALUE, TOKEN, exposed, python_stack, yaml_stack

pytestmark = pytest.mark.e2e

#: Release commits: 0.1, the last before the identity record and the FAILED-import retry; 0.2, the
#: last before secret inputs were kept encrypted in the record (and the plugin accepted secrets).
RELEASES = {
    "0.1": "94c31d106c5c8931543c6b312e3d4dd5013ef949",
    "0.2": "5feda184568e40b0b617046c493669c60af533f0",
}
PROGRAM_FILES = ("Pulumi.yaml", "__main__.py", "components")


def extract(release: str, names: tuple[str, ...], workdir: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", RELEASES[release], *names], capture_output=True, check=False
    )
    assert archive.returncode == 0, (
        f"release {release} is not in this clone's history ({archive.stderr.decode().strip()}); "
        "the upgrade tests need a clone with full history (not --depth)"
    )
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)


def install(release: str | None, workdir: Path, names: tuple[str, ...] = PROGRAM_FILES) -> None:
    """Put a release's files into a stack's work dir (None: this checkout)."""
    for name in names:
        target = workdir / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    if release is None:
        copy_from_checkout(names, workdir)
    else:
        extract(release, names, workdir)


def install_plugin(release: str | None, stack: Any, tmp_path: Path) -> None:
    """`install-plugin` as that release's users ran it, into the stack's PULUMI_HOME."""
    root = ROOT
    if release is not None:
        root = tmp_path / f"release-{release}"
        root.mkdir()
        extract(release, ("components",), root)
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "components", "install-plugin"],
        cwd=root, env=stack.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("release", ["0.1", "0.2"])
@pytest.mark.parametrize("refreshed_by_previous", [False, True], ids=["as-deployed", "after-a-refresh-by-it"])
@pytest.mark.parametrize("mode", ["track", "create"])
def test_a_stack_from_an_earlier_release_upgrades_without_replacement_or_a_new_job(
    make_stack: Any, emulator: EmulatorProcess, mode: str, refreshed_by_previous: bool, release: str
) -> None:
    package = f"upgrade-{release.replace('.', '')}-{mode}-{int(refreshed_by_previous)}"
    stack = make_stack()
    install(release, stack.workdir)
    if mode == "track":
        stack.config(jobId=emulator.seed_job(package_name=package))
    else:
        key = f"upgrade/{package}.json"
        emulator.set_manifest("manifests", key, duration=0.3)
        stack.config(inputBucket="manifests", inputKey=key, packageName=package, packageVersion="1.0")
    stack.up()
    if refreshed_by_previous:
        # Release 0.1's refresh mixed the job's reported fields into the recorded inputs.
        stack.run("refresh", "--yes")
    jobs = jobs_for(emulator, package)
    (before,) = (r["outputs"]["job_id"] for r in stack.resources())

    install(None, stack.workdir)
    stack.run("refresh", "--yes")
    assert_no_changes(stack)
    stack.up()
    stack.run("up", "--yes", "--skip-preview", "--refresh")
    assert [r["outputs"]["job_id"] for r in stack.resources()] == [before]
    assert jobs_for(emulator, package) == jobs == [before]
    stack.run("destroy", "--yes")
    assert stack.resources() == []


def test_secret_inputs_a_0_2_stack_stored_in_plain_text_are_encrypted_by_the_next_up(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    stack = python_stack(make_stack, emulator, "upgrade-secrets-py")
    install("0.2", stack.workdir, ("components",))
    stack.up()
    assert exposed(stack.run("stack", "export").stdout) == [TAG_VALUE, TOKEN], "release 0.2 leaked them"
    jobs = jobs_for(emulator, "upgrade-secrets-py")

    install(None, stack.workdir, ("components",))
    result = stack.up()
    assert not REPLACED.search(result.stdout), result.stdout
    assert exposed(stack.run("stack", "export").stdout) == []
    stack.run("refresh", "--yes")
    assert_no_changes(stack)
    assert jobs_for(emulator, "upgrade-secrets-py") == jobs and len(jobs) == 1


@pytest.mark.parametrize("program", ["examples/yaml", "secret_yaml"])
def test_a_yaml_stack_on_plugin_0_2_upgrades_without_replacement_or_a_new_job(
    make_stack: Any, emulator: EmulatorProcess, tmp_path: Path, program: str
) -> None:
    package = f"upgrade-yaml-{program.replace('/', '-')}"
    if program == "secret_yaml":
        stack = yaml_stack(make_stack, emulator, package)
    else:
        stack = make_stack(program, name="yaml-upgrade")
        stack.config(jobId=emulator.seed_job(package_name=package))
    stack.env = {**stack.env, "PULUMI_HOME": str(tmp_path / "pulumi-home-upgrade")}
    # The plugin runs in the stack's folder: a YAML project has no `components/` there, so each
    # release's plugin runs its own code, as an installed wheel would.
    shutil.rmtree(stack.workdir / "components")
    install_plugin("0.2", stack, tmp_path)
    stack.up()
    jobs = jobs_for(emulator, package)
    if program == "secret_yaml":
        assert exposed(stack.run("stack", "export").stdout) == [TAG_VALUE, TOKEN], "plugin 0.2.0 leaked them"

    install_plugin(None, stack, tmp_path)
    result = stack.up()  # the next `up` re-encrypts, in place
    assert not REPLACED.search(result.stdout), result.stdout
    assert exposed(stack.run("stack", "export").stdout) == []
    stack.run("refresh", "--yes")
    assert_no_changes(stack)
    assert jobs_for(emulator, package) == jobs and len(jobs) == 1
    stack.run("destroy", "--yes")
