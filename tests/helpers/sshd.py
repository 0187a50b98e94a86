"""Real OpenSSH servers and agents for sshdesk's integration tests.

Everything here drives the system's own OpenSSH tools (``sshd``, ``ssh-agent``,
``ssh-add``), so tests talk to the same software a user's server runs. Nothing here
mocks a server. Keys are in :mod:`tests.helpers.keys`, users and the PAM service in
:mod:`tests.helpers.accounts`, and the machine plumbing in :mod:`tests.helpers.system`.

The functions are plain library code without pytest; ``tests/integration/conftest.py``
wraps them into fixtures. Functions that need something missing from the machine
raise :class:`~tests.helpers.system.FixtureSetupError` with an install hint; the
fixtures turn that into a loud test failure, never a skip.

Most of this needs root: ``sshd`` must run as root to switch to the test users.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.keys import (
    generate_key,
    public_key_path,
    read_public_key,
    sha256_fingerprint,
)
from tests.helpers.system import (
    LOOPBACK,
    OPENSSH_INSTALL_HINT,
    FixtureSetupError,
    descendant_pids,
    free_port,
    make_temp_dir,
    require_programs,
    require_root,
    run,
    terminate_pid,
)

SSHD_BINARY = Path("/usr/sbin/sshd")
PRIVSEP_DIR = Path("/run/sshd")

# Seconds a helper waits for a process or a log line before giving up.
DEFAULT_TIMEOUT = 10.0


# ---------------------------------------------------------------------------- sshd


def require_sshd() -> None:
    """Fail with an install hint unless OpenSSH's server and client tools exist."""
    if not SSHD_BINARY.exists():
        raise FixtureSetupError(f"{SSHD_BINARY} not found; install with: {OPENSSH_INSTALL_HINT}")
    require_programs("ssh", "ssh-keygen", "ssh-keyscan", "ssh-agent", "ssh-add")


def ensure_privsep_dir() -> None:
    """Create ``/run/sshd``: sshd refuses to start without it, and no service made it."""
    PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)


@dataclass(frozen=True)
class SshdServer:
    """A running test sshd, as tests see it.

    Attributes:
        host: Its address, ``127.0.0.1``.
        port: Its TCP port.
        host_key_type: e.g. ``ssh-ed25519`` or ``ssh-rsa``.
        host_key_base64: The host public key blob (a ``.pub`` file's 2nd field).
        host_key_sha256: Its fingerprint as OpenSSH prints it (``SHA256:...``).
        log_path: sshd's stderr log (``-e``), including its children's lines.
        pid: The listening sshd's process id.
    """

    host: str
    port: int
    host_key_type: str
    host_key_base64: str
    host_key_sha256: str
    log_path: Path
    pid: int

    def log_text(self) -> str:
        """Return the whole log so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 5.0) -> re.Match[str]:
        """Wait until a regex matches the log and return the match.

        sshd's children write their lines a little after the client sees the effect,
        so asserting on the log right away can race.

        Raises:
            AssertionError: No match within ``timeout`` (the log is in the message).
        """
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.log_text())
            if match is not None:
                return match
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"no line matching {pattern!r} in {self.log_path} after {timeout} s:\n"
                    + self.log_text()[-4000:]
                )
            time.sleep(0.05)

    def direct_tcpip_targets(self) -> list[tuple[str, int]]:
        """Return the ``(host, port)`` targets of direct-tcpip channels so far.

        Needs ``LogLevel DEBUG1`` or higher (as the jump server has).
        """
        return [(host, int(port)) for host, port in _DIRECT_TCPIP.findall(self.log_text())]

    def assert_direct_tcpip(self, port: int, host: str = LOOPBACK, timeout: float = 5.0) -> None:
        """Assert that a client opened a direct-tcpip channel to ``host:port`` here.

        This is how a jump host's log proves a connection went through it.

        Raises:
            AssertionError: No such channel within ``timeout``.
        """
        target = rf"target {re.escape(host)} port {port}\b"
        self.wait_for_log(
            r"server_request_direct_tcpip: originator \S+ port \d+, " + target, timeout
        )


_DIRECT_TCPIP = re.compile(
    r"server_request_direct_tcpip: originator \S+ port \d+, target (\S+) port (\d+)"
)


def render_sshd_config(
    *,
    port: int,
    host_key: Path,
    pid_file: Path,
    authorized_keys: Path,
    log_level: str,
    extra: Sequence[str] = (),
    match_users: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Return an sshd_config for a test server.

    Args:
        port: Port to listen on (127.0.0.1 only).
        host_key: The only host key.
        pid_file: Where sshd writes its pid.
        authorized_keys: One authorized_keys file for all users.
        log_level: sshd ``LogLevel``.
        extra: More global lines (they must come before any ``Match``).
        match_users: User name -> lines of a ``Match User`` block.
    """
    lines = [
        f"Port {port}",
        f"ListenAddress {LOOPBACK}",
        f"HostKey {host_key}",
        f"PidFile {pid_file}",
        f"AuthorizedKeysFile {authorized_keys}",
        "StrictModes no",  # the files sit under /tmp, which is group/world-writable
        "PubkeyAuthentication yes",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication yes",
        "UsePAM yes",
        "PermitRootLogin yes",
        "Subsystem sftp internal-sftp",
        f"LogLevel {log_level}",
        # Clients that offer several keys before the right one must not be cut off.
        "MaxAuthTries 20",
        *extra,
    ]
    for user, block in (match_users or {}).items():
        lines.append(f"Match User {user}")
        lines += [f"    {line}" for line in block]
    return "\n".join(lines) + "\n"


