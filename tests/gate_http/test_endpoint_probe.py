"""`check` in track mode, with an endpoint set: one DescribePackageImportJob call per connection settings shows,
at `pulumi preview`, an endpoint that does not serve Panorama (a stray path, another server), in one line
naming the setting; anything else waits for the update, which retries and says it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.core import lifecycle as lifecycle_module
from components.core import table as p
from components.core.lifecycle import Lifecycle
from emulator.testing import EmulatorProcess


@pytest.fixture(autouse=True)
def no_probe_remembered() -> Iterator[None]:
    lifecycle_module._probes.clear()  # the verdicts are kept per process; each test starts afresh
    yield
    lifecycle_module._probes.clear()


def describes(emulator: EmulatorProcess) -> int:
    return int(emulator.counters()["requests"].get("DescribePackageImportJob", 0))


def test_a_stray_path_fails_the_check_naming_the_setting_as_each_front_end_spells_it(emulator: EmulatorProcess) -> None:
    url = f"{emulator.url}/stray"
    (failure,) = Lifecycle(config_region="us-east-1").check({p.JOB_ID: emulator.seed_job(), p.ENDPOINT_URL: url})
    said = (
        f"The Panorama endpoint {url} answered DescribePackageImportJob with HTTP 404 UnknownOperationException, "
        "so it does not serve Panorama's API: check {}."
    )
    assert (failure.property, failure.reason) == (p.ENDPOINT_URL, said.format("endpoint_url"))
    assert failure.spelled(p.camel) == said.format("endpointUrl")


def test_a_configured_endpoint_is_named_by_its_configuration_key(emulator: EmulatorProcess) -> None:
    url = f"{emulator.url}/stray"
    lifecycle = Lifecycle(config_region="us-east-1", config_endpoint_url=url, region_key="panorama-import-gate:region")
    (failure,) = lifecycle.check({p.JOB_ID: emulator.seed_job()})
    assert failure.reason.endswith("check panorama-import-gate:endpointUrl.")


def test_fifty_gates_through_one_endpoint_make_one_call(emulator: EmulatorProcess) -> None:
    lifecycle = Lifecycle(config_region="us-east-1")
    jobs = [emulator.seed_job() for _ in range(50)]
    before = describes(emulator)
    assert all(lifecycle.check({p.JOB_ID: job, p.ENDPOINT_URL: emulator.url}) == [] for job in jobs)
    assert describes(emulator) == before + 1


def test_a_job_that_is_not_found_is_left_to_the_update(emulator: EmulatorProcess) -> None:
    """The update reports it with its region (and a refresh may find the job gone on purpose)."""
    assert Lifecycle(config_region="us-east-1").check({p.JOB_ID: "pij-nowhere", p.ENDPOINT_URL: emulator.url}) == []


def test_create_mode_and_an_unknown_job_id_make_no_call(emulator: EmulatorProcess) -> None:
    """A new job has no ID to describe before `pulumi up`; an ID from another stack is unknown in preview."""
    before = describes(emulator)
    lifecycle = Lifecycle(config_region="us-east-1")
    create = {
        p.INPUT_S3_BUCKET: "b", p.INPUT_S3_KEY: "k.json", p.OUTPUT_PACKAGE_NAME: "app",
        p.OUTPUT_PACKAGE_VERSION: "1.0", p.ENDPOINT_URL: f"{emulator.url}/stray",
    }  # fmt: skip
    assert lifecycle.check(create) == []
    assert lifecycle.check({p.JOB_ID: p.UNKNOWN_SENTINEL, p.ENDPOINT_URL: f"{emulator.url}/stray"}) == []
    assert describes(emulator) == before
