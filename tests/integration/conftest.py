"""Fixtures that start real OpenSSH servers and odd network peers on 127.0.0.1.

Servers, keys and users are session-scoped: an sshd starts in about 50 ms, but
users and keys cost more and tests do not change them. Everything that tests can
change (the agent, the misbehaving sockets, the proxy) is per test.

Servers and users (all servers share one PAM service, see ``sshd_pam_service``):

- ``sshd``: the main server. ``password_user``, ``partial_user`` and ``otp_user``
  are set up for it (password and keyboard-interactive work on every server, the
  per-user ``AuthenticationMethods`` rules only here).
- ``jump_sshd`` and ``jump_target_sshd``: a jump host (``LogLevel DEBUG1``, so its
  log shows direct-tcpip channels) and a server to reach through it.
- ``rsa_sha1_sshd``: offers only the ``ssh-rsa`` (SHA-1) host key algorithm.

Missing tools make these fixtures fail loudly with an install hint; they never skip.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import accounts, keys, netsockets, system
from tests.helpers import sshd as sshd_lib
from tests.helpers.accounts import OtpUser, PamService, TestUser
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer

# Log lines attached to a failed test's report, per server it used.
_LOG_TAIL_CHARS = 6000


def _loud_setup() -> contextlib.AbstractContextManager[None]:
    return system.loud_setup("integration test setup")


@contextmanager
def _running_sshd(
    authorized_keys: Path, pam_service: PamService, **options: Any
) -> Iterator[SshdServer]:
    """Start a test sshd (every one shares the authorized_keys file and the PAM service)
    with ``start_sshd(**options)``, and stop it afterwards."""
    with _loud_setup():
        process = sshd_lib.start_sshd(
            authorized_keys=authorized_keys, binary=pam_service.sshd_binary, **options
        )
    try:
        yield process.server
    finally:
        process.stop()


# ------------------------------------------------------------------ keys and users


@pytest.fixture(scope="session")
def client_keys(tmp_path_factory: pytest.TempPathFactory) -> ClientKeys:
    """Client keys (ed25519, ecdsa, rsa-3072, encrypted ed25519, a PPK file)."""
    with _loud_setup():
        return keys.make_client_keys(tmp_path_factory.mktemp("client_keys"))


@pytest.fixture(scope="session")
def authorized_keys_file(client_keys: ClientKeys) -> Iterator[Path]:
    """One authorized_keys file, used by every test server for every user.

    It lives outside pytest's temp dir, which is mode 700: sshd reads the file as
    the user logging in, so its directory must be world-traversable.
    """
    directory = system.make_temp_dir("sshdesk-authorized-", mode=0o755)
    try:
        yield keys.write_authorized_keys(
            directory / "authorized_keys", client_keys.public_key_files()
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@dataclass(frozen=True)
class _SessionUsers:
    password: TestUser
    partial: TestUser
    otp: OtpUser


@pytest.fixture(scope="session")
def _session_users() -> Iterator[_SessionUsers]:
    """Create the test users up front: sshd's ``Match User`` blocks need the names."""
    created: list[TestUser] = []
    backups = accounts.AccountBackups.snapshot()
    try:
        with _loud_setup():
            for prefix in ("sshdesk-pw", "sshdesk-partial", "sshdesk-otp"):
                created.append(accounts.create_user(prefix))
        plain_otp = created[2]
        yield _SessionUsers(
            password=created[0],
            partial=created[1],
            otp=OtpUser(
                name=plain_otp.name,
                password=plain_otp.password,
                home=plain_otp.home,
                secret=secrets.token_bytes(20),
            ),
        )
    finally:
        try:
            _delete_users(created)
        finally:
            backups.restore()


def _delete_users(users: list[TestUser]) -> None:
    """Delete every user even if one deletion fails, then report the failures."""
    errors: list[str] = []
    for user in users:
        try:
            accounts.delete_user(user.name)
        except RuntimeError as exc:
            errors.append(str(exc))
    if errors:
        raise RuntimeError("could not delete test users:\n" + "\n".join(errors))


@pytest.fixture(scope="session")
def password_user(_session_users: _SessionUsers) -> TestUser:
    """A user who logs in with a password or keyboard-interactive (one ``Password:``)."""
    return _session_users.password


@pytest.fixture(scope="session")
def partial_user(_session_users: _SessionUsers, sshd: SshdServer) -> TestUser:
    """A user who needs ``publickey,keyboard-interactive`` on ``sshd``.

    Any key of ``client_keys`` first (the server answers "partial success"), then
    keyboard-interactive with the password.
    """
    return _session_users.partial


