"""The gate used the way pipelines use Pulumi: Outputs as inputs, unknowns in preview,
`refresh` then `preview --expect-no-changes`, `up --refresh`, spelled-out defaults,
a gated `get` of a missing job, and a rerun after a FAILED import."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.e2e.helpers import describe, jobs_for
from tests.support import wait_until

pytestmark = pytest.mark.e2e

REPLACED = re.compile(r"(\+-|replace)", re.IGNORECASE)


def created_stack(make_stack: Any, emulator: EmulatorProcess, package: str, key: str, **config: str) -> Any:
    """The main program in create mode, importing s3://manifests/<key> into <package> 1.0."""
    emulator.set_manifest("manifests", key, duration=0.3)
    stack = make_stack()
    stack.config(inputBucket="manifests", inputKey=key, packageName=package, packageVersion="1.0", **config)
    return stack


def assert_no_changes(stack: Any) -> None:
    result = stack.run("preview", "--expect-no-changes", "--diff", check=False)
    assert result.returncode == 0, f"preview found changes:\n{result.stdout}\n{result.stderr}"
    assert not REPLACED.search(result.stdout), result.stdout


def test_a_gated_get_of_a_missing_job_fails_preview_and_up(make_stack: Any) -> None:
    stack = make_stack()
    stack.config(jobId="pij-typo0000", lookupOnly="true")
    for command in (("preview",), ("up", "--yes", "--skip-preview")):
        result = stack.run(*command, check=False)
        assert result.returncode != 0, f"pulumi {command[0]} passed a gate on a job that does not exist"
        assert "Package import job pij-typo0000 was not found in region us-east-1" in result.stdout
        assert "Traceback" not in result.stdout + result.stderr
    assert stack.run("stack", "output", "--json").stdout.strip() == "{}"


def test_a_job_id_from_a_stack_reference_is_gated(make_stack: Any, emulator: EmulatorProcess) -> None:
    # The producer starts the import and does not wait; the consumer stack gates on it.
    producer = created_stack(
        make_stack, emulator, "chained-app", "chained/package.json", requireSucceeded="false", waitTimeoutSeconds="0"
    )
    emulator.set_manifest("manifests", "chained/package.json", duration=3)
    producer.up()
    job_id = producer.outputs()["jobId"]
    gate = make_stack("pipeline", name="consumer")
    gate.env = producer.env  # same backend
    gate.config(producerStack=f"organization/panorama-import-gate/{producer.name}")
    gate.config(endpointUrl=emulator.url)
    preview = gate.run("preview")
    # The job ID is known from the reference; the job's own outputs are computed until `up`.
    assert "+ 2 to create" in preview.stdout and re.search(r"packageVersion\s*:\s*\[unknown\]", preview.stdout)
    gate.up()
    assert gate.outputs() == {"jobId": job_id, "packageVersion": "1.0"}
    assert describe(emulator, job_id)["Status"] == "SUCCEEDED"
    gate.run("refresh", "--yes")
    assert_no_changes(gate)


