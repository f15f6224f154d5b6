"""Every shape of state an earlier release stored, read into today's: one ordered list of migrations.

A gate records the identity of its job when it is created (the `inputs` output): what later diffs compare
the program's inputs with, and where a refresh looks the job up. Releases recorded it differently, and
users' stacks outlive releases, so the stored record goes through :data:`MIGRATIONS`, in order, before
anything reads it. Each migration turns one old shape into the next and says, by returning None, when the
record is not in its shape. `tests/unit/test_migrations.py` runs each over the states the releases really
wrote (`tests/fixtures/states/`).

The shapes, oldest first:

- **no record** (any release, after `pulumi import`): an adopted job's state holds only what a read returned.
  :func:`record_from_the_outputs`.
- **0.1**: the identity inputs as given (no defaults, a region only when explicit); a `pulumi refresh` by 0.1
  also mixed in the job's reported fields. :func:`defaults_and_region`.
- **plugin 0.2.0**: secret inputs' copies in the record in plain text (it did not accept secrets).
  :func:`secret_copies_encrypted`.
- **0.2, Python**: the record in plain text, secret inputs' copies too. No migration: the resource asks the
  engine to keep `inputs` secret, so the next `up` encrypts it.
- **0.3 on**: today's shape, the effective identity (defaults applied, the region the job lives in).

Pulumi-free: the dynamic provider and the plugin both call :func:`migrate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import table as p
from .model import State


@dataclass(frozen=True)
class Stored:
    """A gate's stored state on its way to today's shape."""

    state: State
    """The stored state (typed; see ``values.state_of``)."""
    region: str | None = None
    """The region a record that names none was created in: the configured one (a diff), or the one the job
    was just found in (a refresh)."""
    plain_secrets: frozenset[str] = frozenset()
    """Entries of the record stored in plain text although their input is secret (the plugin can tell)."""
    rewrite: tuple[str, ...] = ()
    """Entries the next update must store again (encrypted), without any call to AWS."""
    applied: tuple[str, ...] = field(default=())
    """The migrations that changed the state, in order."""

    @property
    def record(self) -> Mapping[str, Any] | None:
        return self.state.record

    def with_record(self, record: Mapping[str, Any]) -> Stored:
        return replace(self, state=replace(self.state, record=dict(record)))


@dataclass(frozen=True)
class Migration:
    """One old shape and how it becomes the next."""

    release: str
    """The release that wrote the shape."""
    upgrade: Callable[[Stored], Stored | None]
    """The state in the next shape; None when it is not in this migration's shape."""


def record_from_the_outputs(stored: Stored) -> Stored | None:
    """No record (`pulumi import` reads with nothing stored): the identity inputs found among the stored
    values stand for it (none for an imported job, which the read then tracks by its ID). The `job_id`
    output is the job's ID in either mode: it is an input only when no creation input is stored."""
    if stored.record is not None:
        return None
    found = {name: getattr(stored.state, name) for name in p.IDENTITY_KEYS}
    record = {name: given for name, given in found.items() if given is not None}
    if any(name in record for name in p.CREATION_REQUIRED):
        record.pop(p.JOB_ID, None)
    return stored.with_record(record)


def defaults_and_region(stored: Stored) -> Stored | None:
    """0.1 recorded the inputs as given: the table's defaults are applied now (spelling out a default is no
    change), and the region is the one the job was created in (``stored.region``: 0.1 recorded one only when
    it was explicit). Every later release records a region, which is how a 0.1 record is told apart.

    The job's own fields that a refresh by 0.1 mixed in stay: a diff sees a record through the mode of the
    program's inputs, so they are never compared with an input of the other mode.
    """
    record = stored.record
    if record is None or p.setting(record.get(p.REGION)) is not None:  # 0.1 kept a region="" as given
        return None
    upgraded = dict(record)
    if any(name in record for name in p.CREATION_REQUIRED):  # create mode
        for prop in p.CREATION_PROPS:
            given = record.get(prop.name, prop.default)
            if given is not None:
                upgraded[prop.name] = dict(given) if prop.type is p.Type.STRING_MAP else given
    if stored.region is not None:
        upgraded[p.REGION] = stored.region
    return stored.with_record(upgraded)


def secret_copies_encrypted(stored: Stored) -> Stored | None:
    """Plugin 0.2.0 copied secret inputs into the record in plain text: the next update stores them again,
    encrypted, in place and without calling AWS."""
    if not stored.plain_secrets:
        return None
    return replace(stored, rewrite=tuple(sorted(stored.plain_secrets)))


#: Oldest first: each migration reads what the ones before it left.
MIGRATIONS: tuple[Migration, ...] = (
    Migration("no record", record_from_the_outputs),
    Migration("0.1", defaults_and_region),
    Migration("plugin 0.2.0", secret_copies_encrypted),
)


def migrate(state: State, region: str | None = None, plain_secrets: frozenset[str] = frozenset()) -> Stored:
    """The stored state in today's shape (its ``record`` is then never None)."""
    stored = Stored(state, region=region, plain_secrets=plain_secrets)
    for migration in MIGRATIONS:
        upgraded = migration.upgrade(stored)
        if upgraded is not None:
            stored = replace(upgraded, applied=(*upgraded.applied, migration.release))
    return stored


def recorded_identity(state: State, region: str | None = None) -> dict[str, Any]:
    """The identity the state records, in today's shape (see :func:`migrate`)."""
    return dict(migrate(state, region).record or {})
