"""A hostile SSH + SFTP server on 127.0.0.1, for testing what a client does with bad names.

A real server is only as trustworthy as whoever controls it, and SFTP names are just
bytes: a listing may hold ``../../evil``, ``/etc/x``, ``C:\\win.txt``, a NUL byte or a
GBK name that is not UTF-8. :class:`HostileSftpServer` serves such a listing from an
in-memory tree, answers ``stat`` and ``open`` for every name in it, and serves content
a naive client would happily write wherever the name points. Nothing is on disk but its
keys; nothing a client sends is written anywhere (writes are refused).

How paths map onto the tree: the root folder is ``/`` (also the home, so ``.`` and
relative paths start there), and an entry's path is its folder's path, ``/`` and its
name, joined as bytes and never normalised: ``../../evil`` in the root is
``/../../evil``, ``/etc/x`` in ``dir`` is ``/dir//etc/x``. A path that is no entry's is
then tried through symlinks and normalised; if it still names nothing, it is a
*phantom*: a regular file of :func:`payload` of its last part (like a server that says
yes to anything), unless ``answer_any_path=False`` makes it "no such file".

Paths arrive as raw bytes: paramiko's SFTP server decodes every path as strict UTF-8,
which would fail a GBK path before the server saw it, so this one decodes them with
``surrogateescape`` and turns them back into the client's exact bytes.

The SFTP version message offers only paramiko's ``check-file``: no
``limits@openssh.com``, so clients fall back to the SFTP v3 defaults.

Threads: one accept thread; per connection paramiko's transport thread, and one thread
per SFTP channel. :meth:`HostileSftpServer.stop` closes all and joins them.
"""

from __future__ import annotations

import copy
import hmac
import io
import os
import posixpath
import secrets
import shutil
import socket
import stat
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from paramiko.sftp import CMD_CLOSE, CMD_HANDLE, CMD_NAME, CMD_OPENDIR, CMD_READDIR

from tests.helpers.keys import known_hosts_name
from tests.helpers.system import LOOPBACK, make_temp_dir

#: Every entry's modification time: a fixed moment, so listings compare exactly.
MTIME = 1_700_000_000
#: Bytes of each default file (see :func:`payload`).
PAYLOAD_SIZE = 1000
# Symlink hops before a path counts as unresolvable (Linux's own limit is 40).
_MAX_LINK_HOPS = 40
# How often the accept loop wakes up to notice stop().
_POLL = 0.05
_JOIN_TIMEOUT = 5.0

#: Names a malicious server might list: traversal, absolute and Windows paths, reserved
#: device names, a NUL byte. All valid UTF-8, so paramiko's own listdir shows them.
HOSTILE_NAMES: tuple[str, ...] = (
    "../../evil",
    "/etc/x",
    "a/../../b",
    "..",
    ".",
    "sub/../../up",
    "C:\\win.txt",
    "c:evil",
    "\\\\server\\share",
    "nul\x00byte",
    "CON",
    "aux.txt",
    "evil\\..\\..\\x",
)
#: Hostile names the default tree serves as folders (with files inside), not files.
HOSTILE_FOLDERS: frozenset[str] = frozenset({"..", "sub/../../up"})


@dataclass(frozen=True)
class Link:
    """A symlink in a tree.

    Attributes:
        target: Where it points: relative to the link's folder (``.`` is the folder
            itself), or absolute in the server's tree.
        listed_as_target: Whether folder listings report what the link points to rather
            than the link, as servers that ``stat`` instead of ``lstat`` in readdir do.
            Then only ``lstat`` shows it is a link.
    """

    target: str | bytes
    listed_as_target: bool = False


