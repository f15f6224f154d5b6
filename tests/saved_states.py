"""The saved states of tests/fixtures/states (see its README.md): stacks that earlier releases wrote,
read by the pickle test (tests/unit) and the upgrade tests (tests/e2e)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

STATES = ROOT / "tests" / "fixtures" / "states"
DYNAMIC_TYPE = "pulumi-python:dynamic:Resource"
GATE_TYPE = "panorama-import-gate:index:PackageImportJob"
#: How `pulumi stack export --show-secrets` marks a secret: this key and value, beside "plaintext".
SECRET_SIG = ("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270")


def plain(value: Any) -> Any:
    """A value of a `--show-secrets` export with every secret replaced by its plain value."""
    if isinstance(value, dict):
        if value.get(SECRET_SIG[0]) == SECRET_SIG[1]:
            return plain(json.loads(value["plaintext"]))
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@dataclass(frozen=True)
class SavedState:
    """One fixture folder: the export, the stack config file, the emulator's jobs and what made them."""

    folder: Path

    @cached_property
    def meta(self) -> dict[str, Any]:
        return dict(json.loads((self.folder / "fixture.json").read_text()))

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def stack(self) -> str:
        return str(self.meta["stack"])

    @property
    def front_end(self) -> str:
        """python (a checkout's components/), wheel, yaml or sdk-python (both through the plugin)."""
        return str(self.meta["front_end"])

    @property
    def export_file(self) -> Path:
        return self.folder / "stack.json"

    @property
    def config_file(self) -> Path:
        return self.folder / f"Pulumi.{self.stack}.yaml"

    @property
    def emulator_file(self) -> Path:
        return self.folder / "emulator.json"

    @property
    def gate_type(self) -> str:
        return GATE_TYPE if self.front_end in ("yaml", "sdk-python") else DYNAMIC_TYPE

    def gates(self) -> list[dict[str, Any]]:
        """The gate resources as saved, secrets in plain text."""
        deployment = json.loads(self.export_file.read_text())["deployment"]
        return [plain(r) for r in deployment.get("resources") or [] if r["type"] == self.gate_type]

    def pinned_plugin_version(self) -> str | None:
        """The plugin version the stack's default provider names (an SDK program's stack pins it), or None."""
        deployment = json.loads(self.export_file.read_text())["deployment"]
        versions = [
            r.get("inputs", {}).get("version")
            for r in deployment.get("resources") or []
            if r["type"] == "pulumi:providers:panorama-import-gate"
        ]
        return next((str(v) for v in versions if v), None)

    def provider_pickles(self) -> list[bytes]:
        """Every `__provider` (inputs and outputs of every dynamic resource), decoded from base64."""
        if self.gate_type != DYNAMIC_TYPE:
            return []
        return [base64.b64decode(gate[part]["__provider"]) for gate in self.gates() for part in ("inputs", "outputs")]


def saved_states() -> list[SavedState]:
    return [SavedState(folder) for folder in sorted(STATES.iterdir()) if (folder / "fixture.json").exists()]
