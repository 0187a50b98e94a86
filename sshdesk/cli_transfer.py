"""``sshdesk get`` and ``sshdesk put``: copy files and folders over SFTP without the app.

They run on the app's transfer engine (:class:`sshdesk.core.transfers.TransferQueue`), so
a copy is made the same way: through ``name.part`` renamed when complete, several SFTP
channels at once, conflicts settled by one policy. :mod:`sshdesk.cli` parses the common
options, finds the target and logs in; :func:`run` does the rest.

As with ``cp`` and ``scp``, the destination is either an existing folder (each source is
copied into it under its own name), or, for a single source, the name of the copy. The
engine only copies into a folder under the source's name, so a copy with another name is
made in a new hidden folder next to the destination and moved into place when complete.
"""

import argparse
import contextlib
import os
import posixpath
import re
import secrets
import shutil
import stat
import sys
import tempfile
import textwrap
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from sshdesk.core.connection import Connection
from sshdesk.core.errors import RemoteFileError, SshdeskError
from sshdesk.core.files import display_name
from sshdesk.core.i18n import tr
from sshdesk.core.remotefs import RemoteFileSystem, file_error
from sshdesk.core.safenames import local_name
from sshdesk.core.sftp_client import StatusError
from sshdesk.core.transfer_state import (
    ConflictPolicy,
    ItemState,
    QueueSnapshot,
    SymlinkPolicy,
    TransferOptions,
)

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
REFRESH_SECONDS = 0.2  # the progress line, about 5 times a second
STAGING_PREFIX = ".sshdesk-"
_LINKS = {"follow": SymlinkPolicy.FOLLOW, "copy": SymlinkPolicy.COPY_LINK,
          "skip": SymlinkPolicy.SKIP}
_RATE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmg]?)(?:i?b)?(?:/s)?$",
                   re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


