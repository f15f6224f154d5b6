"""The gate plus a resource that depends on it: the marker must never exist after a failed gate."""

import pulumi
from marker import Marker

from components import PackageImportJob

config = pulumi.Config()
job = PackageImportJob(
    "gate",
    job_id=config.require("jobId"),
    endpoint_url=config.require("endpointUrl"),
    poll_min_delay_seconds=0.1,
    poll_max_delay_seconds=0.5,
)
Marker("deployed-app", config.require("markerPath"), job.package_version)
pulumi.export("packageVersion", job.package_version)
