"""The README's "Try it offline, in an empty folder" block, run as written (only the wheel's path and a
free port are filled in) in an empty folder, with nothing of this checkout on PATH but the `pulumi` CLI."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.helpers import build_wheel
from tests.support import free_port
from tests.versions import PULUMI_VERSION

pytestmark = pytest.mark.e2e
MARKER = "<!-- tested: offline-quickstart -->"
WHEEL_LINE = re.compile(r"^WHEEL=.*$", re.MULTILINE)
PORT_LINE = re.compile(r"^PORT=\d+ .*$", re.MULTILINE)


def readme_block(marker: str = MARKER) -> str:
    """The bash block right after the marker."""
    text = (ROOT / "README.md").read_text()
    assert text.count(marker) == 1, "the README must hold the tested block exactly once"
    match = re.search(re.escape(marker) + r"\n```bash\n(.*?)\n```", text, re.DOTALL)
    assert match, "the marker must be followed by a ```bash block"
    return match.group(1)


def test_the_readme_puts_the_project_s_pulumi_on_path(pulumi_cli: Path) -> None:
    """Run from the repository's folder with no pulumi on PATH; the CLI is already built, so `make` only finds it."""
    env = {**os.environ, "PATH": os.pathsep.join(["/usr/local/go/bin", "/usr/bin", "/bin"])}
    env.pop("PULUMI_CLI_DIR", None)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", readme_block("<!-- tested: pulumi-on-path -->")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"v{PULUMI_VERSION}", result.stdout


def test_the_readme_offline_quickstart_runs_in_an_empty_folder(pulumi_cli: Path, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "build")
    script = readme_block()
    assert len(WHEEL_LINE.findall(script)) == 1 and len(PORT_LINE.findall(script)) == 1
    script = PORT_LINE.sub(f"PORT={free_port()}", WHEEL_LINE.sub(f"WHEEL={wheel}", script))
    empty = tmp_path / "user"
    empty.mkdir()
    python_dir = str(Path(shutil.which("python3") or "/usr/bin/python3").parent)
    env = {
        "HOME": os.environ["HOME"],  # pip's cache
        "PATH": os.pathsep.join([str(pulumi_cli), python_dir, "/usr/bin", "/bin"]),
        "PULUMI_HOME": str(tmp_path / "pulumi-home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PIP_CONSTRAINT": str(ROOT / "constraints.txt"),  # the versions the rest of the suite tests
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    }
    proc = subprocess.Popen(
        ["bash", "-euo", "pipefail", "-c", script], cwd=empty, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = proc.communicate(timeout=600)
    finally:  # whatever happened, no emulator started by the block may outlive the test
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, output
    assert re.search(r"^1\.0$", output, re.MULTILINE), output  # `pulumi stack output packageVersion`
    assert re.search(r"Package import job pij-\w+ FAILED: Manifest check failed\.", output), output
    assert "blocked, as it must be" in output, output
    assert "Traceback" not in output, output
