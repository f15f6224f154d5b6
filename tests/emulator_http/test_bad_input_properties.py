"""Property tests over every entry point that takes user input: each input is either
accepted and answered correctly, or rejected before any API call with a message
naming the field. Each test asserts it ran at least 1,000 generated cases."""

from __future__ import annotations

import http.client
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.cli.main import run
from components.core import table as p
from components.provider import PackageImportJobProvider
from emulator.testing import EmulatorProcess

CASES = 1000
PROPERTY_SETTINGS = settings(
    max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
ID = re.compile(r"[a-zA-Z0-9\-_]+")

# -- strategies ----------------------------------------------------------------------
ids = st.from_regex(r"[a-zA-Z0-9_-]{1,20}", fullmatch=True)
texts = st.one_of(st.text(max_size=70), st.text(alphabet="ab-_\n/ .9", max_size=300), ids)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True), texts)
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(texts, scalars, max_size=3))
durations = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, -1, 0, 1.5, True]), st.floats(allow_nan=True), values
)
tag_maps = st.dictionaries(st.text(max_size=130), st.text(max_size=260), max_size=55)
FIELDS = {
    p.JOB_ID: st.one_of(ids, values),
    p.CLIENT_TOKEN: st.one_of(ids, values),
    p.INPUT_S3_BUCKET: st.one_of(ids, values),
    p.INPUT_S3_KEY: st.one_of(ids, values),
    p.INPUT_S3_REGION: st.one_of(ids, values),
    p.OUTPUT_PACKAGE_NAME: st.one_of(ids, values),
    p.OUTPUT_PACKAGE_VERSION: st.one_of(st.from_regex(r"[0-9]{1,3}\.[0-9]{1,3}", fullmatch=True), values),
    p.JOB_TYPE: st.one_of(st.sampled_from(["NODE_PACKAGE_VERSION", "MARKETPLACE_NODE_PACKAGE_VERSION"]), values),
    p.MARK_LATEST: values,
    p.JOB_TAGS: st.one_of(tag_maps, values),
    p.WAIT_TIMEOUT: durations,
    p.POLL_MIN_DELAY: durations,
    p.POLL_MAX_DELAY: durations,
    p.REQUIRE_SUCCEEDED: values,
}


# -- an independent oracle of the resource rules ----------------------------------
def _string(value: Any, low: int, high: int, pattern: str = r".+") -> bool:
    return isinstance(value, str) and low <= len(value) <= high and re.fullmatch(pattern, value) is not None


def field_ok(name: str, value: Any) -> bool:
    rules = {
        p.JOB_ID: lambda v: _string(v, 1, 255, ID.pattern),
        p.CLIENT_TOKEN: lambda v: _string(v, 1, 64, ID.pattern),
        p.OUTPUT_PACKAGE_NAME: lambda v: _string(v, 1, 128, ID.pattern),
        p.OUTPUT_PACKAGE_VERSION: lambda v: _string(v, 1, 255, r"([0-9]+)\.([0-9]+)"),
        p.INPUT_S3_BUCKET: lambda v: _string(v, 1, 255),
        p.INPUT_S3_KEY: lambda v: _string(v, 1, 255),
        p.INPUT_S3_REGION: lambda v: _string(v, 1, 255),
        p.JOB_TYPE: lambda v: v in ("NODE_PACKAGE_VERSION", "MARKETPLACE_NODE_PACKAGE_VERSION"),
        p.JOB_TAGS: lambda v: (
            isinstance(v, dict)
            and len(v) <= 50
            and all(_string(k, 1, 128) and _string(x, 0, 256, r".*") for k, x in v.items())
        ),
        p.MARK_LATEST: lambda v: isinstance(v, bool),
        p.REQUIRE_SUCCEEDED: lambda v: isinstance(v, bool),
    }
    if value is None:
        return True
    if name == p.WAIT_TIMEOUT:
        return _number(value) and value >= 0
    if name in (p.POLL_MIN_DELAY, p.POLL_MAX_DELAY):
        return _number(value) and value > 0  # a zero poll delay would poll in a busy loop
    return bool(rules[name](value))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def delays_ok(news: dict[str, Any]) -> bool:
    """The minimum poll delay may not exceed the maximum (defaults 0.5 and 10 stand in for omitted ones)."""
    low = news.get(p.POLL_MIN_DELAY)
    high = news.get(p.POLL_MAX_DELAY)
    low = 0.5 if low is None else low
    high = 10.0 if high is None else high
    return low <= high


