"""The demo server's SFTP side: a sandbox folder with sample files, served as ``/``.

The client sees the sandbox as the root ``/``: ``/README.txt`` is ``<sandbox>/README.txt``,
and a relative path is taken from ``/``. Every client path is joined to the sandbox,
normalised, and must still lie inside it after symlinks are resolved; ``..`` above the
root, and symlinks that lead out of it, are refused with ``SFTP_PERMISSION_DENIED``.

This confinement keeps a newcomer's file browser in the demo folder. It is not a security
boundary: the demo's shell runs as the same local user and can go anywhere, and a shell
that swaps a folder for a symlink between our check and the operation wins the race.
"""

import logging
import os
import posixpath
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

import paramiko

log = logging.getLogger(__name__)

#: What an operation answers: attributes, a list, a handle or a path, or an SFTP status.
_Status = int


def _denied(path: str) -> _Status:
    log.info("demo SFTP: refused a path outside the sandbox: %r", path)
    return int(paramiko.SFTP_PERMISSION_DENIED)


def _error(error: OSError | ValueError) -> _Status:
    # ValueError: a path with a NUL byte in it.
    number = error.errno if isinstance(error, OSError) else None
    return int(paramiko.SFTPServer.convert_errno(number))


class SandboxSFTP(paramiko.SFTPServerInterface):  # type: ignore[misc]  # paramiko is untyped
    """Serves one SFTP session from the sandbox folder (one instance per SFTP channel).

    Runs on the SFTP channel's own thread (paramiko's ``SubsystemHandler``), so blocking
    file operations only hold up that session.

    Args:
        server: The connection's ``ServerInterface``.
        root: The sandbox folder.
        on_start: Called with the session's thread when it starts, so whoever stops the
            server can wait for it.
    """

    def __init__(
        self, server: paramiko.ServerInterface, root: Path,
        on_start: Callable[[threading.Thread], None] | None = None,
    ) -> None:
        super().__init__(server)
        self._root = os.path.realpath(root)
        self._on_start = on_start

    def session_started(self) -> None:
        if self._on_start is not None:
            self._on_start(threading.current_thread())

    # -- mapping client paths onto the sandbox ------------------------------------------

    def _lexical(self, path: str) -> str | None:
        """The path inside the sandbox before symlinks are resolved; None when outside."""
        joined = posixpath.normpath(self._root + "/" + path)
        return joined if self._inside(joined) else None

    def _inside(self, real: str) -> bool:
        return real == self._root or real.startswith(self._root + os.sep)

    def _resolved(self, path: str) -> str | None:
        """The path with every symlink resolved (the way ``stat`` and ``open`` see it)."""
        lexical = self._lexical(path)
        if lexical is None:
            return None
        real = os.path.realpath(lexical)
        return real if self._inside(real) else None

    def _entry(self, path: str) -> str | None:
        """The path with its folders resolved but its last part kept: the way ``lstat``,
        ``remove`` and ``rename`` see it (they act on a symlink, not on its target)."""
        lexical = self._lexical(path)
        if lexical is None:
            return None
        if lexical == self._root:
            return lexical
        folder, name = os.path.split(lexical)
        real_folder = os.path.realpath(folder)
        return os.path.join(real_folder, name) if self._inside(real_folder) else None

    def _entry_below_root(self, path: str) -> str | None:
        """As :meth:`_entry`, and never the root itself (which must not be removed)."""
        entry = self._entry(path)
        return None if entry == self._root else entry

    def _virtual(self, real: str) -> str:
        relative = os.path.relpath(real, self._root)
        return "/" if relative == "." else "/" + relative.replace(os.sep, "/")

    # -- SFTPServerInterface ------------------------------------------------------------

    def canonicalize(self, path: str) -> str:
        # Purely lexical, and ".." stops at "/": the client's view of a chroot.
        return posixpath.normpath("/" + path.lstrip("/"))

    def list_folder(self, path: str) -> list[paramiko.SFTPAttributes] | _Status:
        folder = self._resolved(path)
        if folder is None:
            return _denied(path)
        try:
            names = os.listdir(folder)
            entries = []
            for name in names:
                if not _utf8(name):
                    # paramiko clients decode names as strict UTF-8 and would fail.
                    log.debug("demo SFTP: skipped a name that is not UTF-8: %r", name)
                    continue
                # lstat: a symlink is listed as a symlink, whatever it points to.
                attributes = paramiko.SFTPAttributes.from_stat(
                    os.lstat(os.path.join(folder, name)), name
                )
                entries.append(attributes)
        except (OSError, ValueError) as error:
            return _error(error)
        return entries

    def stat(self, path: str) -> paramiko.SFTPAttributes | _Status:
        real = self._resolved(path)
        return _denied(path) if real is None else _attributes(os.stat, real)

    def lstat(self, path: str) -> paramiko.SFTPAttributes | _Status:
        real = self._entry(path)
        return _denied(path) if real is None else _attributes(os.lstat, real)

    def open(
        self, path: str, flags: int, attr: paramiko.SFTPAttributes
    ) -> paramiko.SFTPHandle | _Status:
        real = self._resolved(path)
        if real is None:
            return _denied(path)
        mode = attr.st_mode if attr.st_mode is not None else 0o666
        try:
            fd = os.open(real, flags | getattr(os, "O_BINARY", 0), mode & 0o7777)
        except (OSError, ValueError) as error:
            return _error(error)
        return _FileHandle(flags, os.fdopen(fd, _fdopen_mode(flags)), real)

    def remove(self, path: str) -> _Status:
        real = self._entry_below_root(path)
        return _denied(path) if real is None else _do(os.remove, real)

    def rename(self, oldpath: str, newpath: str) -> _Status:
        old, new = self._entry_below_root(oldpath), self._entry_below_root(newpath)
        if old is None or new is None:
            return _denied(newpath if old else oldpath)
        if os.path.lexists(new):
            # SFTP v3 rename does not overwrite; posix-rename does.
            return int(paramiko.SFTP_FAILURE)
        return _do(os.rename, old, new)

    def posix_rename(self, oldpath: str, newpath: str) -> _Status:
        old, new = self._entry_below_root(oldpath), self._entry_below_root(newpath)
        if old is None or new is None:
            return _denied(newpath if old else oldpath)
        return _do(os.replace, old, new)

    def mkdir(self, path: str, attr: paramiko.SFTPAttributes) -> _Status:
        real = self._entry_below_root(path)
        if real is None:
            return _denied(path)
        mode = attr.st_mode if attr.st_mode is not None else 0o777
        return _do(os.mkdir, real, mode & 0o7777)

    def rmdir(self, path: str) -> _Status:
        real = self._entry_below_root(path)
        return _denied(path) if real is None else _do(os.rmdir, real)

    def chattr(self, path: str, attr: paramiko.SFTPAttributes) -> _Status:
        real = self._resolved(path)
        return _denied(path) if real is None else _do(_change_attributes, real, attr)

    def readlink(self, path: str) -> str | _Status:
        link = self._entry(path)
        if link is None:
            return _denied(path)
        try:
            target = os.readlink(link)
        except (OSError, ValueError) as error:
            return _error(error)
        # A target outside would be a dead end for the client anyway; don't show it.
        if not self._inside(os.path.realpath(link)):
            return _denied(path)
        return self._virtual(target) if os.path.isabs(target) else target

    def symlink(self, target_path: str, path: str) -> _Status:
        link = self._entry_below_root(path)
        if link is None:
            return _denied(path)
        if target_path.startswith("/"):
            target = self._lexical(target_path)
        else:
            joined = posixpath.normpath(os.path.dirname(link) + "/" + target_path)
            target = target_path if self._inside(joined) else None
        if target is None:
            return _denied(target_path)
        return _do(os.symlink, target, link)


