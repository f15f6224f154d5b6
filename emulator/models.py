"""Emulator state: import jobs and the packages their success registers.

Domain objects emit AWS's exact PascalCase dictionaries; backend methods map
one-to-one to API operations. A job's status is derived from the clock (created
time + duration), so a restarted emulator continues each job where it was.
Jobs are kept per region, as on AWS: an operation sees only the jobs (and the
packages they registered) of the region its request was signed for. Job IDs are
unique across regions.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .exceptions import ConflictException, ResourceNotFoundException, ValidationException
from .paging import Pager

ACCOUNT_ID = "123456789012"
#: The region of jobs seeded without one, and of jobs in state files written before jobs were per region.
DEFAULT_REGION = "us-east-1"
DEFAULT_DURATION_SECONDS = 2.0
DEFAULT_FAILURE_MESSAGE = "Package import failed: the package manifest could not be validated."
TAG_OUTCOME = "emulator:outcome"
TAG_DURATION = "emulator:duration-seconds"
TAG_MESSAGE = "emulator:status-message"
PENDING = "PENDING"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
TERMINAL = (SUCCEEDED, FAILED)
#: How long the same ClientToken returns the same job. AWS does not document Panorama's window;
#: 24 hours is an assumption. Past the window a reused token starts a new job, as it would on AWS.
DEFAULT_CLIENT_TOKEN_WINDOW_SECONDS = 86400.0


def _hex(*parts: str, length: int) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:length]


@dataclass
class StoredJob:
    """One import job as the emulator stores it (JSON-serializable)."""

    job_id: str
    client_token: str
    job_type: str
    input_config: dict[str, Any]
    output_config: dict[str, Any]
    job_tags: list[dict[str, Any]]
    created: float
    duration: float
    outcome: str
    failure_message: str
    region: str
    fingerprint: str = ""
    status_override: str | None = None
    message_override: str | None = None
    updated_override: float | None = None

    @property
    def package_name(self) -> str:
        return str(self.output_config.get("PackageVersionOutputConfig", {}).get("PackageName", ""))

    @property
    def package_version(self) -> str:
        return str(self.output_config.get("PackageVersionOutputConfig", {}).get("PackageVersion", ""))

    @property
    def mark_latest(self) -> bool:
        return bool(self.output_config.get("PackageVersionOutputConfig", {}).get("MarkLatest", False))

    @property
    def package_id(self) -> str:
        return f"package-{_hex(ACCOUNT_ID, self.package_name, length=24)}"

    @property
    def patch_version(self) -> str:
        return _hex(self.job_id, self.package_version, length=32)

    def status(self, now: float) -> str:
        if self.status_override:
            return self.status_override
        return self.outcome if now >= self.created + self.duration else PENDING

    def last_updated(self, now: float) -> float:
        if self.updated_override is not None:
            return self.updated_override
        return self.created + self.duration if self.status(now) in TERMINAL else self.created

    def status_message(self, now: float) -> str:
        if self.message_override is not None:
            return self.message_override
        status = self.status(now)
        if status == PENDING:
            return "The package import job is in progress."
        if status == SUCCEEDED:
            return "The package import job succeeded."
        return self.failure_message

    @property
    def bucket(self) -> str:
        return f"panorama-packages-{ACCOUNT_ID}-{self.region}"

    def describe(self, now: float) -> dict[str, Any]:
        """The DescribePackageImportJob response."""
        body: dict[str, Any] = {
            "CreatedTime": self.created,
            "InputConfig": self.input_config,
            "JobId": self.job_id,
            "JobType": self.job_type,
            "LastUpdatedTime": self.last_updated(now),
            "Output": {
                "OutputS3Location": {
                    "BucketName": self.bucket,
                    "ObjectKey": f"{ACCOUNT_ID}/nodePackages/{self.package_id}/binaries/{self.patch_version}.json",
                },
                "PackageId": self.package_id,
                "PackageVersion": self.package_version,
                "PatchVersion": self.patch_version,
            },
            "OutputConfig": self.output_config,
            "Status": self.status(now),
            "StatusMessage": self.status_message(now),
            "ClientToken": self.client_token,
        }
        if self.job_tags:
            body["JobTags"] = self.job_tags
        return body

    def summary(self, now: float) -> dict[str, Any]:
        """One entry of ListPackageImportJobs."""
        return {
            "CreatedTime": self.created,
            "JobId": self.job_id,
            "JobType": self.job_type,
            "LastUpdatedTime": self.last_updated(now),
            "Status": self.status(now),
            "StatusMessage": self.status_message(now),
        }


@dataclass
class Manifest:
    """What importing the manifest at one S3 location does (set through the admin API).

    Stands for the manifest's content: "fixing the manifest at the same key" is a
    new Manifest for the same location, and only jobs created after it see it.
    """

    outcome: str = SUCCEEDED
    duration: float = DEFAULT_DURATION_SECONDS
    message: str = DEFAULT_FAILURE_MESSAGE

    @classmethod
    def from_admin(cls, data: dict[str, Any]) -> Manifest:
        outcome = str(data.get("Outcome", SUCCEEDED)).upper()
        if outcome not in TERMINAL:
            raise ValidationException("Outcome must be SUCCEEDED or FAILED.")
        try:
            duration = float(data.get("DurationSeconds", DEFAULT_DURATION_SECONDS))
        except (TypeError, ValueError) as exc:
            raise ValidationException("DurationSeconds must be a number of seconds.") from exc
        if not 0 <= duration <= 86400:
            raise ValidationException("DurationSeconds must be between 0 and 86400.")
        return cls(outcome, duration, str(data.get("StatusMessage", DEFAULT_FAILURE_MESSAGE)))


def _location(params: dict[str, Any]) -> str:
    """`bucket/key` of the manifest a CreatePackageImportJob request imports ('' if none)."""
    source = params.get("InputConfig", {}).get("PackageVersionInputConfig", {}).get("S3Location", {})
    return f"{source.get('BucketName', '')}/{source.get('ObjectKey', '')}" if source else ""


def _steering(tags: list[dict[str, Any]], manifest: Manifest | None = None) -> tuple[str, float, str]:
    """Outcome, duration and failure message: `emulator:*` job tags first, then the registered manifest."""
    base = manifest or Manifest()
    merged: dict[str, str] = {}
    for entry in tags:
        merged.update(entry.get("Tags", {}))
    outcome = merged.get(TAG_OUTCOME, base.outcome).upper()
    if outcome not in TERMINAL:
        raise ValidationException(f"Tag {TAG_OUTCOME} must be SUCCEEDED or FAILED, not {outcome!r}.")
    try:
        duration = float(merged.get(TAG_DURATION, base.duration))
    except ValueError as exc:
        raise ValidationException(f"Tag {TAG_DURATION} must be a number of seconds.") from exc
    if not 0 <= duration <= 86400:
        raise ValidationException(f"Tag {TAG_DURATION} must be between 0 and 86400 seconds.")
    return outcome, duration, merged.get(TAG_MESSAGE, base.message)


def _fingerprint(params: dict[str, Any]) -> str:
    relevant = {k: params.get(k) for k in ("InputConfig", "JobType", "OutputConfig", "JobTags")}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def _arn(job: StoredJob) -> str:
    return f"arn:aws:panorama:{job.region}:{ACCOUNT_ID}:package/{job.package_id}"


def _paged(operation: str, region: str) -> str:
    """What a listing's NextToken is bound to: a token of one region is refused in another."""
    return f"{operation}@{region}"


