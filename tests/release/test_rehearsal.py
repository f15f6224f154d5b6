"""The release rehearsal (issue 26, `make rehearsal`, after `make release`): dist/release is published to
registry software started on this machine (verdaccio, pypiserver, a module-proxy folder, an HTTP plugin
mirror), and in clean environments (empty HOME, PULUMI_HOME and caches; no Go but for the Go user) each
language installs the release by name and runs its example program from examples/ against the emulator,
itself installed by name. Automatic plugin acquisition is on: the first `pulumi up` of every program on the
plugin downloads it from the mirror by itself.

Marked `release`: `make test` leaves it out (it needs `make release`, and takes minutes)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from release.common import PLUGIN_EXECUTABLE, plugin_archive_name
from release.rehearsal import RELEASE, Rehearsal
from release.users import TITLES, User

# A cold Go install (the module cache starts empty) alone takes minutes on a busy machine.
pytestmark = [pytest.mark.release, pytest.mark.timeout(1200)]
ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("typescript", "go", "python-sdk", "yaml", "python")
#: The front ends that reach Panorama through the provider plugin (the dynamic resource runs in Python).
PLUGIN_LANGUAGES = ("typescript", "go", "python-sdk", "yaml")
FAILED_MESSAGE = "Manifest check failed: nodePackage.interfaces is empty."


def assert_one_line(text: str) -> None:
    """No stack of any language reached the user."""
    for mark in ("Traceback", 'File "', "goroutine ", "    at "):
        assert mark not in text, text


def test_the_signature_and_every_checksum_verify(rehearsal: Rehearsal) -> None:
    assert "Good signature" in rehearsal.verdict, rehearsal.verdict


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: TITLES[language])
def test_installed_by_name_a_succeeded_job_passes_with_its_outputs_and_the_function_read(
    language: str, rehearsal: Rehearsal, users: Callable[[str], User]
) -> None:
    user = users(language)
    downloads = rehearsal.plugin_downloads()
    job = rehearsal.seed(package_name=f"rehearsal-{language}", package_version="3.7")
    result = user.up(job, "pass")
    rehearsal.timings[f"{language}: first up"] = round(result.seconds, 1)
    print(f"\n{TITLES[language]}: outputs {result.outputs}")
    assert result.ok, result.text
    outputs = result.outputs
    assert outputs["packageVersion"] == "3.7", outputs
    assert outputs["status"] == "SUCCEEDED" and outputs["approvedJobId"] == job, outputs
    assert outputs["lookedUpStatus"] == "SUCCEEDED", outputs
    assert outputs["packageId"], outputs
    if language in PLUGIN_LANGUAGES:
        # Nothing was installed by hand: the engine downloaded the plugin from the mirror, once.
        assert user.plugin_installed(rehearsal.version), result.text
        assert rehearsal.plugin_downloads() == downloads + 1
    assert "warning: using" not in result.text, result.text


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: TITLES[language])
def test_a_failed_job_blocks_the_update_in_one_line(
    language: str, rehearsal: Rehearsal, users: Callable[[str], User]
) -> None:
    user = users(language)
    job = rehearsal.seed(outcome="FAILED", message=FAILED_MESSAGE)
    result = user.up(job, "failed")
    assert not result.ok, result.text
    expected = f"Package import job {job} FAILED: {FAILED_MESSAGE}"
    lines = [line for line in result.text.splitlines() if expected in line]
    assert lines, result.text
    print(f"\n{TITLES[language]} user sees: {lines[0].strip()}")
    assert_one_line(result.text)
    if language not in ("typescript", "go"):
        exported = user.must("pulumi", "stack", "export", "--stack", "failed").text
        assert "approved" not in exported, "the dependent must not exist after a failed gate"


def test_the_plugin_says_in_one_line_when_the_host_lacks_python_3_11(rehearsal: Rehearsal, tmp_path: Path) -> None:
    archive = RELEASE / plugin_archive_name(rehearsal.version)
    with tarfile.open(archive) as opened:
        opened.extractall(tmp_path, filter="data")
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("sh", "dirname"):  # a host with a shell and nothing else
        os.symlink(shutil.which(tool) or f"/bin/{tool}", bare / tool)
    done = subprocess.run(
        [str(tmp_path / PLUGIN_EXECUTABLE), "127.0.0.1:9"], env={"PATH": str(bare)}, capture_output=True, text=True,
        check=False, timeout=30,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert re.fullmatch(r"error: the panorama-import-gate plugin \S+ needs Python 3\.11 on PATH .*\.\n", done.stderr)
