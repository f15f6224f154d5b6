"""A team's own Pulumi program using the gate from the installed wheel (no `components/` beside it)."""

import pulumi
from panorama_import_gate import PackageImportJob

config = pulumi.Config()
fast = {"endpoint_url": config.require("endpointUrl"), "poll_min_delay_seconds": 0.1, "poll_max_delay_seconds": 0.5}
gate = PackageImportJob("gate", job_id=config.require("jobId"), **fast)
looked_up = PackageImportJob.get("looked-up", config.require("jobId"), **fast)
pulumi.export("packageVersion", gate.package_version)
pulumi.export("lookedUpVersion", looked_up.package_version)
