"""Passwords and key passphrases of saved sessions, kept in the OS keyring.

A saved session's secrets live only in the keyring (Secret Service on Linux, Credential
Manager on Windows, Keychain on macOS), under the service ``"sshdesk"`` and the user name
``"<session id>/<kind>"``. When there is no usable keyring, or the user did not ask to
save, a secret can be remembered in memory for this run instead, so it is asked once.

Keyring calls talk to a daemon (D-Bus on Linux) and may wait for an unlock prompt: they
are blocking and belong on worker threads, never the GUI thread. :class:`SecretStore` may
be used from several threads at once.

No secret is ever put into a log line, an exception message or a repr. Each one is also
registered with :func:`sshdesk.core.log.register_secret`, so the app's log handlers redact
it from whatever other code logs.
"""

import enum
import functools
import importlib
import logging
import threading
import traceback
from collections.abc import Iterator
from typing import Any, Literal

import keyring
import keyring.errors

from sshdesk.core.errors import SshdeskError
from sshdesk.core.i18n import tr
from sshdesk.core.log import REDACTED, register_secret

_log = logging.getLogger(__name__)

#: The longest secret :meth:`SecretStore.set` accepts, in characters. Windows Credential
#: Manager holds at most 2560 bytes (1280 UTF-16 characters); a little less is safe.
MAX_SECRET_LENGTH = 1000

#: The user name of the harmless lookup :meth:`SecretStore.problem` probes with.
_PROBE_USERNAME = "probe"


class SecretKind(enum.StrEnum):
    """Which secret of a saved session."""

    PASSWORD = "password"
    PASSPHRASE = "passphrase"


class KeyringProblem(enum.StrEnum):
    """Why the keyring cannot be used, in the few cases a user can tell apart."""

    #: No keyring at all (keyring chose its ``fail`` backend).
    NO_BACKEND = "no-backend"
    #: The keyring is locked, and unlocking was dismissed or could not be asked.
    LOCKED = "locked"
    #: The keyring service could not be reached (no D-Bus, no Secret Service daemon).
    UNREACHABLE = "unreachable"
    #: Anything else the keyring reported.
    FAILED = "failed"

    def reason(self) -> str:
        """A short reason for a person, e.g. why "save password" is unavailable."""
        match self:
            case KeyringProblem.NO_BACKEND:
                return tr("no keyring is available on this computer")
            case KeyringProblem.LOCKED:
                return tr("the keyring is locked, and unlocking it was dismissed or not "
                          "possible")
            case KeyringProblem.UNREACHABLE:
                return tr("the keyring service could not be reached")
            case KeyringProblem.FAILED:
                return tr("the keyring reported an error")

    def hint(self) -> str:
        """What the user can do about it."""
        match self:
            case KeyringProblem.NO_BACKEND:
                return tr("Install and unlock a keyring such as GNOME Keyring or KWallet; "
                          "until then sshdesk asks for the password each time.")
            case KeyringProblem.LOCKED:
                return tr("Unlock the keyring (log in to the desktop again, or use your "
                          "keyring manager) and try again; until then sshdesk asks for the "
                          "password each time.")
            case KeyringProblem.UNREACHABLE:
                return tr("Check that a keyring such as GNOME Keyring or KWallet runs in your "
                          "desktop session; until then sshdesk asks for the password each "
                          "time.")
            case KeyringProblem.FAILED:
                return tr("The details are in the log file. Until this is solved, sshdesk "
                          "asks for the password each time.")


class SecretsUnavailableError(SshdeskError):
    """The keyring could not save or delete a secret (none, locked, unreachable...).

    Attributes:
        action: ``"save"`` or ``"delete"``.
        kind: The secret concerned; None for both kinds of a session.
        problem: Why, as a :class:`KeyringProblem`.
    """

    def __init__(self, action: Literal["save", "delete"], kind: SecretKind | None,
                 problem: KeyringProblem) -> None:
        self.action = action
        self.kind = kind
        self.problem = problem
        super().__init__(tr("keyring"), _operation(action, kind), problem.reason(),
                         problem.hint())


class SecretTooLongError(SshdeskError):
    """A secret is longer than :data:`MAX_SECRET_LENGTH`: keyrings cannot hold it."""

    def __init__(self, kind: SecretKind) -> None:
        self.kind = kind
        super().__init__(
            tr("keyring"),
            _operation("save", kind),
            tr("it is longer than {limit} characters, more than every keyring can "
               "hold").format(limit=MAX_SECRET_LENGTH),
            tr("It cannot be saved; sshdesk asks for it each time."),
        )


