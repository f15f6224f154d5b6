"""The function `getPackageImportJob`'s argument rules, in the core (the plugin only respells them)."""

from __future__ import annotations

from typing import Any

import pytest

from components.core.errors import InvalidInputError
from components.core.lifecycle import Lifecycle
from components.core.lookup import check_lookup, lookup, lookup_args
from components.core.values import UNKNOWN


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
        pytest.param(
            {"package_name": UNKNOWN, "package_version": "1.0"},
            "getPackageImportJob: package_name is not known yet; pass a value known at preview.",
            id="unknown-is-never-read-as-a-guess",
        ),
    ],
)
def test_refused_arguments_are_one_sentence_before_any_call(args: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        lookup(Lifecycle(client_factory=no_client), lookup_args(args))
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
    typed, failures = check_lookup(args)
    assert failures == []
    assert {k: getattr(typed, k) for k in args} == args


def _job(status: str) -> Any:
    from datetime import UTC, datetime

    from components.core.job import ImportJob, S3Location

    when = datetime(2026, 11, 30, tzinfo=UTC)
    return ImportJob("pij-1", status, "Manifest\n rejected.", "NODE_PACKAGE_VERSION", when, when, "pkg", "1.0", "p",
                     S3Location("b", "k"))  # fmt: skip


@pytest.mark.parametrize(
    ("status", "args", "warned"),
    [
        ("FAILED", {"job_id": "pij-1"}, True),
        ("PENDING", {"job_id": "pij-1"}, True),
        ("FAILED", {"job_id": "pij-1", "require_succeeded": False}, False),  # chosen explicitly
        ("SUCCEEDED", {"job_id": "pij-1"}, False),
    ],
)
def test_a_read_passing_an_unsucceeded_job_by_default_warns(status: str, args: dict[str, Any], warned: bool) -> None:
    from components.core.errors import spell
    from components.core.lookup import unchecked_warning
    from components.core.table import camel

    warning = unchecked_warning(_job(status), lookup_args({"job_id": "pij-1", **args}))
    if warned:
        assert warning is not None
        assert spell(warning, camel) == (
            f"getPackageImportJob: package import job pij-1 is {status} (Manifest rejected.), and requireSucceeded "
            "is not set, so the read passes; set requireSucceeded to true to fail instead."
        )
    else:
        assert warning is None
