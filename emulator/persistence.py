"""The `--state` file: every job and manifest as JSON, rewritten atomically after each change,
so a restarted emulator continues each job where it was.

Format 1: ``{"version": 1, "jobs": [<StoredJob fields>], "manifests": {"bucket/key": <Manifest fields>}}``.
Each job keeps its ``region``. Files from release 0.1 have no ``manifests`` and load with none; a job
stored without a ``region`` loads in us-east-1 (``models.DEFAULT_REGION``).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from .models import DEFAULT_REGION, Manifest, StoredJob

STATE_VERSION = 1


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a crash leaves the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".state-", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class StateFile:
    """A backend's store (see ``models.StateStore``) kept in one JSON file."""

    path: Path

    def load(self) -> tuple[dict[str, StoredJob], dict[str, Manifest]]:
        if not self.path.exists():
            return {}, {}
        data = json.loads(self.path.read_text())
        jobs = {j["job_id"]: StoredJob(**{"region": DEFAULT_REGION, **j}) for j in data.get("jobs", [])}
        manifests = {k: Manifest(**m) for k, m in data.get("manifests", {}).items()}
        return jobs, manifests

    def save(self, jobs: dict[str, StoredJob], manifests: dict[str, Manifest]) -> None:
        state = {
            "version": STATE_VERSION,
            "jobs": [asdict(j) for j in jobs.values()],
            "manifests": {k: asdict(m) for k, m in manifests.items()},
        }
        write_atomically(self.path, json.dumps(state, indent=1))