#: A tree entry: a file's bytes, a file's size (content from :func:`payload`, made as it
#: is read), a symlink, or a folder (a :data:`Tree`).
Node = bytes | int | Link | Mapping[Any, Any]
#: Name (``str``, sent as UTF-8, or raw ``bytes``) -> entry. The key type is ``Any``
#: because ``Mapping`` keys are invariant: ``dict[str, bytes]`` is no
#: ``Mapping[str | bytes, ...]``.
Tree = Mapping[Any, Node]


def raw_name(name: str | bytes) -> bytes:
    """A tree name as the bytes sent on the wire (``str`` is UTF-8)."""
    return name if isinstance(name, bytes) else name.encode("utf-8")


def payload(name: str | bytes, size: int = PAYLOAD_SIZE) -> bytes:
    """The content served for a file ``name``: the name repeated, cut to ``size`` bytes.

    Tests compare written files with it, and the name in the content tells where a
    misplaced file came from.
    """
    return _payload_slice(raw_name(name), size, 0, size)


def _payload_slice(name: bytes, size: int, offset: int, length: int) -> bytes:
    unit = name or b"<empty>"
    end = min(size, offset + length)
    if offset >= end:
        return b""
    start = offset % len(unit)
    repeats = (start + end - offset) // len(unit) + 1
    return (unit * repeats)[start : start + end - offset]


def hostile_tree() -> dict[str | bytes, Node]:
    """The default tree: :data:`HOSTILE_NAMES`, ``ok.txt`` and a folder ``dir`` holding
    the hostile names again and ``inner.txt``. The names in :data:`HOSTILE_FOLDERS` are
    folders holding ``escaped.txt``; every file is :func:`payload` of its name."""

    def level(extra: str) -> dict[str | bytes, Node]:
        entries: dict[str | bytes, Node] = {}
        for name in HOSTILE_NAMES:
            if name in HOSTILE_FOLDERS:
                entries[name] = {"escaped.txt": payload("escaped.txt")}
            else:
                entries[name] = payload(name)
        entries[extra] = payload(extra)
        return entries

    tree = level("ok.txt")
    tree["dir"] = level("inner.txt")
    return tree


def loop_tree(listed_as_target: bool = False) -> dict[str | bytes, Node]:
    """A tree with symlink loops: ``/loop -> .`` (the root) and ``/dir/loop -> .`` (``dir``),
    next to ``ok.txt`` and ``dir/inner.txt``. A client that follows links while walking
    it never ends unless it notices the loop.

    Args:
        listed_as_target: Listings show both links as plain folders (see :class:`Link`).
    """
    link = Link(".", listed_as_target=listed_as_target)
    return {
        "ok.txt": payload("ok.txt"),
        "dir": {"inner.txt": payload("inner.txt"), "loop": link},
        "loop": link,
    }


@dataclass(frozen=True)
class Request:
    """One request the server answered: ``operation`` is ``opendir``, ``stat``, ``lstat``,
    ``open``, ``open-write`` (refused), ``readlink`` or ``realpath``; ``path`` the raw
    bytes the client sent."""

    operation: str
    path: bytes


@dataclass(frozen=True)
class _Entry:
    path: bytes
    name: bytes
    node: Node
    parent: bytes


def _index(tree: Tree) -> dict[bytes, _Entry]:
    """Every entry by its path (see the module docstring).

    Raises:
        ValueError: Two entries would have the same path (e.g. ``a/b`` next to a folder
            ``a`` holding ``b``), so one could never be reached.
    """
    entries = {b"/": _Entry(b"/", b"/", tree, b"/")}
    todo: list[tuple[bytes, Tree]] = [(b"/", tree)]
    while todo:
        folder, children = todo.pop()
        for name, node in children.items():
            raw = raw_name(name)
            path = (b"" if folder == b"/" else folder) + b"/" + raw
            if path in entries:
                raise ValueError(f"two tree entries have the path {path!r}")
            entries[path] = _Entry(path, raw, node, folder)
            if isinstance(node, Mapping):
                todo.append((path, node))
    return entries


