"""Scale benchmark program (P8, `make scale`): one PackageImportJob per comma-separated job ID, each
exported as `gate-<n>` with the job ID, status and package version it passed with. `pollDelay`, when set, is
every gate's poll_min_delay_seconds and poll_max_delay_seconds."""

import pulumi

from components import PackageImportJob

config = pulumi.Config()
delay = config.get("pollDelay")
polling = {"poll_min_delay_seconds": float(delay), "poll_max_delay_seconds": float(delay)} if delay else {}
for index, job_id in enumerate(config.require("jobIds").split(",")):
    gate = PackageImportJob(f"gate-{index}", job_id=job_id, endpoint_url=config.require("endpointUrl"), **polling)
    pulumi.export(
        f"gate-{index}", {"jobId": gate.job_id, "status": gate.status, "packageVersion": gate.package_version}
    )
