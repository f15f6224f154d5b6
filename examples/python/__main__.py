"""The gate as a dynamic resource from the installed package: `pulumi up` waits for the import job in config
`jobId` and fails unless it SUCCEEDED; `approved` is created only after the gate passed."""

import pulumi

# [start gate]
from panorama_import_gate import PackageImportJob

config = pulumi.Config()
gate = PackageImportJob("gate", job_id=config.require("jobId"))
pulumi.export("packageVersion", gate.package_version)
# [end gate]

# [start dependent]
# Uses the gate's outputs, so Pulumi creates it only once the gate passed. It tracks the same job
# (require_succeeded=False: it records the job, whatever its status), so it needs nothing but Panorama.
approved = PackageImportJob("approved", job_id=gate.job_id, require_succeeded=False)
pulumi.export("approvedJobId", approved.job_id)
# [end dependent]

# [start read]
# Reads a job without gating on it: the dynamic resource's lookup (dynamic providers serve no functions),
# with require_succeeded=False as the plugin's getPackageImportJob function defaults to.
looked_up = PackageImportJob.get("looked-up", config.require("jobId"), require_succeeded=False)
pulumi.export("lookedUpStatus", looked_up.status)
# [end read]

pulumi.export("status", gate.status)
pulumi.export("packageId", gate.package_id)
