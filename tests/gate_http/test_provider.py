"""Provider methods called directly, against the emulator over HTTP."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from components import JobFailedError, JobNotFoundError, WaitTimeoutError
from components.core import table as p
from components.core.errors import MAX_QUOTED_CHARS, InvalidInputError, one_line
from components.core.identity import derive_client_token
from components.core.values import inputs_of
from components.provider import PackageImportJobProvider
from emulator.testing import EmulatorProcess
from tests.support import described_jobs, wait_until


def props(emulator: EmulatorProcess, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        p.ENDPOINT_URL: emulator.url,
        p.REGION: "us-east-1",
        p.POLL_MIN_DELAY: 0.05,
        p.POLL_MAX_DELAY: 0.2,
        p.RESOURCE_KEY: "proj/stack/job",
    }
    base.update(values)
    return base


def creation(emulator: EmulatorProcess, **values: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "input_s3_bucket": "manifests",
        "input_s3_key": "app/package.json",
        "output_package_name": "created-pkg",
        "output_package_version": "1.4",
    }
    return props(emulator, **{**defaults, **values})


@pytest.fixture
def provider() -> PackageImportJobProvider:
    return PackageImportJobProvider()


def adopt(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> tuple[str, dict[str, Any]]:
    """A SUCCEEDED job tracked by the provider: its ID and the state `create` recorded."""
    job_id = emulator.seed_job()
    state = provider.create(props(emulator, job_id=job_id)).outs
    assert state is not None
    return job_id, state


def test_adopt_existing_job_waits_and_exposes_outputs(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_name="adopted", package_version="3.3", duration=0.4)
    result = provider.create(props(emulator, job_id=job_id))
    assert result.id == job_id
    assert result.outs is not None
    outs = result.outs
    assert outs["status"] == "SUCCEEDED"
    assert outs["package_version"] == "3.3"
    assert outs["package_id"].startswith("package-") and outs["patch_version"]
    assert outs["output_s3_uri"].startswith("s3://")


def test_create_mode_starts_one_job_and_a_retry_reuses_it(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    inputs = creation(emulator, job_tags={"emulator:duration-seconds": "0.2", "team": "vision"})
    first = provider.create(inputs)
    second = provider.create(inputs)  # an interrupted and retried `pulumi up`
    assert first.id == second.id
    assert first.outs is not None
    assert first.outs["client_token"] == derive_client_token(inputs_of(inputs))
    assert first.outs["output_package_name"] == "created-pkg"
    assert first.outs["job_tags"]["team"] == "vision"
    other = provider.create({**inputs, p.RESOURCE_KEY: "proj/stack/other"})
    assert other.id != first.id


def test_failed_job_raises_with_status_message(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Node package manifest is invalid.")
    with pytest.raises(JobFailedError, match=r"Node package manifest is invalid\."):
        provider.create(props(emulator, job_id=job_id))


def test_failed_job_without_gating_is_only_exposed(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="nope")
    result = provider.create(props(emulator, job_id=job_id, require_succeeded=False))
    assert result.outs is not None and result.outs["status"] == "FAILED"


def test_pending_job_times_out(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    with pytest.raises(WaitTimeoutError, match="PENDING"):
        provider.create(props(emulator, job_id=job_id, wait_timeout_seconds=0.3))
    relaxed = provider.create(props(emulator, job_id=job_id, wait_timeout_seconds=0.2, require_succeeded=False))
    assert relaxed.outs is not None and relaxed.outs["status"] == "PENDING"


def test_unknown_job_is_not_found(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> None:
    with pytest.raises(JobNotFoundError):
        provider.create(props(emulator, job_id="no-such-job"))


def test_read_refreshes_outputs_and_drops_a_vanished_job(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    job_id, state = adopt(provider, emulator)
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "FAILED", "StatusMessage": "revoked"})
    refreshed = provider.read(job_id, state)
    assert refreshed.id == job_id and refreshed.outs is not None
    assert (refreshed.outs["status"], refreshed.outs["status_message"]) == ("FAILED", "revoked")
    emulator.admin("DELETE", f"jobs/{job_id}")
    gone = provider.read(job_id, state)
    assert gone.id == "" and not gone.outs


def test_read_for_a_get_is_gated(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> None:
    good = emulator.seed_job(package_version="6.1")
    bad = emulator.seed_job(outcome="FAILED", message="bad")
    result = provider.read(good, props(emulator, gate_on_read=True))
    assert result.outs is not None and result.outs["package_version"] == "6.1"
    with pytest.raises(JobFailedError):
        provider.read(bad, props(emulator, gate_on_read=True))


def test_a_get_argument_of_the_wrong_type_is_refused_not_dropped(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    """`PackageImportJob.get(..., wait_timeout_seconds="60")` used to wait the default 30 minutes."""
    job_id = emulator.seed_job(duration=3600)
    expected = "^PackageImportJob.get: Invalid wait_timeout_seconds '60': must be a number, not a string; write it "
    with pytest.raises(InvalidInputError, match=expected):
        provider.read(job_id, props(emulator, gate_on_read=True, wait_timeout_seconds="60"))
    stored = {**props(emulator, wait_timeout_seconds="60"), "inputs": {"job_id": job_id}}
    assert provider.read(job_id, stored).id == job_id, "a refresh reads what a release stored, leniently"


CHECK_CASES = [
    pytest.param({"job_id": "bad id"}, ["job_id"], "must be 1-255 characters", id="job-id-breaks-the-model-pattern"),
    pytest.param({"output_package_version": "1.0.0"}, [*p.CREATION_REQUIRED], "1.0.0", id="creation-inputs-missing"),
    pytest.param({"creation": True, "job_id": "job-1"}, ["job_id"], "not both", id="job-id-and-creation-inputs"),
    pytest.param(
        {"creation": True, "job_tags": {f"k{i}": "v" for i in range(51)}}, ["job_tags"], "at most 50", id="51-tags"
    ),
    pytest.param({"job_id": "fine-id", "wait_timeout_seconds": "soon"}, ["wait_timeout_seconds"], "seconds",
                 id="timeout-not-a-number"),
    pytest.param({"job_id": "fine-id", "poll_min_delay_seconds": 0}, ["poll_min_delay_seconds"], "> 0",
                 id="min-delay-zero"),
    pytest.param({"job_id": "fine-id", "poll_min_delay_seconds": 9, "poll_max_delay_seconds": 3},
                 ["poll_min_delay_seconds"], "must not exceed poll_max_delay_seconds", id="min-delay-above-max"),
]  # fmt: skip


@pytest.mark.parametrize(("given", "failing", "reason"), CHECK_CASES)
def test_check_names_the_field_and_rule_without_calling_the_api(
    provider: PackageImportJobProvider,
    emulator: EmulatorProcess,
    given: dict[str, Any],
    failing: list[str],
    reason: str,
) -> None:
    given = dict(given)
    build = creation if given.pop("creation", False) else props
    before = emulator.counters()["total"]
    failures = provider.check({}, build(emulator, **given)).failures
    assert [f.property for f in failures] == failing
    assert any(reason in f.reason for f in failures), failures
    assert emulator.counters()["total"] == before


def test_check_skips_unknown_values_in_preview(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> None:
    assert provider.check({}, props(emulator, job_id=rpc.UNKNOWN)).failures == []


DIFF_CASES = [
    pytest.param("track", {}, False, [], id="same-inputs-no-change"),
    pytest.param("track", {"job_id": "another-job"}, True, ["job_id"], id="another-job-replaces"),
    pytest.param("track", {"wait_timeout_seconds": 60, "require_succeeded": False}, True, [], id="options-update"),
    pytest.param("track", {"endpoint_url": "http://127.0.0.1:1"}, True, [], id="endpoint-reaches-the-same-job"),
    pytest.param("create", {}, False, [], id="derived-client-token-is-no-change"),
    pytest.param("create", {"input_s3_key": "other.json"}, True, ["input_s3_key"], id="another-manifest-replaces"),
]


@pytest.mark.parametrize(("mode", "change", "changes", "replaces"), DIFF_CASES)
def test_diff_replaces_on_identity_and_updates_on_options(
    provider: PackageImportJobProvider,
    emulator: EmulatorProcess,
    mode: str,
    change: dict[str, Any],
    changes: bool,
    replaces: list[str],
) -> None:
    news = props(emulator, job_id=emulator.seed_job()) if mode == "track" else creation(emulator)
    olds = provider.create(news).outs
    assert olds is not None
    diff = provider.diff(str(olds["job_id"]), olds, {**news, **change})
    assert (diff.changes, diff.replaces) == (changes, replaces)


def test_update_changes_options_without_calling_aws(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    job_id, olds = adopt(provider, emulator)
    before = emulator.counters()["total"]
    outs = provider.update(job_id, olds, props(emulator, job_id=job_id, wait_timeout_seconds=99)).outs
    assert outs is not None and outs["wait_timeout_seconds"] == 99 and outs["status"] == "SUCCEEDED"
    assert emulator.counters()["total"] == before


def test_delete_leaves_the_job_in_panorama(provider: PackageImportJobProvider, emulator: EmulatorProcess) -> None:
    job_id, state = adopt(provider, emulator)
    provider.delete(job_id, state)
    assert provider.read(job_id, state).id == job_id


def test_configure_reads_region_and_profile_from_stack_config() -> None:
    from pulumi.dynamic import Config, ConfigureRequest

    provider = PackageImportJobProvider()
    provider.configure(
        ConfigureRequest(Config({"aws:region": "eu-west-1", "aws:profile": "ci"}, "panorama-import-gate"))
    )
    assert (provider.config_region, provider.config_profile) == ("eu-west-1", "ci")


@pytest.mark.parametrize(
    "unknowns",
    [
        {p.INPUT_S3_KEY: Unknown()},
        {p.INPUT_S3_BUCKET: Unknown(), p.OUTPUT_PACKAGE_VERSION: Unknown()},
        {p.JOB_TAGS: {"team": Unknown()}},
        {p.WAIT_TIMEOUT: Unknown(), p.REQUIRE_SUCCEEDED: Unknown()},
    ],
    ids=["key", "bucket-and-version", "a-tag-value", "options"],
)
def test_check_passes_unknown_objects_as_the_provider_server_sends_them(
    provider: PackageImportJobProvider, emulator: EmulatorProcess, unknowns: dict[str, Any]
) -> None:
    assert provider.check({}, creation(emulator, **unknowns)).failures == []


def test_check_refuses_creation_inputs_next_to_a_job_id(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    failures = provider.check({}, props(emulator, job_id="pij-1", job_type="NODE_PACKAGE_VERSION", job_tags={}))
    assert [f.property for f in failures.failures] == ["job_type", "job_tags"]
    assert "only applies when creating an import job" in failures.failures[0].reason


def test_a_gated_get_of_a_missing_job_fails_naming_the_region(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    with pytest.raises(JobNotFoundError, match=r"pij-typo0000 was not found in region us-east-1"):
        provider.read("pij-typo0000", props(emulator, gate_on_read=True))


def test_read_keeps_the_identity_recorded_at_create_time(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    job_id, state = adopt(provider, emulator)
    assert state[p.INPUTS] == {p.JOB_ID: job_id, p.REGION: "us-east-1"}
    refreshed = provider.read(job_id, state).outs
    assert refreshed is not None and refreshed[p.INPUTS] == state[p.INPUTS]
    # A release-0.1 record (inputs as given, no region) gains the region the job was found in.
    legacy = provider.read(job_id, {**state, p.INPUTS: {p.JOB_ID: job_id}}).outs
    assert legacy is not None and legacy[p.INPUTS] == {p.JOB_ID: job_id, p.REGION: "us-east-1"}


def test_a_multi_line_status_message_is_one_line_in_the_error_and_whole_in_the_outputs(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    message = "Manifest check failed:\n  - interfaces is empty\n  - " + "x" * 200
    job_id = emulator.seed_job(outcome="FAILED")
    emulator.admin("PATCH", f"jobs/{job_id}", {"StatusMessage": message})
    with pytest.raises(JobFailedError) as info:
        provider.create(props(emulator, job_id=job_id))
    text = str(info.value)
    assert "\n" not in text and "Manifest check failed: - interfaces is empty - xxx" in text
    assert text.endswith("Fix the package or manifest and start a new import job.")
    outs = provider.create(props(emulator, job_id=job_id, require_succeeded=False)).outs
    assert outs is not None and outs["status_message"] == message


def test_a_failed_create_mode_import_is_retried_once_it_failed_before_the_run(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    key = "provider-retry/package.json"
    emulator.set_manifest("manifests", key, outcome="FAILED", message="broken")
    inputs = creation(emulator, input_s3_key=key, output_package_name="retry-pkg")
    with pytest.raises(JobFailedError, match="broken"):
        provider.create(inputs)
    first = describe_by_token(emulator, derive_client_token(inputs_of(inputs)))
    emulator.set_manifest("manifests", key)  # fixed at the same key
    # The FAILED job must lie at least one whole second of the service's clock behind the rerun.
    wait_until(lambda: time.time() - first["LastUpdatedTime"].timestamp() > 2.1)
    result = provider.create(inputs)
    assert result.id != first["JobId"] and result.outs is not None
    assert (result.outs["status"], result.outs["client_token"]) == (
        "SUCCEEDED",
        derive_client_token(inputs_of(inputs), 1),
    )


def describe_by_token(emulator: EmulatorProcess, token: str) -> dict[str, Any]:
    (job,) = [j for j in described_jobs(emulator) if j.get("ClientToken") == token]
    return job


def test_one_line_collapses_and_caps_service_text() -> None:
    assert one_line("a\n\n  b") == "a b."
    capped = one_line("word " * 200)
    assert len(capped) == MAX_QUOTED_CHARS and capped.endswith("…")


def test_diff_reopens_the_gate_on_a_recorded_job_that_did_not_succeed(
    provider: PackageImportJobProvider, emulator: EmulatorProcess
) -> None:
    key = "reopen/package.json"
    emulator.set_manifest("manifests", key, outcome="FAILED", message="broken")
    created = provider.create(creation(emulator, input_s3_key=key, require_succeeded=False)).outs
    assert created is not None and created["status"] == "FAILED"
    gated = creation(emulator, input_s3_key=key)
    assert provider.diff(created["job_id"], created, gated).replaces == ["status"], "a created job is imported again"
    job_id, tracked = adopt(provider, emulator)
    revoked = {**tracked, "status": "FAILED"}  # what a refresh records after the job was revoked
    tracked_diff = provider.diff(job_id, revoked, props(emulator, job_id=job_id))
    assert tracked_diff.changes and tracked_diff.replaces == [], "a tracked job is gated again in an update"