class StateStore(Protocol):
    """Where a backend keeps its jobs and manifests across restarts (``persistence.StateFile``)."""

    def load(self) -> tuple[dict[str, StoredJob], dict[str, Manifest]]: ...

    def save(self, jobs: dict[str, StoredJob], manifests: dict[str, Manifest]) -> None: ...


@dataclass
class Backend:
    """All emulator state. Thread-safe; saved to ``store`` (if any) after every change.

    Operations take the ``region`` of their request; ``region`` here is the one used without it.
    """

    region: str = DEFAULT_REGION
    store: StateStore | None = None
    clock: Callable[[], float] = time.time
    client_token_window: float = DEFAULT_CLIENT_TOKEN_WINDOW_SECONDS
    jobs: dict[str, StoredJob] = field(default_factory=dict)
    manifests: dict[str, Manifest] = field(default_factory=dict)
    pager: Pager = field(default_factory=Pager)
    lock: threading.RLock = field(default_factory=threading.RLock)
    #: Job ID to when a DescribePackageImportJob answer first reported the job SUCCEEDED or FAILED
    #: (this clock; kept in memory only): how late pollers saw each job end, with no client clock involved.
    first_done_answers: dict[str, float] = field(default_factory=dict)

    # -- persistence (see persistence.py) --------------------------------------
    def load(self) -> None:
        """Take the jobs and manifests the store holds (an emulator restarted with the same `--state`)."""
        if self.store is not None:
            self.jobs, self.manifests = self.store.load()

    def save(self) -> None:
        if self.store is not None:
            self.store.save(self.jobs, self.manifests)

    # -- import jobs -------------------------------------------------------------
    def _in(self, region: str | None) -> list[StoredJob]:
        """The jobs of one region (``self.region`` if None)."""
        wanted = region or self.region
        return [j for j in self.jobs.values() if j.region == wanted]

    def create_package_import_job(
        self, params: dict[str, Any], job_id: str | None = None, age: float = 0.0, region: str | None = None
    ) -> dict[str, Any]:
        tags = params.get("JobTags") or []
        fingerprint = _fingerprint(params)
        with self.lock:
            outcome, duration, message = _steering(tags, self.manifests.get(_location(params)))
            now = self.clock()
            for job in self._in(region):
                # Inside the window a token means "that job"; past it, a token is free again.
                if job.client_token == params["ClientToken"] and now - job.created < self.client_token_window:
                    if job.fingerprint != fingerprint:
                        raise ConflictException(
                            "ClientToken was already used with different parameters.", job.job_id, "PACKAGE_IMPORT_JOB"
                        )
                    return {"JobId": job.job_id}
            new_id = job_id or f"pij-{uuid.uuid4().hex[:24]}"
            if new_id in self.jobs:
                raise ConflictException(f"Job {new_id} already exists.", new_id, "PACKAGE_IMPORT_JOB")
            self.jobs[new_id] = StoredJob(
                job_id=new_id,
                client_token=params["ClientToken"],
                job_type=params["JobType"],
                input_config=params["InputConfig"],
                output_config=params["OutputConfig"],
                job_tags=tags,
                created=self.clock() - age,
                duration=duration,
                outcome=outcome,
                failure_message=message,
                region=region or self.region,
                fingerprint=fingerprint,
            )
            self.save()
            return {"JobId": new_id}

    def job(self, job_id: str, region: str | None = None, any_region: bool = False) -> StoredJob:
        """A job by ID: in ``region`` (``self.region`` if None), or in any region (the admin API)."""
        job = self.jobs.get(job_id)
        if job is None or not (any_region or job.region == (region or self.region)):
            raise ResourceNotFoundException(
                f"The package import job {job_id} does not exist.", job_id, "PACKAGE_IMPORT_JOB"
            )
        return job

    def describe_package_import_job(self, params: dict[str, Any], region: str | None = None) -> dict[str, Any]:
        with self.lock:
            now = self.clock()
            answer = self.job(params["JobId"], region).describe(now)
            if answer["Status"] in TERMINAL:
                self.first_done_answers.setdefault(answer["JobId"], now)
            return answer

    def list_package_import_jobs(self, params: dict[str, Any], region: str | None = None) -> dict[str, Any]:
        with self.lock:
            now = self.clock()
            ordered = sorted(self._in(region), key=lambda j: (j.created, j.job_id))
            summaries = [j.summary(now) for j in ordered]
            chunk, token = self.pager.page(
                _paged("ListPackageImportJobs", region or self.region),
                summaries,
                params.get("MaxResults"),
                params.get("NextToken"),
            )
        result: dict[str, Any] = {"PackageImportJobs": chunk}
        if token:
            result["NextToken"] = token
        return result

    # -- packages (derived from SUCCEEDED jobs) ----------------------------------
    def _succeeded(self, region: str | None) -> list[StoredJob]:
        now = self.clock()
        return sorted((j for j in self._in(region) if j.status(now) == SUCCEEDED), key=lambda j: (j.created, j.job_id))

    def _package(self, package_id: str, region: str | None) -> list[StoredJob]:
        jobs = [j for j in self._succeeded(region) if j.package_id == package_id]
        if not jobs:
            raise ResourceNotFoundException(f"The package {package_id} does not exist.", package_id, "PACKAGE")
        return jobs

    def list_packages(self, params: dict[str, Any], region: str | None = None) -> dict[str, Any]:
        with self.lock:
            first: dict[str, StoredJob] = {}
            for job in self._succeeded(region):
                first.setdefault(job.package_id, job)
            items = [
                {
                    "Arn": _arn(j),
                    "CreatedTime": j.created + j.duration,
                    "PackageId": j.package_id,
                    "PackageName": j.package_name,
                    "Tags": {},
                }
                for j in first.values()
            ]
            chunk, token = self.pager.page(
                _paged("ListPackages", region or self.region), items, params.get("MaxResults"), params.get("NextToken")
            )
        result: dict[str, Any] = {"Packages": chunk}
        if token:
            result["NextToken"] = token
        return result

    def describe_package(self, params: dict[str, Any], region: str | None = None) -> dict[str, Any]:
        with self.lock:
            job = self._package(params["PackageId"], region)[0]
        prefix = f"{ACCOUNT_ID}/nodePackages/{job.package_id}"
        return {
            "Arn": _arn(job),
            "CreatedTime": job.created + job.duration,
            "PackageId": job.package_id,
            "PackageName": job.package_name,
            "StorageLocation": {
                "Bucket": job.bucket,
                "BinaryPrefixLocation": f"{prefix}/binaries",
                "GeneratedPrefixLocation": f"{prefix}/generated",
                "ManifestPrefixLocation": f"{prefix}/manifests",
                "RepoPrefixLocation": prefix,
            },
            "Tags": {},
        }

    def describe_package_version(self, params: dict[str, Any], region: str | None = None) -> dict[str, Any]:
        with self.lock:
            versions = [
                j for j in self._package(params["PackageId"], region) if j.package_version == params["PackageVersion"]
            ]
        if not versions:
            ref = f"{params['PackageId']}/{params['PackageVersion']}"
            raise ResourceNotFoundException(f"The package version {ref} does not exist.", ref, "PACKAGE_VERSION")
        marked = [j for j in versions if j.mark_latest]
        latest = (marked or versions)[-1]
        wanted = params.get("PatchVersion")
        chosen = latest if wanted is None else next((j for j in versions if j.patch_version == wanted), None)
        if chosen is None:
            ref = f"{params['PackageId']}/{params['PackageVersion']}/{wanted}"
            raise ResourceNotFoundException(f"The patch version {ref} does not exist.", ref, "PACKAGE_VERSION")
        return {
            "IsLatestPatch": chosen is latest,
            "OwnerAccount": ACCOUNT_ID,
            "PackageArn": _arn(chosen),
            "PackageId": chosen.package_id,
            "PackageName": chosen.package_name,
            "PackageVersion": chosen.package_version,
            "PatchVersion": chosen.patch_version,
            "RegisteredTime": chosen.created + chosen.duration,
            "Status": "REGISTER_COMPLETED",
        }
