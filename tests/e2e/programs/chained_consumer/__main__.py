"""A consumer pipeline: gates on the import job another pipeline started (its `jobId`, read through
a StackReference), then deploys a dependent that records the approved package version. The dependent
exists only once the job SUCCEEDED."""

import pulumi
from marker import Marker

from components import PackageImportJob

config = pulumi.Config()
producer = pulumi.StackReference(config.require("producerStack"))
gate = PackageImportJob(
    "gate",
    job_id=producer.require_output("jobId"),
    endpoint_url=config.require("endpointUrl"),
    poll_min_delay_seconds=0.1,
    poll_max_delay_seconds=0.5,
)
Marker("deployed-app", config.require("markerPath"), gate.package_version)
pulumi.export("approvedPackageVersion", gate.package_version)