def _operation(action: Literal["save", "delete"], kind: SecretKind | None) -> str:
    """The operation's name for an error, e.g. "save password"."""
    if action == "save":
        return tr("save key passphrase") if kind == SecretKind.PASSPHRASE \
            else tr("save password")
    if kind is None:
        return tr("delete saved password and passphrase")
    return tr("delete saved key passphrase") if kind == SecretKind.PASSPHRASE \
        else tr("delete saved password")


#: keyring's Secret Service backend opens a D-Bus connection per call. gnome-keyring-daemon
#: 42.1 (Debian 12) aborts on a GLib assertion when clients come and go concurrently
#: ("gkd_secret_service_get_pkcs11_session: assertion 'client' failed"), and D-Bus then
#: starts a fresh, locked daemon: every later call fails. Found by a stress test of four
#: threads; one call at a time, process-wide, it never happened in 450 rounds.
_ONE_CALL_AT_A_TIME = threading.Lock()


class SecretStore:
    """The secrets of saved sessions: the OS keyring, plus secrets remembered for this run.

    Thread-safe. The blocking methods (:meth:`problem`, :meth:`get`, :meth:`set`,
    :meth:`delete`) talk to the keyring daemon and may wait for it (or for an unlock
    prompt): call them from worker threads only.

    Args:
        service: The keyring's service name for every entry.
    """

    SERVICE = "sshdesk"

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service
        self._lock = threading.Lock()
        self._remembered: dict[tuple[str, SecretKind], str] = {}
        self._probed = False
        self._problem: KeyringProblem | None = None

    def __repr__(self) -> str:
        with self._lock:
            count = len(self._remembered)
        return f"<SecretStore service={self._service!r} remembered={count}>"

    def problem(self) -> str | None:
        """Why the keyring cannot be used, or None when it works.

        Blocking (D-Bus); worker threads only. The first call probes with a harmless
        lookup; the answer is kept until a later keyring call succeeds or fails.

        Returns:
            A short reason for a person (e.g. shown by a greyed-out "save password"),
            or None.
        """
        with self._lock:
            if self._probed:
                return self._problem.reason() if self._problem else None
        try:
            with _ONE_CALL_AT_A_TIME:
                keyring.get_password(self._service, _PROBE_USERNAME)
        except _backend_errors() as exc:
            return self._failed("probe", exc).reason()
        self._worked()
        return None

    def get(self, session_id: str, kind: SecretKind) -> str | None:
        """The secret remembered for this run if any, else the one in the keyring.

        Blocking (D-Bus) unless remembered; worker threads only. Never raises for keyring
        trouble: it answers None, and :meth:`problem` then says why.

        Args:
            session_id: The saved session's id.
            kind: Which secret.

        Returns:
            The secret, or None when there is none (or the keyring cannot be used).
        """
        with self._lock:
            remembered = self._remembered.get((session_id, kind))
        if remembered is not None:
            return remembered
        try:
            with _ONE_CALL_AT_A_TIME:
                secret = keyring.get_password(self._service, _username(session_id, kind))
        except _backend_errors() as exc:
            self._failed("read", exc)
            return None
        self._worked()
        register_secret(secret)
        return secret

    def set(self, session_id: str, kind: SecretKind, secret: str) -> None:
        """Saves a secret in the keyring, replacing the saved one.

        Blocking (D-Bus); worker threads only. On success a copy remembered for this run
        is dropped, so :meth:`get` answers from the keyring.

        Raises:
            SecretTooLongError: Longer than :data:`MAX_SECRET_LENGTH`; nothing is saved.
            SecretsUnavailableError: The keyring could not save it (none, locked,
                unreachable...); remember it for this run instead.
        """
        register_secret(secret)
        if len(secret) > MAX_SECRET_LENGTH:
            raise SecretTooLongError(kind)
        try:
            with _ONE_CALL_AT_A_TIME:
                keyring.set_password(self._service, _username(session_id, kind), secret)
        except _backend_errors() as exc:
            problem = self._failed("save", exc, secret)
            raise SecretsUnavailableError("save", kind, problem) from exc
        self._worked()
        self.forget_for_run(session_id, kind)

    def delete(self, session_id: str, kind: SecretKind | None = None) -> None:
        """Removes a session's saved secret (both kinds when ``kind`` is None).

        Blocking (D-Bus); worker threads only. An entry that is not there is fine.
        Secrets remembered for this run stay: see :meth:`forget_for_run`.

        Raises:
            SecretsUnavailableError: The keyring could not be used.
        """
        for each in _kinds(kind):
            try:
                with _ONE_CALL_AT_A_TIME:
                    keyring.delete_password(self._service, _username(session_id, each))
            except keyring.errors.PasswordDeleteError:
                pass  # no such entry: what we wanted
            except _backend_errors() as exc:
                problem = self._failed("delete", exc)
                raise SecretsUnavailableError("delete", kind, problem) from exc
        self._worked()

    def remember_for_run(self, session_id: str, kind: SecretKind, secret: str) -> None:
        """Keeps a secret in memory until the app quits, so it is asked only once.

        For when the keyring cannot be used or the user did not ask to save. Not blocking.
        """
        register_secret(secret)
        with self._lock:
            self._remembered[session_id, kind] = secret

    def forget_for_run(self, session_id: str, kind: SecretKind | None = None) -> None:
        """Drops a secret remembered for this run (both kinds when ``kind`` is None)."""
        with self._lock:
            for each in _kinds(kind):
                self._remembered.pop((session_id, each), None)

    def _worked(self) -> None:
        with self._lock:
            recovered = self._probed and self._problem is not None
            self._probed, self._problem = True, None
        if recovered:
            _log.info("the keyring works again")

    def _failed(self, what: str, error: Exception, secret: str = "") -> KeyringProblem:
        """Notes why the keyring failed and logs it (without the secret)."""
        _release_frames(error)
        problem = _classify(error)
        with self._lock:
            changed = not self._probed or self._problem != problem
            self._probed, self._problem = True, problem
        detail = str(error).replace(secret, REDACTED) if secret else str(error)
        # Warn when the state changes; with no keyring, every lookup would repeat it.
        _log.log(logging.WARNING if changed else logging.DEBUG, "keyring %s failed (%s): %s: %s",
                 what, problem, type(error).__name__, detail)
        return problem


