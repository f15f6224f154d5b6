"""The distribution's metadata agrees with the code, and the stack's requirements stay runtime-only."""

from __future__ import annotations

import tomllib

from components import __version__
from tests.conftest import ROOT

TOOLS = ("pytest", "hypothesis", "mypy", "ruff", "stubs", "setuptools")


def test_the_package_version_is_the_code_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__
    assert project["scripts"]["panorama-import-gate"] == "panorama_import_gate.cli:main"


def test_requirements_txt_holds_no_test_or_lint_tools() -> None:
    names = [line.split("==")[0].lower() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert not [n for n in names if any(tool in n for tool in TOOLS)]
    assert "pulumi" in names and "botocore-a-la-carte-panorama" in names
