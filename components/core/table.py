"""The one table of the PackageImportJob resource's properties.

Every front end is derived from :data:`PROPERTIES`: the key groups that ``check`` and
``diff`` use, the outputs, the typed Python surface (``dynamic/surface.py``, generated
by ``python -m components.codegen``), the README tables, and the Pulumi package
schema. Adding an input means adding one row here, then running ``make generate``.

Pulumi-free and botocore-free: the Pulumi program process imports it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .job import ImportJob


class Change(enum.Enum):
    """What changing an input does to the deployed gate."""

    REPLACES = "replaces"
    """Another job: the gate is replaced (identity inputs)."""
    UPDATES = "updates, no AWS call"
    """Only waiting, gating or transport: updated in place (option inputs)."""


class Mode(enum.Enum):
    """Which of the two input modes an input belongs to (``None`` in the table: both)."""

    TRACK = "track mode"
    CREATE_REQUIRED = "create mode, required"
    CREATE_OPTIONAL = "create mode"


class Type(enum.Enum):
    """Value types, named as in a Pulumi package schema."""

    STRING = "string"
    BOOLEAN = "boolean"
    NUMBER = "number"
    STRING_MAP = "map"

    @property
    def python(self) -> str:
        return {"string": "str", "boolean": "bool", "number": "float", "map": "dict[str, str]"}[self.value]


class Rule(enum.Enum):
    """Rules the service model cannot express; written by hand in ``rules.py``."""

    SECONDS = "a finite number of seconds >= 0"
    POSITIVE_SECONDS = "a finite number of seconds > 0"
    BOOLEAN = "true or false"
    REGION = "an AWS region name such as us-east-1"
    ENDPOINT_URL = "an http:// or https:// URL with a host name, such as http://127.0.0.1:4599"


@dataclass(frozen=True)
class Property:
    """One property of the resource: an input, an output reported by the job, or both."""

    name: str
    """Python name (snake_case)."""
    type: Type
    doc: str
    """One line: what the property is."""
    change: Change | None = None
    """Set for inputs: what changing it does."""
    mode: Mode | None = None
    """Set for inputs that exist only in create mode."""
    default: Any = None
    """The value an omitted input stands for (``None``: no fixed default)."""
    default_doc: str | None = None
    """How the README states a default that is not a fixed value."""
    change_doc: str | None = None
    """How the README states ``change`` when it needs a qualification."""
    shape: str | None = None
    """The Panorama service-model shape whose rules (length, pattern, enum, bounds) the input obeys."""
    rule: Rule | None = None
    """A hand-written rule, for inputs the service model does not describe."""
    output: Callable[[ImportJob], Any] | None = None
    """Set for outputs: how the value is read off the described job (``None`` when unreported)."""
    output_doc: str | None = None
    """The output's doc when it differs from the input's."""
    output_optional: bool = False
    """The job does not always report this output (it is then ``None``)."""
    function_doc: str | None = None
    """Set for inputs of the function `getPackageImportJob`: what the input means there."""

    @property
    def wire(self) -> str:
        """camelCase name, as the Pulumi schema and YAML programs spell it."""
        return camel(self.name)

    @property
    def default_text(self) -> str:
        """The default in words ("" when there is none): ``default_doc``, else the value as docs spell it."""
        if self.default_doc is not None:
            return self.default_doc
        if isinstance(self.default, bool):
            return str(self.default).lower()
        if isinstance(self.default, float):
            return f"{self.default:g}"
        return "" if self.default is None else str(self.default)

    @property
    def is_input(self) -> bool:
        return self.change is not None

    @property
    def is_output(self) -> bool:
        return self.output is not None

    @property
    def is_function_input(self) -> bool:
        return self.function_doc is not None


def camel(name: str) -> str:
    """``output_s3_uri`` → ``outputS3Uri``: how Pulumi's schema and every language but Python spell a name."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _s3(part: str) -> Callable[[ImportJob], Any]:
    return lambda job: getattr(job.input_s3, part) if job.input_s3 else None


_CHAIN_REGION = "stack config `aws:region`, then the AWS chain"

