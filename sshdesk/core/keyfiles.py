"""Whether a file is a private key sshdesk can use, told without loading it.

The files people pick by mistake (a public key, a PuTTY key, a DSA or PKCS#8 key, a
security key, something else entirely) are recognised from their bytes, with advice on
what to do. No paramiko: the session editor checks key files in the GUI process, which
never loads it; :mod:`sshdesk.core.keys` runs the same check before loading a key.
Anything that passes is a file paramiko 5.1 can load, given an encrypted key's passphrase.
"""

import base64
import binascii
import re
import struct
from pathlib import Path

from sshdesk.core.i18n import tr

#: Bigger than any private key (a 16384-bit RSA key is about 12 KiB).
MAX_KEY_BYTES = 1 << 20
# paramiko reads the traditional PEM keys, not PKCS#8 ("BEGIN [ENCRYPTED ]PRIVATE KEY").
_PEM_KEY = re.compile(rb"-----BEGIN (RSA|EC) PRIVATE KEY-----")
_PKCS8_KEY = re.compile(rb"-----BEGIN (ENCRYPTED )?PRIVATE KEY-----")
_OPENSSH_BEGIN = b"-----BEGIN OPENSSH PRIVATE KEY-----"
_OPENSSH_END = b"-----END OPENSSH PRIVATE KEY-----"
_OPENSSH_MAGIC = b"openssh-key-v1\x00"
_USABLE_KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                     "ecdsa-sha2-nistp521")

type Problem = tuple[str, str]  # what is wrong, what to do


def key_file_problem(path: Path, shown: str | None = None) -> Problem | None:
    """What keeps ``path`` from being a private key sshdesk can use, or None.

    Reads the file (a few kilobytes on a local disk). An encrypted key is fine: its
    passphrase is asked when connecting.

    Args:
        shown: How to name the file in the texts (as the person typed it); ``path`` by
            default.
    """
    name = str(path) if shown is None else shown
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEY_BYTES + 1)
    except FileNotFoundError:
        return (tr("the key file {path} does not exist").format(path=name),
                tr("Check the key file's path in the session settings."))
    except IsADirectoryError:
        return (tr("{path} is a folder, not a key file").format(path=name),
                tr("Choose the private key file: usually id_ed25519, id_ecdsa or id_rsa."))
    except OSError as error:
        return (tr("the key file {path} cannot be read: {reason}").format(
                    path=name, reason=error.strerror or error),
                tr("Check the file's permissions."))
    if len(data) > MAX_KEY_BYTES:
        return (tr("{path} is too big to be a private key").format(path=name),
                tr("Use an OpenSSH or PEM private key (ed25519, ECDSA or RSA)."))
    problem = _format_problem(data)
    if problem is None:
        return None
    (message, hint), key_type = problem
    # Formatted once, here: a key type read from the file may hold braces.
    return (message.format(path=name, key_type=key_type), hint.format(path=name))


def _format_problem(data: bytes) -> tuple[Problem, str] | None:
    """The problem with ``{path}`` (and ``{key_type}``) still to fill in, and the key type
    (or ""); None for a usable key."""
    head = data.lstrip()[:200]
    if head.startswith(b"PuTTY-User-Key-File-"):
        return (tr("{path} is a PuTTY key (.ppk), which sshdesk cannot read directly"),
                tr("Convert it to OpenSSH format: 'puttygen {path} -O private-openssh -o "
                   "key_openssh' (or in PuTTYgen: Conversions > Export OpenSSH key), then "
                   "choose the converted file.")), ""
    if head.startswith((b"ssh-", b"ecdsa-", b"sk-")):
        return (tr("{path} is a public key, not a private key"),
                tr("Choose the private key file: usually the same name without '.pub'.")), ""
    if head.startswith(b"-----BEGIN DSA PRIVATE KEY"):
        return _dsa_problem(), ""
    if head.startswith(_OPENSSH_BEGIN):
        return _openssh_problem(data)
    if _PEM_KEY.match(head):
        return None
    if _PKCS8_KEY.match(head):
        return (tr("{path} is a PKCS#8 key, which sshdesk cannot read"),
                tr("Convert it to OpenSSH format with 'ssh-keygen -p -f {path}' (this "
                   "rewrites the file).")), ""
    return (tr("{path} is not a private key file sshdesk understands"),
            tr("Use an OpenSSH or PEM private key (ed25519, ECDSA or RSA).")), ""


def _dsa_problem() -> Problem:
    return (tr("{path} is a DSA key, an obsolete type no longer supported"),
            tr("Create a new key with 'ssh-keygen -t ed25519' and install it on the server."))


def _openssh_problem(data: bytes) -> tuple[Problem, str] | None:
    """Looks inside an OpenSSH-format key (PROTOCOL.key) for its type; the private part
    may be encrypted, the public part never is."""
    damaged = (tr("{path} is damaged or incomplete: it is not a key sshdesk can read"),
               tr("Choose the key file again, or make a new key with 'ssh-keygen -t ed25519'."))
    body = data.lstrip()[len(_OPENSSH_BEGIN):]
    end = body.find(_OPENSSH_END)
    if end < 0:
        return damaged, ""
    try:
        blob = base64.b64decode(b"".join(body[:end].split()), validate=True)
        if not blob.startswith(_OPENSSH_MAGIC):
            return damaged, ""
        offset = len(_OPENSSH_MAGIC)
        for _ in range(3):  # cipher name, KDF name, KDF options
            _, offset = _ssh_string(blob, offset)
        offset += 4  # the number of keys
        public_key, offset = _ssh_string(blob, offset)
        key_type = _ssh_string(public_key, 0)[0].decode("ascii")
    except (binascii.Error, ValueError, struct.error, UnicodeDecodeError):
        return damaged, ""
    if key_type == "ssh-dss":
        return _dsa_problem(), key_type
    if key_type.startswith("sk-"):
        return (tr("{path} is a security key (FIDO) key, which sshdesk cannot use yet"),
                tr("Use an ed25519, ECDSA or RSA key.")), key_type
    if key_type not in _USABLE_KEY_TYPES:
        return (tr("{path} is a {key_type} key, a type sshdesk cannot use"),
                tr("Use an ed25519, ECDSA or RSA key.")), key_type
    return None


def _ssh_string(data: bytes, offset: int) -> tuple[bytes, int]:
    """The SSH wire-format string at ``offset``, and the offset after it."""
    (length,) = struct.unpack_from(">I", data, offset)
    start = offset + 4
    if start + length > len(data):
        raise ValueError("string runs past the end")
    return data[start:start + length], start + length
