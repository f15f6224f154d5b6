"""NextTokens of the List operations: opaque, signed by the emulator process that issued them for
one operation, and refused (ValidationException) when forged, garbled or out of range."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import TypeVar

from .exceptions import ValidationException

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 25  # MaxResults 0 or absent: the service default
_MAC_BYTES = 16


class Pager:
    """Cuts listings into pages. Tokens hold the next offset and a MAC over (operation, offset)."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def page(
        self, operation: str, items: list[T], max_results: int | None, token: str | None
    ) -> tuple[list[T], str | None]:
        """The page a request asks for, and the token of the next page (None on the last page)."""
        start = 0 if token is None else self._offset(operation, token, len(items))
        end = start + (max_results or DEFAULT_PAGE_SIZE)
        return items[start:end], (self._token(operation, end) if end < len(items) else None)

    def _mac(self, operation: str, offset: int) -> bytes:
        return hmac.new(self._key, f"{operation}:{offset}".encode(), hashlib.sha256).digest()[:_MAC_BYTES]

    def _token(self, operation: str, offset: int) -> str:
        raw = offset.to_bytes(4, "big") + self._mac(operation, offset)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _offset(self, operation: str, token: str, count: int) -> int:
        """The offset an issued token stands for: the token must be exactly as issued, inside the listing."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            raw = b""
        offset = int.from_bytes(raw[:4], "big")
        issued = hmac.compare_digest(token.encode(), self._token(operation, offset).encode())
        if not issued or not 0 < offset < count:
            raise ValidationException("The NextToken is invalid or expired.")
        return offset
