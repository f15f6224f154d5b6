"""What users read, pinned word for word in every front end: each error sentence (job outcomes, bad inputs,
settings, endpoints, throttling, timeouts, cancel) and the progress lines.

The messages are produced by the real code paths (the core's calls, with botocore's own exceptions and its
Stubber standing in for Panorama) and rendered as each front end renders them: the Python resource
(`str(error)`), the plugin (properties in camelCase, as its server answers) and the CLI (`error: ` and its
options). They are compared with `tests/golden/messages.json`. A change of wording must be made on purpose:
`GATE_UPDATE_GOLDENS=1 pytest tests/unit/test_golden_messages.py` rewrites the file, and the diff shows it.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError, SSLError, UnknownServiceError
from botocore.stub import Stubber

from components.cli.main import flag
from components.cli.view import LogLines, Watch, heartbeat_line
from components.core import table as p
from components.core.backoff import Backoff
from components.core.client import Endpoint
from components.core.error_map import Call, classify, unreadable_answer
from components.core.errors import Failure, PanoramaGateError
from components.core.job import ImportJob, S3Location
from components.core.lifecycle import Lifecycle
from components.core.lookup import check_lookup, unchecked_warning
from components.core.model import Inputs, LookupArgs
from components.core.progress import ProgressLines
from components.core.session import Waiting, WaitSession
from components.core.values import state_of
from components.core.waiting import Waiter, wait_for_job
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "messages.json"
JOB = "pij-0123456789abcdef"
CREATED = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
URL = "http://127.0.0.1:4599/stray"
CREATE = {
    p.INPUT_S3_BUCKET: "manifests",
    p.INPUT_S3_KEY: "camera-app/package.json",
    p.OUTPUT_PACKAGE_NAME: "camera-app",
    p.OUTPUT_PACKAGE_VERSION: "1.0",
}


# -- producing messages ------------------------------------------------------------------------------
def job(status: str, message: str = "Manifest check failed: the asset list names a missing file.") -> ImportJob:
    return ImportJob(
        job_id=JOB, status=status, status_message=message, job_type="NODE_PACKAGE_VERSION",
        created_time=CREATED, last_updated_time=CREATED, package_id="package-1", package_version="1.0",
        patch_version="abc123", output_s3=S3Location("out", "pkg"),
    )  # fmt: skip


def answer(code: str, status: int, message: str = "", attempts: int = 2) -> ClientError:
    error = {"Code": code, "Message": message} if code else {}
    metadata = {"HTTPStatusCode": status, "RetryAttempts": attempts, "RequestId": "r-1"}
    return ClientError({"Error": error, "ResponseMetadata": metadata}, "DescribePackageImportJob")


def raised(call: Callable[[], object]) -> PanoramaGateError:
    with pytest.raises(PanoramaGateError) as info:
        call()
    return info.value


def stubbed(*statuses: str) -> Any:
    client = botocore.session.get_session().create_client(
        "panorama", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    stubber = Stubber(client)
    for status in statuses:
        response = {
            "JobId": JOB, "JobType": "NODE_PACKAGE_VERSION", "InputConfig": {}, "OutputConfig": {},
            "Output": {"PackageId": "package-1", "PackageVersion": "1.0", "PatchVersion": "abc123",
                       "OutputS3Location": {"BucketName": "out", "ObjectKey": "pkg"}},
            "CreatedTime": CREATED, "LastUpdatedTime": CREATED, "Status": status, "StatusMessage": "In progress.",
        }  # fmt: skip
        stubber.add_response("describe_package_import_job", response, {"JobId": JOB})
    stubber.activate()
    return client


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def timed_out() -> PanoramaGateError:
    clock = Clock()
    waiter = Waiter(timeout=30, backoff=Backoff(min_delay=10, max_delay=10, jitter=0), clock=clock, sleep=clock.sleep)
    return raised(lambda: wait_for_job(stubbed("PENDING", "PENDING", "PENDING", "PENDING"), JOB, waiter))


def capped_by_the_engine() -> PanoramaGateError:
    lifecycle = Lifecycle(config_region="us-east-1", client_factory=lambda _settings: stubbed("PENDING"))
    return raised(lambda: lifecycle.create(Inputs(job_id=JOB), Waiting(WaitSession(), cap=0.0, cap_name="create")))


def cancelled() -> PanoramaGateError:
    stop = threading.Event()
    stop.set()
    waiter = Waiter(timeout=60, sleep=stop.wait)
    return raised(lambda: wait_for_job(stubbed("PENDING"), JOB, waiter))


def failures(news: dict[str, Any], secrets: tuple[str, ...] = (), **lifecycle: Any) -> list[Failure]:
    return Lifecycle(**{"config_region": "us-east-1", **lifecycle}).check(news, secrets)


ERRORS: dict[str, Callable[[], PanoramaGateError]] = {
    "job FAILED": lambda: raised(
        lambda: Lifecycle(config_region="us-east-1", client_factory=lambda _s: stubbed_failed()).create(
            Inputs(job_id=JOB)
        )
    ),
    "job not found": lambda: classify(
        answer("ResourceNotFoundException", 404), Call("DescribePackageImportJob", JOB, "eu-west-1")
    ),
    "wait timed out": timed_out,
    "wait capped by customTimeouts": capped_by_the_engine,
    "wait cancelled": cancelled,
    "endpoint: a stray path": lambda: classify(
        answer("UnknownOperationException", 404),
        Call("DescribePackageImportJob", endpoint=Endpoint(URL, "endpoint_url")),
    ),
    "endpoint: another server (404, no AWS error)": lambda: classify(
        answer("404", 404), Call("DescribePackageImportJob", endpoint=Endpoint(URL, "AWS_ENDPOINT_URL_PANORAMA"))
    ),
    "endpoint: 200 without a Panorama answer": lambda: unreadable_answer(
        Call("DescribePackageImportJob", endpoint=Endpoint(URL, "panorama-import-gate:endpointUrl")),
        {},
        "missing 'JobId'",
    ),
    "endpoint: TLS mismatch": lambda: classify(
        SSLError(endpoint_url=URL, error="[SSL: WRONG_VERSION_NUMBER] wrong version number"),
        Call("DescribePackageImportJob", endpoint=Endpoint(URL, "endpoint_url")),
    ),
    "endpoint: unreachable": lambda: classify(
        EndpointConnectionError(endpoint_url=URL),
        Call("DescribePackageImportJob", endpoint=Endpoint(URL, "endpoint_url")),
    ),
    "throttled after retries": lambda: classify(
        answer("ThrottlingException", 429, "Rate exceeded"), Call("DescribePackageImportJob")
    ),
    "429 without an AWS error after retries": lambda: classify(
        answer("429", 429), Call("DescribePackageImportJob", endpoint=Endpoint(URL, None))
    ),
    "service error after retries": lambda: classify(
        answer("InternalServerException", 500, "Internal error."), Call("DescribePackageImportJob")
    ),
    "5xx without an AWS error": lambda: classify(
        answer("502", 502), Call("DescribePackageImportJob", endpoint=Endpoint(URL, None))
    ),
    "read timeout": lambda: classify(ReadTimeoutError(endpoint_url=URL), Call("DescribePackageImportJob")),
    "access denied": lambda: classify(
        answer("AccessDeniedException", 403, "Not authorized."), Call("DescribePackageImportJob")
    ),
    "expired credentials": lambda: classify(
        answer("ExpiredTokenException", 403, "The token expired."), Call("ListPackageImportJobs")
    ),
    "request rejected": lambda: classify(
        answer("ValidationException", 400, "JobTags has too many entries."), Call("CreatePackageImportJob")
    ),
    "no Panorama model": lambda: classify(
        UnknownServiceError(service_name="panorama", known_service_names="s3"), Call("client")
    ),
}

CHECKS: dict[str, Callable[[], list[Failure]]] = {
    "job_id breaks its pattern": lambda: failures({p.JOB_ID: "bad id!"}),
    "job_id and the creation inputs": lambda: failures({p.JOB_ID: JOB, **CREATE}),
    "a creation-only input beside job_id": lambda: failures({p.JOB_ID: JOB, p.MARK_LATEST: True}),
    "a creation input missing": lambda: failures({k: v for k, v in CREATE.items() if k != p.INPUT_S3_KEY}),
    "minimum delay above the maximum": lambda: failures({p.JOB_ID: JOB, p.POLL_MIN_DELAY: 5, p.POLL_MAX_DELAY: 2}),
    "a number given as a string": lambda: failures({p.JOB_ID: JOB, p.WAIT_TIMEOUT: "60"}),
    "a negative timeout": lambda: failures({p.JOB_ID: JOB, p.WAIT_TIMEOUT: -1}),
    "too many tags": lambda: failures({**CREATE, p.JOB_TAGS: {f"k{i}": "v" for i in range(51)}}),
    "a secret input breaks its rule": lambda: failures({**CREATE, p.CLIENT_TOKEN: "not a token!"}, (p.CLIENT_TOKEN,)),
    "no region (Python)": lambda: failures(CREATE, config_region=None),
    "no region (plugin)": lambda: failures(CREATE, config_region=None, region_key="panorama-import-gate:region"),
    "a malformed region input": lambda: failures({**CREATE, p.REGION: "us west 2"}),
    "a region no partition names so": lambda: failures({**CREATE, p.REGION: "us-east1"}),
    "a malformed configured region": lambda: failures(CREATE, config_region="us east 1"),
    "a malformed endpoint": lambda: failures({**CREATE, p.ENDPOINT_URL: "ftp://127.0.0.1/"}),
    "function: name without version": lambda: check_lookup({p.PACKAGE_NAME: "camera-app"})[1],
    "function: both ways": lambda: check_lookup({p.JOB_ID: JOB, p.PACKAGE_VERSION: "1.0"})[1],
}


def stubbed_failed() -> Any:
    client = botocore.session.get_session().create_client(
        "panorama", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    stubber = Stubber(client)
    response = {
        "JobId": JOB, "JobType": "NODE_PACKAGE_VERSION", "InputConfig": {}, "OutputConfig": {},
        "Output": {"PackageId": "package-1", "PackageVersion": "1.0", "PatchVersion": "abc123",
                   "OutputS3Location": {"BucketName": "out", "ObjectKey": "pkg"}},
        "CreatedTime": CREATED, "LastUpdatedTime": CREATED, "Status": "FAILED",
        "StatusMessage": "Manifest check failed: the asset list names a missing file.",
    }  # fmt: skip
    stubber.add_response("describe_package_import_job", response, {"JobId": JOB})
    stubber.activate()
    return client


# -- progress lines ------------------------------------------------------------------------------------
def lines_of(passing: bool, statuses: tuple[tuple[str, float], ...]) -> list[str]:
    sent: list[str] = []
    clock = Clock()
    progress = ProgressLines(lambda line, _ephemeral: sent.append(line), "camera-app", passing=passing, clock=clock)
    for status, at in statuses:
        clock.now = at
        progress(job(status), at)
    return sent


def cli_log_lines() -> list[str]:
    import io

    clock, out = Clock(), io.StringIO()
    watch = Watch([JOB, "pij-done"], clock)
    LogLines(watch, out, heartbeat=60)
    watch.observe(job("PENDING"), 0)
    watch.observe(ImportJob(**{**job("SUCCEEDED").__dict__, "job_id": "pij-done"}), 0)
    clock.now = 130
    watch.observe(job("SUCCEEDED"), 130)
    return out.getvalue().splitlines()


PROGRESS: dict[str, Callable[[], list[str]]] = {
    "plugin rows (passing)": lambda: lines_of(True, (("PENDING", 0.0), ("SUCCEEDED", 75.0))),
    "Python stack row (lasting)": lambda: lines_of(False, (("PENDING", 0.0), ("FAILED", 3720.0))),
    "already done at the first look": lambda: lines_of(False, (("SUCCEEDED", 0.0),)),
    "CLI log lines": cli_log_lines,
    "CLI heartbeats": lambda: [
        line
        for line in (
            heartbeat_line([_view(JOB)], 60),
            heartbeat_line([_view(f"pij-{i}") for i in range(5)], 125),
        )
        if line
    ],
    "function warning (plugin)": lambda: [_spell(unchecked_warning(job("FAILED"), LookupArgs(job_id=JOB)))],
}


def _view(job_id: str) -> Any:
    from components.cli.view import JobView

    return JobView(job_id, status="PENDING")


def _spell(text: str | None) -> str:
    from components.core.errors import spell

    return spell(text or "", p.camel)


# -- the command line's own refusals (parsed in-process: no call is made) --------------------------------
CLI: dict[str, list[str]] = {
    "a malformed job ID": ["describe", "bad id!"],
    "a negative --timeout": ["wait", JOB, "--timeout", "-1"],
    "--min-delay above --max-delay": ["wait", JOB, "--min-delay", "5", "--max-delay", "2"],
    "a bad --heartbeat": ["wait", JOB, "--heartbeat", "soon"],
    "a region no partition names so": ["describe", JOB, "--region", "us-east1"],
    "a malformed --endpoint-url": ["describe", JOB, "--endpoint-url", "ftp://127.0.0.1/"],
    "find without --package-version": ["find", "--package-name", "camera-app"],
    "find -v (removed in 0.4)": ["find", "--package-name", "camera-app", "-v", "1.0"],
    "an unknown command": ["bogus"],
    "no region anywhere": ["describe", JOB],
}


def cli_said(argv: list[str]) -> dict[str, Any]:
    import io

    from components.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    code = run(argv, out=out, err=err)
    return {"exit": code, "stderr": err.getvalue().splitlines()}


OTHER: dict[str, Callable[[], str]] = {
    "why a Python gate is replaced": lambda: str(
        Lifecycle(config_region="us-east-1")
        .diff(state_of({p.INPUTS: {p.JOB_ID: JOB, p.REGION: "us-east-1"}}), Inputs(job_id="pij-2"))
        .reason("camera-app")
    ),
    "deleting gates": lambda: __import__("components.core.lifecycle", fromlist=["FORGOTTEN"]).FORGOTTEN,
}


# -- rendering and comparing ---------------------------------------------------------------------------
def rendered() -> dict[str, dict[str, Any]]:
    """Every message as each front end shows it."""
    messages: dict[str, dict[str, Any]] = {}
    for name, make in ERRORS.items():
        error = make()
        messages[f"error: {name}"] = {
            "python": str(error),
            "plugin": error.spelled(p.camel),
            "cli": f"error: {error.spelled(flag)}",
        }
    for name, check in CHECKS.items():
        found = check()
        messages[f"check: {name}"] = {
            "python": [f"{f.property}: {f.reason}" for f in found],
            "plugin": [f"{p.camel(f.property)}: {f.spelled(p.camel)}" for f in found],
        }
    for name, make_lines in PROGRESS.items():
        messages[f"progress: {name}"] = {"lines": make_lines()}
    for name, argv in CLI.items():
        messages[f"cli: {name}"] = cli_said(argv)
    for name, make_text in OTHER.items():
        messages[f"note: {name}"] = {"text": make_text()}
    return messages


def test_every_message_users_read_is_the_pinned_one(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in (
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_PANORAMA",
    ):
        monkeypatch.delenv(variable, raising=False)
    now = rendered()
    if os.environ.get("GATE_UPDATE_GOLDENS") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(now, indent=2, ensure_ascii=False) + "\n")
    pinned = json.loads(GOLDEN.read_text())
    changed = {
        name: {"pinned": pinned.get(name), "now": text} for name, text in now.items() if pinned.get(name) != text
    }
    gone = sorted(set(pinned) - set(now))
    assert not changed and not gone, json.dumps({"changed": changed, "gone": gone}, indent=2, ensure_ascii=False)


def test_no_message_is_empty_spans_lines_or_shows_a_python_object() -> None:
    for name, shown in rendered().items():
        for text in _texts({k: v for k, v in shown.items() if k != "exit"}):
            assert text and "\n" not in text and "\x1f" not in text, (name, text)
            assert "Traceback" not in text and "object at 0x" not in text, (name, text)


def _texts(shown: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in shown.values():
        found.extend(value if isinstance(value, list) else [value])
    return found
