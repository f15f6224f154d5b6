"""The one-line-error shim depends on the pulumi SDK's provider server internals: pin them here.

When pulumi is upgraded and these fail, re-check `components/one_line_errors.py` against the new
`pulumi/dynamic/__main__.py` before moving the pin.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import sys
import traceback
import types
from pathlib import Path

import pytest

from components import JobFailedError
from components.dynamic import one_line_errors as shim
from tests.conftest import ROOT


def _pinned(package: str) -> str:
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.lower().startswith(f"{package}=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError(f"{package} is not pinned in constraints.txt")


def _server_source() -> ast.Module:
    spec = importlib.util.find_spec(shim.SERVER_MODULE)  # located, never executed: importing it starts a server
    assert spec is not None and spec.origin is not None
    return ast.parse(Path(spec.origin).read_text())


def test_the_installed_pulumi_is_the_version_the_shim_was_verified_against() -> None:
    installed = importlib.metadata.version("pulumi")
    assert installed == _pinned("pulumi"), (
        f"pulumi {installed} is installed, the shim was verified against {_pinned('pulumi')}: "
        "re-check components/one_line_errors.py"
    )


def test_the_server_still_reports_errors_through_the_hook_and_traceback_format_exc() -> None:
    tree = _server_source()
    hooks = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == shim.HOOK]
    assert hooks, f"{shim.SERVER_MODULE} no longer defines {shim.HOOK}: the one-line errors are off"
    calls = {ast.unparse(node.func) for node in ast.walk(hooks[0]) if isinstance(node, ast.Call)}
    assert "traceback.format_exc" in calls, f"{shim.HOOK} no longer calls traceback.format_exc"
    imports = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    assert "traceback" in imports


def _fake_server() -> types.ModuleType:
    server = types.ModuleType("fake_server")
    server.traceback = traceback  # type: ignore[attr-defined]
    server._abort_with_traceback = lambda fn: fn  # type: ignore[attr-defined]
    return server


def test_gate_errors_become_one_line_and_other_errors_keep_their_traceback() -> None:
    server = _fake_server()
    assert shim.install(server)
    try:
        raise JobFailedError.__new__(JobFailedError, "Package import job x FAILED: bad. Fix it.")
    except JobFailedError:
        assert server.traceback.format_exc() == "Package import job x FAILED: bad. Fix it."
    try:
        raise KeyError("bug")
    except KeyError:
        assert server.traceback.format_exc().startswith("Traceback (most recent call last):")


def test_installing_twice_wraps_once() -> None:
    server = _fake_server()
    shim.install(server)
    first = server.traceback
    shim.install(server)
    assert server.traceback is first


def test_a_server_without_the_hook_is_reported_loudly(capsys: pytest.CaptureFixture[str]) -> None:
    server = types.ModuleType("changed_server")
    assert not shim.install(server)
    assert f"no longer has {shim.HOOK}" in capsys.readouterr().err


def test_outside_the_provider_server_nothing_is_patched() -> None:
    assert sys.modules["__main__"] is not None  # pytest's own entry point
    assert shim.server_module() is None
    assert shim.install() is False
