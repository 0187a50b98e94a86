"""Saved sessions as values, and their JSON shape on disk.

A sessions file is ``{"format": "sshdesk-sessions", "version": 1, "folders": [...],
"sessions": [...]}``. Reading is lenient where it can be without losing meaning: omitted
fields take their defaults and unknown keys are ignored, so a file written by a later
sshdesk of the same version still loads. Older versions are brought up to date by the
:data:`MIGRATIONS` table, one step per version. Secrets (password, passphrase) are never
part of the shape: :func:`profile_to_dict` has no place for them.

It also defines the changes a store records (:data:`Change`), which are replayed onto the
file's content when saving. Everything here is pure values, no I/O:
:mod:`sshdesk.core.sessions` owns the file.
"""

import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sshdesk.core.profile import DEFAULT_PORT, SessionProfile

FORMAT = "sshdesk-sessions"
VERSION = 1

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# Ids given to records of files from before ids existed: derived from the record, so every
# process that reads the same old file gives its sessions the same ids.
_LEGACY_IDS = uuid.UUID("9b4d7a52-5f0e-4c1e-8a43-1d2f6c0e7b31")


class FormatError(ValueError):
    """A document or one of its records does not have the shape of a sessions file."""


@dataclass(frozen=True)
class SessionOrigin:
    """Where an imported session came from.

    Attributes:
        file: Absolute path of the ssh_config file the session was imported from.
        host: The ``Host`` alias in that file.
    """

    file: str
    host: str


@dataclass(frozen=True)
class SavedSession:
    """One saved session: a connection profile and how the user files and labels it.

    Attributes:
        name: What the user calls it; no ``/`` (paths are joined with it).
        profile: How to connect; password and passphrase are always None once stored.
        id: uuid4 hex, stable for the session's life and its key in the keyring;
            ``""`` until the store has taken it.
        folder: Folder path from the root, e.g. ``("Prod", "DB")``.
        tags: Free labels.
        note: Free text.
        color: ``""`` or ``"#rrggbb"``.
        last_used: When it was last connected to, in epoch seconds.
        startup_command: Sent to the shell after login.
        initial_remote_folder: Where the file pane starts.
        save_password: The user chose to keep its secret in the keyring.
        origin: The ssh_config entry it was imported from, if any.

    Raises:
        ValueError: The name or a folder name contains ``/`` or a folder name is empty,
            or the color is not ``#rrggbb``.
    """

    name: str
    profile: SessionProfile
    id: str = ""
    folder: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    color: str = ""
    last_used: float | None = None
    startup_command: str = ""
    initial_remote_folder: str = ""
    save_password: bool = False
    origin: SessionOrigin | None = None

    def __post_init__(self) -> None:
        if "/" in self.name:
            raise ValueError(f"a session name cannot contain '/': {self.name!r}")
        check_folder(self.folder)
        if self.color and not _COLOR.fullmatch(self.color):
            raise ValueError(f"a color is '#rrggbb', not {self.color!r}")

    @property
    def path(self) -> str:
        """Folder names and the name joined by ``/``, e.g. ``"Prod/DB/web1"``."""
        return "/".join((*self.folder, self.name))


def check_folder(folder: Sequence[str]) -> None:
    """Raises ValueError unless every name in ``folder`` is non-empty and has no ``/``."""
    for name in folder:
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(f"not a usable folder name: {name!r}")


def without_secrets(profile: SessionProfile) -> SessionProfile:
    """The profile with no password or passphrase, its jump hosts' included."""
    return replace(
        profile,
        password=None,
        passphrase=None,
        jump_hosts=tuple(without_secrets(hop) for hop in profile.jump_hosts),
    )


@dataclass
class Document:
    """The readable content of a sessions file, brought up to the current version.

    Attributes:
        version: The version the file declared (0 for a file from before versions).
        folders: Explicit folders, empty ones included.
        sessions: The sessions that could be read, each with a distinct id.
        skipped: One line per session record that could not be read and was left out.
    """

    version: int
    folders: list[tuple[str, ...]] = field(default_factory=list)
    sessions: list[SavedSession] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# --- whole documents -------------------------------------------------------------------


def parse(raw: bytes) -> Document:
    """Decodes the bytes of a sessions file.

    Raises:
        FormatError: The bytes are not UTF-8 JSON of a sessions file's overall shape.
    """
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # a BOM is what Notepad leaves
    except (ValueError, RecursionError) as error:  # JSON and Unicode errors are ValueErrors
        raise FormatError(str(error)) from error
    return decode_document(data)


