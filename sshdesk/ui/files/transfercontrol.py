"""The GUI's hold on a session's transfer queue: commands sent, progress pulled.

Every :class:`~sshdesk.core.transfer_state.Transfers` call runs on one serial worker, so
commands reach the queue in the order given. Progress is pulled, never pushed: while
anything is unfinished a timer asks for a :class:`~sshdesk.core.transfer_state.QueueSnapshot`
four times a second (one request in flight at most); once everything is finished it stops,
and the next command starts it again.

The queue gets the user's saved :class:`~sshdesk.core.transfer_state.TransferOptions`
before anything else, and again whenever they are saved (from any session's panel).
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sshdesk.core.errors import SshdeskError
from sshdesk.core.transfer_state import (
    ConflictPolicy,
    ItemState,
    QueueSnapshot,
    TransferOptions,
    Transfers,
)
from sshdesk.ui.files import transfersettings
from sshdesk.ui.files.queuemodel import summary_text
from sshdesk.ui.workers import Job, SerialWorker

#: How often progress is pulled while transfers run, in milliseconds (4 Hz).
POLL_MS = 250

ErrorHandler = Callable[[SshdeskError], object]


class TransferControl(QObject):
    """Sends commands to a transfer queue and reports its progress. GUI thread only.

    Signals:
        snapshot_taken(object): A new :class:`QueueSnapshot` of the whole queue.
        item_finished(object): An ``ItemSnapshot`` that has just become DONE.
        summary_changed(str): The one-line summary changed ("" when nothing runs).
        transfer_queued(object): New items were queued: their ids.
        command_failed(object): A command without its own error handler failed, with
            the SshdeskError.
    """

    snapshot_taken = Signal(object)
    item_finished = Signal(object)
    summary_changed = Signal(str)
    transfer_queued = Signal(object)
    command_failed = Signal(object)

    def __init__(self, transfers: Transfers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._transfers = transfers
        self.worker = SerialWorker("transfers", parent=self)
        self._snapshot = QueueSnapshot()
        self._states: dict[int, ItemState] = {}
        self._summary = ""
        self._poll: Job | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        # First on the worker, so every command after it runs with the user's settings.
        self.set_options(transfersettings.load_options())
        self._listening = True
        transfersettings.changes().options_changed.connect(self.set_options)

    @property
    def snapshot(self) -> QueueSnapshot:
        """The latest snapshot taken."""
        return self._snapshot

    @property
    def summary(self) -> str:
        return self._summary

    @property
    def polling(self) -> bool:
        """Whether progress is being pulled (something is unfinished, or was asked for)."""
        return self._timer.isActive()

    # -- commands -----------------------------------------------------------------------

    def download(self, remote_paths: list[str], local_folder: str,
                 on_error: ErrorHandler | None = None) -> None:
        """Queues remote files or folders to be copied into ``local_folder``."""
        self._command(self._transfers.download, list(remote_paths), local_folder,
                      on_result=self._queued, on_error=on_error,
                      operation=self.tr("queue download"))

    def upload(self, local_paths: list[str], remote_folder: str,
               on_error: ErrorHandler | None = None) -> None:
        """Queues local files or folders to be copied into ``remote_folder``."""
        self._command(self._transfers.upload, list(local_paths), remote_folder,
                      on_result=self._queued, on_error=on_error,
                      operation=self.tr("queue upload"))

    def pause(self, item_ids: list[int] | None = None) -> None:
        """Pauses these items (``None``: all)."""
        self._command(self._transfers.pause, _copy(item_ids), operation=self.tr("pause"))

    def resume(self, item_ids: list[int] | None = None) -> None:
        self._command(self._transfers.resume, _copy(item_ids), operation=self.tr("resume"))

    def cancel(self, item_ids: list[int] | None = None) -> None:
        self._command(self._transfers.cancel, _copy(item_ids), operation=self.tr("cancel"))

    def retry(self, item_ids: list[int] | None = None) -> None:
        self._command(self._transfers.retry, _copy(item_ids), operation=self.tr("retry"))

    def clear_finished(self) -> None:
        self._command(self._transfers.clear_finished, operation=self.tr("clear finished"))

    def answer_conflict(self, item_id: int, choice: ConflictPolicy,
                        apply_to_all: bool = False) -> None:
        self._command(self._transfers.answer_conflict, item_id, choice, apply_to_all,
                      operation=self.tr("answer"))

    def set_options(self, options: TransferOptions) -> None:
        """Gives the queue new options (a frozen record, safe to hand to the worker)."""
        self.worker.submit(self._transfers.set_options, options,
                           on_error=self.command_failed.emit,
                           operation=self.tr("apply transfer settings"))

    def _command(self, fn: Callable[..., Any], *args: Any, operation: str,
                 on_result: Callable[[Any], object] | None = None,
                 on_error: ErrorHandler | None = None) -> None:
        self.worker.submit(fn, *args, on_result=on_result,
                           on_error=on_error or self.command_failed.emit, operation=operation)
        # Submitted after the command, so it reports the command's effect.
        self.poll()
        self._timer.start()

    def _queued(self, item_ids: list[int]) -> None:
        if item_ids:
            self.transfer_queued.emit(list(item_ids))

    # -- progress -----------------------------------------------------------------------

    def poll(self) -> None:
        """Asks for a snapshot now, unless one is already on its way."""
        if self._poll is None and not self.worker.is_closed:
            self._poll = self.worker.submit(self._transfers.snapshot,
                                            on_result=self._on_snapshot,
                                            on_error=self._on_poll_failed,
                                            operation=self.tr("read transfer progress"))

    def _on_snapshot(self, snapshot: QueueSnapshot) -> None:
        self._poll = None
        self._snapshot = snapshot
        finished = [item for item in snapshot.items if item.state is ItemState.DONE
                    and self._states.get(item.item_id) is not ItemState.DONE]
        self._states = {item.item_id: item.state for item in snapshot.items}
        self.snapshot_taken.emit(snapshot)
        for item in finished:
            self.item_finished.emit(item)
        summary = summary_text(snapshot)
        if summary != self._summary:
            self._summary = summary
            self.summary_changed.emit(summary)
        if not snapshot.running:
            self._timer.stop()

    def _on_poll_failed(self, error: SshdeskError) -> None:
        # The queue is unreachable (the connection is gone): stop asking until the next
        # command, which reports the failure itself.
        self._poll = None
        self._timer.stop()

    def shutdown(self) -> None:
        """Stops polling and the worker, without waiting on the network."""
        if self._listening:
            self._listening = False
            transfersettings.changes().options_changed.disconnect(self.set_options)
        self._timer.stop()
        self.worker.shutdown(0)


def _copy(item_ids: list[int] | None) -> list[int] | None:
    return None if item_ids is None else list(item_ids)
