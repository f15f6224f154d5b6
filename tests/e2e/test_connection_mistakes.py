"""A mistyped endpoint or region through Pulumi, in both front ends: `pulumi preview` fails where the
mistake is known without calling AWS (otherwise `pulumi up` does), with one line in the program's own
words, no traceback and no advice to retry. (The CLI: tests/emulator_http/test_connection_mistakes.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.mistakes import MISTAKES, Mistake, assert_one_clear_line, other_servers

pytestmark = pytest.mark.e2e
CASES = [
    pytest.param(mistake, front_end, id=f"{front_end}-{mistake.name}")
    for mistake in MISTAKES
    for front_end in ("python", "plugin")
    if getattr(mistake, front_end)
]


@pytest.fixture(scope="module")
def other() -> Iterator[dict[str, str]]:
    with other_servers() as urls:
        yield urls


@pytest.mark.parametrize(("mistake", "front_end"), CASES)
def test_a_connection_mistake_fails_in_one_line_in_the_program_s_words(
    make_stack: Any,
    yaml_plugin: Path,
    emulator: EmulatorProcess,
    other: dict[str, str],
    mistake: Mistake,
    front_end: str,
) -> None:
    stack = make_stack(None if front_end == "python" else "examples/yaml", name=f"mistake-{front_end}")
    stack.config(jobId=emulator.seed_job())
    endpoint = emulator.url
    if mistake.endpoint is not None:
        endpoint = mistake.endpoint.format(**other, emulator_https=emulator.url.replace("http://", "https://"))
        stack.config(endpointUrl=endpoint)
    region_key = "aws:region" if front_end == "python" else "panorama-import-gate:region"
    for variable in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        stack.env.pop(variable, None)
    if mistake.region is not None:
        stack.run("config", "set", region_key, mistake.region)
    stack.env.update({"AWS_MAX_ATTEMPTS": "1", **mistake.env})
    command = ("preview",) if mistake.at_preview else ("up", "--yes", "--skip-preview")
    result = stack.run(*command, check=False)
    assert result.returncode != 0, f"pulumi {command[0]} passed:\n{result.stdout}"
    line = getattr(mistake, front_end).format(endpoint=endpoint)
    assert_one_clear_line(result.stdout + result.stderr, line)
