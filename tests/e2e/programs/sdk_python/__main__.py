"""The gate through the provider plugin, from Python: the generated SDK, not the dynamic resource."""

import pulumi
import pulumi_panorama_import_gate as gate_sdk

config = pulumi.Config()
gate = gate_sdk.PackageImportJob(
    "gate", job_id=config.require("jobId"), endpoint_url=config.require("endpointUrl"), poll_max_delay_seconds=1
)
pulumi.export("status", gate.status)