def dump(folders: Sequence[tuple[str, ...]], sessions: Sequence[SavedSession]) -> str:
    """The text of a sessions file holding ``folders`` and ``sessions``."""
    # One session per line: readable and diff-friendly, and written by json's C encoder
    # (``indent`` would switch to its pure-Python one, 3-4x slower on a large store).
    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = [f'{{"format": {line(FORMAT)}, "version": {VERSION},\n',
             f' "folders": {line([list(folder) for folder in folders])},\n',
             ' "sessions": [']
    parts.append(",".join(f"\n  {line(session_to_dict(session))}" for session in sessions))
    parts.append("\n ]}\n" if sessions else "]}\n")
    return "".join(parts)


def decode_document(data: Any) -> Document:
    """Reads a parsed sessions document of any known or newer version.

    Records that cannot be read (wrong types, a duplicate id) are left out and described
    in :attr:`Document.skipped`; the caller decides how to keep them.

    Raises:
        FormatError: The document's overall shape is wrong.
    """
    version = _version_of(data)
    for step in range(version, VERSION):
        data = MIGRATIONS[step](data)
    document = Document(version=version)
    document.folders = _folders(data.get("folders", []), document.skipped)
    records = data.get("sessions", [])
    if not isinstance(records, list):
        raise FormatError("'sessions' is not a list")
    seen: set[str] = set()
    for index, record in enumerate(records):
        try:
            session = session_from_dict(record, index)
            if session.id in seen:
                raise FormatError(f"the id {session.id} is used twice")
        except ValueError as error:  # FormatError, or a value SavedSession refuses
            document.skipped.append(f"session {index + 1}: {error}")
            continue
        seen.add(session.id)
        document.sessions.append(session)
    return document


