"""This computer's files, in the :class:`~sshdesk.core.files.FileSystem` shape the panes use.

Names come from ``os.scandir`` as ``str`` decoded with ``surrogateescape`` (Python's file
system encoding), so a name that is not valid UTF-8 still round-trips to its bytes.
Recursive operations walk the tree through directory file descriptors opened with
``O_NOFOLLOW``, so a symlink met on the way (or one swapped in while walking) is never
followed: a delete removes the link, not what it points at. Unix only, like the rest of the
core (owners through :mod:`pwd` and :mod:`grp`).
"""

import errno
import grp
import os
import pwd
import shutil
import stat
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import NamedTuple

from sshdesk.core.errors import RemoteFileError
from sshdesk.core.files import FileEntry, Listener, TreeCount, file_error
from sshdesk.core.i18n import tr

#: Entries per ``on_batch`` call: a large folder shows up in steps, each quick to draw.
BATCH_SIZE = 500

_OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class _Item(NamedTuple):
    """One thing met walking a tree (see :func:`_walk`)."""

    folder_fd: int  # the open folder holding it: use with dir_fd= and ``name``
    name: str
    relative: str  # its path below the walk's root
    info: os.stat_result  # its own status (lstat)


class _Names:
    """User and group names by number, looked up once per number per listing."""

    def __init__(self) -> None:
        self._users: dict[int, str] = {}
        self._groups: dict[int, str] = {}

    def user(self, uid: int) -> str:
        if uid not in self._users:
            try:
                self._users[uid] = pwd.getpwuid(uid).pw_name
            except KeyError:  # no such user here: a file from another machine
                self._users[uid] = str(uid)
        return self._users[uid]

    def group(self, gid: int) -> str:
        if gid not in self._groups:
            try:
                self._groups[gid] = grp.getgrgid(gid).gr_name
            except KeyError:
                self._groups[gid] = str(gid)
        return self._groups[gid]


