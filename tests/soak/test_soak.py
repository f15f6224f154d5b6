"""`make soak`: 200 concurrent waits against the emulator for 60 s.

Zero errors, every verdict correct, and the RSS of client and emulator reported at
start and end. Kept out of `make test` (it runs for a minute)."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from components import Backoff, ClientSettings, Waiter, make_client, wait_for_jobs
from emulator.testing import EmulatorProcess

pytestmark = pytest.mark.soak
CONCURRENT = int(os.environ.get("SOAK_CONCURRENCY", "200"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def test_200_concurrent_waits_for_60_seconds() -> None:
    rng = random.Random(20261129)
    with EmulatorProcess() as emulator:
        assert emulator.proc is not None
        client = make_client(
            ClientSettings(region="us-east-1", endpoint_url=emulator.url, max_pool_connections=CONCURRENT)
        )
        waiter = Waiter(timeout=60, backoff=Backoff(min_delay=0.5, max_delay=5))
        start = {"client": rss_mb(), "emulator": rss_mb(emulator.proc.pid)}
        began = time.monotonic()
        batches = waits = errors = wrong = 0
        while time.monotonic() - began < SECONDS:
            expected = {}
            for _ in range(CONCURRENT):
                outcome = "FAILED" if rng.random() < 0.2 else "SUCCEEDED"
                job_id = emulator.seed_job(outcome=outcome, duration=rng.uniform(0.5, 5), message="soak failure")
                expected[job_id] = outcome
            for outcome in wait_for_jobs(client, list(expected), waiter):
                waits += 1
                errors += outcome.error is not None
                wrong += outcome.verdict != expected[outcome.job_id]
            batches += 1
        elapsed = time.monotonic() - began
        end = {"client": rss_mb(), "emulator": rss_mb(emulator.proc.pid)}
        calls = emulator.counters()["requests"].get("DescribePackageImportJob", 0)
    print(
        f"\nsoak: {waits} waits in {batches} batches of {CONCURRENT} concurrent over {elapsed:.0f}s; "
        f"{errors} errors, {wrong} wrong verdicts, {calls} DescribePackageImportJob calls\n"
        f"soak: RSS client {start['client']:.0f} -> {end['client']:.0f} MB, "
        f"emulator {start['emulator']:.0f} -> {end['emulator']:.0f} MB"
    )
    assert errors == 0 and wrong == 0
    assert waits >= CONCURRENT
    # Leak guard: after warm-up, memory must not keep growing with the number of waits.
    assert end["client"] < start["client"] * 2 + 50
    assert end["emulator"] < start["emulator"] * 2 + 50
