"""Real OpenSSH servers, keys, users and agents for sshdesk's integration tests.

Everything here drives the system's own OpenSSH tools (``sshd``, ``ssh-keygen``,
``ssh-agent``, ``ssh-add``) and the system's user tools (``useradd``, ``chpasswd``,
``userdel``), so tests talk to the same software a user's server runs. Nothing here
mocks a server.

The functions are plain library code without pytest; ``tests/integration/conftest.py``
wraps them into fixtures. Functions that need something missing from the machine
raise :class:`FixtureSetupError` with an install hint; the fixtures turn that into a
loud test failure, never a skip.

Most of this needs root: ``sshd`` must run as root to switch to the test users, and
users and PAM services live in ``/etc``.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import hmac
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

LOOPBACK = "127.0.0.1"
SSHD_BINARY = Path("/usr/sbin/sshd")
PRIVSEP_DIR = Path("/run/sshd")
PAM_DIR = Path("/etc/pam.d")

OPENSSH_INSTALL_HINT = (
    "apt-get update && apt-get install -y --no-install-recommends openssh-server openssh-client"
)
GOOGLE_AUTHENTICATOR_INSTALL_HINT = (
    "apt-get update && apt-get install -y --no-install-recommends libpam-google-authenticator"
)

# Seconds a helper waits for a process or a log line before giving up.
DEFAULT_TIMEOUT = 10.0


class FixtureSetupError(RuntimeError):
    """The machine lacks something a fixture needs (a tool, root, a PAM module)."""


# --------------------------------------------------------------------------- tools


def require_root(what: str) -> None:
    """Fail unless running as root.

    Args:
        what: What needs root, for the error message.

    Raises:
        FixtureSetupError: Not root.
    """
    if os.geteuid() != 0:
        raise FixtureSetupError(
            f"{what} needs root (run the integration tests as root, as CI does)"
        )


def require_programs(*names: str, hint: str = OPENSSH_INSTALL_HINT) -> None:
    """Fail unless every named program is installed.

    Args:
        *names: Program names or absolute paths.
        hint: How to install them, for the error message.

    Raises:
        FixtureSetupError: A program is missing.
    """
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        raise FixtureSetupError(f"missing {', '.join(missing)}; install with: {hint}")


def _run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    input_text: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> subprocess.CompletedProcess[str]:
    """Run a short command and raise with its output if it fails."""
    result = subprocess.run(
        [os.fspath(arg) for arg in argv],
        input=input_text,
        env=None if env is None else dict(env),
        stdin=None if input_text is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(os.fspath(a) for a in argv)} exited {result.returncode}:\n"
            f"{result.stdout}{result.stderr}"
        )
    return result


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port that nothing listens on right now.

    The port is only free at the moment of return; a caller that binds later must
    cope with losing the race (``start_sshd`` retries).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def make_temp_dir(prefix: str, mode: int = 0o700) -> Path:
    """Make a short-named directory in the system temp dir.

    Short paths matter: Unix socket paths are limited to 107 bytes, and pytest's
    ``tmp_path`` names grow with the test name. pytest's base temp dir is also mode
    700, which other users (the test users sshd switches to) cannot traverse.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(mode)
    return path


# ---------------------------------------------------------------------------- keys


def generate_key(
    path: Path,
    key_type: str,
    *,
    bits: int | None = None,
    passphrase: str = "",
    comment: str = "",
) -> Path:
    """Generate an OpenSSH key pair with ``ssh-keygen``.

    Args:
        path: Where the private key goes; the public key goes to ``path`` + ``.pub``.
        key_type: ``ed25519``, ``ecdsa``, ``rsa`` ...
        bits: Key size, for the types that have one.
        passphrase: Passphrase to encrypt the private key with; empty for none.
        comment: The key comment.

    Returns:
        The private key path.
    """
    require_programs("ssh-keygen")
    for stale in (path, public_key_path(path)):
        stale.unlink(missing_ok=True)
    argv: list[str | os.PathLike[str]] = ["ssh-keygen", "-q", "-t", key_type]
    if bits is not None:
        argv += ["-b", str(bits)]
    argv += ["-N", passphrase, "-C", comment or f"sshdesk-test-{key_type}", "-f", path]
    _run(argv)
    return path


