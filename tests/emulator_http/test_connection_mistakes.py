"""A mistyped endpoint or region on the pipeline CLI: one `error:` line, the right exit code, no traceback
and no advice to retry (the same mistakes through Pulumi: tests/e2e/test_connection_mistakes.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.mistakes import MISTAKES, Mistake, another_http_server, assert_one_clear_line


@pytest.fixture(scope="module")
def other() -> Iterator[str]:
    with another_http_server() as url:
        yield url


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_the_cli_answers_a_connection_mistake_in_one_line(
    mistake: Mistake, emulator: EmulatorProcess, other: str
) -> None:
    endpoint = (mistake.endpoint if mistake.endpoint is not None else emulator.url).format(
        other=other, emulator_https=emulator.url.replace("http://", "https://")
    )
    args = [] if mistake.endpoint == "" and mistake.env else ["--endpoint-url", endpoint]
    args += ["--region", mistake.region] if mistake.region is not None else []
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_DEFAULT_REGION", "AWS_REGION")}
    result = subprocess.run(
        [sys.executable, "-m", "components", "describe", "pij-mistake", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**env, "AWS_MAX_ATTEMPTS": "1", **mistake.env},
    )  # fmt: skip
    code, line = mistake.cli
    assert (result.returncode, result.stderr) == (code, f"error: {line.format(endpoint=endpoint)}\n")
    assert_one_clear_line(result.stderr, line.format(endpoint=endpoint))
