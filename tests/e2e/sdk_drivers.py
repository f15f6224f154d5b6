"""Run the per-language drivers of tests/e2e/sdks (their contract is in tests/e2e/sdks/README.md).

Each language's `tests/e2e/sdks/build_<language>.py` builds its driver once per session against the
SDK artifacts `make sdks` builds (dist/sdks), and returns the command that runs it.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.support import wait_until

ARTIFACTS = ROOT / "dist" / "sdks"
LANGUAGES = ("nodejs", "go", "python")


@dataclass(frozen=True)
class Result:
    """What a driver reported, and every line it printed."""

    ok: bool
    outputs: dict[str, Any]
    error: str | None
    seconds: float
    cancel_seconds: float | None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Driver:
    language: str
    command: list[str]

    def run(
        self, scenario: str, env: dict[str, str], cancel_when: Callable[[], bool] | None = None, timeout: float = 240
    ) -> Result:
        """Run one scenario; with ``cancel_when``, send `cancel` once it holds."""
        proc = subprocess.Popen(
            [*self.command, scenario], env=env, cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in proc.stdout or ()))
        reader.start()
        try:
            if cancel_when is not None:
                wait_until(cancel_when, 120)
                assert proc.stdin is not None
                proc.stdin.write("cancel\n")
                proc.stdin.flush()
            proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
            reader.join(timeout=10)
        reports = [line for line in lines if line.startswith("RESULT ")]
        assert reports, f"the {self.language} driver reported nothing (exit {proc.returncode}):\n" + "\n".join(lines)
        report = json.loads(reports[-1][len("RESULT ") :])
        return Result(
            ok=report["ok"], outputs=report.get("outputs") or {}, error=report.get("error"),
            seconds=report["seconds"], cancel_seconds=report.get("cancel_seconds"), lines=lines,
        )  # fmt: skip


def stale(artifact: Path) -> bool:
    """True when the artifact is missing or older than any file of the generated SDKs."""
    if not artifact.exists():
        return True
    built = artifact.stat().st_mtime
    return any(path.stat().st_mtime > built for path in (ROOT / "sdk").rglob("*") if path.is_file())


def ensure_artifacts() -> Path:
    """dist/sdks as `make sdks` builds it (built here when missing or older than sdk/)."""
    from components.version import __version__

    wanted = [
        ARTIFACTS / f"panorama-import-gate-pulumi-{__version__}.tgz",
        ARTIFACTS / f"pulumi_panorama_import_gate-{__version__}-py3-none-any.whl",
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # One build at a time: parallel test workers share dist/sdks. The lock lives beside it, not in it: the
    # build starts by removing dist/sdks, and a lock file removed under a waiting worker locks nothing.
    with (ARTIFACTS.parent / ".sdks-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if any(stale(artifact) for artifact in wanted):
            env = {**os.environ, "PY": str(ROOT / ".venv" / "bin" / "python")}
            subprocess.run(["bash", "scripts/sdks.sh", "build"], cwd=ROOT, env=env, check=True, timeout=900)
    return ARTIFACTS


def build_driver(language: str, workdir: Path) -> Driver:
    started = time.monotonic()
    builder = importlib.import_module(f"tests.e2e.sdks.build_{language}")
    command: list[str] = builder.build(workdir, ensure_artifacts())
    print(f"\n{language} driver built in {time.monotonic() - started:.1f}s")
    return Driver(language, command)