def public_key_path(private_key: Path) -> Path:
    """Return the ``.pub`` path that belongs to a private key."""
    return private_key.with_name(private_key.name + ".pub")


def read_public_key(pub_file: Path) -> tuple[str, str]:
    """Return ``(key_type, base64_blob)`` from an OpenSSH ``.pub`` file."""
    key_type, blob, *_ = pub_file.read_text().split()
    return key_type, blob


def sha256_fingerprint(key_base64: str) -> str:
    """Return a key's fingerprint as OpenSSH prints it (``SHA256:...``, no padding)."""
    digest = hashlib.sha256(base64.b64decode(key_base64)).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class ClientKeys:
    """Client key pairs; every ``.pub`` is in the test servers' authorized_keys.

    Attributes:
        ed25519: Unencrypted ed25519 private key.
        ecdsa: Unencrypted ECDSA (nistp256) private key.
        rsa: Unencrypted 3072-bit RSA private key (servers accept it via rsa-sha2).
        encrypted: ed25519 private key encrypted with ``encrypted_passphrase``.
        encrypted_passphrase: The passphrase of ``encrypted``.
        ppk: A PuTTY-User-Key-File-3 file (of the ed25519 key) that an OpenSSH
            client cannot load, for "convert it first" hints.
    """

    ed25519: Path
    ecdsa: Path
    rsa: Path
    encrypted: Path
    encrypted_passphrase: str
    ppk: Path

    def public_key_files(self) -> list[Path]:
        """Return the ``.pub`` files of the OpenSSH keys."""
        return [public_key_path(p) for p in (self.ed25519, self.ecdsa, self.rsa, self.encrypted)]


def make_client_keys(directory: Path) -> ClientKeys:
    """Generate the client keys of :class:`ClientKeys` in ``directory``."""
    passphrase = "sshdesk-" + secrets.token_urlsafe(9)
    ed25519_key = generate_key(directory / "id_ed25519", "ed25519")
    return ClientKeys(
        ed25519=ed25519_key,
        ecdsa=generate_key(directory / "id_ecdsa", "ecdsa", bits=256),
        rsa=generate_key(directory / "id_rsa", "rsa", bits=3072),
        encrypted=generate_key(
            directory / "id_ed25519_encrypted", "ed25519", passphrase=passphrase
        ),
        encrypted_passphrase=passphrase,
        ppk=write_ppk(ed25519_key, directory / "id_ed25519.ppk"),
    )


def _ssh_string(data: bytes) -> bytes:
    """Encode bytes as an SSH wire-format ``string`` (RFC 4251, section 5)."""
    return struct.pack(">I", len(data)) + data


def _base64_lines(data: bytes, width: int = 64) -> list[str]:
    text = base64.b64encode(data).decode("ascii")
    return [text[i : i + width] for i in range(0, len(text), width)]


def write_ppk(ed25519_private_key: Path, out: Path, comment: str = "sshdesk-test-ppk") -> Path:
    """Write an unencrypted PuTTY-User-Key-File-3 version of an ed25519 key.

    The layout follows PuTTY's documented PPK v3 format (public blob, private blob
    as an SSH string of the 32-byte seed, HMAC-SHA-256 MAC with an empty key for
    unencrypted files). It has not been checked with puttygen; it only needs to
    look like a real PPK to code that detects and refuses the format.

    Args:
        ed25519_private_key: An unencrypted OpenSSH ed25519 private key.
        out: The PPK file to write.
        comment: The key comment in the file.

    Returns:
        ``out``.
    """
    key = serialization.load_ssh_private_key(ed25519_private_key.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise TypeError(f"{ed25519_private_key} is not an ed25519 key")
    raw = serialization.Encoding.Raw
    seed = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    algorithm = b"ssh-ed25519"
    public_blob = _ssh_string(algorithm) + _ssh_string(
        key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    )
    private_blob = _ssh_string(seed)
    mac_input = b"".join(
        _ssh_string(part)
        for part in (algorithm, b"none", comment.encode(), public_blob, private_blob)
    )
    mac = hmac.new(b"", mac_input, hashlib.sha256).hexdigest()
    public_lines = _base64_lines(public_blob)
    private_lines = _base64_lines(private_blob)
    text = "\n".join(
        [
            f"PuTTY-User-Key-File-3: {algorithm.decode()}",
            "Encryption: none",
            f"Comment: {comment}",
            f"Public-Lines: {len(public_lines)}",
            *public_lines,
            f"Private-Lines: {len(private_lines)}",
            *private_lines,
            f"Private-MAC: {mac}",
        ]
    )
    out.write_text(text + "\n")
    out.chmod(0o600)
    return out


def write_authorized_keys(path: Path, pub_files: Sequence[Path]) -> Path:
    """Write an authorized_keys file that every local user can read.

    sshd reads authorized_keys as the user logging in, so the file is 644 and its
    directory must be 755 (see :func:`make_temp_dir`).
    """
    lines = [pub.read_text().strip() for pub in pub_files]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o644)
    return path


