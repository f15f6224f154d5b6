"""Test harness: run the emulator as a background process and drive its admin API (tests, demo, benchmarks)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from .models import SUCCEEDED, TAG_DURATION, TAG_MESSAGE, TAG_OUTCOME

READY_PREFIX = "Panorama emulator listening on "


class EmulatorProcess:
    """``python -m emulator`` started in the background; ``url`` is set once it is ready."""

    def __init__(self, *args: str, cwd: Path | None = None, command: Sequence[str] | None = None) -> None:
        """``command`` runs another emulator, e.g. the installed `panorama-import-gate-emulator` script."""
        self.args = ["--port", "0", *args] if "--port" not in args else list(args)
        # `emulator` in this repository, `panorama_import_gate.emulator` when installed from the wheel.
        self.command = list(command or [sys.executable, "-m", __package__ or "emulator"])
        self.cwd = cwd or Path(__file__).resolve().parent.parent
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> EmulatorProcess:
        self.proc = subprocess.Popen(
            [*self.command, *self.args],
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith(READY_PREFIX):
            self.proc.kill()
            raise RuntimeError(f"emulator did not start (exit {self.proc.wait()}): {line!r}")
        self.url = line[len(READY_PREFIX) :].strip()
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    # -- admin API ------------------------------------------------------------------
    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        # The URL is the http loopback address the emulator printed, never user input.
        request = urllib.request.Request(f"{self.url}/_emulator/{path}", data=data, method=method)  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read() or b"null")

    def seed_job(
        self,
        *,
        package_name: str = "demo-app",
        package_version: str = "1.0",
        outcome: str = SUCCEEDED,
        duration: float = 0.0,
        message: str | None = None,
        job_id: str | None = None,
        client_token: str | None = None,
        age: float = 0.0,
        region: str | None = None,
    ) -> str:
        """Create a job through the admin API (unsigned) and return its ID; ``region``: the emulator's if None."""
        tags = {TAG_OUTCOME: outcome, TAG_DURATION: str(duration)}
        if message is not None:
            tags[TAG_MESSAGE] = message
        body: dict[str, Any] = {
            "ClientToken": client_token or os.urandom(12).hex(),
            "JobType": "NODE_PACKAGE_VERSION",
            "InputConfig": {
                "PackageVersionInputConfig": {
                    "S3Location": {"BucketName": "demo-manifests", "ObjectKey": f"{package_name}/package.json"}
                }
            },
            "OutputConfig": {
                "PackageVersionOutputConfig": {"PackageName": package_name, "PackageVersion": package_version}
            },
            "JobTags": [{"ResourceType": "PACKAGE", "Tags": tags}],
        }
        if job_id:
            body["JobId"] = job_id
        if age:
            body["CreatedSecondsAgo"] = age  # the job started `age` seconds ago; `duration` counts from then
        if region:
            body["Region"] = region
        return str(self.admin("POST", "jobs", body)["JobId"])

    def set_manifest(
        self, bucket: str, key: str, *, outcome: str = SUCCEEDED, message: str | None = None, duration: float = 0.0
    ) -> None:
        """Say what importing s3://bucket/key does for jobs created from now on."""
        body: dict[str, Any] = {"BucketName": bucket, "ObjectKey": key, "Outcome": outcome, "DurationSeconds": duration}
        if message is not None:
            body["StatusMessage"] = message
        self.admin("PUT", "manifests", body)

    def set_client_token_window(self, seconds: float) -> float:
        """Change how long a ClientToken returns the same job; returns the previous window."""
        previous = float(self.admin("GET", "settings")["ClientTokenWindowSeconds"])
        self.admin("PUT", "settings", {"ClientTokenWindowSeconds": seconds})
        return previous

    def set_faults(self, **faults: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.admin("PUT", "faults", faults)
        return result

    def counters(self) -> dict[str, Any]:
        result: dict[str, Any] = self.admin("GET", "counters")
        return result

    # -- request-rate quotas (per access key and operation) -----------------------------
    def quotas(self) -> dict[str, Any]:
        """``{"quotas": {op: {"rate", "burst"}}, "counters": {op: {"accepted", "throttled"}}, "access_keys": ...}``."""
        result: dict[str, Any] = self.admin("GET", "quotas")
        return result

    def set_quota(self, operation: str, rate: float, burst: int | None = None) -> dict[str, Any]:
        """Add or change one operation's quota (``rate`` per second, ``burst`` at once), keeping the others."""
        limits: dict[str, Any] = self.quotas()["quotas"]
        limits[operation] = {"rate": rate} if burst is None else {"rate": rate, "burst": burst}
        result: dict[str, Any] = self.admin("PUT", "quotas", limits)
        return result

    def clear_quotas(self) -> None:
        """Turn every quota off (the default)."""
        self.admin("DELETE", "quotas")

    def quota_counters(self, access_key: str | None = None) -> dict[str, dict[str, int]]:
        """Accepted and throttled requests per operation: all access keys', or one key's."""
        state = self.quotas()
        result: dict[str, dict[str, int]] = (
            state["counters"] if access_key is None else state["access_keys"].get(access_key, {})
        )
        return result

    # -- release latency -------------------------------------------------------------------
    def releases(self) -> dict[str, dict[str, Any]]:
        """Per finished job ID: ``status``, ``ended`` (when it finished), ``first_done_answer`` (when a
        DescribePackageImportJob answer first reported it finished; None: none yet) and ``release_latency``
        (the seconds between the two; None: none yet), all on the emulator's clock."""
        result: dict[str, dict[str, Any]] = self.admin("GET", "releases")["jobs"]
        return result
