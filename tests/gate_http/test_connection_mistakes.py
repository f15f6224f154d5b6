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
from tests.mistakes import MISTAKES, Mistake, another_http_server, assert_one_clear_line, other_servers


@pytest.fixture(scope="module")
def other() -> Iterator[dict[str, str]]:
    with other_servers() as urls:
        yield urls


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_the_cli_answers_a_connection_mistake_in_one_line(
    mistake: Mistake, emulator: EmulatorProcess, other: dict[str, str]
) -> None:
    fill = {**other, "emulator": emulator.url, "emulator_https": emulator.url.replace("http://", "https://")}
    variables = {name: value.format(**fill) for name, value in mistake.env.items()}
    endpoint = (mistake.endpoint if mistake.endpoint is not None else emulator.url).format(**fill)
    endpoint = variables.get("AWS_ENDPOINT_URL_PANORAMA") or endpoint
    given = not mistake.no_endpoint and not (mistake.endpoint == "" and mistake.env)
    args = ["--endpoint-url", endpoint] if given else []
    args += ["--region", mistake.region] if mistake.region is not None else []
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_DEFAULT_REGION", "AWS_REGION")}
    result = subprocess.run(
        [sys.executable, "-m", "components", "describe", "pij-mistake", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**env, "AWS_MAX_ATTEMPTS": "1", **variables},
    )  # fmt: skip
    code, line = mistake.cli
    assert (result.returncode, result.stderr) == (code, f"error: {line.format(endpoint=endpoint)}\n")
    assert_one_clear_line(result.stderr, line.format(endpoint=endpoint))


@pytest.mark.parametrize("status", [200, 404])
def test_creating_or_finding_through_a_server_that_is_not_panorama_is_one_endpoint_line(status: int) -> None:
    """Create mode and `find` (getPackageImportJob) name the endpoint too, not a bug or the package."""
    from components import EndpointError, find_latest_succeeded
    from components.core.client import ClientSettings, make_client
    from components.core.importing import start_import
    from components.core.values import inputs_of

    with another_http_server(status) as url:
        client = make_client(ClientSettings(region="us-east-1", endpoint_url=url, max_attempts=1))
        props = {
            "input_s3_bucket": "b", "input_s3_key": "k.json", "output_package_name": "app",
            "output_package_version": "1.0", "resource_key": "p/s/gate",
        }  # fmt: skip
        calls = (lambda: start_import(client, inputs_of(props)), lambda: find_latest_succeeded(client, "app", "1.0"))
        for call in calls:
            with pytest.raises(EndpointError) as info:
                call()
            said = str(info.value)
            assert said.startswith(f"The Panorama endpoint {url} answered ") and said.endswith("check endpoint_url.")
