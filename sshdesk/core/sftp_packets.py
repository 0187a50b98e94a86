"""SFTP version 3 on the wire (draft-ietf-secsh-filexfer-02, as OpenSSH speaks it): the
numbers, the request builders and the reply parsers that :mod:`sshdesk.core.sftp_client`
uses. Names and paths are bytes here; decoding is the caller's business.
"""

import struct
from typing import NamedTuple

# Packet types.
INIT, VERSION = 1, 2
OPEN, CLOSE, READ, WRITE, LSTAT, FSTAT, SETSTAT, FSETSTAT = 3, 4, 5, 6, 7, 8, 9, 10
OPENDIR, READDIR, REMOVE, MKDIR, RMDIR, REALPATH, STAT, RENAME = 11, 12, 13, 14, 15, 16, 17, 18
READLINK, SYMLINK = 19, 20
STATUS, HANDLE, DATA, NAME, ATTRS = 101, 102, 103, 104, 105
EXTENDED, EXTENDED_REPLY = 200, 201

# Status codes.
OK, EOF, NO_SUCH_FILE, PERMISSION_DENIED, FAILURE, BAD_MESSAGE = 0, 1, 2, 3, 4, 5
NO_CONNECTION, CONNECTION_LOST, OP_UNSUPPORTED = 6, 7, 8

# Open flags.
OPEN_READ, OPEN_WRITE, OPEN_APPEND, OPEN_CREATE, OPEN_TRUNCATE, OPEN_EXCLUSIVE = (
    0x01, 0x02, 0x04, 0x08, 0x10, 0x20)

# Attribute flags.
_ATTR_SIZE, _ATTR_UIDGID, _ATTR_PERMISSIONS, _ATTR_TIMES = 0x1, 0x2, 0x4, 0x8
_ATTR_EXTENDED = 0x80000000

_U32 = struct.Struct("!I")
_U64 = struct.Struct("!Q")
_HEADER = struct.Struct("!IBI")  # length, type, request id
_READ_TAIL = struct.Struct("!QI")  # offset, length
_COMMON_FLAGS = _ATTR_SIZE | _ATTR_UIDGID | _ATTR_PERMISSIONS | _ATTR_TIMES
_COMMON_ATTRS = struct.Struct("!QIIIII")  # size, uid, gid, mode, atime, mtime


class Attributes(NamedTuple):
    """A file's attributes as the server sent them; ``None`` where it sent none.

    A named tuple, not a dataclass: a listing makes one per name, and a tuple is made
    several times faster."""

    size: int | None = None
    uid: int | None = None
    gid: int | None = None
    mode: int | None = None
    atime: int | None = None
    mtime: int | None = None

    def encode(self) -> bytes:
        flags = 0
        parts: list[bytes] = []
        if self.size is not None:
            flags |= _ATTR_SIZE
            parts.append(_U64.pack(self.size))
        if self.uid is not None and self.gid is not None:
            flags |= _ATTR_UIDGID
            parts.append(struct.pack("!II", self.uid, self.gid))
        if self.mode is not None:
            flags |= _ATTR_PERMISSIONS
            parts.append(_U32.pack(self.mode))
        if self.mtime is not None:
            flags |= _ATTR_TIMES
            parts.append(struct.pack("!II", self.atime if self.atime is not None
                                     else self.mtime, self.mtime))
        return _U32.pack(flags) + b"".join(parts)


NO_ATTRIBUTES = Attributes()


class NameEntry(NamedTuple):
    """One name of a ``NAME`` reply: ``longname`` is the server's ``ls -l`` line."""

    filename: bytes
    longname: bytes
    attributes: Attributes


def string(data: bytes) -> bytes:
    return _U32.pack(len(data)) + data


def request(kind: int, request_id: int, body: bytes) -> bytes:
    """A whole packet: length, type, id, body."""
    return _HEADER.pack(len(body) + 5, kind, request_id) + body


def read_request(request_id: int, handle: bytes, offset: int, length: int) -> bytes:
    return request(READ, request_id, string(handle) + _READ_TAIL.pack(offset, length))


def write_header(request_id: int, handle: bytes, offset: int, size: int) -> bytes:
    """A ``WRITE`` packet up to its data, which the caller sends right after."""
    body_size = 4 + len(handle) + 8 + 4 + size
    return (_HEADER.pack(body_size + 5, WRITE, request_id) + string(handle)
            + _U64.pack(offset) + _U32.pack(size))


class Reader:
    """Reads the fields of one reply body in order.

    Raises:
        ValueError: The body ends before a field does (a broken server).
    """

    def __init__(self, data: bytes | memoryview) -> None:
        self._data = memoryview(data)
        self._at = 0

    def u32(self) -> int:
        return int(_U32.unpack_from(self._take(4))[0])

    def u64(self) -> int:
        return int(_U64.unpack_from(self._take(8))[0])

    def string(self) -> bytes:
        return self._take(self.u32()).tobytes()

    def string_view(self) -> memoryview:
        return self._take(self.u32())

    def rest(self) -> bytes:
        return self._take(len(self._data) - self._at).tobytes()

    @property
    def remaining(self) -> int:
        return len(self._data) - self._at

    def attributes(self) -> Attributes:
        flags = self.u32()
        size = self.u64() if flags & _ATTR_SIZE else None
        uid = gid = mode = atime = mtime = None
        if flags & _ATTR_UIDGID:
            uid, gid = self.u32(), self.u32()
        if flags & _ATTR_PERMISSIONS:
            mode = self.u32()
        if flags & _ATTR_TIMES:
            atime, mtime = self.u32(), self.u32()
        if flags & _ATTR_EXTENDED:
            for _ in range(self.u32()):
                self.string()
                self.string()
        return Attributes(size, uid, gid, mode, atime, mtime)

    def names(self) -> list[NameEntry]:
        """A ``NAME`` reply's entries. A listing of 10,000 names is 10,000 of these, so the
        usual shape (OpenSSH sends size, ids, mode and times for every entry) is cut out
        with one unpack per entry."""
        data, at = self._data, self._at
        count = _U32.unpack_from(data, at)[0]
        at += 4
        entries = []
        try:
            for _ in range(count):
                size = _U32.unpack_from(data, at)[0]
                filename = data[at + 4:at + 4 + size].tobytes()
                at += 4 + size
                size = _U32.unpack_from(data, at)[0]
                longname = data[at + 4:at + 4 + size].tobytes()
                at += 4 + size
                if _U32.unpack_from(data, at)[0] == _COMMON_FLAGS:
                    size_, uid, gid, mode, atime, mtime = _COMMON_ATTRS.unpack_from(data,
                                                                                    at + 4)
                    attributes = Attributes(size_, uid, gid, mode, atime, mtime)
                    at += 4 + _COMMON_ATTRS.size
                else:
                    self._at = at
                    attributes = self.attributes()
                    at = self._at
                if at > len(data):
                    raise ValueError("SFTP reply shorter than its fields")
                entries.append(NameEntry(filename, longname, attributes))
        except struct.error as error:
            raise ValueError("SFTP reply shorter than its fields") from error
        self._at = at
        return entries

    def _take(self, size: int) -> memoryview:
        end = self._at + size
        if size < 0 or end > len(self._data):
            raise ValueError("SFTP reply shorter than its fields")
        view = self._data[self._at:end]
        self._at = end
        return view