# ---------------------------------------------------------------------- known_hosts


def known_hosts_name(host: str, port: int) -> str:
    """Return the host name as known_hosts writes it (``[host]:port`` unless 22)."""
    return host if port == 22 else f"[{host}]:{port}"


def known_hosts_line(server: SshdServer) -> str:
    """Return the plain known_hosts line for a test server's real host key."""
    name = known_hosts_name(server.host, server.port)
    return f"{name} {server.host_key_type} {server.host_key_base64}"


def foreign_host_key_line(host: str, port: int) -> str:
    """Return a known_hosts line for ``host:port`` with a new, unrelated ed25519 key.

    Putting this in known_hosts makes the real server look like its host key
    changed (or like a man in the middle).
    """
    public = ed25519.Ed25519PrivateKey.generate().public_key()
    openssh = public.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode("ascii")
    return f"{known_hosts_name(host, port)} {openssh}"


def hashed_known_hosts_line(
    host: str, port: int, key_type: str, key_b64: str, *, salt: bytes | None = None
) -> str:
    """Return a hashed known_hosts line as OpenSSH's ``HashKnownHosts`` writes it.

    The format is ``|1|base64(salt)|base64(HMAC-SHA1(key=salt, msg=name)) type key``
    with a random 20-byte salt and ``name`` from :func:`known_hosts_name`.
    """
    salt = secrets.token_bytes(20) if salt is None else salt
    digest = hmac.new(salt, known_hosts_name(host, port).encode(), hashlib.sha1).digest()
    b64 = base64.b64encode
    return f"|1|{b64(salt).decode()}|{b64(digest).decode()} {key_type} {key_b64}"


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
    _run(["useradd", "-m", "-s", "/bin/bash", name])
    try:
        _run(["chpasswd"], input_text=f"{name}:{password}\n")
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
    _run(["userdel", "-r", "-f", name])


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
        "# Written by sshdesk's tests/helpers/sshd.py; removed when the tests end.",
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


# ---------------------------------------------------------------------------- sshd


def require_sshd() -> None:
    """Fail with an install hint unless OpenSSH's server and client tools exist."""
    if not SSHD_BINARY.exists():
        raise FixtureSetupError(f"{SSHD_BINARY} not found; install with: {OPENSSH_INSTALL_HINT}")
    require_programs("ssh", "ssh-keygen", "ssh-keyscan", "ssh-agent", "ssh-add")


def ensure_privsep_dir() -> None:
    """Create ``/run/sshd``: sshd refuses to start without it, and no service made it."""
    PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)


