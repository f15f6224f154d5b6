"""SHA256SUMS over the release folder, and its detached, armored gpg signature (SHA256SUMS.asc).

The key comes from the environment: RELEASE_GPG_KEY_FILE (a file holding an armored secret key) or
RELEASE_GPG_KEY (the armored key itself), with RELEASE_GPG_PASSPHRASE when it has one. It is imported into a
temporary GNUPGHOME, never into the user's keyring. Without either, the build makes a throwaway key (and
says so): fine for CI and the rehearsal, which verify with it, never for a release users download."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from release.common import PACKAGE, ReleaseError, run, say

SUMS = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.asc"
PUBLIC_KEY = "release-signing-key.asc"


def write_sums(folder: Path) -> Path:
    """`sha256sum`'s format (`<hex>  <path>`) for every file under ``folder``, sorted by path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name in (SUMS, SIGNATURE, PUBLIC_KEY):
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}\n")
    target = folder / SUMS
    target.write_text("".join(lines))
    return target


def _gpg(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = ["gpg", "--homedir", str(home), "--batch", "--no-tty", "--pinentry-mode", "loopback", *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise ReleaseError(f"`gpg {' '.join(args)}` failed: {done.stderr.strip().splitlines()[-1:]}")
    return done


def throwaway_key(home: Path) -> str:
    """A new ed25519 signing key without a passphrase in ``home``; returns its fingerprint."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    _gpg(home, "--passphrase", "", "--quick-gen-key", f"{PACKAGE} throwaway release key", "ed25519", "sign", "1d")
    return fingerprint(home)


def fingerprint(home: Path) -> str:
    listed = _gpg(home, "--with-colons", "--list-secret-keys").stdout
    prints = [line.split(":")[9] for line in listed.splitlines() if line.startswith("fpr:")]
    if not prints:
        raise ReleaseError("the signing key holds no secret key: give an armored *secret* key in RELEASE_GPG_KEY_FILE.")
    return prints[0]


def sign(folder: Path) -> str:
    """Write SHA256SUMS, SHA256SUMS.asc and the public key; return the key's fingerprint."""
    sums = write_sums(folder)
    with tempfile.TemporaryDirectory(prefix="release-gnupg-") as tmp:
        home = Path(tmp)
        home.chmod(0o700)
        key_file, key_text = os.environ.get("RELEASE_GPG_KEY_FILE"), os.environ.get("RELEASE_GPG_KEY")
        if key_file or key_text:
            text = Path(key_file).read_text() if key_file else str(key_text)
            _gpg(home, "--import", stdin=text)
            print_ = fingerprint(home)
        else:
            print_ = throwaway_key(home)
            say("signed with a throwaway key (no RELEASE_GPG_KEY_FILE or RELEASE_GPG_KEY): for rehearsals, not users")
        passphrase = ["--passphrase", os.environ.get("RELEASE_GPG_PASSPHRASE", "")]
        _gpg(
            home,
            *passphrase,
            "--local-user",
            print_,
            "--armor",
            "--detach-sign",
            "--output",
            str(folder / SIGNATURE),
            str(sums),
        )
        (folder / PUBLIC_KEY).write_text(_gpg(home, "--armor", "--export", print_).stdout)
    return print_


def verify(folder: Path, public_key: Path) -> str:
    """gpg's verdict on SHA256SUMS.asc with only ``public_key`` known, then every listed file's sum."""
    with tempfile.TemporaryDirectory(prefix="verify-gnupg-") as tmp:
        home = Path(tmp)
        home.chmod(0o700)
        _gpg(home, "--import", str(public_key))
        checked = _gpg(home, "--verify", str(folder / SIGNATURE), str(folder / SUMS))
    run(["sha256sum", "--check", "--quiet", SUMS], cwd=folder)
    return next((line for line in checked.stderr.splitlines() if "Good signature" in line), checked.stderr.strip())
