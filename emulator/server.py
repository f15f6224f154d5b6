"""The HTTP server, and only HTTP: read the body, authorize, apply quotas and faults, route, write JSON.
What an operation answers is the responses layer's business; the admin API is `admin.py`'s."""

from __future__ import annotations

import json
import socket
import struct
import sys
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from . import admin
from .auth import authorize
from .exceptions import (
    InternalServerException,
    PanoramaError,
    ThrottlingException,
    UnknownOperationException,
    ValidationException,
)
from .faults import Faults
from .models import Backend
from .quotas import Quotas
from .request_body import read_body
from .responses import PanoramaResponse
from .routes import match

DEFAULT_MAX_BODY_BYTES = 1024 * 1024


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(
        self,
        address: tuple[str, int],
        backend: Backend,
        faults: Faults,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        log: Callable[[str], None] | None = None,
        *,
        quotas: Quotas | None = None,
    ) -> None:
        self.backend = backend
        self.faults = faults
        self.quotas = quotas or Quotas()
        self.max_body_bytes = max_body_bytes
        self.api = PanoramaResponse(backend)
        self.admin = admin.Admin(backend, faults, self.quotas)
        self.log = log
        super().__init__(address, Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class Handler(BaseHTTPRequestHandler):
    server: EmulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "panorama-emulator"
    # An answer is two writes (headers, then body): with Nagle's algorithm the body waits for the client's
    # delayed ACK (40 ms on Linux) on every request of a kept-alive connection, which AWS does not do.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        if self.server.log:
            self.server.log(format % args)

    # -- writing -----------------------------------------------------------------
    def _write(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":  # a HEAD answer has the headers of the body it does not send
            self.wfile.write(payload)

    def _send(self, status: int, body: dict[str, Any]) -> None:
        self._write(status, json.dumps(body).encode())

    def _send_error(self, error: PanoramaError) -> None:
        self.server.faults.record(error.code)
        headers = {"x-amzn-ErrorType": error.code, **error.headers}
        self._write(error.status, json.dumps(error.body()).encode(), headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server answers by itself (a request line or headers it cannot parse): JSON, not HTML."""
        self.log_error("code %d, message %s", code, message)
        # An unparsable request line leaves the HTTP/0.9 default, which would suppress the status line.
        if self.request_version == self.default_request_version:
            self.request_version = ""
        error = ValidationException(message or self.responses.get(code, ("Bad request",))[0], "CANNOT_PARSE")
        error.status = code
        self.close_connection = True
        self._send_error(error)

    def _reset_connection(self, partial: bytes = b"") -> None:
        """Abort the TCP connection (RST), optionally after a partial response."""
        if partial:
            self.wfile.write(partial)
            self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    # -- dispatch ----------------------------------------------------------------
    if not TYPE_CHECKING:  # hidden from mypy, which would otherwise take any attribute for a method

        def __getattr__(self, name: str) -> Callable[[], None]:
            """``do_<METHOD>`` for every method (HEAD, OPTIONS, PROPFIND, ...): all get a JSON answer."""
            if name.startswith("do_"):
                return lambda: self._dispatch(name[3:])
            raise AttributeError(name)

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        try:
            body = read_body(self.rfile, self.headers, self.server.max_body_bytes)
        except PanoramaError as error:
            self.close_connection = True  # what follows cannot be told apart from a next request
            self._send_error(error)
            return
        try:
            if url.path.startswith(admin.ADMIN_PREFIX):
                self._send(200, admin.handle(self.server.admin, method, url.path[len(admin.ADMIN_PREFIX) :], body))
            else:
                self._api(method, url.path, parse_qs(url.query, keep_blank_values=True), body)
        except PanoramaError as error:
            self._send_error(error)
        except Exception as exc:  # a bug in the emulator: answer 500 rather than hanging the client
            print(f"emulator: internal error on {method} {self.path}: {exc!r}", file=sys.stderr)
            self._send_error(InternalServerException("The emulator hit an internal error."))

    def _api(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> None:
        found = match(method, path)
        if found is None:
            raise UnknownOperationException(f"No Panorama operation matches {method} {path}.")
        route, path_params = found
        faults = self.server.faults
        faults.count(route.operation)
        # Authorization first: a refused request never uses up a quota's token or an armed fault.
        credential = authorize(self.headers.get("Authorization", ""), route.operation, faults)
        if not self.server.quotas.admit(credential.access_key, route.operation):
            raise ThrottlingException("Rate exceeded")
        fault = faults.draw(route.operation)
        if faults.latency_seconds():
            time.sleep(faults.latency_seconds())
        if fault and fault.error:
            raise fault.error(faults)
        if fault and fault.reset_after is not None:
            faults.record(fault.outcome)
            self._reset_connection(fault.reset_after)
            return
        status, result = self.server.api.call(route, path_params, query, body, credential.region)
        if fault and fault.body is not None:
            faults.record(fault.outcome)
            self._write(200, fault.body)
            return
        faults.record("ok")
        self._send(status, result)
