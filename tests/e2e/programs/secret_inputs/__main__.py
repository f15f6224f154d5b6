"""Create mode with secret inputs: the tags and the ClientToken come from secret stack config."""

import pulumi

from components import PackageImportJob

config = pulumi.Config()
name = config.require("packageName")
job = PackageImportJob(
    "secret-gate",
    input_s3_bucket="manifests",
    input_s3_key=f"{name}/package.json",
    output_package_name=name,
    output_package_version="1.0",
    job_tags=config.require_secret_object("jobTags"),
    client_token=config.require_secret("clientToken"),
    endpoint_url=config.require("endpointUrl"),
    poll_max_delay_seconds=config.require_int("pollMaxDelaySeconds"),
)
pulumi.export("jobId", job.job_id)
pulumi.export("jobTags", job.job_tags)
