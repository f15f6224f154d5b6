"""The provider plugin from Pulumi YAML with the real engine: gating, the function, stack references,
cancellation, progress, refresh and destroy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from components.core.lifecycle import FORGOTTEN
from emulator.testing import EmulatorProcess
from tests.e2e.helpers import describe, interrupt_while_waiting, up_through_pending
from tests.e2e.test_pipeline_use import assert_no_changes
from tests.secrets import leaked

GATE_TYPE = "panorama-import-gate:index:PackageImportJob"
pytestmark = pytest.mark.e2e


@pytest.fixture
def yaml_stack(make_stack: Any, yaml_plugin: Path, emulator: EmulatorProcess) -> Any:
    def make(job_id: str, name: str = "yaml") -> Any:
        stack = make_stack("examples/yaml", name=name)
        stack.config(jobId=job_id)
        return stack

    return make


def names(stack: Any) -> list[str]:
    return sorted(r["urn"].rsplit("::", 1)[-1] for r in stack.resources(GATE_TYPE))


def edit_program(stack: Any, old: str, new: str) -> None:
    """Change the stack's copy of examples/yaml (exactly one place)."""
    program = stack.workdir / "Pulumi.yaml"
    text = program.read_text()
    assert text.count(old) == 1, f"{old!r} is not in the program exactly once"
    program.write_text(text.replace(old, new))


def assert_one_line_without_python(output: str) -> None:
    assert "Traceback" not in output and 'File "' not in output, output


def test_a_succeeded_job_passes_shows_progress_and_survives_refresh_and_destroy(
    yaml_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_version="3.1", duration=3600)
    stack = yaml_stack(job_id)
    up_through_pending(stack, emulator, job_id)  # with the plugin's status lines on the resource's row
    outputs = stack.outputs()
    assert outputs["jobId"] == job_id and outputs["status"] == "SUCCEEDED" and outputs["packageVersion"] == "3.1"
    assert outputs["patchVersion"] == describe(emulator, job_id)["Output"]["PatchVersion"]
    assert names(stack) == ["approved", "gate"]
    stack.run("refresh", "--yes")
    stack.run("preview", "--expect-no-changes")
    # An option change is an update in place, and the preview names the property.
    edit_program(stack, "      pollMaxDelaySeconds: 1\n", "      pollMaxDelaySeconds: 2\n")
    changed = stack.run("preview", "--diff")
    assert re.search(r"~ pollMaxDelaySeconds\s*:\s*1 => 2", changed.stdout), changed.stdout
    assert "1 to update" in changed.stdout and "replace" not in changed.stdout
    destroyed = stack.run("destroy", "--yes")
    assert names(stack) == []
    assert describe(emulator, job_id)["Status"] == "SUCCEEDED", "destroy must leave the job in Panorama"
    # Two gates deleted, said once: one entry in the destroy's diagnostics.
    assert destroyed.stdout.split("Diagnostics:", 1)[-1].count(FORGOTTEN) == 1, destroyed.stdout


