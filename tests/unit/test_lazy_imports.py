"""What each process imports: the Pulumi program never loads botocore nor the provider's rules, the CLI
never loads pulumi, and rich is loaded only on a terminal. Each check runs in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def loaded(statement: str, modules: tuple[str, ...]) -> list[str]:
    probe = f"{statement}; import sys; print(' '.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.split()


@pytest.mark.parametrize(
    ("statement", "absent"),
    [
        # The program declares gates; the rules that check, diff and read them run in the provider.
        (
            "from components import PackageImportJob",
            ("botocore", "boto3", "rich", "components.core.identity", "components.core.model"),
        ),
        ("from components.provider import PackageImportJobProvider", ("botocore", "rich")),
        ("import components.cli.main", ("pulumi", "rich", "boto3")),
    ],
    ids=["program", "provider-module", "cli"],
)
def test_a_process_loads_only_what_it_needs(statement: str, absent: tuple[str, ...]) -> None:
    assert loaded(statement, absent) == []


def test_every_public_name_resolves() -> None:
    import components

    for name in components.__all__:
        assert getattr(components, name) is not None


def test_the_typed_imports_and_the_lazy_homes_name_the_same_public_names() -> None:
    """Type checkers see the names imported under TYPE_CHECKING; the lazy loader serves `_HOMES`: one list
    may not lose a name the other has (as WaitCancelledError once was)."""
    import ast
    import inspect

    import components

    tree = ast.parse(inspect.getsource(components))
    guarded = next(node for node in tree.body if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
    typed = {
        (alias.name, (node.module or "").lstrip("."))
        for node in ast.walk(guarded)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == set(components._HOMES.items())
    assert "WaitCancelledError" in components.__all__
