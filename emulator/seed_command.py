"""`python -m emulator seed`: create a job in a running emulator through its admin API and print
only the new job's ID, so a shell can say ``JOB=$(python -m emulator seed --outcome FAILED)``.

Exit codes: 0 the job was created; 1 the emulator could not be reached (or did not answer as one);
2 invalid input (refused by the command line or by the emulator). Errors are one line on stderr."""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any, NoReturn

DEFAULT_ENDPOINT = "http://127.0.0.1:4599"
ENDPOINT_ENV = "AWS_ENDPOINT_URL_PANORAMA"
EXIT_UNREACHABLE = 1
EXIT_INVALID = 2
TIMEOUT_SECONDS = 10.0
#: A shell may start the emulator in the background and seed at once: a refused connection is retried this long.
WAIT_SECONDS = 10.0


class SeedError(Exception):
    """A failure reported as one line, with the exit code it ends the command with."""

    def __init__(self, message: str, exit_code: int, starting: bool = False) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.starting = starting
        """Nothing listens at the endpoint (yet): an emulator may still be starting."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line instead of argparse's usage block."""
        raise SeedError(f"{message} (see --help)", EXIT_INVALID)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 86400")
    return value


def _parser(prog: str) -> _Parser:
    parser = _Parser(
        prog=prog,
        description="Create a package import job in a running emulator (admin API) and print its job ID.",
    )
    parser.add_argument(
        "--endpoint",
        default=os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT,
        metavar="URL",
        help=f"the emulator's base URL (default: ${ENDPOINT_ENV}, else {DEFAULT_ENDPOINT})",
    )
    parser.add_argument(
        "--outcome",
        type=str.upper,
        choices=("SUCCEEDED", "FAILED"),
        help="how the job ends (default: the manifest registered for it, else SUCCEEDED)",
    )
    parser.add_argument("--duration", type=_seconds, metavar="SECONDS", help="how long it is PENDING (default: 2)")
    parser.add_argument("--message", metavar="TEXT", help="the StatusMessage of a FAILED job")
    parser.add_argument("--package-name", help="NodePackageName (default: demo-app)")
    parser.add_argument("--package-version", help="NodePackageVersion, MAJOR.MINOR (default: 1.0)")
    parser.add_argument("--region", help="the region the job is in (default: the emulator's --region, us-east-1)")
    parser.add_argument(
        "--wait",
        type=_seconds,
        default=WAIT_SECONDS,
        metavar="SECONDS",
        help=f"how long to wait for an emulator that is still starting (default: {WAIT_SECONDS:g})",
    )
    return parser


def seed_body(args: argparse.Namespace) -> dict[str, Any]:
    """The short-form body of `POST /_emulator/jobs` for the options given."""
    given = {
        "Outcome": args.outcome,
        "DurationSeconds": args.duration,
        "StatusMessage": args.message,
        "PackageName": args.package_name,
        "PackageVersion": args.package_version,
        "Region": args.region,
    }
    return {name: value for name, value in given.items() if value is not None}


def post_job(endpoint: str, body: dict[str, Any]) -> str:
    """POST the body to the emulator's admin API; the new job's ID."""
    base = endpoint.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise SeedError(f"--endpoint must be an http:// or https:// URL, not {endpoint!r}", EXIT_INVALID)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        f"{base}/_emulator/jobs", data=json.dumps(body).encode(), method="POST"
    )
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer: Any = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise _refused(base, exc) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        # Refused: nothing listens yet. Reset or closed without an answer: a server still starting up.
        starting = isinstance(reason, (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected))
        raise SeedError(f"cannot reach the emulator at {base}: {reason}", EXIT_UNREACHABLE, starting) from None
    except ValueError:
        answer = None
    job_id = answer.get("JobId") if isinstance(answer, dict) else None
    if not isinstance(job_id, str):
        raise SeedError(f"{base} did not answer as the Panorama emulator does", EXIT_UNREACHABLE)
    return job_id


def post_job_when_up(endpoint: str, body: dict[str, Any], wait: float) -> str:
    """``post_job``, retried every 0.2 s while nothing listens at the endpoint yet, for up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return post_job(endpoint, body)
        except SeedError as exc:
            if not exc.starting or time.monotonic() >= deadline:
                raise
        time.sleep(0.2)


def _refused(base: str, error: urllib.error.HTTPError) -> SeedError:
    """The emulator's one-line reason (its JSON `Message`), or the HTTP status of whatever answered."""
    try:
        message = json.loads(error.read()).get("Message")
    except (ValueError, AttributeError, OSError):
        message = None
    if error.code == 400 and isinstance(message, str):
        return SeedError(f"the emulator refused the job: {message}", EXIT_INVALID)
    detail = f": {message}" if isinstance(message, str) else ""
    return SeedError(f"{base} answered HTTP {error.code}{detail}", EXIT_UNREACHABLE)


def run(argv: list[str], prog: str) -> int:
    """The `seed` subcommand: print the new job ID, or one error line on stderr."""
    try:
        args = _parser(prog).parse_args(argv)
        job_id = post_job_when_up(args.endpoint, seed_body(args), args.wait)
    except SeedError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(job_id)
    return 0
