"""Stacks created by the previous release keep working with this code: `refresh`, then
`preview --expect-no-changes`, `up` and `destroy`, with no replacement and no second job.

The previous release's program and `components/` are taken from this repository's
history with `git archive`, so its exact code creates the state.
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
from tests.e2e.test_pipeline_use import assert_no_changes

pytestmark = pytest.mark.e2e

#: Release 0.1: the last commit before the identity record and the FAILED-import retry.
PREVIOUS_RELEASE = "94c31d106c5c8931543c6b312e3d4dd5013ef949"
PROGRAM_FILES = ("Pulumi.yaml", "__main__.py", "components")


def install(release: str | None, workdir: Path) -> None:
    """Put a release's program and components into a stack's work dir (None: this checkout)."""
    for name in PROGRAM_FILES:
        target = workdir / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    if release is None:
        copy_from_checkout(PROGRAM_FILES, workdir)
        return
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", release, *PROGRAM_FILES], capture_output=True, check=False
    )
    assert archive.returncode == 0, (
        f"release {release[:12]} is not in this clone's history ({archive.stderr.decode().strip()}); "
        "the upgrade tests need a clone with full history (not --depth)"
    )
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)


@pytest.mark.parametrize("refreshed_by_previous", [False, True], ids=["as-deployed", "after-a-refresh-by-0.1"])
@pytest.mark.parametrize("mode", ["track", "create"])
def test_a_stack_from_the_previous_release_upgrades_without_replacement_or_a_new_job(
    make_stack: Any, emulator: EmulatorProcess, mode: str, refreshed_by_previous: bool
) -> None:
    package = f"upgrade-{mode}-{int(refreshed_by_previous)}"
    stack = make_stack()
    install(PREVIOUS_RELEASE, stack.workdir)
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