# --- the command line ---------------------------------------------------------------------


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
                add_connection_options: Callable[[argparse.ArgumentParser], None]
                ) -> None:
    """Adds ``get`` and ``put`` with the connection options ``exec`` and ``ls`` take."""
    where = tr(
        "TARGET:PATH names a remote file or folder. TARGET is a saved session (its path, "
        "name or id) or [user@]host; a port goes between host and path only, as "
        "host:2222:PATH or [::1]:2222:PATH (so host:2222 alone is the file 2222 in the "
        "home folder), or give it with -p PORT. An empty PATH is the home folder; a "
        "relative PATH, or one starting with ~/, starts from it.")
    statuses = tr(
        "Exit status: 0 when everything was copied; 1 when anything failed or was not "
        "copied (a summary on stderr names each source and each file that failed); 2 for "
        "a usage error; 130 after Ctrl-C, which cancels the copy and removes partial "
        "files; 255 when connecting or logging in failed. A progress line is shown on "
        "stderr when it is a terminal.")
    get = commands.add_parser(
        "get", help=tr("copy files and folders from a host"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_paragraphs(
            tr("Copy each remote TARGET:PATH into the local folder LOCAL; or, when there "
               "is one, to the path LOCAL if that is not a folder."), where, statuses),
        epilog=tr("examples:\n"
                  "  sshdesk get root@web1:/var/log/syslog .\n"
                  "  sshdesk get -r -p 2222 deploy@web1:releases/v2 ./backup\n"
                  "  sshdesk get 'Prod/web 1:/etc/nginx/nginx.conf' nginx.conf.prod"))
    add_connection_options(get)
    _add_transfer_options(get)
    get.add_argument("sources", metavar="TARGET:PATH", nargs="+",
                     help=tr("remote files or folders, all on one TARGET"))
    get.add_argument("local", metavar="LOCAL",
                     help=tr("an existing folder, or for one source the copy's path"))
    put = commands.add_parser(
        "put", help=tr("copy files and folders to a host"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_paragraphs(
            tr("Copy each LOCAL file or folder into the remote folder TARGET:PATH; or, "
               "when there is one, to that path if it is not a folder."), where, statuses),
        epilog=tr("examples:\n"
                  "  sshdesk put report.pdf root@web1:/srv/files/\n"
                  "  sshdesk put -r --jobs 8 --limit 5M ./site deploy@[::1]:2222:www\n"
                  "  sshdesk put app.conf 'Prod/web 1:/etc/app/app.conf'"))
    add_connection_options(put)
    _add_transfer_options(put)
    put.add_argument("sources", metavar="LOCAL", nargs="+",
                     help=tr("local files or folders"))
    put.add_argument("destination", metavar="TARGET:PATH",
                     help=tr("a remote folder, or for one source the copy's path"))


def _paragraphs(*texts: str) -> str:
    """Paragraphs wrapped for a help text that keeps its line breaks (the examples)."""
    return "\n\n".join(textwrap.fill(text, 79) for text in texts)


def _add_transfer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-r", "--recursive", action="store_true",
                        help=tr("copy folders with everything in them (without it, a "
                                "folder source fails)"))
    parser.add_argument("--jobs", type=_jobs, default=4, metavar="N",
                        help=tr("SFTP channels at work at once: several files, or pieces "
                                "of a big one, are copied together (default 4; OpenSSH "
                                "servers allow 10 channels a connection by default)"))
    conflicts = parser.add_mutually_exclusive_group()
    parser.set_defaults(conflict=ConflictPolicy.FAIL)
    for flag, policy, text in (
            ("--overwrite", ConflictPolicy.OVERWRITE, tr("replace targets that exist")),
            ("--skip-existing", ConflictPolicy.SKIP, tr("leave targets that exist alone")),
            ("--resume", ConflictPolicy.RESUME,
             tr("complete targets that are shorter than their source by appending the "
                "rest (a longer target is replaced)")),
            ("--newer", ConflictPolicy.NEWER,
             tr("replace a target that exists only when the source is newer"))):
        conflicts.add_argument(flag, dest="conflict", action="store_const", const=policy,
                               help=text)
    parser.add_argument("--no-preserve", action="store_true",
                        help=tr("do not give copies the source's modification time and "
                                "permissions"))
    parser.add_argument("--limit", type=parse_rate, default=0, metavar="RATE",
                        help=tr("at most RATE bytes per second in all (suffix K, M or G "
                                "for KiB/s, MiB/s, GiB/s: 500K, 10M)"))
    parser.add_argument("--links", choices=tuple(_LINKS), default="follow",
                        help=tr("symlinks inside folders: copy what they point at "
                                "(follow, the default), recreate the link (copy), or "
                                "leave them out (skip)"))


def parse_rate(text: str) -> int:
    """``10M``, ``500K``, ``1.5m``, ``2048`` (bytes) as bytes per second.

    Raises:
        argparse.ArgumentTypeError: Not a rate; argparse reports it as a usage error.
    """
    match = _RATE.match(text.strip())
    if match is None or float(match["number"]) <= 0:
        raise argparse.ArgumentTypeError(
            tr("'{text}' is not a rate such as 500K, 10M or 1G").format(text=text))
    return max(1, int(float(match["number"]) * _UNITS[match["unit"].lower()]))


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(
            tr("'{text}' is not a number from 1 to 64").format(text=text))
    return int(text)


def remote_locations(args: argparse.Namespace) -> list[str]:
    """The ``TARGET:PATH`` arguments of a ``get`` or ``put``."""
    return list(args.sources) if args.command == "get" else [args.destination]


def check_before_connecting(args: argparse.Namespace) -> str | None:
    """What is wrong with ``get``'s LOCAL, found before logging in; None when nothing."""
    if args.command != "get" or os.path.isdir(args.local):
        return None
    local = args.local
    if len(args.sources) > 1:
        return tr("{path}: not a folder (several sources are copied into a folder)").format(
            path=local)
    parent = os.path.dirname(local) or os.curdir
    if local.endswith(os.sep) or not os.path.isdir(parent):
        return tr("{path}: no such folder").format(
            path=local if local.endswith(os.sep) else parent)
    return None


def _options(args: argparse.Namespace) -> TransferOptions:
    keep = not args.no_preserve
    return TransferOptions(slots=args.jobs, conflict=args.conflict, symlinks=_LINKS[args.links],
                           keep_times=keep, keep_permissions=keep,
                           bandwidth_limit=args.limit)


# --- what to copy where -------------------------------------------------------------------


@dataclass
class _Plan:
    """What to queue, into which folder, what was refused before queueing, and the copy
    with another name to move into place afterwards.

    Attributes:
        sources: Paths for the queue (remote ones for ``get``).
        folder: The folder the queue copies them into.
        refused: ``(source, why)`` for sources not queued.
        stage: Set when the single source's copy takes another name.
    """

    sources: list[str] = field(default_factory=list)
    folder: str = ""
    refused: list[tuple[str, str]] = field(default_factory=list)
    stage: "_Stage | None" = None

    def shown(self, text: str) -> str:
        """``text`` with the hidden staging path replaced by the destination the user
        named, and made safe to print."""
        if self.stage is not None:
            text = text.replace(self.stage.staged, self.stage.final)
        return printable(text)


class _Stage(Protocol):
    staged: str  # where the engine writes the copy
    final: str  # where the user wants it

    def finish(self, done: bool) -> None:
        """Moves a complete copy into place (``done``), then removes the staging folder.

        Raises:
            SshdeskError: The copy could not be moved.
        """


def _admit(plan: _Plan, source: str, is_dir: bool, recursive: bool) -> None:
    """Queues ``source``, or refuses it as ``scp`` does: a folder needs ``-r``."""
    if is_dir and not recursive:
        plan.refused.append((source, tr("{path}: is a folder; copy folders with -r").format(
            path=source)))
    else:
        plan.sources.append(source)


def _plan_get(files: RemoteFileSystem, args: argparse.Namespace,
              remote_paths: list[str]) -> _Plan:
    """Checks the remote sources (one round trip each) and chooses the local folder.

    Raises:
        SshdeskError: The destination cannot be used; nothing is copied.
    """
    plan = _Plan()
    folders: dict[str, bool] = {}
    for path in remote_paths:
        try:
            source = files.normalize(path)
            folders[source] = files.stat(source).is_dir
        except SshdeskError as error:
            plan.refused.append((path or "~", error.describe()))
        else:
            _admit(plan, source, folders[source], args.recursive)
    local = args.local
    if os.path.isdir(local):
        plan.folder = local
    else:  # LOCAL names the copy of the only source
        plan.folder = os.path.dirname(local) or os.curdir
        if plan.sources:
            _get_as(plan, plan.sources[0], folders[plan.sources[0]], local)
    return plan


def _get_as(plan: _Plan, source: str, is_dir: bool, local: str) -> None:
    """Plans the download of ``source`` to the path ``local``, which is not a folder."""
    name = posixpath.basename(source.rstrip("/"))
    name = local_name(name) or name
    if name == os.path.basename(local):
        return  # the engine's own name: it settles any conflict itself
    if is_dir and os.path.lexists(local):
        plan.refused.append((source, tr("{path}: not a folder; a folder cannot replace "
                                        "it").format(path=local)))
        plan.sources.clear()
        return
    plan.stage = stage = _LocalStage(local, name)
    plan.folder = stage.folder


class _LocalStage:
    """A download under another name: into a new hidden folder next to the destination.

    An existing destination is hard-linked into that folder under the source's name, so
    the engine settles the conflict as for any target (a resume appends to the file in
    place; an overwrite makes a new file, moved over the destination afterwards).
    """

    def __init__(self, final: str, name: str) -> None:
        self.final = final
        parent = os.path.dirname(final) or os.curdir
        try:
            self.folder = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent)
        except OSError as error:
            raise file_error(tr("this computer"), tr("download"), final, error) from error
        self.staged = os.path.join(self.folder, name)
        if os.path.lexists(final):
            try:
                os.link(final, self.staged)
            except OSError as error:
                self.finish(False)
                raise RemoteFileError(
                    tr("this computer"), tr("download"), final, error.strerror or str(error),
                    tr("Give a folder as LOCAL, or the name the file has on the server.")
                ) from error

    def finish(self, done: bool) -> None:
        try:
            if done and os.path.lexists(self.staged) and not _same_file(self.staged,
                                                                        self.final):
                os.replace(self.staged, self.final)
        except OSError as error:
            raise file_error(tr("this computer"), tr("download"), self.final, error
                             ) from error
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _plan_put(files: RemoteFileSystem, args: argparse.Namespace, remote_path: str) -> _Plan:
    """Checks the local sources and chooses the remote folder (a round trip or three).

    Raises:
        SshdeskError: The destination cannot be used; nothing is copied.
    """
    plan = _Plan()
    for source in args.sources:
        try:
            is_dir = stat.S_ISDIR(os.stat(source).st_mode)
        except OSError as error:
            plan.refused.append((source, file_error(tr("this computer"), tr("upload"),
                                                    source, error).describe()))
        else:
            _admit(plan, source, is_dir, args.recursive)
    destination = files.normalize(remote_path)
    existing = _remote_entry(files, destination)
    if existing is not None and existing.is_dir:
        plan.folder = destination
        return plan
    if len(args.sources) > 1:
        raise RemoteFileError(files.label, tr("upload"), destination,
                              tr("not a folder"),
                              tr("Several sources are copied into an existing folder."))
    plan.folder = posixpath.dirname(destination) or "/"
    parent = _remote_entry(files, plan.folder)
    if remote_path.endswith("/") or parent is None or not parent.is_dir:
        where = destination if remote_path.endswith("/") else plan.folder
        raise RemoteFileError(files.label, tr("upload"), where, tr("no such folder"))
    if plan.sources:
        _put_as(plan, files, args, destination, existing)
    return plan


