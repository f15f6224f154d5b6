"""When a change of inputs means another import job: effective values, records from release 0.1, unknowns."""

from __future__ import annotations

import hashlib
import json
from dataclasses import make_dataclass, replace
from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from components.core import table as p
from components.core.identity import (
    Defaults,
    derive_client_token,
    effective_identity,
    recheck_needed,
    replaced_keys,
    updated_keys,
)
from components.core.model import Inputs, State
from components.core.values import contains_unknown, inputs_of, state_of

CONFIG = Defaults(region="us-east-1")
CREATION: dict[str, Any] = {
    p.INPUT_S3_BUCKET: "manifests",
    p.INPUT_S3_KEY: "app/package.json",
    p.OUTPUT_PACKAGE_NAME: "app",
    p.OUTPUT_PACKAGE_VERSION: "1.0",
}
TRACK: dict[str, Any] = {p.JOB_ID: "pij-1"}


def state(inputs: dict[str, Any], record: dict[str, Any] | None = None) -> State:
    """The state as the provider records it at create time (record: override the `inputs` output)."""
    recorded = record if record is not None else effective_identity(inputs_of(inputs), CONFIG)
    return state_of({**inputs, p.INPUTS: recorded})


@pytest.mark.parametrize(
    "spelled",
    [
        {p.JOB_TYPE: "NODE_PACKAGE_VERSION"},
        {p.REGION: "us-east-1"},
        {p.MARK_LATEST: False},
        {p.JOB_TAGS: {}},
    ],
    ids=["job_type", "region-equal-to-config", "mark_latest-false", "no-tags"],
)
def test_spelling_out_a_default_is_no_change(spelled: dict[str, Any]) -> None:
    assert replaced_keys(state(CREATION), inputs_of({**CREATION, **spelled}), CONFIG) == []


@pytest.mark.parametrize(
    ("option", "default"),
    [(p.WAIT_TIMEOUT, 1800), (p.POLL_MIN_DELAY, 0.5), (p.POLL_MAX_DELAY, 10), (p.REQUIRE_SUCCEEDED, True)],
)
def test_spelling_out_a_default_option_is_no_update(option: str, default: Any) -> None:
    assert updated_keys(state(TRACK), inputs_of({**TRACK, option: default}), CONFIG) == []


def test_profile_equal_to_stack_config_is_no_update() -> None:
    config = Defaults(region="us-east-1", profile="ci")
    assert updated_keys(state(TRACK), inputs_of({**TRACK, p.PROFILE: "ci"}), config) == []
    assert updated_keys(state(TRACK), inputs_of({**TRACK, p.PROFILE: "other"}), config) == [p.PROFILE]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({p.INPUT_S3_KEY: "other.json"}, [p.INPUT_S3_KEY]),
        ({p.JOB_TYPE: "MARKETPLACE_NODE_PACKAGE_VERSION"}, [p.JOB_TYPE]),
        ({p.JOB_TAGS: {"team": "vision"}}, [p.JOB_TAGS]),
        ({p.REGION: "eu-west-1"}, [p.REGION]),
    ],
    ids=["key", "job_type", "tags", "region"],
)
def test_a_changed_creation_input_replaces(change: dict[str, Any], expected: list[str]) -> None:
    assert replaced_keys(state(CREATION), inputs_of({**CREATION, **change}), CONFIG) == expected


def test_a_changed_stack_region_replaces_the_gate() -> None:
    assert replaced_keys(state(TRACK), inputs_of(TRACK), Defaults(region="eu-west-1")) == [p.REGION]


@pytest.mark.parametrize(
    ("olds", "news"), [(TRACK, CREATION), (CREATION, TRACK)], ids=["track-to-create", "create-to-track"]
)
def test_switching_mode_replaces(olds: dict[str, Any], news: dict[str, Any]) -> None:
    assert replaced_keys(state(olds), inputs_of(news), CONFIG)


