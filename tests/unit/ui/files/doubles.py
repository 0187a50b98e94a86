"""A transfer queue that records what it is asked and answers from a scripted snapshot.

The real queue is tested with the core; the panes and the panel only need to be seen
asking it the right things.
"""

import threading
from dataclasses import dataclass, field

from sshdesk.core.transfer_state import (
    ConflictPolicy,
    Direction,
    ItemSnapshot,
    ItemState,
    QueueSnapshot,
    TransferOptions,
)


@dataclass
class RecordingTransfers:
    """Implements :class:`~sshdesk.core.transfer_state.Transfers`.

    Attributes:
        calls: Every call but ``snapshot`` and ``set_options``, as ``(name, args)``.
        current: What :meth:`snapshot` answers; tests replace it.
        snapshots: How many snapshots were taken.
        options: The options given to ``set_options``, in order (a control gives the
            saved ones as soon as it is made, so they are kept apart from ``calls``).
    """

    calls: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    current: QueueSnapshot = field(default_factory=QueueSnapshot)
    snapshots: int = 0
    options: list[TransferOptions] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 1

    def _record(self, name: str, *args: object) -> None:
        with self._lock:
            self.calls.append((name, args))

    def named(self, name: str) -> list[tuple[object, ...]]:
        with self._lock:
            return [args for called, args in self.calls if called == name]

    def _queue(self, name: str, paths: list[str], folder: str) -> list[int]:
        self._record(name, paths, folder)
        with self._lock:
            first, self._next_id = self._next_id, self._next_id + len(paths)
        return list(range(first, first + len(paths)))

    def download(self, remote_paths: list[str], local_folder: str) -> list[int]:
        return self._queue("download", remote_paths, local_folder)

    def upload(self, local_paths: list[str], remote_folder: str) -> list[int]:
        return self._queue("upload", local_paths, remote_folder)

    def snapshot(self) -> QueueSnapshot:
        with self._lock:
            self.snapshots += 1
            return self.current

    def pause(self, item_ids: list[int] | None = None) -> None:
        self._record("pause", item_ids)

    def resume(self, item_ids: list[int] | None = None) -> None:
        self._record("resume", item_ids)

    def cancel(self, item_ids: list[int] | None = None) -> None:
        self._record("cancel", item_ids)

    def retry(self, item_ids: list[int] | None = None) -> None:
        self._record("retry", item_ids)

    def clear_finished(self) -> None:
        self._record("clear_finished")

    def answer_conflict(self, item_id: int, choice: ConflictPolicy,
                        apply_to_all: bool = False) -> None:
        self._record("answer_conflict", item_id, choice, apply_to_all)

    def set_options(self, options: TransferOptions) -> None:
        with self._lock:
            self.options.append(options)

    def given_options(self) -> list[TransferOptions]:
        """A copy of :attr:`options`, read under the lock (the worker appends to it)."""
        with self._lock:
            return list(self.options)

    def close(self) -> None:
        self._record("close")


def item(item_id: int, state: ItemState = ItemState.RUNNING, *, done: int = 0,
         total: int = 1000, direction: Direction = Direction.UPLOAD, source: str = "",
         target: str = "", **changes: object) -> ItemSnapshot:
    """An item snapshot with sensible defaults."""
    source = source or f"/src/file{item_id}.txt"
    target = target or f"/dst/file{item_id}.txt"
    return ItemSnapshot(item_id, direction, source, target, False, state, total, done,
                        1, 0, **changes)  # type: ignore[arg-type]


def queue(*items: ItemSnapshot) -> QueueSnapshot:
    unfinished = [i for i in items if not i.state.finished]
    return QueueSnapshot(items, sum(i.bytes_total for i in unfinished),
                         sum(i.bytes_done for i in unfinished),
                         sum(i.rate for i in unfinished), None, len(unfinished))
