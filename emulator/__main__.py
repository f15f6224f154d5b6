"""Command line: `python -m emulator [--port 0] [--state FILE] [--seed FILE] ...` runs the emulator;
`python -m emulator seed [--outcome FAILED] ...` creates a job in a running one (`seed_command.py`)."""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from . import seed_command
from .exceptions import PanoramaError
from .faults import FaultConfig, Faults
from .models import DEFAULT_CLIENT_TOKEN_WINDOW_SECONDS, DEFAULT_REGION, Backend
from .persistence import StateFile
from .quotas import SYNTAX, Quota, Quotas, parse_flag
from .seeding import parse_seed
from .server import DEFAULT_MAX_BODY_BYTES, EmulatorServer
from .servicemodel import ServiceModelMissing, panorama_model

PROG = "python -m emulator" if __package__ == "emulator" else "panorama-import-gate-emulator"


def _version() -> str:
    """``panorama-import-gate 0.3.0``: the version of `components` here, of `panorama_import_gate` (whose
    subpackage this is) when installed from the wheel."""
    parent = (__package__ or "").rpartition(".")[0] or "components"
    return f"panorama-import-gate {importlib.import_module(f'{parent}.version').__version__}"


def _quota(text: str) -> tuple[str, Quota]:
    try:
        return parse_flag(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Local AWS Panorama API emulator (package import jobs). Prints its base URL once ready.",
        epilog=f"`{PROG} seed --help`: create a job in a running emulator and print its ID.",
    )
    parser.add_argument("--version", "-V", action="version", version=_version(), help="print the version and exit")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=4599, help="port to listen on; 0 picks a free one (default: 4599)")
    parser.add_argument(
        "--region",
        default=DEFAULT_REGION,
        help="region of seeded jobs that name none, and of requests whose signature names none (default: us-east-1)",
    )
    parser.add_argument("--state", type=Path, help="JSON file that persists jobs across restarts (written atomically)")
    parser.add_argument("--seed", type=Path, help="JSON list of seeded jobs, as `POST /_emulator/jobs` takes them")
    parser.add_argument(
        "--quota",
        type=_quota,
        action="append",
        default=[],
        metavar=SYNTAX,
        help="request-rate quota per access key, e.g. DescribePackageImportJob=10/20 (repeatable; default: none)",
    )
    parser.add_argument(
        "--client-token-window",
        type=float,
        default=DEFAULT_CLIENT_TOKEN_WINDOW_SECONDS,
        metavar="SECONDS",
        help="how long a ClientToken returns the same job (default: 86400)",
    )
    parser.add_argument("--latency-ms", type=int, default=0, help="latency added to every API request")
    parser.add_argument("--throttle-rate", type=float, default=0.0, help="share of API requests answered 429")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of API requests answered 500")
    parser.add_argument("--drop-rate", type=float, default=0.0, help="share of API requests whose connection is reset")
    parser.add_argument("--fault-seed", type=int, help="seed for the fault dice, for repeatable runs")
    parser.add_argument(
        "--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES, help="largest accepted request body"
    )
    parser.add_argument("--log-requests", action="store_true", help="log every request to stderr")
    return parser


def _seed(backend: Backend, path: Path) -> int:
    entries: Any = json.loads(path.read_text())
    if not isinstance(entries, list):
        raise ValueError(f"{path} must hold a JSON list of job definitions")
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError(f"{path} must hold a JSON list of job definitions (objects)")
        # Seeding twice (or on every restart) must not duplicate jobs: derive a stable token.
        token = "seed-" + hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()[:32]
        seed = parse_seed(entry, client_token=token)
        backend.create_package_import_job(seed.params, job_id=seed.job_id, age=seed.age, region=seed.region)
    return len(entries)


def _quotas(flags: list[tuple[str, Quota]]) -> Quotas:
    limits: dict[str, Quota] = {}
    for operation, quota in flags:
        if operation in limits:
            raise ValueError(f"--quota is given twice for {operation}")
        limits[operation] = quota
    return Quotas(limits)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["seed"]:
        return seed_command.run(argv[1:], prog=f"{PROG} seed")
    args = _parser().parse_args(argv)
    try:
        panorama_model()
        if not 0 <= args.client_token_window < float("inf"):
            raise ValueError("--client-token-window must be a finite number of seconds >= 0")
        quotas = _quotas(args.quota)
        store = StateFile(args.state) if args.state else None
        backend = Backend(region=args.region, store=store, client_token_window=args.client_token_window)
        backend.load()
        if args.seed:
            _seed(backend, args.seed)
        faults = Faults(
            FaultConfig.from_dict(
                {
                    "latency_ms": args.latency_ms,
                    "throttle_rate": args.throttle_rate,
                    "error_rate": args.error_rate,
                    "drop_rate": args.drop_rate,
                }
            ),
            seed=args.fault_seed,
        )
        log = (lambda line: print(f"emulator: {line}", file=sys.stderr)) if args.log_requests else None
        server = EmulatorServer((args.host, args.port), backend, faults, args.max_body_bytes, log, quotas=quotas)
    except ServiceModelMissing as exc:
        print(f"emulator: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, PanoramaError) as exc:
        print(f"emulator: cannot start: {exc}", file=sys.stderr)
        return 2

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"Panorama emulator listening on {server.base_url}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


def console() -> None:
    """Entry point of the `panorama-import-gate-emulator` console script."""
    sys.exit(main())


if __name__ == "__main__":
    console()