class SshdStartError(RuntimeError):
    """sshd did not come up; the message carries its log."""


@dataclass
class SshdProcess:
    """A started sshd and what is needed to stop it.

    Attributes:
        server: What tests get.
        process: The listening sshd.
        workdir: Its config, host key, pid file and log; removed by :meth:`stop`.
    """

    server: SshdServer
    process: subprocess.Popen[bytes]
    workdir: Path

    def stop(self, timeout: float = 5.0) -> None:
        """Stop sshd and the connection processes it forked, then remove its files.

        Connection children call setsid(), so they are not in sshd's process group
        and outlive it while their client stays connected; we collect their pids
        before stopping the listener, while they are still its descendants.
        """
        if self.process.poll() is None:
            children = descendant_pids(self.process.pid)
            terminate_pid(self.process.pid, timeout, popen=self.process)
            for pid in children:
                terminate_pid(pid, timeout)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_sshd(
    *,
    authorized_keys: Path,
    binary: Path = SSHD_BINARY,
    host_key_type: str = "ed25519",
    log_level: str = "VERBOSE",
    extra_config: Sequence[str] = (),
    match_users: Mapping[str, Sequence[str]] | None = None,
    label: str = "sshd",
    startup_timeout: float = DEFAULT_TIMEOUT,
) -> SshdProcess:
    """Generate a host key, write a config, start sshd and wait for its banner.

    Args:
        authorized_keys: The authorized_keys file for all users.
        binary: The sshd to run, e.g. a :class:`PamService` symlink. Must be absolute.
        host_key_type: ``ed25519`` or ``rsa`` (3072 bits) or ``ecdsa``.
        log_level: sshd ``LogLevel``; DEBUG1 shows direct-tcpip requests.
        extra_config: More global sshd_config lines.
        match_users: ``Match User`` blocks, see :func:`render_sshd_config`.
        label: Short name for the temp dir, to tell servers apart.
        startup_timeout: Seconds to wait for the banner.

    Returns:
        The running server; call :meth:`SshdProcess.stop` to end it.

    Raises:
        FixtureSetupError: sshd is not installed or not root.
        SshdStartError: The config is invalid or sshd did not start.
    """
    require_sshd()
    require_root("running sshd")
    ensure_privsep_dir()
    workdir = make_temp_dir(f"sshdesk-{label}-")
    try:
        host_key = workdir / f"ssh_host_{host_key_type}_key"
        generate_key(host_key, host_key_type, bits=3072 if host_key_type == "rsa" else None)
        # The port is picked before sshd binds it; another process may win the race.
        for _attempt in range(3):
            started = _start_once(
                binary=binary,
                workdir=workdir,
                host_key=host_key,
                config_text=lambda port: render_sshd_config(
                    port=port,
                    host_key=host_key,
                    pid_file=workdir / "sshd.pid",
                    authorized_keys=authorized_keys,
                    log_level=log_level,
                    extra=extra_config,
                    match_users=match_users,
                ),
                startup_timeout=startup_timeout,
            )
            if started is not None:
                return started
        raise SshdStartError("sshd could not bind a free port in 3 attempts")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _start_once(
    *,
    binary: Path,
    workdir: Path,
    host_key: Path,
    config_text: Callable[[int], str],
    startup_timeout: float,
) -> SshdProcess | None:
    """Start sshd on a fresh port; return None if that port was taken meanwhile."""
    port = free_port()
    config = workdir / "sshd_config"
    config.write_text(config_text(port))
    check = subprocess.run(
        [os.fspath(binary), "-t", "-f", os.fspath(config)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    if check.returncode != 0:
        raise SshdStartError(f"sshd -t rejected {config}:\n{check.stderr}\n{config.read_text()}")
    log_path = workdir / "sshd.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [os.fspath(binary), "-D", "-e", "-f", os.fspath(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # keep terminal signals (Ctrl-C) for pytest alone
        )
    key_type, key_b64 = read_public_key(public_key_path(host_key))
    server = SshdServer(
        host=LOOPBACK,
        port=port,
        host_key_type=key_type,
        host_key_base64=key_b64,
        host_key_sha256=sha256_fingerprint(key_b64),
        log_path=log_path,
        pid=process.pid,
    )
    started = SshdProcess(server=server, process=process, workdir=workdir)
    try:
        _wait_for_banner(process, LOOPBACK, port, log_path, startup_timeout)
    except _PortTaken:
        terminate_pid(process.pid, 5.0, popen=process)
        return None
    except BaseException:
        terminate_pid(process.pid, 5.0, popen=process)
        raise
    return started


class _PortTaken(Exception):
    """sshd lost the race for its port."""


def _wait_for_banner(
    process: subprocess.Popen[bytes], host: str, port: int, log_path: Path, timeout: float
) -> None:
    """Poll until the port answers with an SSH banner."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            if "Address already in use" in log:
                raise _PortTaken()
            raise SshdStartError(f"sshd exited with {process.returncode}:\n{log}")
        if read_banner(host, port, timeout=1.0).startswith(b"SSH-"):
            return
        time.sleep(0.02)
    raise SshdStartError(
        f"sshd sent no banner on {host}:{port} within {timeout} s:\n"
        + log_path.read_text(errors="replace")
    )


def read_banner(host: str, port: int, timeout: float = 2.0) -> bytes:
    """Connect, read the first bytes the server sends, and close; b"" on failure."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            return sock.recv(256)
    except OSError:
        return b""


# ------------------------------------------------------------------------ KEXINIT


@dataclass(frozen=True)
class KexInit:
    """The algorithm lists from a server's SSH_MSG_KEXINIT (RFC 4253, 7.1)."""

    banner: str
    kex_algorithms: list[str]
    server_host_key_algorithms: list[str]
    ciphers: list[str]
    macs: list[str]


def read_server_kexinit(host: str, port: int, timeout: float = 5.0) -> KexInit:
    """Read what a server offers in its first, unencrypted KEXINIT packet.

    This shows exactly which host key algorithms a server offers, without a
    client library's own preferences in the way.
    """
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"SSH-2.0-sshdesk_test_probe\r\n")
        reader = _SocketReader(sock)
        banner = reader.line()
        while not banner.startswith(b"SSH-"):  # RFC 4253 allows lines before it
            banner = reader.line()
        packet_length = struct.unpack(">I", reader.exact(4))[0]
        packet = reader.exact(packet_length)
    padding = packet[0]
    payload = packet[1 : len(packet) - padding]
    if payload[0] != 20:  # SSH_MSG_KEXINIT
        raise ValueError(f"first packet is message {payload[0]}, not KEXINIT")
    lists = _name_lists(payload[17:], 10)  # after the message byte and 16-byte cookie
    return KexInit(
        banner=banner.decode("ascii", "replace").strip(),
        kex_algorithms=lists[0],
        server_host_key_algorithms=lists[1],
        ciphers=lists[2],
        macs=lists[4],
    )


