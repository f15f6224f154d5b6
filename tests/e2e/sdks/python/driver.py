"""The Python driver of tests/e2e/test_sdks.py (the contract is in ../README.md): an Automation API
inline program that uses the generated Python SDK `pulumi_panorama_import_gate` from its wheel."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import pulumi
import pulumi_panorama_import_gate as gate_sdk
from pulumi import automation as auto


def gate_program() -> None:
    endpoint = os.environ["GATE_ENDPOINT"]
    gate = gate_sdk.PackageImportJob(
        "gate", job_id=os.environ["GATE_JOB_ID"], endpoint_url=endpoint, poll_max_delay_seconds=1
    )
    approved = gate_sdk.PackageImportJob("approved", job_id=gate.job_id, endpoint_url=endpoint, require_succeeded=False)
    by_id = gate_sdk.get_package_import_job_output(job_id=os.environ["GATE_JOB_ID"], endpoint_url=endpoint)
    pulumi.export("jobId", gate.job_id)
    pulumi.export("status", gate.status)
    pulumi.export("packageVersion", gate.package_version)
    pulumi.export("patchVersion", gate.patch_version)
    pulumi.export("approvedJobId", approved.job_id)
    pulumi.export("byIdStatus", by_id.status)
    pulumi.export(
        "kinds", pulumi.Output.all(gate.package_version, by_id.status).apply(lambda v: [type(x).__name__ for x in v])
    )
    if os.environ.get("GATE_PACKAGE_NAME"):
        by_package = gate_sdk.get_package_import_job_output(
            package_name=os.environ["GATE_PACKAGE_NAME"],
            package_version=os.environ["GATE_PACKAGE_VERSION"],
            endpoint_url=endpoint,
        )
        pulumi.export("byPackageJobId", by_package.job_id)


def fanout_program() -> None:
    """One gate per job of GATE_JOB_IDS (the benchmark's stacks of 1 and 50 gates)."""
    job_ids = os.environ["GATE_JOB_IDS"].split(",")
    for index, job_id in enumerate(job_ids):
        gate_sdk.PackageImportJob(f"gate-{index}", job_id=job_id, endpoint_url=os.environ["GATE_ENDPOINT"])
    pulumi.export("count", len(job_ids))


def reference_program() -> None:
    upstream = pulumi.StackReference(os.environ["GATE_REFERENCE"])
    pulumi.export("approvedPackageVersion", upstream.require_output("packageVersion"))
    pulumi.export("approvedPackageId", upstream.require_output("packageId"))


def main() -> None:
    scenario = sys.argv[1]
    programs = {"up": gate_program, "reference": reference_program, "fanout": fanout_program}
    if scenario not in programs:
        raise SystemExit(f"the Python driver runs {', '.join(programs)}, not {scenario!r}")
    stack = auto.create_or_select_stack(
        stack_name=os.environ["GATE_STACK"],
        project_name=os.environ["GATE_PROJECT"],
        program=programs[scenario],
        opts=auto.LocalWorkspaceOptions(pulumi_command=auto.PulumiCommand(root=os.environ["PULUMI_CLI_ROOT"])),
    )
    result: dict[str, Any] = {"ok": False, "outputs": {}, "error": None, "cancel_seconds": None}
    started = time.monotonic()
    try:
        up = stack.up(on_output=lambda line: print(line, flush=True))
        result.update(ok=True, outputs={k: v.value for k, v in up.outputs.items()})
    except auto.CommandError as exc:
        result["error"] = str(exc)
    result["seconds"] = round(time.monotonic() - started, 3)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
