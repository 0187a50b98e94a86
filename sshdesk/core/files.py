"""What the two file panes show, whichever side they are on: entries and the operations on
them, as one :class:`FileSystem` shape that the local disk (:mod:`sshdesk.core.localfs`) and
an SFTP session (:mod:`sshdesk.core.remotefs`) both take.

Names are ``str`` decoded with ``surrogateescape``: a remote name that is not valid in the
session's encoding (or a local one not valid UTF-8) still round-trips to its exact bytes,
and :func:`display_name` shows it with replacement marks. Paths use ``/`` on the remote
side and the platform's separator locally; :meth:`FileSystem.join` and
:meth:`FileSystem.parent` keep callers from caring which.
"""

import errno
import posixpath
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sshdesk.core.errors import RemoteFileError
from sshdesk.core.i18n import tr


@dataclass(frozen=True)
class FileEntry:
    """One directory entry, as a pane row.

    Attributes:
        name: The file name (no folder part); see the module's docstring for undecodable
            bytes.
        size: Size in bytes (of the link itself for a symlink).
        mtime: Modification time, seconds since the epoch.
        mode: POSIX mode bits including the file type (``lstat``: a symlink is a link).
        owner: The owner's user name, or its number as text when the name is unknown.
        group: The group's name, or its number as text.
        uid: The owner's number (-1 when unknown); chown takes numbers.
        gid: The group's number (-1 when unknown).
        link_target: Where a symlink points (as stored in the link), else ``None``.
        target_is_dir: For a symlink: whether it leads to a folder (so it opens like one).
    """

    name: str
    size: int
    mtime: int
    mode: int
    owner: str = ""
    group: str = ""
    uid: int = -1
    gid: int = -1
    link_target: str | None = None
    target_is_dir: bool = False

    @property
    def is_dir(self) -> bool:
        """A folder, or a symlink to one: what opens on double-click."""
        return stat.S_ISDIR(self.mode) or (self.is_link and self.target_is_dir)

    @property
    def is_link(self) -> bool:
        return stat.S_ISLNK(self.mode)

    @property
    def is_hidden(self) -> bool:
        return self.name.startswith(".")

    @property
    def permissions(self) -> int:
        """The permission bits alone (``0o755``)."""
        return stat.S_IMODE(self.mode)


def remote_parent(path: str) -> str:
    """The folder holding a remote (``/``-separated) path; ``/`` is its own parent."""
    return posixpath.dirname(path.rstrip("/")) or "/"


def remote_basename(path: str) -> str:
    return posixpath.basename(path.rstrip("/")) or "/"


def remote_normalize(path: str, home: Callable[[], str]) -> str:
    """The absolute form of a remote path as typed: ``~`` and relative paths start at the
    login folder (``home()``, asked only when needed), ``..`` is resolved."""
    path = path.strip() or "."
    if path == "~" or path.startswith("~/"):
        path = home() + path[1:]
    elif not path.startswith("/"):
        path = posixpath.join(home(), path)
    normal = posixpath.normpath(path)
    return "/" + normal.lstrip("/") if normal.startswith("//") else normal


class RemotePaths:
    """The path arithmetic of a server's side (``/``-separated), for the file systems that
    reach it; :meth:`home` is theirs to answer."""

    def home(self) -> str:
        raise NotImplementedError

    def join(self, folder: str, name: str) -> str:
        return posixpath.join(folder, name)

    def parent(self, path: str) -> str:
        return remote_parent(path)

    def basename(self, path: str) -> str:
        return remote_basename(path)

    def normalize(self, path: str) -> str:
        return remote_normalize(path, self.home)


