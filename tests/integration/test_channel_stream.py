"""Channel output streamed straight into a socket (channel_stream), against the real sshd:
every byte in order through floods, rekeys, other ciphers, slow and vanishing readers."""

import hashlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from sshdesk.core import channel_stream
from sshdesk.core.connection import Connection, connect
from sshdesk.core.prompts import NoPrompter
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer

MB = 1024 * 1024


@pytest.fixture
def connection(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path) -> Iterator[Connection]:
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as opened:
        yield opened


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(os.urandom(24 * MB))
    return path


class _Reader:
    """The GUI's end of the socket: reads everything, optionally slowly, on a thread."""

    def __init__(self, sock: socket.socket, pause: float = 0.0) -> None:
        self.sock = sock
        self.pause = pause
        self.digest = hashlib.sha256()
        self.count = 0
        self.done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while data := self.sock.recv(256 * 1024):
            self.digest.update(data)
            self.count += len(data)
            if self.pause:
                time.sleep(self.pause)
        self.done.set()


def _exec(connection: Connection, command: str) -> paramiko.Channel:
    channel = connection._transport.open_session()
    channel.exec_command(command)
    return channel


def _stream(channel: paramiko.Channel, pause: float = 0.0) -> _Reader:
    """Streams ``channel`` into a socketpair until it ends; returns the finished reader."""
    ours, theirs = socket.socketpair()
    reader = _Reader(theirs, pause)
    channel_stream.stream_output(channel, ours)
    ours.shutdown(socket.SHUT_WR)
    assert reader.done.wait(30)
    ours.close()
    theirs.close()
    return reader


def _stream_in_background(
        channel: paramiko.Channel) -> tuple[socket.socket, socket.socket, threading.Event]:
    """Streams ``channel`` on a thread: our end, the reader's end, and "it returned"."""
    ours, theirs = socket.socketpair()
    ended = threading.Event()

    def stream() -> None:
        channel_stream.stream_output(channel, ours)
        ended.set()

    threading.Thread(target=stream, daemon=True).start()
    return ours, theirs, ended


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def feeds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of the data packets that took paramiko's own path (Channel._feed)."""
    sizes: list[int] = []
    original = paramiko.Channel._feed

    def counting_feed(channel: paramiko.Channel, message: paramiko.Message) -> None:
        sizes.append(1)
        original(channel, message)

    monkeypatch.setitem(paramiko.Transport._channel_handler_table,
                        paramiko.common.MSG_CHANNEL_DATA, counting_feed)
    return sizes


def test_every_byte_arrives_in_order_on_the_short_path(
        connection: Connection, data_file: Path, feeds: list[int]) -> None:
    channel = _exec(connection, f"cat {data_file}")
    reader = _stream(channel)
    assert reader.count == data_file.stat().st_size
    assert reader.digest.hexdigest() == _sha256(data_file)
    assert channel.recv_exit_status() == 0
    # Over 24 MB is some 700 packets of 32 KiB: all but a handful bypassed paramiko's path.
    assert len(feeds) < 20


def test_rekeys_during_a_stream_lose_nothing(
        connection: Connection, data_file: Path, feeds: list[int]) -> None:
    transport = connection._transport
    transport.packetizer.REKEY_BYTES = 2 * MB
    kex_inits = []
    send_kex_init = transport._send_kex_init

    def counting_kex_init() -> None:
        kex_inits.append(1)
        send_kex_init()

    transport._send_kex_init = counting_kex_init
    reader = _stream(_exec(connection, f"cat {data_file}"))
    assert reader.digest.hexdigest() == _sha256(data_file)
    assert len(kex_inits) >= 5
    assert connection.exec("echo still here", timeout=10).stdout == b"still here\n"


