"""The transfer engine: one queue per session, copying files and folders both ways.

How it is fast (measured against OpenSSH's ``sftp`` in ``benchmarks/transfer.py``):
- our own read and write loops on :class:`~sshdesk.core.sftp_client.SftpChannel`, with
  requests as large as the server takes (``limits@openssh.com``) and many in flight; a
  download's data goes from the reply buffer to the file with ``pwrite``, so memory stays
  flat whatever the size;
- worker slots, each with its own SFTP channel; a big file is split into pieces that run
  on different slots at once, and small files are copied many at a time (each thread of
  the pool has one in flight, with its requests pipelined).

How it is safe:
- a download writes ``name.part`` next to the target and renames it over the target only
  when complete and of the right size; an upload does the same on the server (with
  ``posix-rename@openssh.com`` when offered). Cancel removes the ``.part``; a failure or a
  pause truncates it to the bytes known written, and the next attempt resumes from there.
- every remote name goes through :func:`sshdesk.core.safenames.local_name`, and every
  local path is checked to stay inside the chosen folder before anything is written.

Threads: ``slots * _THREADS_PER_SLOT`` workers take units (a folder scan, a file, a piece
of a big file) from the queue in order. State lives in ``_Item`` objects under one lock;
:meth:`TransferQueue.snapshot` copies it out as plain records.
"""

import contextlib
import errno
import logging
import os
import posixpath
import queue
import stat
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sshdesk.core import sftp_packets as wire
from sshdesk.core import transfer_batch
from sshdesk.core.errors import ConnectionLostError, RemoteFileError, SshdeskError
from sshdesk.core.i18n import tr
from sshdesk.core.remotefs import file_error
from sshdesk.core.safenames import is_inside, local_name
from sshdesk.core.sftp_client import LOST, SftpChannel, StatusError, status_of
from sshdesk.core.sftp_packets import Attributes, NameEntry
from sshdesk.core.transfer_batch import PART_SUFFIX
from sshdesk.core.transfer_state import (
    Conflict,
    ConflictPolicy,
    Direction,
    ItemSnapshot,
    ItemState,
    QueueSnapshot,
    SymlinkPolicy,
    TransferOptions,
)

log = logging.getLogger(__name__)

_THREADS_PER_SLOT = 4
_DEPTH = 16  # requests in flight per file or piece
_SPLIT_MIN = 32 * 1024 * 1024  # a file is split into pieces of at least this
_RATE_WINDOW = 3.0  # seconds of history behind a rate
_SMALL_FILE = 255 * 1024  # copied in batches (one request each way) up to this size
_BATCH_FILES = 250

ChannelSource = Callable[[], SftpChannel]


class _Stop(Exception):
    """A file's copy stopped for a pause or a cancel (not an error)."""


@dataclass
class _Plan:
    """One thing to copy: a file, a symlink (copied as a link), or a folder to create."""

    source: str
    target: str
    size: int = 0
    mtime: int = 0
    mode: int = 0o644
    kind: str = "file"  # "file", "link", "folder"
    link_target: str = ""
    single: bool = False  # takes the one-file path (a batch handed it back)


@dataclass
class _Item:
    item_id: int
    direction: Direction
    source: str
    target: str
    is_folder: bool
    state: ItemState = ItemState.PENDING
    plans: deque[_Plan] = field(default_factory=deque)
    scanned: bool = False
    active: int = 0  # files (or pieces) being copied now
    bytes_total: int = 0
    bytes_done: int = 0
    files_total: int = 0
    files_done: int = 0
    current: str = ""
    error: str = ""
    failed: list[str] = field(default_factory=list)
    conflict: Conflict | None = None
    answer: tuple[ConflictPolicy, bool] | None = None
    stop: str = ""  # "pause" or "cancel" while stopping
    retrying: bool = False  # identical targets are files an earlier attempt copied
    folders: list[_Plan] = field(default_factory=list)  # to settle when the files are in
    samples: deque[tuple[float, int]] = field(default_factory=deque)

    def rate(self, now: float) -> float:
        self.samples.append((now, self.bytes_done))
        while len(self.samples) > 2 and now - self.samples[0][0] > _RATE_WINDOW:
            self.samples.popleft()
        first_time, first_bytes = self.samples[0]
        return (self.bytes_done - first_bytes) / (now - first_time) \
            if now - first_time > 0.2 else 0.0


@dataclass(frozen=True)
class _Unit:
    """A worker's next task: scan ``item`` (no plan, no job), copy ``plan``, or run one
    piece of a ``job`` already started."""

    item: _Item
    plan: _Plan | None = None
    job: "_FileJob | None" = None
    piece: int = 0
    batch: tuple[_Plan, ...] = ()