@dataclass(frozen=True)
class SshdServer:
    """A running test sshd, as tests see it.

    Attributes:
        host: Its address, ``127.0.0.1``.
        port: Its TCP port.
        host_key_type: e.g. ``ssh-ed25519`` or ``ssh-rsa``.
        host_key_base64: The host public key blob (a ``.pub`` file's 2nd field).
        host_key_sha256: Its fingerprint as OpenSSH prints it (``SHA256:...``).
        log_path: sshd's stderr log (``-e``), including its children's lines.
        pid: The listening sshd's process id.
    """

    host: str
    port: int
    host_key_type: str
    host_key_base64: str
    host_key_sha256: str
    log_path: Path
    pid: int

    def log_text(self) -> str:
        """Return the whole log so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 5.0) -> re.Match[str]:
        """Wait until a regex matches the log and return the match.

        sshd's children write their lines a little after the client sees the effect,
        so asserting on the log right away can race.

        Raises:
            AssertionError: No match within ``timeout`` (the log is in the message).
        """
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.log_text())
            if match is not None:
                return match
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"no line matching {pattern!r} in {self.log_path} after {timeout} s:\n"
                    + self.log_text()[-4000:]
                )
            time.sleep(0.05)

    def direct_tcpip_targets(self) -> list[tuple[str, int]]:
        """Return the ``(host, port)`` targets of direct-tcpip channels so far.

        Needs ``LogLevel DEBUG1`` or higher (as the jump server has).
        """
        return [(host, int(port)) for host, port in _DIRECT_TCPIP.findall(self.log_text())]

    def assert_direct_tcpip(self, port: int, host: str = LOOPBACK, timeout: float = 5.0) -> None:
        """Assert that a client opened a direct-tcpip channel to ``host:port`` here.

        This is how a jump host's log proves a connection went through it.

        Raises:
            AssertionError: No such channel within ``timeout``.
        """
        target = rf"target {re.escape(host)} port {port}\b"
        self.wait_for_log(
            r"server_request_direct_tcpip: originator \S+ port \d+, " + target, timeout
        )


_DIRECT_TCPIP = re.compile(
    r"server_request_direct_tcpip: originator \S+ port \d+, target (\S+) port (\d+)"
)


def render_sshd_config(
    *,
    port: int,
    host_key: Path,
    pid_file: Path,
    authorized_keys: Path,
    log_level: str,
    extra: Sequence[str] = (),
    match_users: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Return an sshd_config for a test server.

    Args:
        port: Port to listen on (127.0.0.1 only).
        host_key: The only host key.
        pid_file: Where sshd writes its pid.
        authorized_keys: One authorized_keys file for all users.
        log_level: sshd ``LogLevel``.
        extra: More global lines (they must come before any ``Match``).
        match_users: User name -> lines of a ``Match User`` block.
    """
    lines = [
        f"Port {port}",
        f"ListenAddress {LOOPBACK}",
        f"HostKey {host_key}",
        f"PidFile {pid_file}",
        f"AuthorizedKeysFile {authorized_keys}",
        "StrictModes no",  # the files sit under /tmp, which is group/world-writable
        "PubkeyAuthentication yes",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication yes",
        "UsePAM yes",
        "PermitRootLogin yes",
        "Subsystem sftp internal-sftp",
        f"LogLevel {log_level}",
        # Clients that offer several keys before the right one must not be cut off.
        "MaxAuthTries 20",
        *extra,
    ]
    for user, block in (match_users or {}).items():
        lines.append(f"Match User {user}")
        lines += [f"    {line}" for line in block]
    return "\n".join(lines) + "\n"


class SshdStartError(RuntimeError):
    """sshd did not come up; the message carries its log."""


