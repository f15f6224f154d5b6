"""panorama-import-gate: make `pulumi up` fail unless a Panorama package import job SUCCEEDED,
and publish the imported package's ID, version and patch as stack outputs."""

import pulumi

from components import PackageImportJob

config = pulumi.Config()
connection = {
    "endpoint_url": config.get("endpointUrl") or None,
    "wait_timeout_seconds": config.get_int("waitTimeoutSeconds"),
    "require_succeeded": config.get_bool("requireSucceeded"),
}
job_id = config.get("jobId") or None

if job_id and config.get_bool("lookupOnly"):
    job = PackageImportJob.get("package-import", job_id, **connection)
elif job_id:
    job = PackageImportJob("package-import", job_id=job_id, **connection)
else:
    job = PackageImportJob(
        "package-import",
        input_s3_bucket=config.require("inputBucket"),
        input_s3_key=config.require("inputKey"),
        output_package_name=config.require("packageName"),
        output_package_version=config.require("packageVersion"),
        # Escape hatch: a new token forces a fresh import (a FAILED one is retried on its own).
        client_token=config.get("clientToken") or None,
        **connection,
    )

if config.get_bool("publishParameter"):
    import pulumi_aws as aws

    # Exists only once the gate passed: its value depends on the job's outputs.
    aws.ssm.Parameter(
        "approved-package-version",
        type="String",
        value=pulumi.Output.concat(job.package_id, ":", job.package_version, ":", job.patch_version),
        description="Panorama package version approved by the import gate",
    )

pulumi.export("jobId", job.job_id)
pulumi.export("status", job.status)
pulumi.export("statusMessage", job.status_message)
pulumi.export("packageId", job.package_id)
pulumi.export("packageVersion", job.package_version)
pulumi.export("patchVersion", job.patch_version)
pulumi.export("outputS3Uri", job.output_s3_uri)