def _name_lists(data: bytes, count: int) -> list[list[str]]:
    result: list[list[str]] = []
    offset = 0
    for _ in range(count):
        (length,) = struct.unpack_from(">I", data, offset)
        text = data[offset + 4 : offset + 4 + length].decode("ascii")
        result.append(text.split(",") if text else [])
        offset += 4 + length
    return result


class _SocketReader:
    """Buffered exact/line reads from a blocking socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = b""

    def _fill(self) -> None:
        chunk = self._sock.recv(4096)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self._buffer += chunk

    def line(self) -> bytes:
        while b"\n" not in self._buffer:
            self._fill()
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line + b"\n"

    def exact(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


# -------------------------------------------------------------------------- agent


@dataclass
class SshAgentProcess:
    """A running ``ssh-agent -D``.

    Attributes:
        socket_path: Its ``SSH_AUTH_SOCK``.
        process: The agent.
        workdir: Holds the socket; removed by :meth:`stop`.
    """

    socket_path: str
    process: subprocess.Popen[bytes]
    workdir: Path

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the agent by pid and remove its socket dir."""
        terminate_pid(self.process.pid, timeout, popen=self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_agent(keys: Sequence[Path], timeout: float = DEFAULT_TIMEOUT) -> SshAgentProcess:
    """Start a private ssh-agent and add unencrypted keys to it.

    The agent's socket lives in a short /tmp path; ``SSH_AUTH_SOCK`` is set only
    for ``ssh-add``, never in this process's environment.
    """
    require_programs("ssh-agent", "ssh-add")
    workdir = make_temp_dir("sshdesk-agent-")
    socket_path = os.fspath(workdir / "agent.sock")
    process = subprocess.Popen(
        ["ssh-agent", "-D", "-a", socket_path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    agent = SshAgentProcess(socket_path=socket_path, process=process, workdir=workdir)
    try:
        _wait_for_unix_socket(socket_path, process, timeout)
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SSH_ASKPASS")}
        env["SSH_AUTH_SOCK"] = socket_path
        for key in keys:
            run(["ssh-add", "-q", key], env=env)
    except BaseException:
        agent.stop()
        raise
    return agent


def _wait_for_unix_socket(path: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ssh-agent exited with {process.returncode}")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            try:
                sock.connect(path)
                return
            except OSError:
                pass
        time.sleep(0.02)
    raise RuntimeError(f"ssh-agent socket {path} did not appear within {timeout} s")
