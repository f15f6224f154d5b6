"""The plugin's schema, names and progress lines, derived from the property table (no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pulumi.provider.experimental.property_value import Computed, PropertyValue

from components import properties as p
from components.job import ImportJob, S3Location
from components.plugin import FUNCTION_TOKEN, RESOURCE_TOKEN
from components.plugin.install import EXECUTABLE, launcher
from components.plugin.provider import resource_key, wire_words
from components.plugin.schema import schema, schema_json
from components.plugin.wire import from_wire, to_wire
from components.progress import MAX_REPEAT_SECONDS, REPEAT_SECONDS, ProgressLines


def test_every_table_input_and_output_is_in_the_resource_schema_with_a_description() -> None:
    resource = schema()["resources"][RESOURCE_TOKEN]
    assert list(resource["inputProperties"]) == [x.wire for x in p.PROPERTIES if x.is_input]
    assert sorted(resource["properties"]) == sorted(x.wire for x in p.PROPERTIES if x.is_output)
    for spec in [*resource["inputProperties"].values(), *resource["properties"].values()]:
        assert spec["description"]
    assert resource["inputProperties"]["jobTags"]["type"] == "object"
    assert "outputS3Uri" in resource["required"] and "clientToken" not in resource["required"]


def test_the_function_takes_a_job_id_or_a_package_version_and_returns_the_outputs() -> None:
    function = schema()["functions"][FUNCTION_TOKEN]
    assert {"jobId", "packageName", "packageVersion", "requireSucceeded", "region", "endpointUrl"} <= set(
        function["inputs"]["properties"]
    )
    assert function["outputs"]["properties"] == schema()["resources"][RESOURCE_TOKEN]["properties"]


def test_the_schema_is_valid_json_with_the_package_version() -> None:
    from components.version import __version__

    assert json.loads(schema_json())["version"] == __version__


def test_values_cross_the_wire_in_camel_case_and_back() -> None:
    core = {p.JOB_ID: "pij-1", p.JOB_TAGS: {"team_name": "x"}, p.WAIT_TIMEOUT: 3, p.INPUTS: {p.JOB_ID: "pij-1"}}
    wire = to_wire(core)
    assert sorted(wire) == ["inputs", "jobId", "jobTags", "waitTimeoutSeconds"]
    assert wire["waitTimeoutSeconds"].value == 3.0
    back = from_wire(wire)
    assert back == {**core, p.WAIT_TIMEOUT: 3.0}, "nested keys (tags, the record) keep their spelling"


def test_an_unknown_value_stays_unknown_across_the_wire() -> None:
    assert from_wire({"jobId": PropertyValue(Computed())}) == {p.JOB_ID: p.UNKNOWN_SENTINEL}
    assert isinstance(to_wire({p.JOB_ID: p.UNKNOWN_SENTINEL})["jobId"].value, Computed)


@pytest.mark.parametrize(
    ("core", "wire"),
    [
        pytest.param("Invalid job_id 'x': must be", "Invalid jobId 'x': must be", id="one-name"),
        pytest.param(
            "poll_min_delay_seconds must not exceed poll_max_delay_seconds",
            "pollMinDelaySeconds must not exceed pollMaxDelaySeconds",
            id="two-names",
        ),
        pytest.param("job_tags key", "jobTags key", id="prefix-of-nothing-else"),
    ],
)
def test_messages_name_properties_the_way_programs_spell_them(core: str, wire: str) -> None:
    assert wire_words(core) == wire


@pytest.mark.parametrize("name", ["gate", "odd::name"])
def test_the_resource_key_matches_the_python_resource(name: str) -> None:
    from components.identity import resource_key as python_key

    urn = f"urn:pulumi:prod::camera::panorama-import-gate:index:PackageImportJob::{name}"
    assert resource_key(urn) == python_key("camera", "prod", name)


def test_the_schema_sets_no_defaults_so_generated_sdks_send_none() -> None:
    resource = schema()["resources"][RESOURCE_TOKEN]
    assert not [k for k, spec in resource["inputProperties"].items() if "default" in spec]
    assert "Default: NODE_PACKAGE_VERSION." in resource["inputProperties"]["jobType"]["description"]
    assert "panorama-import-gate:region" in resource["inputProperties"]["region"]["description"]


def _job(status: str) -> ImportJob:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return ImportJob("pij-1", status, "m", "NODE_PACKAGE_VERSION", now, now, "pkg", "1.0", "p", S3Location("b", "k"))


def test_lasting_progress_lines_come_at_status_changes_then_at_doubling_gaps_then_one_final_line() -> None:
    """The dynamic provider's lines are all kept by Pulumi: status first, sparse, then one final line."""
    sent: list[tuple[str, bool]] = []
    now = [0.0]
    lines = ProgressLines(lambda line, ephemeral: sent.append((line, ephemeral)), "gate", clock=lambda: now[0])
    for elapsed in (0.0, 5.0, 31.0, 60.0, 92.0, 150.0, 213.0, 500.0, 800.0, 1200.0):
        now[0] = elapsed
        lines(_job("PENDING"), elapsed)
    lines(_job("SUCCEEDED"), 1210.0)
    assert sent == [
        ("PENDING 0s pij-1 (gate)", True),
        ("PENDING 31s pij-1 (gate)", True),  # 30 s after the first
        ("PENDING 1m32s pij-1 (gate)", True),  # then 60 s
        ("PENDING 3m33s pij-1 (gate)", True),  # then 120 s
        ("PENDING 8m20s pij-1 (gate)", True),  # then 240 s
        ("PENDING 13m20s pij-1 (gate)", True),  # capped at 300 s
        ("PENDING 20m00s pij-1 (gate)", True),
        ("Package import job pij-1 SUCCEEDED after 20m10s.", False),
    ]
    assert REPEAT_SECONDS == 30.0 and MAX_REPEAT_SECONDS == 300.0


