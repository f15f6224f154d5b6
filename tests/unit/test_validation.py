"""Inputs are checked against the service model's rules (and the few hand-written ones) before any API call."""

from __future__ import annotations

import math
import re
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber
from hypothesis import given, settings
from hypothesis import strategies as st

from components import InvalidInputError, describe_job, find_latest_succeeded
from components.core import table as p
from components.core.rules import HAND_WRITTEN, check, check_map, check_property, check_rule, describe

MODEL = botocore.session.get_session().get_service_model("panorama")


@pytest.mark.parametrize("prop", [prop for prop in p.PROPERTIES if prop.shape], ids=lambda prop: prop.name)
def test_every_shaped_input_names_a_shape_of_the_installed_model(prop: p.Property) -> None:
    assert prop.shape in MODEL.shape_names


@pytest.mark.parametrize("prop", [prop for prop in p.PROPERTIES if prop.is_input], ids=lambda prop: prop.name)
def test_every_input_has_exactly_one_source_of_rules(prop: p.Property) -> None:
    """A rule comes from the model, or is hand-written and listed with its reason, or the input is a plain string."""
    assert not (prop.shape and prop.rule)
    if prop.rule:
        assert prop.rule in HAND_WRITTEN
    if not prop.shape and not prop.rule:
        assert prop.type is p.Type.STRING


def test_string_rules_are_read_from_the_model_not_restated() -> None:
    meta = MODEL.shape_for("JobId").metadata
    assert describe("JobId") == f"must be {meta['min']}-{meta['max']} characters matching {meta['pattern']}"
    assert describe("PackageImportJobType") == "must be one of NODE_PACKAGE_VERSION, MARKETPLACE_NODE_PACKAGE_VERSION"


@pytest.mark.parametrize(
    ("field", "value", "shape"),
    [
        pytest.param("job_id", "", "JobId", id="empty-job-id"),
        pytest.param("job_id", "a" * 256, "JobId", id="job-id-too-long"),
        pytest.param("job_id", "has/slash", "JobId", id="job-id-bad-character"),
        pytest.param("client_token", "t" * 65, "ClientToken", id="token-too-long"),
        pytest.param("package_name", "n" * 129, "NodePackageName", id="package-name-too-long"),
        pytest.param("package_name", "bad name", "NodePackageName", id="package-name-space"),
        pytest.param("package_version", "1", "NodePackageVersion", id="version-no-minor"),
        pytest.param("package_version", "1.0.0", "NodePackageVersion", id="version-three-parts"),
        pytest.param("package_version", "v1.0", "NodePackageVersion", id="version-prefix"),
        pytest.param("job_type", "NODE", "PackageImportJobType", id="job-type-not-in-enum"),
    ],
)
def test_invalid_values_name_the_field_value_and_rule(field: str, value: str, shape: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check(field, value, shape)
    message = str(info.value)
    assert message.startswith(f"Invalid {field} ")
    assert value[:20] in message
    assert describe(shape) in message


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(InvalidInputError) as info:
        check("job_id", "x" * 300, "JobId")
    assert len(str(info.value)) < 200


@pytest.mark.parametrize(
    ("tags", "match"),
    [
        pytest.param({f"k{i}": "v" for i in range(51)}, "at most 50", id="51-tags"),
        pytest.param({"": "v"}, "job_tags key", id="empty-key"),
        pytest.param({"k": "v" * 257}, r"job_tags\[k\]", id="value-too-long"),
        pytest.param(["k"], "mapping", id="not-a-mapping"),
    ],
)
def test_tag_maps_follow_the_model_bounds(tags: Any, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        check_map("job_tags", tags, "TagMap")


def test_fifty_tags_are_accepted() -> None:
    assert len(check_map("job_tags", {f"k{i}": "v" for i in range(50)}, "TagMap")) == 50


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        pytest.param(p.WAIT_TIMEOUT, 0, True, id="timeout-zero-checks-once"),
        pytest.param(p.WAIT_TIMEOUT, -1, False, id="timeout-negative"),
        pytest.param(p.WAIT_TIMEOUT, math.nan, False, id="timeout-nan"),
        pytest.param(p.WAIT_TIMEOUT, math.inf, False, id="timeout-infinite"),
        pytest.param(p.POLL_MIN_DELAY, 0, False, id="min-delay-zero"),
        pytest.param(p.POLL_MAX_DELAY, 0.01, True, id="max-delay-small"),
        pytest.param(p.REQUIRE_SUCCEEDED, "false", False, id="boolean-as-string"),
        pytest.param(p.MARK_LATEST, True, True, id="boolean"),
        pytest.param(p.WAIT_TIMEOUT, True, False, id="boolean-as-number"),
        pytest.param(p.PROFILE, 3, False, id="profile-not-a-string"),
    ],
)
def test_hand_written_rules(name: str, value: Any, valid: bool) -> None:
    prop = p.BY_NAME[name]
    if valid:
        check_property(prop, value)
    else:
        with pytest.raises(InvalidInputError, match=name):
            check_property(prop, value)


def test_seconds_are_normalized_to_float() -> None:
    assert check_rule("--timeout", 3, p.Rule.SECONDS) == 3.0


def test_invalid_input_is_rejected_before_any_api_call() -> None:
    client = botocore.session.get_session().create_client("panorama", region_name="us-east-1")
    calls: list[str] = []
    client.meta.events.register("before-call", lambda model, **_: calls.append(model.name))
    with Stubber(client):  # no responses queued: any call would fail the stubber
        with pytest.raises(InvalidInputError):
            describe_job(client, "not a job id")
        with pytest.raises(InvalidInputError):
            find_latest_succeeded(client, "pkg", "1.0.0")
    assert calls == []


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.from_regex(r"[a-zA-Z0-9_-]{1,20}\n?", fullmatch=True)))
def test_job_id_check_accepts_exactly_the_model_pattern(value: str) -> None:
    valid = 1 <= len(value) <= 255 and re.fullmatch(r"[a-zA-Z0-9\-_]+", value) is not None
    try:
        check("job_id", value, "JobId")
        assert valid
    except InvalidInputError as exc:
        assert not valid
        assert "job_id" in str(exc)


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        (p.WAIT_TIMEOUT, "60", "a number"),
        (p.POLL_MAX_DELAY, "2.5", "a number"),
        (p.REQUIRE_SUCCEEDED, "true", "true or false"),
    ],
)
def test_a_number_or_boolean_given_as_a_string_says_so(name: str, value: str, kind: str) -> None:
    """YAML and stack config hand over `"60"` as easily as 60: the refusal says what was given."""
    from components.core.lifecycle import check as check_inputs

    (failure,) = check_inputs({p.JOB_ID: "pij-1", name: value})
    assert failure.reason == f"Invalid {name} '{value}': must be {kind}, not a string; write it without quotes."
