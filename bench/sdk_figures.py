"""P6's per-language rows: `pulumi up` of 1 and 50 gates from TypeScript, Go and Python (SDK) programs,
run as Automation API inline programs by the e2e drivers (tests/e2e/sdks), and what building each SDK
artifact costs (`scripts/sdks.sh build`)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from bench.stats import Sample, repeat
from emulator.testing import EmulatorProcess
from tests.e2e.sdk_drivers import Driver, build_driver

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"nodejs": "TypeScript", "go": "Go", "python": "Python (SDK)"}
_BUILT = re.compile(r"^sdks: (nodejs|go|python): (.*?),? (?:built in |\()([\d.]+)s\)?$")


def _up(driver: Driver, env: dict[str, str], emulator: EmulatorProcess, count: int, run: int) -> float:
    """Seconds of `up` (as the driver times it) of a new stack with one gate per new job."""
    jobs = ",".join(emulator.seed_job() for _ in range(count))
    with tempfile.TemporaryDirectory(prefix="gate-bench-sdk-") as backend:
        result = driver.run(
            "fanout",
            {
                **env,
                "PULUMI_BACKEND_URL": f"file://{backend}",
                "GATE_PROJECT": f"bench-{driver.language}",
                "GATE_STACK": f"s{count}-{run}",
                "GATE_JOB_IDS": jobs,
                "GATE_ENDPOINT": emulator.url,
            },
        )
    assert result.ok and result.outputs.get("count") == count, result.text
    return result.seconds


def sdk_samples(
    env: dict[str, str], cli_root: Path, home: Path, emulator: EmulatorProcess, runs: int
) -> dict[str, Sample]:
    """Per language: the driver (built once, not timed) and `up` of 1 and 50 gates."""
    samples: dict[str, Sample] = {}
    driver_env = {**env, "PULUMI_HOME": str(home), "PULUMI_CLI_ROOT": str(cli_root)}
    with tempfile.TemporaryDirectory(prefix="gate-bench-drivers-") as work:
        for language, title in LANGUAGES.items():
            driver = build_driver(language, Path(work) / language)
            _up(driver, driver_env, emulator, 1, -1)  # warm-up
            for count in (1, 50):
                runs_done = iter(range(runs))
                samples[f"{title}, {count} gate{'s' if count > 1 else ''}"] = repeat(
                    runs, lambda d=driver, c=count, n=runs_done: _up(d, driver_env, emulator, c, next(n))
                )
    return samples


def artifact_builds() -> list[tuple[str, str]]:
    """Each SDK artifact as `scripts/sdks.sh build` reports it: what, and how long it took."""
    env = {**os.environ, "PY": str(ROOT / ".venv" / "bin" / "python")}
    built = subprocess.run(
        ["bash", "scripts/sdks.sh", "build"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    rows = []
    for line in built.stderr.splitlines():
        match = _BUILT.match(line)
        if match:
            rows.append((f"{match.group(1)}: {match.group(2).strip()}", f"{float(match.group(3)):.1f} s"))
    return rows
