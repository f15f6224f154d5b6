"""The plugin's secret handling (components/plugin/wire.py): which inputs are secret, how outputs and the
recorded identity are marked from them, when state from plugin 0.2.0 needs re-encrypting, and that a
check error never quotes a secret value."""

from __future__ import annotations

from collections.abc import Mapping

from pulumi.provider.experimental.property_value import PropertyValue

from components.core import table as p
from components.core.lifecycle import Lifecycle
from components.plugin.wire import from_wire, plain_in_record, secret_names, to_wire

SECRET_TAG = "tag-SECRET-value"


def value(plain: object) -> PropertyValue:
    """A PropertyValue of plain Python data (maps hold PropertyValues all the way down)."""
    if isinstance(plain, dict):
        return PropertyValue({k: value(v) for k, v in plain.items()})
    return PropertyValue(plain)


def secret(plain: object) -> PropertyValue:
    return value(plain).with_secret(True)


def tags(*, nested_secret: bool) -> PropertyValue:
    return PropertyValue({"team": secret(SECRET_TAG) if nested_secret else value(SECRET_TAG)})


def test_an_input_is_secret_when_it_or_anything_inside_it_is() -> None:
    news = {"jobTags": tags(nested_secret=True), "clientToken": secret("tok"), "inputS3Bucket": PropertyValue("b")}
    assert secret_names(news) == {p.JOB_TAGS, p.CLIENT_TOKEN}


def test_outputs_and_record_entries_derived_from_secret_inputs_are_secret_and_nothing_else_is() -> None:
    outs = {
        p.JOB_TAGS: {"team": SECRET_TAG},
        p.CLIENT_TOKEN: "tok",
        p.PACKAGE_VERSION: "1.0",
        p.INPUTS: {p.JOB_TAGS: {"team": SECRET_TAG}, p.CLIENT_TOKEN: "tok", p.REGION: "us-east-1"},
    }
    wired = to_wire(outs, {p.JOB_TAGS, p.CLIENT_TOKEN})
    assert wired["jobTags"].is_secret and wired["clientToken"].is_secret
    assert not wired["packageVersion"].contains_secret()
    record = wired["inputs"]
    assert not record.is_secret and isinstance(record.value, Mapping)
    assert record.value["job_tags"].is_secret and record.value["client_token"].is_secret
    assert not record.value["region"].contains_secret()
    assert from_wire(wired)[p.INPUTS][p.JOB_TAGS] == {"team": SECRET_TAG}, "secretness is marking, not content"


def test_state_from_plugin_0_2_with_a_plain_copy_of_a_secret_input_needs_re_encrypting() -> None:
    news = {"jobTags": tags(nested_secret=True)}
    plain_record = {"inputs": PropertyValue({"job_tags": tags(nested_secret=False), "region": value("r")})}
    assert plain_in_record(plain_record, news) == [p.JOB_TAGS]
    encrypted = {"inputs": PropertyValue({"job_tags": tags(nested_secret=True), "region": value("r")})}
    assert plain_in_record(encrypted, news) == []
    # A secret top-level output (as 0.2 stored it) counts as a secret input too.
    assert plain_in_record({**plain_record, "jobTags": secret({"team": SECRET_TAG})}, {}) == [p.JOB_TAGS]


def test_a_record_encrypted_as_a_whole_needs_nothing() -> None:
    whole = {"inputs": secret({"job_tags": {"team": SECRET_TAG}})}
    assert plain_in_record(whole, {"jobTags": tags(nested_secret=True)}) == []


def test_a_check_error_names_a_secret_input_without_quoting_its_value() -> None:
    news = {p.JOB_ID: "pij-1", p.CLIENT_TOKEN: "not a valid token!"}
    failures = Lifecycle(config_region="us-east-1").check(news, {p.CLIENT_TOKEN})
    assert all("not a valid token" not in f.reason for f in failures), failures
    (rule,) = [f.reason for f in failures if f.reason.startswith("Invalid client_token")]
    assert rule.startswith("Invalid client_token [secret]: must be 1-64 characters")
