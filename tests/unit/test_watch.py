"""What `wait` shows while waiting: status-change and heartbeat lines for logs, the live view's rows, the
fitted table, and what a timeout keeps."""

from __future__ import annotations

import io
import re
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.cli.view import HEADERS, LogLines, Watch, fit_widths, print_table
from components.core.errors import JobNotFoundError, WaitCancelledError, WaitTimeoutError, one_line
from components.core.job import ImportJob, S3Location
from components.core.model import Inputs
from components.core.session import JobOutcome, WaitSession, wait_for_jobs
from components.core.waiting import Waiter
from tests.support import wait_until


def job(job_id: str, status: str, message: str = "ok") -> ImportJob:
    when = datetime(2026, 11, 29, tzinfo=UTC)
    return ImportJob(
        job_id=job_id,
        status=status,
        status_message=message,
        job_type="NODE_PACKAGE_VERSION",
        created_time=when,
        last_updated_time=when,
        package_id="package-0123456789abcdef01234567",
        package_version="1.0",
        patch_version="0123456789abcdef0123456789abcdef",
        output_s3=S3Location("bucket", "key"),
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_one_line_per_status_change_not_per_poll() -> None:
    clock, out = FakeClock(), io.StringIO()
    watch = Watch(["pij-a", "pij-b"], clock)
    LogLines(watch, out)
    for second, (job_id, status) in enumerate(
        [("pij-a", "PENDING"), ("pij-b", "PENDING"), ("pij-a", "PENDING"), ("pij-a", "PENDING"), ("pij-a", "SUCCEEDED")]
    ):
        clock.now = 100.0 + 30 * second
        watch.observe(job(job_id, status), 0)
    assert out.getvalue().splitlines() == [
        "pij-a: PENDING at 0s",
        "pij-b: PENDING at 30s",
        "pij-a: SUCCEEDED at 2m00s",
    ]


def test_the_live_rows_show_status_time_in_status_and_next_check() -> None:
    clock = FakeClock()
    watch = Watch(["pij-a"], clock)
    assert watch.rows() == [("pij-a", "waiting for first check", "0s", "-")]
    watch.observe(job("pij-a", "PENDING"), 0)
    watch.sleeping(10)
    clock.now += 130
    assert watch.rows() == [("pij-a", "PENDING", "2m10s", "in 0s")]
    clock.now -= 126
    assert watch.rows()[0][3] == "in 6s"


def test_a_cancelled_session_ends_a_sleep_at_once_after_the_view_heard_of_it() -> None:
    session, heard = WaitSession(), []
    session.cancel.set()
    assert session.policy(Inputs(), on_sleep=heard.append).sleep(3600) is True
    assert heard == [3600]


def outcomes(message: str) -> list[JobOutcome]:
    return [JobOutcome("pij-0123456789abcdef01234567", job=job("pij-0123456789abcdef01234567", "FAILED", message))]


@pytest.mark.parametrize("width", [130, 160, 200])
def test_the_table_fits_the_terminal_without_dropping_a_column(width: int) -> None:
    out = io.StringIO()
    print_table(outcomes("Manifest check failed: " + "interfaces is empty; " * 20), out, width)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width for line in lines), lines
    assert re.split(r"\s{2,}", lines[0].strip()) == list(HEADERS)
    assert "FAILED" in lines[1] and "1.0" in lines[1] and "pij-0123456789abcdef01234567" in lines[1]


def test_a_log_table_keeps_every_cell_whole() -> None:
    out = io.StringIO()
    message = "Manifest check failed: " + "x" * 250
    print_table(outcomes(message), out)
    assert message[:299] in out.getvalue()


@given(st.lists(st.tuples(*[st.text(min_size=0, max_size=80)] * 6), min_size=1, max_size=5), st.integers(40, 300))
def test_only_the_message_gives_way_and_a_fitted_table_fits(rows: list[tuple[str, ...]], width: int) -> None:
    natural = [max(len(r[i]) for r in rows) for i in range(6)]
    fitted = fit_widths(rows, width)
    if fitted is not None:
        assert fitted[:5] == natural[:5] and fitted[5] <= natural[5]
        assert sum(fitted) + 10 <= width


