"""Every connection error kind, from a real trigger, with a message a person can act on."""

import time
from pathlib import Path

import pytest

from sshdesk.core.connection import connect
from sshdesk.core.errors import (
    ConnectRefusedError,
    ConnectTimeoutError,
    HostNotFoundError,
    KeyFileError,
    NotSshServerError,
    ObsoleteAlgorithmsError,
)
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import NoPrompter
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer


def attempt(profile: SessionProfile, tmp_path: Path) -> None:
    connect(profile, NoPrompter(), KnownHosts(tmp_path / "known_hosts"))


def test_closed_port_is_refused(closed_port: int, tmp_path: Path) -> None:
    with pytest.raises(ConnectRefusedError) as caught:
        attempt(SessionProfile(host="127.0.0.1", port=closed_port), tmp_path)
    assert caught.value.host == f"127.0.0.1:{closed_port}"
    assert "port" in caught.value.hint


def test_silent_server_times_out_within_the_timeout_plus_one_second(
    silent_server: tuple[str, int], tmp_path: Path
) -> None:
    host, port = silent_server
    started = time.monotonic()
    with pytest.raises(ConnectTimeoutError) as caught:
        attempt(SessionProfile(host=host, port=port, timeout=1.5), tmp_path)
    assert time.monotonic() - started < 1.5 + 1.0
    assert f"{host}:{port}" in caught.value.describe()
    assert "1.5 seconds" in caught.value.message
    assert caught.value.hint


def test_http_server_is_not_an_ssh_server(http_server: tuple[str, int], tmp_path: Path) -> None:
    host, port = http_server
    with pytest.raises(NotSshServerError) as caught:
        attempt(SessionProfile(host=host, port=port), tmp_path)
    assert "HTTP" in caught.value.message
    assert "22" in caught.value.hint


def test_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(HostNotFoundError) as caught:
        attempt(SessionProfile(host="no-such-host.invalid"), tmp_path)
    assert "no-such-host.invalid" in caught.value.message


def test_server_with_only_ssh_rsa_sha1(rsa_sha1_sshd: SshdServer, tmp_path: Path) -> None:
    with pytest.raises(ObsoleteAlgorithmsError) as caught:
        attempt(profile_for(rsa_sha1_sshd), tmp_path)
    assert "ssh-rsa" in caught.value.message
    assert "rsa-sha2" in caught.value.hint


def test_putty_key_is_explained(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path) -> None:
    profile = profile_for(sshd, key_files=(str(client_keys.ppk),))
    with pytest.raises(KeyFileError) as caught:
        connect(profile, NoPrompter(), trusting(tmp_path, sshd))
    assert "puttygen" in caught.value.hint