def test_a_creation_input_from_another_resource_previews_as_unknown_and_deploys(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    emulator.set_manifest("manifests", "upstream/package.json", duration=0.3)
    stack = make_stack("pipeline")
    stack.config(manifestKey="upstream/package.json")
    preview = stack.run("preview", "--diff")
    assert "check failed" not in preview.stdout.lower() and "must be a string" not in preview.stdout
    assert re.search(r"\+\s+3 to create", preview.stdout), preview.stdout
    stack.up()
    job_id = stack.outputs()["jobId"]
    described = describe(emulator, job_id)
    key = described["InputConfig"]["PackageVersionInputConfig"]["S3Location"]["ObjectKey"]
    assert (key, described["Status"]) == ("upstream/package.json", "SUCCEEDED")
    assert_no_changes(stack)


@pytest.mark.parametrize("mode", ["track", "create", "get-beside-a-gate"])
def test_refresh_then_preview_expects_no_changes(make_stack: Any, emulator: EmulatorProcess, mode: str) -> None:
    if mode == "track":
        stack = make_stack()
        stack.config(jobId=emulator.seed_job(package_name="refresh-track"))
        package = "refresh-track"
    elif mode == "create":
        stack = created_stack(make_stack, emulator, "refresh-create", "refresh/create.json")
        package = "refresh-create"
    else:
        emulator.set_manifest("manifests", "refresh/get.json", duration=0.3)
        stack = make_stack("pipeline")
        stack.config(manifestKey="refresh/get.json", lookupJobId=emulator.seed_job(package_name="refresh-get"))
        package = "pipeline-app"
    stack.up()
    jobs = jobs_for(emulator, package)
    stack.run("refresh", "--yes")
    assert_no_changes(stack)
    stack.up()
    assert jobs_for(emulator, package) == jobs, "the gate started another import job"


def test_up_with_refresh_twice_shows_no_replacement(make_stack: Any, emulator: EmulatorProcess) -> None:
    stack = created_stack(make_stack, emulator, "up-refresh", "up-refresh/package.json")
    stack.up()
    jobs = jobs_for(emulator, "up-refresh")
    for _ in range(2):
        result = stack.run("up", "--yes", "--refresh", "--diff")
        assert not REPLACED.search(result.stdout), result.stdout
    assert jobs_for(emulator, "up-refresh") == jobs and len(jobs) == 1


def test_spelling_out_the_defaults_changes_nothing(make_stack: Any, emulator: EmulatorProcess) -> None:
    emulator.set_manifest("manifests", "spelled/package.json", duration=0.3)
    stack = make_stack("pipeline")
    stack.config(manifestKey="spelled/package.json")
    stack.run("config", "set", "aws:region", "us-east-1")
    stack.up()
    jobs = jobs_for(emulator, "pipeline-app")
    stack.config(spellDefaults="true")  # job_type, region, wait timeout, require_succeeded
    assert_no_changes(stack)
    stack.up()
    assert jobs_for(emulator, "pipeline-app") == jobs


def test_changing_aws_region_replaces_the_gate(make_stack: Any, emulator: EmulatorProcess) -> None:
    stack = make_stack()
    stack.config(jobId=emulator.seed_job())
    stack.run("config", "set", "aws:region", "us-east-1")
    stack.up()
    stack.run("config", "set", "aws:region", "eu-west-1")
    preview = stack.run("preview", "--diff")
    # The recorded identity is encrypted, so the gate itself says why it is replaced (names, no values).
    assert "+-" in preview.stdout, preview.stdout
    assert "package-import: region changed, so the gate is replaced: it stands for another import job." in (
        preview.stdout + preview.stderr
    ), preview.stdout


def test_a_fixed_manifest_is_imported_again_after_a_failed_job(make_stack: Any, emulator: EmulatorProcess) -> None:
    # A day-long token window, as on AWS: the retry must come from the gate, not from an expired token.
    emulator.set_client_token_window(86400)
    key = "retry/package.json"
    stack = created_stack(make_stack, emulator, "retried-app", key)
    emulator.set_manifest("manifests", key, outcome="FAILED", message="Manifest check failed:\n  interfaces is empty")
    failed = stack.up(check=False)
    assert failed.returncode != 0
    assert "FAILED: Manifest check failed: interfaces is empty. Fix the package" in failed.stdout
    (first,) = jobs_for(emulator, "retried-app")
    emulator.set_manifest("manifests", key, duration=0.3)  # the user fixes the manifest at the same key
    # The rerun counts a job as an earlier run's failure once it lies a whole second of the service's
    # clock (the Date header) behind the rerun's first call.
    failed_at = describe(emulator, first)["LastUpdatedTime"].timestamp()
    wait_until(lambda: time.time() - failed_at > 2.1)
    stack.up()
    second = stack.outputs()["jobId"]
    assert second != first and describe(emulator, second)["Status"] == "SUCCEEDED"
    assert describe(emulator, first)["Status"] == "FAILED"
    assert jobs_for(emulator, "retried-app") == [first, second]
    stack.up()
    assert jobs_for(emulator, "retried-app") == [first, second], "a rerun after success started another job"


def test_a_consumer_using_require_output_fails_when_the_gate_never_passed(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Rejected.")
    gate = make_stack(name="gate")
    gate.config(jobId=job_id)
    assert gate.up(check=False).returncode != 0
    consumer = make_stack("consumer", name="consumer")
    consumer.env = gate.env  # same backend
    consumer.config(gateStack="organization/panorama-import-gate/gate")
    result = consumer.up(check=False)
    assert result.returncode != 0
    # Pulumi's own words: the program fails with a KeyError naming the missing output.
    assert re.search(r"KeyError: 'package(Version|Id)'", result.stdout), result.stdout
    assert consumer.run("stack", "output", "--json").stdout.strip() == "{}"


def test_up_with_refresh_closes_the_gate_on_a_job_revoked_since_the_last_run(
    make_stack: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job()
    stack = make_stack()
    stack.config(jobId=job_id)
    stack.up()
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "FAILED", "StatusMessage": "Revoked by security review."})
    result = stack.run("up", "--yes", "--refresh", check=False)
    assert result.returncode != 0, "a pipeline running up --refresh passed a revoked job"
    assert f"Package import job {job_id} FAILED: Revoked by security review." in result.stdout
