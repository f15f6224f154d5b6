"""The plugin's schema, names and progress lines, derived from the property table (no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pulumi.provider.experimental.property_value import Computed, PropertyValue

from components.core import table as p
from components.core.errors import InvalidInputError, PanoramaGateError, WaitTimeoutError
from components.core.job import ImportJob, S3Location
from components.core.progress import MAX_REPEAT_SECONDS, REPEAT_SECONDS, ProgressLines
from components.core.rules import check_delays, check_map, check_rule
from components.core.table import camel
from components.plugin import FUNCTION_TOKEN, RESOURCE_TOKEN
from components.plugin.install import EXECUTABLE, launcher
from components.plugin.provider import resource_key
from components.plugin.schema import schema, schema_json
from components.plugin.wire import from_wire, to_wire


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


def _refusal(call: Callable[[], object]) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as raised:
        call()
    return raised.value


@pytest.mark.parametrize(
    ("make", "python", "wire"),
    [
        pytest.param(
            lambda: _refusal(lambda: check_rule(p.JOB_ID, 5, p.Rule.BOOLEAN)),
            "Invalid job_id 5: must be true or false.",
            "Invalid jobId 5: must be true or false.",
            id="one-name",
        ),
        pytest.param(
            lambda: _refusal(lambda: check_delays(p.POLL_MIN_DELAY, 5, p.POLL_MAX_DELAY, 2)),
            "Invalid poll_min_delay_seconds 5: must not exceed poll_max_delay_seconds (2)",
            "Invalid pollMinDelaySeconds 5: must not exceed pollMaxDelaySeconds (2)",
            id="two-names",
        ),
        pytest.param(
            lambda: _refusal(lambda: check_map(p.JOB_TAGS, {"": "v"}, "TagMap")),
            "Invalid job_tags key '': must be 1-128 characters",
            "Invalid jobTags key '': must be 1-128 characters",
            id="a-name-inside-a-longer-field",
        ),
        pytest.param(
            lambda: WaitTimeoutError("pij-1", 60, "PENDING"),
            "Raise wait_timeout_seconds to wait longer.",
            "Raise waitTimeoutSeconds to wait longer.",
            id="the-input-to-raise",
        ),
    ],
)
def test_errors_name_properties_the_way_each_front_end_spells_them(
    make: Callable[[], PanoramaGateError], python: str, wire: str
) -> None:
    error = make()
    assert python in str(error) and wire in error.spelled(camel), (str(error), error.spelled(camel))
    assert "\x1f" not in str(error) + error.spelled(camel)


@pytest.mark.parametrize("name", ["gate", "odd::name"])
def test_the_resource_key_matches_the_python_resource(name: str) -> None:
    from components.core.table import resource_key as python_key

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


def _follow(lines: ProgressLines, now: list[float], pending_at: tuple[float, ...], end: tuple[str, float]) -> None:
    for elapsed in pending_at:
        now[0] = elapsed
        lines(_job("PENDING"), elapsed)
    now[0] = end[1]
    lines(_job(end[0]), end[1])


def test_lasting_progress_lines_come_at_status_changes_then_at_doubling_gaps_then_one_final_line() -> None:
    """The dynamic provider's lines are all kept by Pulumi: status first, sparse, then one final line."""
    sent: list[tuple[float, str, bool]] = []
    now = [0.0]
    lines = ProgressLines(lambda line, ephemeral: sent.append((now[0], line, ephemeral)), "gate", clock=lambda: now[0])
    _follow(lines, now, (0.0, 5.0, 31.0, 60.0, 92.0, 150.0, 213.0, 500.0, 800.0, 1200.0), ("SUCCEEDED", 1210.0))
    # 30 s after the first line, then 60, 120, 240, and capped at 300 s.
    assert [at for at, _line, _ephemeral in sent] == [0.0, 31.0, 92.0, 213.0, 500.0, 800.0, 1200.0, 1210.0]
    assert {(line, ephemeral) for _at, line, ephemeral in sent[:-1]} == {("PENDING pij-1 (gate)", True)}
    assert sent[-1][1:] == ("Package import job pij-1 SUCCEEDED after 20m10s.", False)
    assert REPEAT_SECONDS == 30.0 and MAX_REPEAT_SECONDS == 300.0