#: The resource's properties, in the order the docs list them.
PROPERTIES: tuple[Property, ...] = (
    Property(
        "job_id", Type.STRING, "An existing import job to track and gate on (track mode).",
        change=Change.REPLACES, mode=Mode.TRACK, shape="JobId",
        output=lambda j: j.job_id, output_doc="The import job's ID.",
        function_doc="The import job to read. Give this, or packageName and packageVersion.",
    ),
    Property(
        "input_s3_bucket", Type.STRING, "Bucket holding the package manifest to import.",
        change=Change.REPLACES, mode=Mode.CREATE_REQUIRED, shape="BucketName", output=_s3("bucket"),
        output_doc="Bucket of the imported manifest.",
        output_optional=True,
    ),
    Property(
        "input_s3_key", Type.STRING, "Object key of the package manifest.",
        change=Change.REPLACES, mode=Mode.CREATE_REQUIRED, shape="ObjectKey", output=_s3("key"),
        output_doc="Key of the imported manifest.",
        output_optional=True,
    ),
    Property(
        "input_s3_region", Type.STRING, "Region of the manifest bucket, if not the client's region.",
        change=Change.REPLACES, mode=Mode.CREATE_OPTIONAL, shape="Region", output=_s3("region"),
        output_doc="Region of the manifest bucket, when reported.",
        output_optional=True,
    ),
    Property(
        "output_package_name", Type.STRING, "Name of the node package to import into.",
        change=Change.REPLACES, mode=Mode.CREATE_REQUIRED, shape="NodePackageName",
        output=lambda j: j.output_package_name, output_doc="Requested output package name.",
        output_optional=True,
    ),
    Property(
        "output_package_version", Type.STRING, "Package version to create, e.g. `1.0`.",
        change=Change.REPLACES, mode=Mode.CREATE_REQUIRED, shape="NodePackageVersion",
        output=lambda j: j.output_package_version, output_doc="Requested output package version.",
        output_optional=True,
    ),
    Property(
        "job_type", Type.STRING, "NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION.",
        change=Change.REPLACES, mode=Mode.CREATE_OPTIONAL, default="NODE_PACKAGE_VERSION",
        shape="PackageImportJobType", output=lambda j: j.job_type,
    ),
    Property(
        "mark_latest", Type.BOOLEAN, "Mark the imported patch as the latest.",
        change=Change.REPLACES, mode=Mode.CREATE_OPTIONAL, default=False, rule=Rule.BOOLEAN,
        output=lambda j: j.mark_latest, output_doc="Whether the patch was to be marked latest.",
        output_optional=True,
    ),
    Property(
        "job_tags", Type.STRING_MAP, "Tags for the imported package (at most 50).",
        change=Change.REPLACES, mode=Mode.CREATE_OPTIONAL, default=MappingProxyType({}), default_doc="none",
        shape="TagMap",
        output=lambda j: j.tags(), output_doc="Tags applied to the imported package.",
        output_optional=True,
    ),
    Property(
        "client_token", Type.STRING, "Idempotency token; a new value forces a fresh import.",
        change=Change.REPLACES, mode=Mode.CREATE_OPTIONAL, default_doc="derived from the stack, name and inputs",
        change_doc="replaces when set to another value; removing it keeps the job", shape="ClientToken",
        output=lambda j: j.client_token, output_doc="The idempotency token the job was created with.",
        output_optional=True,
    ),
    Property(
        "region", Type.STRING, "AWS region of the job.",
        change=Change.REPLACES, default_doc=_CHAIN_REGION, rule=Rule.REGION,
        change_doc="replaces (so does changing `aws:region`)", function_doc="AWS region of the job.",
    ),
    Property(
        "wait_timeout_seconds", Type.NUMBER, "How long to wait for a PENDING job; 0 checks once without waiting.",
        change=Change.UPDATES, default=1800.0, rule=Rule.SECONDS,
    ),
    Property(
        "poll_min_delay_seconds", Type.NUMBER,
        "Delay between status polls of a brand-new job; it grows by 10 % of the job's age.",
        change=Change.UPDATES, default=0.5, rule=Rule.POSITIVE_SECONDS,
    ),
    Property(
        "poll_max_delay_seconds", Type.NUMBER, "Largest delay between status polls (at least the minimum delay).",
        change=Change.UPDATES, default=10.0, rule=Rule.POSITIVE_SECONDS,
    ),
    Property(
        "require_succeeded", Type.BOOLEAN, "Fail the deployment unless the job SUCCEEDED.",
        change=Change.UPDATES, default=True, rule=Rule.BOOLEAN,
        change_doc="updates, no AWS call (switching it on for a job recorded as not SUCCEEDED waits again)",
        function_doc="Fail the preview or update unless the job SUCCEEDED (default false for the function).",
    ),
    Property(
        "profile", Type.STRING, "Named AWS profile.",
        change=Change.UPDATES, default_doc="stack config `aws:profile`, then the AWS chain",
        function_doc="Named AWS profile.",
    ),
    Property(
        "endpoint_url", Type.STRING, "Panorama endpoint override, e.g. the local emulator.",
        change=Change.UPDATES, default_doc="`AWS_ENDPOINT_URL_PANORAMA` / `AWS_ENDPOINT_URL`", rule=Rule.ENDPOINT_URL,
        function_doc="Panorama endpoint override, e.g. the local emulator.",
    ),
    Property("status", Type.STRING, "PENDING, SUCCEEDED or FAILED.", output=lambda j: j.status),
    Property("status_message", Type.STRING, "The service's explanation of the status.",
             output=lambda j: j.status_message),
    Property("created_time", Type.STRING, "When the job was created (ISO 8601, UTC).",
             output=lambda j: j.created_time.isoformat()),
    Property("last_updated_time", Type.STRING, "When the job last changed (ISO 8601, UTC).",
             output=lambda j: j.last_updated_time.isoformat()),
    Property("package_id", Type.STRING, "ID of the package the job imported into.", output=lambda j: j.package_id),
    Property("package_version", Type.STRING, "Package version the job produced.", output=lambda j: j.package_version,
             shape="NodePackageVersion", function_doc="With packageName: the package version, e.g. `1.0`."),
    Property("patch_version", Type.STRING, "Patch version the job produced.", output=lambda j: j.patch_version),
    Property("output_s3_bucket", Type.STRING, "Bucket where Panorama stored the imported package.",
             output=lambda j: j.output_s3.bucket),
    Property("output_s3_key", Type.STRING, "Object key of the imported package.", output=lambda j: j.output_s3.key),
    Property("output_s3_uri", Type.STRING, "`s3://bucket/key` of the imported package.",
             output=lambda j: j.output_s3.uri),
    # An input of the function `getPackageImportJob` only.
    Property("package_name", Type.STRING, "Name of the package the job imported into.", shape="NodePackageName",
             function_doc="With packageVersion: read the newest SUCCEEDED job that produced it."),
)  # fmt: skip