def _put_as(plan: _Plan, files: RemoteFileSystem, args: argparse.Namespace,
            destination: str, existing: "_Entry | None") -> None:
    """Plans the upload of the only source to ``destination``, which is not a folder."""
    source = plan.sources[0]
    name = os.path.basename(source.rstrip(os.sep)) or source
    if name == posixpath.basename(destination):
        return  # the engine's own name: it settles any conflict itself
    if existing is not None and not _replace_remote(plan, args, source, destination,
                                                    existing.mtime):
        plan.sources.clear()
        return
    plan.stage = stage = _RemoteStage(files, destination, name)
    plan.folder = stage.folder


def _remote_entry(files: RemoteFileSystem, path: str) -> "_Entry | None":
    try:
        entry = files.stat(path)
    except RemoteFileError:
        if files.exists(path):
            raise
        return None
    return _Entry(entry.is_dir, entry.mtime)


@dataclass(frozen=True)
class _Entry:
    is_dir: bool
    mtime: int


def _replace_remote(plan: _Plan, args: argparse.Namespace, source: str, destination: str,
                    target_mtime: int) -> bool:
    """Settles the conflict with a remote file of another name than the source's, as the
    engine would: True to copy over it. The engine cannot see that file (it copies under
    the source's name), and there are no hard links over SFTP to show it one."""
    policy = args.conflict
    if os.path.isdir(source):
        plan.refused.append((source, tr("{path}: not a folder; a folder cannot replace "
                                        "it").format(path=destination)))
        return False
    if policy is ConflictPolicy.FAIL:
        plan.refused.append((source, tr(
            "{path}: it already exists\nChoose to overwrite, skip or resume it "
            "(--overwrite, --skip-existing or --resume on the command line).").format(
                path=destination)))
        return False
    if policy is ConflictPolicy.RESUME:
        plan.refused.append((source, tr(
            "{path}: --resume continues a file of the source's name only; give the "
            "folder as the destination").format(path=destination)))
        return False
    if policy is ConflictPolicy.NEWER:
        return int(os.stat(source).st_mtime) > target_mtime
    return policy is ConflictPolicy.OVERWRITE


