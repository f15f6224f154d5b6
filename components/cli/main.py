"""`panorama-import-gate` (`python -m components` in this repository): the gate as a pipeline step,
without Pulumi.

stdout carries only the report (the table, or one JSON document); progress, heartbeats, warnings and
errors go to stderr. Exit codes: 0 every job SUCCEEDED, 1 a job FAILED, 2 timed out while PENDING,
3 invalid input or usage, or a setting to check, 4 not found, access denied, or a service/network error.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from ..core import session as sessions
from ..core import table as p
from ..core.client import ClientSettings, environment_endpoint, make_client
from ..core.errors import (
    ConfigurationError,
    InvalidInputError,
    JobFailedError,
    MissingModelError,
    PanoramaGateError,
    RequestRejectedError,
    WaitTimeoutError,
)
from ..core.finding import find_latest_succeeded
from ..core.job import FAILED, PENDING, SUCCEEDED
from ..core.model import Inputs
from ..core.rules import (
    JOB_ID,
    PACKAGE_NAME,
    PACKAGE_VERSION,
    check,
    check_delays,
    check_rule,
    region_is_in_a_partition,
)
from ..core.session import MAX_CONCURRENCY, TIMEOUT, JobOutcome, WaitSession, describe_jobs
from ..core.waiting import Waiter, wait_for_job
from ..version import __version__
from .view import DEFAULT_HEARTBEAT, LiveView, LogLines, Watch, print_table

EXIT_SUCCEEDED = 0
EXIT_FAILED = 1
EXIT_TIMEOUT = 2
EXIT_INVALID = 3
EXIT_ERROR = 4
EXIT_INTERRUPTED = 130
EPILOG = """exit codes:
  0  every job SUCCEEDED
  1  a job FAILED
  2  timed out while PENDING (describe: a job is still PENDING)
  3  invalid input or usage, or a setting to check (region, profile, endpoint)
  4  not found, access denied, credentials, or a service/network error
  130 interrupted (Ctrl-C)

stdout carries only the report (a table, or one JSON document with --json);
progress, heartbeats, warnings and errors go to stderr.

Every command takes --region/-r, --profile/-p, --endpoint-url/-e and --json/-j
(see `COMMAND --help`). AWS settings fall back to the standard chain: AWS_REGION,
AWS_PROFILE, AWS_ENDPOINT_URL_PANORAMA / AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE."""

_VERDICT_EXIT = {SUCCEEDED: EXIT_SUCCEEDED, FAILED: EXIT_FAILED, PENDING: EXIT_TIMEOUT, TIMEOUT: EXIT_TIMEOUT}
#: Exit codes of the core's errors (the first matching class wins); any other error exits 4.
_ERROR_EXIT: tuple[tuple[type[PanoramaGateError], int], ...] = (
    (JobFailedError, EXIT_FAILED),
    (WaitTimeoutError, EXIT_TIMEOUT),
    (InvalidInputError, EXIT_INVALID),
    (RequestRejectedError, EXIT_INVALID),
    (MissingModelError, EXIT_ERROR),  # an installation to fix, not a setting
    (ConfigurationError, EXIT_INVALID),  # a setting to check: region, profile, endpoint
)

#: How the command line spells the inputs that errors name (the rest keep their Python names).
FLAGS = {
    p.JOB_ID: "JOB_ID",
    p.REGION: "--region",
    p.PROFILE: "--profile",
    p.ENDPOINT_URL: "--endpoint-url",
    p.WAIT_TIMEOUT: "--timeout",
    p.POLL_MIN_DELAY: "--min-delay",
    p.POLL_MAX_DELAY: "--max-delay",
    p.PACKAGE_NAME: "--package-name",
    p.PACKAGE_VERSION: "--package-version",
}


def flag(name: str) -> str:
    """The command line's spelling of a property an error names."""
    return FLAGS.get(name, name)


def _said(error: PanoramaGateError) -> str:
    return error.spelled(flag)


# When several jobs disagree, the most serious verdict decides the exit code.
_SEVERITY = (EXIT_SUCCEEDED, EXIT_TIMEOUT, EXIT_FAILED, EXIT_ERROR, EXIT_INVALID)


class UsageError(Exception):
    """Bad command-line usage; exits 3."""


_REQUIRED = re.compile(r"the following arguments are required: (.+)")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would exit 2, which means "timeout" here
        missing = _REQUIRED.fullmatch(message)
        if missing:  # "the following arguments are required: --x" reads as a riddle
            names = [name.strip() for name in missing.group(1).split(",")]
            message = f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} required"
        raise UsageError(message)


VERSION = f"panorama-import-gate {__version__}"


class _VersionRequested(Exception):  # noqa: N818 - control flow, not an error
    """`--version` was given: `run` prints the version to its `out` and exits 0."""


