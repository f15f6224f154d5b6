"""Request-rate quotas: a token bucket per access key and operation, off by default, answered as AWS
throttles (429 ThrottlingException), set by `--quota` or the admin API, counted per operation."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any
from urllib.error import HTTPError

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.retries.standard import RetryContext, ThrottledRetryableChecker

from emulator.quotas import Quota, Quotas, parse_flag
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.emulator.helpers import raw

LIST = "ListPackageImportJobs"
DESCRIBE = "DescribePackageImportJob"
KEY_A = "AKIAQUOTAKEY0000000A"
KEY_B = "AKIAQUOTAKEY0000000B"
NO_RETRIES = {"total_max_attempts": 1}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def client_for(emulator: EmulatorProcess, access_key: str = KEY_A, retries: dict[str, Any] | None = None) -> Any:
    return boto3.client(
        "panorama",
        region_name="us-east-1",
        endpoint_url=emulator.url,
        aws_access_key_id=access_key,
        aws_secret_access_key="quotaSecret",
        config=Config(retries=retries or NO_RETRIES),
    )


def outcomes(call: Any, count: int) -> list[str]:
    """Call ``count`` times as fast as possible: 'accepted' or 'throttled' for each (anything else fails)."""
    seen = []
    for _ in range(count):
        try:
            call()
            seen.append("accepted")
        except ClientError as err:
            status = err.response["ResponseMetadata"]["HTTPStatusCode"]
            assert (err.response["Error"]["Code"], status) == ("ThrottlingException", 429), err.response
            seen.append("throttled")
    return seen


def tally(seen: list[str]) -> dict[str, int]:
    return {"accepted": seen.count("accepted"), "throttled": seen.count("throttled")}


# -- the token bucket, on a clock the test moves ------------------------------------------------
def test_a_full_bucket_lets_the_burst_through_then_one_request_per_interval() -> None:
    clock = FakeClock()
    quotas = Quotas({LIST: Quota.of(2, 3)}, clock)
    assert [quotas.admit(KEY_A, LIST) for _ in range(5)] == [True, True, True, False, False]
    clock.now += 0.5  # one token at 2 per second
    assert [quotas.admit(KEY_A, LIST) for _ in range(2)] == [True, False]
    clock.now += 0.25  # half a token: not enough
    assert not quotas.admit(KEY_A, LIST)
    clock.now += 0.25
    assert quotas.admit(KEY_A, LIST)


def test_an_idle_bucket_holds_no_more_than_its_burst() -> None:
    clock = FakeClock()
    quotas = Quotas({LIST: Quota.of(10, 2)}, clock)
    clock.now += 3600
    assert [quotas.admit(KEY_A, LIST) for _ in range(3)] == [True, True, False]


def test_each_access_key_and_operation_has_its_own_bucket() -> None:
    quotas = Quotas({LIST: Quota.of(1, 1), DESCRIBE: Quota.of(1, 1)}, FakeClock())
    assert [quotas.admit(KEY_A, LIST), quotas.admit(KEY_A, LIST)] == [True, False]
    assert quotas.admit(KEY_B, LIST)
    assert quotas.admit(KEY_A, DESCRIBE)


def test_counters_count_every_admitted_and_throttled_request_per_operation_and_key() -> None:
    quotas = Quotas({LIST: Quota.of(1, 1)}, FakeClock())
    for key, operation in [(KEY_A, LIST), (KEY_A, LIST), (KEY_B, LIST), (KEY_A, DESCRIBE)]:
        quotas.admit(key, operation)
    state = quotas.get()
    assert state["counters"] == {DESCRIBE: {"accepted": 1, "throttled": 0}, LIST: {"accepted": 2, "throttled": 1}}
    assert state["access_keys"][KEY_A][LIST] == {"accepted": 1, "throttled": 1}
    quotas.reset_counters()
    assert quotas.get()["counters"] == {}


def test_replacing_the_quotas_starts_every_bucket_full_and_an_empty_set_turns_them_off() -> None:
    quotas = Quotas({LIST: Quota.of(1, 1)}, FakeClock())
    assert [quotas.admit(KEY_A, LIST), quotas.admit(KEY_A, LIST)] == [True, False]
    quotas.set({LIST: Quota.of(1, 1)})
    assert quotas.admit(KEY_A, LIST)
    quotas.set({})
    assert all(quotas.admit(KEY_A, LIST) for _ in range(100))


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("ListPackageImportJobs=10", (LIST, 10.0, 10)),
        ("ListPackageImportJobs=10/20", (LIST, 10.0, 20)),
        ("DescribePackageImportJob=0.5", (DESCRIBE, 0.5, 1)),
        ("DescribePackageImportJob=2.5/1", (DESCRIBE, 2.5, 1)),
    ],
)
def test_the_quota_flag_reads_operation_rate_and_burst(flag: str, expected: tuple[str, float, int]) -> None:
    operation, quota = parse_flag(flag)
    assert (operation, quota.rate, quota.burst) == expected


@pytest.mark.parametrize(
    "flag",
    [
        "ListPackageImportJobs",
        "ListPackageImportJobs=",
        "ListPackageImportJobs=0",
        "ListPackageImportJobs=-1",
        "ListPackageImportJobs=inf",
        "ListPackageImportJobs=nan",
        "ListPackageImportJobs=1/0",
        "ListPackageImportJobs=1/1.5",
        "ListPackageImportJobs=1/2/3",
        "DeletePackage=1",
    ],
)
def test_a_malformed_quota_flag_is_refused(flag: str) -> None:
    with pytest.raises(ValueError, match=r"RATE|rate|burst|operation"):
        parse_flag(flag)


# -- over HTTP, with boto3 ----------------------------------------------------------------------
def test_a_burst_over_the_quota_gets_429_throttling_exceptions_that_the_counters_match(
    fresh_emulator: EmulatorProcess,
) -> None:
    fresh_emulator.set_quota(LIST, 2, 2)
    client = client_for(fresh_emulator)
    seen = outcomes(client.list_package_import_jobs, 10)
    assert seen[:2] == ["accepted", "accepted"]
    assert "throttled" in seen
    assert fresh_emulator.quota_counters() == {LIST: tally(seen)}
    assert fresh_emulator.quota_counters(KEY_A) == {LIST: tally(seen)}
    assert fresh_emulator.counters()["responses"]["ThrottlingException"] == seen.count("throttled")


def test_botocore_classifies_a_quota_answer_as_throttling(fresh_emulator: EmulatorProcess) -> None:
    fresh_emulator.set_quota(LIST, 0.1, 1)
    client = client_for(fresh_emulator)
    client.list_package_import_jobs()
    with pytest.raises(ClientError) as info:
        client.list_package_import_jobs()
    context = RetryContext(attempt_number=1, parsed_response=info.value.response)
    assert ThrottledRetryableChecker().is_retryable(context)


def test_a_throttled_answer_has_the_aws_status_error_type_and_body(fresh_emulator: EmulatorProcess) -> None:
    fresh_emulator.set_quota(LIST, 0.1, 1)
    url = f"{fresh_emulator.url}/packages/import-jobs"
    assert raw(url)[0] == 200
    status, headers, payload = raw(url)
    assert (status, headers["x-amzn-ErrorType"], json.loads(payload)) == (
        429,
        "ThrottlingException",
        {"Message": "Rate exceeded"},
    )


def test_botocore_retries_throttled_calls_with_backoff_until_each_succeeds(fresh_emulator: EmulatorProcess) -> None:
    fresh_emulator.set_quota(LIST, 2, 2)
    client = client_for(fresh_emulator, retries={"mode": "standard", "total_max_attempts": 20})
    attempts = [client.list_package_import_jobs()["ResponseMetadata"]["RetryAttempts"] for _ in range(6)]
    assert max(attempts) > 0
    # Every retry answered a throttled attempt, and every call was accepted once.
    assert fresh_emulator.quota_counters() == {LIST: {"accepted": 6, "throttled": sum(attempts)}}


def test_the_quota_is_per_access_key(fresh_emulator: EmulatorProcess) -> None:
    fresh_emulator.set_quota(LIST, 0.1, 2)  # a token every 10 s: the first key's bucket stays empty
    first = outcomes(client_for(fresh_emulator, KEY_A).list_package_import_jobs, 3)
    second = outcomes(client_for(fresh_emulator, KEY_B).list_package_import_jobs, 2)
    assert (first, second) == (["accepted", "accepted", "throttled"], ["accepted", "accepted"])
    assert fresh_emulator.quota_counters(KEY_A) == {LIST: {"accepted": 2, "throttled": 1}}
    assert fresh_emulator.quota_counters(KEY_B) == {LIST: {"accepted": 2, "throttled": 0}}


def test_a_quota_limits_only_its_own_operation(fresh_emulator: EmulatorProcess) -> None:
    fresh_emulator.set_quota(LIST, 0.1, 1)
    client = client_for(fresh_emulator)
    assert outcomes(client.list_package_import_jobs, 2) == ["accepted", "throttled"]
    assert outcomes(client.list_packages, 5) == ["accepted"] * 5


def test_there_is_no_quota_by_default(fresh_emulator: EmulatorProcess) -> None:
    assert fresh_emulator.quotas()["quotas"] == {}
    assert outcomes(client_for(fresh_emulator).list_package_import_jobs, 30) == ["accepted"] * 30
    assert fresh_emulator.quota_counters() == {LIST: {"accepted": 30, "throttled": 0}}


def test_the_admin_api_sets_and_clears_quotas(fresh_emulator: EmulatorProcess) -> None:
    client = client_for(fresh_emulator)
    answer = fresh_emulator.admin("PUT", "quotas", {LIST: "0.1/1"})  # the flag's syntax works as a value too
    assert answer["quotas"] == {LIST: {"rate": 0.1, "burst": 1}}
    assert outcomes(client.list_package_import_jobs, 2) == ["accepted", "throttled"]
    assert fresh_emulator.admin("DELETE", "quotas")["quotas"] == {}
    assert outcomes(client.list_package_import_jobs, 5) == ["accepted"] * 5
    fresh_emulator.set_quota(LIST, 0.1)  # burst defaults to the rate rounded up: 1
    assert fresh_emulator.quotas()["quotas"] == {LIST: {"rate": 0.1, "burst": 1}}
    assert outcomes(client.list_package_import_jobs, 2) == ["accepted", "throttled"]
    fresh_emulator.admin("PUT", "quotas", {})
    assert outcomes(client.list_package_import_jobs, 5) == ["accepted"] * 5


@pytest.mark.parametrize(
    "body",
    [
        {"DeletePackage": {"rate": 1}},
        {LIST: {"rate": 0}},
        {LIST: {"rate": 1, "burst": 0}},
        {LIST: {"rate": 1, "burst": 1.5}},
        {LIST: {"rate": "fast"}},
        {LIST: {"rate": 1, "per": "minute"}},
        {LIST: "1/x"},
        {LIST: 5},
    ],
    ids=["unknown-operation", "zero-rate", "zero-burst", "fractional-burst", "rate-not-a-number", "unknown-key",
         "bad-string", "bare-number"],
)  # fmt: skip
def test_a_bad_quota_is_refused_and_changes_nothing(fresh_emulator: EmulatorProcess, body: dict[str, Any]) -> None:
    fresh_emulator.set_quota(DESCRIBE, 5, 5)
    with pytest.raises(HTTPError) as info:
        fresh_emulator.admin("PUT", "quotas", body)
    assert info.value.code == 400
    assert json.loads(info.value.read())["Message"]
    assert fresh_emulator.quotas()["quotas"] == {DESCRIBE: {"rate": 5.0, "burst": 5}}


def test_the_quota_flag_sets_quotas_at_start() -> None:
    with EmulatorProcess("--quota", f"{LIST}=0.1/2", "--quota", f"{DESCRIBE}=50") as emulator:
        assert emulator.quotas()["quotas"] == {
            DESCRIBE: {"rate": 50.0, "burst": 50},
            LIST: {"rate": 0.1, "burst": 2},
        }
        assert outcomes(client_for(emulator).list_package_import_jobs, 3) == ["accepted", "accepted", "throttled"]


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--quota", f"{LIST}=fast"], "--quota"),
        (["--quota", f"{LIST}=1", "--quota", f"{LIST}=2"], "given twice"),
    ],
    ids=["malformed", "twice"],
)
def test_a_bad_quota_flag_stops_the_emulator_naming_the_problem(flags: list[str], words: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "--port", "0", *flags], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and words in result.stderr, result.stderr
    assert result.stdout == ""


def test_a_refused_request_uses_no_token(fresh_emulator: EmulatorProcess) -> None:
    """The quota comes after authorization, as faults do: unsigned requests leave the bucket full."""
    fresh_emulator.set_quota(LIST, 0.1, 2)
    url = f"{fresh_emulator.url}/packages/import-jobs"
    assert [raw(url, signed=False)[0] for _ in range(3)] == [403] * 3
    assert [raw(url)[0] for _ in range(3)] == [200, 200, 429]


def test_deleting_the_counters_resets_the_quota_counters(fresh_emulator: EmulatorProcess) -> None:
    outcomes(client_for(fresh_emulator).list_package_import_jobs, 2)
    assert fresh_emulator.quota_counters() == {LIST: {"accepted": 2, "throttled": 0}}
    fresh_emulator.admin("DELETE", "counters")
    assert fresh_emulator.quota_counters() == {}
