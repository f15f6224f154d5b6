"""The wheel holds every module of `components/` and `emulator/` (as `panorama_import_gate/...`).

pyproject.toml lists the wheel's packages by hand: setuptools' `packages.find` names packages after their
folders (`components`, `emulator`), and the wheel renames them, which only `package-dir` can do. A new
subfolder missing from that list would leave the checkout's tests green while the installed package
fails to import it; this test builds the wheel and compares.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import ROOT
from tests.e2e.helpers import build_wheel

#: Each source folder and the import name the wheel gives it.
MAPPED = {"components": "panorama_import_gate", "emulator": "panorama_import_gate/emulator"}


def expected_files() -> set[str]:
    """The wheel paths of every module (and the py.typed marker) under the mapped folders."""
    files: set[str] = set()
    for folder, package in MAPPED.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".typed"):
                files.add(f"{package}/{path.relative_to(ROOT / folder).as_posix()}")
    return files


def test_the_wheel_holds_every_module_of_components_and_emulator(tmp_path: Path) -> None:
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        packaged = {name for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")}
    expected = expected_files()
    assert "panorama_import_gate/plugin/server.py" in expected and "panorama_import_gate/emulator/server.py" in expected
    missing = sorted(expected - packaged)
    assert not missing, f"missing from the wheel (add their packages to pyproject.toml's list): {missing}"
