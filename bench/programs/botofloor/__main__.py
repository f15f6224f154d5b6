"""Benchmark floor for one gate: dynamic resources whose create describes one job with a fresh
botocore Panorama client, the least any gate built on botocore must do, and nothing else."""

import pulumi
from botofloor import Describe

config = pulumi.Config()
for index, job_id in enumerate(filter(None, config.get("jobIds", "").split(","))):
    Describe(f"describe-{index}", job_id, config.require("endpointUrl"))