def _username(session_id: str, kind: SecretKind) -> str:
    return f"{session_id}/{kind}"


def _kinds(kind: SecretKind | None) -> list[SecretKind]:
    return list(SecretKind) if kind is None else [kind]


@functools.cache
def _backend_errors() -> tuple[type[Exception], ...]:
    """What a keyring call can raise when the keyring, not sshdesk, is at fault.

    keyring wraps most failures into :class:`keyring.errors.KeyringError`, but on Linux
    some leak through from the libraries below it: secretstorage's errors (e.g. when
    ``DBUS_SESSION_BUS_ADDRESS`` is unset), jeepney's ``DBusErrorResponse``, ``OSError``
    for a bus socket that is gone, and ``ValueError`` for a failed bus handshake or a
    stored secret that is not UTF-8. They are looked up only when a call failed, so
    importing this module does not import them (secretstorage loads cryptography).
    """
    errors: list[type[Exception]] = [keyring.errors.KeyringError, OSError, ValueError]
    for module, name in (("secretstorage.exceptions", "SecretStorageException"),
                         ("jeepney.wrappers", "DBusErrorResponse")):
        found = _optional_type(module, name)
        if found is not None and issubclass(found, Exception):
            errors.append(found)
    return tuple(errors)


@functools.cache
def _optional_type(module: str, name: str) -> type[Any] | None:
    """A class from a library that may be missing (it is Linux only), else None."""
    try:
        found: object = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        # secretstorage can fail with AttributeError on import (keyring issue #296).
        return None
    return found if isinstance(found, type) else None


def _classify(error: BaseException) -> KeyringProblem:
    """Sorts a keyring failure (looking through its causes) into a :class:`KeyringProblem`."""
    names = {cls.__name__ for each in _chain(error) for cls in type(each).__mro__}
    if "NoKeyringError" in names:
        return KeyringProblem.NO_BACKEND
    # keyring raises KeyringLocked, or InitError caused by secretstorage's
    # PromptDismissedException ("Prompt dismissed": no login keyring, no way to prompt).
    if names & {"KeyringLocked", "PromptDismissedException", "LockedException"}:
        return KeyringProblem.LOCKED
    if names & {"SecretServiceNotAvailableException", "OSError", "AuthenticationError"}:
        return KeyringProblem.UNREACHABLE
    return KeyringProblem.FAILED


def _release_frames(error: BaseException) -> None:
    """Closes what a failed keyring call left open, and drops its frames' local variables.

    keyring 25.7's ``SecretService.get_preferred_collection`` opens a D-Bus connection
    and does not close it when it raises (locked keyring, dismissed prompt, no daemon);
    jeepney's connection refers to itself, so only the garbage collector would close the
    socket, much later, with a ResourceWarning (the leak of keyring issue #380, still
    there on this path). Clearing the frames also means keyring's frames, kept by the error
    chained to ours, no longer hold the secret (``set_password``'s argument) for a crash
    reporter that shows local variables. The tracebacks keep their lines for the log.
    """
    connection_type = _optional_type("jeepney.io.blocking", "DBusConnection")
    for each in _chain(error):
        if connection_type is not None:
            for frame, _line in traceback.walk_tb(each.__traceback__):
                for value in list(frame.f_locals.values()):
                    if isinstance(value, connection_type):
                        value.close()  # closing twice is harmless
        traceback.clear_frames(each.__traceback__)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and its causes (``raise ... from``) and contexts, without loops."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
