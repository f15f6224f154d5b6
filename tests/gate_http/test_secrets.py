"""No credential value, from the environment or a profile file, reaches outputs,
the pickled provider, CLI output or logs."""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from components import PanoramaGateError
from components.core import table as p
from components.provider import PackageImportJobProvider
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT
from tests.secrets import PROFILE, leaked, write_profile


@pytest.fixture
def profile_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    path = write_profile(tmp_path)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(path))
    return {**os.environ, "AWS_SHARED_CREDENTIALS_FILE": str(path)}


def test_provider_outputs_pickle_errors_and_output_hold_no_credentials(
    profile_env: dict[str, str],
    emulator: EmulatorProcess,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Everything the provider hands back or emits: outputs, the pickle, error messages, every log
    record at INFO and above from any logger, and whatever reached stdout/stderr."""
    caplog.set_level(logging.INFO)
    provider = PackageImportJobProvider()
    job_id = emulator.seed_job()
    failed_id = emulator.seed_job(outcome="FAILED", message="Manifest is broken.")
    outputs: list[Any] = []
    errors: list[str] = []
    for profile in (None, PROFILE):
        props = {p.JOB_ID: job_id, p.ENDPOINT_URL: emulator.url, p.REGION: "us-east-1", p.PROFILE: profile}
        outputs.append(provider.create(props).outs)
        outputs.append(provider.read(job_id, props).outs)
        for bad in (failed_id, "pij-does-not-exist"):
            with pytest.raises(PanoramaGateError) as info:
                provider.create({**props, p.JOB_ID: bad})
            errors.append(str(info.value))
    pickled = base64.b64decode(serialize_provider(provider))
    logs = "\n".join(record.getMessage() for record in caplog.records)
    printed = capfd.readouterr()
    haystacks = [repr(outputs), pickled, *errors, logs, printed.out, printed.err]
    assert job_id in repr(outputs) and any(failed_id in e for e in errors)  # the scan sees real content
    assert leaked(haystacks) == []


def test_cli_output_in_json_and_text_holds_no_credentials(
    profile_env: dict[str, str], emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job()
    texts: list[str] = []
    for extra in ([], ["--profile", PROFILE]):
        for args in (["describe", job_id, "--json"], ["wait", job_id], ["describe", "no-such-job"]):
            result = subprocess.run(
                [sys.executable, "-m", "components", *args, "--endpoint-url", emulator.url, *extra],
                cwd=ROOT,
                env=profile_env,
                capture_output=True,
                text=True,
            )
            assert "Traceback" not in result.stderr
            texts += [result.stdout, result.stderr]
    assert any(job_id in text for text in texts)
    assert leaked(texts) == []


def test_the_profile_is_really_used(profile_env: dict[str, str], faults: EmulatorProcess) -> None:
    from tests.secrets import PROFILE_ACCESS_KEY

    job_id = faults.seed_job()
    faults.set_faults(expired_access_keys=[PROFILE_ACCESS_KEY])
    result = subprocess.run(
        [sys.executable, "-m", "components", "describe", job_id, "--endpoint-url", faults.url, "--profile", PROFILE],
        cwd=ROOT,
        env=profile_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 4 and "ExpiredToken" in result.stderr
    assert leaked([result.stdout, result.stderr]) == []
