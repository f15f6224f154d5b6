"""Registry software started on this machine for the release rehearsal, each a context manager that
publishes what it is given and stops when left:

- `Verdaccio`: an npm registry (verdaccio, pinned in release/verdaccio/, installed once into the build
  cache); our scope is served from what we publish, everything else is proxied from the npm registry;
- `PackageIndex`: pypiserver over a folder that holds our packages' dependencies (downloaded like a mirror
  would hold them) and what `twine upload` publishes;
- `PluginMirror`: an HTTP server for the plugin archives, the company mirror that
  PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES points the schema's `pluginDownloadURL` at. It counts downloads.

The Go module proxy needs no server: `GOPROXY=file://<dist/release/goproxy>,https://proxy.golang.org`."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from release.common import ROOT, ReleaseError, run, say

VERDACCIO = ROOT / "release" / "verdaccio"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(ready: Callable[[], bool], what: str, proc: subprocess.Popen[Any] | None, deadline: float = 60) -> None:
    """Poll ``ready`` until it holds; fail when ``proc`` exits first or the deadline passes."""
    end = time.monotonic() + deadline
    while not ready():
        if proc is not None and proc.poll() is not None:
            raise ReleaseError(f"{what} exited ({proc.returncode}) before it was ready; see its log")
        if time.monotonic() > end:
            raise ReleaseError(f"{what} was not ready within {deadline:.0f}s")
        time.sleep(0.1)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a local URL of ours
            return True
    except (urllib.error.URLError, OSError):
        return False


class _Service:
    """A background process with its log in ``work``, stopped on exit."""

    name = "service"

    def __init__(self, work: Path) -> None:
        self.work = work
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def spawn(self, command: Sequence[str | Path], env: dict[str, str] | None = None) -> None:
        log = (self.work / f"{self.name}.log").open("wb")
        self.proc = subprocess.Popen([str(c) for c in command], cwd=self.work, stdout=log, stderr=log, env=env)
        log.close()

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def verdaccio_bin(cache: Path) -> Path:
    """verdaccio as release/verdaccio/package-lock.json pins it, installed once (`npm ci`) into ``cache``."""
    lock = (VERDACCIO / "package-lock.json").read_bytes()
    dest = cache / f"verdaccio-{hashlib.sha256(lock).hexdigest()[:12]}"
    binary = dest / "node_modules" / ".bin" / "verdaccio"
    if not binary.exists():
        partial = dest.with_name(dest.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(VERDACCIO / name, partial / name)
        say(f"installing verdaccio into {dest} (npm ci)")
        run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=partial, timeout=600)
        shutil.rmtree(dest, ignore_errors=True)
        partial.rename(dest)
    return binary


class Verdaccio(_Service):
    name = "verdaccio"

    def __init__(self, work: Path, cache: Path) -> None:
        super().__init__(work)
        self.binary = verdaccio_bin(cache)
        self.token = ""

    def __enter__(self) -> Verdaccio:
        config = self.work / "verdaccio.yaml"
        config.write_text(
            "storage: ./storage\n"
            "auth:\n  htpasswd:\n    file: ./htpasswd\n    max_users: 1\n"
            "uplinks:\n  npmjs:\n    url: https://registry.npmjs.org/\n    timeout: 60s\n"
            "packages:\n"
            "  '@panorama-import-gate/*':\n    access: $all\n    publish: $authenticated\n"  # ours: never proxied
            "  '**':\n    access: $all\n    proxy: npmjs\n"
            "log: { type: stdout, format: pretty, level: warn }\n"
        )
        self.spawn([self.binary, "--config", config, "--listen", f"127.0.0.1:{self.port}"])
        wait_for(lambda: answers(f"{self.url}/-/ping"), "verdaccio", self.proc)
        # The publisher's account: verdaccio answers a CouchDB-style sign-up with a token.
        body = json.dumps({"name": "publisher", "password": "rehearsal-only"}).encode()
        request = urllib.request.Request(  # noqa: S310 - a local URL of ours
            f"{self.url}/-/user/org.couchdb.user:publisher", data=body, method="PUT",
            headers={"content-type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - a local URL of ours
            self.token = json.load(response)["token"]
        return self

    def publish(self, tarball: Path) -> None:
        npmrc = self.work / "publisher.npmrc"
        npmrc.write_text(f"//127.0.0.1:{self.port}/:_authToken={self.token}\n")
        env = {
            "PATH": os.environ["PATH"], "HOME": str(self.work), "npm_config_userconfig": str(npmrc),
            "npm_config_cache": str(self.work / "publisher-npm-cache"),
        }  # fmt: skip
        run(["npm", "publish", tarball, "--registry", f"{self.url}/", "--loglevel=error"], env=env, timeout=300)


def mirror_dependencies(wheels: Sequence[Path], folder: Path, constraints: Path = ROOT / "constraints.txt") -> None:
    """Our wheels' dependencies (Linux, CPython 3.11, wheels only, at the project's pins) into ``folder``, as a
    mirror without internet would hold them; our own wheels are left out (the rehearsal publishes them)."""
    folder.mkdir(parents=True, exist_ok=True)
    run([
        sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--dest", folder,
        "--only-binary", ":all:", "--python-version", "3.11", "--implementation", "cp",
        "--platform", "manylinux_2_28_x86_64", "--platform", "manylinux_2_17_x86_64",
        "--platform", "manylinux2014_x86_64",
        "-c", constraints, *wheels,
    ], timeout=900)  # fmt: skip
    for wheel in wheels:
        (folder / wheel.name).unlink(missing_ok=True)


class PackageIndex(_Service):
    name = "pypiserver"

    def __init__(self, work: Path, mirrored: Path) -> None:
        super().__init__(work)
        self.packages = mirrored

    @property
    def index_url(self) -> str:
        return f"{self.url}/simple/"

    def __enter__(self) -> PackageIndex:
        server = Path(sys.executable).with_name("pypi-server")
        # -a . -P . : no authentication, so `twine upload` needs no account (this index lives for one run).
        self.spawn([server, "run", "--host", "127.0.0.1", "-p", str(self.port), "-a", ".", "-P", ".", self.packages])
        wait_for(lambda: answers(f"{self.url}/health"), "pypiserver", self.proc)
        return self

    def publish(self, files: Sequence[Path]) -> None:
        run([
            sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar",
            "--repository-url", f"{self.url}/", "-u", "publisher", "-p", "unused", *files,
        ], timeout=300)  # fmt: skip


class _Handler(http.server.SimpleHTTPRequestHandler):
    downloads: list[str]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Counted instead of printed."""

    def do_GET(self) -> None:
        self.downloads.append(self.path)
        super().do_GET()


class PluginMirror:
    """``folder`` over HTTP on 127.0.0.1; ``downloads`` lists the paths requested."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.downloads: list[str] = []
        handler = type("Handler", (_Handler,), {"downloads": self.downloads})

        def make(*args: Any) -> http.server.SimpleHTTPRequestHandler:
            made: http.server.SimpleHTTPRequestHandler = handler(*args, directory=str(folder))
            return made

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PluginMirror:
        self.thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