def file_error(side: str, operation: str, path: str, code: int, text: str
               ) -> RemoteFileError:
    """A refused file operation in words, on either side: what was done, to which path,
    why, and what to try. ``code`` is the errno (0 when unknown); ``text`` says it
    otherwise (the system's or the server's own words)."""
    reasons = {
        errno.ENOENT: (tr("no such file or folder"), tr("Check the path; refresh the list.")),
        errno.EACCES: (tr("permission denied"),
                       tr("Ask its owner, or use an account allowed to change it.")),
        errno.EPERM: (tr("operation not permitted"),
                      tr("Only its owner (or root) may do this.")),
        errno.ENOSPC: (tr("no space left on the disk"), tr("Free some space, then retry.")),
        errno.EDQUOT: (tr("disk quota exceeded"), tr("Free some space, then retry.")),
        errno.EEXIST: (tr("it already exists"), tr("Choose another name.")),
        errno.ENOTDIR: (tr("not a folder"), tr("Check the path.")),
        errno.ENOTEMPTY: (tr("the folder is not empty"), ""),
        errno.ELOOP: (tr("too many levels of symbolic links"), ""),
        errno.EOPNOTSUPP: (tr("the server does not support this"), ""),
        errno.EROFS: (tr("the file system is read-only"), ""),
    }
    reason, hint = reasons.get(code, (text or tr("failed"), ""))
    return RemoteFileError(side, operation, display_name(path), reason, hint)


def display_name(name: str) -> str:
    """``name`` with undecodable bytes (lone surrogates) shown as U+FFFD."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return name


def permission_text(mode: int) -> str:
    """``drwxr-xr-x`` style, like ``ls -l``."""
    return stat.filemode(mode)


@dataclass(frozen=True)
class TreeCount:
    """What a recursive operation will touch: for the confirmation and the progress."""

    files: int = 0
    folders: int = 0
    bytes: int = 0


Listener = Callable[[list[FileEntry]], None]


class FileSystem(Protocol):
    """One side's files. Every method blocks (on the disk or the network): call them from a
    worker thread, never the GUI thread.

    Errors are :class:`~sshdesk.core.errors.SshdeskError` subclasses
    (:class:`~sshdesk.core.errors.RemoteFileError` for a refused operation, naming the
    path, the reason and a hint).
    """

    @property
    def is_remote(self) -> bool: ...

    @property
    def label(self) -> str:
        """What to call this side in messages: "this computer" or the host."""
        ...

    def home(self) -> str:
        """The folder a pane opens first (the login folder for SFTP)."""
        ...

    def join(self, folder: str, name: str) -> str: ...

    def parent(self, path: str) -> str:
        """The containing folder; the root is its own parent."""
        ...

    def basename(self, path: str) -> str: ...

    def normalize(self, path: str) -> str:
        """The absolute, canonical form of ``path`` (``~`` expanded, ``..`` resolved)."""
        ...

    def list_folder(self, path: str, on_batch: Listener | None = None) -> list[FileEntry]:
        """Lists a folder (without ``.`` and ``..``). ``on_batch`` gets the entries as they
        arrive, on the calling thread, before the full list is returned."""
        ...

    def stat(self, path: str) -> FileEntry:
        """Describes ``path``, following a final symlink (``link_target`` set if it is one)."""
        ...

    def exists(self, path: str) -> bool: ...

    def make_folder(self, path: str) -> None: ...

    def make_file(self, path: str) -> None:
        """Creates an empty file; refuses when ``path`` exists."""
        ...

    def make_symlink(self, target: str, path: str) -> None:
        """Creates the link ``path`` pointing at ``target``."""
        ...

    def rename(self, old: str, new: str) -> None:
        """Renames; refuses when ``new`` exists."""
        ...

    def count_tree(self, path: str) -> TreeCount:
        """Counts what :meth:`delete` would remove (symlinks are not followed)."""
        ...

    def delete(self, path: str, on_progress: Callable[[int], None] | None = None) -> None:
        """Deletes a file, a link, or a folder with everything in it (links are removed,
        never followed). ``on_progress(items_deleted)`` is called as it goes."""
        ...

    def chmod(self, path: str, permissions: int, recursive: bool = False) -> None: ...

    def chown(self, path: str, owner: int | None, group: int | None,
              recursive: bool = False) -> None:
        """Sets the numeric owner and/or group (``None`` keeps it)."""
        ...