@dataclass
class SshdProcess:
    """A started sshd and what is needed to stop it.

    Attributes:
        server: What tests get.
        process: The listening sshd.
        workdir: Its config, host key, pid file and log; removed by :meth:`stop`.
    """

    server: SshdServer
    process: subprocess.Popen[bytes]
    workdir: Path

    def stop(self, timeout: float = 5.0) -> None:
        """Stop sshd and the connection processes it forked, then remove its files.

        Connection children call setsid(), so they are not in sshd's process group
        and outlive it while their client stays connected; we collect their pids
        before stopping the listener, while they are still its descendants.
        """
        if self.process.poll() is None:
            children = descendant_pids(self.process.pid)
            terminate_pid(self.process.pid, timeout, popen=self.process)
            for pid in children:
                terminate_pid(pid, timeout)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_sshd(
    *,
    authorized_keys: Path,
    binary: Path = SSHD_BINARY,
    host_key_type: str = "ed25519",
    log_level: str = "VERBOSE",
    extra_config: Sequence[str] = (),
    match_users: Mapping[str, Sequence[str]] | None = None,
    label: str = "sshd",
    startup_timeout: float = DEFAULT_TIMEOUT,
) -> SshdProcess:
    """Generate a host key, write a config, start sshd and wait for its banner.

    Args:
        authorized_keys: The authorized_keys file for all users.
        binary: The sshd to run, e.g. a :class:`PamService` symlink. Must be absolute.
        host_key_type: ``ed25519`` or ``rsa`` (3072 bits) or ``ecdsa``.
        log_level: sshd ``LogLevel``; DEBUG1 shows direct-tcpip requests.
        extra_config: More global sshd_config lines.
        match_users: ``Match User`` blocks, see :func:`render_sshd_config`.
        label: Short name for the temp dir, to tell servers apart.
        startup_timeout: Seconds to wait for the banner.

    Returns:
        The running server; call :meth:`SshdProcess.stop` to end it.

    Raises:
        FixtureSetupError: sshd is not installed or not root.
        SshdStartError: The config is invalid or sshd did not start.
    """
    require_sshd()
    require_root("running sshd")
    ensure_privsep_dir()
    workdir = make_temp_dir(f"sshdesk-{label}-")
    try:
        host_key = workdir / f"ssh_host_{host_key_type}_key"
        generate_key(host_key, host_key_type, bits=3072 if host_key_type == "rsa" else None)
        # The port is picked before sshd binds it; another process may win the race.
        for _attempt in range(3):
            started = _start_once(
                binary=binary,
                workdir=workdir,
                host_key=host_key,
                config_text=lambda port: render_sshd_config(
                    port=port,
                    host_key=host_key,
                    pid_file=workdir / "sshd.pid",
                    authorized_keys=authorized_keys,
                    log_level=log_level,
                    extra=extra_config,
                    match_users=match_users,
                ),
                startup_timeout=startup_timeout,
            )
            if started is not None:
                return started
        raise SshdStartError("sshd could not bind a free port in 3 attempts")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _start_once(
    *,
    binary: Path,
    workdir: Path,
    host_key: Path,
    config_text: Callable[[int], str],
    startup_timeout: float,
) -> SshdProcess | None:
    """Start sshd on a fresh port; return None if that port was taken meanwhile."""
    port = free_port()
    config = workdir / "sshd_config"
    config.write_text(config_text(port))
    check = subprocess.run(
        [os.fspath(binary), "-t", "-f", os.fspath(config)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    if check.returncode != 0:
        raise SshdStartError(f"sshd -t rejected {config}:\n{check.stderr}\n{config.read_text()}")
    log_path = workdir / "sshd.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [os.fspath(binary), "-D", "-e", "-f", os.fspath(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # keep terminal signals (Ctrl-C) for pytest alone
        )
    key_type, key_b64 = read_public_key(public_key_path(host_key))
    server = SshdServer(
        host=LOOPBACK,
        port=port,
        host_key_type=key_type,
        host_key_base64=key_b64,
        host_key_sha256=sha256_fingerprint(key_b64),
        log_path=log_path,
        pid=process.pid,
    )
    started = SshdProcess(server=server, process=process, workdir=workdir)
    try:
        _wait_for_banner(process, LOOPBACK, port, log_path, startup_timeout)
    except _PortTaken:
        terminate_pid(process.pid, 5.0, popen=process)
        return None
    except BaseException:
        terminate_pid(process.pid, 5.0, popen=process)
        raise
    return started


class _PortTaken(Exception):
    """sshd lost the race for its port."""


def _wait_for_banner(
    process: subprocess.Popen[bytes], host: str, port: int, log_path: Path, timeout: float
) -> None:
    """Poll until the port answers with an SSH banner."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            if "Address already in use" in log:
                raise _PortTaken()
            raise SshdStartError(f"sshd exited with {process.returncode}:\n{log}")
        if read_banner(host, port, timeout=1.0).startswith(b"SSH-"):
            return
        time.sleep(0.02)
    raise SshdStartError(
        f"sshd sent no banner on {host}:{port} within {timeout} s:\n"
        + log_path.read_text(errors="replace")
    )


def read_banner(host: str, port: int, timeout: float = 2.0) -> bytes:
    """Connect, read the first bytes the server sends, and close; b"" on failure."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            return sock.recv(256)
    except OSError:
        return b""


# ------------------------------------------------------------------------ KEXINIT


@dataclass(frozen=True)
class KexInit:
    """The algorithm lists from a server's SSH_MSG_KEXINIT (RFC 4253, 7.1)."""

    banner: str
    kex_algorithms: list[str]
    server_host_key_algorithms: list[str]
    ciphers: list[str]
    macs: list[str]


def read_server_kexinit(host: str, port: int, timeout: float = 5.0) -> KexInit:
    """Read what a server offers in its first, unencrypted KEXINIT packet.

    This shows exactly which host key algorithms a server offers, without a
    client library's own preferences in the way.
    """
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"SSH-2.0-sshdesk_test_probe\r\n")
        reader = _SocketReader(sock)
        banner = reader.line()
        while not banner.startswith(b"SSH-"):  # RFC 4253 allows lines before it
            banner = reader.line()
        packet_length = struct.unpack(">I", reader.exact(4))[0]
        packet = reader.exact(packet_length)
    padding = packet[0]
    payload = packet[1 : len(packet) - padding]
    if payload[0] != 20:  # SSH_MSG_KEXINIT
        raise ValueError(f"first packet is message {payload[0]}, not KEXINIT")
    lists = _name_lists(payload[17:], 10)  # after the message byte and 16-byte cookie
    return KexInit(
        banner=banner.decode("ascii", "replace").strip(),
        kex_algorithms=lists[0],
        server_host_key_algorithms=lists[1],
        ciphers=lists[2],
        macs=lists[4],
    )