class _Version(argparse.Action):
    """Like argparse's "version" action, but printed by `run`, to the stream it was given."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, values: Any, option: str | None = None) -> None:
        raise _VersionRequested


def error_exit_code(error: PanoramaGateError) -> int:
    return next((code for kind, code in _ERROR_EXIT if isinstance(error, kind)), EXIT_ERROR)


def _argument(option: str, check: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argparse type: ``check`` the text; a refusal quotes the argument exactly as it was typed."""

    def parse(value: str) -> Any:
        try:
            return check(value)
        except InvalidInputError as exc:
            raise argparse.ArgumentTypeError(str(InvalidInputError(option, value, exc.rule))) from None

    return parse


def _seconds(option: str, name: str) -> Callable[[str], Any]:
    """Seconds under the property table's rule for ``name`` (the same rule `check` applies)."""
    rule = p.BY_NAME[name].rule
    assert rule is not None
    return _seconds_under(option, rule)


def _seconds_under(option: str, rule: p.Rule) -> Callable[[str], Any]:
    """Seconds under ``rule``; the refusal quotes the argument as typed."""

    def seconds(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise InvalidInputError(option, value, "must be a number") from None
        return float(check_rule(option, number, rule))

    return _argument(option, seconds)


def _setting(option: str, rule: p.Rule) -> Callable[[str], Any]:
    """A connection setting: botocore itself would refuse a malformed one only when it calls."""
    return _argument(option, lambda value: check_rule(option, value, rule))


class _RemovedShortVersion(argparse.Action):
    """`find -v VERSION`, release 0.2's spelling, deprecated in 0.3 and removed in 0.4: say what to use."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        raise UsageError("`find -v` was removed in 0.4: use --package-version")


def build_parser() -> argparse.ArgumentParser:
    job_id = _argument("JOB_ID", lambda value: check("JOB_ID", value, JOB_ID))
    common = _Parser(add_help=False)
    aws = common.add_argument_group("AWS")
    aws.add_argument(
        "--region", "-r", type=_setting("--region", p.Rule.REGION), help="AWS region (default: the AWS chain)"
    )
    aws.add_argument("--profile", "-p", help="named AWS profile (default: AWS_PROFILE)")
    aws.add_argument(
        "--endpoint-url",
        "-e",
        type=_setting("--endpoint-url", p.Rule.ENDPOINT_URL),
        help="Panorama endpoint, e.g. the local emulator (default: AWS_ENDPOINT_URL_PANORAMA)",
    )
    common.add_argument_group("output").add_argument(
        "--json", "-j", action="store_true", help="print one JSON document to stdout"
    )

    parser = _Parser(
        # `python -m components` in this repository; the console script when installed from the wheel.
        prog="python -m components" if (__package__ or "").startswith("components") else "panorama-import-gate",
        description="Check, wait on and find AWS Panorama package import jobs.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", "-V", action=_Version, default=argparse.SUPPRESS, help="print the version and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, parents=[common], help=summary, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
        )

    describe = command("describe", "show jobs' status and outputs without waiting")
    describe.add_argument("job_ids", metavar="JOB_ID", nargs="+", type=job_id, help="import job ID(s)")
    wait = command("wait", "wait until jobs finish; fail unless all SUCCEEDED")
    wait.add_argument("job_ids", metavar="JOB_ID", nargs="+", type=job_id, help="import job ID(s)")
    _add_wait_options(wait)
    find = command("find", "find the newest SUCCEEDED job for a package version")
    find.add_argument(
        "--package-name",
        "-n",
        required=True,
        type=_argument("--package-name", lambda value: check("--package-name", value, PACKAGE_NAME)),
        help="output package name",
    )
    # No -v: most tools read it as --verbose or --version.
    package_version = _argument("--package-version", lambda value: check("--package-version", value, PACKAGE_VERSION))
    find.add_argument("--package-version", required=True, type=package_version, help="output package version, e.g. 1.0")
    find.add_argument("-v", action=_RemovedShortVersion, help=argparse.SUPPRESS)
    commands.add_parser(
        "install-plugin",
        help="install the panorama-import-gate Pulumi provider plugin (for YAML and other languages)",
        description="Install the provider plugin into the plugin cache of the `pulumi` on PATH (honours PULUMI_HOME).",
    )
    return parser


def _add_wait_options(wait: argparse.ArgumentParser) -> None:
    wait.add_argument(
        "--timeout",
        "-t",
        type=_seconds("--timeout", p.WAIT_TIMEOUT),
        default=p.DEFAULT_WAIT_TIMEOUT,
        help=f"overall timeout in seconds; 0 checks once (default: {p.DEFAULT_WAIT_TIMEOUT:.0f})",
    )
    wait.add_argument(
        "--min-delay",
        type=_seconds("--min-delay", p.POLL_MIN_DELAY),
        default=p.DEFAULT_POLL_MIN_DELAY,
        help="delay between polls of a brand-new job, growing by 10%% of the job's age "
        f"(default: {p.DEFAULT_POLL_MIN_DELAY:g})",
    )
    wait.add_argument(
        "--max-delay",
        type=_seconds("--max-delay", p.POLL_MAX_DELAY),
        default=p.DEFAULT_POLL_MAX_DELAY,
        help=f"largest delay between polls in seconds (default: {p.DEFAULT_POLL_MAX_DELAY:g})",
    )
    wait.add_argument(
        "--heartbeat",
        type=_seconds_under("--heartbeat", p.Rule.SECONDS),
        default=DEFAULT_HEARTBEAT,
        metavar="SECONDS",
        help="in a log (stderr not a terminal), print the unfinished jobs' status to stderr once this many "
        f"seconds pass without a line; 0 turns it off (default: {DEFAULT_HEARTBEAT:g})",
    )


# -- printing ---------------------------------------------------------------------
def _report(outcomes: Sequence[JobOutcome], as_json: bool, out: TextIO, err: TextIO) -> int:
    """Print the outcomes (JSON, or a table) and one `error:` line per failure; return the exit code.

    The exit code is the verdict's even when stdout is cut short (`| head -1`: the reader has what it
    wanted); stdout that cannot be written at all (closed, a full disk) is one `error:` line and exit 4.
    """
    code = max((_exit_code(o) for o in outcomes), key=_SEVERITY.index)
    if as_json:
        document = {"ok": code == EXIT_SUCCEEDED, "exit_code": code, "jobs": [_json(o) for o in outcomes]}
        written = _write(lambda: out.write(json.dumps(document, indent=2) + "\n"), out, err)
    else:
        width = shutil.get_terminal_size().columns if out.isatty() else None
        written = _write(lambda: print_table(outcomes, out, width), out, err)
    if not written:
        return EXIT_ERROR
    for outcome in outcomes:
        if outcome.error is not None:
            print(f"error: {_said(outcome.error)}", file=err)
        elif outcome.verdict == FAILED and outcome.job is not None:
            print(f"error: {JobFailedError(outcome.job)}", file=err)
    return code


def _json(outcome: JobOutcome) -> dict[str, Any]:
    data = outcome.to_dict()
    if outcome.error is not None:
        data["error"] = _said(outcome.error)
    return data


def _write(write: Callable[[], object], out: TextIO, err: TextIO) -> bool:
    """Write to stdout; False (said on stderr in one line) when stdout cannot take it at all."""
    try:
        write()
        out.flush()
    except BrokenPipeError:
        pass  # the reader stopped reading; `main` keeps Python from complaining about it at exit
    except OSError as exc:
        print(f"error: cannot write the report to stdout ({exc.strerror or exc}); check where it goes.", file=err)
        return False
    return True


def _exit_code(outcome: JobOutcome) -> int:
    if outcome.error is not None:
        return error_exit_code(outcome.error)
    return _VERDICT_EXIT.get(outcome.verdict, EXIT_ERROR)


# -- commands ---------------------------------------------------------------------
def run(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:  # a bare command: the usage, like `pulumi` or `docker`
        return EXIT_SUCCEEDED if _write(lambda: parser.print_help(out), out, err) else EXIT_ERROR
    try:
        args = parser.parse_args(argv)
        _check_arguments(args)
    except _VersionRequested:
        return EXIT_SUCCEEDED if _write(lambda: print(VERSION, file=out), out, err) else EXIT_ERROR
    except UsageError as exc:
        print(f"error: {exc} (see --help)", file=err)
        return EXIT_INVALID
    except PanoramaGateError as exc:  # checking an argument needs the service model, which may be missing
        print(f"error: {_said(exc)}", file=err)
        return error_exit_code(exc)
    if args.command == "install-plugin":
        return _install_plugin(out, err)
    session = WaitSession(max_workers=min(MAX_CONCURRENCY, max(1, len(getattr(args, "job_ids", ())))))
    try:
        return _command(args, session, out, err)
    except UsageError as exc:
        print(f"error: {exc} (see --help)", file=err)
        return EXIT_INVALID
    except PanoramaGateError as exc:
        print(f"error: {_said(exc)}", file=err)
        return error_exit_code(exc)
    except KeyboardInterrupt:
        session.cancel.set()
        print("error: interrupted; the import jobs themselves are unaffected.", file=err)
        return EXIT_INTERRUPTED


def _check_arguments(args: argparse.Namespace) -> None:
    """Rules that tie arguments together, checked once all are known and before any setting is looked up:
    `--min-delay` may not exceed `--max-delay`; a region no AWS partition would name so (``us-east1``) is
    malformed, unless an endpoint is set (the emulator takes any name)."""
    if args.command == "wait":
        try:
            check_delays("--min-delay", args.min_delay, "--max-delay", args.max_delay)
        except InvalidInputError as exc:
            raise UsageError(_said(exc)) from None
    region = getattr(args, "region", None)
    endpoint = getattr(args, "endpoint_url", None) or environment_endpoint()
    if region is not None and endpoint is None and not region_is_in_a_partition(region):
        rule = InvalidInputError("--region", region, f"must be {p.Rule.REGION.value}; check it")
        raise UsageError(f"argument --region/-r: {rule}")


def _command(args: argparse.Namespace, session: WaitSession, out: TextIO, err: TextIO) -> int:
    jobs = len(getattr(args, "job_ids", ()))
    client = make_client(
        ClientSettings(
            region=args.region,
            profile=args.profile,
            endpoint_url=args.endpoint_url,
            # One HTTP connection per concurrently checked job (urllib3 would discard extras noisily).
            max_pool_connections=min(max(jobs, 10), MAX_CONCURRENCY),
        )
    )
    if args.command == "describe":
        return _report(describe_jobs(client, args.job_ids, session), args.json, out, err)
    if args.command == "wait":
        return _wait(client, args, session, out, err)
    job = find_latest_succeeded(client, args.package_name, args.package_version)
    return _report([JobOutcome(job.job_id, job=job)], args.json, out, err)


def _wait(client: Any, args: argparse.Namespace, session: WaitSession, out: TextIO, err: TextIO) -> int:
    watch = Watch(args.job_ids)
    options = Inputs(
        wait_timeout_seconds=args.timeout, poll_min_delay_seconds=args.min_delay, poll_max_delay_seconds=args.max_delay
    )
    # Ctrl-C cancels the session, which ends every sleep at once; the view shows when each job is next checked.
    waiter = session.policy(options, on_sleep=watch.sleeping)
    # Progress goes to stderr, so stdout holds only the report: a live view on a terminal; in a log (with
    # --json too), a line per status change and heartbeats, so a CI step never looks silent.
    display = LiveView(watch, err) if err.isatty() else LogLines(watch, err, args.heartbeat).start()
    try:
        outcomes = _wait_interruptibly(session, client, args.job_ids, waiter, watch)
    finally:
        display.close()  # always give the terminal back (cursor, screen) and stop the heartbeat, whatever happened
    return _report(outcomes, args.json, out, err)


def _install_plugin(out: TextIO, err: TextIO) -> int:
    import tempfile
    from pathlib import Path

    from ..plugin import PACKAGE
    from ..plugin.install import install
    from ..version import __version__

    with tempfile.TemporaryDirectory() as workdir:
        try:
            result = install(Path(workdir))
        except FileNotFoundError:
            print("error: no `pulumi` on PATH: install the Pulumi CLI first.", file=err)
            return EXIT_ERROR
    if result.returncode != 0:
        print(f"error: pulumi plugin install failed: {' '.join(result.stderr.split())}", file=err)
        return EXIT_ERROR
    print(f"installed resource plugin {PACKAGE} {__version__}", file=out)
    return EXIT_SUCCEEDED


def _wait_interruptibly(
    session: WaitSession, client: Any, job_ids: Sequence[str], waiter: Waiter, watch: Watch
) -> list[JobOutcome]:
    """Run the waits in a worker so Ctrl-C reaches the main thread and cancels them promptly."""
    result: list[list[JobOutcome]] = []
    failure: list[BaseException] = []

    def one(job_id: str) -> JobOutcome:
        found = sessions.outcome(job_id, lambda: wait_for_job(client, job_id, waiter, watch.observe))
        watch.finish(job_id, found.verdict)  # a job that timed out or failed to check is no longer waited on
        return found

    def work() -> None:
        try:  # one job waits in this daemon thread: a Ctrl-C exit never waits for a pool's thread
            result.append(session.each(job_ids, one))
        except BaseException as exc:  # handed to the main thread, which raises it as it was
            failure.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
    if failure:
        raise failure[0]
    return result[0]


class _ClosedStdout(io.TextIOBase):
    """Stands for a stdout the shell closed (`>&-`): writing the report fails like a full disk would."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")


def main() -> None:
    # A closed stdout gets one `error:` line (the report is lost), never a traceback; output cut short
    # (`| head -1`) must not end in a traceback at exit either, so stdout is pointed at /dev/null once its
    # reader is gone.
    devnull = os.open(os.devnull, os.O_WRONLY)
    out: TextIO = sys.stdout if sys.stdout is not None else _ClosedStdout()  # type: ignore[assignment]
    err = sys.stderr if sys.stderr is not None else open(devnull, "w", closefd=False)  # noqa: SIM115
    code = run(out=out, err=err)
    try:
        out.flush()
    except BrokenPipeError:
        os.dup2(devnull, out.fileno())
    sys.exit(code)
