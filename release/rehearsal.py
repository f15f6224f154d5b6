"""The release rehearsal's set-up: dist/release published to registry software started here, an emulator
installed by name from that index, and the user's Pulumi. `tests/release` (make rehearsal) asserts what
users see; `bench` P9 times it. See release/registries.py and release/users.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

from release import signing
from release.common import PACKAGE, PLATFORM, ROOT, ReleaseError, Timer, plugin_archive_name, say, version
from release.registries import PackageIndex, PluginMirror, Verdaccio, mirror_dependencies
from release.users import Registries, User, user_pulumi

RELEASE = ROOT / "dist" / "release"


def cache_root() -> Path:
    """Where verdaccio is installed once: REHEARSAL_CACHE, else the build scripts' cache (scripts/lib.sh:
    PULUMI_CLI_CACHE, else XDG_CACHE_HOME or ~/.cache)."""
    configured = os.environ.get("REHEARSAL_CACHE") or os.environ.get("PULUMI_CLI_CACHE")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "panorama-import-gate"
    return Path(configured) if configured else base


class Rehearsal:
    """Everything a user's machine reaches, for one run; ``user(language)`` makes a clean machine."""

    def __init__(self, work: Path, cli: Path, release: Path = RELEASE) -> None:
        self.work, self.cli, self.release = work, cli, release
        self.version = version()
        self.stack = ExitStack()
        self.timings: dict[str, float] = {}
        self.emulator_proc: subprocess.Popen[str] | None = None
        self.endpoint = ""
        self.index: PackageIndex | None = None
        self.mirror: PluginMirror | None = None

    def artifact(self, pattern: str) -> Path:
        found = sorted(self.release.glob(pattern))
        if len(found) != 1:
            raise ReleaseError(f"dist/release holds {len(found)} files like {pattern}: run `make release` first.")
        return found[0]

    def __enter__(self) -> Rehearsal:
        try:
            self._start()
        except BaseException:
            self.stack.close()
            raise
        return self

    def _timed(self, name: str, timer: Timer) -> None:
        self.timings[name] = round(timer.seconds, 1)
        say(f"rehearsal: {name} in {timer}")

    def _start(self) -> None:
        v = self.version
        timer = Timer()
        self.verdict = signing.verify(self.release, self.release / signing.PUBLIC_KEY)
        pulumi_bin = user_pulumi(self.cli, self.work / "users-pulumi" / "bin")
        self._timed("signature and checksums verified, user's Pulumi copied", timer)
        python = [self.artifact(f"panorama_import_gate-{v}-*.whl"), self.artifact(f"panorama_import_gate-{v}.tar.gz")]
        sdk = [self.artifact(f"pulumi_panorama_import_gate-{v}{tail}") for tail in ("-*.whl", ".tar.gz")]
        timer = Timer()
        packages = self.work / "index"
        mirror_dependencies([python[0], sdk[0]], packages)
        self._timed("dependencies mirrored into the package index", timer)
        timer = Timer()
        self.index = self.stack.enter_context(PackageIndex(self._folder("pypiserver"), packages))
        self.index.publish([*python, *sdk])
        npm = self.stack.enter_context(Verdaccio(self._folder("verdaccio"), cache_root()))
        npm.publish(self.artifact(f"panorama-import-gate-pulumi-{v}.tgz"))
        plugins = self._folder("plugin-mirror")
        shutil.copyfile(self.artifact(plugin_archive_name(v, PLATFORM)), plugins / plugin_archive_name(v, PLATFORM))
        self.mirror = self.stack.enter_context(PluginMirror(plugins))
        self._timed("registries started and the release published", timer)
        timer = Timer()
        self._start_emulator()
        self._timed("emulator installed by name and started", timer)
        self.registries = Registries(
            npm=npm.url, pip_index=self.index.index_url, goproxy=self.release / "goproxy",
            plugin_mirror=self.mirror.url, pulumi_bin=pulumi_bin, endpoint=self.endpoint,
        )  # fmt: skip

    def _folder(self, name: str) -> Path:
        folder = self.work / name
        folder.mkdir(parents=True)
        return folder

    def _start_emulator(self) -> None:
        """`pip install panorama-import-gate` from the index, then its `panorama-import-gate-emulator`."""
        assert self.index is not None
        venv = self.work / "emulator-venv"
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self._folder("emulator-home")),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        subprocess.run(["python3", "-m", "venv", str(venv)], env=env, check=True, capture_output=True)
        subprocess.run(
            [venv / "bin" / "pip", "install", "-q", "--index-url", self.index.index_url, f"{PACKAGE}=={self.version}"],
            env=env, check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        self.emulator_bin = venv / "bin" / f"{PACKAGE}-emulator"
        self.endpoint, self.emulator_proc = self.start_emulator()
        self.stack.callback(self.stop, self.emulator_proc)

    def start_emulator(self, *args: str) -> tuple[str, subprocess.Popen[str]]:
        proc = subprocess.Popen(
            [self.emulator_bin, "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        assert proc.stdout is not None
        line = proc.stdout.readline()
        prefix = "Panorama emulator listening on "
        if not line.startswith(prefix):
            self.stop(proc)
            raise ReleaseError(f"the installed emulator did not start: {line!r}")
        return line[len(prefix) :].strip(), proc

    @staticmethod
    def stop(proc: subprocess.Popen[str]) -> None:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stack.close()

    # -- what the tests and the benchmark use ----------------------------------------------------------
    def user(self, language: str, name: str | None = None, source: Path | None = None) -> User:
        return User(self.work / "users" / (name or language), language, self.registries, source)

    def seed(self, endpoint: str | None = None, **options: str) -> str:
        """A job created with the installed emulator's `seed` command (options: outcome, message, …)."""
        args = [f"--{key.replace('_', '-')}={value}" for key, value in options.items()]
        done = subprocess.run(
            [str(self.emulator_bin), "seed", "--endpoint", endpoint or self.endpoint, "--duration", "0", *args],
            capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        if done.returncode != 0:
            raise ReleaseError(f"seeding a job failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def counters(self, endpoint: str | None = None) -> dict[str, Any]:
        url = f"{endpoint or self.endpoint}/_emulator/counters"
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the local emulator
            return dict(json.load(response))

    def plugin_downloads(self) -> int:
        assert self.mirror is not None
        return sum(path.endswith(".tar.gz") for path in self.mirror.downloads)
