"""The release rehearsal's shared set-up: registries with dist/release published, and one user per language."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from release.rehearsal import RELEASE, Rehearsal
from release.users import User
from tests.e2e.conftest import find_tool, required
from tests.release.installs import documented_install

RESULTS = Path(__file__).resolve().parents[2] / "dist" / "rehearsal-results.json"


@pytest.fixture(scope="session")
def rehearsal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rehearsal]:
    cli = required(find_tool("PULUMI_CLI_DIR", "pulumi-cli.sh", "pulumi"), "no Pulumi CLI found: run `make pulumi-cli`")
    if not (RELEASE / "SHA256SUMS").is_file():
        pytest.fail("dist/release is not built: run `make release` first")
    with Rehearsal(tmp_path_factory.mktemp("rehearsal"), cli) as started:
        yield started
    RESULTS.write_text(json.dumps({"version": started.version, "timings": started.timings}, indent=2) + "\n")


@pytest.fixture(scope="session")
def users(rehearsal: Rehearsal) -> Callable[[str], User]:
    """Each language's user, installed on first use (the install is part of the first test's time)."""
    made: dict[str, User] = {}

    def get(language: str) -> User:
        if language not in made:
            user = rehearsal.user(language)
            rehearsal.timings[f"{language}: install"] = round(user.install(documented_install(language)), 1)
            made[language] = user
        return made[language]

    return get
