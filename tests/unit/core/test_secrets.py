"""SecretStore against real keyrings: a private Secret Service (gnome-keyring on its own
D-Bus), read back independently with ``secret-tool``, and the ways a keyring fails on a
real machine (none, locked, no daemon, a bus that is gone)."""

import gc
import logging
import os
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.backends.SecretService
import keyring.errors
import pytest
from keyring.compat import properties

from sshdesk.core.errors import SshdeskError
from sshdesk.core.secrets import (
    MAX_SECRET_LENGTH,
    KeyringProblem,
    SecretKind,
    SecretStore,
    SecretsUnavailableError,
    SecretTooLongError,
)
from tests.helpers import keyring_session
from tests.helpers.keyring_session import KeyringSession

KeyringSessionFactory = Callable[..., KeyringSession]

#: A secret easy to find wherever it must not be.
MARKER = "Hunter2-MUST-NOT-LEAK-7f3a"

#: A bus address nothing listens on, as left behind by a session that ended.
STALE_BUS = "unix:path=/nonexistent/sshdesk-test-bus"


def new_id() -> str:
    return uuid.uuid4().hex


def stored(session: KeyringSession, session_id: str, kind: SecretKind) -> str | None:
    """What libsecret's ``secret-tool`` finds: proof the entry is in the real keyring."""
    return session.lookup(service="sshdesk", username=f"{session_id}/{kind}")


@contextmanager
def secret_service_at(address: str | None) -> Iterator[None]:
    """keyring's Secret Service backend with the bus address set to ``address`` (None:
    unset), as on a machine whose session bus is gone or was never there."""
    with (keyring_session.environment({"DBUS_SESSION_BUS_ADDRESS": address, "DISPLAY": None}),
          keyring_session.backend(keyring.backends.SecretService.Keyring())):
        yield


# ------------------------------------------------------------- the real Secret Service


@pytest.mark.parametrize("kind", list(SecretKind))
def test_set_get_delete_round_trip_through_the_real_keyring(
    secret_service: KeyringSession, kind: SecretKind
) -> None:
    store, session_id = SecretStore(), new_id()
    store.set(session_id, kind, f"s3cret-{kind}")
    assert store.get(session_id, kind) == f"s3cret-{kind}"
    assert stored(secret_service, session_id, kind) == f"s3cret-{kind}"
    other = SecretKind.PASSPHRASE if kind == SecretKind.PASSWORD else SecretKind.PASSWORD
    assert store.get(session_id, other) is None
    assert store.problem() is None

    store.delete(session_id, kind)
    assert store.get(session_id, kind) is None
    assert stored(secret_service, session_id, kind) is None


def test_set_replaces_the_saved_secret(secret_service: KeyringSession) -> None:
    store, session_id = SecretStore(), new_id()
    store.set(session_id, SecretKind.PASSWORD, "old")
    store.set(session_id, SecretKind.PASSWORD, "new")
    assert store.get(session_id, SecretKind.PASSWORD) == "new"
    assert stored(secret_service, session_id, SecretKind.PASSWORD) == "new"


def test_a_fresh_store_reads_what_another_saved(secret_service: KeyringSession) -> None:
    session_id = new_id()
    SecretStore().set(session_id, SecretKind.PASSPHRASE, "from the last run")
    assert SecretStore().get(session_id, SecretKind.PASSPHRASE) == "from the last run"


def test_sessions_do_not_collide(secret_service: KeyringSession) -> None:
    store, first, second = SecretStore(), new_id(), new_id()
    for session_id in (first, second):
        for kind in SecretKind:
            store.set(session_id, kind, f"{session_id[:6]}-{kind}")
    store.delete(first)
    for kind in SecretKind:
        assert store.get(first, kind) is None
        assert store.get(second, kind) == f"{second[:6]}-{kind}"
        assert stored(secret_service, second, kind) == f"{second[:6]}-{kind}"


