"""`pulumi up / preview / refresh / destroy` with the real engine against the emulator."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from components.core.lifecycle import FORGOTTEN
from emulator.testing import EmulatorProcess
from tests.conftest import FAKE_ACCESS_KEY, ROOT
from tests.e2e.helpers import describe, interrupt_while_waiting, jobs_for, up_through_pending
from tests.secrets import PROFILE, leaked, write_profile
from tests.support import CANCEL_BOUND_SECONDS

pytestmark = pytest.mark.e2e


def tracking(make_stack: Any, job_id: str, program: str | None = None, **config: str) -> Any:
    """A new stack whose program tracks `job_id` (plus any extra stack config)."""
    stack = make_stack(program)
    stack.config(jobId=job_id, **config)
    return stack


def test_up_on_a_pending_job_that_succeeds_exports_its_outputs(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_name="e2e-camera", package_version="2.1", duration=3600)
    stack = tracking(make_stack, job_id)
    up_through_pending(stack, emulator, job_id)  # with the dynamic provider's status lines under the stack
    outputs = stack.outputs()
    described = describe(emulator, job_id)
    assert outputs["jobId"] == job_id
    assert outputs["status"] == "SUCCEEDED"
    assert outputs["packageVersion"] == "2.1"
    assert outputs["packageId"] == described["Output"]["PackageId"]
    assert outputs["patchVersion"] == described["Output"]["PatchVersion"]
    location = described["Output"]["OutputS3Location"]
    assert outputs["outputS3Uri"] == f"s3://{location['BucketName']}/{location['ObjectKey']}"


def test_up_on_a_failed_job_fails_and_deploys_nothing_that_depends_on_it(
    make_stack: Any, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", duration=1, message="Package manifest failed schema validation.")
    marker = tmp_path / "deployed-marker"
    stack = tracking(make_stack, job_id, "marker", markerPath=str(marker))
    result = stack.up(check=False)
    assert result.returncode != 0
    assert "Package manifest failed schema validation." in result.stdout
    assert f"Package import job {job_id} FAILED" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "unhandled exception" not in result.stdout
    assert not marker.exists(), "a resource depending on a FAILED import was deployed"
    assert stack.resources() == []


def test_gate_passes_then_the_dependent_resource_is_deployed(
    make_stack: Any, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    job_id = emulator.seed_job(package_version="3.0", duration=1)
    marker = tmp_path / "deployed-marker"
    stack = tracking(make_stack, job_id, "marker", markerPath=str(marker))
    stack.up()
    assert marker.read_text() == "3.0"


def test_without_gating_a_failed_job_is_a_warning_not_a_failure(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Import rejected by policy.")
    stack = tracking(make_stack, job_id, requireSucceeded="false")
    result = stack.up()
    assert "warning" in result.stdout and "is FAILED (Import rejected by policy.)" in result.stdout
    assert stack.outputs()["status"] == "FAILED"


def test_preview_with_an_invalid_job_id_fails_at_check_naming_the_field(make_stack: Any) -> None:
    stack = make_stack()
    stack.config(jobId="not/a valid id")
    result = stack.run("preview", check=False)
    assert result.returncode != 0
    assert "job_id" in result.stdout and "must be 1-255 characters" in result.stdout


def test_preview_with_get_shows_the_real_package_version_before_any_up(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_version="4.7")
    stack = tracking(make_stack, job_id, lookupOnly="true")
    preview = stack.run("preview", "--diff")
    # The read runs during preview: the real values are shown before anything is deployed.
    assert re.search(r'packageVersion\s*:\s*"4\.7"', preview.stdout), preview.stdout
    assert re.search(rf'jobId\s*:\s*"{job_id}"', preview.stdout)
    assert "(read)" in preview.stdout
    assert stack.resources() == []


def test_get_on_a_failed_job_fails_the_preview(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Lookup target failed.")
    stack = tracking(make_stack, job_id, lookupOnly="true")
    result = stack.run("preview", check=False)
    assert result.returncode != 0
    assert "Lookup target failed." in result.stdout


def test_refresh_updates_state_when_the_job_changes(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    stack = tracking(make_stack, job_id)
    stack.up()
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "FAILED", "StatusMessage": "Revoked by security review."})
    stack.run("refresh", "--yes")
    (resource,) = stack.resources()
    assert resource["outputs"]["status"] == "FAILED"
    assert resource["outputs"]["status_message"] == "Revoked by security review."


def test_refresh_drops_a_job_that_disappeared(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    stack = tracking(make_stack, job_id)
    stack.up()
    emulator.admin("DELETE", f"jobs/{job_id}")
    stack.run("refresh", "--yes")
    assert stack.resources() == []


def test_destroy_succeeds_and_leaves_the_job_untouched(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    stack = tracking(make_stack, job_id)
    stack.up()
    before = describe(emulator, job_id)
    destroyed = stack.run("destroy", "--yes")
    assert stack.resources() == []
    assert describe(emulator, job_id) == before
    # Said once: one entry in the destroy's diagnostics.
    assert destroyed.stdout.split("Diagnostics:", 1)[-1].count(FORGOTTEN) == 1, destroyed.stdout


def test_a_consumer_stack_reads_the_package_version_through_a_stack_reference(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_version="5.2")
    gate = make_stack(name="gate")
    gate.config(jobId=job_id)
    gate.up()
    consumer = make_stack("consumer", name="consumer")
    consumer.env = gate.env  # same backend
    consumer.config(gateStack="organization/panorama-import-gate/gate")
    consumer.up()
    outputs = consumer.outputs()
    assert outputs["approvedPackageVersion"] == "5.2"
    assert outputs["approvedPackageId"] == gate.outputs()["packageId"]


def test_create_mode_run_twice_creates_exactly_one_job(make_stack: Any, emulator: EmulatorProcess) -> None:
    stack = make_stack()
    stack.config(inputBucket="manifests", inputKey="e2e/package.json", packageName="e2e-created", packageVersion="1.9")
    stack.up()
    first = stack.outputs()["jobId"]
    stack.up()
    stack.run("up", "--yes", "--skip-preview", "--refresh")
    assert stack.outputs()["jobId"] == first
    assert jobs_for(emulator, "e2e-created") == [first]


def test_one_sigint_ends_the_wait_at_once_and_a_rerun_completes(make_stack: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    stack = tracking(make_stack, job_id)
    first, elapsed = interrupt_while_waiting(stack, emulator, job_id)
    print(f"\npython: pulumi up exited {elapsed:.2f}s after Ctrl-C (job PENDING for an hour)")
    assert elapsed < CANCEL_BOUND_SECONDS, first.stdout
    assert first.returncode != 0
    assert "Traceback" not in first.stdout
    # The engine's Cancel reaches the dynamic provider (server_hooks): the wait ends, the job is untouched.
    assert re.search(rf"Cancelled after \d+s of waiting for package import job {job_id}", first.stdout), first.stdout
    assert stack.resources() == [] and not stack.export()["deployment"].get("pending_operations")
    assert describe(emulator, job_id)["Status"] == "PENDING"
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
    stack.up()
    assert stack.outputs()["status"] == "SUCCEEDED"


def test_two_sigints_terminate_and_the_documented_recovery_works(make_stack: Any, faults: EmulatorProcess) -> None:
    emulator = faults
    job_id = emulator.seed_job(duration=30)  # PENDING beyond `check` and the first poll, 6 s each
    stack = tracking(make_stack, job_id)
    # A slow answer holds the wait inside a call, where the first Ctrl-C's cancel cannot end it yet:
    # the second Ctrl-C then stops Pulumi mid-create, which the recovery below is for.
    emulator.set_faults(latency_ms=6000)
    first, _ = interrupt_while_waiting(stack, emulator, job_id, signals=2, in_call=True)
    emulator.set_faults()
    assert first.returncode != 0
    assert stack.export()["deployment"].get("pending_operations"), "a hard stop leaves the create pending"
    rerun = stack.up()
    assert "pending operations" in rerun.stdout
    assert stack.outputs()["status"] == "SUCCEEDED"
    # The recovery command the README documents clears the leftover pending create.
    stack.run("refresh", "--clear-pending-creates", "--yes")
    assert not stack.export()["deployment"].get("pending_operations")
    assert "pending operations" not in stack.up().stdout


def test_no_credential_value_reaches_state_outputs_or_debug_logs(
    make_stack: Any, faults: EmulatorProcess, tmp_path: Path
) -> None:
    job_id = faults.seed_job()
    # Refuse the environment's key: success then proves the provider used `aws:profile`.
    faults.set_faults(expired_access_keys=[FAKE_ACCESS_KEY])
    stack = make_stack()
    stack.env["AWS_SHARED_CREDENTIALS_FILE"] = str(write_profile(tmp_path))
    stack.config(jobId=job_id)
    stack.run("config", "set", "aws:profile", PROFILE)
    up = stack.run("up", "--yes", "--skip-preview", "--logtostderr", "-v=9")
    exported = stack.run("stack", "export", "--show-secrets").stdout
    outputs = stack.run("stack", "output", "--json", "--show-secrets").stdout
    assert job_id in exported and stack.outputs()["status"] == "SUCCEEDED"
    assert leaked([exported, outputs, up.stdout, up.stderr]) == []


def test_the_project_virtualenv_option_is_honoured_outside_the_project_folder(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    """`runtime.options.virtualenv: ../shared-venv`, and no `python3` with pulumi on PATH: the language host
    (the fallback one here, as the official one) runs with that virtualenv."""
    stack = make_stack()
    (stack.workdir / ".venv").unlink()
    (stack.workdir.parent / "shared-venv").symlink_to(ROOT / ".venv")
    project = stack.workdir / "Pulumi.yaml"
    project.write_text(project.read_text().replace("virtualenv: .venv", "virtualenv: ../shared-venv"))
    venv_bin = str(ROOT / ".venv" / "bin")
    stack.env["PATH"] = os.pathsep.join(d for d in stack.env["PATH"].split(os.pathsep) if d != venv_bin)
    stack.config(jobId=emulator.seed_job(package_version="2.2"))
    stack.up()
    assert stack.outputs()["packageVersion"] == "2.2"