class _Bandwidth:
    """A token bucket shared by every slot: at most ``limit`` bytes per second."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.limit = 0
        self._allowance = 0.0
        self._last = time.monotonic()

    def take(self, size: int, stopping: Callable[[], bool]) -> None:
        while True:
            with self._lock:
                if not self.limit:
                    return
                now = time.monotonic()
                self._allowance = min(self.limit, self._allowance
                                      + (now - self._last) * self.limit)
                self._last = now
                if self._allowance >= min(size, self.limit):
                    self._allowance -= size
                    return
                wait = (min(size, self.limit) - self._allowance) / self.limit
            if stopping():
                return
            time.sleep(min(wait, 0.1))


class _FileJob:
    """One file being copied, possibly as several pieces on several slots at once."""

    def __init__(self, item: _Item, plan: _Plan, part: str, offset: int,
                 pieces: list[tuple[int, int]]) -> None:
        self.item = item
        self.plan = plan
        self.part = part  # where the bytes go: the .part, or the target itself
        self.offset = offset  # bytes already there (resumed)
        self.pieces = pieces
        self.reached = {start: start for start, _end in pieces}  # per piece: written up to
        self.left = len(pieces)
        self.counted = offset  # what this job added to the item's bytes_done
        self.first_slot = 0  # piece i runs on slot first_slot + i
        self.error: BaseException | None = None
        self.local_fd = -1
        self.lock = threading.Lock()

    def written_prefix(self) -> int:
        """How far the file is known written without gaps."""
        for start, end in self.pieces:
            if self.reached[start] < end:
                return self.reached[start]
        return self.pieces[-1][1] if self.pieces else self.offset


class TransferQueue:
    """A session's transfers; implements :class:`~sshdesk.core.transfer_state.Transfers`.

    ``channels`` opens a new SFTP channel (one per slot, opened when first needed).
    Thread-safe; every method returns at once except :meth:`close` and :meth:`wait`.
    """

    def __init__(self, channels: ChannelSource, host: str, encoding: str = "utf-8",
                 options: TransferOptions | None = None) -> None:
        self._open_channel = channels
        self._host = host
        self._encoding = encoding
        self._options = options or TransferOptions()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._items: list[_Item] = []
        self._next_id = 1
        self._pieces: deque[tuple[_FileJob, int]] = deque()  # (job, piece index)
        self._channels: list[SftpChannel | None] = []
        self._channel_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._bandwidth = _Bandwidth()
        self._bandwidth.limit = self._options.bandwidth_limit
        self._asking = threading.Lock()  # one question at a time

    # -- the Transfers protocol ----------------------------------------------------------

    def download(self, remote_paths: list[str], local_folder: str) -> list[int]:
        return self._add(Direction.DOWNLOAD, remote_paths, local_folder)

    def upload(self, local_paths: list[str], remote_folder: str) -> list[int]:
        return self._add(Direction.UPLOAD, local_paths, remote_folder)

    def _add(self, direction: Direction, sources: list[str], folder: str) -> list[int]:
        ids = []
        with self._lock:
            for source in sources:
                item = _Item(self._next_id, direction, source, "", is_folder=False)
                if direction is Direction.DOWNLOAD:
                    name = posixpath.basename(source.rstrip("/")) or source
                    item.target = str(Path(folder) / (local_name(name) or name))
                else:
                    name = os.path.basename(source.rstrip(os.sep)) or source
                    item.target = posixpath.join(folder, name)
                self._next_id += 1
                self._items.append(item)
                ids.append(item.item_id)
            self._start_threads()
            self._wake.notify_all()
        return ids

    def snapshot(self) -> QueueSnapshot:
        now = time.monotonic()
        with self._lock:
            items = tuple(self._snapshot_of(item, now) for item in self._items)
        live = [item for item in items if not item.state.finished]
        total = sum(item.bytes_total for item in live)
        done = sum(item.bytes_done for item in live)
        rate = sum(item.rate for item in live)
        eta = (total - done) / rate if rate > 0 and total >= done else None
        return QueueSnapshot(items, total, done, rate, eta, len(live))

    def _snapshot_of(self, item: _Item, now: float) -> ItemSnapshot:
        rate = item.rate(now) if item.state is ItemState.RUNNING else 0.0
        left = item.bytes_total - item.bytes_done
        return ItemSnapshot(
            item.item_id, item.direction, item.source, item.target, item.is_folder,
            item.state, item.bytes_total, item.bytes_done, item.files_total, item.files_done,
            rate, left / rate if rate > 0 and left >= 0 else None, item.current, item.error,
            tuple(item.failed), item.conflict)

    def pause(self, item_ids: list[int] | None = None) -> None:
        self._stop(item_ids, "pause", ItemState.PAUSED)

    def cancel(self, item_ids: list[int] | None = None) -> None:
        self._stop(item_ids, "cancel", ItemState.CANCELLED)

    def _stop(self, item_ids: list[int] | None, how: str, state: ItemState) -> None:
        with self._lock:
            for item in self._selected(item_ids):
                if item.state.finished or (how == "pause" and item.state is ItemState.PAUSED):
                    continue
                item.stop = how
                if item.answer is None and item.conflict is not None:
                    item.answer = (ConflictPolicy.SKIP, False)  # frees the asking thread
                if how == "cancel":
                    item.plans.clear()
                item.state = state
                self._finish_if_idle(item)
            self._wake.notify_all()

    def resume(self, item_ids: list[int] | None = None) -> None:
        with self._lock:
            for item in self._selected(item_ids):
                if item.state is ItemState.PAUSED:
                    item.stop = ""
                    item.state = ItemState.RUNNING if item.scanned else ItemState.PENDING
            self._wake.notify_all()

    def retry(self, item_ids: list[int] | None = None) -> None:
        with self._lock:
            for item in self._selected(item_ids):
                if item.state in (ItemState.FAILED, ItemState.CANCELLED) and not item.active:
                    item.stop = ""
                    item.error = ""
                    item.failed.clear()
                    item.samples.clear()
                    # What was not copied is scanned again; done files are skipped as
                    # identical (same size and time) or resumed from their .part.
                    item.plans.clear()
                    item.scanned = False
                    item.bytes_done = item.files_done = 0
                    item.retrying = True
                    item.state = ItemState.PENDING
            self._start_threads()
            self._wake.notify_all()

    def clear_finished(self) -> None:
        with self._lock:
            self._items = [item for item in self._items if not item.state.finished]

    def answer_conflict(self, item_id: int, choice: ConflictPolicy,
                        apply_to_all: bool = False) -> None:
        with self._lock:
            for item in self._selected([item_id]):
                if item.conflict is not None:
                    item.answer = (choice, apply_to_all)
            self._wake.notify_all()

    def set_options(self, options: TransferOptions) -> None:
        with self._lock:
            self._options = options
            self._bandwidth.limit = options.bandwidth_limit
            if self._threads:  # more slots now; an idle queue starts its threads with work
                self._start_threads()

    @property
    def options(self) -> TransferOptions:
        return self._options

    def set_channel_source(self, channels: ChannelSource) -> None:
        """Takes channels from elsewhere from now on (the session reconnected)."""
        with self._channel_lock:
            self._open_channel = channels
            old, self._channels = self._channels, []
        for channel in old:
            if channel is not None:
                channel.close()

    def wait(self, timeout: float | None = None) -> bool:
        """Blocks until no item is pending, running or waiting; True if so in time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while any(not item.state.finished and item.state is not ItemState.PAUSED
                      for item in self._items):
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._wake.wait(0.2 if left is None else min(left, 0.2))
        return True

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._closed = True
            self._wake.notify_all()
            threads = list(self._threads)
        for thread in threads:
            thread.join(5.0)
        with self._channel_lock:
            channels, self._channels = self._channels, []
        for channel in channels:
            if channel is not None:
                channel.close()

    def _selected(self, item_ids: list[int] | None) -> list[_Item]:
        return [item for item in self._items if item_ids is None or item.item_id in item_ids]

    # -- workers -------------------------------------------------------------------------

    def _start_threads(self) -> None:
        wanted = max(1, self._options.slots) * _THREADS_PER_SLOT
        while len(self._threads) < wanted:
            index = len(self._threads)
            thread = threading.Thread(target=self._work, args=(index,),
                                      name=f"transfer-{index}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _channel(self, index: int) -> SftpChannel:
        slot = index % max(1, self._options.slots)
        with self._channel_lock:
            while len(self._channels) <= slot:
                self._channels.append(None)
            channel = self._channels[slot]
            if channel is None or not channel.alive:
                channel = self._channels[slot] = self._open_channel()
            return channel

    def _work(self, index: int) -> None:
        while True:
            with self._lock:
                unit = self._next_unit()
                while unit is None:
                    if self._closed:
                        return
                    self._wake.wait()
                    unit = self._next_unit()
            item = unit.item
            try:
                if unit.job is not None:
                    # Each piece on its own slot, whichever worker runs it.
                    self._run_piece(unit.job.first_slot + unit.piece, unit.job, unit.piece)
                elif unit.batch:
                    self._run_batch(index, item, list(unit.batch))
                elif unit.plan is not None:
                    self._copy(index, item, unit.plan)
                else:
                    self._scan(index, item)
            except Exception:  # a bug: the item fails, the worker lives on
                log.exception("transfer of %s failed", item.source)
                with self._lock:
                    item.error = tr("internal error (see the log)")
                    item.state = ItemState.FAILED
                    item.active = 0

    def _next_unit(self) -> "_Unit | None":
        """Under the lock: the next thing to do, in queue order; pieces of a file already
        started come first."""
        if self._closed:
            return None
        if self._pieces:
            job, piece = self._pieces.popleft()
            return _Unit(job.item, job=job, piece=piece)
        for item in self._items:
            if item.state is ItemState.PENDING and not item.scanned:
                item.state = ItemState.SCANNING
                item.active += 1
                return _Unit(item)
            if item.state in (ItemState.RUNNING, ItemState.WAITING) and item.plans:
                item.active += 1
                batch: list[_Plan] = []
                while (item.plans and len(batch) < _BATCH_FILES and _is_small(item.plans[0])):
                    batch.append(item.plans.popleft())
                if batch:
                    return _Unit(item, batch=tuple(batch))
                return _Unit(item, plan=item.plans.popleft())
        return None

    def _unit_done(self, item: _Item) -> None:
        with self._lock:
            item.active -= 1
            settle = (not item.active and not item.plans and item.scanned and item.folders
                      and item.state in (ItemState.RUNNING, ItemState.WAITING))
            if not settle:
                self._finish_if_idle(item)
                self._wake.notify_all()
                return
            folders, item.folders = item.folders, []
            item.active += 1  # the item stays open until its folders are settled
        self._settle_folders(item, folders)
        self._unit_done(item)

    def _settle_folders(self, item: _Item, folders: list[_Plan]) -> None:
        """Gives folders their source's permissions and times once everything is in them
        (a read-only folder could not have taken its files; a file landing in a folder
        changes its time). Deepest first, so a parent's time is set last."""
        options = self._options
        if not (options.keep_permissions or options.keep_times):
            return
        for plan in reversed(folders):
            mode = stat.S_IMODE(plan.mode) if options.keep_permissions else None
            mtime = plan.mtime if options.keep_times and plan.mtime else None
            try:
                if item.direction is Direction.DOWNLOAD:
                    if mode is not None:
                        os.chmod(plan.target, mode & 0o777)
                    if mtime is not None:
                        os.utime(plan.target, (mtime, mtime))
                else:
                    self._channel(0).setstat(self.encode(plan.target),
                                             Attributes(mode=mode, mtime=mtime))
            except (OSError, StatusError, SshdeskError) as error:
                log.info("could not set the attributes of %s: %s", plan.target, error)

    def _finish_if_idle(self, item: _Item) -> None:
        """Under the lock: an item with nothing left to do or running gets its end state."""
        if item.active or (item.plans and item.state is not ItemState.CANCELLED):
            return
        if item.state is ItemState.CANCELLED or item.stop == "cancel":
            item.state = ItemState.CANCELLED
        elif item.state is ItemState.PAUSED or item.stop == "pause":
            item.state = ItemState.PAUSED
        elif item.scanned and item.state in (ItemState.RUNNING, ItemState.WAITING):
            if item.failed and not item.error:
                item.error = tr("{count} of {total} files failed: {first}").format(
                    count=len(item.failed), total=item.files_total, first=item.failed[0])
            item.state = ItemState.FAILED if item.failed or item.error else ItemState.DONE
            item.current = ""

    def _fail_item(self, item: _Item, error: SshdeskError) -> None:
        with self._lock:
            item.error = error.describe()
            if item.state not in (ItemState.PAUSED, ItemState.CANCELLED):
                item.state = ItemState.FAILED
            item.plans.clear()
            item.scanned = True  # nothing more to scan: the item can end

    # -- scanning ------------------------------------------------------------------------

    def _scan(self, index: int, item: _Item) -> None:
        try:
            if item.direction is Direction.DOWNLOAD:
                plans = _RemoteScan(self._channel(index), self, item).run()
            else:
                plans = _LocalScan(self, item).run()
        except SshdeskError as error:
            self._fail_item(item, error)
            self._unit_done(item)
            return
        try:
            self._make_folders(index, item, [p for p in plans if p.kind == "folder"])
        except SshdeskError as error:
            self._fail_item(item, error)
            self._unit_done(item)
            return
        files = [plan for plan in plans if plan.kind != "folder"]
        with self._lock:
            item.folders = [plan for plan in plans if plan.kind == "folder"]
            item.plans.extend(files)
            item.files_total = len(files)
            item.bytes_total = sum(plan.size for plan in files if plan.kind == "file")
            item.scanned = True
            if item.state is ItemState.SCANNING:
                item.state = ItemState.RUNNING
        self._unit_done(item)

    def _make_folders(self, index: int, item: _Item, folders: list[_Plan]) -> None:
        for plan in folders:
            if item.direction is Direction.DOWNLOAD:
                try:
                    os.makedirs(plan.target, exist_ok=True)
                except OSError as error:
                    raise file_error(tr("this computer"), tr("create folder"), plan.target,
                                     error) from error
            else:
                channel = self._channel(index)
                raw = self.encode(plan.target)
                try:
                    channel.mkdir(raw)
                except StatusError as error:
                    try:
                        is_dir = stat.S_ISDIR(channel.stat(raw).mode or 0)
                    except StatusError:
                        is_dir = False
                    if not is_dir:
                        raise file_error(self._host, tr("create folder"), plan.target,
                                         error) from error

    def encode(self, path: str) -> bytes:
        return path.encode(self._encoding, "surrogateescape")

    def decode(self, raw: bytes) -> str:
        return raw.decode(self._encoding, "surrogateescape")

    # -- copying one file ----------------------------------------------------------------

    def _copy(self, index: int, item: _Item, plan: _Plan) -> None:
        with self._lock:
            item.current = plan.source
        try:
            if item.stop:
                raise _Stop()
            if plan.kind == "link":
                self._copy_link(index, item, plan)
                self._file_finished(item, plan, 0)
                self._unit_done(item)
                return
            job = self._prepare(index, item, plan)
            if job is not None:
                job.first_slot = index
            if job is None:  # skipped
                self._file_finished(item, plan, plan.size)
                self._unit_done(item)
                return
        except _Stop:
            self._requeue_or_drop(item, plan)
            self._unit_done(item)
            return
        except ConnectionLostError as error:
            self._fail_item(item, error)
            self._unit_done(item)
            return
        except SshdeskError as error:
            self._file_failed(item, plan, error)
            self._unit_done(item)
            return
        with self._lock:
            # The other pieces run on other workers; each holds the item active.
            for piece in range(1, len(job.pieces)):
                item.active += 1
                self._pieces.append((job, piece))
            self._wake.notify_all()
        self._run_piece(index, job, 0)

    def _run_batch(self, index: int, item: _Item, plans: list[_Plan]) -> None:
        """Copies small files with many under way at once (:mod:`transfer_batch`)."""
        try:
            channel = self._channel(index)
        except SshdeskError as failure:
            self._fail_item(item, failure)
            self._unit_done(item)
            return
        limit = channel.limits.max_read if item.direction is Direction.DOWNLOAD \
            else channel.limits.max_write
        by_file: dict[int, _Plan] = {}
        files = []
        for plan in plans:
            if plan.size > limit:
                plan.single = True
                continue
            small = transfer_batch.SmallFile(plan.source, plan.target, plan.size,
                                             plan.mtime, plan.mode)
            by_file[id(small)] = plan
            files.append(small)

        def copied(small: transfer_batch.SmallFile) -> None:
            with self._lock:
                item.files_done += 1
                item.bytes_done += small.size

        settings = transfer_batch.BatchSettings(
            self.encode, self._host, self._options.keep_times,
            self._options.keep_permissions, copied, lambda: bool(item.stop),
            overwrite=self._options.conflict is ConflictPolicy.OVERWRITE)
        run = transfer_batch.download if item.direction is Direction.DOWNLOAD \
            else transfer_batch.upload
        result = run(channel, files, settings)
        for small, error in result.failed:
            self._file_failed(item, by_file[id(small)], error)
        back = [by_file[id(small)] for small in result.handed_back] + [
            plan for plan in plans if plan.single]
        for plan in back:
            plan.single = True
        with self._lock:
            if item.stop != "cancel" and result.lost is None:
                item.plans.extendleft(reversed(back))
        if result.lost is not None:
            self._fail_item(item, result.lost)
        self._unit_done(item)

    def _requeue_or_drop(self, item: _Item, plan: _Plan) -> None:
        """A file stopped part-way: a pause copies it later (from its .part), a cancel
        never."""
        with self._lock:
            if item.stop == "pause":
                item.plans.appendleft(plan)

    def _ask(self, item: _Item, plan: _Plan, target_size: int, target_mtime: int
             ) -> ConflictPolicy:
        """The policy for one existing target: the queue's, or the person's answer."""
        policy = self._options.conflict
        if policy is not ConflictPolicy.ASK:
            return policy
        with self._asking:
            policy = self._options.conflict  # "apply to all" may have come meanwhile
            if policy is not ConflictPolicy.ASK:
                return policy
            with self._lock:
                item.answer = None
                item.conflict = Conflict(item.item_id, plan.target, plan.size, plan.mtime,
                                         target_size, target_mtime)
                if item.state is ItemState.RUNNING:
                    item.state = ItemState.WAITING
                self._wake.notify_all()
                while item.answer is None and not self._closed:
                    self._wake.wait()
                choice, apply_to_all = item.answer or (ConflictPolicy.SKIP, False)
                item.conflict = None
                item.answer = None
                if item.state is ItemState.WAITING:
                    item.state = ItemState.RUNNING
                if apply_to_all:
                    self._options = replace(self._options, conflict=choice)
            if item.stop:
                raise _Stop()
            return choice

    def _prepare(self, index: int, item: _Item, plan: _Plan) -> _FileJob | None:
        """Settles the conflict, opens the target; None when the file is skipped."""
        side = _LocalTarget(self) if item.direction is Direction.DOWNLOAD \
            else _RemoteTarget(self, self._channel(index))
        if item.direction is Direction.DOWNLOAD and not is_inside(
                Path(item.target).parent, Path(plan.target).parent):
            raise RemoteFileError(tr("this computer"), tr("download"), plan.target,
                                  tr("it would be written outside the chosen folder"))
        existing = side.lstat(plan.target)
        offset = 0
        part = plan.target + PART_SUFFIX
        if existing is not None:
            size, mtime, regular = existing
            if item.retrying and size == plan.size and mtime == plan.mtime:
                return None
            choice = self._ask(item, plan, size, mtime)
            if choice is ConflictPolicy.SKIP or (
                    choice is ConflictPolicy.NEWER and plan.mtime <= mtime):
                return None
            if choice is ConflictPolicy.FAIL:
                raise RemoteFileError(
                    side.label, tr("copy"), plan.target, tr("it already exists"),
                    tr("Choose to overwrite, skip or resume it (--overwrite, --skip-existing "
                       "or --resume on the command line)."))
            if choice is ConflictPolicy.RENAME:
                plan.target = side.free_name(plan.target)
                part = plan.target + PART_SUFFIX
            elif choice is ConflictPolicy.RESUME and regular and size <= plan.size:
                # Append to the target itself, as sftp's reget does: bytes there stay.
                # Never through a link: it could lead anywhere.
                part, offset = plan.target, size
        if part != plan.target:
            left = side.lstat(part)
            if left is not None and not left[2]:
                raise RemoteFileError(side.label, tr("copy"), part,
                                      tr("something that is not a file is in the way"),
                                      tr("Remove it, then retry."))
            if left is not None and left[0] <= plan.size:
                offset = left[0]  # a .part left by an interrupted transfer
        pieces = _pieces(offset, plan.size, max(1, self._options.slots))
        job = _FileJob(item, plan, part, offset, pieces)
        side.open_for(job)
        with self._lock:
            item.bytes_done += offset
        return job

    def _run_piece(self, index: int, job: _FileJob, piece: int) -> None:
        item = job.item
        start, end = job.pieces[piece]
        try:
            channel = self._channel(index)
            if item.direction is Direction.DOWNLOAD:
                _download_range(self, channel, job, piece, start, end)
            else:
                _upload_range(self, channel, job, piece, start, end)
        except Exception as error:  # noqa: BLE001  # kept for the last piece to act on
            with job.lock:
                if job.error is None or (isinstance(job.error, _Stop)
                                         and not isinstance(error, _Stop)):
                    job.error = error
        with job.lock:
            job.left -= 1
            last = job.left == 0
        if last:
            self._finish_job(index, job)
        self._unit_done(item)

    def _finish_job(self, index: int, job: _FileJob) -> None:
        item, plan = job.item, job.plan
        side = _LocalTarget(self) if item.direction is Direction.DOWNLOAD \
            else _RemoteTarget(self, self._channel_or_none(index))
        error = job.error
        if error is None:
            try:
                side.complete(job)
            except SshdeskError as failure:
                error = failure
            else:
                self._file_finished(item, plan, 0)
                return
        side.abandon(job, remove=item.stop == "cancel" or _is_disk_full(error))
        with self._lock:
            # Counted again from what the .part keeps when the file is tried again.
            item.bytes_done -= job.counted
        if isinstance(error, _Stop):
            self._requeue_or_drop(item, plan)
        elif isinstance(error, ConnectionLostError):
            self._fail_item(item, error)
        elif isinstance(error, SshdeskError):
            self._file_failed(item, plan, error)
        else:
            log.error("copy of %s failed", plan.source, exc_info=error)
            self._file_failed(item, plan, SshdeskError(
                self._host, tr("copy"), tr("internal error (see the log)")))

    def _channel_or_none(self, index: int) -> SftpChannel | None:
        try:
            return self._channel(index)
        except SshdeskError:
            return None

    def _file_finished(self, item: _Item, plan: _Plan, skipped_bytes: int) -> None:
        with self._lock:
            item.files_done += 1
            item.bytes_done += skipped_bytes

    def _file_failed(self, item: _Item, plan: _Plan, error: SshdeskError) -> None:
        with self._lock:
            item.failed.append(f"{plan.source}: {error.message}")
            if not item.is_folder:
                item.error = error.describe()

    def _copy_link(self, index: int, item: _Item, plan: _Plan) -> None:
        if item.direction is Direction.DOWNLOAD:
            try:
                if os.path.lexists(plan.target):
                    return  # an existing entry is never replaced by a link
                os.symlink(plan.link_target, plan.target)
            except OSError as error:
                raise file_error(tr("this computer"), tr("create symlink"), plan.target,
                                 error) from error
        else:
            channel = self._channel(index)
            try:
                channel.symlink(self.encode(plan.link_target), self.encode(plan.target))
            except StatusError as error:
                raise file_error(self._host, tr("create symlink"), plan.target,
                                 error) from error

    # for the range loops

    def stopping(self, job: _FileJob) -> bool:
        return bool(job.item.stop) or job.error is not None

    def throttle(self, job: _FileJob, size: int) -> None:
        self._bandwidth.take(size, lambda: self.stopping(job))

    def progress(self, job: _FileJob, size: int) -> None:
        with self._lock:
            job.item.bytes_done += size
            job.counted += size

    @property
    def host(self) -> str:
        return self._host


def _is_small(plan: _Plan) -> bool:
    return plan.kind == "file" and not plan.single and plan.size <= _SMALL_FILE


def _pieces(offset: int, size: int, slots: int) -> list[tuple[int, int]]:
    left = size - offset
    count = max(1, min(slots, left // _SPLIT_MIN))
    step = -(-left // count) if left else 0
    return [(offset + i * step, min(size, offset + (i + 1) * step)) for i in range(count)] \
        if left else [(offset, offset)]


def _free_name(side: str, path: str, split: Callable[[str], tuple[str, str]],
               taken: Callable[[str], bool]) -> str:
    """The first ``name (N).ext`` beside ``path`` that neither exists nor has a .part."""
    stem, suffix = split(path)
    for number in range(1, 10_000):
        candidate = f"{stem} ({number}){suffix}"
        if not taken(candidate) and not taken(candidate + PART_SUFFIX):
            return candidate
    raise RemoteFileError(side, tr("copy"), path, tr("no free name"))


def _size_mismatch(side: str, operation: str, path: str, got: int, want: int
                   ) -> RemoteFileError:
    return RemoteFileError(side, operation, path,
                           tr("size mismatch: {got} bytes written, {want} expected").format(
                               got=got, want=want), tr("Retry the transfer."))


def _is_disk_full(error: BaseException | None) -> bool:
    cause = error.__cause__ if error is not None else None
    return isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT)


# -- the range loops ---------------------------------------------------------------------

def _download_range(engine: TransferQueue, channel: SftpChannel, job: _FileJob,
                    piece: int, start: int, end: int) -> None:
    """Copies bytes ``start:end`` of the remote file into the job's local file, with up to
    ``_DEPTH`` reads in flight; each reply is written from the reply buffer."""
    path = job.plan.source
    try:
        handle = channel.open_file(engine.encode(path), wire.OPEN_READ)
    except StatusError as error:
        raise file_error(engine.host, tr("download"), path, error) from error
    done: queue.SimpleQueue[tuple[int, int, int, BaseException | None]] = queue.SimpleQueue()
    fd = job.local_fd

    def on_reply(offset: int, length: int) -> Callable[[int, memoryview], None]:
        def reply(kind: int, body: memoryview) -> None:
            if kind == wire.DATA:
                size = int.from_bytes(body[:4])
                data = body[4:4 + size]
                try:
                    written = 0
                    while written < size:
                        written += os.pwrite(fd, data[written:], offset + written)
                except OSError as error:
                    refused = file_error(tr("this computer"), tr("write"), job.part, error)
                    # A full disk frees its .part (see abandon). A copy of the error, not
                    # the error: its traceback would keep this reply's buffer in use.
                    refused.__cause__ = OSError(error.errno, error.strerror)
                    done.put((offset, length, 0, refused))
                    return
                done.put((offset, length, size, None))
            elif kind == LOST:
                done.put((offset, length, 0, ConnectionLostError(
                    engine.host, channel.lost_reason or "")))
            else:
                status = status_of(kind, body)
                failure = None if status is None or status.code == wire.EOF else \
                    file_error(engine.host, tr("download"), path, status)
                done.put((offset, length, 0, failure))
        return reply

    _pipeline(engine, job, piece, start, end, channel.limits.max_read,
              lambda offset, length: channel.send_read(handle, offset, length,
                                                       on_reply(offset, length)),
              done, shrink_error=lambda: RemoteFileError(
                  engine.host, tr("download"), path, tr("the file got shorter while it was "
                                                        "copied"), tr("Retry when it is not "
                                                                      "being written.")))
    with contextlib.suppress(StatusError, ConnectionLostError):
        channel.close_handle(handle)


def _upload_range(engine: TransferQueue, channel: SftpChannel, job: _FileJob,
                  piece: int, start: int, end: int) -> None:
    """Copies bytes ``start:end`` of the local file into the remote ``.part``."""
    try:
        handle = channel.open_file(engine.encode(job.part), wire.OPEN_WRITE)
    except StatusError as error:
        raise file_error(engine.host, tr("upload"), job.part, error) from error
    done: queue.SimpleQueue[tuple[int, int, int, BaseException | None]] = queue.SimpleQueue()
    fd = job.local_fd

    def send(offset: int, length: int) -> None:
        try:
            data = os.pread(fd, length, offset)
        except OSError as error:
            raise file_error(tr("this computer"), tr("read"), job.plan.source,
                             error) from error

        def reply(kind: int, body: memoryview) -> None:
            if kind == LOST:
                done.put((offset, length, 0, ConnectionLostError(
                    engine.host, channel.lost_reason or "")))
                return
            status = status_of(kind, body)
            done.put((offset, length, len(data) if status is None else 0,
                      None if status is None else file_error(engine.host, tr("upload"),
                                                             job.plan.target, status)))
        if not data:
            done.put((offset, length, 0, None))  # the local file got shorter
            return
        channel.send_write(handle, offset, data, reply)

    try:
        _pipeline(engine, job, piece, start, end, channel.limits.max_write, send, done,
                  shrink_error=lambda: RemoteFileError(
                      tr("this computer"), tr("upload"), job.plan.source,
                      tr("the file got shorter while it was copied"),
                      tr("Retry when it is not being written.")))
    finally:
        with contextlib.suppress(StatusError, ConnectionLostError):
            channel.close_handle(handle)


def _pipeline(engine: TransferQueue, job: _FileJob, piece: int, start: int, end: int,
              request_size: int, send: Callable[[int, int], None],
              done: "queue.SimpleQueue[tuple[int, int, int, BaseException | None]]",
              shrink_error: Callable[[], SshdeskError]) -> None:
    """Keeps up to ``_DEPTH`` requests of ``request_size`` in flight over ``start:end``;
    a short answer is asked again for the rest. Records how far the piece got without
    gaps, and raises the first error (after every reply is in: none may arrive later)."""
    outstanding: dict[int, int] = {}
    retries: list[tuple[int, int]] = []
    next_offset = start
    failure: BaseException | None = None
    try:
        while True:
            while (failure is None and len(outstanding) < _DEPTH and done.empty()
                   and (retries or next_offset < end) and not engine.stopping(job)):
                if retries:
                    offset, length = retries.pop()
                else:
                    offset, length = next_offset, min(request_size, end - next_offset)
                    next_offset += length
                engine.throttle(job, length)
                outstanding[offset] = length
                try:
                    send(offset, length)
                except SshdeskError as refused:
                    # Replies already asked for may still come and write: wait for them
                    # all (a lost channel answers each at once) before anything moves on.
                    del outstanding[offset]
                    retries.append((offset, length))
                    failure = refused
            if not outstanding:
                break
            offset, length, got, error = done.get()
            del outstanding[offset]
            if error is not None:
                failure = failure or error
                retries.append((offset, length))
            elif got == 0:
                failure = failure or shrink_error()
                retries.append((offset, length))
            else:
                if got < length:
                    retries.append((offset + got, length - got))
                engine.progress(job, got)
    finally:
        pending = [*outstanding, *(offset for offset, _ in retries), next_offset]
        with job.lock:
            job.reached[job.pieces[piece][0]] = min(pending)
    if failure is not None:
        raise failure
    if engine.stopping(job) and (retries or next_offset < end):
        raise _Stop()


# -- the two kinds of target -------------------------------------------------------------

class _LocalTarget:
    """Where a download writes: this computer's disk."""

    label = property(lambda self: tr("this computer"))

    def __init__(self, engine: TransferQueue) -> None:
        self._engine = engine

    def lstat(self, path: str) -> tuple[int, int, bool] | None:
        """Size, time and whether it is a regular file (not a link), or None."""
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise file_error(self.label, tr("read file information"), path, error) from error
        return info.st_size, int(info.st_mtime), stat.S_ISREG(info.st_mode)

    def free_name(self, path: str) -> str:
        return _free_name(self.label, path, os.path.splitext, os.path.lexists)

    def open_for(self, job: _FileJob) -> None:
        try:
            job.local_fd = os.open(job.part, os.O_WRONLY | os.O_CREAT | getattr(
                os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0), 0o666)
            if job.part != job.plan.target:
                os.truncate(job.local_fd, job.offset)  # past what a resume trusts
        except OSError as error:
            raise file_error(self.label, tr("download"), job.part, error) from error

    def complete(self, job: _FileJob) -> None:
        plan = job.plan
        try:
            size = os.fstat(job.local_fd).st_size
            os.close(job.local_fd)
            job.local_fd = -1
            if size != plan.size:
                raise _size_mismatch(self.label, tr("download"), plan.source, size, plan.size)
            options = self._engine.options
            if options.keep_permissions:
                os.chmod(job.part, stat.S_IMODE(plan.mode) & 0o777 or 0o644)
            if options.keep_times and plan.mtime:
                os.utime(job.part, (plan.mtime, plan.mtime))
            if job.part != plan.target:
                os.replace(job.part, plan.target)
        except OSError as error:
            raise file_error(self.label, tr("download"), plan.target, error) from error

    def abandon(self, job: _FileJob, remove: bool) -> None:
        with contextlib.suppress(OSError):
            if job.local_fd >= 0:
                if job.part != job.plan.target:
                    os.truncate(job.local_fd, job.written_prefix())
                os.close(job.local_fd)
                job.local_fd = -1
            if remove and job.part != job.plan.target:
                os.unlink(job.part)


class _RemoteTarget:
    """Where an upload writes: the server."""

    def __init__(self, engine: TransferQueue, channel: SftpChannel | None) -> None:
        self._engine = engine
        self._channel = channel
        self.label = engine.host

    def _raw(self, path: str) -> bytes:
        return self._engine.encode(path)

    def lstat(self, path: str) -> tuple[int, int, bool] | None:
        assert self._channel is not None
        try:
            attrs = self._channel.lstat(self._raw(path))
        except StatusError as error:
            if error.code == wire.NO_SUCH_FILE:
                return None
            raise file_error(self.label, tr("read file information"), path, error) from error
        return attrs.size or 0, attrs.mtime or 0, stat.S_ISREG(attrs.mode or 0)

    def free_name(self, path: str) -> str:
        return _free_name(self.label, path, posixpath.splitext,
                          lambda candidate: self.lstat(candidate) is not None)

    def open_for(self, job: _FileJob) -> None:
        assert self._channel is not None
        try:
            job.local_fd = os.open(job.plan.source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as error:
            raise file_error(tr("this computer"), tr("upload"), job.plan.source,
                             error) from error
        flags = wire.OPEN_WRITE | wire.OPEN_CREATE
        try:
            handle = self._channel.open_file(self._raw(job.part), flags | (
                0 if job.offset else wire.OPEN_TRUNCATE))
            if job.offset and job.part != job.plan.target:
                self._channel.fsetstat(handle, Attributes(size=job.offset))
            self._channel.close_handle(handle)
        except StatusError as error:
            os.close(job.local_fd)
            raise file_error(self.label, tr("upload"), job.part, error) from error

    def complete(self, job: _FileJob) -> None:
        assert self._channel is not None
        plan, channel = job.plan, self._channel
        os.close(job.local_fd)
        job.local_fd = -1
        raw_part = self._raw(job.part)
        try:
            size = channel.stat(raw_part).size
            if size != plan.size:
                raise _size_mismatch(self.label, tr("upload"), plan.target, size or 0,
                                     plan.size)
            options = self._engine.options
            channel.setstat(raw_part, Attributes(
                mode=stat.S_IMODE(plan.mode) if options.keep_permissions else None,
                mtime=plan.mtime if options.keep_times and plan.mtime else None))
            if job.part != plan.target:
                raw_target = self._raw(plan.target)
                if channel.has_posix_rename:
                    channel.posix_rename(raw_part, raw_target)
                else:
                    with contextlib.suppress(StatusError):
                        channel.remove(raw_target)
                    channel.rename(raw_part, raw_target)
        except StatusError as error:
            raise file_error(self.label, tr("upload"), plan.target, error) from error

    def abandon(self, job: _FileJob, remove: bool) -> None:
        with contextlib.suppress(OSError):
            if job.local_fd >= 0:
                os.close(job.local_fd)
                job.local_fd = -1
        if self._channel is None or not self._channel.alive or job.part == job.plan.target:
            return
        with contextlib.suppress(StatusError, ConnectionLostError):
            if remove:
                self._channel.remove(self._raw(job.part))
            else:
                self._channel.setstat(self._raw(job.part),
                                      Attributes(size=job.written_prefix()))


# -- scans -------------------------------------------------------------------------------

class _RemoteScan:
    """Walks what a download item names on the server into plans, refusing unsafe names."""

    def __init__(self, channel: SftpChannel, engine: TransferQueue, item: _Item) -> None:
        self._channel = channel
        self._engine = engine
        self._item = item
        self._plans: list[_Plan] = []
        self._root = Path(item.target).parent
        self._checked: dict[Path, bool] = {}
        self._symlinks = engine.options.symlinks

    def run(self) -> list[_Plan]:
        item, engine = self._item, self._engine
        raw = engine.encode(item.source)
        name = posixpath.basename(item.source.rstrip("/")) or item.source
        if local_name(name) is None:
            raise RemoteFileError(engine.host, tr("download"), item.source,
                                  tr("its name is not safe as a local file name"))
        try:
            attrs = self._channel.stat(raw)
        except StatusError as error:
            raise file_error(engine.host, tr("download"), item.source, error) from error
        if stat.S_ISDIR(attrs.mode or 0):
            with self._engine._lock:
                item.is_folder = True
            self._folder(raw, Path(item.target), attrs)
        else:
            self._add_file(raw, Path(item.target), attrs)
        return self._plans

    def _add_file(self, raw: bytes, target: Path, attrs: Attributes) -> None:
        if not self._inside(target.parent):
            self._refuse(raw, tr("it would be written outside the chosen folder"))
            return
        self._plans.append(_Plan(self._engine.decode(raw), str(target), attrs.size or 0,
                                 attrs.mtime or 0, attrs.mode or 0o644))

    def _refuse(self, raw: bytes, reason: str) -> None:
        self._item.failed.append(f"{self._engine.decode(raw)}: {reason}")

    def _inside(self, folder: Path) -> bool:
        """Whether ``folder`` is inside the chosen one, asked once per folder (the check
        resolves every part of the path on the disk)."""
        known = self._checked.get(folder)
        if known is None:
            known = self._checked[folder] = is_inside(self._root, folder)
        return known

    def _folder(self, raw: bytes, target: Path, attrs: Attributes) -> None:
        """Walks the tree level by level, all of a level's folders listed at once (a
        listing is four round trips; one after another, they added up)."""
        if not self._inside(target):
            self._refuse(raw, tr("it would be written outside the chosen folder"))
            return
        self._plans.append(_Plan(self._engine.decode(raw), str(target), mtime=attrs.mtime or 0,
                                 mode=attrs.mode or 0o755, kind="folder"))
        # The chain's last path is replaced by the real one that comes with the listing.
        level = [_Folder(raw, target, (raw,))]
        while level:
            # A server may list a link to a folder as the folder itself: only its real
            # path, asked with its listing, then shows a loop.
            listings = self._channel.list_folders([folder.raw for folder in level])
            next_level: list[_Folder] = []
            for folder, listing in zip(level, listings, strict=True):
                if isinstance(listing.error, ConnectionLostError):
                    raise listing.error
                real = listing.real
                if real != folder.chain[-1] and any(
                        real == seen or seen.startswith(real.rstrip(b"/") + b"/")
                        for seen in folder.chain[:-1]):
                    self._refuse(folder.raw, tr("a symlink loop: the folder was copied already"))
                    continue
                folder = _Folder(folder.raw, folder.target, (*folder.chain[:-1], real))
                if listing.error is not None:
                    self._refuse(folder.raw, file_error(
                        self._engine.host, tr("list folder"), self._engine.decode(folder.raw),
                        listing.error).message)
                    continue
                for entry in sorted(listing.names, key=lambda n: n.filename):
                    child = self._entry(folder, entry)
                    if child is not None:
                        next_level.append(child)
            level = next_level

    def _entry(self, folder: "_Folder", entry: NameEntry) -> "_Folder | None":
        """Plans one listed entry; returns it when it is a folder to walk next."""
        if entry.filename in (b".", b".."):
            return None
        child = folder.raw.rstrip(b"/") + b"/" + entry.filename
        safe = local_name(self._engine.decode(entry.filename))
        if safe is None:
            self._refuse(child, tr("its name is not safe as a local file name"))
            return None
        target = folder.target / safe
        mode = entry.attributes.mode or 0
        real_chain = folder.chain
        if stat.S_ISLNK(mode):
            followed = self._link(child, target)
            if followed is None:
                return None
            mode, attrs, real = followed
            # A loop: the link leads to a folder on the way here (or above one).
            if stat.S_ISDIR(mode) and any(
                    real == seen or seen.startswith(real.rstrip(b"/") + b"/")
                    for seen in real_chain):
                self._refuse(child, tr("a symlink loop: the folder was copied already"))
                return None
            real_chain = (*real_chain, real)
        else:
            attrs = entry.attributes
            real_chain = (*real_chain, real_chain[-1].rstrip(b"/") + b"/" + entry.filename)
        if stat.S_ISDIR(mode):
            if not self._inside(target):
                self._refuse(child, tr("it would be written outside the chosen folder"))
                return None
            self._plans.append(_Plan(self._engine.decode(child), str(target),
                                     mtime=attrs.mtime or 0, mode=attrs.mode or 0o755,
                                     kind="folder"))
            return _Folder(child, target, real_chain)
        if stat.S_ISREG(mode):
            self._add_file(child, target, attrs)
        return None

    def _link(self, raw: bytes, target: Path) -> tuple[int, Attributes, bytes] | None:
        """A symlink by the queue's policy: planned as a link (None), skipped (None), or
        followed: the mode and attributes of what it leads to, and its real path."""
        if self._symlinks is SymlinkPolicy.SKIP:
            return None
        if self._symlinks is SymlinkPolicy.COPY_LINK:
            try:
                link = self._channel.readlink(raw)
            except StatusError as error:
                self._refuse(raw, str(error.text))
                return None
            if not self._inside(target.parent):
                self._refuse(raw, tr("it would be written outside the chosen folder"))
                return None
            self._plans.append(_Plan(self._engine.decode(raw), str(target), kind="link",
                                     link_target=self._engine.decode(link)))
            return None
        try:
            attrs = self._channel.stat(raw)
            real = self._channel.realpath(raw)
        except StatusError:
            self._refuse(raw, tr("a dangling symlink"))
            return None
        return attrs.mode or 0, attrs, real


@dataclass(frozen=True)
class _Folder:
    """A remote folder to walk: where it goes, and the real paths of the folders on the
    way to it (a link back into one of them is a loop)."""

    raw: bytes
    target: Path
    chain: tuple[bytes, ...]


class _LocalScan:
    """Walks what an upload item names on this computer into plans."""

    def __init__(self, engine: TransferQueue, item: _Item) -> None:
        self._engine = engine
        self._item = item
        self._plans: list[_Plan] = []
        self._symlinks = engine.options.symlinks

    def run(self) -> list[_Plan]:
        item = self._item
        try:
            info = os.stat(item.source)
        except OSError as error:
            raise file_error(tr("this computer"), tr("upload"), item.source, error) from error
        if stat.S_ISDIR(info.st_mode):
            with self._engine._lock:
                item.is_folder = True
            self._folder(item.source, item.target, info, frozenset())
        else:
            self._plans.append(_Plan(item.source, item.target, info.st_size,
                                     int(info.st_mtime), info.st_mode))
        return self._plans

    def _folder(self, path: str, target: str, info: os.stat_result,
                ancestors: frozenset[tuple[int, int]]) -> None:
        """Plans a folder and what is in it; ``ancestors`` are the folders on the way here
        (a link back to one of them is a loop; a link to a sibling is copied)."""
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            self._item.failed.append(
                f"{path}: {tr('a symlink loop: the folder was copied already')}")
            return
        ancestors = ancestors | {key}
        self._plans.append(_Plan(path, target, mtime=int(info.st_mtime),
                                 mode=info.st_mode, kind="folder"))
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as error:
            self._item.failed.append(f"{path}: {error.strerror}")
            return
        for entry in entries:
            child_target = posixpath.join(target, entry.name)
            try:
                if entry.is_symlink():
                    if self._symlinks is SymlinkPolicy.SKIP:
                        continue
                    if self._symlinks is SymlinkPolicy.COPY_LINK:
                        self._plans.append(_Plan(entry.path, child_target, kind="link",
                                                 link_target=os.readlink(entry.path)))
                        continue
                child = entry.stat()
            except OSError as error:
                self._item.failed.append(f"{entry.path}: {error.strerror}")
                continue
            if stat.S_ISDIR(child.st_mode):
                self._folder(entry.path, child_target, child, ancestors)
            elif stat.S_ISREG(child.st_mode):
                self._plans.append(_Plan(entry.path, child_target, child.st_size,
                                         int(child.st_mtime), child.st_mode))
