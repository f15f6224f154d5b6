"""The property table is the one source: the typed surface, the outputs, the README and the CLI follow it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from components.codegen import docs
from components.codegen.__main__ import documents, written
from components.core import table as p
from components.core.job import ImportJob, JobTag, S3Location
from components.dynamic.surface import PackageImportJobArgs, PackageImportJobOutputs


def test_every_generated_file_is_up_to_date() -> None:
    """The typed surface and every document's tables (schema.json and sdk/ are checked by `make lint`)."""
    stale = [str(path) for path, text in written().items() if path.read_text() != text]
    assert not stale, f"run `make generate`: {stale}"


@pytest.mark.parametrize("block", sorted(docs.BLOCKS))
def test_some_document_holds_each_generated_table(block: str) -> None:
    assert any(block in docs.blocks_in(path.read_text()) for path in documents())


def test_args_and_output_attributes_are_the_table_inputs_and_outputs() -> None:
    assert [f.name for f in dataclasses.fields(PackageImportJobArgs)] == [x.name for x in p.PROPERTIES if x.is_input]
    assert list(PackageImportJobOutputs.__annotations__) == [x.name for x in p.PROPERTIES if x.is_output]


def test_names_are_unique_in_both_spellings() -> None:
    assert len({prop.name for prop in p.PROPERTIES}) == len({prop.wire for prop in p.PROPERTIES}) == len(p.PROPERTIES)
    assert p.by_wire("outputS3Uri").name == "output_s3_uri"
    assert p.by_wire("waitTimeoutSeconds").name == p.WAIT_TIMEOUT


def test_key_groups_follow_the_table() -> None:
    assert p.JOB_ID in p.IDENTITY_KEYS and p.REGION in p.IDENTITY_KEYS
    assert set(p.CREATION_REQUIRED) == {
        p.INPUT_S3_BUCKET,
        p.INPUT_S3_KEY,
        p.OUTPUT_PACKAGE_NAME,
        p.OUTPUT_PACKAGE_VERSION,
    }
    assert not set(p.IDENTITY_KEYS) & set(p.OPTION_KEYS)
    assert set(p.CREATION_ONLY) <= set(p.IDENTITY_KEYS)


def _full_job() -> ImportJob:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return ImportJob(
        job_id="pij-1", status="SUCCEEDED", status_message="ok", job_type="NODE_PACKAGE_VERSION",
        created_time=now, last_updated_time=now, package_id="package-1", package_version="1.0",
        patch_version="abc", output_s3=S3Location("out", "k"), input_s3=S3Location("in", "m.json", "us-west-2"),
        output_package_name="app", output_package_version="1.0", mark_latest=True, client_token="tok",
        job_tags=(JobTag("PACKAGE", (("team", "vision"),)),),
    )  # fmt: skip


def test_a_fully_reported_job_fills_every_output() -> None:
    outputs = p.job_outputs(_full_job())
    assert sorted(outputs) == sorted(p.JOB_OUTPUT_KEYS)
    # Report order (`--json`): what every job reports first, starting with the ID and status.
    assert list(outputs)[:4] == ["job_id", "job_type", "status", "status_message"]
    assert list(outputs)[-8:] == [x.name for x in p.PROPERTIES if x.output_optional]
    assert outputs["output_s3_uri"] == "s3://out/k"
    assert outputs["input_s3_region"] == "us-west-2"
    assert outputs["job_tags"] == {"team": "vision"}
    assert outputs["created_time"] == "2026-01-02T03:04:05+00:00"


def test_unreported_outputs_stay_absent() -> None:
    job = dataclasses.replace(_full_job(), input_s3=None, mark_latest=None, client_token=None, job_tags=None)
    outputs = p.job_outputs(job)
    assert {"input_s3_bucket", "mark_latest", "client_token", "job_tags"}.isdisjoint(outputs)
    assert all(p.BY_NAME[name].output_optional for name in set(p.JOB_OUTPUT_KEYS) - set(outputs))


def test_option_defaults_come_from_the_table() -> None:
    from components.core.backoff import Backoff
    from components.core.waiting import Waiter

    assert (Backoff().min_delay, Backoff().max_delay) == (p.default(p.POLL_MIN_DELAY), p.default(p.POLL_MAX_DELAY))
    assert Waiter().timeout == p.default(p.WAIT_TIMEOUT)


@pytest.mark.parametrize("between", ["", "stale\n", "stale\nrows\n"])
def test_a_generated_block_is_filled_whatever_its_markers_hold(between: str) -> None:
    text = f"before\n<!-- generated:outputs -->\n{between}<!-- /generated:outputs -->\nafter\n"
    rendered = docs.render(text)
    assert (
        rendered == f"before\n<!-- generated:outputs -->\n{docs.readme_outputs()}\n<!-- /generated:outputs -->\nafter\n"
    )
    assert docs.render(rendered) == rendered
