"""The resource's behaviour without Pulumi or HTTP: botocore's Stubber stands in for Panorama."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber

from components import JobFailedError, JobNotFoundError, ServiceError
from components.core import table as p
from components.core.client import ClientSettings
from components.core.errors import WaitCancelledError, WaitTimeoutError
from components.core.lifecycle import Diff, Lifecycle, check
from components.core.session import Waiting, WaitSession
from components.core.values import inputs_of, state_of, stored

JOB = "pij-0123456789abcdef"
CREATED = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def described(status: str, message: str = "") -> dict[str, Any]:
    return {
        "JobId": JOB,
        "JobType": "NODE_PACKAGE_VERSION",
        "InputConfig": {"PackageVersionInputConfig": {"S3Location": {"BucketName": "in", "ObjectKey": "m.json"}}},
        "OutputConfig": {"PackageVersionOutputConfig": {"PackageName": "app", "PackageVersion": "1.0"}},
        "Output": {
            "PackageId": "package-1",
            "PackageVersion": "1.0",
            "PatchVersion": "abc123",
            "OutputS3Location": {"BucketName": "out", "ObjectKey": "pkg"},
        },
        "CreatedTime": CREATED,
        "LastUpdatedTime": CREATED,
        "Status": status,
        "StatusMessage": message or f"The job is {status}.",
    }


@pytest.fixture
def client() -> Iterator[Any]:
    client = botocore.session.get_session().create_client(
        "panorama", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stubber:
        client.stubber = stubber
        yield client
        stubber.assert_no_pending_responses()


class Edge:
    """The core as a front end drives it: plain values parsed at the edge, the state stored as plain values
    (what `components/provider.py` does for the dynamic resource)."""

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle

    def create(self, props: dict[str, Any], waiting: Waiting | None = None) -> tuple[str, dict[str, Any]]:
        job_id, state = self.lifecycle.create(inputs_of(props), waiting)
        return job_id, stored(state)

    def read(self, id_: str, props: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        found = self.lifecycle.read(id_, state_of(props))
        return None if found is None else (found[0], stored(found[1]))

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        return stored(self.lifecycle.update(state_of(olds), inputs_of(news)))

    def diff(self, olds: dict[str, Any], news: dict[str, Any]) -> Diff:
        return self.lifecycle.diff(state_of(olds), inputs_of(news))


def lifecycle(client: Any) -> tuple[Edge, list[ClientSettings]]:
    asked: list[ClientSettings] = []

    def factory(settings: ClientSettings) -> Any:
        asked.append(settings)
        return client

    return Edge(Lifecycle(config_region="eu-west-1", client_factory=factory)), asked


def expect_describe(client: Any, *statuses: str, message: str = "") -> None:
    for status in statuses:
        client.stubber.add_response("describe_package_import_job", described(status, message), {"JobId": JOB})


FAST = {p.POLL_MIN_DELAY: 0.01, p.POLL_MAX_DELAY: 0.01}


def test_tracking_a_succeeded_job_returns_its_outputs_and_records_the_region(client: Any) -> None:
    expect_describe(client, "SUCCEEDED")
    job_id, outs = lifecycle(client)[0].create({p.JOB_ID: JOB})
    assert job_id == JOB
    assert (outs["package_id"], outs["package_version"], outs["patch_version"]) == ("package-1", "1.0", "abc123")
    assert outs[p.INPUTS] == {p.JOB_ID: JOB, p.REGION: "eu-west-1"}


def test_a_pending_job_is_polled_until_it_finishes(client: Any) -> None:
    expect_describe(client, "PENDING", "PENDING", "SUCCEEDED")
    seen: list[str] = []
    waiting = Waiting(WaitSession(), progress=lambda job, _elapsed: seen.append(job.status))
    lifecycle(client)[0].create({p.JOB_ID: JOB, **FAST}, waiting)
    assert seen == ["PENDING", "PENDING", "SUCCEEDED"]


def test_a_failed_job_closes_the_gate_with_its_status_message(client: Any) -> None:
    expect_describe(client, "FAILED", message="Manifest check failed: bad interface")
    with pytest.raises(JobFailedError, match=r"FAILED: Manifest check failed: bad interface\. Fix"):
        lifecycle(client)[0].create({p.JOB_ID: JOB})


def test_with_gating_off_a_failed_job_is_reported_not_raised(client: Any) -> None:
    expect_describe(client, "FAILED")
    _, outs = lifecycle(client)[0].create({p.JOB_ID: JOB, p.REQUIRE_SUCCEEDED: False})
    assert outs[p.STATUS] == "FAILED"


def test_a_refresh_drops_a_vanished_job_but_a_lookup_fails(client: Any) -> None:
    for _ in range(2):
        client.stubber.add_client_error(
            "describe_package_import_job", "ResourceNotFoundException", "Job not found", 404, {"JobId": JOB}
        )
    gate = lifecycle(client)[0]
    assert gate.read(JOB, {p.JOB_ID: JOB, p.INPUTS: {p.JOB_ID: JOB, p.REGION: "eu-west-1"}}) is None
    with pytest.raises(JobNotFoundError, match="in region eu-west-1"):
        gate.read(JOB, {p.JOB_ID: JOB, p.GATE_ON_READ: True})


def test_a_refresh_looks_the_job_up_in_its_recorded_region(client: Any) -> None:
    expect_describe(client, "SUCCEEDED")
    gate, asked = lifecycle(client)
    gate.read(JOB, {p.JOB_ID: JOB, p.INPUTS: {p.JOB_ID: JOB, p.REGION: "ap-south-1"}})
    assert asked[-1].region == "ap-south-1"


def test_an_option_change_updates_without_calling_aws(client: Any) -> None:
    olds = {p.JOB_ID: JOB, p.STATUS: "SUCCEEDED", p.WAIT_TIMEOUT: 60}
    outs = lifecycle(client)[0].update(olds, {p.JOB_ID: JOB, p.WAIT_TIMEOUT: 120})
    assert outs[p.WAIT_TIMEOUT] == 120  # the stubber fails on any call


def test_a_programming_error_in_a_call_surfaces_as_itself_and_is_not_retried(client: Any) -> None:
    calls: list[str] = []

    def broken(**_: Any) -> None:
        calls.append("describe")
        raise TypeError("a bug")

    client.describe_package_import_job = broken
    with pytest.raises(TypeError, match="a bug"):
        lifecycle(client)[0].create({p.JOB_ID: JOB})
    assert calls == ["describe"]


def test_a_service_error_is_classified_in_one_line(client: Any) -> None:
    for _ in range(5):
        client.stubber.add_client_error("describe_package_import_job", "InternalServerException", "boom", 500)
    with pytest.raises(ServiceError, match="InternalServerException") as info:
        lifecycle(client)[0].create({p.JOB_ID: JOB, **FAST})
    assert "\n" not in str(info.value)


def test_a_set_cancel_event_stops_the_wait_at_its_next_sleep(client: Any) -> None:
    expect_describe(client, "PENDING")
    session = WaitSession()
    session.cancel.set()
    errors: list[BaseException] = []

    def wait() -> None:
        try:
            lifecycle(client)[0].create({p.JOB_ID: JOB, p.POLL_MIN_DELAY: 60, p.POLL_MAX_DELAY: 60}, Waiting(session))
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    # In a thread with a deadline: if the cancel wiring broke, the 60 s poll delay would hold the test
    # until pytest-timeout; here it fails within 5 s, saying why.
    waiting = threading.Thread(target=wait, daemon=True)
    waiting.start()
    waiting.join(5)
    assert not waiting.is_alive(), "the set cancel event did not end the wait"
    assert len(errors) == 1 and isinstance(errors[0], WaitCancelledError), errors
    assert str(errors[0]).startswith(f"Cancelled after 0s of waiting for package import job {JOB}")


def test_a_refresh_of_a_created_job_keeps_the_record_made_at_create_time(client: Any) -> None:
    """The record holds the creation request as given; the job's own reported fields (its derived
    ClientToken, tags and manifest location) are outputs and must not leak into it on a refresh."""
    record = {
        p.INPUT_S3_BUCKET: "in", p.INPUT_S3_KEY: "m.json", p.OUTPUT_PACKAGE_NAME: "app",
        p.OUTPUT_PACKAGE_VERSION: "1.0", p.JOB_TYPE: "NODE_PACKAGE_VERSION", p.MARK_LATEST: False,
        p.JOB_TAGS: {}, p.REGION: "eu-west-1",
    }  # fmt: skip
    state = {
        **{k: v for k, v in record.items() if k not in (p.REGION, p.JOB_TAGS, p.MARK_LATEST, p.JOB_TYPE)},
        p.JOB_ID: JOB,
        p.CLIENT_TOKEN: "pig-0123456789abcdef0123456789abcdef01234567",  # reported by the job
        p.JOB_TAGS: {"team": "vision"},  # reported by the job
        p.STATUS: "SUCCEEDED",
        p.INPUTS: dict(record),
    }
    expect_describe(client, "SUCCEEDED")
    found = lifecycle(client)[0].read(JOB, state)
    assert found is not None and found[1][p.INPUTS] == record


@pytest.mark.parametrize(
    ("props", "cap", "timeout"),
    [
        pytest.param({}, None, 1800.0, id="default"),
        pytest.param({p.WAIT_TIMEOUT: 30}, 10.0, 10.0, id="shorter-engine-timeout-wins"),
        pytest.param({p.WAIT_TIMEOUT: 30}, 100.0, 30.0, id="shorter-input-wins"),
        pytest.param({p.WAIT_TIMEOUT: 0}, None, 0.0, id="zero-checks-once"),
        pytest.param({}, 3600.0, 1800.0, id="default-shorter-than-engine"),
        pytest.param({}, 60.0, 60.0, id="engine-shorter-than-default"),
    ],
)
def test_the_wait_timeout_is_the_shorter_limit(props: dict[str, Any], cap: float | None, timeout: float) -> None:
    waiting = Waiting(WaitSession(), cap=cap)
    assert waiting.policy(inputs_of(props)).timeout == timeout
    # A timeout names the limit that bounded the wait: the engine's customTimeouts only when it is the shorter.
    assert waiting.capped(inputs_of(props)) == (
        cap is not None and cap == timeout and cap < props.get(p.WAIT_TIMEOUT, 1800.0)
    )


@pytest.mark.parametrize(
    ("props", "failing"),
    [
        pytest.param({p.JOB_ID: JOB}, [], id="track"),
        pytest.param({}, list(p.CREATION_REQUIRED), id="nothing-given"),
        pytest.param({p.JOB_ID: JOB, p.INPUT_S3_BUCKET: "b"}, [p.JOB_ID], id="both-modes"),
        pytest.param({p.JOB_ID: JOB, p.JOB_TYPE: "NODE_PACKAGE_VERSION"}, [p.JOB_TYPE], id="creation-only-with-job-id"),
        pytest.param({p.JOB_ID: JOB, p.POLL_MIN_DELAY: 0}, [p.POLL_MIN_DELAY], id="min-delay-zero"),
        pytest.param({p.JOB_ID: JOB, p.POLL_MIN_DELAY: 3, p.POLL_MAX_DELAY: 1}, [p.POLL_MIN_DELAY], id="min-above-max"),
        pytest.param({p.JOB_ID: JOB, p.PROFILE: 7}, [p.PROFILE], id="profile-not-a-string"),
        pytest.param({p.JOB_ID: JOB, p.POLL_MAX_DELAY: 0.2}, [p.POLL_MAX_DELAY], id="max-below-default-min"),
        pytest.param({p.JOB_ID: "bad id"}, [p.JOB_ID], id="job-id-pattern"),
    ],
)
def test_check_names_each_failing_input(props: dict[str, Any], failing: list[str]) -> None:
    assert [failure.property for failure in check(props)] == failing


def test_a_created_failed_job_in_state_without_a_record_is_imported_again() -> None:
    """State from before records existed: a created job (no job_id input) that FAILED is retried, not re-gated."""
    olds = {p.JOB_ID: JOB, p.STATUS: "FAILED", p.INPUT_S3_BUCKET: "in", p.INPUT_S3_KEY: "m.json",
            p.OUTPUT_PACKAGE_NAME: "app", p.OUTPUT_PACKAGE_VERSION: "1.0"}  # fmt: skip
    news = {k: v for k, v in olds.items() if k not in (p.JOB_ID, p.STATUS)}
    assert Edge(Lifecycle(config_region="eu-west-1")).diff(olds, news).replaces == [p.STATUS]


def test_checking_inputs_ignores_a_missing_aws_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    from components.core import botocore_data, rules

    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    botocore_data.service_model.cache_clear()
    rules.shape.cache_clear()
    assert check({p.JOB_ID: JOB, p.PROFILE: "another"}) == []


def test_a_failed_last_poll_at_the_deadline_is_reported_as_itself(client: Any) -> None:
    client.stubber.add_client_error("describe_package_import_job", "InternalServerException", "boom", 500)
    with pytest.raises(ServiceError, match="InternalServerException"):
        lifecycle(client)[0].create({p.JOB_ID: JOB, p.WAIT_TIMEOUT: 0})


def test_a_bug_while_reading_a_response_is_not_retried_as_a_service_error(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components.core.job import ImportJob

    def broken(_response: Any) -> ImportJob:
        raise TypeError("a bug in from_api")

    expect_describe(client, "SUCCEEDED")
    monkeypatch.setattr(ImportJob, "from_api", staticmethod(broken))
    with pytest.raises(TypeError, match="a bug in from_api"):
        lifecycle(client)[0].create({p.JOB_ID: JOB})


def test_a_shorter_engine_timeout_is_named_when_it_runs_out(client: Any) -> None:
    expect_describe(client, "PENDING")
    props = {p.JOB_ID: JOB, p.WAIT_TIMEOUT: 600}
    with pytest.raises(WaitTimeoutError, match=r"Raise the create customTimeout \(0s\)"):
        lifecycle(client)[0].create(props, Waiting(WaitSession(), cap=0.0))


@pytest.mark.parametrize(
    ("lifecycle_args", "news", "message"),
    [
        pytest.param({}, {p.PROFILE: "reel"}, "Invalid profile 'reel'", id="input"),
        pytest.param({"config_profile": "reel"}, {}, "Invalid aws:profile 'reel'", id="stack-config"),
        pytest.param(
            {"config_profile": "reel", "region_key": "panorama-import-gate:region"}, {},
            "Invalid panorama-import-gate:profile 'reel'", id="provider-config",
        ),
    ],
)  # fmt: skip
def test_a_misspelt_profile_fails_the_check_naming_it_not_as_a_missing_region(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, lifecycle_args: dict[str, Any], news: dict[str, Any], message: str
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile real]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    failures = Lifecycle(**lifecycle_args).check({p.JOB_ID: JOB, **news})
    assert [(f.property, f.reason) for f in failures] == [
        (p.PROFILE, f"{message}: no such profile in the AWS config or credentials files; check the profile name.")
    ]
    assert Lifecycle().check({p.JOB_ID: JOB, p.PROFILE: "real"}) == []  # its region comes from the profile


@pytest.mark.parametrize(
    ("variable", "value", "field", "message"),
    [
        ("AWS_ENDPOINT_URL_PANORAMA", "notaurl", p.ENDPOINT_URL, "Invalid AWS_ENDPOINT_URL_PANORAMA 'notaurl'"),
        ("AWS_MAX_ATTEMPTS", "abc", "", "Invalid AWS_MAX_ATTEMPTS 'abc'"),
        ("AWS_RETRY_MODE", "bogus", "", "Invalid AWS_RETRY_MODE 'bogus'"),
    ],
)
def test_malformed_environment_settings_fail_the_check_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    (failure,) = Lifecycle(config_region="eu-west-1").check({p.JOB_ID: JOB})
    assert failure.property == field and failure.reason.startswith(message) and failure.reason.endswith("check it.")
    if variable.startswith("AWS_ENDPOINT_URL"):  # an endpoint given makes the variable irrelevant
        given = {p.JOB_ID: JOB, p.ENDPOINT_URL: "http://127.0.0.1:9"}  # refused at once by the probe: not its news
        assert Lifecycle(config_region="eu-west-1").check(given) == []


CREATE = {
    p.INPUT_S3_BUCKET: "in",
    p.INPUT_S3_KEY: "m.json",
    p.OUTPUT_PACKAGE_NAME: "app",
    p.OUTPUT_PACKAGE_VERSION: "1.0",
}  # create mode: `check` makes no call


@pytest.mark.parametrize(
    ("region_key", "advice"),
    [
        ("aws:region", "set aws:region (`pulumi config set aws:region us-east-1`)"),
        (
            "panorama-import-gate:region",
            "set panorama-import-gate:region (`pulumi config set panorama-import-gate:region us-east-1`)",
        ),
    ],
    ids=["python", "plugin"],
)
def test_no_region_anywhere_fails_the_check_saying_where_to_set_one(
    monkeypatch: pytest.MonkeyPatch, region_key: str, advice: str
) -> None:
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    failures = Lifecycle(region_key=region_key).check(CREATE)
    assert [(f.property, f.reason) for f in failures] == [
        (p.REGION, f"No AWS region is configured: {advice}, the resource's region input, or AWS_REGION.")
    ]


@pytest.mark.parametrize(
    ("lifecycle_args", "news", "field"),
    [
        ({}, {p.REGION: "us-east1"}, "region"),
        ({"config_region": "us-east1"}, {}, "aws:region"),
        ({"config_region": "eu-west1", "region_key": "panorama-import-gate:region"}, {}, "panorama-import-gate:region"),
    ],
    ids=["input", "stack-config", "provider-config"],
)
def test_a_region_no_aws_partition_would_name_so_is_malformed_unless_an_endpoint_is_set(
    monkeypatch: pytest.MonkeyPatch, lifecycle_args: dict[str, Any], news: dict[str, Any], field: str
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_PANORAMA", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    (failure,) = Lifecycle(**lifecycle_args).check({**CREATE, **news})
    region = news.get(p.REGION) or lifecycle_args["config_region"]
    assert (failure.property, failure.reason) == (
        p.REGION,
        f"Invalid {field} '{region}': must be an AWS region name such as us-east-1; check it.",
    )
    # The emulator (or any endpoint set) takes any region name; a well-formed new region passes everywhere.
    assert Lifecycle(**lifecycle_args).check({**CREATE, **news, p.ENDPOINT_URL: "http://127.0.0.1:9"}) == []
    monkeypatch.setenv("AWS_ENDPOINT_URL_PANORAMA", "http://127.0.0.1:9")
    assert Lifecycle(**lifecycle_args).check({**CREATE, **news}) == []
    monkeypatch.delenv("AWS_ENDPOINT_URL_PANORAMA")
    assert Lifecycle().check({**CREATE, p.REGION: "us-west-9"}) == []


def test_a_refused_endpoint_is_reported_once_as_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A malformed `endpoint_url` is still an endpoint given: no region-pattern or environment complaint
    that only applies when none is set."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_PANORAMA", "notaurl")
    failures = Lifecycle().check({**CREATE, p.REGION: "us-east1", p.ENDPOINT_URL: "ftp://emulator"})
    assert [f.property for f in failures] == [p.ENDPOINT_URL], failures