def _mode_and_size(node: Node) -> tuple[int, int]:
    if isinstance(node, Mapping):
        return stat.S_IFDIR | 0o755, 4096
    if isinstance(node, Link):
        return stat.S_IFLNK | 0o777, len(raw_name(node.target))
    if isinstance(node, int):
        return stat.S_IFREG | 0o644, node
    return stat.S_IFREG | 0o644, len(node)


def _attributes(
    node: Node, cls: type[paramiko.SFTPAttributes] = paramiko.SFTPAttributes
) -> paramiko.SFTPAttributes:
    attributes = cls()
    attributes.st_mode, attributes.st_size = _mode_and_size(node)
    attributes.st_uid = attributes.st_gid = 0
    attributes.st_atime = attributes.st_mtime = MTIME
    return attributes


class _ListedAttributes(paramiko.SFTPAttributes):  # type: ignore[misc]  # paramiko is untyped
    """A listing entry whose long name ends in the raw name bytes: paramiko formats the
    long name with ``%s``, which would write a bytes name as ``b'...'``."""

    def asbytes(self) -> bytes:
        blank = copy.copy(self)
        blank.filename = ""
        return str(blank).encode() + raw_name(self.filename)


class _RawPathMessage(paramiko.Message):  # type: ignore[misc]
    """Decodes strings with ``surrogateescape``, so any bytes survive the round trip."""

    def get_text(self) -> str:
        return bytes(self.get_string()).decode("utf-8", "surrogateescape")


class _RawPathSFTPServer(paramiko.SFTPServer):  # type: ignore[misc]
    """paramiko's SFTP server, reading paths with :class:`_RawPathMessage`: its own
    ``get_text`` decodes strict UTF-8 and fails the request on a GBK path."""

    def _process(self, t: int, request_number: int, msg: paramiko.Message) -> None:
        lenient = _RawPathMessage(msg.asbytes())
        lenient.packet.seek(msg.packet.tell())
        super()._process(t, request_number, lenient)


def _path_bytes(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


class _ReadHandle(paramiko.SFTPHandle):  # type: ignore[misc]
    """An open file of the tree: reads serve its bytes, or its :func:`payload` made on
    the fly for a size-only entry."""

    def __init__(self, flags: int, entry: _Entry) -> None:
        super().__init__(flags)
        self._entry = entry

    def read(self, offset: int, length: int) -> bytes:
        node = self._entry.node
        if isinstance(node, int):
            return _payload_slice(self._entry.name, node, offset, length)
        assert isinstance(node, bytes)
        return node[offset : offset + length]

    def stat(self) -> paramiko.SFTPAttributes:
        return _attributes(self._entry.node)


class _HostileSFTP(paramiko.SFTPServerInterface):  # type: ignore[misc]
    """One SFTP session over the server's tree (runs on the channel's own thread)."""

    def __init__(self, server: paramiko.ServerInterface, owner: HostileSftpServer) -> None:
        super().__init__(server)
        self._owner = owner

    def session_started(self) -> None:
        self._owner._track(threading.current_thread())

    def _entry(self, operation: str, path: str, follow: bool) -> _Entry | None:
        raw = _path_bytes(path)
        self._owner._record(operation, raw)
        return self._owner._find(raw, follow, phantom=True)

    def canonicalize(self, path: str) -> bytes:
        raw = _path_bytes(path)
        self._owner._record("realpath", raw)
        entry = self._owner._find(raw, follow=True, phantom=False)
        return entry.path if entry is not None else posixpath.normpath(_absolute(raw))

    def list_folder(self, path: str) -> list[paramiko.SFTPAttributes] | int:
        entry = self._entry("opendir", path, follow=True)
        if entry is None:
            return int(paramiko.SFTP_NO_SUCH_FILE)
        if not isinstance(entry.node, Mapping):
            return int(paramiko.SFTP_FAILURE)
        listing = []
        for name, node in entry.node.items():
            shown = node
            if isinstance(node, Link) and node.listed_as_target:
                child = (b"" if entry.path == b"/" else entry.path) + b"/" + raw_name(name)
                target = self._owner._find(child, follow=True, phantom=False)
                shown = node if target is None else target.node
            attributes = _attributes(shown, _ListedAttributes)
            attributes.filename = raw_name(name)
            listing.append(attributes)
        return listing

    def stat(self, path: str) -> paramiko.SFTPAttributes | int:
        entry = self._entry("stat", path, follow=True)
        return int(paramiko.SFTP_NO_SUCH_FILE) if entry is None else _attributes(entry.node)

    def lstat(self, path: str) -> paramiko.SFTPAttributes | int:
        entry = self._entry("lstat", path, follow=False)
        return int(paramiko.SFTP_NO_SUCH_FILE) if entry is None else _attributes(entry.node)

    def open(
        self, path: str, flags: int, attr: paramiko.SFTPAttributes
    ) -> paramiko.SFTPHandle | int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND):
            self._owner._record("open-write", _path_bytes(path))
            return int(paramiko.SFTP_PERMISSION_DENIED)
        entry = self._entry("open", path, follow=True)
        if entry is None:
            return int(paramiko.SFTP_NO_SUCH_FILE)
        if isinstance(entry.node, Mapping):
            return int(paramiko.SFTP_FAILURE)
        return _ReadHandle(flags, entry)

    def readlink(self, path: str) -> bytes | int:
        entry = self._entry("readlink", path, follow=False)
        if entry is None:
            return int(paramiko.SFTP_NO_SUCH_FILE)
        if not isinstance(entry.node, Link):
            return int(paramiko.SFTP_FAILURE)
        return raw_name(entry.node.target)