def test_delete_without_kind_removes_both(secret_service: KeyringSession) -> None:
    store, session_id = SecretStore(), new_id()
    store.set(session_id, SecretKind.PASSWORD, "pw")
    store.set(session_id, SecretKind.PASSPHRASE, "pp")
    store.delete(session_id)
    for kind in SecretKind:
        assert store.get(session_id, kind) is None
        assert stored(secret_service, session_id, kind) is None


def test_deleting_what_is_not_there_is_fine(secret_service: KeyringSession) -> None:
    store, session_id = SecretStore(), new_id()
    store.delete(session_id)
    store.delete(session_id, SecretKind.PASSWORD)
    store.set(session_id, SecretKind.PASSWORD, "only the password")
    store.delete(session_id)  # the passphrase was never saved
    assert stored(secret_service, session_id, SecretKind.PASSWORD) is None
    assert store.problem() is None


@pytest.mark.parametrize("secret", ["密码：中文口令", "пароль ñ 🔑 key", " spaces at both ends "])
def test_unicode_secrets_round_trip(secret_service: KeyringSession, secret: str) -> None:
    store, session_id = SecretStore(), new_id()
    store.set(session_id, SecretKind.PASSWORD, secret)
    assert SecretStore().get(session_id, SecretKind.PASSWORD) == secret
    assert stored(secret_service, session_id, SecretKind.PASSWORD) == secret


def test_the_longest_secret_is_saved_and_a_longer_one_refused(
    secret_service: KeyringSession,
) -> None:
    store, session_id = SecretStore(), new_id()
    longest = "密" * MAX_SECRET_LENGTH
    store.set(session_id, SecretKind.PASSWORD, longest)
    assert store.get(session_id, SecretKind.PASSWORD) == longest

    with pytest.raises(SecretTooLongError) as caught:
        store.set(session_id, SecretKind.PASSWORD, "x" * (MAX_SECRET_LENGTH + 1))
    assert caught.value.kind == SecretKind.PASSWORD
    assert str(MAX_SECRET_LENGTH) in caught.value.message
    assert caught.value.hint
    assert stored(secret_service, session_id, SecretKind.PASSWORD) == longest  # unchanged


def test_a_saved_secret_wins_over_one_remembered_earlier(secret_service: KeyringSession) -> None:
    store, session_id = SecretStore(), new_id()
    store.remember_for_run(session_id, SecretKind.PASSWORD, "typed earlier")
    store.set(session_id, SecretKind.PASSWORD, "saved now")
    assert store.get(session_id, SecretKind.PASSWORD) == "saved now"


def test_threads_share_one_store(secret_service: KeyringSession) -> None:
    store = SecretStore()
    ids = [new_id() for _ in range(8)]

    def round_trip(session_id: str) -> tuple[str | None, str | None]:
        store.set(session_id, SecretKind.PASSWORD, f"pw-{session_id}")
        store.remember_for_run(session_id, SecretKind.PASSPHRASE, f"pp-{session_id}")
        return (store.get(session_id, SecretKind.PASSWORD),
                store.get(session_id, SecretKind.PASSPHRASE))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(round_trip, ids))
    assert results == [(f"pw-{i}", f"pp-{i}") for i in ids]


def test_the_fixture_runs_without_a_display(secret_service: KeyringSession) -> None:
    """With a display a locked keyring would open a dialog there and the call would hang."""
    assert "DISPLAY" not in os.environ
    assert "DISPLAY" not in secret_service.environment


# ----------------------------------------------------------------------- no keyring


def test_without_a_keyring_problem_says_why(no_keyring: None) -> None:
    assert SecretStore().problem() == KeyringProblem.NO_BACKEND.reason()


def test_without_a_keyring_get_answers_none(no_keyring: None) -> None:
    store = SecretStore()
    assert store.get(new_id(), SecretKind.PASSWORD) is None
    assert store.problem() == KeyringProblem.NO_BACKEND.reason()


