"""A private Secret Service for tests: a D-Bus session bus and gnome-keyring-daemon.

Follows the verified recipe of ``TESTING.md`` ("A real OS keyring"): temporary HOME and
XDG folders (mode 700), ``dbus-daemon --session --nofork``, ``gnome-keyring-daemon
--foreground --unlock --components=secrets`` with a password on its stdin, no
``DISPLAY`` (else a locked keyring opens a dialog there and the call hangs), and
keyring's backend set explicitly (it picks one only once, at first use).

Plain library code without pytest, like :mod:`tests.helpers.system`: a missing tool
raises :class:`~tests.helpers.system.FixtureSetupError` with an install hint, which the
fixtures turn into a loud failure, never a skip. Starting one takes about 0.1 s.

The processes are started once (:func:`start_keyring_session`); :meth:`KeyringSession.active`
points this process's keyring library at them for a while and then restores the previous
backend and environment, so tests that do not ask for a real keyring never reach one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import keyring.backends.SecretService
import keyring.core
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from tests.helpers import system

KEYRING_INSTALL_HINT = (
    "apt-get update && apt-get install -y --no-install-recommends "
    "dbus-daemon dbus-bin gnome-keyring libsecret-tools"
)

#: The well-known bus name of the Secret Service.
SECRETS_BUS_NAME = "org.freedesktop.secrets"

#: Seconds to wait for the daemon to own its bus name.
_START_TIMEOUT = 10.0

#: The password of the login keyring the daemon creates.
LOGIN_PASSWORD = "sshdesk-test-login"

#: Variables that would let the daemon (or the prompter it asks D-Bus to start) open a
#: window, and whose absence makes a prompt fail at once instead of hang.
_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY")

_XDG_FOLDERS = {
    "HOME": "home",
    "XDG_DATA_HOME": "home/.local/share",
    "XDG_CONFIG_HOME": "home/.config",
    "XDG_CACHE_HOME": "home/.cache",
    "XDG_RUNTIME_DIR": "run",
}


@dataclass
class KeyringSession:
    """A running private session bus, with or without a Secret Service daemon on it.

    Attributes:
        root: The temporary folder holding HOME, the XDG folders and the logs.
        address: The bus address (``DBUS_SESSION_BUS_ADDRESS``).
        environment: The environment of the daemons; also right for tools such as
            ``secret-tool`` (private bus, no display).
    """

    root: Path
    address: str
    environment: dict[str, str]
    _bus: subprocess.Popen[bytes]
    _daemons: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @contextmanager
    def active(self) -> Iterator[None]:
        """Points this process's ``keyring`` at this session, then restores everything.

        Sets the bus address (and no display) and
        ``keyring.set_keyring(SecretService.Keyring())``. HOME and the XDG folders stay the
        test's own: only the daemons live in the session's, so files the app writes during
        the test stay apart from other tests'.
        """
        changes: dict[str, str | None] = {name: None for name in _DISPLAY_VARIABLES}
        changes["DBUS_SESSION_BUS_ADDRESS"] = self.address
        with environment(changes), backend(keyring.backends.SecretService.Keyring()):
            yield

    def lookup(self, **attributes: str) -> str | None:
        """The secret ``secret-tool lookup`` finds for ``attributes``, None if none.

        Reads the keyring through libsecret, independently of the ``keyring`` library.
        """
        argv = ["secret-tool", "lookup"]
        for name, value in attributes.items():
            argv += [name, value]
        result = subprocess.run(argv, env=self.environment, capture_output=True, timeout=20,
                                check=False)
        if result.returncode != 0:
            if result.stderr:
                raise RuntimeError(f"secret-tool failed: {result.stderr.decode()}")
            return None  # exit status 1 and nothing said: no such item
        return result.stdout.decode()

    def secrets_daemon_pid(self) -> int | None:
        """The pid of the process owning the Secret Service name on this bus, if any."""
        with closing(open_dbus_connection(self.address)) as connection:
            if not connection.send_and_get_reply(message_bus.NameHasOwner(SECRETS_BUS_NAME))\
                    .body[0]:
                return None
            reply = connection.send_and_get_reply(
                message_bus.GetConnectionUnixProcessID(SECRETS_BUS_NAME))
            return int(reply.body[0])

    def log_text(self) -> str:
        """What the bus and the daemons wrote, for a failing test's report."""
        return "".join(path.read_text(errors="replace") for path in sorted(
            self.root.glob("*.log")))

    def stop(self) -> None:
        """Stops the daemon (also one D-Bus started on demand) and the bus, by pid."""
        try:
            activated = self.secrets_daemon_pid()
        except (OSError, ValueError):
            activated = None  # the bus is already gone
        for daemon in self._daemons:
            system.terminate_pid(daemon.pid, 5.0, daemon)
        if activated is not None and activated not in {d.pid for d in self._daemons}:
            # Started by D-Bus activation: not our child, so it cannot be reaped here.
            system.terminate_pid(activated, 5.0)
        system.terminate_pid(self._bus.pid, 5.0, self._bus)
        if self._bus.stdout is not None:
            self._bus.stdout.close()
        shutil.rmtree(self.root, ignore_errors=True)