def _absolute(path: bytes) -> bytes:
    """The path from the root: the home folder is ``/``."""
    if path in (b"", b"."):
        return b"/"
    return path if path.startswith(b"/") else b"/" + path


class _Interface(paramiko.ServerInterface):  # type: ignore[misc]
    """Logins and channels of one connection; runs on its transport thread."""

    def __init__(self, owner: HostileSftpServer) -> None:
        self._owner = owner

    def get_allowed_auths(self, username: str) -> str:
        return "publickey,password"

    def check_auth_password(self, username: str, password: str) -> int:
        ok = username == self._owner.username and hmac.compare_digest(
            password.encode(), self._owner.password.encode()
        )
        return int(paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED)

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        ok = username == self._owner.username and hmac.compare_digest(
            key.asbytes(), self._owner._client_blob
        )
        return int(paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED)

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return int(paramiko.OPEN_SUCCEEDED)
        return int(paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED)


def _new_ed25519() -> tuple[str, paramiko.Ed25519Key]:
    """A fresh key: its OpenSSH private key text, and the key as paramiko loads it."""
    text = (
        ed25519.Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )
    return text, paramiko.Ed25519Key.from_private_key(io.StringIO(text))


class HostileSftpServer:
    """An SSH server on 127.0.0.1 whose SFTP side serves a hostile in-memory tree.

    Logins: user :attr:`username` with :attr:`password`, or with the private key in
    :attr:`client_key_file`. The host key is new each time; :attr:`host_key_line` and
    :attr:`known_hosts_file` trust it. Only the ``sftp`` subsystem works: no shell, no
    exec, no forwarding. Reads only: opening for writing is ``permission denied``, and
    mkdir, remove and rename are unsupported.

    Use as a context manager (``with HostileSftpServer() as server:``) or call
    :meth:`start` and :meth:`stop`.

    Args:
        tree: Name -> entry (see :data:`Node`); default :func:`hostile_tree`.
        answer_any_path: Serve a phantom file for paths the tree lacks (see the module
            docstring); False answers "no such file" instead.
        username: The only user name accepted.

    Raises:
        ValueError: Two tree entries have the same path.

    Attributes (set by :meth:`start`):
        host: ``"127.0.0.1"``.
        port: The listening port.
        username, password: The password login.
        client_key_file: An unencrypted OpenSSH ed25519 private key (mode 600) that logs
            in as ``username``; its public key is next to it (``.pub``).
        host_key_type, host_key_base64: The host key, as a ``.pub`` file has them.
        host_key_line: ``[127.0.0.1]:PORT ssh-ed25519 AAAA...``, a known_hosts line.
        known_hosts_file: A file holding only that line.
    """

    host: str
    port: int
    password: str
    client_key_file: Path
    host_key_type: str
    host_key_base64: str
    known_hosts_file: Path

    def __init__(
        self, tree: Tree | None = None, *, answer_any_path: bool = True, username: str = "tester"
    ) -> None:
        self.host = LOOPBACK
        self.port = 0
        self.username = username
        self.password = "hostile-" + secrets.token_urlsafe(9)
        self.answer_any_path = answer_any_path
        self._entries = _index(hostile_tree() if tree is None else tree)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._requests: list[Request] = []
        self._threads: list[threading.Thread] = []
        self._transports: list[paramiko.Transport] = []
        self._listener: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._workdir: Path | None = None
        self._client_blob = b""
        self._host_key: paramiko.PKey | None = None

    @property
    def host_key_line(self) -> str:
        name = known_hosts_name(self.host, self.port)
        return f"{name} {self.host_key_type} {self.host_key_base64}"

    @property
    def requests(self) -> list[Request]:
        """The requests answered so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def start(self) -> Self:
        """Make the keys, bind a free port and start accepting. Blocking briefly; once."""
        self._workdir = make_temp_dir("sshdesk-hostile-")
        try:
            self._listener = socket.create_server((self.host, 0))
            # accept() wakes up now and then to notice stop(); closing a socket does not
            # reliably wake a thread blocked in accept() on it.
            self._listener.settimeout(_POLL)
            self.port = int(self._listener.getsockname()[1])
            self._write_keys(self._workdir)
        except BaseException:
            self.stop()
            raise
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name="hostile-sftp-accept", daemon=True
        )
        self._accept_thread.start()
        return self

    def _write_keys(self, folder: Path) -> None:
        _, self._host_key = _new_ed25519()
        self.host_key_type = self._host_key.get_name()
        self.host_key_base64 = self._host_key.get_base64()
        client_text, client_key = _new_ed25519()
        self._client_blob = client_key.asbytes()
        self.client_key_file = folder / "id_ed25519"
        descriptor = os.open(self.client_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(client_text)
        public = f"{client_key.get_name()} {client_key.get_base64()} hostile-sftp-client\n"
        (folder / "id_ed25519.pub").write_text(public, encoding="ascii")
        self.known_hosts_file = folder / "known_hosts"
        self.known_hosts_file.write_text(self.host_key_line + "\n", encoding="ascii")

    def stop(self) -> None:
        """Close every connection, join the threads and remove the keys. Idempotent."""
        self._stopping.set()
        if self._accept_thread is not None:
            self._accept_thread.join(_JOIN_TIMEOUT)
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            transports, self._transports = self._transports, []
        for transport in transports:
            transport.close()  # also ends the SFTP threads: their channels close
        with self._lock:
            threads = list(self._threads)
        for thread in [*transports, *threads]:
            if thread is not threading.current_thread():
                thread.join(_JOIN_TIMEOUT)
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- serving ---------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed
            transport = paramiko.Transport(sock)
            transport.add_server_key(self._host_key)
            transport.set_subsystem_handler("sftp", _RawPathSFTPServer, _HostileSFTP, self)
            with self._lock:
                self._transports.append(transport)
            # With an event, start_server returns at once and the handshake runs on the
            # transport's thread, so a slow client holds up no other.
            transport.start_server(event=threading.Event(), server=_Interface(self))

    def _track(self, thread: threading.Thread) -> None:
        with self._lock:
            self._threads.append(thread)

    def _record(self, operation: str, path: bytes) -> None:
        with self._lock:
            self._requests.append(Request(operation, path))

    # -- the tree --------------------------------------------------------------------------

    def _find(self, path: bytes, follow: bool, phantom: bool) -> _Entry | None:
        """The entry a client path names (see the module docstring), a phantom file when
        ``phantom`` and :attr:`answer_any_path`, or None."""
        absolute = _absolute(path)
        for candidate in dict.fromkeys((absolute, posixpath.normpath(absolute))):
            entry = self._resolve(candidate, follow)
            if entry is not None:
                return entry
        if not (phantom and self.answer_any_path):
            return None
        name = absolute.rstrip(b"/").rpartition(b"/")[2] or absolute
        return _Entry(absolute, name, payload(name), absolute)

    def _resolve(self, path: bytes, follow: bool) -> _Entry | None:
        for _hop in range(_MAX_LINK_HOPS):
            entry = self._entries.get(path)
            if entry is not None:
                if not (follow and isinstance(entry.node, Link)):
                    return entry
                path = self._link_target(entry)
                continue
            redirected = self._through_link(path)
            if redirected is None:
                return None
            path = redirected
        return None  # a loop: ELOOP, which clients see as "no such file"

    def _through_link(self, path: bytes) -> bytes | None:
        """``path`` with its longest existing leading part replaced by that symlink's target;
        None when that part is no symlink (then the path names nothing)."""
        cut = path.rfind(b"/")
        while cut > 0:
            entry = self._entries.get(path[:cut])
            if entry is not None:
                if isinstance(entry.node, Link):
                    return self._link_target(entry).rstrip(b"/") + path[cut:]
                return None
            cut = path.rfind(b"/", 0, cut)
        return None

    @staticmethod
    def _link_target(entry: _Entry) -> bytes:
        assert isinstance(entry.node, Link)
        target = raw_name(entry.node.target)
        if target.startswith(b"/"):
            return target
        # Not parent + "/" + target: "//." would normalise to "//", which POSIX keeps.
        folder = b"" if entry.parent == b"/" else entry.parent
        return posixpath.normpath(folder + b"/" + target)


@dataclass(frozen=True)
class RawEntry:
    """A listing entry exactly as the server sent it (see :func:`raw_listdir`)."""

    name: bytes
    longname: str  # undecodable bytes kept as surrogates
    attributes: paramiko.SFTPAttributes


def raw_listdir(client: paramiko.SFTPClient, path: str | bytes) -> list[RawEntry]:
    """List a folder as the server sent it, in its order, ``.`` and ``..`` included.

    paramiko's ``listdir`` decodes names as strict UTF-8 (a GBK name raises) and drops
    ``.`` and ``..``; this goes one level down, through ``SFTPClient._request``.

    Raises:
        OSError: The server refused (paramiko turns SFTP status replies into these).
    """
    kind, message = client._request(CMD_OPENDIR, raw_name(path))
    if kind != CMD_HANDLE:
        raise paramiko.SFTPError(f"expected a HANDLE reply, got {kind}")
    handle = message.get_binary()
    entries: list[RawEntry] = []
    try:
        while True:
            try:
                kind, message = client._request(CMD_READDIR, handle)
            except EOFError:  # paramiko's way of saying SSH_FX_EOF
                return entries
            if kind != CMD_NAME:
                raise paramiko.SFTPError(f"expected a NAME reply, got {kind}")
            for _ in range(message.get_int()):
                name = bytes(message.get_string())
                longname = bytes(message.get_string()).decode("utf-8", "surrogateescape")
                attributes = paramiko.SFTPAttributes._from_msg(message)
                entries.append(RawEntry(name, longname, attributes))
    finally:
        client._request(CMD_CLOSE, handle)
