"""Streams a channel's output straight into a socket, below paramiko's per-packet Python.

paramiko hands every received packet through ``Transport.run``, a ``Message``, the
channel's ``BufferedPipe`` (a lock, an event and two condition signals) and then to the
thread that calls ``Channel.recv``. A terminal flood is about 25,000 packets per 100 MB,
and that path cost the network process ~30 us of CPU each, which the terminal then lacked
on a two-core machine.

For channels given to :func:`stream_output`, the transport's reading thread does less:
:class:`_FastReader` replaces the packetizer's ``read_message`` and ``read_all``. It reads
the socket in large blocks, and for AES-GCM (which :mod:`sshdesk.core.handshake` prefers)
it decrypts a ``CHANNEL_DATA`` packet for a streamed channel and writes the bytes to that
channel's socket itself, in one ``send`` per batch, without waking another thread. Every
other packet, any other cipher, compression, and everything during a key exchange take
paramiko's own path unchanged: the channel's ``in_buffer`` is replaced by a
:class:`_OutputStream`, so paramiko's own ``Channel._feed`` also lands there.

Flow control is kept: the window is re-opened (``WINDOW_ADJUST``) only for bytes written
into the socket, so a terminal that falls behind holds the server back, as before.

Depends on paramiko's private names; ``pyproject.toml`` pins paramiko, and
:func:`stream_output` falls back to reading with ``Channel.recv`` if they ever change.
"""

import collections
import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable

import paramiko
from paramiko.common import cMSG_CHANNEL_WINDOW_ADJUST, cMSG_GLOBAL_REQUEST, xffffffff
from paramiko.packet import NeedRekeyException

log = logging.getLogger(__name__)

_MSG_CHANNEL_DATA = 94
# Message numbers from here on belong to user authentication and the connection protocol
# (RFC 4250 4.1.2); below are the transport's own, key exchange included.
_FIRST_CONNECTION_MESSAGE = 50
_READ_SIZE = 256 * 1024
# During a flood (output delivered within _FLOOD_GAP), output is handed over in batches of
# up to _BATCH_ENOUGH bytes, waiting _FLOOD_PAUSE for more when the socket runs dry. Output
# after a quiet spell (an echo) goes at once.
_BATCH_ENOUGH = 64 * 1024
_FLOOD_GAP = 0.010
_FLOOD_PAUSE = 0.002
_GCM_TAG_SIZE = 16
_IV_COUNTER_MASK = (1 << 64) - 1
# How often a stream waiting for output checks that its transport still runs.
_LIVENESS_INTERVAL = 1.0
_PACKETIZER = "_Packetizer__"
_PACKETIZER_FIELDS = (
    "socket", "closed", "remainder", "need_rekey", "aead_in", "compress_engine_in",
    "dump_packets", "block_engine_in", "iv_in", "sequence_number_in", "received_bytes",
    "received_packets", "received_bytes_overflow", "received_packets_overflow",
)


def prepare(transport: paramiko.Transport) -> None:
    """Installs the short path on ``transport`` ahead of its first stream, so the packets
    that open the stream's channel already pass through it."""
    _FastReader.of(transport)


def stream_output(channel: paramiko.Channel, sock: socket.socket) -> None:
    """Writes everything ``channel`` receives into ``sock`` until the channel ends.

    Blocking: returns once the remote side closed (or the transport died) and every
    received byte was written, or when ``sock`` fails (the reader went away). Call it on
    the thread that owns the channel's output; ``sock`` may be used for reading by another
    thread meanwhile (its blocking mode is left alone).
    """
    reader = _FastReader.of(channel.get_transport())
    if reader is None:
        _copy_with_recv(channel, sock)
        return
    stream = _OutputStream(channel, sock)
    reader.adopt(stream)
    stream.write_until_end()


