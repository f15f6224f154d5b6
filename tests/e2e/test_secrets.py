"""Secret inputs stay encrypted in state, through both front ends: `pulumi stack export` (without
--show-secrets), the `up` output and `-v=9` logs never show them, after `up`, `refresh` and an update."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.e2e.helpers import jobs_for

pytestmark = pytest.mark.e2e

TAG_VALUE = "tag-value-SECRET-7f3a2c"
TOKEN = "token-SECRET-9b1c4d"


def exposed(*texts: str) -> list[str]:
    """The secret values that appear in plain text in any of the texts."""
    return [secret for secret in (TAG_VALUE, TOKEN) if any(secret in text for text in texts)]


def scanned_up(stack: Any) -> list[str]:
    """`pulumi up` with engine logs at -v=9, then what `up`, the logs and the exported state expose."""
    result = stack.run("up", "--yes", "--skip-preview", "--logtostderr", "-v=9")
    return exposed(result.stdout, result.stderr, stack.run("stack", "export").stdout)


def python_stack(make_stack: Any, emulator: EmulatorProcess, package: str) -> Any:
    stack = make_stack("secret_inputs", name="py-secrets")
    emulator.set_manifest("manifests", f"{package}/package.json", duration=0.3)
    stack.config(endpointUrl=emulator.url, packageName=package)
    stack.run("config", "set", "--secret", "--path", "jobTags.team", TAG_VALUE)
    stack.run("config", "set", "--secret", "clientToken", TOKEN)
    return stack


def yaml_stack(make_stack: Any, emulator: EmulatorProcess, package: str) -> Any:
    stack = make_stack("secret_yaml", name="yaml-secrets")
    emulator.set_manifest("manifests", f"{package}/package.json", duration=0.3)
    stack.config(endpointUrl=emulator.url, packageName=package, tagValue=TAG_VALUE, clientToken=TOKEN)
    return stack


def secret_outputs(stack: Any) -> dict[str, Any]:
    return dict(json.loads(stack.run("stack", "output", "--json").stdout))


@pytest.mark.parametrize("front_end", ["python", "yaml"])
def test_secret_inputs_stay_encrypted_through_up_refresh_and_update(
    make_stack: Any, emulator: EmulatorProcess, yaml_plugin: Path, front_end: str
) -> None:
    package = f"secrets-{front_end}"
    stack = (python_stack if front_end == "python" else yaml_stack)(make_stack, emulator, package)
    assert scanned_up(stack) == []
    (job_id,) = jobs_for(emulator, package)
    shown = stack.run("stack", "export", "--show-secrets").stdout
    assert TAG_VALUE in shown and TOKEN in shown, "the values are in state, encrypted"
    assert secret_outputs(stack)["jobTags"] == "[secret]"

    refreshed = stack.run("refresh", "--yes", "--logtostderr", "-v=9")
    assert exposed(refreshed.stdout, refreshed.stderr, stack.run("stack", "export").stdout) == []
    stack.config(pollMaxDelaySeconds="2")  # an option change: an update in place
    assert scanned_up(stack) == []
    assert jobs_for(emulator, package) == [job_id], "no second job"
