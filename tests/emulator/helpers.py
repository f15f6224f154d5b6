"""Requests the emulator tests send: a CreatePackageImportJob body, urllib for whole requests,
and a raw socket for requests http clients will not send (chunked, odd methods, headers only)."""

from __future__ import annotations

import contextlib
import socket
import urllib.error
import urllib.request
import uuid
from typing import Any
from urllib.parse import urlsplit

#: A SigV4 Authorization header as far as the emulator checks it (the credential's access key).
SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAFAKE/20261129/us-east-1/panorama/aws4_request"}


def create_request(token: str, version: str = "1.0", **tags: str) -> dict[str, Any]:
    request: dict[str, Any] = {
        "ClientToken": token,
        "JobType": "NODE_PACKAGE_VERSION",
        "InputConfig": {"PackageVersionInputConfig": {"S3Location": {"BucketName": "b", "ObjectKey": "k.json"}}},
        "OutputConfig": {"PackageVersionOutputConfig": {"PackageName": "api-pkg", "PackageVersion": version}},
    }
    if tags:
        request["JobTags"] = [{"ResourceType": "PACKAGE", "Tags": tags}]
    return request


def raw(
    url: str, method: str = "GET", body: bytes | None = None, signed: bool = True
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/json", **(SIGNED if signed else {})}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def exchange(url: str, data: bytes, timeout: float = 10) -> bytes:
    """Send ``data`` as is on one connection, half-close it, and return all the server sends back."""
    target = urlsplit(url)
    with socket.create_connection((target.hostname or "127.0.0.1", target.port or 80), timeout=timeout) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def answers(data: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Split what a server sent on one connection into (status, headers, body) answers, by Content-Length."""
    found = []
    while data:
        head, separator, data = data.partition(b"\r\n\r\n")
        assert separator, f"not an HTTP answer: {head[:200]!r}"
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
        length = int(headers.get("content-length", "0"))
        found.append((int(status_line.split()[1]), headers, data[:length]))
        data = data[length:]
    return found


def unique(prefix: str) -> str:
    """A ClientToken or name no other test (or earlier run on the same emulator) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def non_loopback_ipv4() -> str | None:
    """An IPv4 address of this host that is not loopback, or None if it has none."""
    candidates: list[str] = []
    with contextlib.suppress(OSError):
        candidates.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    for remote in ("192.0.2.1", "10.255.255.255"):  # connecting UDP sends nothing; it only picks the source
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, contextlib.suppress(OSError):
            probe.connect((remote, 9))
            candidates.append(probe.getsockname()[0])
    return next((a for a in candidates if not a.startswith("127.") and a != "0.0.0.0"), None)