def consume_output(channel: paramiko.Channel, consume: Callable[[memoryview | bytes], None],
                   ended: Callable[[], None]) -> bool:
    """Has the transport's own thread hand everything ``channel`` receives to ``consume``,
    as it is decrypted, and call ``ended`` when the channel ends.

    For request/reply protocols (SFTP) that parse on the spot: no socket, no thread
    between the network and the parser. ``consume`` runs on the transport's thread, also
    during a key exchange, so it must never block and never send on the connection
    itself (a send waits for the exchange that thread must finish). The caller re-opens
    the window (see :func:`window_grant`) for what it has consumed.

    Returns False (and changes nothing) when the short path is not available here (a
    jump host's channel, a changed paramiko): the caller then reads with ``recv``.
    """
    reader = _FastReader.of(channel.get_transport())
    if reader is None:
        return False
    reader.adopt(_ConsumerStream(channel, consume, ended))
    return True


def window_grant(channel: paramiko.Channel, consumed: int) -> paramiko.Message | None:
    """The ``WINDOW_ADJUST`` to send after ``consumed`` bytes were taken, or None while
    paramiko's threshold is not reached (Channel.recv's own window logic)."""
    grant = channel._check_add_window(consumed)
    if not grant:
        return None
    message = paramiko.Message()
    message.add_byte(cMSG_CHANNEL_WINDOW_ADJUST)
    message.add_int(channel.remote_chanid)
    message.add_int(grant)
    return message


class _ConsumerStream:
    """Takes a channel's ``in_buffer`` place and hands each received chunk on at once."""

    batched = False

    def __init__(self, channel: paramiko.Channel, consume: Callable[[memoryview | bytes], None],
                 ended: Callable[[], None]) -> None:
        self.channel = channel
        self._consume = consume
        self._ended = ended
        self._closed = False

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        if not self._closed:
            self._consume(data if isinstance(data, (bytes, memoryview)) else bytes(data))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._ended()

    def read_ready(self) -> bool:
        return False

    def set_event(self, event: threading.Event) -> None:
        """Not used: nothing waits on the channel."""

    def __len__(self) -> int:
        return 0


def send_data(channel: paramiko.Channel, data: bytes | memoryview) -> None:
    """``Channel.sendall`` for bulk data (an SFTP upload), with fewer copies.

    paramiko copies each packet's bytes six or seven times on the way out (a ``Message``,
    its ``getvalue``, the padding, the cipher's input slice, the length prefix); an
    upload spent a fifth of its CPU in those copies. For AES-GCM this builds each
    ``CHANNEL_DATA`` packet's plaintext in one join, encrypts it, and writes the length
    and the ciphertext without joining them. Window, key-exchange waits, sequence
    numbers and rekey accounting are paramiko's own, under its locks. Anything else
    (other ciphers, compression, a changed paramiko) takes ``Channel.sendall``.

    Raises:
        OSError, EOFError, paramiko.SSHException: As ``Channel.sendall``.
    """
    writer = _FastWriter.of(channel.get_transport())
    view = memoryview(data)
    while view:
        if writer is None or not writer.ready():
            channel.sendall(view)
            return
        with channel.lock:
            if channel.closed:
                raise OSError("Socket is closed")
            size = channel._wait_for_send_window(len(view))
        if size == 0:
            raise EOFError("the channel closed while sending")
        try:
            writer.send_channel_data(channel.remote_chanid, view[:size])
        except _Fallback:
            with channel.lock:
                channel.out_window_size += size  # not sent: paramiko's path takes it
            channel.sendall(view)
            return
        view = view[size:]