def test_without_a_keyring_set_raises_with_a_hint(no_keyring: None) -> None:
    with pytest.raises(SecretsUnavailableError) as caught:
        SecretStore().set(new_id(), SecretKind.PASSWORD, "pw")
    error = caught.value
    assert error.problem == KeyringProblem.NO_BACKEND
    assert error.kind == SecretKind.PASSWORD
    assert "GNOME Keyring or KWallet" in error.hint
    assert "asks for the password each time" in error.hint
    assert isinstance(error.__cause__, keyring.errors.NoKeyringError)
    assert isinstance(error, SshdeskError)
    assert error.describe().startswith(
        "keyring: save password failed: no keyring is available on this computer\n")


def test_without_a_keyring_delete_raises(no_keyring: None) -> None:
    with pytest.raises(SecretsUnavailableError) as caught:
        SecretStore().delete(new_id())
    assert caught.value.action == "delete"
    assert caught.value.kind is None


def test_a_secret_remembered_for_the_run_is_answered_without_a_keyring(no_keyring: None) -> None:
    store, session_id = SecretStore(), new_id()
    store.remember_for_run(session_id, SecretKind.PASSPHRASE, "typed once")
    assert store.get(session_id, SecretKind.PASSPHRASE) == "typed once"
    assert store.get(session_id, SecretKind.PASSWORD) is None
    assert store.get(new_id(), SecretKind.PASSPHRASE) is None

    store.forget_for_run(session_id)
    assert store.get(session_id, SecretKind.PASSPHRASE) is None


def test_forget_for_run_one_kind_keeps_the_other(no_keyring: None) -> None:
    store, session_id = SecretStore(), new_id()
    store.remember_for_run(session_id, SecretKind.PASSWORD, "pw")
    store.remember_for_run(session_id, SecretKind.PASSPHRASE, "pp")
    store.forget_for_run(session_id, SecretKind.PASSWORD)
    assert store.get(session_id, SecretKind.PASSWORD) is None
    assert store.get(session_id, SecretKind.PASSPHRASE) == "pp"


def test_problem_is_kept_until_a_later_call_succeeds(
    secret_service: KeyringSession,
) -> None:
    store, session_id = SecretStore(), new_id()
    with keyring_session.backend(keyring.backends.fail.Keyring()):
        assert store.problem() == KeyringProblem.NO_BACKEND.reason()
    # The keyring works now, but nothing said so yet: the answer is kept (no D-Bus call).
    assert store.problem() == KeyringProblem.NO_BACKEND.reason()
    store.set(session_id, SecretKind.PASSWORD, "pw")
    assert store.problem() is None
    with keyring_session.backend(keyring.backends.fail.Keyring()):
        assert store.get(session_id, SecretKind.PASSWORD) is None
    assert store.problem() == KeyringProblem.NO_BACKEND.reason()


class ExplicitOnlyKeyring(keyring.backend.KeyringBackend):
    """A backend keyring never chooses by itself: keyring registers every subclass, and a
    usable priority would let a later test's automatic choice land on it."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("only for tests that set it explicitly")


class CountingKeyring(ExplicitOnlyKeyring):
    """An in-memory backend that counts its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


def test_problem_probes_only_once() -> None:
    backend = CountingKeyring()
    with keyring_session.backend(backend):
        store = SecretStore()
        assert store.problem() is None
        assert store.problem() is None
    assert backend.calls == 1


