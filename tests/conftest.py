"""Shared fixtures: fake AWS credentials and a real emulator over HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from components import ClientSettings, make_client
from emulator.testing import EmulatorProcess
from tests.processes import LeakGuard

ROOT = Path(__file__).resolve().parent.parent
FAKE_ACCESS_KEY = "AKIAFAKEGATEKEY00001"
FAKE_SECRET_KEY = "fakeSecretKeyValue/0123456789abcdefGATE"
FAKE_SESSION_TOKEN = "FakeSessionTokenValueGATE0123456789"
REGION = "us-east-1"


#: Fake credentials and a region, and no profile files or instance metadata: nothing may reach real AWS.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
    "AWS_SESSION_TOKEN": FAKE_SESSION_TOKEN,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(LeakGuard(config), "leak-guard")


@pytest.fixture(scope="session", autouse=True)
def aws_env() -> Iterator[dict[str, str]]:
    """Fake credentials for the whole run; nothing may ever reach real AWS."""
    values = dict(FAKE_AWS)
    saved = {k: os.environ.get(k) for k in (*values, "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PANORAMA")}
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PANORAMA"):
        os.environ.pop(key, None)
    os.environ.update(values)
    yield values
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess() as process:
        yield process


@pytest.fixture
def faults(emulator: EmulatorProcess) -> Iterator[EmulatorProcess]:
    """The shared emulator, with faults cleared again after the test."""
    yield emulator
    emulator.set_faults()


@pytest.fixture
def client(emulator: EmulatorProcess) -> Any:
    return make_client(ClientSettings(region=REGION, endpoint_url=emulator.url, max_attempts=3))