class _FileHandle(paramiko.SFTPHandle):  # type: ignore[misc]  # paramiko is untyped
    """An open file; paramiko's default ``read``, ``write`` and ``close`` use the
    ``readfile``/``writefile`` attributes."""

    def __init__(self, flags: int, stream: IO[bytes], path: str) -> None:
        super().__init__(flags)
        self._stream = stream
        self._path = path
        if not flags & os.O_WRONLY:
            self.readfile = stream
        if flags & (os.O_WRONLY | os.O_RDWR):
            self.writefile = stream

    def stat(self) -> paramiko.SFTPAttributes | _Status:
        try:
            return paramiko.SFTPAttributes.from_stat(os.fstat(self._stream.fileno()))
        except OSError as error:
            return _error(error)

    def chattr(self, attr: paramiko.SFTPAttributes) -> _Status:
        return _do(_change_attributes, self._path, attr)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _attributes(
    how: Callable[[str], os.stat_result], real: str
) -> paramiko.SFTPAttributes | _Status:
    try:
        return paramiko.SFTPAttributes.from_stat(how(real))
    except (OSError, ValueError) as error:
        return _error(error)


def _do(operation: Callable[..., object], *args: object) -> _Status:
    try:
        operation(*args)
    except (OSError, ValueError) as error:
        return _error(error)
    return int(paramiko.SFTP_OK)


