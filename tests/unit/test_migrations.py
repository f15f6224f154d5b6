"""Each migration of components/migrations.py over the states the releases really stored
(tests/fixtures/states): an old shape becomes today's, and today's shape passes through untouched."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi.provider.experimental.property_value import PropertyValue

from components.core import table as p
from components.core.identity import Defaults, effective_identity, replaced_keys
from components.core.migrations import MIGRATIONS, migrate
from components.core.values import inputs_of, state_of
from components.plugin.wire import from_wire, plain_in_record
from tests.saved_states import SECRET_SIG, SavedState, saved_states

STATES = {state.name: state for state in saved_states()}
REGION = "us-east-1"  # where every saved job lives (the old code got it from AWS_DEFAULT_REGION)


def wire(value: Any) -> PropertyValue:
    """An exported value as the engine hands it to the plugin, secrets marked as secrets."""
    if isinstance(value, dict) and value.get(SECRET_SIG[0]) == SECRET_SIG[1]:
        return wire(json.loads(value["plaintext"])).with_secret(True)
    if isinstance(value, dict):
        return PropertyValue({key: wire(item) for key, item in value.items()})
    if isinstance(value, list):
        return PropertyValue([wire(item) for item in value])
    return PropertyValue(float(value) if isinstance(value, int) and not isinstance(value, bool) else value)


def raw_gate(state: SavedState) -> dict[str, Any]:
    deployment = json.loads(state.export_file.read_text())["deployment"]
    (gate, *_others) = [r for r in deployment["resources"] if r["type"] == state.gate_type]
    return dict(gate)


def python_state(state: SavedState) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Python resource's stored outputs and inputs, secrets in plain text (the provider sees them so)."""
    (gate, *_others) = state.gates()
    return dict(gate["outputs"]), dict(gate["inputs"])


def named(*prefixes: str) -> list[SavedState]:
    return [state for name, state in STATES.items() if name.startswith(prefixes)]


def test_the_migrations_are_listed_oldest_first() -> None:
    assert [m.release for m in MIGRATIONS] == ["no record", "0.1", "plugin 0.2.0"]


@pytest.mark.parametrize("state", named("python-0.1-"), ids=lambda s: s.name)
def test_a_0_1_record_gains_the_defaults_and_the_region_its_job_lives_in(state: SavedState) -> None:
    outputs, inputs = python_state(state)
    assert p.REGION not in outputs[p.INPUTS], "0.1 recorded a region only when one was given"
    migrated = migrate(state_of(outputs), REGION)
    assert migrated.applied == ("0.1",)
    record = migrated.record or {}
    # What today's release records for the same inputs...
    expected = effective_identity(inputs_of(inputs), Defaults(region=REGION))
    assert {k: record.get(k) for k in expected} == expected
    # ...beside the job's own fields a refresh by 0.1 mixed in, which stay as they were stored (a diff sees a
    # record only through its own mode's keys) and appear only where 0.1 stored them.
    extra = {k: v for k, v in record.items() if k not in expected}
    defaulted = {prop.name for prop in p.PROPERTIES if prop.default is not None}
    assert all(outputs[p.INPUTS].get(k) == v for k, v in extra.items() if k not in defaulted), extra
    assert bool(extra.keys() - defaulted) == ("refreshed" in state.name), extra


@pytest.mark.parametrize("state", named("python-0.2-", "python-0.3-", "wheel-0.3-"), ids=lambda s: s.name)
def test_a_record_in_today_s_shape_passes_through_untouched(state: SavedState) -> None:
    outputs, _inputs = python_state(state)
    migrated = migrate(state_of(outputs), "eu-west-1")  # another configured region changes nothing recorded
    assert migrated.applied == ()
    assert migrated.record == outputs[p.INPUTS]
    assert migrated.rewrite == ()


@pytest.mark.parametrize("state", named("plugin-"), ids=lambda s: s.name)
def test_plugin_0_2_0_s_plain_secret_copies_are_stored_again_encrypted_and_nothing_else(state: SavedState) -> None:
    gate = raw_gate(state)
    old_state = {key: wire(value) for key, value in gate["outputs"].items()}
    news = {key: wire(value) for key, value in gate["inputs"].items()}
    migrated = migrate(state_of(from_wire(old_state)), REGION, frozenset(plain_in_record(old_state, news)))
    if state.name == "plugin-0.2-secret-yaml":
        assert migrated.applied == ("plugin 0.2.0",)
        assert migrated.rewrite == (p.CLIENT_TOKEN, p.JOB_TAGS)
    else:
        assert (migrated.applied, migrated.rewrite) == ((), ())
    assert migrated.record == from_wire(old_state)[p.INPUTS], "the record's values never change"


def test_a_state_with_no_record_reads_the_identity_from_its_outputs() -> None:
    """`pulumi import` reads with nothing stored; a stored create-mode job's ID is an output, not an input."""
    assert migrate(state_of({}), REGION).record == {p.REGION: REGION}
    created = {p.JOB_ID: "pij-1", p.INPUT_S3_BUCKET: "b", p.INPUT_S3_KEY: "k", p.OUTPUT_PACKAGE_NAME: "app",
               p.OUTPUT_PACKAGE_VERSION: "1.0"}  # fmt: skip
    migrated = migrate(state_of(created), REGION)
    assert migrated.applied == ("no record", "0.1")
    assert migrated.record == effective_identity(inputs_of({**created, p.JOB_ID: None}), Defaults(region=REGION))
    assert migrate(state_of({p.JOB_ID: "pij-1"}), REGION).record == {p.JOB_ID: "pij-1", p.REGION: REGION}


@pytest.mark.parametrize("state", named("python-0.1-track", "python-0.1-create"), ids=lambda s: s.name)
def test_a_0_1_record_of_region_empty_is_a_record_without_a_region(state: SavedState) -> None:
    """0.1 kept `region=""` as given; every later release reads "" as unset, so it is the configured region."""
    outputs, inputs = python_state(state)
    record = {**outputs[p.INPUTS], p.REGION: ""}
    migrated = migrate(state_of({**outputs, p.INPUTS: record}), REGION)
    assert migrated.applied == ("0.1",)
    assert replaced_keys(migrated.state, inputs_of(inputs), Defaults(region=REGION)) == []
