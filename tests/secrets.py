"""Fake credentials in a profile file, and a search for any credential value in text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tests.conftest import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_SESSION_TOKEN

PROFILE = "gate-profile"
PROFILE_ACCESS_KEY = "AKIAPROFILEGATEKEY01"
PROFILE_SECRET_KEY = "profileSecretValue/GATE0123456789abcdef"
PROFILE_SESSION_TOKEN = "ProfileSessionTokenGATE9876543210"
ALL_SECRETS = (
    FAKE_ACCESS_KEY,
    FAKE_SECRET_KEY,
    FAKE_SESSION_TOKEN,
    PROFILE_ACCESS_KEY,
    PROFILE_SECRET_KEY,
    PROFILE_SESSION_TOKEN,
)


def write_profile(directory: Path) -> Path:
    """A shared-credentials file holding PROFILE, with a session token."""
    path = directory / "credentials"
    path.write_text(
        f"[{PROFILE}]\n"
        f"aws_access_key_id = {PROFILE_ACCESS_KEY}\n"
        f"aws_secret_access_key = {PROFILE_SECRET_KEY}\n"
        f"aws_session_token = {PROFILE_SESSION_TOKEN}\n"
        "region = us-east-1\n"
    )
    return path


def leaked(texts: Iterable[str | bytes]) -> list[str]:
    """The credential values found in any of the texts (empty when nothing leaked)."""
    found = []
    for text in texts:
        blob = text.encode() if isinstance(text, str) else text
        found.extend(secret for secret in ALL_SECRETS if secret.encode() in blob)
    return found
