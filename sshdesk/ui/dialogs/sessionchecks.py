"""What the session editor checks as the person types: each check returns what is wrong,
in words for the label next to the field, or None.

These are plain functions of text, with no Qt, so they can be tested without widgets. Key
files are checked by :mod:`sshdesk.core.keyfiles`, the paramiko-free check that
:mod:`sshdesk.core.keys` also runs before loading a key.
"""

import codecs
import ipaddress
import re
from pathlib import Path

from sshdesk.core import keyfiles

# The plain tr() of the core: lupdate files module-level tr() calls under the context the
# GUI's translator serves them from (sshdesk.ui.i18n.CORE_CONTEXT).
from sshdesk.core.i18n import tr
from sshdesk.core.profile import TargetSyntaxError, parse_target

_HOST_NAME = re.compile(r"[\w.-]+")  # \w: letters of any script, for internationalised names
_ALGORITHM = re.compile(r"[A-Za-z0-9@._+-]+")


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
    """What keeps ``path_text`` (``~`` allowed) from being a private key sshdesk can use
    (see :mod:`sshdesk.core.keyfiles`). An encrypted key is fine."""
    problem = keyfiles.key_file_problem(Path(path_text).expanduser(), shown=path_text)
    if problem is None:
        return None
    message, hint = problem
    # The core words it to follow "…failed:"; as a sentence of its own it starts upper-case.
    return tr("{problem}. {hint}").format(problem=message[:1].upper() + message[1:], hint=hint)
