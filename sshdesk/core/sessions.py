"""The saved-session store: one JSON file of sessions and folders, shared by all sshdesk
processes.

Secrets never reach the file: every profile loses its password and passphrase on the way
in, and the keyring keeps them under the session's id. The file is replaced atomically, so
a crash leaves either the old file or the new one. Several processes may save at once:
:meth:`SessionStore.save` takes a lock, re-reads the file, replays this store's own changes
onto what it finds there, and writes the result, so edits made elsewhere in the meantime
survive. A file that cannot be read is moved aside, never overwritten.

A :class:`SessionStore` belongs to one thread (the GUI thread or the CLI's) and has no
lock of its own. Its file I/O is local and short, so that thread may call it directly.
"""

import contextlib
import difflib
import logging
import os
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sshdesk.core import atomicfile, paths
from sshdesk.core.errors import SshdeskError
from sshdesk.core.i18n import tr
from sshdesk.core.session_format import (
    VERSION,
    AddFolder,
    Change,
    Content,
    Document,
    EditSession,
    FormatError,
    PutSession,
    RemoveFolder,
    RemoveSession,
    RenameFolder,
    SavedSession,
    SessionOrigin,
    changed_fields,
    check_folder,
    dump,
    is_under,
    parse,
    without_secrets,
)

__all__ = [
    "AmbiguousSessionError",
    "SavedSession",
    "SessionNotFoundError",
    "SessionOrigin",
    "SessionStore",
    "SessionStoreError",
    "StoreImportReport",
]

log = logging.getLogger(__name__)

if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        # Retries for about ten seconds, then raises OSError.
        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)

    def _unlock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


# --- errors ----------------------------------------------------------------------------


class SessionStoreError(SshdeskError):
    """The sessions file (or an export) could not be read or written.

    Attributes:
        path: The file concerned.
    """

    def __init__(self, path: str, operation: str, reason: str, hint: str) -> None:
        self.path = path
        super().__init__(
            tr("sessions"), operation,
            tr("{path}: {reason}").format(path=path, reason=reason), hint,
        )


class SessionNotFoundError(SshdeskError):
    """No saved session has the given path, name or id."""

    def __init__(self, reference: str, suggestions: tuple[str, ...] = ()) -> None:
        self.reference = reference
        hint = tr("Run 'sshdesk sessions list' to see the saved sessions.")
        if suggestions:
            hint = tr("Did you mean: {paths}?").format(paths=", ".join(suggestions)) + " " + hint
        super().__init__(
            tr("sessions"), tr("find session"),
            tr("no saved session is called '{reference}'").format(reference=reference), hint,
        )


class AmbiguousSessionError(SshdeskError):
    """Several saved sessions answer to the given name.

    Attributes:
        candidates: How each matching session can be named unambiguously.
    """

    def __init__(self, reference: str, candidates: tuple[str, ...]) -> None:
        self.reference = reference
        self.candidates = candidates
        super().__init__(
            tr("sessions"), tr("find session"),
            tr("'{reference}' matches several saved sessions: {paths}").format(
                reference=reference, paths=", ".join(candidates)),
            tr("Name the session by its full path (Folder/Sub/name) or by its id; "
               "'sshdesk sessions list' shows both."),
        )


@dataclass(frozen=True)
class StoreImportReport:
    """What :meth:`SessionStore.import_file` did.

    Attributes:
        added: Names of the sessions that were new.
        updated: Names of stored sessions the import changed.
        skipped: Records of the file that could not be read (they were left out).
    """

    added: list[str]
    updated: list[str]
    skipped: int = 0


# --- the store -------------------------------------------------------------------------


