"""Benchmark program: one PackageImportJob per comma-separated job ID (none: an empty stack)."""

import pulumi

from components import PackageImportJob

config = pulumi.Config()
for index, job_id in enumerate(filter(None, config.get("jobIds", "").split(","))):
    PackageImportJob(f"job-{index}", job_id=job_id, endpoint_url=config.require("endpointUrl"))
