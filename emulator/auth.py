"""Who may call an operation: a SigV4 `Authorization` header (not verified, as the emulator
holds no secrets), then the expired keys and denied operations set through the faults.

The header's credential scope (`Credential=AKID/yyyymmdd/REGION/panorama/aws4_request`) also
names the account (its access key ID, for quotas) and the region whose jobs the request sees."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .exceptions import AccessDeniedException, ExpiredTokenException, MissingAuthenticationTokenException
from .faults import Faults
from .models import ACCOUNT_ID

_CREDENTIAL = re.compile(r"^AWS4-HMAC-SHA256 .*Credential=([^/,\s]+)/(?:[^/,\s]*/([^/,\s]+)/)?")


@dataclass(frozen=True)
class Credential:
    """What the emulator reads from a signed request: the access key ID and the scope's region."""

    access_key: str
    region: str | None  # None when the scope names none (not a request botocore sends)


def credential(authorization: str) -> Credential | None:
    """The credential of a SigV4 `Authorization` header, or None if the request is not signed."""
    found = _CREDENTIAL.match(authorization)
    return Credential(found.group(1), found.group(2)) if found else None


def authorize(authorization: str, operation: str, faults: Faults) -> Credential:
    """The request's credential; raise the error AWS answers when it may not call ``operation``."""
    found = credential(authorization)
    if found is None:
        raise MissingAuthenticationTokenException("Missing Authentication Token")
    if faults.expired(found.access_key):
        raise ExpiredTokenException("The security token included in the request is expired")
    if faults.denied(operation):
        raise AccessDeniedException(
            f"User: arn:aws:iam::{ACCOUNT_ID}:user/emulator is not authorized to perform: panorama:{operation}"
        )
    return found
