"""The resource's constructor and `get` are typed keyword by keyword (generated from the property table), so
mypy, like an IDE, catches a misspelt keyword or a wrong type before `pulumi up` runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

GOOD = """
from components import PackageImportJob, PackageImportJobArgs
a = PackageImportJob("a", job_id="pij-1", wait_timeout_seconds=60, require_succeeded=False)
b = PackageImportJob("b", args=PackageImportJobArgs(job_id="pij-2"))
c = PackageImportJob.get("c", "pij-3", wait_timeout_seconds=30, endpoint_url="http://127.0.0.1:4599")
version: str | None = None
reveal_type(c)
"""

BAD = """
from components import PackageImportJob
PackageImportJob("a", jobid="pij-1")
PackageImportJob("b", job_id=12345)
PackageImportJob.get("c", "pij-3", wait_timeout_seconds="soon")
PackageImportJob.get("d", "pij-4", input_s3_bucket="not a lookup input")
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mypy cache of this module's own: `make lint` may run mypy on the repository's cache meanwhile."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(source: str, tmp_path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "program.py"
    program.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(cache), str(program)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_correct_program_type_checks_and_get_returns_the_resource_type(tmp_path: Path, cache: Path) -> None:
    result = mypy(GOOD, tmp_path, cache)
    assert result.returncode == 0, result.stdout
    assert 'Revealed type is "components.dynamic.resource.PackageImportJob"' in result.stdout


def test_a_misspelt_keyword_or_a_wrong_type_is_a_type_error(tmp_path: Path, cache: Path) -> None:
    result = mypy(BAD, tmp_path, cache)
    assert result.returncode == 1
    errors = [line.split(" error: ", 1)[1] for line in result.stdout.splitlines() if " error: " in line]
    assert errors[0].startswith('Unexpected keyword argument "jobid"'), errors
    assert 'Argument "job_id"' in errors[1] and '"int"' in errors[1], errors
    assert 'Argument "wait_timeout_seconds"' in errors[2] and '"str"' in errors[2], errors
    assert errors[3].startswith('Unexpected keyword argument "input_s3_bucket"'), errors


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            "PackageImportJob('a', jobid='pij-1')",
            "PackageImportJob() got an unexpected keyword argument 'jobid'; did you mean 'job_id'?",
        ),
        (
            "PackageImportJob.get('b', 'pij-2', wait_timeout=30)",
            "PackageImportJob.get() got an unexpected keyword argument 'wait_timeout'; "
            "did you mean 'wait_timeout_seconds'?",
        ),
        (
            "PackageImportJob('c', 'pij-3')",
            "PackageImportJob() takes its inputs as keywords (job_id=...) or as args=PackageImportJobArgs(...), "
            "not str",
        ),
    ],
    ids=["misspelt-input", "misspelt-get-input", "job-id-in-args-place"],
)
def test_at_run_time_a_wrong_keyword_names_the_class_users_wrote_and_the_closest_input(call: str, message: str) -> None:
    """Without a type checker the same mistakes are one TypeError naming `PackageImportJob` (never the
    generated `PackageImportJobSurface`) and the input that was probably meant."""
    code = f"from components import PackageImportJob\n{call}\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert f"TypeError: {message}" in result.stderr.splitlines()[-1], result.stderr
    assert "PackageImportJobSurface" not in result.stderr
