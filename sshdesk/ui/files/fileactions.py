"""What can be done to a pane's files: the context menu, its keys, and the work behind them.

Questions are asked on the GUI thread (through the module's ``ask_*`` and :func:`confirm`
functions, which tests replace); the file system calls run on the pane's worker, and the
pane is listed again afterwards, whatever the outcome, so it shows what really happened.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget
from shiboken6 import isValid

from sshdesk.core.errors import SshdeskError
from sshdesk.core.files import FileEntry, TreeCount, display_name
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.entrymodel import NAME
from sshdesk.ui.files.filedialogs import (
    OwnerDialog,
    PermissionsDialog,
    PropertiesDialog,
    SymlinkDialog,
)
from sshdesk.ui.files.formatting import human_size

if TYPE_CHECKING:
    from sshdesk.ui.files.filepane import FilePane


# -- questions (replaced in tests) -------------------------------------------------------

def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Asks a yes/no question; No is the default."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value.strip() if ok and value.strip() else None


def ask_symlink(parent: QWidget) -> tuple[str, str] | None:
    """The new link's name and target."""
    dialog = SymlinkDialog(parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_permissions(parent: QWidget, what: str, permissions: int,
                    folder: bool) -> tuple[int, bool] | None:
    """New permission bits, and whether to apply them inside the folders."""
    dialog = PermissionsDialog(what, permissions, folder, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.permissions(), dialog.recursive.isChecked()


def ask_owner(parent: QWidget, what: str, entry: FileEntry,
              folder: bool) -> tuple[int | None, int | None, bool] | None:
    """New owner and group numbers (None: unchanged), and whether to apply them inside."""
    dialog = OwnerDialog(what, entry, folder, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.owner(), dialog.group(), dialog.recursive.isChecked()


def delete_question(names: list[str], count: TreeCount, side: str) -> str:
    """The text asking to confirm a delete: what, where, and how much."""
    translate = QCoreApplication.translate
    if len(names) == 1:
        what = translate("FileActions", "“{name}”").format(name=display_name(names[0]))
    else:
        what = translate("FileActions", "{count} items").format(count=len(names))
    if count.files == 1:
        files = translate("FileActions", "1 file")
    else:
        files = translate("FileActions", "{count} files").format(count=count.files)
    if count.folders == 1:
        folders = translate("FileActions", "1 folder")
    else:
        folders = translate("FileActions", "{count} folders").format(count=count.folders)
    return translate("FileActions", "Delete {what} from {side}?\n\nThis deletes {files} "
                     "and {folders} ({size}). It cannot be undone.").format(
        what=what, side=side, files=files, folders=folders, size=human_size(count.bytes))


class FileActions(QObject):
    """The actions of one pane, as its context menu and keyboard shortcuts.

    Attributes:
        send, rename, delete, new_folder, new_file, new_symlink, permissions, owner,
        copy_path, properties, open_terminal: The actions (``open_terminal`` on the
            server's pane only).
        last_properties: The properties dialog opened last (it may be closed).
    """

    def __init__(self, pane: "FilePane") -> None:
        super().__init__(pane)
        self._pane = pane
        remote = pane.side is Side.REMOTE
        self.send = self._action(self.tr("Download") if remote else self.tr("Upload"),
                                 self._send, "Ctrl+Return")
        self.rename = self._action(self.tr("Rename"), self._rename, "F2")
        self.delete = self._action(self.tr("Delete"), self._delete,
                                   QKeySequence.StandardKey.Delete)
        self.new_folder = self._action(self.tr("New folder…"), self._new_folder, "F7")
        self.new_file = self._action(self.tr("New file…"), self._new_file, "Shift+F4")
        self.new_symlink = self._action(self.tr("New symbolic link…"), self._new_symlink)
        self.permissions = self._action(self.tr("Permissions…"), self._chmod)
        self.owner = self._action(self.tr("Owner and group…"), self._chown)
        self.copy_path = self._action(self.tr("Copy path"), self._copy_path,
                                      "Ctrl+Shift+C")
        self.properties = self._action(self.tr("Properties"), self._properties, "Alt+Return")
        self.open_terminal = self._action(self.tr("Open in terminal"), self._open_terminal) \
            if remote else None
        self.last_properties: PropertiesDialog | None = None
        pane.model.rename_requested.connect(self._rename_to)

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self._pane)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self._pane.view.addAction(action)  # the keys work while the file list has focus
        return action

    def show_menu(self, position: QPoint) -> None:
        self.menu().popup(self._pane.view.viewport().mapToGlobal(position))

    def menu(self) -> QMenu:
        """The context menu for the current selection (built anew each time)."""
        selected = self._pane.selected_entries()
        menu = QMenu(self._pane)
        for action in (self.send, self.rename, self.delete, self.permissions, self.owner,
                       self.copy_path):
            action.setEnabled(bool(selected))
        self.rename.setEnabled(len(selected) == 1)
        self.properties.setEnabled(len(selected) == 1)
        menu.addAction(self.send)
        menu.addSeparator()
        menu.addActions([self.rename, self.delete])
        menu.addSeparator()
        menu.addActions([self.new_folder, self.new_file, self.new_symlink])
        menu.addSeparator()
        menu.addActions([self.permissions, self.owner, self.copy_path])
        if self.open_terminal is not None:
            menu.addAction(self.open_terminal)
        menu.addSeparator()
        menu.addAction(self.properties)
        return menu

    # -- running ------------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], *args: Any, operation: str,
             select: list[str] | None = None,
             on_result: Callable[[Any], object] | None = None) -> None:
        """Runs ``fn(*args)`` on the pane's worker, then lists the folder again."""
        pane = self._pane

        def done(value: object) -> None:
            if on_result is not None:
                on_result(value)
            pane.refresh(select)

        def failed(error: SshdeskError) -> None:
            pane.show_error(error)
            pane.refresh()

        pane.worker.submit(fn, *args, on_result=done, on_error=failed, operation=operation)

    def _what(self, entries: list[FileEntry]) -> str:
        if len(entries) == 1:
            return display_name(entries[0].name)
        return self.tr("{count} items").format(count=len(entries))

    # -- the actions --------------------------------------------------------------------

    def _send(self) -> None:
        if paths := self._pane.selected_paths():
            self._pane.send_requested.emit(paths)

    def _rename(self) -> None:
        view = self._pane.view
        current = view.currentIndex()
        if current.isValid() and self._pane.selected_entries():
            view.edit(current.siblingAtColumn(NAME))

    def _rename_to(self, entry: FileEntry, new_name: str) -> None:
        pane = self._pane
        self._run(_rename, pane.fs, pane.path_of(entry.name), pane.path_of(new_name),
                  operation=self.tr("rename"), select=[new_name])

    def _delete(self) -> None:
        pane = self._pane
        names = pane.selected_names()
        if not names:
            return
        paths = [pane.path_of(name) for name in names]

        def ask(count: TreeCount) -> None:
            text = delete_question(names, count, pane.fs.label)
            if confirm(pane, self.tr("Delete"), text):
                self._run(_delete_all, pane.fs, paths, operation=self.tr("delete"))

        pane.worker.submit(_count_all, pane.fs, paths, on_result=ask,
                           on_error=pane.show_error, operation=self.tr("count files"))

    def _new_folder(self) -> None:
        pane = self._pane
        name = ask_text(pane, self.tr("New folder"), self.tr("Folder name:"))
        if name:
            self._run(pane.fs.make_folder, pane.path_of(name),
                      operation=self.tr("create folder"), select=[name])

    def _new_file(self) -> None:
        pane = self._pane
        name = ask_text(pane, self.tr("New file"), self.tr("File name:"))
        if name:
            self._run(pane.fs.make_file, pane.path_of(name), operation=self.tr("create file"),
                      select=[name])

    def _new_symlink(self) -> None:
        pane = self._pane
        answer = ask_symlink(pane)
        if answer:
            name, target = answer
            self._run(pane.fs.make_symlink, target, pane.path_of(name),
                      operation=self.tr("create link"), select=[name])

    def _chmod(self) -> None:
        pane = self._pane
        entries = pane.selected_entries()
        if not entries:
            return
        folder = any(entry.is_dir and not entry.is_link for entry in entries)
        answer = ask_permissions(pane, self._what(entries), entries[0].permissions, folder)
        if answer:
            permissions, recursive = answer
            paths = [pane.path_of(entry.name) for entry in entries]
            self._run(_chmod_all, pane.fs, paths, permissions, recursive,
                      operation=self.tr("change permissions"), select=pane.selected_names())

    def _chown(self) -> None:
        pane = self._pane
        entries = pane.selected_entries()
        if not entries:
            return
        folder = any(entry.is_dir and not entry.is_link for entry in entries)
        answer = ask_owner(pane, self._what(entries), entries[0], folder)
        if answer and (answer[0] is not None or answer[1] is not None):
            owner, group, recursive = answer
            paths = [pane.path_of(entry.name) for entry in entries]
            self._run(_chown_all, pane.fs, paths, owner, group, recursive,
                      operation=self.tr("change owner"), select=pane.selected_names())

    def _copy_path(self) -> None:
        if paths := self._pane.selected_paths():
            QGuiApplication.clipboard().setText("\n".join(map(display_name, paths)))

    def _properties(self) -> None:
        pane = self._pane
        entries = pane.selected_entries()
        if len(entries) != 1:
            return
        entry = entries[0]
        dialog = PropertiesDialog(entry, pane.path, pane.fs.label, pane)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_properties = dialog
        if entry.is_dir and not entry.is_link:
            pane.worker.submit(pane.fs.count_tree, pane.path_of(entry.name),
                               on_result=lambda count: _if_alive(dialog, dialog.set_count,
                                                                 count),
                               on_error=lambda _e: _if_alive(dialog, dialog.set_count_failed),
                               operation=self.tr("count files"))

    def _open_terminal(self) -> None:
        pane = self._pane
        entries = pane.selected_entries()
        if len(entries) == 1 and entries[0].is_dir:
            pane.terminal_requested.emit(pane.path_of(entries[0].name))
        elif pane.path:
            pane.terminal_requested.emit(pane.path)


def _if_alive(widget: QWidget, fn: Callable[..., object], *args: object) -> None:
    """Calls ``fn`` unless ``widget`` was closed (and deleted) meanwhile."""
    if isValid(widget):
        fn(*args)


# -- worker jobs: plain functions of their arguments, so nothing of the GUI is touched ----

def _rename(fs: Any, old: str, new: str) -> None:
    fs.rename(old, new)


def _count_all(fs: Any, paths: list[str]) -> TreeCount:
    counts = [fs.count_tree(path) for path in paths]
    return TreeCount(sum(c.files for c in counts), sum(c.folders for c in counts),
                     sum(c.bytes for c in counts))


def _delete_all(fs: Any, paths: list[str]) -> None:
    for path in paths:
        fs.delete(path)


def _chmod_all(fs: Any, paths: list[str], permissions: int, recursive: bool) -> None:
    for path in paths:
        fs.chmod(path, permissions, recursive)


def _chown_all(fs: Any, paths: list[str], owner: int | None, group: int | None,
               recursive: bool) -> None:
    for path in paths:
        fs.chown(path, owner, group, recursive)
