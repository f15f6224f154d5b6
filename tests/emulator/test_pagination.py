"""NextTokens of ListPackageImportJobs and ListPackages: every item once, on exact pages; a token
that this emulator did not issue for this operation and listing is a ValidationException."""

from __future__ import annotations

import base64
import string
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from tests.support import emulator_client

JOBS = 7


@pytest.fixture(scope="module")
def seven() -> Iterator[EmulatorProcess]:
    """An emulator of this module's own with seven SUCCEEDED jobs, each its own package."""
    with EmulatorProcess() as process:
        for index in range(JOBS):
            process.seed_job(package_name=f"paged-{index}", duration=0)
        yield process


#: (operation, the key of its items) for both paginated operations.
LISTINGS = [("list_package_import_jobs", "PackageImportJobs"), ("list_packages", "Packages")]


def pages(client: Any, operation: str, key: str, size: int) -> list[list[str]]:
    found: list[list[str]] = []
    token: dict[str, str] = {}
    while True:
        page = getattr(client, operation)(MaxResults=size, **token)
        found.append([item.get("JobId") or item["PackageId"] for item in page[key]])
        if "NextToken" not in page:
            return found
        token = {"NextToken": page["NextToken"]}


def refused(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    response: dict[str, Any] = info.value.response
    return response


@pytest.mark.parametrize(("operation", "key"), LISTINGS, ids=[o for o, _ in LISTINGS])
def test_issued_tokens_page_through_every_item_once(seven: EmulatorProcess, operation: str, key: str) -> None:
    found = pages(emulator_client(seven), operation, key, size=3)
    assert [len(page) for page in found] == [3, 3, 1]
    assert len({item for page in found for item in page}) == JOBS


def forged(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(("operation", "key"), LISTINGS, ids=[o for o, _ in LISTINGS])
@pytest.mark.parametrize(
    "token",
    [
        forged("offset:-3"),
        forged("offset:99"),
        forged("offset:7"),
        forged("offset:3"),
        "not-a-token",
        "%%%",
        "x" * 4096,
    ],
    ids=[
        "negative-offset",
        "offset-past-the-end",
        "offset-at-the-end",
        "old-format-in-range",
        "garbage",
        "not-base64",
        "longest-garbage",
    ],
)
def test_a_token_the_emulator_did_not_issue_is_a_validation_exception(
    seven: EmulatorProcess, operation: str, key: str, token: str
) -> None:
    response = refused(getattr(emulator_client(seven), operation), MaxResults=2, NextToken=token)
    assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)
    assert response["Error"]["Message"] == "The NextToken is invalid or expired."


@pytest.mark.parametrize("position", [0, 13, -1], ids=["first-character", "middle-character", "last-character"])
def test_a_token_with_one_character_changed_is_refused(seven: EmulatorProcess, position: int) -> None:
    client = emulator_client(seven)
    token = client.list_package_import_jobs(MaxResults=2)["NextToken"]
    characters = list(token)
    characters[position] = "A" if characters[position] != "A" else "B"
    changed = "".join(characters)
    assert refused(client.list_package_import_jobs, NextToken=changed)["Error"]["Code"] == "ValidationException"


def test_a_token_spelled_differently_but_decoding_to_the_same_bytes_is_refused(seven: EmulatorProcess) -> None:
    """The last base64 character of a 20-byte token carries 2 spare bits: flipping one changes the text but
    not the decoded offset and MAC, so only an exact comparison with the issued text refuses it (every run)."""
    client = emulator_client(seven)
    token = client.list_package_import_jobs(MaxResults=2)["NextToken"]
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    twin = token[:-1] + alphabet[alphabet.index(token[-1]) ^ 1]
    decode = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))  # noqa: E731
    assert twin != token and decode(twin) == decode(token)
    assert refused(client.list_package_import_jobs, NextToken=twin)["Error"]["Code"] == "ValidationException"


def test_a_token_of_the_other_operation_is_refused(seven: EmulatorProcess) -> None:
    client = emulator_client(seven)
    token = client.list_packages(MaxResults=2)["NextToken"]
    assert refused(client.list_package_import_jobs, NextToken=token)["Error"]["Code"] == "ValidationException"


def test_a_token_past_the_end_of_a_shrunk_listing_is_refused(fresh_emulator: EmulatorProcess) -> None:
    ids = [fresh_emulator.seed_job(package_name=f"shrinking-{i}") for i in range(4)]
    client = emulator_client(fresh_emulator)
    token = client.list_package_import_jobs(MaxResults=3)["NextToken"]
    for job_id in ids[2:]:
        fresh_emulator.admin("DELETE", f"jobs/{job_id}")
    response = refused(client.list_package_import_jobs, MaxResults=3, NextToken=token)
    assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)