class _RemoteStage:
    """An upload under another name: into a new hidden folder next to the destination,
    renamed over it when complete."""

    def __init__(self, files: RemoteFileSystem, final: str, name: str) -> None:
        self._files = files
        self.final = final
        self.folder = posixpath.join(posixpath.dirname(final) or "/",
                                     STAGING_PREFIX + secrets.token_hex(4))
        files.make_folder(self.folder)
        self.staged = posixpath.join(self.folder, name)

    def use(self, files: RemoteFileSystem) -> None:
        """Works through ``files`` from now on (the one it had was closed)."""
        self._files = files

    def finish(self, done: bool) -> None:
        files = self._files
        try:
            if done and files.exists(self.staged):
                raw_staged, raw_final = files.encode(self.staged), files.encode(self.final)
                if files.sftp.has_posix_rename:
                    files.sftp.posix_rename(raw_staged, raw_final)
                else:
                    if files.exists(self.final):
                        files.delete(self.final)
                    files.sftp.rename(raw_staged, raw_final)
        except StatusError as error:
            raise file_error(files.label, tr("upload"), self.final, error) from error
        finally:
            # The copy is in place, or failed: a hidden folder left behind is minor.
            with contextlib.suppress(SshdeskError):
                files.delete(self.folder)


# --- running ------------------------------------------------------------------------------


