"""Polling follows the job's age (by the service's clock), not how long this wait has run.

Driven with botocore's Stubber, an injected clock and a recording sleep: no test waits.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from botocore.stub import Stubber
from hypothesis import given
from hypothesis import strategies as st

from components import Backoff, ClientSettings, Waiter, make_client, wait_for_job

NOW = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def stub() -> Iterator[tuple[Any, Stubber]]:
    client = make_client(ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:9"))
    with Stubber(client) as stubber:
        yield client, stubber


def answer(stubber: Stubber, status: str, created: datetime, date: datetime | None) -> None:
    headers = {"date": format_datetime(date, usegmt=True)} if date else {}
    stubber.add_response(
        "describe_package_import_job",
        {
            "JobId": "pij-1",
            "JobType": "NODE_PACKAGE_VERSION",
            "Status": status,
            "StatusMessage": status.lower(),
            "CreatedTime": created,
            "LastUpdatedTime": created,
            "InputConfig": {},
            "OutputConfig": {},
            "Output": {
                "OutputS3Location": {"BucketName": "b", "ObjectKey": "k"},
                "PackageId": "p",
                "PackageVersion": "1.0",
                "PatchVersion": "abc",
            },
            "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": headers},
        },
        {"JobId": "pij-1"},
    )


class Recorder:
    """A fake clock and a sleep that only records and advances it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.delays: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds


def waiter(recorder: Recorder) -> Waiter:
    return Waiter(timeout=600, clock=recorder.clock, sleep=recorder.sleep, rng=random.Random(7))


def test_an_adopted_job_is_polled_at_its_age_not_from_half_a_second(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    created = NOW - timedelta(seconds=120)  # PENDING for two minutes when the wait begins
    answer(stubber, "PENDING", created, NOW)
    answer(stubber, "PENDING", created, NOW + timedelta(seconds=10))
    answer(stubber, "SUCCEEDED", created, NOW + timedelta(seconds=20))
    recorder = Recorder()
    assert wait_for_job(client, "pij-1", waiter(recorder)).status == "SUCCEEDED"
    assert all(9.0 <= d <= 10.0 for d in recorder.delays), recorder.delays  # at the 10 s cap at once


def test_a_new_job_starts_at_the_minimum_delay(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    answer(stubber, "PENDING", NOW, NOW)
    answer(stubber, "SUCCEEDED", NOW, NOW + timedelta(seconds=1))
    recorder = Recorder()
    wait_for_job(client, "pij-1", waiter(recorder))
    assert 0.45 <= recorder.delays[0] <= 0.5


@pytest.mark.parametrize("date", [None, NOW - timedelta(hours=1)], ids=["no-date-header", "service-clock-behind"])
def test_without_a_usable_service_clock_the_wait_paces_by_its_own_time(
    stub: tuple[Any, Stubber], date: datetime | None
) -> None:
    client, stubber = stub
    answer(stubber, "PENDING", NOW - timedelta(minutes=5), date)
    answer(stubber, "SUCCEEDED", NOW, date)
    recorder = Recorder()
    wait_for_job(client, "pij-1", waiter(recorder))
    assert 0.45 <= recorder.delays[0] <= 0.5


@given(st.floats(0, 10**6), st.floats(0, 1))
def test_the_delay_for_an_age_keeps_the_latency_promise(age: float, draw: float) -> None:
    backoff = Backoff()

    class Fixed(random.Random):
        def random(self) -> float:
            return draw

    delay = backoff.for_age(age, Fixed())
    assert delay <= min(backoff.max_delay, backoff.min_delay + 0.1 * age) + 1e-9
    assert delay >= 0.9 * min(backoff.max_delay, backoff.min_delay + 0.1 * age) - 1e-9


def test_one_answer_with_a_date_ahead_does_not_slow_later_polls(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    answer(stubber, "PENDING", NOW, NOW)
    answer(stubber, "PENDING", NOW, NOW + timedelta(seconds=60))  # one answer with a clock jump
    for second in range(2, 4):
        answer(stubber, "PENDING", NOW, NOW + timedelta(seconds=second))
    answer(stubber, "SUCCEEDED", NOW, NOW + timedelta(seconds=5))
    recorder = Recorder()
    wait_for_job(client, "pij-1", waiter(recorder))
    # Every delay stays near 0.5 s + 10 % of the real age (about the time waited so far), not 6.5 s.
    waited = 0.0
    for delay in recorder.delays:
        assert delay <= 0.5 + 0.1 * (waited + 1.0) + 0.01, recorder.delays
        waited += delay
