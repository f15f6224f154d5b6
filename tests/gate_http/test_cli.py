"""`python -m components` as a pipeline step: exit codes, output formats, clean errors."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from components import __version__
from components.cli.main import EXIT_INVALID, run
from components.core import table as p
from components.core.lifecycle import check
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.support import emulator_client, wait_until


def cli(emulator: EmulatorProcess, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "components", *args, "--endpoint-url", emulator.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


#: What `wait` writes to stderr in a log besides errors: status changes and heartbeats.
PROGRESS = re.compile(r"\S+: (already \w+|\w+ at \w+|still \w+ at \w+)|still waiting at \w+: .*")


def assert_clean_error(result: subprocess.CompletedProcess[str]) -> None:
    """stderr holds `error:` lines (at least one) and progress lines, nothing else; no traceback."""
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert any(line.startswith("error: ") for line in lines), result.stderr
    assert all(line.startswith("error: ") or PROGRESS.fullmatch(line) for line in lines), result.stderr


def test_wait_exits_0_and_prints_json_for_a_succeeding_job(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=0.5, package_version="8.1")
    result = cli(emulator, "wait", job_id, "--json", "--min-delay", "0.1")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert document["jobs"][0]["verdict"] == "SUCCEEDED"
    assert document["jobs"][0]["package_version"] == "8.1"


def test_wait_exits_1_with_the_status_message_for_a_failed_job(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Unsupported node package type.")
    result = cli(emulator, "wait", job_id, "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["jobs"][0]["status_message"] == "Unsupported node package type."
    assert "Unsupported node package type." in result.stderr
    assert_clean_error(result)


def test_wait_exits_2_on_timeout_naming_the_last_status(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    result = cli(emulator, "wait", job_id, "--timeout", "0.5", "--min-delay", "0.1")
    assert result.returncode == 2
    assert "PENDING" in result.stderr and "Timed out" in result.stderr
    assert_clean_error(result)


@pytest.mark.parametrize(
    "args",
    [
        ("wait", "bad id"),
        ("wait",),
        ("wait", "job-1", "--timeout", "-1"),
        ("find", "--package-name", "ok", "--package-version", "1"),
        ("bogus",),
    ],
)
def test_invalid_input_or_usage_exits_3(emulator: EmulatorProcess, args: tuple[str, ...]) -> None:
    result = cli(emulator, *args)
    assert result.returncode == 3
    assert_clean_error(result)


def test_not_found_exits_4(emulator: EmulatorProcess) -> None:
    result = cli(emulator, "describe", "no-such-job")
    assert result.returncode == 4
    assert "was not found" in result.stderr
    assert_clean_error(result)


def test_access_denied_exits_4_naming_the_action(faults: EmulatorProcess) -> None:
    job_id = faults.seed_job()
    faults.set_faults(deny_operations=["DescribePackageImportJob"])
    result = cli(faults, "wait", job_id)
    assert result.returncode == 4
    assert "panorama:DescribePackageImportJob" in result.stderr
    assert_clean_error(result)


def test_unreachable_endpoint_exits_4(emulator: EmulatorProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "components", "describe", "job-1", "--endpoint-url", "http://127.0.0.1:9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "AWS_MAX_ATTEMPTS": "1"},
    )
    assert result.returncode == 4
    assert "Could not connect" in result.stderr
    assert_clean_error(result)


def test_missing_region_is_one_clear_sentence(emulator: EmulatorProcess) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_DEFAULT_REGION", "AWS_REGION")}
    result = subprocess.run(
        [sys.executable, "-m", "components", "describe", "job-1"], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 3  # a missing setting is a usage mistake, like a malformed one
    assert "No AWS region is configured" in result.stderr
    assert_clean_error(result)


def test_mixed_jobs_report_each_and_exit_with_the_worst(emulator: EmulatorProcess) -> None:
    good = emulator.seed_job()
    bad = emulator.seed_job(outcome="FAILED")
    result = cli(emulator, "wait", good, bad, "--json")
    assert result.returncode == 1
    verdicts = [j["verdict"] for j in json.loads(result.stdout)["jobs"]]
    assert verdicts == ["SUCCEEDED", "FAILED"]


def test_describe_prints_a_table_and_find_locates_the_job(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_name="cli-find", package_version="2.4")
    table = cli(emulator, "describe", job_id)
    assert table.returncode == 0
    header, row = table.stdout.splitlines()[:2]
    assert header.split()[:2] == ["JOB", "ID"] and row.split()[:2] == [job_id, "SUCCEEDED"]
    found = cli(emulator, "find", "--package-name", "cli-find", "--package-version", "2.4", "--json")
    assert found.returncode == 0
    assert json.loads(found.stdout)["jobs"][0]["job_id"] == job_id


def test_help_documents_exit_codes(emulator: EmulatorProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "components", "wait", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    for line in ("0  every job SUCCEEDED", "1  a job FAILED", "2  timed out", "3  invalid input", "4  not found"):
        assert line in result.stdout


def test_sigint_during_wait_exits_130_without_traceback(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    proc = subprocess.Popen(
        [sys.executable, "-m", "components", "wait", job_id, "--endpoint-url", emulator.url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    before = emulator.counters()["requests"].get("DescribePackageImportJob", 0)
    wait_until(lambda: emulator.counters()["requests"].get("DescribePackageImportJob", 0) > before, 30)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert "Traceback" not in stderr and "interrupted" in stderr


def test_cli_does_not_import_pulumi() -> None:
    code = "import sys, components.cli.main; print('pulumi' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).stdout.strip() == "False"
    )


def test_json_mode_never_prints_credentials(emulator: EmulatorProcess, aws_env: dict[str, Any]) -> None:
    job_id = emulator.seed_job()
    for args in (("describe", job_id, "--json"), ("describe", job_id), ("describe", "missing-job")):
        result = cli(emulator, *args)
        for secret in (aws_env["AWS_SECRET_ACCESS_KEY"], aws_env["AWS_SESSION_TOKEN"], aws_env["AWS_ACCESS_KEY_ID"]):
            assert secret not in result.stdout + result.stderr


def test_missing_panorama_model_names_the_package_to_install(emulator: EmulatorProcess) -> None:
    # Simulate botocore >= 1.43.38 without botocore-a-la-carte-panorama installed.
    code = """