def _fdopen_mode(flags: int) -> str:
    if flags & os.O_WRONLY:
        return "ab" if flags & os.O_APPEND else "wb"
    if flags & os.O_RDWR:
        return "a+b" if flags & os.O_APPEND else "r+b"
    return "rb"


def _change_attributes(real: str, attr: paramiko.SFTPAttributes) -> None:
    """Mode, times and size; owners are left alone (the demo runs as one user)."""
    if attr.st_mode is not None:
        os.chmod(real, attr.st_mode & 0o7777)
    if attr.st_atime is not None and attr.st_mtime is not None:
        os.utime(real, (attr.st_atime, attr.st_mtime))
    if attr.st_size is not None:
        os.truncate(real, attr.st_size)


# -- sample files ------------------------------------------------------------------------

_README = """\
sshdesk demo
============

This is a throwaway SSH and SFTP server running on this computer (127.0.0.1), started by
'sshdesk --demo' so you can try sshdesk without a server of your own.

- The terminal is a real shell on THIS computer, running as you: commands really run.
- The file browser shows this demo folder as '/'. Upload, rename and delete freely.
- Everything here is deleted when the demo ends.

这是 sshdesk 的演示：一个运行在本机 (127.0.0.1) 上的临时 SSH 和 SFTP 服务器，
由 'sshdesk --demo' 启动，让您无需自己的服务器也能试用 sshdesk。

- 终端是本机上的真实 shell，以您的身份运行：输入的命令会真正执行。
- 文件浏览器把这个演示文件夹显示为 '/'，可随意上传、重命名和删除。
- 演示结束时，这里的一切都会被删除。
"""

_CONF = """\
# 演示配置文件 (demo configuration, UTF-8)
[服务器]
名称 = 演示服务器
地址 = 127.0.0.1
端口 = 2222

[界面]
语言 = zh_CN
主题 = 浅色
"""

_CSV = """\
城市,人口（万）,省份
北京,2189,北京市
上海,2487,上海市
广州,1868,广东省
深圳,1756,广东省
成都,2094,四川省
杭州,1194,浙江省
"""

_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>sshdesk demo</title></head>
<body>
  <h1>Hello from the sshdesk demo</h1>
  <p>你好！这是一个示例网页。</p>
</body>
</html>
"""


def fill_sandbox(root: Path) -> None:
    """Writes the sample files (about 40 KB) into the empty folder ``root``."""
    files: dict[str, bytes] = {
        "README.txt": _README.encode(),
        "logs/app.log": _log_lines(300).encode(),
        "配置/设置.conf": _CONF.encode(),
        "数据.csv": _CSV.encode(),
        "images/gradient.png": _gradient_png(48, 48),
        "projects/web/index.html": _HTML.encode(),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _log_lines(count: int) -> str:
    levels = ("INFO", "INFO", "INFO", "DEBUG", "WARNING", "INFO", "ERROR")
    events = ("request served in {n} ms", "cache hit for key user:{n}",
              "worker {n} started", "slow query took {n} ms", "connection {n} closed")
    lines = []
    for i in range(count):
        when = f"2024-05-01 08:{i // 60 % 60:02d}:{i % 60:02d}"
        event = events[i % len(events)].format(n=(i * 37) % 500)
        lines.append(f"{when} {levels[i % len(levels)]:<7} app: {event}\n")
    return "".join(lines)


def _gradient_png(width: int, height: int) -> bytes:
    """A small RGB PNG, so the sandbox has a real binary file."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160))
                           for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