@pytest.mark.parametrize("width", [50, 80, 100, 120])
def test_a_terminal_too_narrow_for_the_identifiers_gets_one_block_per_job(width: int) -> None:
    out = io.StringIO()
    message = "Manifest check failed: " + "interfaces is empty; " * 10
    print_table(outcomes(message), out, width)
    text = out.getvalue()
    assert all(len(line) <= width for line in text.splitlines()), text
    for whole in ("pij-0123456789abcdef01234567", "FAILED", "package-0123456789abcdef01234567", "1.0", "Manifest"):
        assert whole in text, text


def test_a_reused_thread_never_puts_a_next_check_on_a_finished_job() -> None:
    watch = Watch(["pij-a", "pij-b"], FakeClock())
    watch.observe(job("pij-a", "SUCCEEDED"), 0)
    watch.sleeping(5)  # this thread now waits for pij-b, whose first poll failed
    assert {row[0]: row[3] for row in watch.rows()} == {"pij-a": "-", "pij-b": "-"}


def test_an_answer_for_a_job_not_asked_about_is_ignored() -> None:
    watch = Watch(["pij-a"], FakeClock())
    watch.observe(job("pij-other", "PENDING"), 0)
    assert [row[:2] for row in watch.rows()] == [("pij-a", "waiting for first check")]


# -- the heartbeat of a log --------------------------------------------------------------------------
def test_a_heartbeat_follows_the_given_silence_with_status_and_age() -> None:
    clock, out = FakeClock(), io.StringIO()
    watch = Watch(["pij-a"], clock)
    lines = LogLines(watch, out, heartbeat=60)
    watch.observe(job("pij-a", "PENDING"), 0)
    clock.now += 59
    assert lines.tick() == pytest.approx(1)  # not due yet: the seconds until it is
    clock.now += 1
    assert lines.tick() == 60
    clock.now += 30
    watch.observe(job("pij-a", "SUCCEEDED"), 0)  # any line restarts the count
    assert out.getvalue().splitlines() == [
        "pij-a: PENDING at 0s",
        "pij-a: still PENDING at 1m00s",
        "pij-a: SUCCEEDED at 1m30s",
    ]
    clock.now += 600
    lines.tick()  # nothing is waited on any more: no heartbeat
    assert len(out.getvalue().splitlines()) == 3


def test_a_job_never_checked_yet_is_named_as_such() -> None:
    clock, out = FakeClock(), io.StringIO()
    lines = LogLines(Watch(["pij-a"], clock), out, heartbeat=60)
    clock.now += 75
    lines.tick()
    assert out.getvalue() == "pij-a: still waiting for first check at 1m15s\n"


def test_many_waiting_jobs_get_one_heartbeat_line() -> None:
    clock, out = FakeClock(), io.StringIO()
    ids = [f"pij-{n:03d}" for n in range(482)]
    watch = Watch(ids, clock)
    lines = LogLines(watch, out, heartbeat=60)
    for job_id in ids[:480]:
        watch.observe(job(job_id, "PENDING"), 0)
    watch.observe(job(ids[480], "SUCCEEDED"), 0)
    before = len(out.getvalue().splitlines())
    clock.now += 120
    lines.tick()
    assert out.getvalue().splitlines()[before:] == [
        "still waiting at 2m00s: 480 PENDING, 1 waiting for first check (pij-000, pij-001, pij-002 and 478 more)"
    ]


def test_a_job_whose_wait_ended_is_said_once_and_no_longer_counted_as_waiting() -> None:
    clock, out = FakeClock(), io.StringIO()
    watch = Watch(["pij-a", "pij-b", "pij-c"], clock)
    lines = LogLines(watch, out, heartbeat=60)
    watch.observe(job("pij-a", "PENDING"), 0)
    watch.observe(job("pij-b", "SUCCEEDED"), 0)
    watch.finish("pij-b", "SUCCEEDED")  # already said
    clock.now += 5
    watch.finish("pij-c", "ERROR")  # never answered (not found, access denied)
    watch.finish("pij-c", "ERROR")
    clock.now += 60
    lines.tick()
    assert out.getvalue().splitlines() == [
        "pij-a: PENDING at 0s",
        "pij-b: already SUCCEEDED",  # done before the first poll: not "SUCCEEDED at 0s", a 0-second import
        "pij-c: ERROR at 5s",
        "pij-a: still PENDING at 1m05s",
    ]


