"""Build the Go driver: tests/e2e/sdks/go with its `replace` pointed at the repository's sdk/go.

Modules come from the module cache `make sdks` warms, or else from GOPROXY (the Go module proxy). go.sum
is seeded from sdk/go/go.sum, so `go mod tidy` only looks up checksums for what the driver adds to the
SDK's requirements (go/auto's). No go.sum is committed: it would go stale whenever sdk/go is regenerated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

HERE = Path(__file__).resolve().parent / "go"
SDK = ROOT / "sdk" / "go"


def build(workdir: Path, artifacts: Path) -> list[str]:
    del artifacts  # the Go SDK is used from source, sdk/go, not from dist/sdks
    source = workdir / "src"
    shutil.copytree(HERE, source, ignore=shutil.ignore_patterns("go.sum"))
    shutil.copy(SDK / "go.sum", source / "go.sum")
    env = {**os.environ, "GOFLAGS": "-buildvcs=false", "GOTOOLCHAIN": "local"}

    def go(*args: str) -> None:
        subprocess.run(["go", *args], cwd=source, env=env, check=True, timeout=900)

    sdk_module = subprocess.run(
        ["go", "list", "-m"], cwd=SDK, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    go("mod", "edit", f"-replace={sdk_module}={SDK}")
    go("mod", "tidy")
    driver = workdir / "driver"
    go("build", "-o", str(driver), ".")
    return [str(driver)]