def test_passing_progress_lines_come_at_status_changes_then_at_doubling_gaps_from_5_s_to_a_minute() -> None:
    """The plugin's lines are passing status on a terminal, but `--non-interactive` prints every one."""
    sent: list[tuple[str, bool]] = []
    now = [0.0]
    lines = ProgressLines(lambda line, ephemeral: sent.append((line, ephemeral)), passing=True, clock=lambda: now[0])
    for elapsed in (0.0, 1.5, 5.2, 9.0, 15.3, 35.4, 76.0, 140.0, 200.5):
        now[0] = elapsed
        lines(_job("PENDING"), elapsed)
    lines(_job("FAILED"), 201.0)
    assert sent == [
        ("PENDING 0s pij-1", True),
        ("PENDING 5s pij-1", True),  # 5 s after the first
        ("PENDING 15s pij-1", True),  # then 10 s
        ("PENDING 35s pij-1", True),  # then 20 s
        ("PENDING 1m16s pij-1", True),  # then 40 s
        ("PENDING 2m20s pij-1", True),  # capped at 60 s
        ("PENDING 3m20s pij-1", True),
        ("Package import job pij-1 FAILED after 3m21s.", False),
    ]


def test_the_installed_launcher_runs_this_interpreter_with_this_package() -> None:
    import sys

    script = launcher()
    assert script.startswith("#!/bin/sh\n") and sys.executable in script
    assert "from components.plugin.server import main" in script
    assert "PANORAMA_IMPORT_GATE_PLUGIN_VERSION=" in script
    assert EXECUTABLE == "pulumi-resource-panorama-import-gate"


@pytest.mark.parametrize(
    ("python", "package", "cause"),
    [
        pytest.param("/gone/venv/bin/python", None, "/gone/venv/bin/python no longer exists", id="deleted-venv"),
        pytest.param(None, "uninstalled_gate.plugin", "cannot import uninstalled_gate", id="uninstalled-package"),
    ],
)
def test_a_launcher_whose_python_or_package_is_gone_says_to_reinstall_in_its_first_line(
    tmp_path: Path, python: str | None, package: str | None, cause: str
) -> None:
    import subprocess
    import sys

    script = tmp_path / EXECUTABLE
    script.write_text(launcher(python or sys.executable, package))
    result = subprocess.run(["sh", str(script), "127.0.0.1:9"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: the panorama-import-gate plugin cannot start: ") and cause in line
    assert line.endswith("Run `panorama-import-gate install-plugin` again with the Python environment where the "
                         "package is installed now.")


def test_a_launcher_from_another_version_refuses_to_start_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from components.plugin.install import VERSION_VARIABLE, installed_version_mismatch

    monkeypatch.setenv(VERSION_VARIABLE, "0.0.1")
    message = installed_version_mismatch()
    assert message is not None and "install-plugin" in message and "\n" not in message
    monkeypatch.delenv(VERSION_VARIABLE)
    assert installed_version_mismatch() is None