import sys
import botocore.loaders
from botocore.exceptions import UnknownServiceError
original = botocore.loaders.Loader.load_service_model
def load(self, service_name, type_name, api_version=None):
    if service_name == "panorama":
        raise UnknownServiceError(service_name=service_name, known_service_names="s3")
    return original(self, service_name, type_name, api_version)
botocore.loaders.Loader.load_service_model = load
from components.cli.main import run
sys.exit(run(sys.argv[1:]))
"""
    result = subprocess.run(
        [sys.executable, "-c", code, "describe", "job-1", "--endpoint-url", emulator.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 4
    assert "pip install botocore-a-la-carte-panorama" in result.stderr
    assert_clean_error(result)


def test_wait_in_a_log_prints_one_line_per_status_change_to_stderr(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3)  # long enough to be seen PENDING after the CLI's start-up
    result = cli(emulator, "wait", job_id, "--min-delay", "0.1", "--max-delay", "0.2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:2] == ["JOB", "ID"], "stdout holds only the report"
    changes = [line for line in result.stderr.splitlines() if line.startswith(f"{job_id}: ")]
    assert [re.sub(r" at \d+s$", " at Ns", line) for line in changes] == [
        f"{job_id}: PENDING at Ns",
        f"{job_id}: SUCCEEDED at Ns",
    ]


class Lines:
    """A process's output lines as they come (read by a thread), for waiting on one to appear."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def matching(self, pattern: str) -> list[str]:
        return [line for line in list(self.lines) if re.fullmatch(pattern, line)]

    def finish(self) -> list[str]:
        self._thread.join(30)
        return self.lines


