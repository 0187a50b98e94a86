"""Transfer slots on connections of their own: further logins ask nobody, and fall back to
the session's connection when they cannot (against the real sshd)."""

import hashlib
import os
from pathlib import Path

from sshdesk.core.connection import connect
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt
from sshdesk.core.slots import LoginMemory, SlotConnections
from sshdesk.core.transfer_state import ConflictPolicy, ItemState, TransferOptions
from sshdesk.core.transfers import TransferQueue
from tests.helpers.accounts import OtpUser, TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer
from tests.helpers.stubs import ScriptedPrompter

MiB = 1024 * 1024


def whoami_on(slots: SlotConnections, count: int) -> list[str]:
    channels = [slots.open_channel() for _ in range(count)]
    try:
        return [channel.realpath(b".").decode() for channel in channels]
    finally:
        for channel in channels:
            channel.close()


def test_a_typed_password_logs_the_further_slots_in_without_asking_again(
        sshd: SshdServer, password_user: TestUser, tmp_path: Path) -> None:
    prompter = ScriptedPrompter(passwords=[password_user.password])
    memory = LoginMemory(prompter)
    with connect(profile_for(sshd, password_user.name), memory,
                 trusting(tmp_path, sshd)) as connection:
        asked_for_the_session = list(prompter.asked)
        slots = SlotConnections(connection, memory, trusting(tmp_path, sshd))
        try:
            homes = whoami_on(slots, 3)
            assert len(slots._extra) == 2  # the first slot is the session's own
        finally:
            slots.close()
    assert homes == [str(password_user.home)] * 3
    assert "password" in prompter.kinds()
    assert prompter.asked == asked_for_the_session  # the slots' logins asked nobody


def test_a_host_key_accepted_once_is_accepted_again_for_the_slots_and_no_other(
        sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path) -> None:
    prompter = ScriptedPrompter(host_key=HostKeyDecision.ACCEPT_ONCE)
    memory = LoginMemory(prompter)
    nobody_trusted = KnownHosts(tmp_path / "empty_known_hosts")
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, memory, nobody_trusted) as connection:
        slots = SlotConnections(connection, memory, nobody_trusted)
        try:
            assert len(whoami_on(slots, 2)) == 2
            assert len(slots._extra) == 1
        finally:
            slots.close()
    assert prompter.kinds() == ["host_key"]
    assert not (tmp_path / "empty_known_hosts").exists()  # accepted once: not remembered
    # The replay accepts that key only: another fingerprint is refused.
    replay = memory.replaying()
    other = prompter.asked[0][1]
    assert replay.ask_host_key(other) is HostKeyDecision.ACCEPT_ONCE
    forged = type(other)(other.host, other.port, other.key_type, "SHA256:forged")
    assert replay.ask_host_key(forged) is HostKeyDecision.REFUSE


def test_a_one_time_code_login_shares_the_session_connection(
        sshd: SshdServer, otp_user: OtpUser, tmp_path: Path) -> None:
    def answer(prompts: list[InteractivePrompt]) -> list[str]:
        return [otp_user.password if "Password" in prompts[0].text else otp_user.otp_code()]

    prompter = ScriptedPrompter(rounds=answer)
    memory = LoginMemory(prompter)
    with connect(profile_for(sshd, otp_user.name), memory,
                 trusting(tmp_path, sshd)) as connection:
        slots = SlotConnections(connection, memory, trusting(tmp_path, sshd))
        try:
            assert len(whoami_on(slots, 3)) == 3
            assert slots._extra == []  # no login tried: it would fail and count against us
        finally:
            slots.close()
    assert len(prompter.asked) == 2  # the session's own two rounds, nothing more


def test_a_big_file_over_slot_connections_is_byte_exact(
        sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(8 * MiB) * 16)  # 128 MiB: four pieces of 32 MiB
    target = tmp_path / "target"
    target.mkdir()
    memory = LoginMemory(ScriptedPrompter())
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, memory, trusting(tmp_path, sshd)) as connection:
        slots = SlotConnections(connection, memory, trusting(tmp_path, sshd))
        queue = TransferQueue(slots.open_channel, connection.host, "utf-8",
                              TransferOptions(slots=4, conflict=ConflictPolicy.FAIL))
        try:
            queue.download([str(source)], str(target))
            assert queue.wait(60)
            [item] = queue.snapshot().items
            extra = len(slots._extra)
        finally:
            queue.close()
            slots.close()
    assert item.state is ItemState.DONE, item.error
    assert extra == 3  # four pieces, one per slot, each on its own connection
    assert hashlib.sha256((target / "big.bin").read_bytes()).digest() == \
        hashlib.sha256(source.read_bytes()).digest()
