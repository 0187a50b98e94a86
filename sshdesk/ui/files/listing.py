"""Listing a folder on a pane's worker, its entries handed to the GUI thread batch by batch.

Each listing gets a generation number. Batches travel as a queued signal from the worker
thread, tagged with theirs; whatever arrives for an older generation (a listing the user
has navigated away from) is dropped. The listing's end and its failure travel the same
way, so they always come after the listing's last batch.

Arrived batches wait in a queue that a timer hands on: the first at once, later ones
together, at most every :data:`HAND_ON_MS`. Every change to a 10,000-row view costs it a
pass over all its rows (about a tenth of a second), so a fast disk's twenty batches in a
row, handed on one by one, would freeze the window for seconds; gathered, they cost one or
two such passes, with painting and input in between.
"""

import contextlib
import time
from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance

from sshdesk.core.errors import SshdeskError
from sshdesk.core.files import FileEntry, FileSystem
from sshdesk.ui.workers import Job, SerialWorker

#: The least time between two batches handed on, in milliseconds.
HAND_ON_MS = 150

_BATCH, _DONE, _FAILED = range(3)


class FolderLister(QObject):
    """Lists folders of one file system on the worker it is given, one listing at a time.

    Signals:
        listing_started(object, object): The first entries of a new listing arrived (or the
            folder is empty): its normalized path and those entries. Show them instead of
            the old folder.
        batch_loaded(object): More entries of the current listing.
        listing_loaded(object): The current listing (its path) is complete.
        listing_failed(object, object): The folder (as asked for) could not be listed, with
            the SshdeskError. Entries already delivered stay valid.
    """

    # Paths travel as ``object``: a ``str`` argument of a Qt signal becomes a QString,
    # which drops the escapes of an undecodable name (see sshdesk.core.files).
    listing_started = Signal(object, object)
    batch_loaded = Signal(object)
    listing_loaded = Signal(object)
    listing_failed = Signal(object, object)
    _arrived_signal = Signal(int, int, object, object)  # from the worker thread

    def __init__(self, fs: FileSystem, worker: SerialWorker,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fs = fs
        self._worker = worker
        self._generation = 0
        self._started = 0  # the generation whose entries are shown
        self._job: Job | None = None
        self._arrived: deque[tuple[int, str, object]] = deque()
        self._handed_on = 0.0  # time.monotonic() of the last batch handed on
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._hand_on)
        self._arrived_signal.connect(self._arrive, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """A listing is under way."""
        return self._job is not None

    def start(self, path: str) -> int:
        """Starts listing ``path`` (normalized first: ``~`` and ``..`` are fine); any
        listing under way is forgotten. Returns the new listing's generation."""
        if self._job is not None:
            self._job.cancel()
        self._arrived.clear()
        self._generation += 1
        generation = self._generation
        self._job = self._worker.submit(
            self._list, generation, path, operation=self.tr("list folder"),
            on_error=lambda error: self._arrive(_FAILED, generation, path, error))
        return generation

    def _list(self, generation: int, path: str) -> None:
        """Worker thread."""
        try:
            folder = self._fs.normalize(path)
            entries = self._fs.list_folder(folder, lambda batch: _post(
                self._arrived_signal, _BATCH, generation, folder, batch))
        except SshdeskError as error:
            _post(self._arrived_signal, _FAILED, generation, path, error)
            return
        _post(self._arrived_signal, _DONE, generation, folder, entries)

    def _arrive(self, kind: int, generation: int, path: str, payload: object) -> None:
        # Nothing counts after a listing's end: a batch a file system sent late is in the
        # complete list already.
        if generation != self._generation or self._job is None:
            return
        self._arrived.append((kind, path, payload))
        if not self._timer.isActive():
            wait = HAND_ON_MS / 1000 - (time.monotonic() - self._handed_on)
            self._timer.start(max(0, int(wait * 1000)) if kind == _BATCH else 0)

    def _hand_on(self) -> None:
        """Hands on every batch arrived, as one, then the end if it came."""
        entries: list[FileEntry] = []
        folder = ""
        while self._arrived and self._arrived[0][0] == _BATCH:
            _kind, folder, batch = self._arrived.popleft()
            entries += batch  # type: ignore[arg-type, operator]
        if entries:
            self._on_batch(folder, entries)
            self._handed_on = time.monotonic()
        if self._arrived:
            kind, path, payload = self._arrived.popleft()
            if kind == _DONE:
                self._on_done(path, payload)  # type: ignore[arg-type]
            else:
                self._on_failed(path, payload)  # type: ignore[arg-type]

    def _on_batch(self, folder: str, entries: list[FileEntry]) -> None:
        if self._started != self._generation:
            self._started = self._generation
            self.listing_started.emit(folder, entries)
        else:
            self.batch_loaded.emit(entries)

    def _on_done(self, folder: str, entries: list[FileEntry]) -> None:
        self._job = None
        if self._started != self._generation:  # an empty folder, or no batches were sent
            self._started = self._generation
            self.listing_started.emit(folder, entries)
        self.listing_loaded.emit(folder)

    def _on_failed(self, path: str, error: SshdeskError) -> None:
        self._job = None
        self.listing_failed.emit(path, error)


def _post(signal: SignalInstance, *args: object) -> None:
    """Worker thread: emits, unless the lister has been deleted meanwhile (its pane
    closed): then nobody is left to hear it."""
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)
