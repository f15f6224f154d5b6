"""iam/policy.json grants exactly the Panorama actions the code calls."""

from __future__ import annotations

import json
import re

from botocore import xform_name

from emulator.servicemodel import panorama_model
from tests.conftest import ROOT


def called_actions() -> set[str]:
    operations = {xform_name(name): name for name in panorama_model().operation_names}
    calls: set[str] = set()
    for source in (ROOT / "components").rglob("*.py"):
        for method in re.findall(r"client\.(\w+)\(", source.read_text()):
            if method in operations:
                calls.add(f"panorama:{operations[method]}")
    return calls


def test_policy_matches_the_operations_the_code_calls() -> None:
    policy = json.loads((ROOT / "iam" / "policy.json").read_text())
    granted = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert (
        granted
        == called_actions()
        == {
            "panorama:DescribePackageImportJob",
            "panorama:ListPackageImportJobs",
            "panorama:CreatePackageImportJob",
        }
    )