class LocalFileSystem:
    """The local disk. Every method blocks on it: call them from a worker thread.

    Stateless apart from caches, so one instance may serve several threads.
    """

    @property
    def is_remote(self) -> bool:
        return False

    @property
    def label(self) -> str:
        return tr("this computer")

    # -- paths --------------------------------------------------------------------------

    def home(self) -> str:
        return os.path.expanduser("~")

    def join(self, folder: str, name: str) -> str:
        return os.path.join(folder, name)

    def parent(self, path: str) -> str:
        return os.path.dirname(os.path.normpath(path))

    def basename(self, path: str) -> str:
        return os.path.basename(os.path.normpath(path)) or path

    def normalize(self, path: str) -> str:
        # Lexical, not realpath: a folder opened through a link keeps the link's path,
        # as in a shell, so "up" goes back where the user came from.
        return os.path.abspath(os.path.expanduser(path))

    # -- reading ------------------------------------------------------------------------

    def list_folder(self, path: str, on_batch: Listener | None = None) -> list[FileEntry]:
        """Lists ``path``; ``on_batch`` gets every :data:`BATCH_SIZE` entries as they are read.

        Raises:
            RemoteFileError: The folder is missing, not a folder or not readable.
        """
        names = _Names()
        entries: list[FileEntry] = []
        batch: list[FileEntry] = []
        with self._errors(tr("list folder"), path), os.scandir(path) as folder:
            for item in folder:
                batch.append(self._entry_of(item, names))
                if len(batch) >= BATCH_SIZE:
                    entries += self._send(batch, on_batch)
                    batch = []
        entries += self._send(batch, on_batch)
        return entries

    @staticmethod
    def _send(batch: list[FileEntry], on_batch: Listener | None) -> list[FileEntry]:
        if batch and on_batch is not None:
            on_batch(list(batch))  # a copy: the listener may keep it
        return batch

    def _entry_of(self, item: os.DirEntry[str], names: _Names) -> FileEntry:
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:
            # Gone since the folder was read, or in a folder we may read but not enter:
            # still worth a row, without details.
            return FileEntry(item.name, 0, 0, 0)
        return self._describe(item.name, item.path, info, names)

    @staticmethod
    def _describe(name: str, path: str, info: os.stat_result, names: _Names) -> FileEntry:
        link_target = None
        target_is_dir = False
        if stat.S_ISLNK(info.st_mode):
            try:
                link_target = os.readlink(path)
                target_is_dir = stat.S_ISDIR(os.stat(path).st_mode)
            except OSError:
                pass  # a dangling or looping link: shown, but it opens nothing
        return FileEntry(name, info.st_size, int(info.st_mtime), info.st_mode,
                         names.user(info.st_uid), names.group(info.st_gid),
                         info.st_uid, info.st_gid, link_target, target_is_dir)

    def stat(self, path: str) -> FileEntry:
        """Describes ``path``, following a final symlink (``link_target`` says where it
        points); a dangling link is described as the link."""
        name, names = self.basename(path), _Names()
        with self._errors(tr("read file information"), path):
            entry = self._describe(name, path, os.lstat(path), names)
            if not entry.is_link:
                return entry
            try:
                followed = os.stat(path)
            except OSError:
                return entry
            return replace(self._describe(name, path, followed, names),
                           link_target=entry.link_target,
                           target_is_dir=stat.S_ISDIR(followed.st_mode))

    def exists(self, path: str) -> bool:
        return os.path.lexists(path)  # a dangling link exists: a new file may not take its name

    # -- changing -----------------------------------------------------------------------

    def make_folder(self, path: str) -> None:
        with self._errors(tr("create folder"), path):
            os.mkdir(path)

    def make_file(self, path: str) -> None:
        with self._errors(tr("create file"), path):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))

    def make_symlink(self, target: str, path: str) -> None:
        with self._errors(tr("create link"), path):
            os.symlink(target, path)

    def copy_in(self, paths: list[str], folder: str) -> list[str]:
        """Copies files and folders (dropped from another program) into ``folder`` under
        their own names, keeping times and permissions, links as links. Never replaces:
        an existing name is refused. Returns the names copied.

        Raises:
            RemoteFileError: The first that could not be copied (those before it are).
        """
        copied = []
        for path in paths:
            name = os.path.basename(os.path.normpath(path))
            target = os.path.join(folder, name)
            with self._errors(tr("copy"), path):
                if os.path.samefile(os.path.dirname(os.path.normpath(path)) or ".", folder):
                    continue  # dropped where it already is
                if os.path.lexists(target):
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), target)
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.copytree(path, target, symlinks=True)
                else:
                    shutil.copy2(path, target, follow_symlinks=False)
            copied.append(name)
        return copied

    def rename(self, old: str, new: str) -> None:
        with self._errors(tr("rename"), old):
            # os.rename replaces an existing file silently; the stdlib has no
            # RENAME_NOREPLACE, so check first (a race with another program remains).
            if os.path.lexists(new):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), new)
            os.rename(old, new)

    def count_tree(self, path: str) -> TreeCount:
        with self._errors(tr("count files"), path):
            own = os.lstat(path)
            if not stat.S_ISDIR(own.st_mode):
                return TreeCount(files=1, bytes=own.st_size)
            files, folders, size = 0, 1, 0
            for item in _walk(path):
                if stat.S_ISDIR(item.info.st_mode):
                    folders += 1
                else:
                    files += 1
                    size += item.info.st_size
            return TreeCount(files, folders, size)

    def delete(self, path: str, on_progress: Callable[[int], None] | None = None) -> None:
        """Deletes a file, a link or a whole folder, children before their folder.

        Raises:
            RemoteFileError: Naming the first path that could not be deleted; what was
                deleted before it stays deleted.
        """
        deleted = 0

        def count() -> None:
            nonlocal deleted
            deleted += 1
            if on_progress is not None:
                on_progress(deleted)

        with self._errors(tr("delete"), path):
            if self._is_real_folder(path):
                for item in _walk(path, children_first=True):
                    with self._errors(tr("delete"), os.path.join(path, item.relative)):
                        if stat.S_ISDIR(item.info.st_mode):
                            os.rmdir(item.name, dir_fd=item.folder_fd)
                        else:
                            os.unlink(item.name, dir_fd=item.folder_fd)
                    count()
                os.rmdir(path)
            else:
                os.unlink(path)
            count()

    def chmod(self, path: str, permissions: int, recursive: bool = False) -> None:
        """Sets the permission bits of ``path`` (of a link: of what it points at, like
        chmod(1)); ``recursive`` sets the same bits on everything inside a folder except
        links, which have none of their own."""
        with self._errors(tr("change permissions"), path):
            if recursive and self._is_real_folder(path):
                # Children first: a folder made unreadable first could not be walked.
                for item in _walk(path, children_first=True):
                    if not stat.S_ISLNK(item.info.st_mode):
                        with self._errors(tr("change permissions"),
                                          os.path.join(path, item.relative)):
                            os.chmod(item.name, permissions, dir_fd=item.folder_fd)
            os.chmod(path, permissions)

    def chown(self, path: str, owner: int | None, group: int | None,
              recursive: bool = False) -> None:
        """Sets the numeric owner and/or group (``None`` keeps it); inside a folder, links
        are changed themselves, never what they point at."""
        uid = -1 if owner is None else owner
        gid = -1 if group is None else group
        with self._errors(tr("change owner"), path):
            if recursive and self._is_real_folder(path):
                for item in _walk(path):
                    with self._errors(tr("change owner"), os.path.join(path, item.relative)):
                        os.chown(item.name, uid, gid, dir_fd=item.folder_fd,
                                 follow_symlinks=False)
            os.chown(path, uid, gid)

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _is_real_folder(path: str) -> bool:
        """A folder, not a link to one. Raises OSError."""
        return stat.S_ISDIR(os.lstat(path).st_mode)

    @contextmanager
    def _errors(self, operation: str, path: str) -> Iterator[None]:
        """Turns an ``OSError`` into a :class:`RemoteFileError` naming ``path``."""
        try:
            yield
        except OSError as error:
            raise self._file_error(operation, path, error) from error

    def _file_error(self, operation: str, path: str, error: OSError) -> RemoteFileError:
        return file_error(self.label, operation, path, error.errno or 0,
                          error.strerror or str(error))


