"""The suite's process-leak guard (tests/processes.py), run on a small suite of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CONFTEST = """from tests.processes import LeakGuard

def pytest_configure(config):
    config.pluginmanager.register(LeakGuard(config), "leak-guard")
"""
LEAKY = """
import subprocess

def test_that_orphans_a_sleeper():
    # Started by a shell that exits at once: the sleeper's parent is gone, as with a SIGKILLed `pulumi`. An odd
    # duration, so that the check below finds this sleeper and no other process of the machine.
    subprocess.run(["sh", "-c", "sleep 307.25 >/dev/null 2>&1 &"], check=True)

def test_that_cleans_up():
    subprocess.run(["true"], check=True)
"""
TIDY = """
import subprocess

def test_that_waits_for_its_child():
    subprocess.run(["sh", "-c", "sleep 0.1"], check=True)
"""


def run_suite(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_suite.py").write_text(body)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GATE_LEAK_REPORTS": str(tmp_path / "leaks"),
        "GATE_LEAK_GRACE_SECONDS": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_process_left_running_fails_the_run_naming_the_test_that_started_it(tmp_path: Path) -> None:
    result = run_suite(tmp_path, LEAKY)
    assert result.returncode == 1, result.stdout
    assert "processes the tests left running (killed now)" in result.stdout
    assert "alive since the end of test_suite.py::test_that_orphans_a_sleeper: sleep 307.25" in result.stdout
    leftover = subprocess.run(["pgrep", "-f", "^sleep 307.25$"], capture_output=True, text=True)
    assert not leftover.stdout.strip(), "the leaked process was killed"


def test_a_suite_that_ends_what_it_starts_passes(tmp_path: Path) -> None:
    result = run_suite(tmp_path, TIDY)
    assert result.returncode == 0, result.stdout
    assert "left running" not in result.stdout
