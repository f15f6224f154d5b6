"""Generated raw requests to the emulator: never a 5xx, every error AWS-style JSON that names the field."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator.testing import EmulatorProcess
from tests.properties import CASES, PROPERTY_SETTINGS, generated, ids, scalars, texts

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


def test_raw_requests_made_1000_cases_and_never_500(fuzz_emulator: EmulatorProcess) -> None:
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
