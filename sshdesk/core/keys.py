"""Loading private key files, with passphrase prompts and errors a person can act on."""

import logging
from pathlib import Path

import paramiko

from sshdesk.core import keyfiles
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
    problem = keyfiles.key_file_problem(path)
    if problem is not None:
        message, hint = problem
        raise KeyFileError(host, str(path), message, hint)
