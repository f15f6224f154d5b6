"""Property names of the PackageImportJob resource, grouped by how changes to them behave."""

from __future__ import annotations

from typing import Any

DEFAULT_WAIT_TIMEOUT = 1800.0
DEFAULT_JOB_TYPE = "NODE_PACKAGE_VERSION"

# Inputs that identify the job: changing any of them replaces the resource.
JOB_ID = "job_id"
INPUT_S3_BUCKET = "input_s3_bucket"
INPUT_S3_KEY = "input_s3_key"
INPUT_S3_REGION = "input_s3_region"
OUTPUT_PACKAGE_NAME = "output_package_name"
OUTPUT_PACKAGE_VERSION = "output_package_version"
JOB_TYPE = "job_type"
MARK_LATEST = "mark_latest"
JOB_TAGS = "job_tags"
CLIENT_TOKEN = "client_token"  # noqa: S105 - a property name, not a secret
REGION = "region"
ENDPOINT_URL = "endpoint_url"
IDENTITY_KEYS = (
    JOB_ID,
    INPUT_S3_BUCKET,
    INPUT_S3_KEY,
    INPUT_S3_REGION,
    OUTPUT_PACKAGE_NAME,
    OUTPUT_PACKAGE_VERSION,
    JOB_TYPE,
    MARK_LATEST,
    JOB_TAGS,
    CLIENT_TOKEN,
    REGION,
)
CREATION_REQUIRED = (INPUT_S3_BUCKET, INPUT_S3_KEY, OUTPUT_PACKAGE_NAME, OUTPUT_PACKAGE_VERSION)
# Inputs that only shape a new job's creation request: meaningless (and refused) with job_id.
CREATION_ONLY = (INPUT_S3_REGION, JOB_TYPE, MARK_LATEST, JOB_TAGS, CLIENT_TOKEN)

# Inputs that only steer waiting, gating and transport: changing them updates in place, without AWS.
# (An endpoint URL reaches the same regional job, so changing it must not start a new one.)
WAIT_TIMEOUT = "wait_timeout_seconds"
POLL_MIN_DELAY = "poll_min_delay_seconds"
POLL_MAX_DELAY = "poll_max_delay_seconds"
REQUIRE_SUCCEEDED = "require_succeeded"
PROFILE = "profile"
OPTION_KEYS = (WAIT_TIMEOUT, POLL_MIN_DELAY, POLL_MAX_DELAY, REQUIRE_SUCCEEDED, PROFILE, ENDPOINT_URL)

# Set only by `PackageImportJob.get`: the read is a gated lookup.
GATE_ON_READ = "gate_on_read"
# The resource's logical name, so two resources with equal inputs get distinct ClientTokens.
RESOURCE_KEY = "resource_key"

INPUT_KEYS = (*IDENTITY_KEYS, *OPTION_KEYS, RESOURCE_KEY)

# Outputs reported by the job (ImportJob.to_outputs) beyond the echoed inputs.
STATUS = "status"
JOB_OUTPUT_KEYS = (
    JOB_ID,
    STATUS,
    "status_message",
    "package_id",
    "package_version",
    "patch_version",
    "output_s3_bucket",
    "output_s3_key",
    "output_s3_uri",
    JOB_TYPE,
    "created_time",
    "last_updated_time",
    CLIENT_TOKEN,
    INPUT_S3_BUCKET,
    INPUT_S3_KEY,
    INPUT_S3_REGION,
    OUTPUT_PACKAGE_NAME,
    OUTPUT_PACKAGE_VERSION,
    MARK_LATEST,
    JOB_TAGS,
)
# Output holding the job's identity as recorded at create time (defaults applied, region
# resolved), so diffs compare inputs with inputs and a refresh cannot change it.
INPUTS = "inputs"

# How the Pulumi wire protocol spells an unknown value (preview); kept here so the
# Pulumi-free modules can recognise it without importing pulumi.
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def identity(props: dict[str, Any]) -> dict[str, Any]:
    """The identity inputs that are set in a property bag, as given (how release 0.1 recorded them)."""
    return {k: props[k] for k in IDENTITY_KEYS if props.get(k) is not None}