class OverlapKeyring(ExplicitOnlyKeyring):
    """An in-memory backend that notes how many of its calls ever ran at once."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, str] = {}
        self.running = 0
        self.most = 0
        self._count = threading.Lock()

    def _call(self) -> None:
        with self._count:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.005)  # long enough for other threads to come in, were they let
        with self._count:
            self.running -= 1

    def get_password(self, service: str, username: str) -> str | None:
        self._call()
        return self.entries.get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._call()
        self.entries[username] = password

    def delete_password(self, service: str, username: str) -> None:
        self._call()
        self.entries.pop(username, None)


def test_keyring_calls_never_overlap_even_from_many_stores() -> None:
    """gnome-keyring-daemon 42 aborts when clients come and go concurrently."""
    backend = OverlapKeyring()

    def round_trip(session_id: str) -> str | None:
        store = SecretStore()  # each worker may have its own
        store.set(session_id, SecretKind.PASSWORD, f"pw-{session_id}")
        store.delete(session_id, SecretKind.PASSPHRASE)
        return store.get(session_id, SecretKind.PASSWORD)

    ids = [new_id() for _ in range(12)]
    with keyring_session.backend(backend), ThreadPoolExecutor(6) as pool:
        results = list(pool.map(round_trip, ids))
    assert results == [f"pw-{i}" for i in ids]
    assert backend.most == 1


def test_the_errors_cross_process_boundaries() -> None:
    for error in (SecretsUnavailableError("save", SecretKind.PASSPHRASE, KeyringProblem.LOCKED),
                  SecretTooLongError(SecretKind.PASSWORD)):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert copy.describe() == error.describe()


# ---------------------------------------------------- real keyrings that cannot be used


def test_a_locked_keyring_fails_at_once_and_says_so(
    start_secret_service: KeyringSessionFactory,
) -> None:
    """gnome-keyring with a login keyring it was not given the password for: it asks
    D-Bus for a prompter, which cannot show without a display, so unlocking fails."""
    session = start_secret_service(unlock=False, login_keyring=True)
    store, session_id = SecretStore(), new_id()
    with session.active():
        assert store.problem() == KeyringProblem.LOCKED.reason()
        assert store.get(session_id, SecretKind.PASSWORD) is None
        with pytest.raises(SecretsUnavailableError) as caught:
            store.set(session_id, SecretKind.PASSWORD, "pw")
        with pytest.raises(SecretsUnavailableError):
            store.delete(session_id)
        store.remember_for_run(session_id, SecretKind.PASSWORD, "typed once")
        assert store.get(session_id, SecretKind.PASSWORD) == "typed once"
    assert caught.value.problem == KeyringProblem.LOCKED
    assert isinstance(caught.value.__cause__, keyring.errors.KeyringLocked)
    assert "Unlock the keyring" in caught.value.hint


def open_sockets() -> int:
    """How many sockets this process has open (Linux)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        # The listing's own descriptor is closed by now.
        with suppress(FileNotFoundError):
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
    return count


def test_failed_calls_leave_no_bus_connection_open(
    start_secret_service: KeyringSessionFactory,
) -> None:
    """keyring 25.7 does not close its D-Bus connection when the collection is locked;
    left to the garbage collector, each would fail some later test with a ResourceWarning."""
    session = start_secret_service(unlock=False, login_keyring=True)
    store, session_id = SecretStore(), new_id()
    with session.active():
        store.get(session_id, SecretKind.PASSWORD)  # imports and caches out of the way
        gc.disable()
        try:
            before = open_sockets()
            for _ in range(3):
                assert store.get(session_id, SecretKind.PASSWORD) is None
                with pytest.raises(SecretsUnavailableError):
                    store.set(session_id, SecretKind.PASSWORD, "pw")
            after = open_sockets()
        finally:
            gc.enable()
    assert after == before


def test_a_daemon_without_a_login_keyring_fails_with_prompt_dismissed(
    start_secret_service: KeyringSessionFactory,
) -> None:
    """gnome-keyring started without --unlock and no keyring yet: creating one needs a
    prompt, which is dismissed ("InitError: ... Prompt dismissed")."""
    session = start_secret_service(unlock=False)
    store = SecretStore()
    with session.active():
        with pytest.raises(SecretsUnavailableError) as caught:
            store.set(new_id(), SecretKind.PASSPHRASE, "pp")
        assert store.problem() == KeyringProblem.LOCKED.reason()
    assert isinstance(caught.value.__cause__, keyring.errors.InitError)
    assert "Prompt dismissed" in str(caught.value.__cause__)


def test_a_daemon_started_by_dbus_on_demand_fails_with_prompt_dismissed(
    start_secret_service: KeyringSessionFactory,
) -> None:
    """Only a session bus: D-Bus starts gnome-keyring itself, which cannot unlock."""
    session = start_secret_service(daemon=False)
    store = SecretStore()
    with session.active():
        assert store.get(new_id(), SecretKind.PASSWORD) is None
        assert store.problem() == KeyringProblem.LOCKED.reason()
        assert session.secrets_daemon_pid() is not None  # it did start one