class _FastWriter:
    """Writes ``CHANNEL_DATA`` packets for one transport below paramiko's Message path."""

    _FIELDS = ("write_lock", "block_engine_out", "aead_out", "etm_out",
               "compress_engine_out", "dump_packets", "iv_out", "sequence_number_out",
               "sent_bytes", "sent_packets", "need_rekey", "socket", "block_size_out",
               "closed", "received_bytes_overflow", "received_packets_overflow")

    def __init__(self, transport: paramiko.Transport) -> None:
        self._transport = transport
        self._packetizer = transport.packetizer
        self._socket: socket.socket = getattr(self._packetizer, _PACKETIZER + "socket")

    @classmethod
    def of(cls, transport: paramiko.Transport) -> "_FastWriter | None":
        writer = getattr(transport, "_sshdesk_fast_writer", None)
        if writer is None:
            packetizer = transport.packetizer
            if any(not hasattr(packetizer, _PACKETIZER + name) for name in cls._FIELDS) or \
                    not hasattr(packetizer, "_trigger_rekey") or \
                    not isinstance(getattr(packetizer, _PACKETIZER + "socket"), socket.socket):
                return None
            writer = transport._sshdesk_fast_writer = cls(transport)
        return writer

    def ready(self) -> bool:
        """Whether the short path applies now (AES-GCM, nothing unusual)."""
        packetizer = self._packetizer
        return bool(packetizer._Packetizer__aead_out
                    and packetizer._Packetizer__compress_engine_out is None
                    and not packetizer._Packetizer__dump_packets)

    def send_channel_data(self, remote_chanid: int, chunk: memoryview) -> None:
        transport = self._transport
        # Transport._send_user_message: wait out a key exchange.
        started = time.monotonic()
        while True:
            transport.clear_to_send.wait(0.1)
            if not transport.active:
                raise EOFError("the connection is closed")
            with transport.clear_to_send_lock:
                if transport.clear_to_send.is_set():
                    self._write(remote_chanid, chunk)
                    return
            if time.monotonic() > started + transport.clear_to_send_timeout:
                raise paramiko.SSHException("Key-exchange timed out waiting for key "
                                            "negotiation")

    def _write(self, remote_chanid: int, chunk: memoryview) -> None:
        # Packetizer.send_message's AEAD branch, for one CHANNEL_DATA packet.
        packetizer = self._packetizer
        with packetizer._Packetizer__write_lock:
            if not self.ready():  # the cipher changed while we waited
                raise _Fallback()
            block = packetizer._Packetizer__block_size_out
            payload_size = 9 + len(chunk)
            padding = 3 + block - ((payload_size + 4) % block)
            plain = b"".join((bytes((padding, _MSG_CHANNEL_DATA)),
                              remote_chanid.to_bytes(4), len(chunk).to_bytes(4), chunk,
                              os.urandom(padding)))
            length = len(plain).to_bytes(4)
            iv = packetizer._Packetizer__iv_out
            sealed = packetizer._Packetizer__block_engine_out.encrypt(iv, plain, length)
            packetizer._Packetizer__iv_out = packetizer._inc_iv_counter(iv)
            packetizer._Packetizer__sequence_number_out = (
                packetizer._Packetizer__sequence_number_out + 1) & xffffffff
            self._send((length, sealed))
            packetizer._Packetizer__sent_bytes += 4 + len(sealed)
            packetizer._Packetizer__sent_packets += 1
            if (packetizer._Packetizer__sent_packets >= packetizer.REKEY_PACKETS
                    or packetizer._Packetizer__sent_bytes >= packetizer.REKEY_BYTES) \
                    and not packetizer._Packetizer__need_rekey:
                packetizer._Packetizer__received_bytes_overflow = 0
                packetizer._Packetizer__received_packets_overflow = 0
                packetizer._trigger_rekey()

    def _send(self, parts: tuple[bytes, bytes]) -> None:
        """Packetizer.write_all for two buffers: retries on the socket's timeout."""
        views = [memoryview(part) for part in parts]
        while views:
            try:
                sent = self._socket.sendmsg(views)
            except (TimeoutError, BlockingIOError):
                if self._packetizer._Packetizer__closed:
                    raise EOFError("the connection is closed") from None
                continue
            while sent and views:
                if sent >= len(views[0]):
                    sent -= len(views[0])
                    views.pop(0)
                else:
                    views[0] = views[0][sent:]
                    sent = 0


