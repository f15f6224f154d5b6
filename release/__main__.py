"""`python -m release build|reproduce|compare WHEEL` (release/build.py, release/reproduce.py, release/compare.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from release.common import ReleaseError


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    try:
        if command == "compare" and len(sys.argv) == 3:
            from release.compare import main as compare

            compare(Path(sys.argv[2]))
        elif command == "reproduce":
            from release.reproduce import main as reproduce

            reproduce(sys.argv[2:])
        elif command == "build":
            from release.build import main as build

            build(sys.argv[2:])
        else:
            sys.exit("usage: python -m release build [--out DIR] | reproduce [--rehearse] | compare WHEEL")
    except ReleaseError as exc:
        sys.exit(f"release: {exc}")


if __name__ == "__main__":
    main()