def generated(name: str, prop: Callable[[], None], cases: list[int]) -> int:
    """Run a hypothesis property (it appends to ``cases`` once per case) and return how many ran.

    The count lives in the test that asserts it, so every test passes alone and in any order.
    """
    prop()
    print(f"\n{name}: {len(cases)} generated cases")
    return len(cases)


# -- 1. resource arguments through the provider's check --------------------------
def test_resource_arguments_through_check_made_1000_cases_and_no_api_calls(emulator: EmulatorProcess) -> None:
    cases: list[int] = []
    before = emulator.counters()["total"]

    @PROPERTY_SETTINGS
    @given(st.fixed_dictionaries({}, optional=FIELDS))
    def case(news: dict[str, Any]) -> None:
        cases.append(1)
        check_case(news)

    assert generated("check", case, cases) >= CASES
    assert emulator.counters()["total"] == before, "check must never call the API"


def check_case(news: dict[str, Any]) -> None:
    """One generated argument set: refused exactly when the independent oracle says so."""
    failures = PackageImportJobProvider().check({}, news).failures
    failed = {f.property for f in failures}
    for failure in failures:
        assert failure.property in FIELDS
        assert failure.reason and "\n" not in failure.reason
    bad_fields = {name for name, value in news.items() if not field_ok(name, value)}
    assert bad_fields <= failed, f"accepted invalid {bad_fields}"
    has_id = news.get(p.JOB_ID) is not None
    creation = [k for k in p.CREATION_REQUIRED if news.get(k) is not None]
    creation_only = [k for k in p.CREATION_ONLY if news.get(k) is not None]
    mode_ok = (has_id and not creation and not creation_only) or (
        not has_id and len(creation) == len(p.CREATION_REQUIRED)
    )
    if not bad_fields and mode_ok and delays_ok(news):
        assert failures == [], f"rejected valid input: {failures}"
    if not mode_ok or (not bad_fields and not delays_ok(news)):
        assert failures


# -- 2. CLI arguments ------------------------------------------------------------------
flags = st.sampled_from(
    [
        "--timeout",
        "--min-delay",
        "--max-delay",
        "--region",
        "--package-name",
        "--package-version",
        "-n",
        "-v",
        "--bogus",
    ]
)
numbers = st.one_of(
    st.sampled_from(["nan", "inf", "-inf", "0", "-1", "1e309", "0.001", ""]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-5, 5).map(str),
    texts,
)
options = st.lists(st.tuples(flags, numbers), max_size=3).map(lambda pairs: [item for pair in pairs for item in pair])
argv_lists = st.tuples(
    st.sampled_from(["describe", "wait", "find", "nope", ""]),
    st.lists(st.one_of(ids, texts), max_size=3),
    options,
    st.lists(st.sampled_from(["--json", "-j", "-h"]), max_size=1),
).map(lambda t: [t[0], *t[1], *t[2], *t[3]])


def test_cli_arguments_made_1000_cases(emulator: EmulatorProcess) -> None:
    cases: list[int] = []

    @PROPERTY_SETTINGS
    @given(argv=argv_lists)
    def case(argv: list[str]) -> None:
        cases.append(1)
        cli_case(argv, emulator)

    assert generated("cli", case, cases) >= CASES


