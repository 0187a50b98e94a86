"""Keyring fixtures for every test (a plugin of tests/conftest.py): real OS keyrings
(a private Secret Service), or none.

Every keyring fixture points the ``keyring`` library at its backend for one test only and
restores the previous one afterwards, so no other test reaches a keyring (CI's default
backend is ``keyring.backends.fail.Keyring``). Missing tools fail loudly with an install
hint; they never skip.
"""

import contextlib
from collections.abc import Callable, Generator, Iterator

import keyring.backends.fail
import pytest

from tests.helpers import keyring_session, system
from tests.helpers.keyring_session import KeyringSession

# Log lines attached to a failed test's report, per keyring session it used.
_LOG_TAIL_CHARS = 4000


def _loud_setup() -> "contextlib.AbstractContextManager[None]":
    return system.loud_setup("keyring test setup")


@pytest.fixture(scope="session")
def _unlocked_keyring_session() -> Iterator[KeyringSession]:
    """The processes behind ``secret_service``, started once (about 0.05 s)."""
    with _loud_setup():
        session = keyring_session.start_keyring_session()
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture
def secret_service(_unlocked_keyring_session: KeyringSession) -> Iterator[KeyringSession]:
    """A real, unlocked Secret Service (gnome-keyring-daemon on a private D-Bus) that
    ``keyring`` uses during the test. ``secret_service.lookup(...)`` reads it with
    ``secret-tool``. Entries persist for the session: use fresh ids."""
    with _unlocked_keyring_session.active():
        yield _unlocked_keyring_session


KeyringSessionFactory = Callable[..., KeyringSession]


@pytest.fixture
def start_secret_service() -> Iterator[KeyringSessionFactory]:
    """Starts private keyring sessions of one's own, stopped after the test.

    Call it with :func:`~tests.helpers.keyring_session.start_keyring_session`'s
    arguments, e.g. ``start_secret_service(unlock=False)``; then use ``session.active()``.
    """
    started: list[KeyringSession] = []

    def start(**options: bool) -> KeyringSession:
        with _loud_setup():
            session = keyring_session.start_keyring_session(**options)
        started.append(session)
        return session

    try:
        yield start
    finally:
        for session in started:
            session.stop()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """keyring's ``fail`` backend, as on a machine without any keyring (and in CI)."""
    with keyring_session.backend(keyring.backends.fail.Keyring()):
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the daemons' logs of the keyring session a failed test used to its report."""
    report = yield
    if report.failed:
        for name, value in getattr(item, "funcargs", {}).items():
            if isinstance(value, KeyringSession):
                report.sections.append((f"{name} log", value.log_text()[-_LOG_TAIL_CHARS:]))
    return report
