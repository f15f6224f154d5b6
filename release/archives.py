"""Archives that two builds of one commit write byte for byte the same: entries sorted, every timestamp
SOURCE_DATE_EPOCH, owner root with no names, modes 0644/0755, and a gzip header without a time or name."""

from __future__ import annotations

import gzip
import io
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path


def _mode(path: Path) -> int:
    if path.is_dir():
        return 0o755
    return 0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644


def _walk(folder: Path) -> Iterator[Path]:
    """Every folder and file under ``folder``, sorted by relative path (symlinks are refused)."""
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        if path.is_symlink():
            raise ValueError(f"{path} is a symlink: release archives hold plain files only")
        yield path


def _tar_info(name: str, mode: int, epoch: int, size: int = 0, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode, info.mtime, info.size = mode, epoch, size
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_tar_gz(folder: Path, target: Path, epoch: int, prefix: str = "") -> Path:
    """``folder``'s contents as a .tar.gz (under ``prefix/`` when given)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        if prefix:
            archive.addfile(_tar_info(prefix, 0o755, epoch, directory=True))
        for path in _walk(folder):
            name = "/".join(part for part in (prefix, path.relative_to(folder).as_posix()) if part)
            if path.is_dir():
                archive.addfile(_tar_info(name, 0o755, epoch, directory=True))
            else:
                data = path.read_bytes()
                archive.addfile(_tar_info(name, _mode(path), epoch, len(data)), io.BytesIO(data))
    _gzip(buffer.getvalue(), target)
    return target


def _gzip(data: bytes, target: Path) -> None:
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(data)


def repack_tar_gz(source: Path, target: Path, epoch: int) -> Path:
    """A .tar.gz (an sdist, as setuptools writes it with today's times) rewritten reproducibly."""
    members: list[tuple[tarfile.TarInfo, bytes | None]] = []
    with tarfile.open(source, "r:gz") as archive:
        for member in archive.getmembers():
            if not (member.isfile() or member.isdir()):
                raise ValueError(f"{source} holds {member.name}, neither a file nor a folder")
            data = archive.extractfile(member).read() if member.isfile() else None  # type: ignore[union-attr]
            mode = 0o755 if member.isdir() or member.mode & stat.S_IXUSR else 0o644
            info = _tar_info(member.name, mode, epoch, len(data or b""), directory=member.isdir())
            members.append((info, data))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as out:
        for info, data in sorted(members, key=lambda item: item[0].name):
            out.addfile(info, io.BytesIO(data) if data is not None else None)
    _gzip(buffer.getvalue(), target)
    return target


def write_zip(files: dict[str, bytes], target: Path, epoch_date: tuple[int, int, int, int, int, int]) -> Path:
    """``files`` (archive name to contents) as a zip, sorted, every entry dated ``epoch_date``."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=epoch_date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return target