@dataclass
class _Frame:
    """A folder being walked: its open descriptor and what is left to read of it."""

    fd: int
    relative: str
    info: os.stat_result | None
    items: Generator[os.DirEntry[str]]


def _open_frame(name: str, parent_fd: int | None, relative: str,
                info: os.stat_result | None) -> _Frame:
    fd = os.open(name, _OPEN_FOLDER, dir_fd=parent_fd)
    return _Frame(fd, relative, info, _entries(fd))


def _entries(fd: int) -> Generator[os.DirEntry[str]]:
    with os.scandir(fd) as items:  # reads a duplicate of fd, closed with the iterator
        yield from items


def _walk(root: str, children_first: bool = False) -> Iterator[_Item]:
    """Everything below the folder ``root``, never following a link.

    Yields:
        Each item with the open folder holding it (valid until the next item) and its own
        status. With ``children_first`` a folder comes after everything in it (for
        deleting); otherwise before.

    Raises:
        OSError: A folder could not be opened or read.
    """
    # An explicit stack, not recursion: a very deep tree must not hit the recursion limit.
    stack = [_open_frame(root, None, "", None)]
    try:
        while stack:
            frame = stack[-1]
            item = next(frame.items, None)
            if item is None:
                stack.pop()
                os.close(frame.fd)
                if children_first and stack and frame.info is not None:
                    yield _Item(stack[-1].fd, os.path.basename(frame.relative),
                                frame.relative, frame.info)
                continue
            relative = os.path.join(frame.relative, item.name)
            info = item.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode):
                yield _Item(frame.fd, item.name, relative, info)
                continue
            if not children_first:
                yield _Item(frame.fd, item.name, relative, info)
            stack.append(_open_frame(item.name, frame.fd, relative, info))
    finally:
        for frame in stack:
            frame.items.close()
            os.close(frame.fd)