def run(connection: Connection, args: argparse.Namespace, remote_paths: list[str]) -> int:
    """Copies what ``args`` name over ``connection``. Blocking; the main thread only
    (Ctrl-C arrives there).

    Returns:
        0 when every item was copied, 1 otherwise, 130 after Ctrl-C.
    """
    command = f"sshdesk {args.command}"
    plan: _Plan | None = None
    try:
        files = connection.open_sftp()
        plan = _plan_get(files, args, remote_paths) if args.command == "get" \
            else _plan_put(files, args, remote_paths[0])
        # Its channel is not needed while copying: each of --jobs slots opens one, and
        # servers limit channels per connection (OpenSSH: 10).
        files.close()
        snapshot = _copy(connection, args, plan)
        if plan.stage is not None:
            if isinstance(plan.stage, _RemoteStage):
                plan.stage.use(connection.open_sftp())
            items = snapshot.items
            plan.stage.finish(len(items) == 1 and items[0].state is ItemState.DONE)
    except KeyboardInterrupt:
        _abandon(connection, plan)
        print(tr("{command}: cancelled").format(command=command), file=sys.stderr)
        return EXIT_INTERRUPTED
    except SshdeskError as error:
        _abandon(connection, plan)
        print(f"{command}: {printable(error.describe())}", file=sys.stderr)
        return EXIT_FAILED
    return _report(command, plan, snapshot, args.conflict)


def _copy(connection: Connection, args: argparse.Namespace, plan: _Plan) -> QueueSnapshot:
    """Queues the plan's sources and waits for them, drawing progress on a terminal."""
    from sshdesk.core.transfers import TransferQueue  # not needed by exec and ls

    queue = TransferQueue(connection.open_sftp_channel, connection.host,
                          connection.profile.encoding, _options(args))
    progress = _Progress(sys.stderr, plan.shown) if sys.stderr.isatty() else None
    try:
        if plan.sources:
            if args.command == "get":
                queue.download(plan.sources, plan.folder)
            else:
                queue.upload(plan.sources, plan.folder)
        while not queue.wait(REFRESH_SECONDS):
            if progress is not None:
                progress.show(queue.snapshot())
        snapshot = queue.snapshot()
        if progress is not None and snapshot.items:
            progress.end(snapshot)
        return snapshot
    except BaseException:
        if progress is not None:
            progress.clear()
        raise
    finally:
        queue.close()  # on Ctrl-C: cancels, and removes what was partly written


def _abandon(connection: Connection, plan: _Plan | None) -> None:
    """Removes the staging folder of an interrupted or failed copy, as far as possible."""
    if plan is None or plan.stage is None:
        return
    try:
        if isinstance(plan.stage, _RemoteStage):
            plan.stage.use(connection.open_sftp())
        plan.stage.finish(False)
    except SshdeskError:
        pass  # reported already, or the connection is gone: the folder stays


def _report(command: str, plan: _Plan, snapshot: QueueSnapshot,
            policy: ConflictPolicy) -> int:
    """Prints what was not copied, on stderr; returns the exit status."""
    failed = [item for item in snapshot.items if item.state is not ItemState.DONE]
    total = len(snapshot.items) + len(plan.refused)
    if not failed and not plan.refused:
        return 0
    lines = [tr("{command}: {count} of {total} not copied:").format(
        command=command, count=len(failed) + len(plan.refused), total=total)]
    for source, why in plan.refused:
        lines.append(f"  {plan.shown(source)}")
        lines.extend(f"    {plan.shown(line)}" for line in why.splitlines())
    existing = False
    for item in failed:
        state = tr("cancelled") if item.state is ItemState.CANCELLED else ""
        lines.append(f"  {plan.shown(item.source)}" + (f" ({state})" if state else ""))
        lines.extend(f"    {plan.shown(line)}" for line in item.error.splitlines())
        if item.is_folder:
            lines.extend(f"    - {plan.shown(name)}" for name in item.failed_files)
            existing = existing or any(tr("it already exists") in name
                                       for name in item.failed_files)
    if existing and policy is ConflictPolicy.FAIL:
        lines.append(tr("Files that exist were left alone: choose --overwrite, "
                        "--skip-existing, --resume or --newer."))
    print("\n".join(lines), file=sys.stderr)
    return EXIT_FAILED


