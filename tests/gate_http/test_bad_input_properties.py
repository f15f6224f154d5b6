"""Property tests over every entry point of the gate that takes user input: each input is either
accepted and answered correctly, or rejected before any API call with a message
naming the field. Each test asserts it ran at least 1,000 generated cases (the emulator's own
fuzzing is tests/emulator/test_fuzzed_requests.py)."""

from __future__ import annotations

import io
import math
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from components.cli.main import run
from components.core import table as p
from components.provider import PackageImportJobProvider
from emulator.testing import EmulatorProcess
from tests.properties import CASES, PROPERTY_SETTINGS, generated, ids, scalars, texts

ID = re.compile(r"[a-zA-Z0-9\-_]+")

# -- strategies ----------------------------------------------------------------------
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
