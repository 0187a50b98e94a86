"""The remote side's files, over one :class:`~sshdesk.core.sftp_client.SftpChannel`, in the
:class:`~sshdesk.core.files.FileSystem` shape the panes use.

Names travel as bytes and are decoded with the session's encoding and ``surrogateescape``,
so a GBK server's names show right and every name, decodable or not, round-trips to the
bytes the server sent. Thread-safe (the channel is).
"""

import stat
from collections.abc import Callable
from functools import partial

from sshdesk.core import sftp_packets as wire
from sshdesk.core.errors import RemoteFileError
from sshdesk.core.files import FileEntry, Listener, RemotePaths, TreeCount
from sshdesk.core.files import file_error as describe_file_error
from sshdesk.core.i18n import tr
from sshdesk.core.sftp_client import SftpChannel, StatusError, Waiter
from sshdesk.core.sftp_packets import Attributes, NameEntry

_LINK_LOOKUP_DEPTH = 64  # readlink/stat requests in flight while describing links


def file_error(host: str, operation: str, path: str, error: StatusError | OSError
               ) -> RemoteFileError:
    """:func:`sshdesk.core.files.file_error` for an SFTP status or a local OSError."""
    text = error.text if isinstance(error, StatusError) else (error.strerror or str(error))
    return describe_file_error(host, operation, path, error.errno or 0, text)


def owner_and_group(entry: NameEntry) -> tuple[str, str]:
    """The owner and group names from the server's ``ls -l`` line, else the numbers."""
    fields = entry.longname.split(None, 8)
    attrs = entry.attributes
    if len(fields) >= 9 and fields[0][:1] in b"-dlcbps":
        return (fields[2].decode("utf-8", "replace"), fields[3].decode("utf-8", "replace"))
    return ("" if attrs.uid is None else str(attrs.uid),
            "" if attrs.gid is None else str(attrs.gid))


