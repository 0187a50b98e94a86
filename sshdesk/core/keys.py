"""Loading private key files, with passphrase prompts and errors a person can act on."""

import logging
from pathlib import Path

import paramiko

from sshdesk.core.errors import KeyFileError, PassphraseRequiredError
from sshdesk.core.i18n import tr
from sshdesk.core.log import register_secret
from sshdesk.core.prompts import Prompter

log = logging.getLogger(__name__)

PASSPHRASE_ATTEMPTS = 3


def public_blob_beside(path: Path) -> bytes | None:
    """The public key blob from ``path.pub``, if such a file exists and reads cleanly.

    Used to skip a key that was already offered (through the agent) without asking for
    its passphrase again.
    """
    try:
        fields = path.with_name(path.name + ".pub").read_text(encoding="ascii").split()
        blob: bytes = paramiko.PublicBlob.from_string(" ".join(fields[:2])).key_blob
        return blob
    except (OSError, ValueError, UnicodeDecodeError, IndexError):
        return None


def load_private_key(
    path: Path, host: str, passphrase: str | None, prompter: Prompter
) -> paramiko.PKey | None:
    """Loads a private key, asking ``prompter`` for its passphrase when it is encrypted.

    Blocking (waits for the person to answer). Any thread.

    Returns:
        The key, or None when it needs a passphrase that nobody could give (the caller
        moves on to other methods).

    Raises:
        KeyFileError: The file is missing, unreadable, or not a usable private key.
        PassphraseRequiredError: Every passphrase given was wrong.
        CancelledError: The person cancelled the passphrase prompt.
    """
    _check_format(path, host)
    try:
        return _from_path(path, None)
    except TypeError:
        pass  # encrypted: paramiko raises TypeError when no passphrase was given
    except (ValueError, paramiko.SSHException, paramiko.UnknownKeyType) as error:
        log.info("cannot load key %s: %s", path, error)
        raise KeyFileError(
            host, str(path),
            tr("{path} is not a key sshdesk can use").format(path=path),
            tr("Use an OpenSSH or PEM private key (ed25519, ECDSA or RSA)."),
        ) from None
    if passphrase is not None:
        key = _try_passphrase(path, passphrase)
        if key is not None:
            return key
    for attempt in range(PASSPHRASE_ATTEMPTS):
        retry = attempt > 0 or passphrase is not None
        answer = prompter.ask_passphrase(host, str(path), retry)
        if answer is None:
            if retry:
                raise PassphraseRequiredError(host, str(path), wrong=True)
            log.info("no passphrase available for %s; key skipped", path)
            return None
        key = _try_passphrase(path, answer)
        if key is not None:
            return key
    raise PassphraseRequiredError(host, str(path), wrong=True)


def _try_passphrase(path: Path, passphrase: str) -> paramiko.PKey | None:
    register_secret(passphrase)
    try:
        return _from_path(path, passphrase.encode())
    except (ValueError, TypeError, paramiko.SSHException):
        # A wrong passphrase surfaces as one of these, depending on the key format.
        log.info("wrong passphrase for %s", path)
        return None


def _from_path(path: Path, passphrase: bytes | None) -> paramiko.PKey:
    return paramiko.PKey.from_path(str(path), passphrase)


def _check_format(path: Path, host: str) -> None:
    """Refuses, with a hint, the files people most often pick by mistake."""
    try:
        with path.open("rb") as stream:
            head = stream.read(200)
    except FileNotFoundError:
        raise KeyFileError(
            host, str(path), tr("the key file {path} does not exist").format(path=path),
            tr("Check the key file's path in the session settings."),
        ) from None
    except OSError as error:
        raise KeyFileError(
            host, str(path),
            tr("the key file {path} cannot be read: {reason}").format(
                path=path, reason=error.strerror
            ),
            tr("Check the file's permissions."),
        ) from None
    problem = _format_problem(head)
    if problem is not None:
        message, hint = problem
        raise KeyFileError(host, str(path), message.format(path=path), hint.format(path=path))


def _format_problem(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"PuTTY-User-Key-File-"):
        return (
            tr("{path} is a PuTTY key (.ppk), which sshdesk cannot read directly"),
            tr("Convert it to OpenSSH format: 'puttygen {path} -O private-openssh -o "
               "key_openssh' (or in PuTTYgen: Conversions > Export OpenSSH key), then "
               "choose the converted file."),
        )
    if head.startswith((b"ssh-", b"ecdsa-", b"sk-")):
        return (
            tr("{path} is a public key, not a private key"),
            tr("Choose the private key file: usually the same name without '.pub'."),
        )
    if head.startswith(b"-----BEGIN DSA PRIVATE KEY"):
        return (
            tr("{path} is a DSA key, an obsolete type no longer supported"),
            tr("Create a new key with 'ssh-keygen -t ed25519' and install it on the server."),
        )
    if not head.startswith(b"-----BEGIN "):
        return (
            tr("{path} is not a private key file sshdesk understands"),
            tr("Use an OpenSSH or PEM private key (ed25519, ECDSA or RSA)."),
        )
    return None
