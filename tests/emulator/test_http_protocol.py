"""The emulator's HTTP layer: every answer is AWS-style JSON, whatever the request."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from emulator.testing import EmulatorProcess
from tests.emulator.helpers import SIGNED, answers, exchange


def connect(emulator: EmulatorProcess) -> http.client.HTTPConnection:
    target = urlsplit(emulator.url)
    return http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=10)


def assert_aws_error(status: int, headers: dict[str, str], body: bytes, expected_status: int) -> None:
    assert status == expected_status
    assert headers["content-type"] == "application/json"
    assert headers["x-amzn-errortype"]
    assert json.loads(body)["Message"]


@pytest.mark.parametrize("path", ["/packages/import-jobs", "/_emulator/health"], ids=["api-path", "admin-path"])
@pytest.mark.parametrize("method", ["OPTIONS", "PROPFIND", "TRACE", "BREW"])
def test_a_method_no_operation_uses_is_unknown_operation_json(
    emulator: EmulatorProcess, method: str, path: str
) -> None:
    connection = connect(emulator)
    try:
        connection.request(method, path, headers=SIGNED)
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        assert_aws_error(response.status, headers, response.read(), 404)
        assert headers["x-amzn-errortype"] == "UnknownOperationException"
    finally:
        connection.close()


def test_head_gets_json_headers_without_a_body_and_the_connection_stays_usable(emulator: EmulatorProcess) -> None:
    connection = connect(emulator)
    try:
        connection.request("HEAD", "/packages/import-jobs", headers=SIGNED)
        response = connection.getresponse()
        assert response.read() == b""
        assert (response.status, response.getheader("Content-Type")) == (404, "application/json")
        assert response.getheader("x-amzn-ErrorType") == "UnknownOperationException"
        connection.request("GET", "/packages/import-jobs", headers=SIGNED)  # same connection: nothing stray on it
        follow_up = connection.getresponse()
        assert (follow_up.status, "PackageImportJobs" in json.loads(follow_up.read())) == (200, True)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NONSENSE\r\n\r\n", 400),
        (b"GET /packages HTTP/2.0\r\n\r\n", 505),
        (b"GET /" + b"a" * (65537 - 5), 414),  # exactly what the server reads before it refuses
        (b"GET /packages HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n", 431),
    ],
    ids=["bad-request-line", "unsupported-http-version", "request-line-too-long", "too-many-headers"],
)
def test_a_request_http_server_cannot_parse_gets_a_json_answer(
    emulator: EmulatorProcess, request_bytes: bytes, status: int
) -> None:
    received = exchange(emulator.url, request_bytes)
    assert b"<html" not in received.lower()
    [(got, headers, body)] = answers(received)
    assert_aws_error(got, headers, body, status)
    assert headers["connection"] == "close"