BY_NAME: Mapping[str, Property] = {prop.name: prop for prop in PROPERTIES}


def by_wire(wire: str) -> Property:
    """The property a camelCase name stands for (KeyError if none)."""
    return _BY_WIRE[wire]


_BY_WIRE = {prop.wire: prop for prop in PROPERTIES}


def default(name: str) -> Any:
    return BY_NAME[name].default


# -- names the behaviour refers to ------------------------------------------------------------
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
WAIT_TIMEOUT = "wait_timeout_seconds"
POLL_MIN_DELAY = "poll_min_delay_seconds"
POLL_MAX_DELAY = "poll_max_delay_seconds"
REQUIRE_SUCCEEDED = "require_succeeded"
PROFILE = "profile"
STATUS = "status"
PACKAGE_NAME = "package_name"
PACKAGE_VERSION = "package_version"

# -- groups derived from the table -------------------------------------------------------------
#: Inputs that identify the job: changing any of them replaces the resource.
IDENTITY_KEYS = tuple(prop.name for prop in PROPERTIES if prop.change is Change.REPLACES)
#: Inputs that only steer waiting, gating and transport: changing them updates in place, without AWS.
#: (An endpoint URL reaches the same regional job, so changing it must not start a new one.)
OPTION_KEYS = tuple(prop.name for prop in PROPERTIES if prop.change is Change.UPDATES)
#: Inputs a new job needs when ``job_id`` is not given.
CREATION_REQUIRED = tuple(prop.name for prop in PROPERTIES if prop.mode is Mode.CREATE_REQUIRED)
#: Inputs that only shape a new job's creation request: meaningless (and refused) with ``job_id``.
CREATION_ONLY = tuple(prop.name for prop in PROPERTIES if prop.mode is Mode.CREATE_OPTIONAL)
#: Outputs read off the described job.
JOB_OUTPUT_KEYS = tuple(prop.name for prop in PROPERTIES if prop.is_output)
#: Inputs of the function `getPackageImportJob`.
FUNCTION_INPUTS = tuple(prop for prop in PROPERTIES if prop.is_function_input)
#: What the Python resource's `get` takes besides the job's ID: what steers the read (connection, waiting, gating).
LOOKUP_KEYS = tuple(prop.name for prop in PROPERTIES if prop.change is Change.UPDATES or prop.name == "region")
#: The same, as rows (the typed `get` and its docs).
LOOKUP_INPUTS = tuple(BY_NAME[name] for name in LOOKUP_KEYS)
#: Every input, as rows (`Inputs`' fields).
INPUT_PROPS = tuple(prop for prop in PROPERTIES if prop.is_input)
#: Every property a gate stores (`State`'s fields): its inputs and the job's outputs.
STATE_PROPS = tuple(prop for prop in PROPERTIES if prop.is_input or prop.is_output)
#: The inputs of a new job's creation request, required or not, as rows.
CREATION_PROPS = tuple(prop for prop in PROPERTIES if prop.mode in (Mode.CREATE_REQUIRED, Mode.CREATE_OPTIONAL))
#: ``OPTION_KEYS`` as rows.
OPTION_PROPS = tuple(prop for prop in PROPERTIES if prop.change is Change.UPDATES)

