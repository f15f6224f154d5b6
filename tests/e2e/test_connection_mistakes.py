"""A mistyped endpoint or region through Pulumi, in both front ends: in track mode `pulumi preview` fails
(an endpoint that does not serve Panorama shows in one call), with one line in the program's own words,
no traceback and no advice to retry; in create mode `pulumi up` does. (The CLI:
tests/gate_http/test_connection_mistakes.py.)"""

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
    fill = {**other, "emulator": emulator.url, "emulator_https": emulator.url.replace("http://", "https://")}
    variables = {name: value.format(**fill) for name, value in mistake.env.items()}
    endpoint = emulator.url
    if mistake.endpoint is not None:
        endpoint = mistake.endpoint.format(**fill)
        stack.config(endpointUrl=endpoint)
    endpoint = variables.get("AWS_ENDPOINT_URL_PANORAMA") or endpoint
    region_key = "aws:region" if front_end == "python" else "panorama-import-gate:region"
    for variable in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        stack.env.pop(variable, None)
    if mistake.region is not None:
        stack.run("config", "set", region_key, mistake.region)
    stack.env.update({"AWS_MAX_ATTEMPTS": "1", **variables})
    result = stack.run("preview", check=False)  # track mode: every mistake is known at preview
    assert result.returncode != 0, f"pulumi preview passed:\n{result.stdout}"
    line = getattr(mistake, front_end).format(endpoint=endpoint)
    assert_one_clear_line(result.stdout + result.stderr, line)


@pytest.mark.parametrize("front_end", ["python", "plugin"])
def test_in_create_mode_an_endpoint_that_does_not_serve_panorama_fails_the_update_not_the_preview(
    make_stack: Any, yaml_plugin: Path, emulator: EmulatorProcess, front_end: str
) -> None:
    """A new job has no ID to look at before `pulumi up`: the create's first call says it, in one line."""
    stray = f"{emulator.url}/stray"
    if front_end == "python":
        stack = make_stack(name="stray-python")
        stack.config(inputBucket="manifests", inputKey="stray/package.json", packageName="stray", packageVersion="1.0")
    else:
        stack = make_stack("secret_yaml", name="stray-plugin")
        stack.config(packageName="stray", tagValue="camera-team", clientToken="stray-token")
    stack.config(endpointUrl=stray)
    stack.run("config", "set", "aws:region" if front_end == "python" else "panorama-import-gate:region", "us-east-1")
    stack.run("preview")
    result = stack.up(check=False)
    assert result.returncode != 0, result.stdout
    setting = "endpoint_url" if front_end == "python" else "endpointUrl"
    line = (
        f"The Panorama endpoint {stray} answered CreatePackageImportJob with HTTP 404 UnknownOperationException, "
        f"so it does not serve Panorama's API: check {setting}."
    )
    assert_one_clear_line(result.stdout + result.stderr, line)
