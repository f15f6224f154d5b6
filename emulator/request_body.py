"""Reading a request body: by Content-Length or chunked (Transfer-Encoding), never more than
the server's limit. Any error raised here leaves the connection's framing unknown: close it."""

from __future__ import annotations

import re
from email.message import Message
from io import BufferedIOBase

from .exceptions import PayloadTooLargeException, ValidationException

#: How far past the limit an oversized body is still read (and thrown away) before the 413, so the
#: client finishes sending and reads the answer instead of a reset connection.
DRAIN_BYTES = 16 * 1024 * 1024
_MAX_LINE = 4096
_CHUNK_SIZE = re.compile(rb"^([0-9A-Fa-f]{1,16})(?:;[^\r\n]*)?\r?\n$")


def read_body(rfile: BufferedIOBase, headers: Message, limit: int) -> bytes:
    """The request body; PayloadTooLargeException past ``limit``, ValidationException if unreadable."""
    encodings = [e.strip().lower() for e in ",".join(headers.get_all("Transfer-Encoding") or []).split(",")]
    if encodings != [""]:
        if encodings != ["chunked"]:
            raise ValidationException(f"Transfer-Encoding {', '.join(encodings)} is not supported.", "CANNOT_PARSE")
        return _read_chunked(rfile, limit)
    try:
        length = int(headers.get("Content-Length") or 0)
    except ValueError as exc:
        raise ValidationException("Content-Length is not a number.", "CANNOT_PARSE") from exc
    if length > limit:
        if length <= limit + DRAIN_BYTES:
            _discard(rfile, length)
        raise _too_large(limit)
    return rfile.read(length) if length > 0 else b""


def _too_large(limit: int) -> PayloadTooLargeException:
    return PayloadTooLargeException(f"Request body exceeds {limit} bytes.")


def _discard(rfile: BufferedIOBase, count: int) -> None:
    while count > 0 and (piece := rfile.read(min(count, 65536))):
        count -= len(piece)


def _read_chunked(rfile: BufferedIOBase, limit: int) -> bytes:
    """Decode ``size CRLF data CRLF`` chunks up to the ``0`` chunk and its trailers (ignored)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        line = rfile.readline(_MAX_LINE)
        found = _CHUNK_SIZE.match(line)
        if not found:
            raise ValidationException("The chunked request body is malformed.", "CANNOT_PARSE")
        size = int(found.group(1), 16)
        if size == 0:
            break
        total += size
        if total > limit + DRAIN_BYTES:
            raise _too_large(limit)
        data = rfile.read(size)
        if len(data) < size or rfile.read(2) != b"\r\n":
            raise ValidationException("The chunked request body is malformed.", "CANNOT_PARSE")
        if total <= limit:
            chunks.append(data)
    while (trailer := rfile.readline(_MAX_LINE)) not in (b"\r\n", b"\n"):
        if not trailer.endswith(b"\n"):
            raise ValidationException("The chunked request body is malformed.", "CANNOT_PARSE")
    if total > limit:
        raise _too_large(limit)
    return b"".join(chunks)