def test_passing_progress_lines_come_at_status_changes_then_at_doubling_gaps_from_5_s_to_a_minute() -> None:
    """The plugin's lines are passing status on a terminal, but `--non-interactive` prints every one."""
    sent: list[tuple[float, str, bool]] = []
    now = [0.0]
    lines = ProgressLines(
        lambda line, ephemeral: sent.append((now[0], line, ephemeral)), passing=True, clock=lambda: now[0]
    )
    _follow(lines, now, (0.0, 1.5, 5.2, 9.0, 15.3, 35.4, 76.0, 140.0, 200.5), ("FAILED", 201.0))
    # 5 s after the first line, then 10, 20, 40, and capped at 60 s.
    assert [at for at, _line, _ephemeral in sent] == [0.0, 5.2, 15.3, 35.4, 76.0, 140.0, 200.5, 201.0]
    assert {(line, ephemeral) for _at, line, ephemeral in sent[:-1]} == {("PENDING pij-1", True)}
    assert sent[-1][1:] == ("Package import job pij-1 FAILED after 3m21s.", False)


@pytest.mark.parametrize("passing", [True, False], ids=["passing", "lasting"])
def test_a_job_done_before_the_first_poll_is_said_to_be_already_done_not_done_after_0s(passing: bool) -> None:
    sent: list[str] = []
    ProgressLines(lambda line, _ephemeral: sent.append(line), passing=passing)(_job("SUCCEEDED"), 0.0)
    assert sent == ["Package import job pij-1 was already SUCCEEDED."]


def test_a_status_line_carries_no_age_that_would_freeze_on_its_row() -> None:
    """Pulumi's Status column counts the time; a line on the row stays until the next one (every 5 s to 1 min)."""
    sent: list[str] = []
    lines = ProgressLines(lambda line, _ephemeral: sent.append(line), "gate", passing=True)
    lines(_job("PENDING"), 37.0)
    assert sent == ["PENDING pij-1 (gate)"]


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
    assert line.endswith(
        "Run `panorama-import-gate install-plugin` again with the Python environment where the "
        "package is installed now."
    )


def test_a_launcher_from_another_version_refuses_to_start_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from components.plugin.install import VERSION_VARIABLE, installed_version_mismatch

    monkeypatch.setenv(VERSION_VARIABLE, "0.0.1")
    message = installed_version_mismatch()
    assert message is not None and "install-plugin" in message and "\n" not in message
    monkeypatch.delenv(VERSION_VARIABLE)
    assert installed_version_mismatch() is None


def test_the_plugin_paces_its_passing_lines_from_5_s_to_a_minute_on_the_gate_and_the_stack_rows() -> None:
    """`--non-interactive` prints every passing line, so the plugin sends them at 5 s doubling to 1 min, not at
    the 30 s to 5 min of the dynamic provider's lasting lines; each goes to the gate's row and the stack's."""
    from components.plugin.provider import ImportGateProvider

    urn = "urn:pulumi:dev::yaml-gate::panorama-import-gate:index:PackageImportJob::gate"
    sent: list[tuple[float, str, str, bool]] = []
    now = [0.0]

    def log(target: str, message: str, ephemeral: bool, *, warning: bool = False) -> None:
        sent.append((now[0], target, message, ephemeral))

    waiting = ImportGateProvider(log=log, clock=lambda: now[0])._waiting(urn, 0.0, "create")
    assert waiting.progress is not None
    for elapsed in (0.0, 4.0, 5.2, 15.3, 35.4, 76.0, 140.0, 199.0):
        now[0] = elapsed
        waiting.progress(_job("PENDING"), elapsed)
    gate = [(at, message, ephemeral) for at, target, message, ephemeral in sent if target == urn]
    stack = [(at, message, ephemeral) for at, target, message, ephemeral in sent if target != urn]
    assert gate == [(at, "PENDING pij-1 (gate)", True) for at in (0.0, 5.2, 15.3, 35.4, 76.0, 140.0)]
    assert stack == gate
    assert {target for _at, target, _message, _ephemeral in sent} == {
        urn,
        "urn:pulumi:dev::yaml-gate::pulumi:pulumi:Stack::yaml-gate-dev",
    }
