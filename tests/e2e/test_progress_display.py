"""What `pulumi up` shows while a gate waits, in a real terminal (tmux) 80, 100 and 120 columns wide:
the status comes first, so it is legible where Pulumi leaves a narrow Info column, and one lasting line
says how the wait ended. The captures are printed (`pytest -s`) for the record."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.support import wait_until

pytestmark = pytest.mark.e2e
STATUS = re.compile(r"PENDING( |$)")  # the job ID may be cut at the edge of the screen
#: An age beside the status: it would freeze on the row while Pulumi's own Status column counts on.
AGE = re.compile(r"PENDING \d+(s|m)")


@dataclass
class Terminal:
    """One tmux server of this test, running one command in a window of a fixed size."""

    socket: str

    def start(self, command: str, width: int, workdir: Path, env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith(("PULUMI", "AWS", "PATH")))
        script = f"env {exports} {command}; echo __DONE__ $?; sleep 600"
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-x", str(width), "-y", "40", "-c", str(workdir), script],
            check=True, env={**os.environ, "TERM": "xterm-256color"},
        )  # fmt: skip

    def screen(self, history: bool = False) -> str:
        """What the window shows (with ``history``, everything printed since it opened)."""
        command = ["tmux", "-L", self.socket, "capture-pane", "-p", *(["-S", "-"] if history else [])]
        return subprocess.run(command, capture_output=True, text=True).stdout

    def close(self) -> None:
        """Stop a `pulumi up` still running (Ctrl-C, so it shuts its plugins down), then the tmux server."""
        if "__DONE__" not in self.screen():
            subprocess.run(["tmux", "-L", self.socket, "send-keys", "C-c"], capture_output=True, check=False)
            with contextlib.suppress(AssertionError):
                wait_until(lambda: "__DONE__" in self.screen(), 30)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"gate-{uuid.uuid4().hex[:8]}")
    yield term
    term.close()


def row_with_status(screen: str, row: str) -> str | None:
    """The line of the progress table for ``row`` (a resource or stack name), if it shows a PENDING status."""
    return next((line for line in screen.splitlines() if row in line and STATUS.search(line)), None)


def shown_while_pending(terminal: Terminal, row: str, title: str) -> str:
    """Wait until ``row`` shows a PENDING status; print the screen; return that row's line."""
    screens: list[str] = []

    def shown() -> bool:
        screens.append(terminal.screen())
        return row_with_status(screens[-1], row) is not None

    try:
        wait_until(shown, 60)
    finally:
        print(f"\n--- {title}, while PENDING ---\n{screens[-1].rstrip()}")
    line = row_with_status(screens[-1], row)
    assert line is not None
    return line


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("front_end", ["python", "yaml"])
def test_the_waiting_status_is_legible_and_one_lasting_line_remains(
    make_stack: Any, yaml_plugin: Path, emulator: EmulatorProcess, terminal: Terminal, front_end: str, width: int
) -> None:
    stack = make_stack(None if front_end == "python" else "examples/yaml", name="dev")
    job_id = emulator.seed_job(duration=3600)
    stack.config(jobId=job_id)
    terminal.start(f"pulumi up --yes --skip-preview --stack {stack.name}", width, stack.workdir, stack.env)
    project = "panorama-import-gate" if front_end == "python" else "yaml-gate"
    stack_row = f"{project}-{stack.name}"
    if width >= 100:  # at 80 columns Pulumi shows no Info column at all
        row = shown_while_pending(terminal, stack_row, f"{front_end}, {width} columns")
        assert not AGE.search(row), row
    else:  # the gate's row says `creating (1s)` once its create (which polls first thing) has run a second;
        # the screen's edge may cut the cell after the first digit
        gate_row = re.compile(rf"{'package-import' if front_end == 'python' else 'gate'}\s+creating \([1-9]")
        screens = [""]
        try:
            wait_until(lambda: gate_row.search(screens.append(terminal.screen()) or screens[-1]) is not None, 90)
        finally:
            print(f"\n--- {front_end}, {width} columns, while creating ---\n{screens[-1].rstrip()}")
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
    wait_until(lambda: "__DONE__ 0" in terminal.screen(), 90)
    final = terminal.screen(history=True)
    print(f"\n--- {front_end}, {width} columns, done ---\n{final.rstrip()}")
    lasting = [line for line in final.splitlines() if f"Package import job {job_id} SUCCEEDED after" in line]
    assert lasting, final


#: A replacement's Status cell (`creating replacement (33s)`) is so wide that Pulumi shows no Info column
#: at all at 100 columns; from 110 it does, and there the gate's own cell starts with `[diff: ~jobId]`.
WIDTH = 110


def test_a_replaced_yaml_gate_shows_its_status_on_the_stack_row(
    make_stack: Any, yaml_plugin: Path, emulator: EmulatorProcess, terminal: Terminal
) -> None:
    """The plugin mirrors the status on the stack's row, which has no diff, so it stays legible."""
    stack = make_stack("examples/yaml", name="dev")
    stack.config(jobId=emulator.seed_job())
    stack.up()
    job_id = emulator.seed_job(duration=3600)
    stack.config(jobId=job_id)
    terminal.start(f"pulumi up --yes --skip-preview --stack {stack.name}", WIDTH, stack.workdir, stack.env)
    shown_while_pending(terminal, "yaml-gate-dev", f"yaml replacement, {WIDTH} columns")
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
    wait_until(lambda: "__DONE__ 0" in terminal.screen(), 90)