def test_heartbeat_0_starts_no_heartbeat_and_a_closed_log_prints_nothing() -> None:
    clock, out = FakeClock(), io.StringIO()
    watch = Watch(["pij-a"], clock)

    def heartbeats() -> set[threading.Thread]:
        return {thread for thread in threading.enumerate() if thread.name == "heartbeat"}

    before = heartbeats()
    lines = LogLines(watch, out, heartbeat=0).start()
    assert heartbeats() <= before  # none started (another test's may still be ending)
    lines.close()
    watch.observe(job("pij-a", "PENDING"), 0)
    clock.now += 3600
    lines.tick()
    assert out.getvalue() == ""


def test_the_heartbeat_thread_prints_on_its_own_and_stops_when_closed() -> None:
    out = io.StringIO()
    watch = Watch(["pij-a"])
    lines = LogLines(watch, out, heartbeat=0.05).start()
    try:
        watch.observe(job("pij-a", "PENDING"), 0)
        wait_until(lambda: "pij-a: still PENDING at 0s" in out.getvalue())
    finally:
        lines.close()
    closed = out.getvalue()
    wait_until(lambda: not [t for t in threading.enumerate() if t.name == "heartbeat"])
    assert out.getvalue() == closed


# -- a timeout keeps what was known --------------------------------------------------------------------
class PendingClient:
    """DescribePackageImportJob answering PENDING, as botocore parses it."""

    def describe_package_import_job(self, **params: str) -> dict[str, Any]:
        job_id = params["JobId"]
        pending = job(job_id, "PENDING", "The package import job is in progress.")
        return {
            "JobId": job_id,
            "Status": "PENDING",
            "StatusMessage": pending.status_message,
            "JobType": pending.job_type,
            "CreatedTime": pending.created_time,
            "LastUpdatedTime": pending.last_updated_time,
            "InputConfig": {},
            "OutputConfig": {},
            "Output": {
                "PackageId": pending.package_id,
                "PackageVersion": pending.package_version,
                "PatchVersion": pending.patch_version,
                "OutputS3Location": {"BucketName": "bucket", "ObjectKey": "key"},
            },
            "ResponseMetadata": {"RequestId": "r-1"},
        }


def test_a_timeout_outcome_keeps_the_last_observed_job() -> None:
    [outcome] = wait_for_jobs(PendingClient(), ["pij-a"], Waiter(timeout=0))
    assert isinstance(outcome.error, WaitTimeoutError) and outcome.job is not None
    assert outcome.error.job == outcome.job and outcome.error.last_status == "PENDING"
    assert "Timed out after 0s waiting for package import job pij-a; its last status was PENDING." in str(outcome.error)
    data = outcome.to_dict()
    assert (data["verdict"], data["status"], data["error_type"]) == ("TIMEOUT", "PENDING", "WaitTimeoutError")
    assert data["package_id"] == "package-0123456789abcdef01234567" and data["package_version"] == "1.0"
    assert data["patch_version"] == "0123456789abcdef0123456789abcdef"


def test_a_timeout_row_shows_the_last_status_and_the_package_fields() -> None:
    pending = job("pij-a", "PENDING")
    timeout = JobOutcome("pij-a", job=pending, error=WaitTimeoutError("pij-a", 1800, "PENDING", job=pending))
    missing = JobOutcome("pij-b", error=JobNotFoundError("pij-b"))
    out = io.StringIO()
    print_table([timeout, missing], out)
    _header, row, error_row = (re.split(r"\s{2,}", line) for line in out.getvalue().splitlines())
    assert row[:5] == ["pij-a", "TIMEOUT (PENDING)", pending.package_id, "1.0", pending.patch_version]
    # What the job last said; why the wait ended (and the not-found sentence) is said once, on stderr.
    assert row[5] == one_line(pending.status_message)
    assert error_row == ["pij-b", "ERROR", "-", "-", "-", "not found (see the error)"]
    assert "Timed out" not in out.getvalue() and "was not found" not in out.getvalue()


@pytest.mark.timeout(30)  # the old code waited the default 30 minutes
def test_a_cancelled_session_ends_a_wait_given_no_waiter() -> None:
    """With no waiter, the session's own policy is used, so its cancel reaches the waits (it used not to)."""
    session = WaitSession()
    session.cancel.set()
    try:
        [outcome] = wait_for_jobs(PendingClient(), ["pij-a"], session=session)
    finally:
        session.close()
    assert isinstance(outcome.error, WaitCancelledError), outcome
