"""What the session editor checks as the person types: each check returns what is wrong,
in words for the label next to the field, or None.

These are plain functions of text, with no Qt, so they can be tested without widgets. Key files are
checked here, without paramiko: the GUI process never loads it (its connections live in
the network process), so :mod:`sshdesk.core.keys` cannot be imported. The checks below
recognise the same files that module refuses, with the same advice, and look inside
OpenSSH-format keys for their type; anything that passes is a file paramiko can load,
given the passphrase of an encrypted key.
"""

import base64
import binascii
import codecs
import ipaddress
import re
import struct
from pathlib import Path

# The plain tr() of the core: lupdate files module-level tr() calls under the context the
# GUI's translator serves them from (sshdesk.ui.i18n.CORE_CONTEXT).
from sshdesk.core.i18n import tr
from sshdesk.core.profile import TargetSyntaxError, parse_target

#: Bigger than any private key (a 16384-bit RSA key is about 12 KiB).
_MAX_KEY_BYTES = 1 << 20
_HOST_NAME = re.compile(r"[\w.-]+")  # \w: letters of any script, for internationalised names
_ALGORITHM = re.compile(r"[A-Za-z0-9@._+-]+")
# paramiko reads the traditional PEM keys, not PKCS#8 ("BEGIN [ENCRYPTED ]PRIVATE KEY").
_PEM_KEY = re.compile(rb"-----BEGIN (RSA|EC) PRIVATE KEY-----")
_PKCS8_KEY = re.compile(rb"-----BEGIN (ENCRYPTED )?PRIVATE KEY-----")
_OPENSSH_BEGIN = b"-----BEGIN OPENSSH PRIVATE KEY-----"
_OPENSSH_END = b"-----END OPENSSH PRIVATE KEY-----"
_OPENSSH_MAGIC = b"openssh-key-v1\x00"
_USABLE_KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                     "ecdsa-sha2-nistp521")


def name_problem(name: str) -> str | None:
    """A session name is needed and cannot contain ``/`` (it joins folder paths)."""
    if not name.strip():
        return tr("Give the session a name.")
    if "/" in name:
        return tr("A name cannot contain '/', which separates folders.")
    return None


def parse_folder(text: str) -> tuple[str, ...]:
    """``"Prod/DB"`` as ``("Prod", "DB")``; blank text is the top level.

    Raises:
        ValueError: A folder name in the path is empty (``"Prod//DB"``, ``"/Prod"``).
    """
    if not text.strip():
        return ()
    names = tuple(part.strip() for part in text.split("/"))
    if not all(names):
        raise ValueError(tr("A folder name is empty; write folders as 'Prod/DB'."))
    return names


def folder_problem(text: str) -> str | None:
    try:
        parse_folder(text)
    except ValueError as error:
        return str(error)
    return None


def host_problem(host: str) -> str | None:
    """A host name, IPv4 or IPv6 address (without brackets; ``%zone`` allowed)."""
    if not host:
        return tr("Enter the host name or address.")
    if any(character.isspace() for character in host):
        return tr("A host name has no spaces.")
    if "@" in host:
        return tr("Write the user name in the User field, not in the host.")
    if host.startswith("[") or host.endswith("]"):
        return tr("Write an IPv6 address without brackets, and the port in the Port field.")
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return tr("'{host}' is not an IPv6 address; write the port in the Port "
                      "field.").format(host=host)
        return None
    if not _HOST_NAME.fullmatch(host):
        return tr("'{host}' has characters a host name cannot have.").format(host=host)
    return None


def parse_jump_host(text: str) -> tuple[str, str, int | None]:
    """One ``[user@]host[:port]`` jump host entry as ``(user, host, port)``.

    Raises:
        ValueError: The entry is not of that form, or its host or port is unusable.
    """
    try:
        user, host, port = parse_target(text)
    except TargetSyntaxError as error:
        raise ValueError(str(error)) from None
    problem = host_problem(host)
    if problem is not None:
        raise ValueError(problem)
    return user, host, port


def jump_hosts_problem(entries: list[str]) -> str | None:
    """Every non-blank entry must be a ``[user@]host[:port]``."""
    problems = []
    for number, entry in enumerate(entries, start=1):
        if not entry.strip():
            continue
        try:
            parse_jump_host(entry)
        except ValueError as error:
            problems.append(tr("Jump host {number}: {reason}").format(number=number,
                                                                       reason=error))
    return "\n".join(problems) or None


def algorithms_problem(text: str) -> str | None:
    """A comma-separated list of algorithm names (``aes128-cbc, hmac-sha1``)."""
    bad = [name for name in split_list(text) if not _ALGORITHM.fullmatch(name)]
    if bad:
        return tr("Not an algorithm name: {names}. Separate names with commas.").format(
            names=", ".join(bad))
    return None


