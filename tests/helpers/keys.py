"""Keys and known_hosts lines for sshdesk's integration tests.

Key pairs come from the system's own ``ssh-keygen``, so tests load the same files a
user's OpenSSH makes; the PPK file and the known_hosts lines are written here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.helpers.system import require_programs, run

if TYPE_CHECKING:
    from tests.helpers.sshd import SshdServer


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
    run(argv)
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