def _version_of(data: Any) -> int:
    if isinstance(data, list):
        return 0
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormatError(f"not a sessions file (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(f"the version {version!r} is not a positive whole number")
    return version


def _folders(data: Any, skipped: list[str]) -> list[tuple[str, ...]]:
    if not isinstance(data, list):
        raise FormatError("'folders' is not a list")
    folders = []
    for item in data:
        try:
            folder = _names(item, "folder")
            check_folder(folder)
        except ValueError as error:
            skipped.append(f"folder {item!r}: {error}")
            continue
        if folder:
            folders.append(folder)
    return folders


# --- migrations ------------------------------------------------------------------------


def _v0_to_v1(data: Any) -> Any:
    """Version 0 was a bare list of sessions without ids: wrap it and give them ids."""
    sessions = []
    for index, record in enumerate(data):
        if isinstance(record, dict) and not record.get("id"):
            record = {**record, "id": _legacy_id(index, record)}
        sessions.append(record)
    return {"format": FORMAT, "version": 1, "folders": [], "sessions": sessions}


#: ``MIGRATIONS[n]`` turns a parsed version-n document into a version n+1 one.
MIGRATIONS: dict[int, Callable[[Any], Any]] = {0: _v0_to_v1}
assert sorted(MIGRATIONS) == list(range(VERSION)), "every version needs its migration"


def _legacy_id(index: int, record: Mapping[str, Any]) -> str:
    text = json.dumps(record, sort_keys=True, default=str)
    return uuid.uuid5(_LEGACY_IDS, f"{index}\n{text}").hex


# --- sessions --------------------------------------------------------------------------


def session_to_dict(session: SavedSession) -> dict[str, Any]:
    """The JSON object of one session (never with a secret)."""
    origin = session.origin
    return {
        "id": session.id,
        "name": session.name,
        "folder": list(session.folder),
        "tags": list(session.tags),
        "note": session.note,
        "color": session.color,
        "last_used": session.last_used,
        "startup_command": session.startup_command,
        "initial_remote_folder": session.initial_remote_folder,
        "save_password": session.save_password,
        "origin": None if origin is None else {"file": origin.file, "host": origin.host},
        "profile": profile_to_dict(session.profile),
    }


def session_from_dict(record: Any, index: int = 0) -> SavedSession:
    """Reads one session object; a missing id is derived from the record and ``index``.

    Raises:
        FormatError: A field has the wrong type or a required one is missing.
        ValueError: A field has a value :class:`SavedSession` refuses.
    """
    if not isinstance(record, dict):
        raise FormatError("a session is not a JSON object")
    if not record.get("name"):
        raise FormatError("the session has no name")
    return SavedSession(
        name=_required(record, "name", str),
        profile=profile_from_dict(_required(record, "profile", dict)),
        id=_get(record, "id", str, "") or _legacy_id(index, record),
        folder=_names(record.get("folder", []), "folder"),
        tags=_names(record.get("tags", []), "tags"),
        note=_get(record, "note", str, ""),
        color=_get(record, "color", str, ""),
        last_used=_optional(record, "last_used", float),
        startup_command=_get(record, "startup_command", str, ""),
        initial_remote_folder=_get(record, "initial_remote_folder", str, ""),
        save_password=_get(record, "save_password", bool, False),
        origin=_origin(record.get("origin")),
    )


def _origin(data: Any) -> SessionOrigin | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise FormatError("'origin' is not a JSON object")
    return SessionOrigin(file=_required(data, "file", str), host=_required(data, "host", str))


# --- profiles --------------------------------------------------------------------------


def profile_to_dict(profile: SessionProfile) -> dict[str, Any]:
    """The JSON object of a profile: every field but the password and the passphrase."""
    return {
        "host": profile.host,
        "port": profile.port,
        "username": profile.username,
        "key_files": list(profile.key_files),
        "allow_agent": profile.allow_agent,
        "look_for_keys": profile.look_for_keys,
        "compress": profile.compress,
        "timeout": profile.timeout,
        "banner_timeout": profile.banner_timeout,
        "auth_timeout": profile.auth_timeout,
        "disabled_algorithms": {kind: list(names) for kind, names in
                                profile.disabled_algorithms},
        "keepalive_interval": profile.keepalive_interval,
        "keepalive_count_max": profile.keepalive_count_max,
        "jump_hosts": [profile_to_dict(hop) for hop in profile.jump_hosts],
        "terminal_type": profile.terminal_type,
        "encoding": profile.encoding,
    }


_DEFAULT = SessionProfile(host="")


def profile_from_dict(record: dict[str, Any]) -> SessionProfile:
    """Reads a profile object; omitted fields take :class:`SessionProfile`'s defaults.

    Raises:
        FormatError: A field has the wrong type, ``host`` is missing or the port is out
            of range.
    """
    port = _get(record, "port", int, DEFAULT_PORT)
    if not 1 <= port <= 65535:
        raise FormatError(f"the port {port} is not between 1 and 65535")
    hops = _get(record, "jump_hosts", list, [])
    return SessionProfile(
        host=_required(record, "host", str),
        port=port,
        username=_get(record, "username", str, ""),
        key_files=_names(record.get("key_files", []), "key_files"),
        allow_agent=_get(record, "allow_agent", bool, _DEFAULT.allow_agent),
        look_for_keys=_get(record, "look_for_keys", bool, _DEFAULT.look_for_keys),
        compress=_get(record, "compress", bool, _DEFAULT.compress),
        timeout=_get(record, "timeout", float, _DEFAULT.timeout),
        banner_timeout=_optional(record, "banner_timeout", float),
        auth_timeout=_get(record, "auth_timeout", float, _DEFAULT.auth_timeout),
        disabled_algorithms=_algorithms(record.get("disabled_algorithms", {})),
        keepalive_interval=_get(record, "keepalive_interval", float,
                                _DEFAULT.keepalive_interval),
        keepalive_count_max=_get(record, "keepalive_count_max", int,
                                 _DEFAULT.keepalive_count_max),
        jump_hosts=tuple(profile_from_dict(_checked(hop, dict, "jump_hosts")) for hop in hops),
        terminal_type=_get(record, "terminal_type", str, _DEFAULT.terminal_type),
        encoding=_get(record, "encoding", str, _DEFAULT.encoding),
    )


def _algorithms(data: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(data, dict):
        raise FormatError("'disabled_algorithms' is not a JSON object")
    return tuple((kind, _names(names, "disabled_algorithms")) for kind, names in data.items())


# --- typed access to JSON values -------------------------------------------------------


def _checked[T](value: object, kind: type[T], key: str) -> T:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)  # JSON writes 10.0 back as 10 in some hands
    # bool is an int to Python, but `true` is no port number.
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    raise FormatError(f"'{key}' should be {kind.__name__}, not {type(value).__name__}")


def _get[T](record: Mapping[str, Any], key: str, kind: type[T], default: T) -> T:
    return _checked(record[key], kind, key) if key in record else default


def _required[T](record: Mapping[str, Any], key: str, kind: type[T]) -> T:
    if key not in record:
        raise FormatError(f"'{key}' is missing")
    return _checked(record[key], kind, key)


def _optional[T](record: Mapping[str, Any], key: str, kind: type[T]) -> T | None:
    value = record.get(key)
    return None if value is None else _checked(value, kind, key)


def _names(data: Any, key: str) -> tuple[str, ...]:
    return tuple(_checked(item, str, key) for item in _checked(data, list, key))


# --- changes, replayed onto a file's content when saving -------------------------------


@dataclass
class Content:
    """Folders and sessions, as a store holds them and changes apply to them.

    Attributes:
        folders: Explicit folders (each parent of a session's folder exists implicitly).
        sessions: Sessions by id, in the file's order.
    """

    folders: set[tuple[str, ...]] = field(default_factory=set)
    sessions: dict[str, SavedSession] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> "Content":
        return cls(set(document.folders), {s.id: s for s in document.sessions})

    def copy(self) -> "Content":
        return Content(set(self.folders), dict(self.sessions))


@dataclass(frozen=True)
class PutSession:
    """A whole session added (or imported): it replaces any session with its id."""

    session: SavedSession

    def apply(self, content: Content) -> None:
        content.sessions[self.session.id] = self.session


@dataclass(frozen=True)
class EditSession:
    """Some fields of one session changed. Only those are replayed, so another process's
    edit of other fields of the same session survives."""

    session_id: str
    changes: tuple[tuple[str, Any], ...]
    # An update re-adds a session another process removed meanwhile (the user's edit is
    # newer than that removal); a move or a touch does not bring a session back.
    fallback: SavedSession | None = None

    def apply(self, content: Content) -> None:
        current = content.sessions.get(self.session_id)
        if current is not None:
            content.sessions[self.session_id] = replace(current, **dict(self.changes))
        elif self.fallback is not None:
            content.sessions[self.session_id] = self.fallback


@dataclass(frozen=True)
class RemoveSession:
    session_id: str

    def apply(self, content: Content) -> None:
        content.sessions.pop(self.session_id, None)


@dataclass(frozen=True)
class AddFolder:
    folder: tuple[str, ...]

    def apply(self, content: Content) -> None:
        content.folders.add(self.folder)


@dataclass(frozen=True)
class RenameFolder:
    """Renames the folder's last name; whatever is under it (here, or on replay put there
    by another process) moves along. An existing folder of the new name merges."""

    folder: tuple[str, ...]
    new_name: str

    def apply(self, content: Content) -> None:
        content.folders = {self._moved(f) for f in content.folders}
        for session in list(content.sessions.values()):
            if is_under(session.folder, self.folder):
                content.sessions[session.id] = replace(session,
                                                       folder=self._moved(session.folder))

    def _moved(self, folder: tuple[str, ...]) -> tuple[str, ...]:
        if not is_under(folder, self.folder):
            return folder
        return (*self.folder[:-1], self.new_name, *folder[len(self.folder):])


@dataclass(frozen=True)
class RemoveFolder:
    """Drops the folder and its sub-folders, and the sessions that were in them when the
    user removed it. A session another process put there since stays (keeping the folder
    alive): its secret was not forgotten, so it must not vanish."""

    folder: tuple[str, ...]
    session_ids: tuple[str, ...]

    def apply(self, content: Content) -> None:
        content.folders = {f for f in content.folders if not is_under(f, self.folder)}
        for session_id in self.session_ids:
            content.sessions.pop(session_id, None)


Change = PutSession | EditSession | RemoveSession | AddFolder | RenameFolder | RemoveFolder


def is_under(folder: tuple[str, ...], ancestor: tuple[str, ...]) -> bool:
    """Whether ``folder`` is ``ancestor`` or inside it."""
    return folder[:len(ancestor)] == ancestor


def changed_fields(old: SavedSession, new: SavedSession) -> tuple[tuple[str, Any], ...]:
    """The fields (but the id) whose value differs, with their values in ``new``."""
    return tuple((f.name, getattr(new, f.name)) for f in fields(SavedSession)
                 if f.name != "id" and getattr(old, f.name) != getattr(new, f.name))