def split_list(text: str) -> tuple[str, ...]:
    """The comma-separated items of ``text``, stripped, without blanks or repeats."""
    return tuple(dict.fromkeys(item.strip() for item in text.split(",") if item.strip()))


def encoding_problem(name: str) -> str | None:
    """An encoding Python knows that turns bytes into text (not, say, ``rot13``)."""
    if not name.strip():
        return tr("Choose the server's character encoding.")
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        return tr("'{name}' is not an encoding Python knows.").format(name=name)
    # Private but stable since Python 3.4: what str.encode and bytes.decode check too.
    if not getattr(info, "_is_text_encoding", True):
        return tr("'{name}' does not encode text.").format(name=name)
    return None


def terminal_type_problem(term: str) -> str | None:
    if not term:
        return tr("Enter a terminal type, such as xterm-256color.")
    if not term.isascii() or not term.isprintable() or " " in term:
        return tr("A terminal type is one word of plain letters, such as xterm-256color.")
    return None


def secret_problem(secret: str, limit: int) -> str | None:
    """A secret the keyring can keep is at most ``limit`` characters."""
    if len(secret) > limit:
        return tr("This is {length} characters long; the keyring keeps at most {limit}.").format(
            length=len(secret), limit=limit)
    return None


# -- key files ------------------------------------------------------------------------------


def key_file_problem(path_text: str) -> str | None:
    """What keeps ``path_text`` (``~`` allowed) from being a private key sshdesk can use.

    An encrypted key is fine: its passphrase is asked when connecting. Reads the file
    (blocking, but a key file is a few kilobytes on a local disk).
    """
    path = Path(path_text).expanduser()
    try:
        with path.open("rb") as stream:
            data = stream.read(_MAX_KEY_BYTES + 1)
    except FileNotFoundError:
        return tr("{path} does not exist.").format(path=path_text)
    except IsADirectoryError:
        return tr("{path} is a folder, not a key file.").format(path=path_text)
    except OSError as error:
        return tr("{path} cannot be read: {reason}").format(
            path=path_text, reason=error.strerror or error)
    if len(data) > _MAX_KEY_BYTES:
        return tr("{path} is too big to be a private key.").format(path=path_text)
    problem = _format_problem(data)
    if problem is None:
        return None
    template, key_type = problem
    # Formatted once, here: a key type read from the file may hold braces.
    return template.format(path=path_text, key_type=key_type)


def _format_problem(data: bytes) -> tuple[str, str] | None:
    """The files people pick by mistake, with the advice of :mod:`sshdesk.core.keys`.

    Returns:
        The problem with ``{path}`` and ``{key_type}`` still to fill in, and the key type
        (or ""); None for a usable key.
    """
    head = data.lstrip()[:200]
    if head.startswith(b"PuTTY-User-Key-File-"):
        return tr("{path} is a PuTTY key (.ppk), which sshdesk cannot read directly. Convert "
                  "it to OpenSSH format (PuTTYgen: Conversions > Export OpenSSH key) and "
                  "choose the converted file."), ""
    if head.startswith((b"ssh-", b"ecdsa-", b"sk-")):
        return tr("{path} is a public key. Choose the private key: usually the same name "
                  "without '.pub'."), ""
    if head.startswith(b"-----BEGIN DSA PRIVATE KEY"):
        return _dsa_problem(), ""
    if head.startswith(_OPENSSH_BEGIN):
        return _openssh_problem(data)
    if _PEM_KEY.match(head):
        return None
    if _PKCS8_KEY.match(head):
        return tr("{path} is a PKCS#8 key, which sshdesk cannot read. Convert it to "
                  "OpenSSH format with 'ssh-keygen -p -f {path}' (this rewrites the file)."), ""
    return tr("{path} is not a private key file sshdesk understands. Use an OpenSSH or "
              "PEM private key (ed25519, ECDSA or RSA)."), ""


def _dsa_problem() -> str:
    return tr("{path} is a DSA key, an obsolete type no longer supported. Create a new key "
              "with 'ssh-keygen -t ed25519' and install it on the server.")


def _openssh_problem(data: bytes) -> tuple[str, str] | None:
    """Looks inside an OpenSSH-format key (PROTOCOL.key) for its type; the private part
    may be encrypted, the public part never is."""
    damaged = tr("{path} is damaged or incomplete: it does not read as an OpenSSH key.")
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
        return tr("{path} is a security key (FIDO) key, which sshdesk cannot use yet. Use "
                  "an ed25519, ECDSA or RSA key."), key_type
    if key_type not in _USABLE_KEY_TYPES:
        return tr("{path} is a {key_type} key, a type sshdesk cannot use."), key_type
    return None


def _ssh_string(data: bytes, offset: int) -> tuple[bytes, int]:
    """The SSH wire-format string at ``offset``, and the offset after it."""
    (length,) = struct.unpack_from(">I", data, offset)
    start = offset + 4
    if start + length > len(data):
        raise ValueError("string runs past the end")
    return data[start:start + length], start + length