def test_a_bus_that_is_gone_makes_the_keyring_unreachable() -> None:
    """A stale DBUS_SESSION_BUS_ADDRESS: jeepney's OSError leaks through keyring."""
    store = SecretStore()
    with secret_service_at(STALE_BUS):
        with pytest.raises(SecretsUnavailableError) as caught:
            store.set(new_id(), SecretKind.PASSWORD, "pw")
        assert store.get(new_id(), SecretKind.PASSWORD) is None
        with pytest.raises(SecretsUnavailableError):
            store.delete(new_id())
    assert caught.value.problem == KeyringProblem.UNREACHABLE
    assert isinstance(caught.value.__cause__, OSError)
    assert store.problem() == KeyringProblem.UNREACHABLE.reason()


def test_no_session_bus_makes_the_keyring_unreachable() -> None:
    """No DBUS_SESSION_BUS_ADDRESS: secretstorage's own error leaks through keyring."""
    store = SecretStore()
    with secret_service_at(None):
        assert store.problem() == KeyringProblem.UNREACHABLE.reason()
        with pytest.raises(SecretsUnavailableError) as caught:
            store.set(new_id(), SecretKind.PASSWORD, "pw")
    assert type(caught.value.__cause__).__name__ == "SecretServiceNotAvailableException"


# ----------------------------------------------------------------- secrets never leak


class EchoingKeyring(ExplicitOnlyKeyring):
    """A backend whose errors quote the secret they were given (as a careless one might)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError(f"cannot read {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"cannot store {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.InitError("cannot delete")


#: Ways a keyring fails, each a function giving a context that sets it up.
FAILING_KEYRINGS: dict[str, Callable[[], AbstractContextManager[None]]] = {
    "no-keyring": lambda: keyring_session.backend(keyring.backends.fail.Keyring()),
    "echoing": lambda: keyring_session.backend(EchoingKeyring()),
    "stale-bus": lambda: secret_service_at(STALE_BUS),
    "no-bus": lambda: secret_service_at(None),
}


@pytest.fixture(params=[*FAILING_KEYRINGS, "locked"])
def failing_keyring(request: pytest.FixtureRequest,
                    start_secret_service: KeyringSessionFactory) -> Iterator[str]:
    """A keyring that fails in one of the real ways (and one careless fake)."""
    if request.param == "locked":
        context = start_secret_service(unlock=False, login_keyring=True).active()
    else:
        context = FAILING_KEYRINGS[request.param]()
    with context:
        yield request.param


def assert_not_leaked(error: SshdeskError, store: SecretStore,
                      caplog: pytest.LogCaptureFixture) -> None:
    for text in (str(error), error.describe(), repr(error), error.message, error.hint,
                 repr(store), caplog.text):
        assert MARKER not in text


def test_failing_set_leaks_the_secret_nowhere(
    failing_keyring: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store, session_id = SecretStore(), new_id()
    store.remember_for_run(session_id, SecretKind.PASSPHRASE, MARKER)
    with pytest.raises(SecretsUnavailableError) as caught:
        store.set(session_id, SecretKind.PASSWORD, MARKER)
    assert store.get(session_id, SecretKind.PASSWORD) is None
    assert store.problem() is not None
    with pytest.raises(SecretsUnavailableError) as deleting:
        store.delete(session_id)
    assert caplog.records, "the failure should be logged"
    assert_not_leaked(caught.value, store, caplog)
    assert_not_leaked(deleting.value, store, caplog)


def test_a_too_long_secret_leaks_nowhere(
    no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = SecretStore()
    with pytest.raises(SecretTooLongError) as caught:
        store.set(new_id(), SecretKind.PASSPHRASE, MARKER * 100)
    assert_not_leaked(caught.value, store, caplog)
