"""`python -m bench` (`make bench`): run P1-P9 side by side with their anchors and write BENCHMARKS.md.

BENCH_QUICK=1 runs a short smoke version (fewer repeats, smaller N, no 60 s jobs, P8 with 4 stacks of 5 gates).
BENCH_ONLY=P8 (comma-separated keys) runs only those figures and replaces just their sections of the
existing BENCHMARKS.md, saying when they were measured."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench.figures import (
    ROOT,
    Env,
    Figure,
    p1_single_check,
    p2_release_latency,
    p2_scenarios,
    p3_fan_out,
    p4_pulumi_up,
    p5_cold_start,
    p6_yaml_up,
)
from bench.p9 import HEADER as P9_HEADER
from bench.p9 import p9_release
from bench.scale import HEADER as P8_HEADER
from bench.scale import bench_env, p8_scale

ANCHOR_VENV = ROOT / ".bench" / "anchors"
HEADERS = {
    "P1": ("Tool", "Wall time, median (min–max)", "vs aws CLI", "vs floor"),
    "P2": ("Job", "Tool", "Release latency, mean (worst)", "Describe calls, mean (worst)", "Calls vs fewest"),
    "P3": ("Jobs", "ours: one `wait` over N", "aws CLI, one call per job", "Speed-up"),
    "P4": ("Stack", "`pulumi up`", "vs no-op floor", "vs botocore floor", "vs 1 gate"),
    "P5": ("What", "Value", "vs anchor"),
    "P6": ("Stack", "`pulumi up`", "vs empty YAML stack", "vs 1 gate"),
    "P8": P8_HEADER,
    "P9": P9_HEADER,
}


def anchors() -> Path:
    """The anchor tools in their own venv (.bench/anchors), installed once."""
    aws = ANCHOR_VENV / "bin" / "aws"
    if not aws.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ANCHOR_VENV)], check=True)
        subprocess.run(
            [str(ANCHOR_VENV / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "bench" / "requirements-anchors.txt")],
            check=True,
        )
    return aws.parent


def pulumi_cli() -> Path:
    found = subprocess.run(
        ["bash", str(ROOT / "scripts" / "pulumi-cli.sh")], check=True, capture_output=True, text=True
    )
    return Path(found.stdout.strip().splitlines()[-1])


def table(key: str, figure: Figure) -> str:
    header = HEADERS[key]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in figure.rows]
    return "\n".join(lines)


def main() -> None:
    quick = os.environ.get("BENCH_QUICK") == "1"
    only = [key.strip() for key in os.environ.get("BENCH_ONLY", "").split(",") if key.strip()]
    started = time.monotonic()
    env = Env(
        # Only P1-P3 run the anchors: BENCH_ONLY=P8 need not install them.
        aws_bin=anchors() if not only or {"P1", "P2", "P3"} & set(only) else ANCHOR_VENV / "bin",
        pulumi_bin=pulumi_cli(),
        vars=bench_env(),
    )
    os.environ.update({k: env.vars[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")})
    steps = {
        "P1": lambda: p1_single_check(env, 5 if quick else 15),
        "P2": lambda: p2_release_latency(env, p2_scenarios(quick)),
        "P3": lambda: p3_fan_out(env, (10, 20) if quick else (10, 100, 200), 2 if quick else 3),
        "P4": lambda: p4_pulumi_up(env, 2 if quick else 3),
        "P5": lambda: p5_cold_start(env, 5 if quick else 10),
        "P6": lambda: p6_yaml_up(env, 2 if quick else 3),
        "P8": lambda: p8_scale(env, quick),
        "P9": lambda: p9_release(env, quick),
    }
    unknown = sorted(set(only) - set(steps))
    if unknown:
        sys.exit(f"bench: BENCH_ONLY names no figure {', '.join(unknown)} (one of {', '.join(steps)})")
    results: dict[str, Figure] = {}
    for key, step in steps.items():
        if only and key not in only:
            continue
        print(f"bench: {key} ...", flush=True)
        results[key] = step()
        for verdict in results[key].verdicts:
            print(f"bench: {key} {verdict}", flush=True)
    elapsed = time.monotonic() - started
    if only:
        replace_sections(results, elapsed, quick)
    else:
        write_report(results, elapsed, quick)
    print(f"bench: wrote BENCHMARKS.md in {elapsed:.0f}s")


def section(key: str, figure: Figure) -> list[str]:
    parts = [f"## {figure.name}", "", table(key, figure), "", "Goals:", ""]
    parts += [f"- {verdict}" for verdict in figure.verdicts]
    return [*parts, *(f"\n{note}" for note in figure.notes), ""]


def replace_sections(results: dict[str, Figure], elapsed: float, quick: bool) -> None:
    """BENCH_ONLY: put these figures' sections in place of their old ones (or at the end), keep the rest."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    # Sections start at "## Pn: ..."; everything before the first is the preamble.
    preamble, *chunks = re.split(r"(?m)^(?=## P\d+:)", text)
    sections = {chunk[3 : chunk.index(":")]: chunk.rstrip("\n") + "\n\n" for chunk in chunks}
    smoke = " (BENCH_QUICK=1: a smoke run, not the published figures)." if quick else "."
    when = f"Measured alone (`BENCH_ONLY={','.join(results)}`) on {date.today().isoformat()}, {elapsed:.0f} s{smoke}"
    for key, figure in results.items():
        body = section(key, figure)
        sections[key] = "\n".join([*body[:2], when, "", *body[2:]]).rstrip("\n") + "\n\n"
    ordered = sorted(sections, key=lambda key: int(key[1:]))
    path.write_text((preamble + "".join(sections[key] for key in ordered)).rstrip("\n") + "\n")


def write_report(results: dict[str, Figure], elapsed: float, quick: bool) -> None:
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    parts = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {date.today().isoformat()} ({machine}); the whole run took {elapsed:.0f} s"
        + (" (BENCH_QUICK=1: a smoke run, not the published figures)." if quick else "."),
        "Every figure is a median over repeated runs with (min–max, n). All tools ran against the local",
        "emulator; the anchors (awscli 1.45.37, the last release with Panorama, which bundles botocore",
        "1.43.37) live in their own venv, `.bench/anchors`. Reproduce with `make bench`; nothing here is",
        "asserted by `make test`.",
        "",
    ]
    for key, figure in results.items():
        parts += section(key, figure)
    (ROOT / "BENCHMARKS.md").write_text("\n".join(parts))


if __name__ == "__main__":
    main()
