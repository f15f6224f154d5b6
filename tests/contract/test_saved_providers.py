"""The providers pickled into saved stacks (tests/fixtures/states) load with the current code: behind
Pulumi's own dynamic-provider server (`python -m pulumi.dynamic`, as the engine runs it for `refresh`
and `destroy`), each saved `__provider` becomes a provider that diffs the saved gate as unchanged and
reads it from an emulator holding the saved jobs.

A checkout's pickles load in a server started in this checkout (`components.provider`). The wheel's
load in a server started in this checkout's wheel, unpacked: exactly the files and import names the
wheel maps (`panorama_import_gate`), with `components` not importable there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime.proto import provider_pb2

from emulator.testing import EmulatorProcess
from tests.contract.support import from_struct, provider_server, to_struct
from tests.e2e.helpers import build_wheel
from tests.saved_states import SavedState, saved_states

pytestmark = pytest.mark.contract

PICKLING = [state for state in saved_states() if state.provider_pickles()]


def test_saved_pickles_of_both_module_paths_are_loaded() -> None:
    assert {state.front_end for state in PICKLING} == {"python", "wheel"}


@pytest.fixture(scope="module")
def saved_jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """One emulator holding every saved state's jobs (their IDs are unique)."""
    jobs: list[Any] = []
    manifests: dict[str, Any] = {}
    for state in PICKLING:
        saved = json.loads(state.emulator_file.read_text())
        jobs += saved["jobs"]
        manifests |= saved.get("manifests", {})
    path = tmp_path_factory.mktemp("saved-jobs") / "state.json"
    path.write_text(json.dumps({"version": 1, "jobs": jobs, "manifests": manifests}))
    with EmulatorProcess("--state", str(path)) as process:
        yield process


@pytest.fixture(scope="module")
def wheel_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's wheel, unpacked: `panorama_import_gate` as the wheel maps it, and nothing else."""
    work = tmp_path_factory.mktemp("pickle-wheel")
    root = work / "unpacked"
    with zipfile.ZipFile(build_wheel(work)) as wheel:
        wheel.extractall(root)
    refused = subprocess.run([sys.executable, "-c", "import components"], cwd=root, capture_output=True, check=False)
    assert refused.returncode != 0, "`components` must not be importable beside the unpacked wheel"
    return root


@pytest.fixture(scope="module")
def servers(saved_jobs: EmulatorProcess, wheel_root: Path) -> Iterator[dict[str, Any]]:
    """Pulumi's dynamic-provider server (`python -m pulumi.dynamic`), configured like a saved stack (no
    `aws:` config), in a checkout and beside the unpacked wheel."""
    env = {"PULUMI_PROJECT": "saved", "PYTHONPATH": "", "AWS_ENDPOINT_URL_PANORAMA": saved_jobs.url}
    with (
        provider_server("-m", "pulumi.dynamic", env=env) as checkout,
        provider_server("-m", "pulumi.dynamic", env=env, cwd=wheel_root) as wheel,
    ):
        for stub in (checkout, wheel):
            stub.Configure(provider_pb2.ConfigureRequest(args=to_struct({})))
        yield {"python": checkout, "wheel": wheel}


@pytest.mark.parametrize("state", PICKLING, ids=lambda state: state.name)
def test_a_saved_provider_unpickles_into_a_working_provider_with_the_current_code(
    state: SavedState, servers: dict[str, Any]
) -> None:
    server = servers[state.front_end]
    for gate in state.gates():
        olds, news, job_id = gate["outputs"], gate["inputs"], gate["id"]
        diff = server.Diff(
            provider_pb2.DiffRequest(id=job_id, urn=gate["urn"], olds=to_struct(olds), news=to_struct(news))
        )
        assert diff.changes == provider_pb2.DiffResponse.DIFF_NONE, (list(diff.diffs), list(diff.replaces))
        read = server.Read(
            provider_pb2.ReadRequest(id=job_id, urn=gate["urn"], properties=to_struct(olds), inputs=to_struct(news))
        )
        fresh = from_struct(read.properties)
        assert (read.id, fresh["job_id"], fresh["status"]) == (job_id, job_id, "SUCCEEDED")
        assert fresh["package_version"] == olds["package_version"]
