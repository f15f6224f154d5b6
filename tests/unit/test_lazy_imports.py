"""What each process imports: the Pulumi program never loads botocore, the CLI never loads pulumi,
and rich is loaded only on a terminal. Each check runs in a fresh interpreter."""

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
        ("from components import PackageImportJob", ("botocore", "boto3", "rich")),
        ("from components.provider import PackageImportJobProvider", ("botocore", "rich")),
        ("import components.cli", ("pulumi", "rich", "boto3")),
    ],
    ids=["program", "provider-module", "cli"],
)
def test_a_process_loads_only_what_it_needs(statement: str, absent: tuple[str, ...]) -> None:
    assert loaded(statement, absent) == []


def test_every_public_name_resolves() -> None:
    import components

    for name in components.__all__:
        assert getattr(components, name) is not None