class SessionStore:
    """The saved sessions and folders, as held in one JSON file.

    Changes stay in memory until :meth:`save`. Use from one thread only.

    Attributes:
        path: The sessions file.
        recovered_from: After :meth:`load` or :meth:`save`: where a file that could not
            be read (wholly or in part) was set aside, else None.
        read_only_reason: Why :meth:`save` refuses to write (the file comes from a newer
            sshdesk), else None.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.sessions_file()
        self.recovered_from: Path | None = None
        self.read_only_reason: str | None = None
        self._content = Content()
        self._changes: list[Change] = []
        self._synced_identity: _Identity | None = None  # the file as last read or written
        self._kept_aside: bytes | None = None  # content last copied aside, not to copy twice

    # --- reading ---

    def load(self) -> None:
        """Reads the file, dropping unsaved changes. A missing file is an empty store.

        A file that is not a sessions file is moved aside (see :attr:`recovered_from`)
        and the store starts empty; sessions that cannot be read are left out after the
        file is copied aside. Neither is ever overwritten.

        Raises:
            SessionStoreError: The file exists but cannot be read (permissions).
        """
        self.recovered_from = None
        self.read_only_reason = None
        raw, identity = self._read_file()
        document = _try_parse(raw)
        if raw is not None and (document is None or document.skipped):
            # Setting aside must not race another process replacing the file.
            with self._locked(tr("load sessions")):
                document = self._salvage(self._read_file()[0])
        if document is not None and document.version > VERSION:
            self.read_only_reason = _newer_reason(document.version)
            log.warning("%s is from a newer sshdesk (version %d); not saving it",
                        self.path, document.version)
        self._content = Content.of(document) if document is not None else Content()
        self._changes.clear()
        clean = document is not None and not document.skipped and self.recovered_from is None
        self._synced_identity = identity if clean else None

    def sessions(self) -> list[SavedSession]:
        """Every session, in the file's order (new ones last)."""
        return list(self._content.sessions.values())

    def folders(self) -> list[tuple[str, ...]]:
        """Every folder, sorted: explicit (maybe empty) ones and those holding sessions,
        with all their parents."""
        every: set[tuple[str, ...]] = set()
        content = self._content
        for folder in [*content.folders, *(s.folder for s in content.sessions.values())]:
            every.update(folder[:depth] for depth in range(1, len(folder) + 1))
        return sorted(every)

    def get(self, session_id: str) -> SavedSession | None:
        """The session with this id, or None."""
        return self._content.sessions.get(session_id)

    def find(self, reference: str) -> SavedSession:
        """The session named by ``reference``: its path ("Prod/DB/web1"), else its name if
        only one session has it, else its id. Case-sensitive.

        Raises:
            SessionNotFoundError: Nothing matches.
            AmbiguousSessionError: Several sessions match the path or the name.
        """
        sessions = self._content.sessions.values()
        for matches in ([s for s in sessions if s.path == reference],
                        [s for s in sessions if s.name == reference]):
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise AmbiguousSessionError(reference, _unambiguous_names(matches))
        by_id = self._content.sessions.get(reference)
        if by_id is not None:
            return by_id
        close = difflib.get_close_matches(reference, [s.path for s in sessions], n=3)
        raise SessionNotFoundError(reference, tuple(close))

    # --- changing ---

    def add(self, session: SavedSession) -> SavedSession:
        """Adds a session, giving it a new id when it has none; its secrets are dropped.

        Returns:
            The session as stored.

        Raises:
            ValueError: The name is empty or the id is taken.
        """
        if not session.name:
            raise ValueError("a session needs a name")
        if session.id in self._content.sessions:
            raise ValueError(f"a session with the id {session.id} is stored already")
        stored = replace(session, id=session.id or uuid.uuid4().hex,
                         profile=without_secrets(session.profile))
        self._record(PutSession(stored))
        return stored

    def update(self, session: SavedSession) -> None:
        """Replaces the stored session of the same id; its secrets are dropped.

        Raises:
            SessionNotFoundError: No session has that id.
            ValueError: The name is empty.
        """
        current = self._require(session.id)
        if not session.name:
            raise ValueError("a session needs a name")
        new = replace(session, profile=without_secrets(session.profile))
        changes = changed_fields(current, new)
        if changes:
            self._record(EditSession(session.id, changes, fallback=new))

    def remove(self, session_id: str) -> None:
        """Forgets a session (the caller forgets its secret).

        Raises:
            SessionNotFoundError: No session has that id.
        """
        self._require(session_id)
        self._record(RemoveSession(session_id))

    def move(self, session_id: str, folder: tuple[str, ...]) -> None:
        """Puts a session into ``folder`` (``()`` is the root).

        Raises:
            SessionNotFoundError: No session has that id.
            ValueError: A folder name is empty or contains ``/``.
        """
        check_folder(folder)
        if self._require(session_id).folder != folder:
            self._record(EditSession(session_id, (("folder", tuple(folder)),)))

    def touch(self, session_id: str, when: float | None = None) -> None:
        """Records that the session was used ``when`` (epoch seconds; default now).

        Raises:
            SessionNotFoundError: No session has that id.
        """
        self._require(session_id)
        last_used = time.time() if when is None else when
        self._record(EditSession(session_id, (("last_used", last_used),)))

    def add_folder(self, folder: tuple[str, ...]) -> None:
        """Creates a folder (with its parents), which stays even while empty.

        Raises:
            ValueError: ``folder`` is the root, or a name is empty or contains ``/``.
        """
        _check_real_folder(folder)
        if tuple(folder) not in self._content.folders:
            self._record(AddFolder(tuple(folder)))

    def rename_folder(self, folder: tuple[str, ...], new_name: str) -> None:
        """Renames a folder's last name; its sub-folders and sessions move along. If a
        sibling already has ``new_name``, the two folders merge.

        Raises:
            ValueError: No such folder, or ``new_name`` is empty or contains ``/``.
        """
        _check_real_folder(folder)
        check_folder((new_name,))
        if tuple(folder) not in self.folders():
            raise ValueError(f"no folder {'/'.join(folder)!r}")
        if new_name != folder[-1]:
            self._record(RenameFolder(tuple(folder), new_name))

    def remove_folder(self, folder: tuple[str, ...]) -> list[SavedSession]:
        """Removes a folder, its sub-folders and every session in them.

        Returns:
            The removed sessions, whose secrets the caller should forget.

        Raises:
            ValueError: ``folder`` is the root, or a name is empty or contains ``/``.
        """
        _check_real_folder(folder)
        folder = tuple(folder)
        removed = [s for s in self._content.sessions.values() if is_under(s.folder, folder)]
        self._record(RemoveFolder(folder, tuple(s.id for s in removed)))
        return removed

    def _record(self, change: Change) -> None:
        change.apply(self._content)
        self._changes.append(change)

    def _require(self, session_id: str) -> SavedSession:
        session = self._content.sessions.get(session_id)
        if session is None:
            raise SessionNotFoundError(session_id)
        return session

    # --- writing ---

    def save(self) -> None:
        """Writes the changes made since the last load or save, merged with whatever
        other processes saved meanwhile; the store then holds the merged result.

        Blocking: waits for another process's save to finish (milliseconds).

        Raises:
            SessionStoreError: The file cannot be written, or comes from a newer sshdesk.
        """
        if not self._changes:
            return
        if self.read_only_reason is not None:
            raise self._read_only_error()
        operation = tr("save sessions")
        with self._locked(operation):
            merged = self._merged_with_file()
            try:
                _write_atomically(self.path, dump(sorted(merged.folders),
                                                  list(merged.sessions.values())))
            except OSError as error:
                raise _write_error(self.path, operation, error) from error
            self._synced_identity = self._on_disk()
        self._content = merged
        self._changes.clear()

    def _merged_with_file(self) -> Content:
        """This store's changes replayed onto the file's content. The lock is held."""
        if self._unchanged_since_sync():
            return self._content.copy()  # nobody saved since: no need to read and parse
        document = self._salvage(self._read_file()[0])
        if document is None:
            # Nothing usable on disk (or it was just set aside): what this store holds is
            # the best there is.
            return self._content.copy()
        if document.version > VERSION:
            self.read_only_reason = _newer_reason(document.version)
            raise self._read_only_error()
        state = Content.of(document)
        for change in self._changes:
            change.apply(state)
        return state

    def export(self, path: Path, session_ids: Iterable[str] | None = None) -> int:
        """Writes sessions (all, or those of ``session_ids``) to a file for
        :meth:`import_file`, without secrets. Exporting everything keeps empty folders.

        Returns:
            How many sessions were written.

        Raises:
            SessionNotFoundError: An id is not stored.
            SessionStoreError: The file cannot be written.
        """
        if session_ids is None:
            chosen, folders = self.sessions(), sorted(self._content.folders)
        else:
            chosen, folders = [self._require(i) for i in dict.fromkeys(session_ids)], []
        try:
            _write_atomically(path, dump(folders, chosen))
        except OSError as error:
            raise _write_error(path, tr("export sessions"), error) from error
        return len(chosen)

    def import_file(self, path: Path) -> StoreImportReport:
        """Takes the sessions and folders of an exported file into the store (unsaved).

        A session whose id is stored replaces it; the others are added with their ids.

        Raises:
            SessionStoreError: The file cannot be read or is not a sessions file.
        """
        operation = tr("import sessions")
        try:
            document = parse(path.read_bytes())
        except OSError as error:
            raise _read_error(str(path), operation, error) from error
        except FormatError as error:
            raise SessionStoreError(
                str(path), operation, tr("not a sessions file ({detail})").format(detail=error),
                tr("Choose a file written by sshdesk's session export."),
            ) from error
        for folder in document.folders:
            if folder not in self._content.folders:
                self._record(AddFolder(folder))
        added, updated = [], []
        for session in document.sessions:
            current = self._content.sessions.get(session.id)
            if current is None:
                self._record(PutSession(replace(session, profile=without_secrets(session.profile))))
                added.append(session.name)
            elif changes := changed_fields(current, session):
                self._record(EditSession(session.id, changes, fallback=session))
                updated.append(session.name)
        for line in document.skipped:
            log.warning("import from %s: left out %s", path, line)
        return StoreImportReport(added, updated, len(document.skipped))

    # --- the file ---

    def _read_file(self) -> tuple[bytes | None, "_Identity | None"]:
        """The file's bytes (None if missing) and which version of the file they are."""
        try:
            with open(self.path, "rb") as file:
                # The identity of the very file read: every writer replaces it whole, so
                # a new inode (or time, or size) means someone saved since.
                return file.read(), _identity(os.fstat(file.fileno()))
        except FileNotFoundError:
            return None, None
        except OSError as error:
            raise _read_error(str(self.path), tr("load sessions"), error) from error

    def _on_disk(self) -> "_Identity | None":
        try:
            return _identity(os.stat(self.path))
        except OSError:
            return None

    def _unchanged_since_sync(self) -> bool:
        """Whether the file is still the one this store last read or wrote, so what this
        store holds is already the merged result. The lock is held."""
        return self._synced_identity is not None and self._on_disk() == self._synced_identity

    def _salvage(self, raw: bytes | None) -> Document | None:
        """Parses the file, setting aside what cannot be read. The lock is held.

        Returns:
            What could be read; None when the file is missing or was moved aside whole.
        """
        if raw is None:
            return None
        try:
            document = parse(raw)
        except FormatError as error:
            self.recovered_from = self._set_aside(raw, move=True)
            log.warning("%s is not a sessions file (%s); moved to %s, starting empty",
                        self.path, error, self.recovered_from)
            return None
        if document.skipped and document.version <= VERSION and raw != self._kept_aside:
            # The next save would drop these records from the file: keep a copy first.
            self.recovered_from = self._set_aside(raw, move=False)
            self._kept_aside = raw
            for line in document.skipped:
                log.warning("%s: left out %s (the file is kept as %s)",
                            self.path, line, self.recovered_from)
        return document

    def _set_aside(self, raw: bytes, move: bool) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            if move:
                os.replace(self.path, aside)
            else:
                _write_atomically(aside, raw)
        except OSError as error:
            # Starting over a file that cannot be set aside would lose it at the next save.
            raise SessionStoreError(
                str(self.path), tr("load sessions"),
                tr("the file cannot be read and cannot be set aside: {reason}").format(
                    reason=error.strerror or error),
                tr("Move the file away yourself, or make its folder writable."),
            ) from error
        return aside

    @contextlib.contextmanager
    def _locked(self, operation: str) -> Iterator[None]:
        """Holds the exclusive lock on ``<file>.lock`` that every sshdesk process takes
        before it rewrites or sets aside the file. The lock file itself is never removed:
        deleting it would let two processes lock two different files."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise _write_error(lock_path, operation, error) from error
        try:
            try:
                _lock(descriptor)
            except OSError as error:
                raise _write_error(lock_path, operation, error) from error
            try:
                yield
            finally:
                _unlock(descriptor)
        finally:
            os.close(descriptor)

    def _read_only_error(self) -> SessionStoreError:
        return SessionStoreError(
            str(self.path), tr("save sessions"), self.read_only_reason or "",
            tr("Update sshdesk to change saved sessions; this version will not overwrite "
               "the file."),
        )


def _check_real_folder(folder: tuple[str, ...]) -> None:
    if not folder:
        raise ValueError("the root is not a folder that can be changed")
    check_folder(folder)


def _unambiguous_names(matches: list[SavedSession]) -> tuple[str, ...]:
    paths = [s.path for s in matches]
    if len(set(paths)) == len(paths):
        return tuple(paths)
    return tuple(f"{s.path} [{s.id}]" for s in matches)


def _try_parse(raw: bytes | None) -> Document | None:
    if raw is None:
        return None
    try:
        return parse(raw)
    except FormatError:
        return None


def _newer_reason(version: int) -> str:
    return tr("the file was written by a newer sshdesk (format version {found}; this "
              "version knows up to {known})").format(found=version, known=VERSION)


def _read_error(path: str, operation: str, error: OSError) -> SessionStoreError:
    return SessionStoreError(
        path, operation, tr("cannot read the file: {reason}").format(
            reason=error.strerror or error),
        tr("Check the file's permissions; sshdesk needs to read it."),
    )


def _write_error(path: Path, operation: str, error: OSError) -> SessionStoreError:
    return SessionStoreError(
        str(path), operation, tr("cannot write the file: {reason}").format(
            reason=error.strerror or error),
        tr("Check that the folder exists and is writable and that the disk is not full."),
    )


type _Identity = tuple[int, int, int]


def _identity(info: os.stat_result) -> _Identity:
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _write_atomically(path: Path, content: str | bytes) -> None:
    """Replaces ``path`` with ``content``, atomically; the file is private (mode 0600).

    Raises:
        OSError: The file could not be written; the old one is untouched.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    atomicfile.replace_file(path, data, mode=0o600)