def cli_case(argv: list[str], emulator: EmulatorProcess) -> None:
    """One generated argument list: a clean exit code, and a refusal never reaches the API."""
    out, err = io.StringIO(), io.StringIO()
    before = emulator.counters()["total"]
    # Generated options come last so they override the defaults given here.
    args = [argv[0], "--endpoint-url", emulator.url, *(["--timeout", "5"] if argv[0] == "wait" else []), *argv[1:]]
    try:
        code = run(args, out, err)
    except SystemExit as exit_:  # --help / -h prints help and exits 0
        assert exit_.code == 0
        return
    assert code in (0, 1, 2, 3, 4)
    assert "Traceback" not in err.getvalue()
    if code == 3:
        assert err.getvalue().startswith("error: ")
        assert emulator.counters()["total"] == before, "rejected input must not reach the API"


# -- 3. raw HTTP to the emulator ---------------------------------------------------------
VALID_BODY = {
    "ClientToken": "tok",
    "JobType": "NODE_PACKAGE_VERSION",
    "InputConfig": {"PackageVersionInputConfig": {"S3Location": {"BucketName": "b", "ObjectKey": "k"}}},
    "OutputConfig": {"PackageVersionOutputConfig": {"PackageName": "n", "PackageVersion": "1.0"}},
}
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3)
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["mutated", "json", "bytes", "empty"]))
    if kind == "mutated":
        body: dict[str, Any] = json.loads(json.dumps(VALID_BODY))
        body["ClientToken"] = draw(st.one_of(ids, texts))
        target = draw(st.sampled_from(["ClientToken", "JobType", "InputConfig", "OutputConfig", "JobTags", "Extra"]))
        body[target] = draw(json_values)
        return json.dumps(body).encode()
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    return b""


paths = st.one_of(
    st.just("/packages/import-jobs"),
    st.text(max_size=30).map(lambda s: "/packages/import-jobs/" + quote(s, safe="")),
    st.text(max_size=30).map(lambda s: "/packages/metadata/" + quote(s, safe="")),
    st.tuples(st.text(max_size=20), st.text(max_size=20)).map(
        lambda t: f"/packages/metadata/{quote(t[0], safe='')}/versions/{quote(t[1], safe='')}"
    ),
    st.just("/packages"),
    st.text(alphabet="/abcpk-_.%", max_size=40).map(lambda s: "/" + s).filter(lambda s: not s.startswith("/_emulator")),
)
queries = st.dictionaries(
    st.sampled_from(["MaxResults", "NextToken", "maxResults", "nextToken", "PatchVersion", "x"]),
    st.one_of(texts, st.integers(-100, 100).map(str)),
    max_size=3,
)


@pytest.fixture(scope="module")
def fuzz_emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess() as process:
        yield process


def test_emulator_http_requests_made_1000_cases_and_never_500(fuzz_emulator: EmulatorProcess) -> None:
    cases: list[int] = []

    @PROPERTY_SETTINGS
    @given(
        method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
        path=paths,
        query=queries,
        body=bodies(),
    )
    def case(method: str, path: str, query: dict[str, str], body: bytes) -> None:
        cases.append(1)
        http_case(method, path, query, body, fuzz_emulator)

    assert generated("http", case, cases) >= CASES
    responses = fuzz_emulator.counters()["responses"]
    assert "InternalServerException" not in responses


def http_case(method: str, path: str, query: dict[str, str], body: bytes, fuzz_emulator: EmulatorProcess) -> None:
    """One generated raw request: never a 5xx, and every error is AWS-style JSON."""
    target = urlsplit(fuzz_emulator.url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    url = path + ("?" + urlencode(query) if query else "")
    headers = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20261129/us-east-1/panorama/aws4_request"}
    try:
        connection.request(method, url, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    assert response.status < 500, (method, url, body, payload)
    if response.status >= 400:
        assert response.getheader("x-amzn-ErrorType")
        message = json.loads(payload)["Message"]
        assert message
        if "failed to satisfy constraint" in message:
            assert re.search(r"Value at '[^']+'", message), message
