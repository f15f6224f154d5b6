"""Every test ends every process it starts, the whole tree: the suite fails at its end if one is still alive.

The test process makes itself the "child subreaper" of its descendants (Linux ``PR_SET_CHILD_SUBREAPER``), so a
process whose parent died (a plugin of a SIGKILLed `pulumi`, which starts plugins in process groups of their
own) is re-parented here instead of to init and cannot slip away. When the session ends, after every fixture
has stopped what it started, any descendant still alive is a leak: it is named with the first test at whose end
it was alive (the one that started it, or left it running) and killed, and the run fails.

Under pytest-xdist each worker checks its own descendants and writes what it found to a file the controller
reads; the controller fails the run.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PR_SET_CHILD_SUBREAPER = 36
#: How long the processes a session's fixtures stopped may take to exit before they count as leaks.
GRACE_SECONDS = float(os.environ.get("GATE_LEAK_GRACE_SECONDS", "10"))


@dataclass(frozen=True)
class Process:
    pid: int
    parent: int
    started: int
    """Clock ticks since boot, as the kernel records it (with the pid, it tells a reused pid apart)."""
    state: str
    command: str


def _read(pid: int) -> Process | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:  # gone meanwhile
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the name in parentheses may hold spaces
    return Process(pid, int(fields[1]), int(fields[19]), fields[0], command)


def descendants(root: int) -> list[Process]:
    """The living descendants of ``root``."""
    everyone = [p for p in (_read(int(entry)) for entry in os.listdir("/proc") if entry.isdigit()) if p]
    children: dict[int, list[Process]] = {}
    for process in everyone:
        children.setdefault(process.parent, []).append(process)
    found: list[Process] = []
    frontier = [root]
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.append(child)
            frontier.append(child.pid)
    # Zombies are dead. They are not reaped here: a test's own Popen must collect its child's exit status.
    return [process for process in found if process.state != "Z"]


class LeakGuard:
    """The pytest plugin: subreaper at the start, a timeline of tests, the check at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.first_seen: dict[tuple[int, int], str] = {}  # (pid, start) -> the first test it outlived
        self.worker = getattr(config, "workerinput", None)
        self.reports = Path(
            os.environ.setdefault("GATE_LEAK_REPORTS", str(config.rootpath / ".pytest_cache" / "leaks"))
        )

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
        if self.worker is None:  # the controller (or a run without workers) starts with no old reports
            self.reports.mkdir(parents=True, exist_ok=True)
            for old in self.reports.glob("*.txt"):
                old.unlink()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> object:
        yield
        for process in descendants(os.getpid()):  # a few milliseconds: /proc holds a few hundred entries
            self.first_seen.setdefault((process.pid, process.started), item.nodeid)

    def leaks(self) -> list[str]:
        """Descendants still alive after the grace period, each killed with its tree, as report lines."""
        if self.worker is None and self.config.pluginmanager.hasplugin("dsession"):
            return []  # the controller: its children are the workers, which check their own
        deadline = time.monotonic() + GRACE_SECONDS
        while (alive := descendants(os.getpid())) and time.monotonic() < deadline:
            time.sleep(0.1)
        lines = []
        for process in alive:
            test = self.first_seen.get((process.pid, process.started), "the session's end")
            lines.append(f"pid {process.pid}, alive since the end of {test}: {process.command}")
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
        return lines

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        found = self.leaks()
        if found:
            self.reports.mkdir(parents=True, exist_ok=True)
            (self.reports / f"{os.getpid()}.txt").write_text("\n".join(found) + "\n")
        if self.worker is None:
            reported = [
                line for report in sorted(self.reports.glob("*.txt")) for line in report.read_text().splitlines()
            ]
            if reported:
                terminal = session.config.pluginmanager.get_plugin("terminalreporter")
                if terminal is not None:
                    terminal.write_sep("=", "processes the tests left running (killed now)", red=True)
                    for line in reported:
                        terminal.write_line(line)
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
