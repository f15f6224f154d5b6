"""The gate fed the way pipelines feed it: inputs that are Outputs, defaults spelled out, a `get` beside it."""

import pulumi
from upstream import Upstream

from components import PackageImportJob

config = pulumi.Config()
fast = {"endpoint_url": config.require("endpointUrl"), "poll_min_delay_seconds": 0.1, "poll_max_delay_seconds": 0.5}
if config.get_bool("spellDefaults"):
    aws = pulumi.Config("aws")
    fast.update(wait_timeout_seconds=1800, require_succeeded=True, region=aws.require("region"))

if config.get("producerStack"):
    producer = pulumi.StackReference(config.require("producerStack"))
    job = PackageImportJob("gate", job_id=producer.require_output("jobId"), **fast)
else:
    # The manifest key comes from another resource: unknown until that resource exists.
    upload = Upstream("manifest-upload", config.require("manifestKey"))
    creation = {"job_type": "NODE_PACKAGE_VERSION"} if config.get_bool("spellDefaults") else {}
    job = PackageImportJob(
        "gate",
        input_s3_bucket="manifests",
        input_s3_key=upload.value,
        output_package_name="pipeline-app",
        output_package_version="2.0",
        **creation,
        **fast,
    )

if config.get("lookupJobId"):
    looked_up = PackageImportJob.get("looked-up", config.require("lookupJobId"), **fast)
    pulumi.export("lookedUpVersion", looked_up.package_version)

pulumi.export("jobId", job.job_id)
pulumi.export("packageVersion", job.package_version)
