"""Inputs are checked against the service model's rules before any API call."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import InvalidInputError, describe_job, find_latest_succeeded
from components.validation import RULES, check, check_tags


@pytest.mark.parametrize("name", sorted(RULES))
def test_rules_match_the_installed_service_model(name: str) -> None:
    rule = RULES[name]
    shape = botocore.session.get_session().get_service_model("panorama").shape_for(rule.shape)
    assert shape.metadata.get("min") == rule.min_len
    assert shape.metadata.get("max") == rule.max_len
    assert shape.metadata.get("pattern") == rule.pattern


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("job_id", ""),
        ("job_id", "a" * 256),
        ("job_id", "has/slash"),
        ("client_token", "t" * 65),
        ("package_name", "n" * 129),
        ("package_name", "bad name"),
        ("package_version", "1"),
        ("package_version", "1.0.0"),
        ("package_version", "v1.0"),
    ],
)
def test_invalid_values_name_the_field_value_and_rule(field: str, value: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check(field, value)
    message = str(info.value)
    assert field in message
    assert value[:20] in message
    assert "must" in message


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(InvalidInputError) as info:
        check("job_id", "x" * 300)
    assert len(str(info.value)) < 200


def test_tags_limits() -> None:
    assert check_tags({f"k{i}": "v" for i in range(50)})
    with pytest.raises(InvalidInputError, match="at most 50"):
        check_tags({f"k{i}": "v" for i in range(51)})
    with pytest.raises(InvalidInputError, match="job_tags key"):
        check_tags({"": "v"})
    with pytest.raises(InvalidInputError, match="job_tags"):
        check_tags({"k": "v" * 257})


def test_invalid_job_id_is_rejected_before_any_api_call(client: Any, emulator: Any) -> None:
    before = emulator.counters()["total"]
    with pytest.raises(InvalidInputError):
        describe_job(client, "not a job id")
    with pytest.raises(InvalidInputError):
        find_latest_succeeded(client, "pkg", "1.0.0")
    assert emulator.counters()["total"] == before


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.from_regex(r"[a-zA-Z0-9_-]{1,20}\n?", fullmatch=True)))
def test_job_id_check_accepts_exactly_the_model_pattern(value: str) -> None:
    import re

    valid = 1 <= len(value) <= 255 and re.fullmatch(r"[a-zA-Z0-9\-_]+", value) is not None
    try:
        check("job_id", value)
        assert valid
    except InvalidInputError as exc:
        assert not valid
        assert "job_id" in str(exc)