def start_keyring_session(*, daemon: bool = True, unlock: bool = True,
                          login_keyring: bool = False) -> KeyringSession:
    """Starts a private session bus and, unless told not to, gnome-keyring-daemon on it.

    Args:
        daemon: Start gnome-keyring-daemon. Without it, the bus starts one on the first
            Secret Service call (D-Bus activation), which cannot unlock anything.
        unlock: Start the daemon with ``--unlock`` (creating and unlocking the login
            keyring). Without it every use needs a prompt, which fails without a display.
        login_keyring: With ``unlock=False``, first create a login keyring with a password,
            so the daemon finds a locked keyring rather than none.

    Raises:
        FixtureSetupError: dbus-daemon or gnome-keyring-daemon is missing or did not start.
    """
    system.require_programs("dbus-daemon", "gnome-keyring-daemon", "secret-tool",
                            hint=KEYRING_INSTALL_HINT)
    root = system.make_temp_dir("sshdesk-keyring-")
    environment = _daemon_environment(root)
    bus = _start_bus(root, environment)
    session = KeyringSession(root=root, address=environment["DBUS_SESSION_BUS_ADDRESS"],
                             environment=environment, _bus=bus)
    try:
        if daemon and login_keyring and not unlock:
            _stop_daemon(_start_daemon(session, unlock=True, log_name="login-keyring"))
        if daemon:
            session._daemons.append(_start_daemon(session, unlock=unlock, log_name="daemon"))
    except BaseException:
        session.stop()
        raise
    return session


@contextmanager
def backend(replacement: keyring.backend.KeyringBackend) -> Iterator[None]:
    """Uses ``replacement`` as keyring's backend for a while, then the one before."""
    # keyring has no getter that does not choose (and probe) a backend when none is
    # chosen yet, so the module's variable is saved as it is, None included.
    previous = keyring.core._keyring_backend
    keyring.set_keyring(replacement)
    try:
        yield
    finally:
        keyring.core._keyring_backend = previous


@contextmanager
def environment(changes: dict[str, str | None]) -> Iterator[None]:
    """Sets (or with None removes) environment variables for a while, then restores them."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            _set_variable(name, value)
        yield
    finally:
        for name, value in saved.items():
            _set_variable(name, value)


def _set_variable(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _daemon_environment(root: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in _DISPLAY_VARIABLES and k != "DBUS_SESSION_BUS_ADDRESS"}
    for name, relative in _XDG_FOLDERS.items():
        folder = root / relative
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        environment[name] = str(folder)
    return environment


def _start_bus(root: Path, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    """Starts ``dbus-daemon --session`` and puts its address into ``environment``."""
    with (root / "dbus-daemon.log").open("wb") as log:
        # Its stderr goes to a file: an inherited pipe would keep pytest's capture open.
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=environment,
        )
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    if not address:
        system.terminate_pid(bus.pid, 5.0, bus)
        bus.stdout.close()
        log_text = (root / "dbus-daemon.log").read_text(errors="replace")
        shutil.rmtree(root, ignore_errors=True)
        raise system.FixtureSetupError(f"dbus-daemon did not start: {log_text}")
    environment["DBUS_SESSION_BUS_ADDRESS"] = address
    return bus


def _start_daemon(session: KeyringSession, *, unlock: bool,
                  log_name: str) -> subprocess.Popen[bytes]:
    """Starts gnome-keyring-daemon on the session's bus and waits until it serves."""
    argv = ["gnome-keyring-daemon", "--foreground", "--components=secrets"]
    if unlock:
        argv.append("--unlock")
    with (session.root / f"{log_name}.log").open("wb") as log:
        daemon = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=log, stderr=log,
                                  env=session.environment)
    assert daemon.stdin is not None
    if unlock:
        daemon.stdin.write(LOGIN_PASSWORD.encode())  # read until end of file
    daemon.stdin.close()
    _wait_until_serving(session, daemon)
    return daemon


def _wait_until_serving(session: KeyringSession, daemon: subprocess.Popen[bytes]) -> None:
    """Waits until ``daemon`` owns the Secret Service name.

    Until then a call would make D-Bus start a second daemon of its own.
    """
    deadline = time.monotonic() + _START_TIMEOUT
    while session.secrets_daemon_pid() != daemon.pid:
        if daemon.poll() is not None or time.monotonic() > deadline:
            _stop_daemon(daemon)
            raise system.FixtureSetupError(
                f"gnome-keyring-daemon did not start serving {SECRETS_BUS_NAME}:\n"
                f"{session.log_text()}")
        time.sleep(0.01)


def _stop_daemon(daemon: subprocess.Popen[bytes]) -> None:
    system.terminate_pid(daemon.pid, 5.0, daemon)
