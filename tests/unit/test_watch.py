"""What `wait` shows while waiting: status-change lines for logs, the live view's rows, the fitted table."""

from __future__ import annotations

import io
import re
import threading
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.job import ImportJob, S3Location
from components.waiting import JobOutcome
from components.watch import HEADERS, Watch, fit_widths, print_changes, print_table


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
    print_changes(watch, out)
    for second, (job_id, status) in enumerate(
        [("pij-a", "PENDING"), ("pij-b", "PENDING"), ("pij-a", "PENDING"), ("pij-a", "PENDING"), ("pij-a", "SUCCEEDED")]
    ):
        clock.now = 100.0 + 30 * second
        watch.observe(job(job_id, status), 0)
    assert out.getvalue().splitlines() == [
        "pij-a: PENDING after 0s",
        "pij-b: PENDING after 30s",
        "pij-a: SUCCEEDED after 2m00s",
    ]


def test_the_live_rows_show_status_time_in_status_and_next_check() -> None:
    clock = FakeClock()
    watch = Watch(["pij-a"], clock)
    assert watch.rows() == [("pij-a", "waiting for first check", "0s", "-")]
    watch.observe(job("pij-a", "PENDING"), 0)
    watch.sleep_until_cancelled(threading.Event())(0.0)  # records the next check from this thread
    watch.sleeping(10)
    clock.now += 130
    assert watch.rows() == [("pij-a", "PENDING", "2m10s", "in 0s")]
    clock.now -= 126
    assert watch.rows()[0][3] == "in 6s"


def test_a_cancelled_sleep_returns_at_once() -> None:
    cancel = threading.Event()
    cancel.set()
    assert Watch(["pij-a"]).sleep_until_cancelled(cancel)(3600) is True


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