class RemoteFileSystem(RemotePaths):
    """Files on the server; see the module's docstring. Every method blocks."""

    def __init__(self, sftp: SftpChannel, host: str, encoding: str = "utf-8") -> None:
        self.sftp = sftp
        self._host = host
        self.encoding = encoding
        self._home: str | None = None

    # -- names ---------------------------------------------------------------------------

    def encode(self, path: str) -> bytes:
        return path.encode(self.encoding, "surrogateescape")

    def decode(self, raw: bytes) -> str:
        return raw.decode(self.encoding, "surrogateescape")

    @property
    def is_remote(self) -> bool:
        return True

    @property
    def label(self) -> str:
        return self._host

    def home(self) -> str:
        if self._home is None:
            self._home = self.decode(self._do(tr("find the home folder"), ".",
                                              lambda: self.sftp.realpath(b".")))
        return self._home

    # -- reading -------------------------------------------------------------------------

    def list_folder(self, path: str, on_batch: Listener | None = None) -> list[FileEntry]:
        operation = tr("list folder")

        def batch(names: list[NameEntry]) -> None:
            if on_batch is not None and (entries := self._entries(path, names)):
                on_batch(entries)

        names = self._do(operation, path, lambda: self.sftp.list_folder(self.encode(path),
                                                                        batch))
        # The batches saw links before their targets were looked up; the list has them.
        return self._entries(path, names)

    def _entries(self, folder: str, names: list[NameEntry]) -> list[FileEntry]:
        names = [n for n in names if n.filename not in (b".", b"..")]
        links = [n for n in names if stat.S_ISLNK(n.attributes.mode or 0)]
        targets = self._describe_links(folder, [n.filename for n in links]) if links else {}
        owners: dict[tuple[int | None, int | None], tuple[str, str]] = {}
        entries = []
        for name in names:
            target, is_dir = targets.get(name.filename, (None, False))
            entries.append(self._entry(self.decode(name.filename), name, target, is_dir,
                                       owners))
        return entries

    def _entry(self, name: str, raw: NameEntry, link_target: str | None,
               target_is_dir: bool,
               owners: dict[tuple[int | None, int | None], tuple[str, str]] | None = None
               ) -> FileEntry:
        attrs = raw.attributes
        # The names of an owner and group come from the first ls -l line that shows them
        # (a listing of 10,000 files has a handful of owners).
        ids = (attrs.uid, attrs.gid)
        known = owners.get(ids) if owners is not None else None
        if known is None:
            known = owner_and_group(raw)
            if owners is not None and raw.longname:
                owners[ids] = known
        return FileEntry(name, attrs.size or 0, attrs.mtime or 0, attrs.mode or 0, known[0],
                         known[1], -1 if attrs.uid is None else attrs.uid,
                         -1 if attrs.gid is None else attrs.gid, link_target, target_is_dir)

    def _describe_links(self, folder: str, names: list[bytes]
                        ) -> dict[bytes, tuple[str | None, bool]]:
        """Each link's target and whether it leads to a folder, with the requests for all
        links in flight together (a folder of 500 links costs a few round trips)."""
        found: dict[bytes, tuple[str | None, bool]] = {}
        base = self.encode(folder).rstrip(b"/") + b"/"
        for start in range(0, len(names), _LINK_LOOKUP_DEPTH):
            waiting = []
            for name in names[start:start + _LINK_LOOKUP_DEPTH]:
                readlink, stat_ = Waiter(), Waiter()
                self.sftp.send(wire.READLINK, wire.string(base + name), readlink)
                self.sftp.send(wire.STAT, wire.string(base + name), stat_)
                waiting.append((name, readlink, stat_))
            for name, readlink, stat_ in waiting:
                kind, body = readlink.wait()
                target = None
                if kind == wire.NAME:
                    link_names = wire.Reader(body).names()
                    target = self.decode(link_names[0].filename) if link_names else None
                kind, body = stat_.wait()
                is_dir = kind == wire.ATTRS and stat.S_ISDIR(
                    wire.Reader(body).attributes().mode or 0)
                found[name] = (target, is_dir)
        return found

    def stat(self, path: str) -> FileEntry:
        operation = tr("read file information")
        raw = self.encode(path)
        attrs = self._do(operation, path, lambda: self.sftp.lstat(raw))
        target = None
        target_is_dir = False
        if stat.S_ISLNK(attrs.mode or 0):
            target = self.decode(self._do(operation, path, lambda: self.sftp.readlink(raw)))
            try:
                target_attrs = self.sftp.stat(raw)
            except StatusError:  # a dangling link is still a link
                pass
            else:
                target_is_dir = stat.S_ISDIR(target_attrs.mode or 0)
                attrs = Attributes(target_attrs.size, attrs.uid, attrs.gid, attrs.mode,
                                   attrs.atime, attrs.mtime)
        entry = NameEntry(raw, b"", attrs)
        return self._entry(self.basename(path), entry, target, target_is_dir)

    def exists(self, path: str) -> bool:
        try:
            self.sftp.lstat(self.encode(path))
        except StatusError as error:
            if error.code == wire.NO_SUCH_FILE:
                return False
            raise file_error(self._host, tr("read file information"), path, error) from error
        return True

    # -- changing ------------------------------------------------------------------------

    def make_folder(self, path: str) -> None:
        self._refuse_existing(tr("create folder"), path)
        self._do(tr("create folder"), path, lambda: self.sftp.mkdir(self.encode(path)))

    def make_file(self, path: str) -> None:
        def create() -> None:
            handle = self.sftp.open_file(self.encode(path), wire.OPEN_WRITE
                                         | wire.OPEN_CREATE | wire.OPEN_EXCLUSIVE)
            self.sftp.close_handle(handle)
        self._refuse_existing(tr("create file"), path)
        self._do(tr("create file"), path, create)

    def make_symlink(self, target: str, path: str) -> None:
        self._refuse_existing(tr("create symlink"), path)
        self._do(tr("create symlink"), path,
                 lambda: self.sftp.symlink(self.encode(target), self.encode(path)))

    def rename(self, old: str, new: str) -> None:
        self._refuse_existing(tr("rename"), new)
        self._do(tr("rename"), old, lambda: self.sftp.rename(self.encode(old),
                                                            self.encode(new)))

    def _refuse_existing(self, operation: str, path: str) -> None:
        # SFTP v3 (and OpenSSH) answer "Failure" for an existing name: say it plainly.
        if self.exists(path):
            raise RemoteFileError(self._host, operation, path, tr("it already exists"),
                                  tr("Choose another name."))

    def count_tree(self, path: str) -> TreeCount:
        files = folders = size = 0
        for _path, attrs in self._walk(path, tr("count files")):
            if stat.S_ISDIR(attrs.mode or 0):
                folders += 1
            else:
                files += 1
                size += attrs.size or 0
        return TreeCount(files, folders, size)

    def _walk(self, path: str, operation: str,
              folders_last: bool = False) -> list[tuple[bytes, Attributes]]:
        """Every path under ``path`` (itself included) with its lstat attributes; links
        are listed, never followed. Folders come before their contents, or after them
        with ``folders_last`` (the order a delete needs)."""
        raw = self.encode(path)
        attrs = self._do(operation, path, lambda: self.sftp.lstat(raw))
        found: list[tuple[bytes, Attributes]] = [(raw, attrs)]
        # Level by level, each level's folders listed at once, as a transfer's scan does.
        level = [raw] if stat.S_ISDIR(attrs.mode or 0) else []
        while level:
            next_level = []
            for listing in self.sftp.list_folders(level):
                if isinstance(listing.error, StatusError):
                    raise file_error(self._host, operation, self.decode(listing.path),
                                     listing.error)
                if listing.error is not None:
                    raise listing.error
                for name in listing.names:
                    if name.filename in (b".", b".."):
                        continue
                    child = listing.path.rstrip(b"/") + b"/" + name.filename
                    found.append((child, name.attributes))
                    if stat.S_ISDIR(name.attributes.mode or 0):
                        next_level.append(child)
            level = next_level
        # Breadth-first, every folder comes before what is in it; reversed, after.
        return found[::-1] if folders_last else found

    def delete(self, path: str, on_progress: Callable[[int], None] | None = None) -> None:
        operation = tr("delete")
        for done, (raw, attrs) in enumerate(self._walk(path, operation, folders_last=True), 1):
            if stat.S_ISDIR(attrs.mode or 0):
                self._do(operation, self.decode(raw), partial(self.sftp.rmdir, raw))
            else:
                self._do(operation, self.decode(raw), partial(self.sftp.remove, raw))
            if on_progress is not None:
                on_progress(done)

    def chmod(self, path: str, permissions: int, recursive: bool = False) -> None:
        operation = tr("change permissions")
        targets = (self._walk(path, operation) if recursive
                   else [(self.encode(path), Attributes())])
        for raw, attrs in targets:
            if stat.S_ISLNK(attrs.mode or 0):
                continue  # setstat would change the link's target
            self._do(operation, self.decode(raw), partial(
                self.sftp.setstat, raw, Attributes(mode=permissions & 0o7777)))

    def chown(self, path: str, owner: int | None, group: int | None,
              recursive: bool = False) -> None:
        operation = tr("change owner")
        raw = self.encode(path)
        targets = (self._walk(path, operation) if recursive
                   else [(raw, self._do(operation, path, lambda: self.sftp.lstat(raw)))])
        for target, attrs in targets:
            if stat.S_ISLNK(attrs.mode or 0):
                continue
            uid = owner if owner is not None else attrs.uid
            gid = group if group is not None else attrs.gid
            self._do(operation, self.decode(target), partial(
                self.sftp.setstat, target, Attributes(uid=uid, gid=gid)))

    def close(self) -> None:
        self.sftp.close()

    def _do[T](self, operation: str, path: str, action: Callable[[], T]) -> T:
        try:
            return action()
        except StatusError as error:
            raise file_error(self._host, operation, path, error) from error