class _Fallback(Exception):
    """The short path stopped applying between the check and the write."""


def _copy_with_recv(channel: paramiko.Channel, sock: socket.socket) -> None:
    while data := channel.recv(_READ_SIZE):
        sock.sendall(data)


class _OutputStream:
    """Takes a channel's ``in_buffer`` place; owns writing its bytes into one socket.

    The transport thread writes what the socket takes at once (``MSG_DONTWAIT``); the
    rest waits in ``_pending`` for :meth:`write_until_end`'s thread, which blocks on the
    socket, so the transport thread never does. Bytes are written in the order received:
    the transport thread writes directly only while nothing is pending or being written.
    """

    # During a flood, output is gathered briefly before it is handed over: fewer wake-ups
    # for the terminal. (A _ConsumerStream, for request/reply protocols, is not batched.)
    batched = True

    def __init__(self, channel: paramiko.Channel, sock: socket.socket) -> None:
        self.channel = channel
        self._sock = sock
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending = bytearray()
        self._writing = False
        self._written = 0  # written into the socket, not yet given back to the window
        self._ended = False
        self._broken = False

    # -- the transport's thread ------------------------------------------------------------

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Takes received bytes (``BufferedPipe.feed``'s place)."""
        with self._lock:
            if self._broken or self._ended:
                return
            if not self._pending and not self._writing:
                try:
                    sent = self._sock.send(data, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    sent = 0
                except OSError:
                    self._broken = True
                    self._wake.notify()
                    return
                self._written += sent
                if sent < len(data):
                    self._pending += memoryview(data)[sent:]
            else:
                self._pending += data
            if self._pending or self._written > self.channel.in_window_threshold:
                self._wake.notify()

    def close(self) -> None:
        """The channel ended: write what is pending, then stop."""
        with self._lock:
            self._ended = True
            self._wake.notify()

    # -- what paramiko may still ask a channel's in_buffer --------------------------------

    def read_ready(self) -> bool:
        return False

    def set_event(self, event: threading.Event) -> None:
        """Not used: nothing waits on the channel for output the socket carries."""

    def __len__(self) -> int:
        return len(self._pending)

    # -- the stream's own thread -----------------------------------------------------------

    def write_until_end(self) -> None:
        transport = self.channel.get_transport()
        while True:
            with self._lock:
                while not (self._pending or self._ended or self._broken
                           or self._written > self.channel.in_window_threshold):
                    if not self._wake.wait(_LIVENESS_INTERVAL) and not transport.is_active():
                        self._ended = True
                if self._broken or (self._ended and not self._pending):
                    return
                data, self._pending = self._pending, bytearray()
                written, self._written = self._written, 0
                self._writing = bool(data)
            try:
                self._sock.sendall(data)  # blocks while the reader is behind: back-pressure
            except OSError:
                with self._lock:
                    self._broken = True
                return
            finally:
                with self._lock:
                    self._writing = False
            self._reopen_window(written + len(data))

    def _reopen_window(self, written: int) -> None:
        # Channel.recv's own window logic, for bytes that reached the socket.
        grant = self.channel._check_add_window(written)
        if grant:
            message = paramiko.Message()
            message.add_byte(cMSG_CHANNEL_WINDOW_ADJUST)
            message.add_int(self.channel.remote_chanid)
            message.add_int(grant)
            with contextlib.suppress(EOFError, OSError, paramiko.SSHException):
                self.channel.get_transport()._send_user_message(message)


class _FastReader:
    """A transport's packet reader with a short path for streamed channels' data."""

    _lock = threading.Lock()

    def __init__(self, transport: paramiko.Transport) -> None:
        self._transport = transport
        self._packetizer = packetizer = transport.packetizer
        self._socket: socket.socket = getattr(packetizer, _PACKETIZER + "socket")
        self._fileno = self._socket.fileno()
        self._slow_read_message: Callable[[], tuple[int, paramiko.Message]] = (
            packetizer.read_message)
        self._ahead = _ReadAhead()
        self._batched = 0  # bytes in _batches
        self._delivered_at = 0.0
        self._streams: dict[int, _OutputStream | _ConsumerStream] = {}  # this thread's alone
        self._adopting: list[_OutputStream | _ConsumerStream] = []
        self._running = False  # the transport's thread has entered read_message below
        self._batches: dict[_OutputStream | _ConsumerStream, list[memoryview]] = {}
        self._held: collections.deque[tuple[int, paramiko.Message]] = collections.deque()

    @classmethod
    def of(cls, transport: paramiko.Transport) -> "_FastReader | None":
        """The transport's reader, installed on first use; None if paramiko changed."""
        with cls._lock:
            reader = getattr(transport, "_sshdesk_fast_reader", None)
            if reader is None:
                packetizer = transport.packetizer
                missing = [name for name in _PACKETIZER_FIELDS
                           if not hasattr(packetizer, _PACKETIZER + name)]
                if missing or not hasattr(packetizer, "_trigger_rekey"):
                    log.warning("paramiko's packetizer changed (%s missing): shell output "
                                "takes paramiko's slower path", ", ".join(missing))
                    return None
                sock = getattr(packetizer, _PACKETIZER + "socket", None)
                if not isinstance(sock, socket.socket) or not sock.gettimeout():
                    return None  # a jump host's channel or a proxy command: no fd to read
                reader = cls(transport)
                packetizer.read_all = reader.read_all
                packetizer.read_message = reader.read_message
                transport._sshdesk_fast_reader = reader
            return reader

    def adopt(self, stream: "_OutputStream | _ConsumerStream") -> None:
        """Hands ``stream`` its channel's output; the transport thread does the swap."""
        with self._lock:
            self._adopting.append(stream)
            running = self._running
        if not running:
            # The transport's thread may still be waiting in paramiko's own read, which
            # knows nothing of adoptions: with output already waiting and none to come,
            # the swap would wait for the next packet. A request the server answers at
            # once brings one (a keepalive probe, as OpenSSH's ServerAliveInterval sends;
            # paramiko's global_request would either not ask for the answer or wait for it).
            probe = paramiko.Message()
            probe.add_byte(cMSG_GLOBAL_REQUEST)
            probe.add_string("keepalive@openssh.com")
            probe.add_boolean(True)
            with contextlib.suppress(EOFError, OSError, paramiko.SSHException):
                self._transport._send_user_message(probe)

    def _take_adopted(self) -> None:
        # On the transport thread, between packets: nothing else feeds the old buffer now,
        # so what it holds goes first and nothing is reordered or lost.
        with self._lock:
            adopting, self._adopting = self._adopting, []
        for stream in adopting:
            channel = stream.channel
            old = channel.in_buffer
            channel.in_buffer = stream
            if len(old):
                stream.feed(old.read(len(old)))
            if channel.closed or channel.eof_received:
                stream.close()
            else:
                self._streams[channel.chanid] = stream
        self._forget_ended()

    def _fill(self, wanted: int, check_rekey: bool) -> None:
        ahead = self._ahead
        paused = False
        while len(ahead) < wanted:
            got = ahead.receive_waiting(self._fileno, wanted)
            if got is None:  # nothing waiting
                if self._batches:
                    if not paused and self._flooding():
                        # Let a flood's next packets gather rather than wake the terminal
                        # for each: fewer, larger reads and writes cost both processes less.
                        time.sleep(_FLOOD_PAUSE)
                        paused = True
                        continue
                    self._deliver()
                got = self._receive_blocking(wanted, check_rekey)
            if got == 0:
                raise EOFError()

    def _flooding(self) -> bool:
        return (self._batched < _BATCH_ENOUGH
                and all(stream.batched for stream in self._batches)
                and time.monotonic() - self._delivered_at < _FLOOD_GAP)

    def _receive_blocking(self, wanted: int, check_rekey: bool) -> int:
        """Waits for bytes as paramiko does: a timeout now and then to notice a close, a
        rekey to start, a keepalive due, a stream to adopt. Returns the count, 0 at EOF."""
        while True:
            try:
                return self._ahead.receive(self._socket, wanted)
            except (TimeoutError, BlockingIOError):
                if self._packetizer._Packetizer__closed:
                    raise EOFError() from None
                if check_rekey and not self._ahead and self._packetizer._Packetizer__need_rekey:
                    raise NeedRekeyException() from None
                self._packetizer._check_keepalive()
                if self._adopting:
                    self._take_adopted()
            except OSError:
                if self._packetizer._Packetizer__closed:
                    raise EOFError() from None
                raise

    def read_all(self, wanted: int, check_rekey: bool = False) -> bytes:
        """``Packetizer.read_all``, served from the read-ahead buffer."""
        remainder = self._packetizer._Packetizer__remainder
        if remainder:  # bytes read past the banner during the handshake
            self._ahead.put_back(remainder)
            self._packetizer._Packetizer__remainder = b""
        self._fill(wanted, check_rekey)
        return self._ahead.take(wanted)

    def read_message(self) -> tuple[int, paramiko.Message]:
        """``Packetizer.read_message``: the next packet not consumed here.

        While a key exchange we started runs, connection-layer messages wait until it is
        done. paramiko answers some of them (a channel's close) on this very thread with a
        send that waits for the exchange to finish, which it never does, as this thread
        is the one that must read the server's answer (paramiko issue #822).
        """
        transport = self._transport
        self._running = True
        while True:
            if self._held and transport.clear_to_send.is_set():
                return self._held.popleft()
            command, message = self._next_message()
            if command >= _FIRST_CONNECTION_MESSAGE and (
                    self._held or not transport.clear_to_send.is_set()):
                self._held.append((command, message))
                continue
            return command, message

    def _next_message(self) -> tuple[int, paramiko.Message]:
        while True:
            if self._adopting:
                self._take_adopted()
            if not self._fast_path_open():
                if self._batches:
                    self._deliver()
                return self._slow_read_message()
            command, payload, sequence = self._read_gcm_packet()
            if command == _MSG_CHANNEL_DATA and self._keep_data(payload):
                continue
            if self._batches:
                self._deliver()  # before a close or EOF is handled, the data it follows
            self._forget_ended()
            message = paramiko.Message(bytes(payload))
            message.seqno = sequence
            return command, message

    def _fast_path_open(self) -> bool:
        packetizer = self._packetizer
        transport = self._transport
        return bool(
            self._streams and packetizer._Packetizer__aead_in
            and packetizer._Packetizer__compress_engine_in is None
            and not packetizer._Packetizer__dump_packets
            and not packetizer._Packetizer__need_rekey
            and not transport.in_kex and not transport._expected_packet)

    def _read_gcm_packet(self) -> tuple[int, memoryview, int]:
        # Packetizer.read_message's AEAD branch, from the read-ahead buffer.
        packetizer = self._packetizer
        ahead = self._ahead
        self._fill(4, check_rekey=True)
        size = int.from_bytes(ahead.peek(4))
        self._fill(4 + size + _GCM_TAG_SIZE, check_rekey=False)
        iv = packetizer._Packetizer__iv_in
        with ahead.peek(4 + size + _GCM_TAG_SIZE) as packet:
            plain = packetizer._Packetizer__block_engine_in.decrypt(iv, packet[4:], packet[:4])
        ahead.skip(4 + size + _GCM_TAG_SIZE)
        counter = (int.from_bytes(iv[4:]) + 1) & _IV_COUNTER_MASK
        packetizer._Packetizer__iv_in = iv[:4] + counter.to_bytes(8)
        sequence = packetizer._Packetizer__sequence_number_in
        packetizer._Packetizer__sequence_number_in = (sequence + 1) & xffffffff
        packetizer._Packetizer__received_bytes += size + 4 + _GCM_TAG_SIZE
        packetizer._Packetizer__received_packets += 1
        if (packetizer._Packetizer__received_packets >= packetizer.REKEY_PACKETS
                or packetizer._Packetizer__received_bytes >= packetizer.REKEY_BYTES):
            packetizer._Packetizer__received_bytes_overflow = 0
            packetizer._Packetizer__received_packets_overflow = 0
            packetizer._trigger_rekey()  # the slow path takes over until the rekey is done
        padding = plain[0]
        return plain[1], memoryview(plain)[2:size - padding], sequence

    def _keep_data(self, payload: memoryview) -> bool:
        stream = self._streams.get(int.from_bytes(payload[:4]))
        if stream is None:
            return False
        length = int.from_bytes(payload[4:8])
        if not stream.batched:
            stream.feed(payload[8:8 + length])
            return True
        self._batches.setdefault(stream, []).append(payload[8:8 + length])
        self._batched += length
        return True

    def _deliver(self) -> None:
        batches, self._batches = self._batches, {}
        self._batched = 0
        self._delivered_at = time.monotonic()
        for stream, chunks in batches.items():
            stream.feed(chunks[0] if len(chunks) == 1 else b"".join(chunks))

    def _forget_ended(self) -> None:
        ended = [chanid for chanid, stream in self._streams.items()
                 if stream.channel.closed or stream.channel.eof_received]
        for chanid in ended:
            del self._streams[chanid]


class _ReadAhead:
    """Bytes read from a socket ahead of use, in one reused block (no allocation per read)."""

    def __init__(self) -> None:
        self._block = bytearray(_READ_SIZE)
        self._view = memoryview(self._block)
        self._start = 0
        self._end = 0

    def __len__(self) -> int:
        return self._end - self._start

    def receive(self, sock: socket.socket, wanted: int) -> int:
        """Reads what ``sock`` has, blocking as ``sock`` is set to; 0 means EOF."""
        self._make_room(wanted)
        got = sock.recv_into(self._view[self._end:])
        self._end += got
        return got

    def receive_waiting(self, fileno: int, wanted: int) -> int | None:
        """Reads what is waiting, in one system call; None if nothing is, 0 at EOF.

        The socket object would poll first (it has a timeout); ``fileno`` is non-blocking.
        """
        self._make_room(wanted)
        try:
            got = os.readv(fileno, [self._view[self._end:]])
        except BlockingIOError:
            return None
        self._end += got
        return got

    def peek(self, size: int) -> memoryview:
        return self._view[self._start:self._start + size]

    def skip(self, size: int) -> None:
        self._start += size
        if self._start == self._end:
            self._start = self._end = 0

    def take(self, size: int) -> bytes:
        data = bytes(self._view[self._start:self._start + size])
        self.skip(size)
        return data

    def put_back(self, data: bytes) -> None:
        """Puts ``data`` in front of what is waiting."""
        waiting = data + bytes(self._view[self._start:self._end])
        self._start = self._end = 0
        self._make_room(len(waiting))
        self._block[:len(waiting)] = waiting
        self._end = len(waiting)

    def _make_room(self, wanted: int) -> None:
        if self._start + wanted <= len(self._block) and self._end < len(self._block):
            return
        waiting = bytes(self._view[self._start:self._end])
        if wanted > len(self._block):
            self._view.release()
            self._block.extend(bytes(wanted - len(self._block)))
            self._view = memoryview(self._block)
        self._block[:len(waiting)] = waiting
        self._start, self._end = 0, len(waiting)