def test_other_ciphers_take_paramikos_path_intact(
        sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path, data_file: Path,
        feeds: list[int]) -> None:
    gcm = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),),
                          disabled_algorithms=(("ciphers", gcm),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as ctr_connection:
        assert ctr_connection._transport.remote_cipher not in gcm
        reader = _stream(_exec(ctr_connection, f"cat {data_file}"))
    assert reader.digest.hexdigest() == _sha256(data_file)
    assert len(feeds) > 100


def test_a_slow_reader_holds_the_server_back(connection: Connection, tmp_path: Path) -> None:
    channel = _exec(connection, "head -c 16000000 /dev/zero")
    largest = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            largest.append(len(channel.in_buffer))
            time.sleep(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    reader = _stream(channel, pause=0.01)
    stop.set()
    watcher.join()
    assert reader.count == 16_000_000
    # Waiting output never exceeds what the window lets the server send.
    assert max(largest) <= channel.transport.default_window_size


def test_output_waiting_before_the_stream_starts_comes_first(connection: Connection) -> None:
    channel = _exec(connection, "printf first; sleep 0.3; printf ' second'")
    deadline = time.monotonic() + 10
    while not channel.recv_ready():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    ours, theirs = socket.socketpair()
    received = bytearray()

    def read() -> None:
        while data := theirs.recv(4096):
            received.extend(data)

    reading = threading.Thread(target=read, daemon=True)
    reading.start()
    channel_stream.stream_output(channel, ours)
    ours.close()
    reading.join(10)
    theirs.close()
    assert bytes(received) == b"first second"


def test_two_streams_at_once_stay_apart(connection: Connection, tmp_path: Path) -> None:
    files = []
    for name in ("a", "b"):
        path = tmp_path / name
        path.write_bytes(os.urandom(8 * MB))
        files.append(path)
    readers: dict[str, _Reader] = {}

    def run(path: Path) -> None:
        readers[path.name] = _stream(_exec(connection, f"cat {path}"))

    threads = [threading.Thread(target=run, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for path in files:
        assert readers[path.name].digest.hexdigest() == _sha256(path)


def test_a_reader_that_leaves_ends_the_stream_and_spares_the_connection(
        connection: Connection) -> None:
    channel = _exec(connection, "cat /dev/zero")
    ours, theirs, ended = _stream_in_background(channel)
    assert len(theirs.recv(65536)) > 0
    theirs.close()
    assert ended.wait(10)
    channel.close()
    ours.close()
    assert connection.exec("echo still here", timeout=10).stdout == b"still here\n"


def test_a_dead_transport_ends_the_stream(connection: Connection) -> None:
    channel = _exec(connection, "sleep 60")
    ours, theirs, ended = _stream_in_background(channel)
    connection._transport.sock.close()  # the network drops, no goodbye
    assert ended.wait(10)
    ours.close()
    theirs.close()


def test_through_a_jump_host_paramikos_path_streams_intact(
        jump_sshd: SshdServer, jump_target_sshd: SshdServer, client_keys: ClientKeys,
        tmp_path: Path, data_file: Path, feeds: list[int]) -> None:
    keys = (str(client_keys.ed25519),)
    hop = profile_for(jump_sshd, key_files=keys)
    profile = profile_for(jump_target_sshd, key_files=keys, jump_hosts=(hop,))
    with connect(profile, NoPrompter(), trusting(tmp_path, jump_sshd, jump_target_sshd)) as hopped:
        reader = _stream(_exec(hopped, f"cat {data_file}"))
    assert reader.digest.hexdigest() == _sha256(data_file)
    assert len(feeds) > 100  # the hop's channel is no socket to read below paramiko


def test_output_already_waiting_is_delivered_without_further_traffic(
        connection: Connection) -> None:
    """The stream starts while the transport's thread still waits in paramiko's own read
    (the first stream on a connection) and nothing else is coming: what is waiting must
    still arrive."""
    channel = _exec(connection, "printf hello; sleep 8")
    deadline = time.monotonic() + 10
    while not channel.recv_ready():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    ours, theirs = socket.socketpair()
    threading.Thread(target=channel_stream.stream_output, args=(channel, ours),
                     daemon=True).start()
    theirs.settimeout(3)  # well before the command's next output (there is none for 8 s)
    try:
        assert theirs.recv(100) == b"hello"
    finally:
        channel.close()
        ours.close()
        theirs.close()