def test_a_failed_job_fails_the_update_in_one_line_and_blocks_the_dependent(
    yaml_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Manifest check failed: nodePackage.interfaces is empty.")
    stack = yaml_stack(job_id, name="failed")
    result = stack.up(check=False)
    assert result.returncode != 0
    expected = (
        f"error: Package import job {job_id} FAILED: Manifest check failed: nodePackage.interfaces is empty. "
        "Fix the package or manifest and start a new import job."
    )
    assert expected in result.stdout, result.stdout
    assert_one_line_without_python(result.stdout + result.stderr)
    assert names(stack) == [], "nothing may be deployed on a failed import"


def test_the_function_reads_the_job_during_preview(yaml_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_version="7.2")
    stack = yaml_stack(job_id, name="preview")
    preview = stack.run("preview")
    # `getPackageImportJob` runs in preview; the resource's own outputs are computed until `up`.
    assert re.search(r'lookedUpVersion\s*:\s*"7\.2"', preview.stdout), preview.stdout
    assert re.search(r'lookedUpStatus\s*:\s*"SUCCEEDED"', preview.stdout), preview.stdout
    assert re.search(r"packageVersion\s*:\s*\[unknown\]", preview.stdout), preview.stdout


def test_the_function_warns_when_it_passes_a_job_that_did_not_succeed_by_default(
    yaml_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Rejected.")
    stack = yaml_stack(job_id, name="lenient")
    preview = stack.run("preview")  # the gate only fails at `up`; the function reads in preview
    assert (
        f"getPackageImportJob: package import job {job_id} is FAILED (Rejected.), and requireSucceeded is not set, "
        "so the read passes; set requireSucceeded to true to fail instead."
    ) in preview.stdout, preview.stdout
    assert "warning:" in preview.stdout


def test_the_function_with_require_succeeded_fails_the_preview_in_one_line(
    yaml_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Rejected.")
    stack = yaml_stack(job_id, name="strict")
    edit_program(stack, "        jobId: ${jobId}\n", "        jobId: ${jobId}\n        requireSucceeded: true\n")
    preview = stack.run("preview", check=False)
    assert preview.returncode != 0
    assert f"Package import job {job_id} FAILED: Rejected." in preview.stdout + preview.stderr
    assert_one_line_without_python(preview.stdout + preview.stderr)


def test_a_python_stack_reads_the_yaml_stack_outputs(
    yaml_stack: Any, make_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_version="4.0")
    gate = yaml_stack(job_id, name="producer")
    gate.up()
    consumer = make_stack("consumer", name="consumer")
    consumer.env = gate.env  # same backend
    consumer.config(gateStack="organization/yaml-gate/producer")
    consumer.up()
    assert consumer.outputs() == {
        "approvedPackageVersion": "4.0",
        "approvedPackageId": gate.outputs()["packageId"],
    }


def test_one_ctrl_c_cancels_the_wait_and_a_rerun_completes(yaml_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    stack = yaml_stack(job_id, name="cancel")
    result, elapsed = interrupt_while_waiting(stack, emulator, job_id)
    print(f"\ncancellation: pulumi up exited {elapsed:.2f}s after SIGINT")
    output = result.stdout
    assert result.returncode != 0
    assert re.search(rf"Cancelled after \d+s of waiting for package import job {job_id}", output), output
    assert_one_line_without_python(output)
    deployment = stack.export()["deployment"]
    assert not deployment.get("pending_operations"), "the cancelled create must leave no pending operation"
    assert names(stack) == []
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
    stack.up()
    assert stack.outputs()["status"] == "SUCCEEDED" and names(stack) == ["approved", "gate"]


def test_a_shorter_create_custom_timeout_bounds_the_wait_and_is_named(
    yaml_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(duration=3600)
    stack = yaml_stack(job_id, name="timeout")
    after = "      pollMaxDelaySeconds: 1\n    options:\n"  # the gate's options (its plugin's version and source)
    edit_program(stack, after, after + "      customTimeouts:\n        create: 3s\n")
    result = stack.up(check=False)
    assert result.returncode != 0
    assert re.search(
        rf"Timed out after \d+s waiting for package import job {job_id}; its last status was PENDING\. "
        r"Raise the create customTimeout \(3s\)",
        result.stdout,
    ), result.stdout
    assert_one_line_without_python(result.stdout + result.stderr)


def test_no_credential_reaches_state_outputs_or_logs(yaml_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    stack = yaml_stack(job_id, name="secrets")
    verbose = stack.run("up", "--yes", "--skip-preview", "--logtostderr", "-v=9")
    exported = stack.run("stack", "export", "--show-secrets").stdout
    outputs = stack.run("stack", "output", "--json", "--show-secrets").stdout
    assert job_id in exported and job_id in outputs
    assert leaked([verbose.stdout, verbose.stderr, exported, outputs]) == []


def test_pulumi_import_adopts_a_job_as_a_track_mode_gate_that_previews_without_changes(
    make_stack: Any, yaml_plugin: Path, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_version="6.1")
    stack = make_stack("empty_yaml", name="imported")
    # An import reads the job before any program input exists: the endpoint comes from provider config.
    stack.run("config", "set", "panorama-import-gate:endpointUrl", emulator.url)
    generated = stack.workdir / "generated.yaml"
    result = stack.run("import", GATE_TYPE, "adopted", job_id, "--yes", "--out", str(generated))
    assert "failed to validate" not in result.stdout + result.stderr, result.stdout + result.stderr
    code = generated.read_text()
    assert re.search(rf"jobId: {job_id}\b", code), code
    assert stack.outputs() == {} and names(stack) == ["adopted"]
    (gate,) = stack.resources(GATE_TYPE)
    assert gate["inputs"]["jobId"] == job_id and gate["outputs"]["packageVersion"] == "6.1"
    # The generated program, as `pulumi import` tells users to add it, describes exactly what was imported.
    program = stack.workdir / "Pulumi.yaml"
    program.write_text(program.read_text() + code)
    assert_no_changes(stack)


def test_a_closed_gate_is_the_only_error_while_a_function_read_is_in_flight(
    make_stack: Any, yaml_plugin: Path, faults: EmulatorProcess
) -> None:
    """Before: the engine shut the plugin down on the gate's failure while `getPackageImportJob` was still
    reading, and Pulumi YAML added `grpc: the client connection is closing` and `Error registering
    variable [newest]`. Slow answers keep the read in flight when the gate closes."""
    for _ in range(3):
        faults.seed_job(package_name="in-flight")
    job_id = faults.seed_job(outcome="FAILED", message="Rejected.")
    stack = make_stack("yaml_gate_and_lookup", name="in-flight")
    stack.config(jobId=job_id, packageName="in-flight")
    faults.set_faults(latency_ms=300)
    result = stack.up(check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"error: Package import job {job_id} FAILED: Rejected." in output, output
    assert "client connection is closing" not in output and "Error registering variable" not in output, output
    diagnostics = output.split("Diagnostics:", 1)[-1]
    assert sorted(line.strip() for line in diagnostics.splitlines() if "error:" in line) == [
        f"error: Package import job {job_id} FAILED: Rejected. Fix the package or manifest and start a new import job.",
        "error: update failed",
    ], output  # (Pulumi lists the two in either order)


def test_refused_inputs_do_not_cut_a_function_read_short(yaml_stack: Any, emulator: EmulatorProcess) -> None:
    """Refused gate inputs end the preview; the function's read in flight is let finish first, so Pulumi
    YAML reports no `grpc: the client connection is closing` beside the refusal."""
    stack = yaml_stack("bad id!", name="refused")
    preview = stack.run("preview", check=False)
    output = preview.stdout + preview.stderr
    assert preview.returncode != 0
    assert "Invalid jobId 'bad id!': must be 1-255 characters" in output, output
    assert "client connection is closing" not in output, output
    assert_one_line_without_python(output)
