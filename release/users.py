"""A user's machine in the rehearsal: an empty HOME, PULUMI_HOME and npm, pip and Go caches, PATH holding only
the system's tools, the user's Pulumi (the project's built CLI and language hosts, copied in) and, for the Go
user only, Go. The registries are the rehearsal's: npm and pip are pointed at them (pip with --index-url
only), Go at the module-proxy folder, and the engine's plugin downloads at the mirror. Automatic plugin
acquisition stays on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.common import GO_MODULE, RELEASE_HOME, ROOT, ReleaseError

EXAMPLES = ROOT / "examples"
#: examples/<folder> per language, as the docs name them.
FOLDERS = {"python": "python", "python-sdk": "python-sdk", "typescript": "typescript", "go": "go", "yaml": "yaml"}
TITLES = {
    "typescript": "TypeScript", "go": "Go", "python-sdk": "Python (SDK)", "yaml": "YAML",
    "python": "Python (dynamic resource)",
}  # fmt: skip
PASSPHRASE = "rehearsal-passphrase"  # noqa: S105 - the users' local stacks, no secret
SYSTEM_PATH = "/usr/bin:/bin"
#: The Go toolchain's folder, on PATH for the Go user only.
GO_ROOT_BIN = Path(shutil.which("go") or "/usr/local/go/bin/go").resolve().parent


@dataclass(frozen=True)
class Registries:
    """Where the rehearsal's registries and tools are."""

    npm: str
    pip_index: str
    goproxy: Path
    plugin_mirror: str
    pulumi_bin: Path
    endpoint: str


@dataclass
class Run:
    """One command a user ran: did it succeed, its output, its time."""

    ok: bool
    text: str
    seconds: float
    outputs: dict[str, Any] = field(default_factory=dict)


class User:
    """One user with one program (examples/<folder> copied into their home) and a local file backend."""

    def __init__(self, root: Path, language: str, registries: Registries, source: Path | None = None) -> None:
        self.language = language
        self.root = root
        self.project = root / "project"
        self.registries = registries
        for name in ("home", "pulumi-home", "backend", "tmp"):
            (root / name).mkdir(parents=True)
        shutil.copytree(source or EXAMPLES / FOLDERS[language], self.project)
        self.env = self._env()

    def _env(self) -> dict[str, str]:
        r, home = self.registries, self.root / "home"
        path = f"{r.pulumi_bin}:{SYSTEM_PATH}"
        if self.language == "go":
            path = f"{path}:{GO_ROOT_BIN}"
        return {
            "PATH": path, "HOME": str(home), "TMPDIR": str(self.root / "tmp"), "LANG": "C.UTF-8", "NO_COLOR": "1",
            "PULUMI_HOME": str(self.root / "pulumi-home"), "PULUMI_BACKEND_URL": f"file://{self.root / 'backend'}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_SKIP_UPDATE_CHECK": "true",
            # The schema's release home, redirected to the mirror as a company without internet would.
            "PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES": f"^{RELEASE_HOME}={r.plugin_mirror}",
            "npm_config_registry": f"{r.npm}/", "npm_config_cache": str(home / ".npm"),
            "npm_config_update_notifier": "false", "npm_config_fund": "false", "npm_config_audit": "false",
            "PIP_INDEX_URL": r.pip_index, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "GOPROXY": f"file://{r.goproxy},https://proxy.golang.org", "GONOSUMDB": GO_MODULE,
            "GOPATH": str(home / "go"), "GOCACHE": str(home / ".cache" / "go-build"), "GOFLAGS": "-modcacherw",
            "GOTOOLCHAIN": "local", "GOTELEMETRY": "off",
            # Panorama is the emulator; the credentials are fake (it checks that requests are signed).
            "AWS_ENDPOINT_URL_PANORAMA": r.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "AKIAREHEARSALUSER001", "AWS_SECRET_ACCESS_KEY": "rehearsal-secret",
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
        }  # fmt: skip

    def sh(self, *command: str | Path, cwd: Path | None = None, timeout: float = 900) -> Run:
        started = time.monotonic()
        done = subprocess.run(
            [str(c) for c in command], cwd=cwd or self.project, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        return Run(done.returncode == 0, done.stdout + done.stderr, time.monotonic() - started)

    def must(self, *command: str | Path, cwd: Path | None = None, timeout: float = 900) -> Run:
        result = self.sh(*command, cwd=cwd, timeout=timeout)
        if not result.ok:
            tail = "\n".join(result.text.strip().splitlines()[-30:])
            raise ReleaseError(f"{self.language} user: `{' '.join(map(str, command))}` failed:\n{tail}")
        return result

    # -- install: what the docs tell a user to run, from the registries -----------------------------
    def install(self, documented: str = "") -> float:
        """Install the program's dependencies; ``documented`` is the docs' install block for the language
        (``tests.docs.command_block``), run first as written, in the project (a Python user's venv active)."""
        started = time.monotonic()
        python = self.language in ("python", "python-sdk")
        if python:
            self.must("python3", "-m", "venv", "venv")
        if documented:
            self.must("bash", "-euo", "pipefail", "-c", (". venv/bin/activate\n" if python else "") + documented)
        if python:
            self.must(
                "venv/bin/pip", "install", "-q", "--index-url", self.registries.pip_index, "-r", "requirements.txt"
            )
        elif self.language == "typescript":
            self.must("npm", "install", "--loglevel=error")
            self.must("./node_modules/.bin/tsc")
        elif self.language == "go":
            self.must("go", "mod", "tidy")
            self.must("go", "build", "-o", "gate", ".")
        return time.monotonic() - started

    # -- run: one `up` of the program on the job ---------------------------------------------------
    def up(self, job_id: str, stack: str) -> Run:
        if self.language in ("typescript", "go"):
            command = ["node", "bin/index.js"] if self.language == "typescript" else ["./gate"]
            result = self.sh(*command, job_id, stack)
            last = result.text.strip().splitlines()[-1:] if result.ok else []
            result.outputs = json.loads(last[0]) if last and last[0].startswith("{") else {}
            return result
        self.must("pulumi", "stack", "select", "--create", stack, "--non-interactive")
        self.must("pulumi", "config", "set", "jobId", job_id, "--stack", stack)
        result = self.sh("pulumi", "up", "--yes", "--non-interactive", "--stack", stack)
        if result.ok:
            shown = self.must("pulumi", "stack", "output", "--json", "--stack", stack)
            result.outputs = json.loads(shown.text[shown.text.index("{") :])
        return result

    def plugin_installed(self, version: str) -> bool:
        return (self.root / "pulumi-home" / "plugins" / f"resource-panorama-import-gate-v{version}").is_dir()


def user_pulumi(cli: Path, target: Path) -> Path:
    """The project's built CLI and language hosts, copied in as the user's own Pulumi install."""
    shutil.copytree(cli, target, symlinks=False)
    return target


def python_on_path() -> bool:
    """The host has the Python the plugin archive's launcher needs (python3.11 in the system PATH)."""
    return any(Path(d, "python3.11").exists() for d in SYSTEM_PATH.split(os.pathsep))
