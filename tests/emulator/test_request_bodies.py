"""Request bodies over raw HTTP: chunked bodies are decoded, the size limit holds for every
framing, and a refused body is answered in JSON on a connection that then closes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from emulator.testing import EmulatorProcess
from tests.emulator.helpers import SIGNED, answers, create_request, exchange, raw
from tests.support import emulator_client

LIMIT = 256  # --max-body-bytes of the `limited` emulator


@pytest.fixture(scope="module")
def limited() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--max-body-bytes", str(LIMIT)) as process:
        yield process


def head(method: str, path: str, *extra: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: emulator", *(f"{k}: {v}" for k, v in SIGNED.items()), *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def chunked(*pieces: bytes, trailer: bytes = b"") -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n" + trailer + b"\r\n"


def test_a_chunked_create_is_decoded_and_nothing_is_left_over(emulator: EmulatorProcess) -> None:
    body = json.dumps(create_request("chunked-create", version="7.1")).encode()
    create = head("POST", "/packages/import-jobs", "Transfer-Encoding: chunked") + chunked(
        body[:10], body[10:50], body[50:], trailer=b"X-Trailer: ignored\r\n"
    )
    listing = head("GET", "/packages/import-jobs?MaxResults=1", "Connection: close")
    received = exchange(emulator.url, create + listing)  # both on one connection
    [(status, headers, payload), (next_status, _, _)] = answers(received)
    assert (status, headers["content-type"], next_status) == (200, "application/json", 200)
    described = emulator_client(emulator).describe_package_import_job(JobId=json.loads(payload)["JobId"])
    assert (described["ClientToken"], described["OutputConfig"]["PackageVersionOutputConfig"]["PackageVersion"]) == (
        "chunked-create",
        "7.1",
    )


def test_a_chunk_extension_is_ignored(emulator: EmulatorProcess) -> None:
    request = head("GET", "/packages/import-jobs", "Transfer-Encoding: chunked", "Connection: close")
    [(status, _, payload)] = answers(exchange(emulator.url, request + b"2;name=value\r\n{}\r\n0\r\n\r\n"))
    assert status == 200 and "PackageImportJobs" in json.loads(payload)


@pytest.mark.parametrize(
    "body",
    [b"zz\r\n{}\r\n0\r\n\r\n", b"2\r\n{}0\r\n\r\n", b"10\r\n{}", b"2\r\n{}\r\n"],
    ids=["size-not-hex", "no-crlf-after-data", "ends-inside-a-chunk", "ends-before-the-last-chunk"],
)
def test_a_malformed_chunked_body_is_a_json_400_and_the_connection_closes(
    emulator: EmulatorProcess, body: bytes
) -> None:
    request = head("POST", "/packages/import-jobs", "Transfer-Encoding: chunked")
    [(status, headers, payload)] = answers(exchange(emulator.url, request + body))
    assert (status, headers["x-amzn-errortype"], headers["connection"]) == (400, "ValidationException", "close")
    assert json.loads(payload)["Reason"] == "CANNOT_PARSE"


def test_an_unsupported_transfer_encoding_is_refused_in_json(emulator: EmulatorProcess) -> None:
    request = head("POST", "/packages/import-jobs", "Transfer-Encoding: gzip, chunked")
    [(status, headers, payload)] = answers(exchange(emulator.url, request + chunked(b"{}")))
    assert (status, headers["x-amzn-errortype"], headers["connection"]) == (400, "ValidationException", "close")
    assert "gzip" in json.loads(payload)["Message"]


@pytest.mark.parametrize("framing", ["content-length", "chunked-one-chunk", "chunked-many-chunks"], ids=lambda f: f)
def test_the_size_limit_holds_for_every_framing(limited: EmulatorProcess, framing: str) -> None:
    body = b" " * (LIMIT + 1)
    if framing == "content-length":
        request = head("POST", "/packages/import-jobs", f"Content-Length: {len(body)}") + body
    elif framing == "chunked-one-chunk":
        request = head("POST", "/packages/import-jobs", "Transfer-Encoding: chunked") + chunked(body)
    else:
        pieces = [body[i : i + 10] for i in range(0, len(body), 10)]
        request = head("POST", "/packages/import-jobs", "Transfer-Encoding: chunked") + chunked(*pieces)
    [(status, headers, _)] = answers(exchange(limited.url, request))
    assert (status, headers["x-amzn-errortype"], headers["connection"]) == (413, "PayloadTooLargeException", "close")


def test_a_chunked_body_at_the_limit_is_accepted(limited: EmulatorProcess) -> None:
    body = b"{}" + b" " * (LIMIT - 2)
    request = head("GET", "/packages/import-jobs", "Transfer-Encoding: chunked", "Connection: close")
    [(status, _, _)] = answers(exchange(limited.url, request + chunked(body[:100], body[100:])))
    assert status == 200


def test_an_oversized_body_is_read_then_refused_so_the_client_gets_the_answer(emulator: EmulatorProcess) -> None:
    # 4 MiB over the default 1 MiB limit: the server reads (and drops) it, then answers 413.
    status, headers, _ = raw(f"{emulator.url}/packages/import-jobs", "POST", b" " * (4 * 1024 * 1024))
    assert (status, headers["x-amzn-ErrorType"]) == (413, "PayloadTooLargeException")


def test_a_body_too_large_to_read_is_refused_from_the_headers_alone(emulator: EmulatorProcess) -> None:
    # Announced, never sent: the server answers from the headers and closes.
    request = head("POST", "/packages/import-jobs", f"Content-Length: {1 << 40}")
    [(status, headers, _)] = answers(exchange(emulator.url, request))
    assert (status, headers["x-amzn-errortype"], headers["connection"]) == (413, "PayloadTooLargeException", "close")
