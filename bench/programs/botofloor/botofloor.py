"""A dynamic provider whose create imports botocore, builds a Panorama client and makes one
DescribePackageImportJob call (in its own module, pickled by reference, like the gate's)."""

from typing import Any

from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class DescribeProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        import botocore.session

        client = botocore.session.get_session().create_client(
            "panorama", region_name="us-east-1", endpoint_url=props["endpoint_url"]
        )
        status = client.describe_package_import_job(JobId=props["job_id"])["Status"]
        return CreateResult(props["job_id"], {"status": status})


class Describe(Resource):
    def __init__(self, name: str, job_id: str, endpoint_url: str) -> None:
        super().__init__(DescribeProvider(), name, {"job_id": job_id, "endpoint_url": endpoint_url, "status": None})
