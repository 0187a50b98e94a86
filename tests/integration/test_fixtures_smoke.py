"""The integration fixtures work, checked with OpenSSH's own tools and paramiko.

No sshdesk code here: if these pass, a failing sshdesk integration test points at
sshdesk, not at its test servers.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import paramiko
import pytest

from tests.helpers import netsockets
from tests.helpers.accounts import OtpUser, TestUser
from tests.helpers.keys import (
    ClientKeys,
    foreign_host_key_line,
    hashed_known_hosts_line,
    known_hosts_line,
    public_key_path,
    read_public_key,
    sha256_fingerprint,
)
from tests.helpers.sshd import SshdServer, read_server_kexinit

TIMEOUT = 15.0
Prompts = list[tuple[str, bool]]


# ------------------------------------------------------------------------ helpers


def _clean_env() -> dict[str, str]:
    """The environment without an agent or askpass that could change ssh's choices."""
    drop = ("SSH_AUTH_SOCK", "SSH_ASKPASS", "DISPLAY")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _ssh(
    server: SshdServer,
    *options: str,
    user: str = "root",
    command: str = "true",
    known_hosts: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run OpenSSH's ssh against a test server without any user or system config."""
    argv = [
        "ssh",
        "-F",
        "none",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        f"UserKnownHostsFile={known_hosts or '/dev/null'}",
        "-o",
        f"StrictHostKeyChecking={'yes' if known_hosts else 'no'}",
        *options,
        "-p",
        str(server.port),
        f"{user}@{server.host}",
        command,
    ]
    return subprocess.run(
        argv,
        env=env or _clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        check=False,
    )


def _with_key(key: Path) -> tuple[str, ...]:
    return ("-o", "IdentitiesOnly=yes", "-i", str(key))


@contextmanager
def _transport(address: tuple[str, int]) -> Iterator[paramiko.Transport]:
    """A paramiko transport after key exchange; closed (with its socket) afterwards."""
    with socket.create_connection(address, timeout=TIMEOUT) as sock:
        transport = paramiko.Transport(sock)
        try:
            transport.start_client(timeout=TIMEOUT)
            yield transport
        finally:
            transport.close()


def _remote(transport: paramiko.Transport, command: str) -> tuple[int, str]:
    """Run a command over an authenticated transport; return (status, stdout)."""
    channel = transport.open_session(timeout=TIMEOUT)
    try:
        channel.settimeout(TIMEOUT)
        channel.exec_command(command)
        output = b""
        while chunk := channel.recv(4096):
            output += chunk
        return channel.recv_exit_status(), output.decode()
    finally:
        channel.close()


class _Responder:
    """A keyboard-interactive handler that answers by prompt text and records rounds."""

    def __init__(self, answers: dict[str, Callable[[], str]]) -> None:
        self._answers = answers
        self.rounds: list[Prompts] = []

    def __call__(
        self, title: str, instructions: str, prompts: Sequence[tuple[str, bool]]
    ) -> list[str]:
        self.rounds.append(list(prompts))
        return [self._answer(text) for text, _echo in prompts]

    def _answer(self, prompt: str) -> str:
        for start, answer in self._answers.items():
            if prompt.startswith(start):
                return answer()
        raise AssertionError(f"unexpected prompt {prompt!r}")


def _wait_for_accepted_key(server: SshdServer, user: str, fingerprint: str) -> None:
    pattern = rf"Accepted publickey for {user} from \S+ port \d+ ssh2: \S+ {re.escape(fingerprint)}"
    server.wait_for_log(pattern)


def _pub_fingerprint(private_key: Path) -> str:
    return sha256_fingerprint(read_public_key(public_key_path(private_key))[1])


# ---------------------------------------------------------------------------- keys


def test_client_keys_are_real_openssh_keys(client_keys: ClientKeys) -> None:
    for key in (client_keys.ed25519, client_keys.ecdsa, client_keys.rsa):
        derived = subprocess.run(
            ["ssh-keygen", "-y", "-P", "", "-f", str(key)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert derived[:2] == list(read_public_key(public_key_path(key)))

    listing = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(client_keys.rsa)], capture_output=True, text=True, check=True
    ).stdout
    assert listing.startswith("3072 ")
    assert listing.rstrip().endswith("(RSA)")

    def unlock(passphrase: str) -> int:
        argv = ["ssh-keygen", "-y", "-f", str(client_keys.encrypted), "-P", passphrase]
        return subprocess.run(argv, capture_output=True, check=False).returncode

    assert unlock(client_keys.encrypted_passphrase) == 0
    assert unlock("") != 0

    ppk = client_keys.ppk.read_text().splitlines()
    assert ppk[0] == "PuTTY-User-Key-File-3: ssh-ed25519"
    assert ppk[1] == "Encryption: none"
    assert ppk[-1].startswith("Private-MAC: ")
    assert len(ppk[-1].split()[1]) == 64


def test_authorized_keys_readable_by_everyone(
    authorized_keys_file: Path, client_keys: ClientKeys
) -> None:
    assert authorized_keys_file.stat().st_mode & 0o777 == 0o644
    assert authorized_keys_file.parent.stat().st_mode & 0o777 == 0o755
    lines = authorized_keys_file.read_text()
    for pub in client_keys.public_key_files():
        assert read_public_key(pub)[1] in lines


# ------------------------------------------------------------------------ main sshd


@pytest.mark.parametrize("key_name", ["ed25519", "ecdsa", "rsa"])
def test_sshd_accepts_each_client_key(
    sshd: SshdServer, client_keys: ClientKeys, key_name: str
) -> None:
    key: Path = getattr(client_keys, key_name)
    result = _ssh(sshd, *_with_key(key), command="echo ok-$(whoami)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok-root"
    _wait_for_accepted_key(sshd, "root", _pub_fingerprint(key))


def test_sshd_host_key_matches_keyscan(sshd: SshdServer, tmp_path: Path) -> None:
    scan = subprocess.run(
        ["ssh-keyscan", "-T", "10", "-t", "ed25519", "-p", str(sshd.port), sshd.host],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    assert scan.stdout.strip() == known_hosts_line(sshd)
    assert sshd.host_key_type == "ssh-ed25519"

    pub = tmp_path / "host.pub"
    pub.write_text(f"{sshd.host_key_type} {sshd.host_key_base64}\n")
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(pub)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[1]
    assert fingerprint == sshd.host_key_sha256
    assert sshd.pid > 0
    assert f"Server listening on 127.0.0.1 port {sshd.port}" in sshd.log_text()


def test_known_hosts_helpers_with_openssh(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    known_hosts = tmp_path / "known_hosts"
    hashed = hashed_known_hosts_line(sshd.host, sshd.port, sshd.host_key_type, sshd.host_key_base64)
    known_hosts.write_text(hashed + "\n")

    found = subprocess.run(
        ["ssh-keygen", "-F", f"[{sshd.host}]:{sshd.port}", "-f", str(known_hosts)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0
    assert hashed in found.stdout
    assert _ssh(sshd, *_with_key(client_keys.ed25519), known_hosts=known_hosts).returncode == 0

    known_hosts.write_text(known_hosts_line(sshd) + "\n")
    assert _ssh(sshd, *_with_key(client_keys.ed25519), known_hosts=known_hosts).returncode == 0

    known_hosts.write_text(foreign_host_key_line(sshd.host, sshd.port) + "\n")
    changed = _ssh(sshd, *_with_key(client_keys.ed25519), known_hosts=known_hosts)
    assert changed.returncode != 0
    assert "REMOTE HOST IDENTIFICATION HAS CHANGED" in changed.stderr


def test_encrypted_key_logs_in_with_its_passphrase(
    sshd: SshdServer, client_keys: ClientKeys
) -> None:
    key = paramiko.Ed25519Key.from_private_key_file(
        str(client_keys.encrypted), password=client_keys.encrypted_passphrase
    )
    with _transport((sshd.host, sshd.port)) as transport:
        server_key = transport.get_remote_server_key()
        assert (server_key.get_name(), server_key.get_base64()) == (
            sshd.host_key_type,
            sshd.host_key_base64,
        )
        assert transport.auth_publickey("root", key) == []
        assert _remote(transport, "whoami") == (0, "root\n")


def test_password_user_password_auth(sshd: SshdServer, password_user: TestUser) -> None:
    assert password_user.home.is_dir()
    with _transport((sshd.host, sshd.port)) as transport:
        assert transport.auth_password(password_user.name, password_user.password) == []
        status, output = _remote(transport, "whoami; pwd")
    assert status == 0
    assert output.split() == [password_user.name, str(password_user.home)]


def test_password_user_keyboard_interactive(sshd: SshdServer, password_user: TestUser) -> None:
    responder = _Responder({"Password": lambda: password_user.password})
    with _transport((sshd.host, sshd.port)) as transport:
        assert transport.auth_interactive(password_user.name, responder) == []
        assert _remote(transport, "whoami") == (0, f"{password_user.name}\n")
    # One "Password:" round, then (possibly) the empty round TESTING.md mentions.
    assert responder.rounds[0] == [("Password: ", False)]
    assert all(prompts == [] for prompts in responder.rounds[1:])


def test_partial_user_needs_key_then_keyboard_interactive(
    sshd: SshdServer, partial_user: TestUser, client_keys: ClientKeys
) -> None:
    key = paramiko.Ed25519Key.from_private_key_file(str(client_keys.ed25519))
    responder = _Responder({"Password": lambda: partial_user.password})
    with _transport((sshd.host, sshd.port)) as transport:
        # Partial success: the key is accepted, and kbd-interactive is still due.
        assert transport.auth_publickey(partial_user.name, key) == ["keyboard-interactive"]
        assert not transport.is_authenticated()
        assert transport.auth_interactive(partial_user.name, responder) == []
        assert _remote(transport, "whoami") == (0, f"{partial_user.name}\n")
    assert responder.rounds[0] == [("Password: ", False)]


def test_otp_user_two_round_keyboard_interactive(sshd: SshdServer, otp_user: OtpUser) -> None:
    responder = _Responder(
        {"Password": lambda: otp_user.password, "Verification code": otp_user.otp_code}
    )
    with _transport((sshd.host, sshd.port)) as transport:
        assert transport.auth_interactive(otp_user.name, responder) == []
        assert _remote(transport, "whoami") == (0, f"{otp_user.name}\n")
    assert responder.rounds[0] == [("Password: ", False)]
    assert responder.rounds[1] == [("Verification code: ", False)]
    assert all(prompts == [] for prompts in responder.rounds[2:])


def test_otp_user_wrong_code_is_refused(sshd: SshdServer, otp_user: OtpUser) -> None:
    good = otp_user.otp_code()
    wrong = f"{(int(good) + 500000) % 1000000:06d}"
    responder = _Responder(
        {"Password": lambda: otp_user.password, "Verification code": lambda: wrong}
    )
    with (
        _transport((sshd.host, sshd.port)) as transport,
        pytest.raises(paramiko.AuthenticationException),
    ):
        transport.auth_interactive(otp_user.name, responder)
    assert [prompts[0][0] for prompts in responder.rounds[:2]] == [
        "Password: ",
        "Verification code: ",
    ]


def test_otp_user_cannot_use_password_auth(sshd: SshdServer, otp_user: OtpUser) -> None:
    with (
        _transport((sshd.host, sshd.port)) as transport,
        pytest.raises(paramiko.BadAuthenticationType) as error,
    ):
        transport.auth_password(otp_user.name, otp_user.password)
    assert error.value.allowed_types == ["keyboard-interactive"]


# ---------------------------------------------------------------- jump and SHA-1


def test_jump_host_forwards_to_target(
    jump_sshd: SshdServer, jump_target_sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    # ssh passes -F on to the jump connection, but not -i/-o options: use a config.
    config = tmp_path / "ssh_config"
    config.write_text(
        "Host *\n"
        "  BatchMode yes\n"
        "  IdentitiesOnly yes\n"
        f"  IdentityFile {client_keys.ed25519}\n"
        "  StrictHostKeyChecking no\n"
        "  UserKnownHostsFile /dev/null\n"
        "  GlobalKnownHostsFile /dev/null\n"
        "  ConnectTimeout 10\n"
    )
    result = subprocess.run(
        [
            "ssh",
            "-F",
            str(config),
            "-J",
            f"root@{jump_sshd.host}:{jump_sshd.port}",
            "-p",
            str(jump_target_sshd.port),
            f"root@{jump_target_sshd.host}",
            "echo through-jump",
        ],
        env=_clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "through-jump"
    jump_sshd.assert_direct_tcpip(jump_target_sshd.port)
    assert (jump_target_sshd.host, jump_target_sshd.port) in jump_sshd.direct_tcpip_targets()


def test_rsa_sha1_sshd_offers_only_ssh_rsa(
    rsa_sha1_sshd: SshdServer, client_keys: ClientKeys
) -> None:
    offer = read_server_kexinit(rsa_sha1_sshd.host, rsa_sha1_sshd.port)
    assert offer.banner.startswith("SSH-2.0-OpenSSH")
    assert offer.server_host_key_algorithms == ["ssh-rsa"]
    assert rsa_sha1_sshd.host_key_type == "ssh-rsa"

    refused = _ssh(rsa_sha1_sshd, *_with_key(client_keys.ed25519))
    assert refused.returncode != 0
    assert "no matching host key type found. Their offer: ssh-rsa" in refused.stderr

    allowed = _ssh(
        rsa_sha1_sshd, *_with_key(client_keys.ed25519), "-o", "HostKeyAlgorithms=+ssh-rsa"
    )
    assert allowed.returncode == 0, allowed.stderr


def test_paramiko_refuses_rsa_sha1_sshd(rsa_sha1_sshd: SshdServer) -> None:
    # paramiko has no ssh-rsa (SHA-1) host key algorithm to agree on.
    with (
        pytest.raises(paramiko.IncompatiblePeer, match="no acceptable host key"),
        _transport((rsa_sha1_sshd.host, rsa_sha1_sshd.port)),
    ):
        pass


def test_main_sshd_offers_modern_host_key_only(sshd: SshdServer) -> None:
    assert read_server_kexinit(sshd.host, sshd.port).server_host_key_algorithms == ["ssh-ed25519"]


# --------------------------------------------------------------------------- agent


def test_ssh_agent_holds_ecdsa_and_logs_in(
    ssh_agent: str, sshd: SshdServer, client_keys: ClientKeys
) -> None:
    assert os.environ.get("SSH_AUTH_SOCK") != ssh_agent  # the fixture sets nothing globally
    env = {**_clean_env(), "SSH_AUTH_SOCK": ssh_agent}
    listing = subprocess.run(["ssh-add", "-l"], env=env, capture_output=True, text=True, check=True)
    fingerprint = _pub_fingerprint(client_keys.ecdsa)
    assert fingerprint in listing.stdout
    assert "(ECDSA)" in listing.stdout
    assert len(listing.stdout.splitlines()) == 1

    # No -i: the only key ssh can offer from the agent is the ECDSA one, and ssh -v
    # says which key the server accepted and that it came from the agent.
    result = _ssh(sshd, "-v", "-o", f"IdentityAgent={ssh_agent}", command="echo agent-ok", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "agent-ok"
    assert re.search(rf"Server accepts key: .*ECDSA {re.escape(fingerprint)} agent", result.stderr)
    _wait_for_accepted_key(sshd, "root", fingerprint)


# -------------------------------------------------------------------- odd sockets


def test_closed_port_refuses(closed_port: int) -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", closed_port), timeout=5).close()


def test_silent_server_accepts_and_says_nothing(silent_server: tuple[str, int]) -> None:
    with socket.create_connection(silent_server, timeout=5) as sock:
        sock.sendall(b"SSH-2.0-smoke\r\n")
        sock.settimeout(0.7)
        with pytest.raises(TimeoutError):
            sock.recv(1)


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(4096):
        data += chunk
    return data


def test_http_server_answers_ssh_banner_with_400(http_server: tuple[str, int]) -> None:
    with socket.create_connection(http_server, timeout=5) as sock:
        sock.sendall(b"SSH-2.0-smoke\r\n")
        assert _read_all(sock) == netsockets.HTTP_400_RESPONSE


def test_http_server_answers_a_quiet_client_after_half_a_second(
    http_server: tuple[str, int],
) -> None:
    started = time.monotonic()
    with socket.create_connection(http_server, timeout=5) as sock:
        assert _read_all(sock).startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert 0.4 <= time.monotonic() - started < 3


def test_http_server_with_openssh_client(http_server: tuple[str, int]) -> None:
    host, port = http_server
    result = subprocess.run(
        ["ssh", "-v", "-F", "none", "-o", "BatchMode=yes", "-p", str(port), f"root@{host}", "true"],
        env=_clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 255
    # The client reads the HTTP lines as pre-banner text, then sees the close.
    assert "kex_exchange_identification: banner line 0: HTTP/1.1 400 Bad Request" in result.stderr
    assert "kex_exchange_identification: Connection closed by remote host" in result.stderr


def test_freezable_proxy_forwards_freezes_and_thaws(
    freezable_proxy: netsockets.FreezableProxy, sshd: SshdServer
) -> None:
    with socket.create_connection(freezable_proxy.address, timeout=5) as sock:
        assert sock.recv(256).startswith(b"SSH-2.0-OpenSSH")
        freezable_proxy.freeze()
        assert freezable_proxy.frozen
        # sshd answers our banner with KEXINIT, but the frozen proxy holds it back.
        sock.sendall(b"SSH-2.0-smoke\r\n")
        sock.settimeout(1.0)
        with pytest.raises(TimeoutError):
            sock.recv(1)
        freezable_proxy.thaw()
        sock.settimeout(5)
        assert len(sock.recv(4096)) > 0  # the held-back KEXINIT


def test_freezable_proxy_carries_a_real_session(
    freezable_proxy: netsockets.FreezableProxy, client_keys: ClientKeys
) -> None:
    key = paramiko.ECDSAKey.from_private_key_file(str(client_keys.ecdsa))
    with _transport(freezable_proxy.address) as transport:
        assert transport.auth_publickey("root", key) == []
        assert _remote(transport, "echo via-proxy") == (0, "via-proxy\n")
        freezable_proxy.freeze()
        # The channel-open request goes nowhere, and no answer comes back.
        with pytest.raises(paramiko.SSHException, match="Timeout opening channel"):
            transport.open_session(timeout=1.5)
        freezable_proxy.thaw()
        assert _remote(transport, "echo thawed") == (0, "thawed\n")
