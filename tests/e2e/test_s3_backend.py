"""Many pipelines on one real S3-compatible state backend (SeaweedFS), each `pulumi` on a runner of its
own (own PULUMI_HOME and work folder, `pulumi login s3://…` to the same bucket):

- chained stacks: a producer starts an import, a consumer on another runner gates on it through a
  StackReference and deploys its dependent only once the job SUCCEEDED;
- locking: two runners `pulumi up` one stack at once; one proceeds, the other gets Pulumi's lock error;
- a runner SIGKILLed mid-`up`: the README's recovery on another runner ends with the same job.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from emulator.testing import EmulatorProcess
from tests.e2e.conftest import DYNAMIC_TYPE, PROGRAMS
from tests.e2e.helpers import describe, jobs_for, up_through_pending
from tests.e2e.s3_backend import LOCK_PREFIX, Runner, SeaweedFS, kill_runner, make_runner, seaweedfs, weed
from tests.support import wait_until

pytestmark = pytest.mark.e2e
__all__ = ["make_runner", "seaweedfs", "weed"]  # fixtures

MakeRunner = Callable[..., Runner]
LOCKED = (
    "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end "
    "or delete the lock file with `pulumi cancel`."
)
CHECKSUM_NOISE = "Response has no supported checksum"


def describes(emulator: EmulatorProcess) -> int:
    return int(emulator.counters()["requests"].get("DescribePackageImportJob", 0))


def create_mode(runner: Runner, key: str, package: str, version: str = "1.0", **config: str) -> None:
    runner.config(inputBucket="manifests", inputKey=key, packageName=package, packageVersion=version, **config)


def gates(runner: Runner) -> list[dict[str, Any]]:
    """The gate resources in the stack's state, read by this runner (`pulumi stack export` must parse)."""
    return runner.resources(DYNAMIC_TYPE)


def lock_error(output: str, bucket: str, stack: str, holder_pid: int) -> None:
    """Pulumi's lock message, naming the lock file in the bucket and the `pulumi` process holding it."""
    assert LOCKED in output, output
    lock = rf"s3://{bucket}/{re.escape(LOCK_PREFIX)}organization/panorama-import-gate/{stack}/[0-9a-f-]+\.json"
    assert re.search(rf"{lock}\S*: created by \S+@\S+ \(pid {holder_pid}\) at ", output), output


def no_checksum_noise(*runners: Runner) -> None:
    for runner in runners:
        assert CHECKSUM_NOISE not in "\n".join(runner.log), f"{runner.runner} printed the AWS SDK checksum warning"