@pytest.mark.parametrize("unknown", [Unknown(), rpc.UNKNOWN], ids=["Unknown-object", "wire-sentinel"])
def test_an_unknown_identity_input_replaces_and_an_unknown_option_updates(unknown: Any) -> None:
    assert replaced_keys(state(CREATION), inputs_of({**CREATION, p.INPUT_S3_KEY: unknown}), CONFIG) == [p.INPUT_S3_KEY]
    assert replaced_keys(state(TRACK), inputs_of({p.JOB_ID: unknown}), CONFIG) == [p.JOB_ID]
    assert updated_keys(state(TRACK), inputs_of({**TRACK, p.WAIT_TIMEOUT: unknown}), CONFIG) == [p.WAIT_TIMEOUT]


def test_unknowns_are_found_inside_tags() -> None:
    assert contains_unknown({"team": Unknown()}) and contains_unknown([1, rpc.UNKNOWN])
    assert not contains_unknown({"team": "vision"})


# -- records written by release 0.1 ---------------------------------------------------
REPORTED = {  # what a job reports about itself, and 0.1's refresh mixed into its record
    p.JOB_ID: "pij-1",
    p.CLIENT_TOKEN: "pig-reported",
    p.JOB_TYPE: "NODE_PACKAGE_VERSION",
    **CREATION,
}


@pytest.mark.parametrize(
    ("inputs", "record"),
    [
        (TRACK, dict(TRACK)),
        (CREATION, dict(CREATION)),
        (TRACK, dict(REPORTED)),
        (CREATION, dict(REPORTED)),
    ],
    ids=["track-as-deployed", "create-as-deployed", "track-refreshed-by-0.1", "create-refreshed-by-0.1"],
)
def test_a_release_0_1_record_is_no_change(inputs: dict[str, Any], record: dict[str, Any]) -> None:
    # 0.1 recorded the identity inputs as given, with no region unless one was passed.
    assert replaced_keys(state(inputs, record), inputs_of(inputs), CONFIG) == []


def test_a_release_0_1_record_still_sees_a_real_change() -> None:
    assert replaced_keys(state(CREATION, dict(REPORTED)), inputs_of({**CREATION, p.INPUT_S3_KEY: "x"}), CONFIG) == [
        p.INPUT_S3_KEY
    ]


# -- client tokens ------------------------------------------------------------------
def test_an_explicit_token_equal_to_the_jobs_own_is_no_change_and_dropping_it_keeps_the_job() -> None:
    olds = replace(state(CREATION), client_token="pig-derived")
    assert replaced_keys(olds, inputs_of({**CREATION, p.CLIENT_TOKEN: "pig-derived"}), CONFIG) == []
    assert replaced_keys(olds, inputs_of({**CREATION, p.CLIENT_TOKEN: "retry-1"}), CONFIG) == [p.CLIENT_TOKEN]
    explicit = state({**CREATION, p.CLIENT_TOKEN: "retry-1"})
    assert replaced_keys(explicit, inputs_of(CREATION), CONFIG) == []


#: The keys release 0.1 hashed, written out here so a change to the property table cannot move them.
KEYS_0_1 = (
    "resource_key", "job_id", "input_s3_bucket", "input_s3_key", "input_s3_region", "output_package_name",
    "output_package_version", "job_type", "mark_latest", "job_tags", "client_token", "region",
)  # fmt: skip


def test_the_first_token_is_the_one_release_0_1_derived() -> None:
    props = {**CREATION, p.RESOURCE_KEY: "proj/stack/gate"}
    identity = {k: props.get(k) for k in KEYS_0_1}
    release_0_1 = "pig-" + hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()[:40]
    assert derive_client_token(inputs_of(props)) == release_0_1