DEFAULT_WAIT_TIMEOUT: float = BY_NAME[WAIT_TIMEOUT].default
DEFAULT_POLL_MIN_DELAY: float = BY_NAME[POLL_MIN_DELAY].default
DEFAULT_POLL_MAX_DELAY: float = BY_NAME[POLL_MAX_DELAY].default
DEFAULT_JOB_TYPE: str = BY_NAME[JOB_TYPE].default

# -- internal state keys (not user properties) ---------------------------------------------------
#: Set only by `PackageImportJob.get`: the read is a gated lookup.
GATE_ON_READ = "gate_on_read"
#: The resource's logical name, so two resources with equal inputs get distinct ClientTokens.
RESOURCE_KEY = "resource_key"


def resource_key(project: str, stack: str, name: str) -> str:
    """The value of :data:`RESOURCE_KEY`: the resource's place (here, so a program that declares gates imports
    the table and not the identity rules, which run in the provider)."""
    return f"{project}/{stack}/{name}"


#: Output holding the job's identity as recorded at create time (defaults applied, region
#: resolved), so diffs compare inputs with inputs and a refresh cannot change it.
INPUTS = "inputs"

INPUT_KEYS = (*IDENTITY_KEYS, *OPTION_KEYS, RESOURCE_KEY)

#: How the Pulumi wire protocol spells an unknown value (preview); kept here so the
#: Pulumi-free modules can recognise it without importing pulumi.
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


#: Connection settings: an empty string means "not set" (stack config and YAML programs often hold "").
SETTINGS = (REGION, PROFILE, ENDPOINT_URL)
#: The provider plugin's configuration: the connection settings, as rows.
PROVIDER_CONFIG = tuple(BY_NAME[name] for name in SETTINGS)
#: How the plugin's docs word a connection setting's default (``{package}``: the plugin's package name): an
#: input falls back on the provider's configuration of the same name, then on what botocore would use.
PROVIDER_DEFAULT_WORDING = {
    REGION: "provider config `{package}:region`, then the AWS chain",
    PROFILE: "provider config `{package}:profile`, then the AWS chain",
    ENDPOINT_URL: "provider config `{package}:endpointUrl`, then `AWS_ENDPOINT_URL_PANORAMA` / `AWS_ENDPOINT_URL`",
}


def setting(value: Any) -> Any:
    """A connection setting (input or configuration) with an empty string read as unset (None)."""
    return None if value == "" else value


#: Outputs in report order (`--json`, the CLI table): the ones every job reports first, then the optional ones.
REPORT_ORDER = tuple(
    sorted((prop for prop in PROPERTIES if prop.output is not None), key=lambda prop: prop.output_optional)
)


def job_outputs(job: ImportJob) -> dict[str, Any]:
    """The outputs the described job reports, in report order; absent fields stay absent."""
    values = {prop.name: prop.output(job) for prop in REPORT_ORDER if prop.output is not None}
    return {k: v for k, v in values.items() if v is not None}
