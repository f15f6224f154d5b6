"""Who may call an operation: a SigV4 `Authorization` header (not verified, as the emulator
holds no secrets), then the expired keys and denied operations set through the faults."""

from __future__ import annotations

import re

from .exceptions import AccessDeniedException, ExpiredTokenException, MissingAuthenticationTokenException
from .faults import Faults
from .models import ACCOUNT_ID

_CREDENTIAL = re.compile(r"^AWS4-HMAC-SHA256 .*Credential=([^/,\s]+)/")


def authorize(authorization: str, operation: str, faults: Faults) -> None:
    """Raise the error AWS answers when this request may not call ``operation``."""
    found = _CREDENTIAL.match(authorization)
    if not found:
        raise MissingAuthenticationTokenException("Missing Authentication Token")
    if faults.expired(found.group(1)):
        raise ExpiredTokenException("The security token included in the request is expired")
    if faults.denied(operation):
        raise AccessDeniedException(
            f"User: arn:aws:iam::{ACCOUNT_ID}:user/emulator is not authorized to perform: panorama:{operation}"
        )
