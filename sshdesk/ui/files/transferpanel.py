"""The transfer panel: a session's queue with progress bars, and the commands on it.

Meant for a dock at the bottom of the main window. It shows what its
:class:`~sshdesk.ui.files.transfercontrol.TransferControl` pulls, and sends commands
through it, so nothing here waits on the queue.
"""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.transfer_state import ItemState
from sshdesk.ui.files.queuemodel import NAME, PROGRESS, PROGRESS_ROLE, QueueModel
from sshdesk.ui.files.transfercontrol import TransferControl
from sshdesk.ui.files.transfersettings import (
    TransferSettingsDialog,
    load_options,
    save_options,
)

_PAUSABLE = (ItemState.PENDING, ItemState.SCANNING, ItemState.RUNNING, ItemState.WAITING)
_RETRYABLE = (ItemState.FAILED, ItemState.CANCELLED)


class ProgressDelegate(QStyledItemDelegate):
    """Paints the progress column as a progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(1, 2, -1, -2)  # type: ignore[attr-defined]
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = int(value)
        bar.text = f"{int(value)} %"
        bar.textVisible = True
        bar.state = option.state  # type: ignore[attr-defined]
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class TransferPanel(QWidget):
    """The queue of one session, and pause, resume, cancel and retry for its items.

    Its "Settings…" button edits the transfer settings of every session (see
    :mod:`sshdesk.ui.files.transfersettings`).

    Attributes:
        control: The queue's control; commands go through it.
        model, view: The queue's rows and their table.
        settings_dialog: The open settings dialog, or ``None``.

    Signals:
        summary_changed(str): The one-line summary for the status bar ("" when idle).
        transfer_queued(): Something was queued (the window shows the panel then).
    """

    summary_changed = Signal(str)
    transfer_queued = Signal()

    def __init__(self, control: TransferControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.control = control
        self.settings_dialog: TransferSettingsDialog | None = None
        self.model = QueueModel(self)
        control.snapshot_taken.connect(self.model.update)
        control.summary_changed.connect(self.summary_changed)
        control.transfer_queued.connect(lambda _ids: self.transfer_queued.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_toolbar())
        self.view = QTreeView(self)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.view))
        self.view.header().resizeSection(NAME, 220)
        self.view.header().resizeSection(PROGRESS, 140)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        layout.addWidget(self.view, 1)

    @property
    def summary(self) -> str:
        """The current one-line summary ("" when nothing runs)."""
        return self.control.summary

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.pause_all = bar.addAction(self.tr("Pause all"), lambda: self.control.pause(None))
        self.resume_all = bar.addAction(self.tr("Resume all"),
                                        lambda: self.control.resume(None))
        self.cancel_all = bar.addAction(self.tr("Cancel all"),
                                        lambda: self.control.cancel(None))
        bar.addSeparator()
        self.clear_finished = bar.addAction(self.tr("Clear finished"),
                                            self.control.clear_finished)
        bar.addSeparator()
        self.edit_settings = bar.addAction(self.tr("Settings…"), self.show_settings)
        return bar

    def show_settings(self) -> None:
        """Opens the transfer settings (window-modal; returns at once). OK saves them, and
        every session's queue applies them."""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        dialog = self.settings_dialog = TransferSettingsDialog(load_options(), self)
        dialog.finished.connect(lambda result: self._settings_closed(dialog, result))
        dialog.open()

    def _settings_closed(self, dialog: TransferSettingsDialog, result: int) -> None:
        self.settings_dialog = None
        if result == QDialog.DialogCode.Accepted:
            save_options(dialog.options())
        dialog.deleteLater()

    def selected_ids(self, states: tuple[ItemState, ...] | None = None) -> list[int]:
        """The selected items' ids (those in ``states``, when given), in queue order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        items = [self.model.item(row) for row in rows]
        return [item.item_id for item in items if states is None or item.state in states]

    def menu(self) -> QMenu:
        """The context menu for the selected items."""
        menu = QMenu(self)
        self._item_action(menu, self.tr("Pause"), self.control.pause, _PAUSABLE)
        self._item_action(menu, self.tr("Resume"), self.control.resume, (ItemState.PAUSED,))
        self._item_action(menu, self.tr("Cancel"), self.control.cancel,
                          (*_PAUSABLE, ItemState.PAUSED))
        self._item_action(menu, self.tr("Retry"), self.control.retry, _RETRYABLE)
        menu.addSeparator()
        menu.addAction(self.clear_finished)
        menu.addSeparator()
        menu.addActions([self.pause_all, self.resume_all, self.cancel_all])
        return menu

    def _item_action(self, menu: QMenu, text: str, command: Callable[[list[int]], None],
                     states: tuple[ItemState, ...]) -> None:
        ids = self.selected_ids(states)
        action = menu.addAction(text, lambda: command(ids))
        action.setEnabled(bool(ids))

    def _show_menu(self, position: QPoint) -> None:
        self.menu().popup(self.view.viewport().mapToGlobal(position))
