"""The gate through the provider plugin with the generated Python SDK: `pulumi up` waits for the import job in
config `jobId` and fails unless it SUCCEEDED; `approved` is created only after the gate passed."""

import pulumi

# [start gate]
import pulumi_panorama_import_gate as gate_sdk

config = pulumi.Config()
gate = gate_sdk.PackageImportJob("gate", job_id=config.require("jobId"))
pulumi.export("packageVersion", gate.package_version)
# [end gate]

# [start dependent]
# Uses the gate's outputs, so Pulumi creates it only once the gate passed; it tracks the same job.
approved = gate_sdk.PackageImportJob("approved", job_id=gate.job_id, require_succeeded=False)
pulumi.export("approvedJobId", approved.job_id)
# [end dependent]

# [start read]
looked_up = gate_sdk.get_package_import_job_output(job_id=config.require("jobId"))
pulumi.export("lookedUpStatus", looked_up.status)
# [end read]

pulumi.export("status", gate.status)
pulumi.export("packageId", gate.package_id)