def _name_lists(data: bytes, count: int) -> list[list[str]]:
    result: list[list[str]] = []
    offset = 0
    for _ in range(count):
        (length,) = struct.unpack_from(">I", data, offset)
        text = data[offset + 4 : offset + 4 + length].decode("ascii")
        result.append(text.split(",") if text else [])
        offset += 4 + length
    return result


class _SocketReader:
    """Buffered exact/line reads from a blocking socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = b""

    def _fill(self) -> None:
        chunk = self._sock.recv(4096)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self._buffer += chunk

    def line(self) -> bytes:
        while b"\n" not in self._buffer:
            self._fill()
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line + b"\n"

    def exact(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


# -------------------------------------------------------------------------- agent


@dataclass
class SshAgentProcess:
    """A running ``ssh-agent -D``.

    Attributes:
        socket_path: Its ``SSH_AUTH_SOCK``.
        process: The agent.
        workdir: Holds the socket; removed by :meth:`stop`.
    """

    socket_path: str
    process: subprocess.Popen[bytes]
    workdir: Path

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the agent by pid and remove its socket dir."""
        terminate_pid(self.process.pid, timeout, popen=self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_agent(keys: Sequence[Path], timeout: float = DEFAULT_TIMEOUT) -> SshAgentProcess:
    """Start a private ssh-agent and add unencrypted keys to it.

    The agent's socket lives in a short /tmp path; ``SSH_AUTH_SOCK`` is set only
    for ``ssh-add``, never in this process's environment.
    """
    require_programs("ssh-agent", "ssh-add")
    workdir = make_temp_dir("sshdesk-agent-")
    socket_path = os.fspath(workdir / "agent.sock")
    process = subprocess.Popen(
        ["ssh-agent", "-D", "-a", socket_path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    agent = SshAgentProcess(socket_path=socket_path, process=process, workdir=workdir)
    try:
        _wait_for_unix_socket(socket_path, process, timeout)
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SSH_ASKPASS")}
        env["SSH_AUTH_SOCK"] = socket_path
        for key in keys:
            _run(["ssh-add", "-q", key], env=env)
    except BaseException:
        agent.stop()
        raise
    return agent


def _wait_for_unix_socket(path: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ssh-agent exited with {process.returncode}")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            try:
                sock.connect(path)
                return
            except OSError:
                pass
        time.sleep(0.02)
    raise RuntimeError(f"ssh-agent socket {path} did not appear within {timeout} s")


# ---------------------------------------------------------------------- processes


def descendant_pids(root: int) -> list[int]:
    """Return the pids of all live descendants of ``root`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited while we looked
        # The command name (field 2) may contain spaces; fields after ')' are fixed.
        ppid = int(stat.rpartition(")")[2].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _is_gone(pid: int) -> bool:
    """True if the pid no longer runs (exited, or a zombie nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def terminate_pid(pid: int, timeout: float, popen: subprocess.Popen[bytes] | None = None) -> None:
    """SIGTERM a process, wait up to ``timeout``, then SIGKILL it.

    Args:
        pid: The process id.
        timeout: Seconds to wait after each signal.
        popen: Its Popen if we started it, so it is also reaped.
    """
    if popen is not None and popen.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        if popen is not None:
            try:
                popen.wait(timeout)
                return
            except subprocess.TimeoutExpired:
                continue
        deadline = time.monotonic() + timeout
        while not _is_gone(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _is_gone(pid):
            return
    if popen is not None:
        popen.wait(timeout)
