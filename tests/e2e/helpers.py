"""What the emulator holds, read through boto3 over HTTP (independent of the code under test), and
copies of this checkout for programs that run outside it."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import boto3

from emulator.process import EmulatorProcess
from tests.conftest import ROOT


def copy_from_checkout(names: Iterable[str], target: Path) -> None:
    """Copy files and folders of this checkout (without __pycache__) into ``target``."""
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)


def describe(emulator: EmulatorProcess, job_id: str) -> dict[str, Any]:
    client = boto3.client("panorama", region_name="us-east-1", endpoint_url=emulator.url)
    response = client.describe_package_import_job(JobId=job_id)
    response.pop("ResponseMetadata")
    return dict(response)


def jobs_for(emulator: EmulatorProcess, package_name: str) -> list[str]:
    client = boto3.client("panorama", region_name="us-east-1", endpoint_url=emulator.url)
    ids: list[str] = []
    token: dict[str, str] = {}
    while True:
        page = client.list_package_import_jobs(MaxResults=25, **token)
        ids.extend(j["JobId"] for j in page["PackageImportJobs"])
        if "NextToken" not in page:
            break
        token = {"NextToken": page["NextToken"]}
    config = "OutputConfig"
    return [
        i
        for i in ids
        if client.describe_package_import_job(JobId=i)[config]["PackageVersionOutputConfig"]["PackageName"]
        == package_name
    ]