@pytest.mark.parametrize(
    ("extra", "attempt", "token"),
    [
        pytest.param({}, 0, "pig-f9a86a1789519d0da68345d65f9b05784ff233d7", id="plain"),
        pytest.param(
            {p.JOB_TAGS: {"team": "vision"}, p.MARK_LATEST: True, p.REGION: "eu-west-1"},
            2,
            "pig-7dba355c206d61e0af1845a235b0f6bf2eb69a6c",
            id="tags-latest-region-third-attempt",
        ),
    ],
)
def test_tokens_are_the_exact_values_the_previous_code_derived(extra: dict[str, Any], attempt: int, token: str) -> None:
    """Literal values computed with the code before the property table (fef9fad): a stack's token never moves."""
    props = {
        p.INPUT_S3_BUCKET: "manifests",
        p.INPUT_S3_KEY: "app/package.json",
        p.OUTPUT_PACKAGE_NAME: "camera-app",
        p.OUTPUT_PACKAGE_VERSION: "1.0",
        p.RESOURCE_KEY: "proj/stack/gate",
        **extra,
    }
    assert derive_client_token(inputs_of(props), attempt, "us-east-1") == token


def test_adding_an_identity_input_to_the_table_keeps_every_existing_token(monkeypatch: pytest.MonkeyPatch) -> None:
    props = {**CREATION, p.RESOURCE_KEY: "proj/stack/gate"}
    before = derive_client_token(inputs_of(props))
    monkeypatch.setattr(p, "IDENTITY_KEYS", (*p.IDENTITY_KEYS, "new_identity_input"))
    extended = make_dataclass("Extended", [("new_identity_input", str | None, None)], bases=(Inputs,), frozen=True)
    assert derive_client_token(extended(**vars(inputs_of(props)))) == before
    assert derive_client_token(extended(**vars(inputs_of(props)), new_identity_input="set")) != before


def test_retry_tokens_are_distinct_stable_and_valid() -> None:
    props = {**CREATION, p.RESOURCE_KEY: "proj/stack/gate"}
    tokens = [derive_client_token(inputs_of(props), attempt) for attempt in range(5)]
    assert len(set(tokens)) == 5 and tokens == [derive_client_token(inputs_of(props), a) for a in range(5)]
    assert all(len(t) <= 64 and t.replace("-", "").isalnum() for t in tokens)


def test_an_empty_region_is_unset() -> None:
    assert replaced_keys(state(TRACK), inputs_of({**TRACK, p.REGION: ""}), CONFIG) == []


def test_a_release_0_1_record_sees_an_explicit_region_that_differs_from_config() -> None:
    legacy = state(TRACK, dict(TRACK))
    assert replaced_keys(legacy, inputs_of({**TRACK, p.REGION: "eu-west-1"}), CONFIG) == [p.REGION]
    assert replaced_keys(legacy, inputs_of({**TRACK, p.REGION: "us-east-1"}), CONFIG) == []


def test_a_region_that_cannot_be_resolved_yet_is_not_compared() -> None:
    # e.g. `profile` is unknown in preview and no aws:region is set
    assert replaced_keys(state(TRACK), inputs_of(TRACK), Defaults(region=None)) == []


@pytest.mark.parametrize(
    "spelled",
    [{p.JOB_TYPE: "NODE_PACKAGE_VERSION"}, {p.MARK_LATEST: False}, {p.JOB_TAGS: {}}, {p.REGION: "us-east-1"}],
    ids=["job_type", "mark_latest", "tags", "region"],
)
def test_spelled_out_defaults_derive_the_same_token(spelled: dict[str, Any]) -> None:
    props = {**CREATION, p.RESOURCE_KEY: "proj/stack/gate"}
    assert derive_client_token(inputs_of({**props, **spelled}), 0, "us-east-1") == derive_client_token(
        inputs_of(props), 0, "us-east-1"
    )


@pytest.mark.parametrize(
    ("status", "gate", "expected"),
    [("FAILED", None, True), ("PENDING", True, True), ("FAILED", False, False), ("SUCCEEDED", None, False)],
)
def test_a_recorded_job_that_did_not_succeed_is_checked_again_while_gating(
    status: str, gate: bool | None, expected: bool
) -> None:
    assert recheck_needed(state_of({p.STATUS: status}), inputs_of({p.REQUIRE_SUCCEEDED: gate})) is expected
