"""The distribution's metadata agrees with the code, and the stack's requirements stay runtime-only."""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from components import __version__
from tests.conftest import ROOT

TOOLS = ("pytest", "hypothesis", "mypy", "ruff", "stubs", "setuptools")


def test_the_release_version_is_written_once_in_components_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert project["scripts"]["panorama-import-gate"] == "panorama_import_gate.cli:main"


def test_the_built_distribution_takes_its_version_from_components_version(tmp_path: Path) -> None:
    """setuptools builds the wheel's metadata (as `pip wheel` and `python -m build` do) from a copy whose
    version.py says something else: the metadata must follow it."""
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    for package in ("components", "emulator"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    version_py = source / "components" / "version.py"
    assert f'__version__ = "{__version__}"' in version_py.read_text()
    version_py.write_text(version_py.read_text().replace(__version__, "9.8.7"))
    (tmp_path / "metadata").mkdir()
    build = "from setuptools import build_meta; print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))"
    made = subprocess.run(
        [sys.executable, "-c", f"import sys; {build}", tmp_path / "metadata"],
        cwd=source, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    metadata = tmp_path / "metadata" / made.stdout.strip().splitlines()[-1] / "METADATA"
    fields = email.parser.Parser().parsestr(metadata.read_text())
    assert (fields["Name"], fields["Version"]) == ("panorama-import-gate", "9.8.7")


def test_requirements_txt_holds_no_test_or_lint_tools() -> None:
    names = [line.split("==")[0].lower() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert not [n for n in names if any(tool in n for tool in TOOLS)]
    assert "pulumi" in names and "botocore-a-la-carte-panorama" in names
