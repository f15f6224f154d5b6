"""The HTTP server: parses requests, applies auth and faults, calls the backend,
and serializes answers the way the Panorama REST-JSON API does."""

from __future__ import annotations

import json
import re
import socket
import struct
import sys
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .exceptions import (
    AccessDeniedException,
    ExpiredTokenException,
    InternalServerException,
    MissingAuthenticationTokenException,
    PanoramaError,
    PayloadTooLargeException,
    ServiceUnavailableException,
    ThrottlingException,
    UnknownOperationException,
    ValidationException,
)
from .faults import Faults
from .models import Backend
from .routes import ADMIN_PREFIX, build_routes, match
from .servicemodel import panorama_model
from .validation import parse_request, parse_seed

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
_CREDENTIAL = re.compile(r"^AWS4-HMAC-SHA256 .*Credential=([^/,\s]+)/")
_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


def _snake(name: str) -> str:
    return _SNAKE.sub("_", name).lower()


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
    ) -> None:
        self.backend = backend
        self.faults = faults
        self.max_body_bytes = max_body_bytes
        self.routes = build_routes()
        self.model = panorama_model()
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

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        if self.server.log:
            self.server.log(format % args)

    # -- plumbing ----------------------------------------------------------------
    def _send(self, status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _send_error(self, error: PanoramaError) -> None:
        self.server.faults.record(error.code)
        self._send(error.status, error.body(), {"x-amzn-ErrorType": error.code, **error.headers})

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError as exc:
            raise ValidationException("Content-Length is not a number.", "CANNOT_PARSE") from exc
        if length > self.server.max_body_bytes:
            self.close_connection = True
            raise PayloadTooLargeException(f"Request body exceeds {self.server.max_body_bytes} bytes.")
        return self.rfile.read(length) if length > 0 else b""

    def _reset_connection(self, partial: bytes = b"") -> None:
        """Abort the TCP connection (RST), optionally after a partial response."""
        if partial:
            self.wfile.write(partial)
            self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    # -- dispatch ----------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        try:
            body = self._read_body()
            if url.path.startswith(ADMIN_PREFIX):
                status, answer = self._admin(method, url.path[len(ADMIN_PREFIX) :], body)
                self._send(status, answer)
            else:
                self._api(method, url.path, parse_qs(url.query, keep_blank_values=True), body)
        except PanoramaError as error:
            self._send_error(error)
        except Exception as exc:  # a bug in the emulator: answer 500 rather than hanging the client
            print(f"emulator: internal error on {method} {self.path}: {exc!r}", file=sys.stderr)
            self._send_error(InternalServerException("The emulator hit an internal error."))

    def _api(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> None:
        found = match(self.server.routes, method, path)
        if found is None:
            raise UnknownOperationException(f"No Panorama operation matches {method} {path}.")
        route, path_params = found
        faults = self.server.faults
        fault = faults.draw(route.operation)
        self._authorize(route.operation)
        if faults.latency_seconds():
            time.sleep(faults.latency_seconds())
        if fault == "drop":
            faults.record("dropped")
            self._reset_connection(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 512\r\n\r\n{")
            return
        if fault == "throttle":
            raise ThrottlingException("Rate exceeded.")
        if fault == "error":
            raise InternalServerException("An internal error occurred.", faults.retry_after())
        if fault == "unavailable":
            raise ServiceUnavailableException("Service is temporarily unavailable.")
        operation = self.server.model.operation_model(route.operation)
        params = parse_request(operation, path_params, query, body)
        handler = getattr(self.server.backend, _snake(route.operation))
        result = handler(params)
        if fault == "malformed":
            faults.record("malformed")
            payload = b'{"JobId": "truncated'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        faults.record("ok")
        self._send(200, result)

    def _authorize(self, operation: str) -> None:
        found = _CREDENTIAL.match(self.headers.get("Authorization", ""))
        if not found:
            raise MissingAuthenticationTokenException("Missing Authentication Token")
        if self.server.faults.expired(found.group(1)):
            raise ExpiredTokenException("The security token included in the request is expired")
        if self.server.faults.denied(operation):
            raise AccessDeniedException(
                f"User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: panorama:{operation}"
            )

    # -- admin -------------------------------------------------------------------
    def _admin(self, method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            data: Any = json.loads(body) if body.strip() else {}
        except ValueError as exc:
            raise ValidationException("Admin request body is not valid JSON.", "CANNOT_PARSE") from exc
        if not isinstance(data, dict):
            raise ValidationException("Admin request body must be a JSON object.", "CANNOT_PARSE")
        server = self.server
        if path == "health" and method == "GET":
            return 200, {"status": "ok", "jobs": len(server.backend.jobs)}
        if path == "counters":
            if method == "DELETE":
                server.faults.reset_counters()
            return 200, server.faults.counters()
        if path == "faults":
            if method in ("PUT", "POST"):
                try:
                    return 200, server.faults.set(data)
                except (TypeError, ValueError) as exc:
                    raise ValidationException(str(exc)) from exc
            return 200, server.faults.get()
        if path == "settings" and method in ("GET", "PUT"):
            return 200, server.backend.settings(data)
        if path == "manifests" and method in ("PUT", "POST"):
            return 200, server.backend.put_manifest(data)
        if path == "jobs" and method == "POST":
            # `CreatedSecondsAgo` (admin only) seeds a job that started earlier, e.g. one a pipeline adopts.
            age = data.pop("CreatedSecondsAgo", 0)
            if isinstance(age, bool) or not isinstance(age, (int, float)) or not 0 <= age <= 86400:
                raise ValidationException("CreatedSecondsAgo must be a number of seconds from 0 to 86400.")
            params, job_id = parse_seed(data)
            return 200, server.backend.create_package_import_job(params, job_id=job_id, age=float(age))
        if path.startswith("jobs/"):
            job_id = path[len("jobs/") :]
            if method == "PATCH":
                return 200, server.backend.patch_job(job_id, data)
            if method == "DELETE":
                server.backend.delete_job(job_id)
                return 200, {"deleted": job_id}
        raise UnknownOperationException(f"No emulator admin path matches {method} /_emulator/{path}.")
