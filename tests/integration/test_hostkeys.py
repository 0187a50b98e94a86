"""Host-key checking against a real sshd: unknown, remembered, changed, hashed, revoked."""

from pathlib import Path

import pytest

from sshdesk.core.connection import connect
from sshdesk.core.errors import HostKeyChangedError, HostKeyRefusedError, HostKeyRevokedError
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import HostKeyDecision, UnknownHostKey
from tests.helpers.clients import profile_for
from tests.helpers.keys import ClientKeys, foreign_host_key_line, hashed_known_hosts_line
from tests.helpers.sshd import SshdServer
from tests.helpers.stubs import ScriptedPrompter


@pytest.fixture
def key_profile(sshd: SshdServer, client_keys: ClientKeys) -> SessionProfile:
    return profile_for(sshd, key_files=(str(client_keys.ed25519),))


def test_unknown_key_is_shown_with_its_fingerprint_and_refused(
    sshd: SshdServer, key_profile: SessionProfile,
    tmp_path: Path,
) -> None:
    known = KnownHosts(tmp_path / "known_hosts")
    prompter = ScriptedPrompter(host_key=HostKeyDecision.REFUSE)
    with pytest.raises(HostKeyRefusedError) as caught:
        connect(key_profile, prompter, known)
    assert prompter.asked == [("host_key", UnknownHostKey(
        sshd.host, sshd.port, sshd.host_key_type, sshd.host_key_sha256))]
    assert sshd.host_key_sha256 in caught.value.describe()
    assert not (tmp_path / "known_hosts").exists()


def test_accept_once_is_not_remembered(sshd: SshdServer, key_profile: SessionProfile,
    tmp_path: Path,
) -> None:
    known = KnownHosts(tmp_path / "known_hosts")
    prompter = ScriptedPrompter(host_key=HostKeyDecision.ACCEPT_ONCE)
    for _ in range(2):
        connect(key_profile, prompter, known).close()
    assert prompter.kinds() == ["host_key", "host_key"]
    assert not (tmp_path / "known_hosts").exists()


def test_accept_and_remember(sshd: SshdServer, key_profile: SessionProfile,
    tmp_path: Path,
) -> None:
    known = KnownHosts(tmp_path / "data" / "known_hosts")
    connect(key_profile, ScriptedPrompter(host_key=HostKeyDecision.ACCEPT_AND_REMEMBER),
            known).close()
    assert (tmp_path / "data" / "known_hosts").read_text() == (
        f"[{sshd.host}]:{sshd.port} {sshd.host_key_type} {sshd.host_key_base64}\n"
    )
    later = ScriptedPrompter(host_key=HostKeyDecision.REFUSE)
    connect(key_profile, later, known).close()
    assert later.asked == []


def test_changed_key_is_refused_with_both_fingerprints_and_no_question(
    sshd: SshdServer, key_profile: SessionProfile,
    tmp_path: Path,
) -> None:
    own = tmp_path / "known_hosts"
    own.write_text(foreign_host_key_line(sshd.host, sshd.port) + "\n")
    prompter = ScriptedPrompter(host_key=HostKeyDecision.ACCEPT_AND_REMEMBER)
    with pytest.raises(HostKeyChangedError) as caught:
        connect(key_profile, prompter, KnownHosts(own))
    error = caught.value
    assert prompter.asked == []
    assert error.offered_fingerprint == sshd.host_key_sha256
    assert error.known_fingerprint.startswith("SHA256:")
    assert error.known_fingerprint != error.offered_fingerprint
    text = error.describe()
    assert error.known_fingerprint in text and error.offered_fingerprint in text
    assert "CHANGED" in text and str(own) in text


def test_hashed_entry_in_openssh_known_hosts_is_trusted(
    sshd: SshdServer, key_profile: SessionProfile,
    tmp_path: Path,
) -> None:
    openssh = tmp_path / "ssh_known_hosts"
    openssh.write_text(
        "@cert-authority *.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFake\n"
        + hashed_known_hosts_line(sshd.host, sshd.port, sshd.host_key_type,
                                  sshd.host_key_base64) + "\n"
    )
    before = openssh.read_text()
    prompter = ScriptedPrompter()
    connect(key_profile, prompter, KnownHosts(tmp_path / "own", [openssh])).close()
    assert prompter.asked == []
    assert openssh.read_text() == before  # read only


def test_revoked_key_is_refused(sshd: SshdServer, key_profile: SessionProfile,
    tmp_path: Path,
) -> None:
    own = tmp_path / "known_hosts"
    own.write_text(f"@revoked * {sshd.host_key_type} {sshd.host_key_base64}\n"
                   f"[{sshd.host}]:{sshd.port} {sshd.host_key_type} {sshd.host_key_base64}\n")
    prompter = ScriptedPrompter(host_key=HostKeyDecision.ACCEPT_ONCE)
    with pytest.raises(HostKeyRevokedError):
        connect(key_profile, prompter, KnownHosts(own))
    assert prompter.asked == []