# --- the progress line --------------------------------------------------------------------


def printable(text: str) -> str:
    """``text`` safe for a terminal: undecodable bytes as U+FFFD, control characters
    (a hostile file name's escape sequences) as ``?``; newlines stay."""
    return "".join("?" if unicodedata.category(char) == "Cc" and char != "\n" else char
                   for char in display_name(text))


def cells(text: str) -> int:
    """Terminal columns ``text`` takes: two for wide (CJK) characters, none for combining."""
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def fit(text: str, width: int, keep_end: bool = False) -> str:
    """``text`` cut to ``width`` columns with ``…`` where it was cut; ``keep_end`` keeps
    the end (a path's file name) rather than the start."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    kept: list[str] = []
    room = width - 1
    for char in (reversed(text) if keep_end else text):
        room -= cells(char)
        if room < 0:
            break
        kept.append(char)
    return "…" + "".join(reversed(kept)) if keep_end else "".join(kept) + "…"


def size_text(size: float) -> str:
    """Bytes in binary units: ``512 B``, ``1.5 KiB``, ``12.0 MiB``."""
    if size < 1024:
        return f"{int(size)} B"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        size /= 1024
        if size < 1024 or unit == "TiB":
            break
    return f"{size:.1f} {unit}"


def duration_text(seconds: float | None) -> str:
    """``m:ss`` or ``h:mm:ss``; ``--:--`` when unknown."""
    if seconds is None:
        return "--:--"
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else \
        f"{rest // 60}:{rest % 60:02d}"


def progress_line(snapshot: QueueSnapshot, width: int,
                  shown: Callable[[str], str] = printable, elapsed: float | None = None
                  ) -> str:
    """One line, at most ``width`` columns, over every item (finished ones too): percent,
    bytes, rate, time left, files, and the file being copied. With ``elapsed`` (the
    last line), the average rate and the time taken instead of the rate and time left."""
    items = snapshot.items
    total = sum(item.bytes_total for item in items)
    done = sum(item.bytes_done for item in items)
    if not total:
        percent = 100 if items and all(item.state.finished for item in items) else 0
    else:
        percent = min(100, 100 * done // total)
    if elapsed is None:
        rate = snapshot.rate
        left = (total - done) / rate if rate > 0 and total > done else None
        timing = tr("ETA {time}").format(time=duration_text(left))
    else:
        rate = done / elapsed if elapsed > 0 else 0.0
        timing = tr("in {time}").format(time=duration_text(elapsed))
    head = tr("{percent:>3}%  {done} / {total}  {rate}/s  {time}  {files_done}/"
              "{files_total} files").format(
        percent=percent, done=size_text(done), total=size_text(total),
        rate=size_text(rate), time=timing,
        files_done=sum(item.files_done for item in items),
        files_total=sum(item.files_total for item in items))
    current = next((item.current or item.source for item in items
                    if item.state is ItemState.RUNNING), "")
    room = width - cells(head) - 2
    if current and room >= 8:
        head += "  " + fit(shown(current), room, keep_end=True)
    return fit(head, width)


class _Progress:
    """The progress line on a terminal, redrawn in place."""

    def __init__(self, stream: TextIO, shown: Callable[[str], str]) -> None:
        self._stream = stream
        self._shown = shown
        self._started = time.monotonic()

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self._stream.fileno()).columns
        except (OSError, ValueError):
            columns = 0
        return (columns or 80) - 1  # the last column would wrap on some terminals

    def show(self, snapshot: QueueSnapshot, last: bool = False) -> None:
        elapsed = time.monotonic() - self._started if last else None
        line = progress_line(snapshot, self._width(), self._shown, elapsed)
        self._stream.write(f"\r{line}\x1b[K" + ("\n" if last else ""))
        self._stream.flush()

    def end(self, snapshot: QueueSnapshot) -> None:
        self.show(snapshot, last=True)

    def clear(self) -> None:
        self._stream.write("\r\x1b[K")
        self._stream.flush()