def test_a_consumer_on_another_runner_deploys_only_once_the_producers_job_succeeded(
    make_runner: MakeRunner, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    key = "chained-s3/package.json"
    message = "Manifest check failed: no interfaces"
    emulator.set_manifest("manifests", key, outcome="FAILED", message=message, duration=1)
    # Runner A: the producer pipeline starts the import and does not wait for it.
    producer = make_runner("runner-a", "producer")
    create_mode(producer, key, "chained-s3", requireSucceeded="false", waitTimeoutSeconds="0")
    producer.up()
    first = producer.outputs()["jobId"]
    # Runner B: the consumer pipeline gates on that job through a StackReference, then deploys its dependent.
    marker = tmp_path / "deployed-app.txt"
    consumer = make_runner(
        "runner-b", "consumer", program="chained_consumer", extra_files=[PROGRAMS / "marker" / "marker.py"]
    )
    assert consumer.home != producer.home and consumer.bucket == producer.bucket
    consumer.config(producerStack="organization/panorama-import-gate/producer", markerPath=str(marker))

    failed = consumer.up(check=False)
    assert failed.returncode != 0, "the consumer passed a FAILED import"
    assert f"Package import job {first} FAILED: {message}" in failed.stdout
    assert not marker.exists(), "the dependent was deployed on a FAILED import"
    assert consumer.outputs() == {} and gates(consumer) == []

    # The fixed package is imported as 1.1 (same manifest key); this job stays PENDING until flipped.
    emulator.set_manifest("manifests", key, duration=3600)
    producer.config(packageVersion="1.1")
    producer.up()
    second = producer.outputs()["jobId"]
    assert second != first and describe(emulator, second)["Status"] == "PENDING"

    before = describes(emulator)
    running = consumer.start("up", "--yes", "--skip-preview")
    wait_until(lambda: describes(emulator) >= before + 2, 120)  # the consumer's gate is waiting on the job
    assert running.poll() is None and not marker.exists(), "the dependent was deployed while the job was PENDING"
    emulator.admin("PATCH", f"jobs/{second}", {"Status": "SUCCEEDED"})
    passed = consumer.finish(running)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(rf"Package import job {second} SUCCEEDED after \d+s\.", passed.stdout), passed.stdout
    assert marker.read_text() == "1.1"
    assert consumer.outputs() == {"approvedPackageVersion": "1.1"}
    assert jobs_for(emulator, "chained-s3") == [first, second]
    no_checksum_noise(producer, consumer)


def test_two_runners_updating_one_stack_at_once_one_proceeds_the_other_gets_the_lock_error(
    make_runner: MakeRunner, seaweedfs: SeaweedFS, emulator: EmulatorProcess
) -> None:
    key = "locked-s3/package.json"
    emulator.set_manifest("manifests", key, duration=3600)  # PENDING until flipped: the winner holds the lock
    a = make_runner("runner-a", "shared")
    create_mode(a, key, "locked-s3")
    b = make_runner("runner-b", "shared", init=False)
    b.checkout_config_of(a)
    runners = {"runner-a": a, "runner-b": b}

    for attempt in range(1, 6):
        before = describes(emulator)
        processes = {name: runner.start("up", "--yes", "--skip-preview") for name, runner in runners.items()}
        # Either the winner's gate starts polling its job, or both runs end.
        wait_until(
            lambda: describes(emulator) > before or all(p.poll() is not None for p in processes.values()),  # noqa: B023
            120,
        )
        if any(process.poll() is None for process in processes.values()):
            break
        # Both refused: Pulumi's DIY lock is "check, write own lock file, check again", so two runs that
        # write within the same moment each see the other's lock, and both give up (and remove theirs).
        for name, process in processes.items():
            (other,) = set(runners) - {name}
            refused = runners[name].finish(process)
            assert refused.returncode != 0
            lock_error(refused.stdout + refused.stderr, a.bucket, "shared", holder_pid=processes[other].pid)
        assert seaweedfs.locks(a.bucket) == [] and jobs_for(emulator, "locked-s3") == []
        print(f"\nlock: attempt {attempt}: both runs were refused (each saw the other's lock); starting both again")
    else:
        pytest.fail("two runs started at once were both refused five times in a row")

    wait_until(lambda: any(process.poll() is not None for process in processes.values()), 120)
    (lost,) = [name for name, process in processes.items() if process.poll() is not None]
    (won,) = set(runners) - {lost}
    refused = runners[lost].finish(processes[lost])
    assert refused.returncode != 0
    lock_error(refused.stdout + refused.stderr, a.bucket, "shared", holder_pid=processes[won].pid)
    print(f"\nlock: {won} proceeded; {lost} was refused with:\n{refused.stderr.strip() or refused.stdout.strip()}")

    wait_until(lambda: describes(emulator) > before, 120)  # the winner's gate waits on its job
    (job_id,) = jobs_for(emulator, "locked-s3")
    assert processes[won].poll() is None and len(seaweedfs.locks(a.bucket)) == 1
    emulator.admin("PATCH", f"jobs/{job_id}", {"Status": "SUCCEEDED"})
    passed = runners[won].finish(processes[won])
    assert passed.returncode == 0, passed.stdout + passed.stderr

    # State is intact for both runners, the lock is gone, and the refused runner's rerun changes nothing.
    assert seaweedfs.locks(a.bucket) == []
    for runner in (a, b):
        (gate,) = gates(runner)
        assert gate["id"] == job_id and gate["outputs"]["status"] == "SUCCEEDED"
        assert not runner.export()["deployment"].get("pending_operations")
    runners[lost].up()
    assert runners[lost].outputs()["jobId"] == job_id
    assert jobs_for(emulator, "locked-s3") == [job_id], "a second import job was started"
    no_checksum_noise(a, b)


def test_a_runner_killed_mid_up_is_recovered_from_another_runner_with_the_same_job(
    make_runner: MakeRunner, seaweedfs: SeaweedFS, emulator: EmulatorProcess
) -> None:
    # The job is found again through its derived ClientToken: keep tokens valid as long as the test runs.
    emulator.set_client_token_window(86400)
    key = "killed-s3/package.json"
    emulator.set_manifest("manifests", key, duration=3600)
    a = make_runner("runner-a", "killed")
    create_mode(a, key, "killed-s3")
    b = make_runner("runner-b", "killed", init=False)
    b.checkout_config_of(a)

    before = describes(emulator)
    running = a.start("up", "--yes", "--skip-preview")
    wait_until(lambda: describes(emulator) >= before + 2, 120)  # the create-mode gate is waiting
    (job_id,) = jobs_for(emulator, "killed-s3")
    killed = kill_runner(running)
    print("\nkilled (SIGKILL):\n  " + "\n  ".join(killed))

    # What a killed runner leaves: its lock file, and its create as a pending operation in the state.
    assert len(seaweedfs.locks(a.bucket)) == 1
    deployment = b.export()["deployment"]
    assert [op["type"] for op in deployment.get("pending_operations") or []] == ["creating"], deployment
    assert gates(b) == []
    blocked = b.up(check=False)
    assert blocked.returncode != 0
    lock_error(blocked.stdout + blocked.stderr, a.bucket, "killed", holder_pid=running.pid)
    assert jobs_for(emulator, "killed-s3") == [job_id]

    # The recovery the README gives under "A runner killed mid-update", on runner B.
    cancelled = b.run("cancel", "--yes")
    assert "has been canceled" in cancelled.stdout
    assert seaweedfs.locks(a.bucket) == []
    b.run("refresh", "--clear-pending-creates", "--yes")
    assert not b.export()["deployment"].get("pending_operations")
    up_through_pending(b, emulator, job_id)  # the job is flipped to SUCCEEDED once the gate polled it twice

    outputs = b.outputs()
    assert (outputs["jobId"], outputs["status"]) == (job_id, "SUCCEEDED")
    assert jobs_for(emulator, "killed-s3") == [job_id], "the recovery started a second import job"
    assert seaweedfs.locks(a.bucket) == []
    no_checksum_noise(b)


def test_the_checksum_setting_is_what_silences_the_aws_sdk_warning(make_runner: MakeRunner) -> None:
    runner = make_runner("runner-a", "noise")
    quiet = runner.run("stack", "output", "--json")
    loud_env = {k: v for k, v in runner.env.items() if k != "AWS_RESPONSE_CHECKSUM_VALIDATION"}
    loud = subprocess.run(
        ["pulumi", "stack", "output", "--json", "--stack", runner.name],
        cwd=runner.workdir, env=loud_env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert CHECKSUM_NOISE in loud.stderr
    assert CHECKSUM_NOISE not in quiet.stderr
