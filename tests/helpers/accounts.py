"""Test users, TOTP codes and the PAM service for sshdesk's integration tests.

Users are made with the system's user tools (``useradd``, ``chpasswd``, ``userdel``)
and logins go through a real PAM stack, the same software a user's server runs.
All of this needs root: users and PAM services live in ``/etc``.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import hmac
import os
import pwd
import secrets
import shutil
import struct
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tests.helpers.sshd import SSHD_BINARY, require_sshd
from tests.helpers.system import (
    FixtureSetupError,
    make_temp_dir,
    require_programs,
    require_root,
    run,
)

PAM_DIR = Path("/etc/pam.d")

GOOGLE_AUTHENTICATOR_INSTALL_HINT = (
    "apt-get update && apt-get install -y --no-install-recommends libpam-google-authenticator"
)


# --------------------------------------------------------------------------- users


@dataclass(frozen=True)
class TestUser:
    """A local Unix account made for the test session.

    Attributes:
        name: Login name.
        password: Its password (set with chpasswd).
        home: Its home directory.
    """

    # Keeps pytest from trying to collect this class when a test module imports it.
    __test__: ClassVar[bool] = False

    name: str
    password: str
    home: Path


@dataclass(frozen=True)
class OtpUser(TestUser):
    """A user whose keyboard-interactive login asks for a password, then a TOTP code.

    Attributes:
        secret: The raw TOTP secret (the server holds it base32-encoded).
    """

    secret: bytes = field(default=b"", repr=False)

    def otp_code(self, at: float | None = None) -> str:
        """Return the 6-digit TOTP code valid at ``at`` (default: now)."""
        return totp(self.secret, at)


def create_user(prefix: str) -> TestUser:
    """Create a local user with a random name and password and a home directory.

    Args:
        prefix: Start of the login name, e.g. ``sshdesk-pw``.

    Returns:
        The new user.
    """
    require_root("creating test users")
    require_programs("useradd", "chpasswd", "userdel", hint="apt-get install -y passwd")
    name = f"{prefix}-{secrets.token_hex(4)}"
    # Letters and digits only: chpasswd splits on ':' and shells dislike the rest.
    password = "Pw" + secrets.token_hex(10)
    run(["useradd", "-m", "-s", "/bin/bash", name])
    try:
        run(["chpasswd"], input_text=f"{name}:{password}\n")
    except BaseException:
        delete_user(name)
        raise
    return TestUser(name=name, password=password, home=Path(pwd.getpwnam(name).pw_dir))


# shadow-utils copies each account file to "<file>-" before changing it.
_ACCOUNT_BACKUPS = tuple(
    Path(f"/etc/{name}-") for name in ("passwd", "shadow", "group", "gshadow", "subuid", "subgid")
)


@dataclass(frozen=True)
class _SavedFile:
    content: bytes
    mode: int
    uid: int
    gid: int


@dataclass(frozen=True)
class AccountBackups:
    """The ``/etc/passwd-``-style backups as they were before tests added users.

    useradd and userdel leave the previous account files in these backups, so
    without a restore they would keep the last test user's entries.
    """

    saved: dict[Path, _SavedFile | None]

    @classmethod
    def snapshot(cls) -> AccountBackups:
        """Save the current backup files (None for those that do not exist)."""
        saved: dict[Path, _SavedFile | None] = {}
        for path in _ACCOUNT_BACKUPS:
            try:
                info = path.stat()
                saved[path] = _SavedFile(
                    path.read_bytes(), info.st_mode & 0o7777, info.st_uid, info.st_gid
                )
            except FileNotFoundError:
                saved[path] = None
        return cls(saved)

    def restore(self) -> None:
        """Put every backup file back as it was, or remove it if it did not exist."""
        for path, saved in self.saved.items():
            if saved is None:
                path.unlink(missing_ok=True)
                continue
            path.write_bytes(saved.content)
            os.chown(path, saved.uid, saved.gid)
            path.chmod(saved.mode)


def delete_user(name: str) -> None:
    """Delete a test user with its home directory and mail spool.

    ``-f`` removes the user even if a leaked session process still runs as it.
    """
    run(["userdel", "-r", "-f", name])


# ----------------------------------------------------------------------------- OTP


def totp(secret: bytes, at: float | None = None, *, step: int = 30, digits: int = 6) -> str:
    """Compute an RFC 6238 TOTP code (HMAC-SHA1), as Google Authenticator does.

    Args:
        secret: The raw shared secret.
        at: Unix time; default now.
        step: Time step in seconds.
        digits: Code length.

    Returns:
        The zero-padded code.
    """
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def write_google_authenticator_secret(path: Path, secret: bytes) -> Path:
    """Write a pam_google_authenticator secret file for TOTP.

    No ``DISALLOW_REUSE`` and no ``RATE_LIMIT``: tests may log in several times
    within one 30-second step, and the module then never rewrites the file.
    """
    base32 = base64.b32encode(secret).decode("ascii").rstrip("=")
    path.write_text(f'{base32}\n" TOTP_AUTH\n" WINDOW_SIZE 3\n')
    path.chmod(0o600)
    return path


def find_pam_module(name: str) -> Path | None:
    """Return the path of an installed PAM module, or None."""
    patterns = ("/lib/*/security/", "/usr/lib/*/security/", "/lib/security/", "/usr/lib/security/")
    for pattern in patterns:
        matches = sorted(glob.glob(pattern + name))
        if matches:
            return Path(matches[0])
    return None


# ----------------------------------------------------------------------------- PAM


@dataclass(frozen=True)
class PamService:
    """A PAM service of our own, used by every sshd the tests start.

    sshd names its PAM service after its program name (OpenSSH's
    ``SSHD_PAM_SERVICE`` defaults to ``__progname``). Starting ``/usr/sbin/sshd``
    through a symlink called ``name`` therefore makes it use
    ``/etc/pam.d/<name>`` instead of the system's ``/etc/pam.d/sshd``.

    Attributes:
        name: The service name, also the symlink's name.
        config_path: ``/etc/pam.d/<name>``.
        sshd_binary: The symlink to start sshd through (absolute, which sshd's
            re-exec requires).
        workdir: Holds the symlink and the OTP secrets.
    """

    name: str
    config_path: Path
    sshd_binary: Path
    workdir: Path


def render_pam_config(otp_users: Sequence[str], otp_module: Path | None, secret_dir: Path) -> str:
    """Return the PAM stack: Debian's usual one, plus a TOTP round for OTP users.

    The auth part is Debian's ``common-auth`` (pam_unix asks ``Password:``). For
    users not in ``otp_users``, ``pam_succeed_if`` then ends the stack with the
    result so far; for OTP users it fails, is ignored, and
    pam_google_authenticator asks its second question (``Verification code:``).
    A wrong password stops at common-auth's ``pam_deny`` before the OTP round.
    """
    lines = [
        "# Written by sshdesk's tests/helpers/accounts.py; removed when the tests end.",
        "@include common-auth",
    ]
    if otp_users:
        if otp_module is None:
            raise FixtureSetupError(
                f"pam_google_authenticator.so is missing; {GOOGLE_AUTHENTICATOR_INSTALL_HINT}"
            )
        users = ":".join(otp_users)
        lines += [
            f"auth [success=done default=ignore] pam_succeed_if.so quiet user notin {users}",
            # user=root: the module reads the secret as root, from a root-only dir.
            f"auth required {otp_module} secret={secret_dir}/${{USER}} user=root noskewadj",
        ]
    lines += [
        "@include common-account",
        "@include common-session",
        "@include common-password",
    ]
    return "\n".join(lines) + "\n"


def install_pam_service(otp_users: Mapping[str, bytes]) -> PamService:
    """Install a PAM service for test sshds, with TOTP for the given users.

    Args:
        otp_users: Login name -> raw TOTP secret, for users who get the OTP round.

    Returns:
        The installed service; undo with :func:`remove_pam_service`.

    Raises:
        FixtureSetupError: Not root, or pam_google_authenticator is not installed.
    """
    require_root("installing a PAM service in /etc/pam.d")
    require_sshd()
    otp_module = find_pam_module("pam_google_authenticator.so")
    if otp_users and otp_module is None:
        raise FixtureSetupError(
            "pam_google_authenticator.so is missing (needed for the two-round "
            f"keyboard-interactive user); install with: {GOOGLE_AUTHENTICATOR_INSTALL_HINT}"
        )
    # A random name: concurrent test sessions on one machine must not share a service.
    name = f"sshdesk-test-sshd-{secrets.token_hex(4)}"
    workdir = make_temp_dir(f"{name}-")
    service = PamService(
        name=name, config_path=PAM_DIR / name, sshd_binary=workdir / name, workdir=workdir
    )
    try:
        secret_dir = workdir / "otp"
        secret_dir.mkdir(mode=0o700)
        for user, secret in otp_users.items():
            write_google_authenticator_secret(secret_dir / user, secret)
        service.sshd_binary.symlink_to(SSHD_BINARY)
        service.config_path.write_text(render_pam_config(list(otp_users), otp_module, secret_dir))
        service.config_path.chmod(0o644)
    except BaseException:
        remove_pam_service(service)
        raise
    return service


def remove_pam_service(service: PamService) -> None:
    """Remove a service made by :func:`install_pam_service` and its files."""
    service.config_path.unlink(missing_ok=True)
    shutil.rmtree(service.workdir, ignore_errors=True)