@pytest.fixture(scope="session")
def otp_user(_session_users: _SessionUsers, sshd: SshdServer) -> OtpUser:
    """A user of ``sshd`` with a two-round keyboard-interactive login.

    Round 1 asks ``Password: ``, round 2 ``Verification code: `` (a TOTP code from
    ``otp_user.otp_code()``); then sshd may send an empty round. Only
    keyboard-interactive is allowed for this user. Codes may be reused.
    """
    return _session_users.otp


@pytest.fixture(scope="session")
def sshd_pam_service(_session_users: _SessionUsers) -> Iterator[PamService]:
    """The PAM service every test sshd uses (``/etc/pam.d/sshdesk-test-sshd-*``).

    Debian's usual stack for everyone, plus a pam_google_authenticator round for
    the OTP user only. Removed at the end of the session.
    """
    with _loud_setup():
        service = accounts.install_pam_service({_session_users.otp.name: _session_users.otp.secret})
    try:
        yield service
    finally:
        accounts.remove_pam_service(service)


# ------------------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def sshd(
    authorized_keys_file: Path, sshd_pam_service: PamService, _session_users: _SessionUsers
) -> Iterator[SshdServer]:
    """The main test server (ed25519 host key, password, kbd-interactive, keys, SFTP)."""
    users = _session_users
    with _running_sshd(
        authorized_keys_file,
        sshd_pam_service,
        label="main",
        match_users={
            users.partial.name: ["AuthenticationMethods publickey,keyboard-interactive"],
            users.otp.name: ["AuthenticationMethods keyboard-interactive"],
        },
    ) as server:
        yield server


@pytest.fixture(scope="session")
def jump_sshd(authorized_keys_file: Path, sshd_pam_service: PamService) -> Iterator[SshdServer]:
    """A jump host; ``jump_sshd.assert_direct_tcpip(port)`` checks its log."""
    with _running_sshd(
        authorized_keys_file,
        sshd_pam_service,
        label="jump",
        log_level="DEBUG1",
        extra_config=["AllowTcpForwarding yes"],
    ) as server:
        yield server


@pytest.fixture(scope="session")
def jump_target_sshd(
    authorized_keys_file: Path, sshd_pam_service: PamService
) -> Iterator[SshdServer]:
    """A server for tests to reach through ``jump_sshd``.

    Only by convention: it listens on 127.0.0.1 like the others. Prove the route
    with ``jump_sshd.assert_direct_tcpip(jump_target_sshd.port)``.
    """
    with _running_sshd(
        authorized_keys_file,
        sshd_pam_service,
        label="target",
    ) as server:
        yield server


@pytest.fixture(scope="session")
def rsa_sha1_sshd(authorized_keys_file: Path, sshd_pam_service: PamService) -> Iterator[SshdServer]:
    """A server with only an RSA host key, offered only as ``ssh-rsa`` (SHA-1)."""
    with _running_sshd(
        authorized_keys_file,
        sshd_pam_service,
        label="rsa-sha1",
        host_key_type="rsa",
        extra_config=["HostKeyAlgorithms ssh-rsa"],
    ) as server:
        yield server


# --------------------------------------------------------------------------- agent


@pytest.fixture
def ssh_agent(client_keys: ClientKeys) -> Iterator[str]:
    """A private ssh-agent holding ``client_keys.ecdsa``; yields its socket path.

    SSH_AUTH_SOCK is not set; use ``monkeypatch.setenv("SSH_AUTH_SOCK", ssh_agent)``.
    """
    with _loud_setup():
        agent = sshd_lib.start_agent([client_keys.ecdsa])
    try:
        yield agent.socket_path
    finally:
        agent.stop()


# ---------------------------------------------------------------- odd TCP servers


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    return netsockets.closed_port()


@pytest.fixture
def silent_server() -> Iterator[tuple[str, int]]:
    """``(host, port)`` of a listener that accepts and never sends a byte."""
    with netsockets.SilentServer() as server:
        yield server.address


@pytest.fixture
def http_server() -> Iterator[tuple[str, int]]:
    """``(host, port)`` of a listener that answers like nginx to an SSH client (HTTP 400)."""
    with netsockets.HttpServer() as server:
        yield server.address


@pytest.fixture
def freezable_proxy(sshd: SshdServer) -> Iterator[netsockets.FreezableProxy]:
    """A forwarder to ``sshd``; ``freeze()`` stalls it with sockets open, ``thaw()`` resumes."""
    with netsockets.FreezableProxy((sshd.host, sshd.port)) as proxy:
        yield proxy


# ------------------------------------------------------------------------- reports


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the log of every test sshd a failed test used to its report."""
    report = yield
    if report.failed:
        funcargs = getattr(item, "funcargs", {})
        for name, value in funcargs.items():
            if isinstance(value, SshdServer):
                tail = value.log_text()[-_LOG_TAIL_CHARS:]
                report.sections.append((f"{name} log ({value.log_path})", tail))
    return report
