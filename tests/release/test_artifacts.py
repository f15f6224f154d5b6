"""The release's building blocks, on small inputs: reproducible archives, the module-proxy folder that `go`
downloads the SDK from, and the plugin launcher (which Python it starts, and its one line when there is none)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from release.archives import repack_tar_gz, write_tar_gz
from release.common import GO_MODULE, PLUGIN_EXECUTABLE
from release.gomodule import module_files, write_proxy
from release.plugin_archive import launcher, prune_records

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1_790_000_000


def tree(folder: Path) -> Path:
    (folder / "lib" / "pkg").mkdir(parents=True)
    (folder / "lib" / "pkg" / "__init__.py").write_text("VALUE = 1\n")
    (folder / "run").write_text("#!/bin/sh\n")
    (folder / "run").chmod(0o755)
    return folder


def test_two_folders_at_different_paths_and_times_give_the_same_archive(tmp_path: Path) -> None:
    first, second = tree(tmp_path / "a"), tree(tmp_path / "elsewhere" / "b")
    os.utime(second / "run", (1, 1))
    one = write_tar_gz(first, tmp_path / "one.tar.gz", EPOCH)
    two = write_tar_gz(second, tmp_path / "two.tar.gz", EPOCH)
    assert one.read_bytes() == two.read_bytes()
    with tarfile.open(one) as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == ["lib", "lib/pkg", "lib/pkg/__init__.py", "run"]
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(EPOCH, 0, 0, "", "")}
    assert [m.mode for m in members] == [0o755, 0o755, 0o644, 0o755]
    assert one.read_bytes()[4:8] == b"\0\0\0\0", "the gzip header carries no time"


def test_a_repacked_sdist_keeps_its_files_and_loses_its_build_times(tmp_path: Path) -> None:
    source = tree(tmp_path / "pkg-1.0")
    sdist = tmp_path / "setuptools.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        archive.add(source / "run", "pkg-1.0/run")
        archive.add(source / "lib", "pkg-1.0/lib")
    repacked = repack_tar_gz(sdist, tmp_path / "pkg-1.0.tar.gz", EPOCH)
    with tarfile.open(repacked) as archive:
        names = archive.getnames()
        assert archive.extractfile("pkg-1.0/run").read() == b"#!/bin/sh\n"  # type: ignore[union-attr]
        assert {m.mtime for m in archive.getmembers()} == {EPOCH}
    assert names == sorted(names) and "pkg-1.0/lib/pkg/__init__.py" in names
    assert gzip.decompress(repacked.read_bytes())  # a valid gzip stream


def test_go_downloads_the_sdk_from_the_proxy_folder_without_a_replace(tmp_path: Path) -> None:
    proxy = tmp_path / "proxy"
    versions = write_proxy(ROOT / "sdk" / "go", proxy, "0.4.0", EPOCH)
    assert (versions / "list").read_text() == "v0.4.0\n"
    assert json.loads((versions / "v0.4.0.info").read_text())["Version"] == "v0.4.0"
    env = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path), "GOPROXY": f"file://{proxy}", "GONOSUMDB": GO_MODULE,
        "GOMODCACHE": str(tmp_path / "modcache"), "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
    }  # fmt: skip
    done = subprocess.run(
        ["go", "mod", "download", "-json", f"{GO_MODULE}@v0.4.0"], cwd=tmp_path, env=env, capture_output=True,
        text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    downloaded = json.loads(done.stdout)
    assert downloaded["Sum"].startswith("h1:") and not downloaded.get("Error"), downloaded
    unpacked = Path(downloaded["Dir"])
    assert module_files(unpacked) == module_files(ROOT / "sdk" / "go")


def plugin_folder(folder: Path, server: str) -> Path:
    """A plugin folder whose lib/ holds a stand-in for the entry point's module."""
    package = folder / "lib" / "panorama_import_gate" / "plugin"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "server.py").write_text(server)
    executable = folder / PLUGIN_EXECUTABLE
    executable.write_text(launcher("9.9.9"))
    executable.chmod(0o755)
    return executable


def test_the_launcher_runs_python_3_11_on_its_lib_isolated_from_the_environment(tmp_path: Path) -> None:
    report = "import json, sys\ndef main():\n    print(json.dumps({'argv': sys.argv[1:], 'path0': sys.path[0], "
    report += "'version': list(sys.version_info[:2]), 'flags': sys.flags.isolated}))\n"
    executable = plugin_folder(tmp_path / "plugin", report)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    assert sys.version_info[:2] == (3, 11), "the project's Python is 3.11"
    os.symlink(os.path.realpath(sys.executable), bin_dir / "python3.11")  # the interpreter itself, not a shim
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "elsewhere")}
    done = subprocess.run([executable, "127.0.0.1:1234"], env=env, capture_output=True, text=True, check=True)
    shown = json.loads(done.stdout)
    assert shown == {"argv": ["127.0.0.1:1234"], "path0": str(tmp_path / "plugin" / "lib"), "version": [3, 11],
                     "flags": 1}  # fmt: skip


def test_the_launcher_says_in_one_line_when_there_is_no_python_3_11(tmp_path: Path) -> None:
    executable = plugin_folder(tmp_path / "plugin", "def main():\n    print('started')\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "dirname"):
        os.symlink(shutil.which(tool) or f"/bin/{tool}", bin_dir / tool)
    fake = bin_dir / "python3"  # another minor version answers the check with a failure
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    done = subprocess.run([executable, "127.0.0.1:1"], env={"PATH": str(bin_dir)}, capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "error: the panorama-import-gate plugin 9.9.9 needs Python 3.11 on PATH (as python3.11 or python3), "
        "which this machine lacks: install Python 3.11, or put it on PATH.\n"
    )
    assert hashlib.sha256(executable.read_bytes()).hexdigest() == hashlib.sha256(launcher("9.9.9").encode()).hexdigest()


def test_records_list_only_what_ships(tmp_path: Path) -> None:
    info = tmp_path / "lib" / "pkg-1.0.dist-info"
    info.mkdir(parents=True)
    (tmp_path / "lib" / "pkg.py").write_text("")
    (info / "RECORD").write_text(
        "pkg.py,sha256=abc,0\n../../bin/pkg,sha256=depends-on-the-interpreter-path,120\n"
        "pkg/data/gone.json,sha256=def,5\npkg-1.0.dist-info/RECORD,,\n"
    )
    prune_records(tmp_path / "lib")
    assert (info / "RECORD").read_text() == "pkg.py,sha256=abc,0\npkg-1.0.dist-info/RECORD,,\n"
