"""The function `getPackageImportJob`'s argument rules, in the core (the plugin only respells them)."""

from __future__ import annotations

from typing import Any

import pytest

from components.errors import InvalidInputError
from components.lifecycle import Lifecycle
from components.lookup import check_lookup, lookup


def no_client(_settings: object) -> object:
    raise AssertionError("no client may be built for refused arguments")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param({}, "getPackageImportJob: give job_id, or package_name and package_version.", id="nothing"),
        pytest.param(
            {"job_id": "pij-1", "package_name": "app"},
            "getPackageImportJob: give job_id, or package_name and package_version, not both.",
            id="job-id-and-a-name",
        ),
        pytest.param(
            {"package_name": "app"},
            "getPackageImportJob: package_version is required with package_name.",
            id="name-without-version",
        ),
        pytest.param(
            {"package_version": "1.0"},
            "getPackageImportJob: package_name is required with package_version.",
            id="version-without-name",
        ),
        pytest.param(
            {"job_id": 12345.0},
            "getPackageImportJob: Invalid job_id 12345: must be a string.",
            id="a-number-is-echoed-as-written",
        ),
        pytest.param(
            {"package_name": "app", "package_version": "one"},
            "getPackageImportJob: Invalid package_version 'one': must be 1-255 characters matching "
            r"^([0-9]+)\.([0-9]+)$.",
            id="version-pattern",
        ),
    ],
)
def test_refused_arguments_are_one_sentence_before_any_call(args: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        lookup(Lifecycle(client_factory=no_client), args)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "args",
    [
        {"job_id": "pij-1"},
        {"package_name": "app", "package_version": "1.0"},
        {"job_id": "pij-1", "require_succeeded": True, "region": "eu-west-1", "endpoint_url": "http://127.0.0.1:1"},
    ],
)
def test_accepted_arguments_pass_the_rules(args: dict[str, Any]) -> None:
    assert check_lookup(args) == []
