"""The file manager of a session: this computer's files on the left, the server's on the
right, and the transfers between them.

The browser turns what the panes ask for into transfers: files sent (double-click, Enter,
Upload/Download) or dropped go to the other pane's folder, or to the folder dropped on.
Left to right is an upload, right to left a download. When a transfer into a folder a
pane shows finishes, that pane is listed again.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from sshdesk.core.files import FileSystem
from sshdesk.core.localfs import LocalFileSystem
from sshdesk.core.transfer_state import Direction, ItemSnapshot, Transfers
from sshdesk.ui.files.conflictdialog import ConflictPrompter
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.filepane import FilePane
from sshdesk.ui.files.transfercontrol import TransferControl
from sshdesk.ui.files.transferpanel import TransferPanel


class FileBrowser(QWidget):
    """Two panes side by side, and the transfer queue they feed.

    Attributes:
        local_pane, remote_pane: The panes (left: this computer; right: the server).
        control: The transfer queue's control.
        transfer_panel: The queue's panel, made without a parent: the window docks it.
            It is deleted by :meth:`shutdown`.
        conflicts: Asks about existing targets.

    Signals:
        terminal_folder_requested(object): The user asked to open this server folder in the
            session's terminal.
    """

    terminal_folder_requested = Signal(object)  # a path: see sshdesk.ui.files.listing

    def __init__(self, local: FileSystem, remote: FileSystem, transfers: Transfers,
                 remote_folder: str = "", local_folder: str = "",
                 parent: QWidget | None = None) -> None:
        """Starts listing both panes at once.

        Args:
            remote_folder: Where the server's pane opens (a saved session's initial remote
                folder); its home folder when empty.
            local_folder: Where this computer's pane opens; the home folder when empty.
        """
        super().__init__(parent)
        self.control = TransferControl(transfers, self)
        self.local_pane = FilePane(local, Side.LOCAL, "local", self)
        self.remote_pane = FilePane(remote, Side.REMOTE, "remote/" + remote.label, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.local_pane)
        splitter.addWidget(self.remote_pane)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.transfer_panel = TransferPanel(self.control)
        self.conflicts = ConflictPrompter(self.control, self)
        self.local_pane.send_requested.connect(
            lambda paths: self._transfer(Side.LOCAL, paths, self.remote_pane.path))
        self.remote_pane.send_requested.connect(
            lambda paths: self._transfer(Side.REMOTE, paths, self.local_pane.path))
        self.local_pane.paths_dropped.connect(self._on_dropped_here)
        self.remote_pane.paths_dropped.connect(self._on_dropped)
        self.remote_pane.terminal_requested.connect(self.terminal_folder_requested)
        self.control.item_finished.connect(self._on_item_finished)
        self.local_pane.open_initial(local_folder)
        self.remote_pane.open_initial(remote_folder)

    def _pane(self, side: Side) -> FilePane:
        return self.local_pane if side is Side.LOCAL else self.remote_pane

    def _transfer(self, source: Side, paths: list[str], folder: str) -> None:
        """Queues ``paths`` from the ``source`` side into ``folder`` on the other side."""
        if not paths:
            return
        target = self._pane(Side.REMOTE if source is Side.LOCAL else Side.LOCAL)
        if not folder:
            target.message_bar.show_text(self.tr("This folder is still opening; try again "
                                                 "in a moment."))
            return
        if source is Side.LOCAL:
            self.control.upload(paths, folder, on_error=target.show_error)
        else:
            self.control.download(paths, folder, on_error=target.show_error)

    def _on_dropped(self, source: Side, paths: list[str], folder: str) -> None:
        self._transfer(source, paths, folder)

    def _on_dropped_here(self, source: Side, paths: list[str], folder: str) -> None:
        """A drop on this computer's pane: from the server a download, from another
        program (a desktop file manager) a copy into the folder."""
        if source is Side.REMOTE:
            self._transfer(source, paths, folder)
            return
        pane = self.local_pane
        if not isinstance(pane.fs, LocalFileSystem) or not paths:
            return
        pane.worker.submit(pane.fs.copy_in, paths, folder,
                           on_result=lambda names: pane.refresh(select=names),
                           on_error=pane.show_error, operation=self.tr("copy"))

    def _on_item_finished(self, item: ItemSnapshot) -> None:
        pane = self.local_pane if item.direction is Direction.DOWNLOAD else self.remote_pane
        if pane.shows(item.target):
            pane.schedule_refresh()

    def set_terminal_folder(self, path: str) -> None:
        """The terminal's shell reported its folder (the server pane may follow it)."""
        self.remote_pane.set_terminal_folder(path)

    def shutdown(self) -> None:
        """Stops the panes' and the queue's workers (never waiting on the network) and
        deletes the transfer panel. The queue itself belongs to the connection."""
        self.local_pane.shutdown()
        self.remote_pane.shutdown()
        self.control.shutdown()
        self.transfer_panel.deleteLater()
