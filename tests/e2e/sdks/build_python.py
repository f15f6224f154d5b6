"""Build the Python driver: a virtualenv with pulumi and the generated SDK's wheel (from `make sdks`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from components.version import __version__
from tests.conftest import ROOT

HERE = Path(__file__).resolve().parent / "python"


def build(workdir: Path, artifacts: Path) -> list[str]:
    venv = workdir / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheel = artifacts / f"pulumi_panorama_import_gate-{__version__}-py3-none-any.whl"
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), str(wheel)],
        check=True, timeout=600,
    )  # fmt: skip
    driver = workdir / "driver.py"
    shutil.copy(HERE / "driver.py", driver)
    return [str(venv / "bin" / "python"), "-u", str(driver)]
