"""The transfer queue as its users see it: item states, conflict choices, options, and the
progress snapshots the panel and the CLI pull (:meth:`TransferQueue.snapshot`).

Plain, picklable records: a queue that runs in the network process sends them to the GUI
unchanged.
"""

import enum
from dataclasses import dataclass, field
from typing import Protocol


class Direction(enum.Enum):
    DOWNLOAD = "download"
    UPLOAD = "upload"


class ItemState(enum.Enum):
    PENDING = "pending"
    SCANNING = "scanning"  # a folder being walked for its files and totals
    RUNNING = "running"
    WAITING = "waiting"  # for the user: a conflict to decide
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (ItemState.DONE, ItemState.FAILED, ItemState.CANCELLED)


class ConflictPolicy(enum.Enum):
    """What to do when a file's target already exists."""

    ASK = "ask"
    OVERWRITE = "overwrite"
    SKIP = "skip"
    RENAME = "rename"  # keep both: the new one becomes "name (1).ext"
    RESUME = "resume"  # append to the shorter target (or a .part left behind)
    NEWER = "newer"  # overwrite when the source is newer, else skip
    FAIL = "fail"  # the item fails, naming the file (the CLI's default)


class SymlinkPolicy(enum.Enum):
    """What a folder transfer does with the symlinks inside it."""

    FOLLOW = "follow"  # copy what they point at (loops are detected and skipped)
    COPY_LINK = "copy_link"  # recreate the link itself
    SKIP = "skip"


@dataclass(frozen=True)
class TransferOptions:
    """How a queue transfers; changeable between items.

    Attributes:
        slots: Worker slots, each with its own SFTP channel (and connection, where the
            queue can open more).
        conflict: The policy for existing targets.
        symlinks: What folder transfers do with symlinks.
        keep_times: Give targets the source's modification time.
        keep_permissions: Give targets the source's permission bits.
        bandwidth_limit: Bytes per second for the whole queue; 0 for no limit.
    """

    slots: int = 4
    conflict: ConflictPolicy = ConflictPolicy.ASK
    symlinks: SymlinkPolicy = SymlinkPolicy.FOLLOW
    keep_times: bool = True
    keep_permissions: bool = True
    bandwidth_limit: int = 0


@dataclass(frozen=True)
class Conflict:
    """A question for the user: the target exists. Answer with
    :meth:`TransferQueue.answer_conflict`."""

    item_id: int
    target: str
    source_size: int
    source_mtime: int
    target_size: int
    target_mtime: int


@dataclass(frozen=True)
class ItemSnapshot:
    """One queued item (a file, or a folder with everything in it) at one moment.

    Attributes:
        item_id: Stable for the item's life.
        direction: Download or upload.
        source: The path being copied (remote for a download).
        target: Where it goes (the final path, not the ``.part``).
        is_folder: A folder transfer.
        state: See :class:`ItemState`.
        bytes_total: Known after scanning; 0 before.
        bytes_done: Bytes written to targets (a resumed file counts what it skipped).
        files_total: Files to copy (1 for a file).
        files_done: Files finished (copied or skipped).
        rate: Bytes per second over the last few seconds.
        eta: Seconds left at that rate, or ``None`` when unknown.
        current: The file being copied now (for a folder).
        error: The message (and hint) of the failure, for a failed item, or of the files
            that failed inside a folder that went on.
        failed_files: Files that failed inside a folder item.
        conflict: The pending question, while ``state`` is WAITING.
    """

    item_id: int
    direction: Direction
    source: str
    target: str
    is_folder: bool
    state: ItemState
    bytes_total: int = 0
    bytes_done: int = 0
    files_total: int = 0
    files_done: int = 0
    rate: float = 0.0
    eta: float | None = None
    current: str = ""
    error: str = ""
    failed_files: tuple[str, ...] = ()
    conflict: Conflict | None = None


@dataclass(frozen=True)
class QueueSnapshot:
    """The whole queue at one moment: its items in order, and the totals over the items
    that are not finished."""

    items: tuple[ItemSnapshot, ...] = field(default=())
    bytes_total: int = 0
    bytes_done: int = 0
    rate: float = 0.0
    eta: float | None = None
    active: int = 0  # items not finished

    @property
    def running(self) -> bool:
        return self.active > 0


class Transfers(Protocol):
    """A session's transfer queue, as the panes, the panel and the CLI drive it.

    :class:`sshdesk.core.transfers.TransferQueue` runs it in-process (the CLI);
    :class:`sshdesk.core.netclient.RemoteTransfers` runs it in the network process (the
    GUI). Every method may block briefly (a round trip to that process): call them off the
    GUI thread, except :meth:`snapshot` which is quick enough for a 4 Hz timer's worker.
    """

    def download(self, remote_paths: list[str], local_folder: str) -> list[int]:
        """Queues each remote file or folder to be copied into ``local_folder``; returns
        the new items' ids."""
        ...

    def upload(self, local_paths: list[str], remote_folder: str) -> list[int]:
        """Queues each local file or folder to be copied into ``remote_folder``."""
        ...

    def snapshot(self) -> QueueSnapshot: ...

    def pause(self, item_ids: list[int] | None = None) -> None:
        """Pauses these items (``None``: all); running files stop after the request in
        flight and continue from there on :meth:`resume`."""
        ...

    def resume(self, item_ids: list[int] | None = None) -> None: ...

    def cancel(self, item_ids: list[int] | None = None) -> None:
        """Cancels; a partly written target is removed, an existing one left untouched."""
        ...

    def retry(self, item_ids: list[int] | None = None) -> None:
        """Queues failed or cancelled items again (resuming what was written)."""
        ...

    def clear_finished(self) -> None:
        """Forgets the items that are done, failed or cancelled."""
        ...

    def answer_conflict(self, item_id: int, choice: ConflictPolicy,
                        apply_to_all: bool = False) -> None:
        """Answers the WAITING item's question; ``apply_to_all`` makes ``choice`` the
        queue's policy for later conflicts."""
        ...

    def set_options(self, options: TransferOptions) -> None: ...

    def close(self) -> None:
        """Cancels everything and closes the slots' channels."""
        ...