@contextmanager
def waiting_in_a_log(emulator: EmulatorProcess, *args: str) -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    """`wait` with stderr a pipe (a log, not a terminal), its stderr lines read as they come."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "components", "wait", *args, "--endpoint-url", emulator.url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc, Lines(proc.stderr)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def test_a_log_gets_heartbeats_with_status_and_age_while_a_job_stays_pending(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    with waiting_in_a_log(emulator, job_id, "--heartbeat", "1", "--max-delay", "0.5") as (proc, lines):
        heartbeat = rf"{job_id}: still PENDING at \d+s"
        wait_until(lambda: bool(lines.matching(heartbeat)), 30)
        emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
        assert proc.wait(timeout=30) == 0
        shown = lines.finish()
    first_heartbeat = shown.index(lines.matching(heartbeat)[0])
    assert shown.index(lines.matching(rf"{job_id}: PENDING at \d+s")[0]) < first_heartbeat
    assert first_heartbeat < shown.index(lines.matching(rf"{job_id}: SUCCEEDED at \d+s")[0])


def test_several_waiting_jobs_share_one_heartbeat_line(emulator: EmulatorProcess) -> None:
    job_ids = [emulator.seed_job(duration=3600) for _ in range(5)]
    with waiting_in_a_log(emulator, *job_ids, "--heartbeat", "1", "--max-delay", "0.5") as (proc, lines):
        names = ", ".join(job_ids[:3])
        heartbeat = rf"still waiting at \d+s: 5 PENDING \({names} and 2 more\)"
        wait_until(lambda: bool(lines.matching(heartbeat)), 30)
        for job_id in job_ids:
            emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
        assert proc.wait(timeout=30) == 0
        shown = lines.finish()
    # Between status changes, a heartbeat is one line for all jobs, never one per job.
    assert not [line for line in shown if re.match(r"pij-\S+: still ", line)]


def test_heartbeat_0_prints_no_heartbeat(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=2.5)
    result = cli(emulator, "wait", job_id, "--heartbeat", "0", "--min-delay", "0.1", "--max-delay", "0.2")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{job_id}: PENDING at \d+s$", result.stderr, re.MULTILINE)
    assert "still" not in result.stderr


@pytest.mark.parametrize("value", ["-1", "soon", "inf", "nan"])
def test_a_bad_heartbeat_is_refused_quoting_it(emulator: EmulatorProcess, value: str) -> None:
    result = cli(emulator, "wait", "pij-a", "--heartbeat", value)
    assert result.returncode == 3
    assert f"Invalid --heartbeat '{value}'" in result.stderr
    assert_clean_error(result)
    assert len(result.stderr.splitlines()) == 1


def test_a_timeout_keeps_the_last_status_and_the_package_fields(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600, package_version="7.2")
    output = emulator_client(emulator).describe_package_import_job(JobId=job_id)["Output"]
    result = cli(emulator, "wait", job_id, "--timeout", "0.5", "--min-delay", "0.1", "--json")
    assert result.returncode == 2
    [shown] = json.loads(result.stdout)["jobs"]
    assert (shown["verdict"], shown["status"], shown["error_type"]) == ("TIMEOUT", "PENDING", "WaitTimeoutError")
    assert (shown["package_id"], shown["package_version"], shown["patch_version"]) == (
        output["PackageId"],
        "7.2",
        output["PatchVersion"],
    )
    table = cli(emulator, "wait", job_id, "--timeout", "0.5", "--min-delay", "0.1")
    assert table.returncode == 2
    row = next(line for line in table.stdout.splitlines() if line.startswith(f"{job_id}  "))
    assert re.split(r"\s{2,}", row)[:5] == [
        job_id,
        "TIMEOUT (PENDING)",
        output["PackageId"],
        "7.2",
        output["PatchVersion"],
    ]
    assert re.search(rf"^{job_id}: TIMEOUT at \d+s$", table.stderr, re.MULTILINE)


@pytest.mark.parametrize("module", ["components", "emulator"])
@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_both_commands_print_their_version(module: str, flag: str) -> None:
    result = subprocess.run([sys.executable, "-m", module, flag], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"panorama-import-gate {__version__}\n", "")


def test_a_bare_command_prints_the_usage_and_exits_0() -> None:
    result = subprocess.run([sys.executable, "-m", "components"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("usage: python -m components")
    for word in ("describe", "wait", "find", "--version", "exit codes:"):
        assert word in result.stdout


def test_find_v_removed_in_0_4_says_what_to_use_and_a_missing_version_says_it_is_required(
    emulator: EmulatorProcess,
) -> None:
    emulator.seed_job(package_name="cli-find-v", package_version="3.1")
    short = cli(emulator, "find", "-n", "cli-find-v", "-v", "3.1", "--json")
    assert (short.returncode, short.stdout) == (3, "")
    assert short.stderr == "error: `find -v` was removed in 0.4: use --package-version (see --help)\n"
    assert " -v" not in cli(emulator, "find", "--help").stdout
    neither = cli(emulator, "find", "-n", "cli-find-v")
    assert (neither.returncode, neither.stderr) == (3, "error: --package-version is required (see --help)\n")


CASES: list[Any] = [
    pytest.param({}, id="defaults"),
    pytest.param({p.WAIT_TIMEOUT: 0}, id="timeout-0-checks-once"),
    pytest.param({p.WAIT_TIMEOUT: -1}, id="timeout-negative"),
    pytest.param({p.POLL_MIN_DELAY: 0}, id="min-delay-0"),
    pytest.param({p.POLL_MAX_DELAY: 0}, id="max-delay-0"),
    pytest.param({p.POLL_MIN_DELAY: 5, p.POLL_MAX_DELAY: 2}, id="min-above-max"),
    pytest.param({p.POLL_MIN_DELAY: 20}, id="min-above-default-max"),
    pytest.param({p.POLL_MAX_DELAY: 0.2}, id="max-below-default-min"),
    pytest.param({p.POLL_MIN_DELAY: 2, p.POLL_MAX_DELAY: 2}, id="min-equals-max"),
]
FLAGS = {p.WAIT_TIMEOUT: "--timeout", p.POLL_MIN_DELAY: "--min-delay", p.POLL_MAX_DELAY: "--max-delay"}


@pytest.mark.parametrize("options", CASES)
def test_check_and_the_cli_agree_on_every_wait_option(options: dict[str, float], emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    refused_by_check = bool(check({p.JOB_ID: job_id, **options}))
    argv = ["wait", job_id, "--endpoint-url", emulator.url, "--region", "us-east-1"]
    for name, value in options.items():
        argv += [FLAGS[name], str(value)]
    err = io.StringIO()
    code = run([*argv, "--json"], out=io.StringIO(), err=err)
    # A refused option exits 3 before any call; an accepted one waits for the SUCCEEDED job.
    assert code == (EXIT_INVALID if refused_by_check else 0), err.getvalue()


def run_in_terminal(args: list[str], columns: int) -> str:
    """The CLI with stdout on a pseudo-terminal `columns` wide (COLUMNS unset, so the width is the terminal's)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "components", *args], cwd=ROOT, env=env, stdout=follower, stderr=subprocess.PIPE
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_the_final_table_fits_the_terminal_it_is_printed_on(emulator: EmulatorProcess, columns: int) -> None:
    message = "Manifest check failed: " + "the asset list names a file that is not in the bucket; " * 4
    job_id = emulator.seed_job(outcome="FAILED", message=message)
    shown = run_in_terminal(["describe", job_id, "--endpoint-url", emulator.url], columns)
    assert max(len(line) for line in shown.splitlines()) <= columns, shown
    described = emulator_client(emulator).describe_package_import_job(JobId=job_id)["Output"]
    for whole in (job_id, "FAILED", described["PackageId"], described["PatchVersion"], "Manifest check failed"):
        assert whole in shown, f"{whole!r} was cut:\n{shown}"


@pytest.mark.parametrize("fmt", [["--json"], []], ids=["json", "table"])
def test_a_reader_that_goes_away_changes_neither_the_exit_code_nor_adds_a_traceback(
    emulator: EmulatorProcess, fmt: list[str]
) -> None:
    """`panorama-import-gate describe … | head -1`: the pipe closes before the report is written."""
    job_id = emulator.seed_job()
    proc = subprocess.Popen(
        [sys.executable, "-m", "components", "describe", job_id, *fmt, "--endpoint-url", emulator.url],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before anything is written
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert err == "", err


def test_stdout_that_cannot_be_written_is_one_error_line_and_exit_4(emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "components", "describe", job_id, "--endpoint-url", emulator.url],
            cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 4
    assert result.stderr == "error: cannot write the report to stdout (No space left on device); check where it goes.\n"


# -- streams: stdout carries only the report; progress, heartbeats and errors go to stderr ---------------
def test_json_to_a_file_gets_heartbeats_on_stderr_during_the_wait_and_one_json_document(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    """`wait … --json > gate.json` in CI: the step's log (stderr) is never silent, the file is one document."""
    job_id = emulator.seed_job(duration=3600)
    report = tmp_path / "gate.json"
    with report.open("w") as file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "components", "wait", job_id, "--json", "--heartbeat", "1",
             "--max-delay", "0.5", "--endpoint-url", emulator.url],
            cwd=ROOT, stdout=file, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            lines = Lines(proc.stderr)
            wait_until(lambda: bool(lines.matching(rf"{job_id}: still PENDING at \d+s")), 30)
            assert report.read_text() == "", "nothing reaches stdout before the report"
            emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
            assert proc.wait(timeout=30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=30)
    document = json.loads(report.read_text())  # exactly one JSON document: nothing else in the file
    assert [job["verdict"] for job in document["jobs"]] == ["SUCCEEDED"]
    assert lines.matching(rf"{job_id}: PENDING at \d+s") and lines.matching(rf"{job_id}: SUCCEEDED at \d+s")


def test_the_first_line_of_wait_s_stdout_is_the_table_header(emulator: EmulatorProcess) -> None:
    """`wait A B | head -1` gives the report's header, not a progress line."""
    jobs = [emulator.seed_job(duration=1.5), emulator.seed_job(duration=1.5)]
    command = [sys.executable, "-m", "components", "wait", *jobs, "--min-delay", "0.1", "--endpoint-url", emulator.url]
    result = subprocess.run(
        f"{shlex.join(command)} | head -1", shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["JOB", "ID", "STATUS", "PACKAGE", "ID", "VERSION", "PATCH", "MESSAGE"]
    assert [line for line in result.stderr.splitlines() if line.startswith(jobs[0])], "progress is on stderr"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["describe", "wait"])
def test_a_closed_stdout_is_one_error_line_never_a_traceback(emulator: EmulatorProcess, command: str) -> None:
    """`panorama-import-gate describe JOB >&-`: the report cannot be written anywhere."""
    job_id = emulator.seed_job()
    cli_command = [sys.executable, "-m", "components", command, job_id, "--endpoint-url", emulator.url]
    result = subprocess.run(
        f"{shlex.join(cli_command)} >&-", shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == ["error: cannot write the report to stdout (stdout is closed); check where it goes."]
    assert result.returncode == 4 and "Traceback" not in result.stderr, result.stderr


def test_a_message_that_fits_a_wide_terminal_is_shown_whole(emulator: EmulatorProcess) -> None:
    """At 200 columns a 75-character message fits beside the identifiers (about 120): nothing is cut."""
    message = "Manifest check failed: the asset list names a file missing from the bucket."
    job_id = emulator.seed_job(outcome="FAILED", message=message)
    wide = run_in_terminal(["describe", job_id, "--endpoint-url", emulator.url], 200)
    assert message in wide, wide
    narrow = run_in_terminal(["describe", job_id, "--endpoint-url", emulator.url], 80)
    assert message not in narrow and "Manifest check failed" in narrow, narrow
