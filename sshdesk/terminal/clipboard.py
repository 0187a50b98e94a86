"""The clipboard and the X11 primary selection for the terminal, and the question asked
before a paste that could run commands."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

__all__ = ["ask_before_paste", "get", "put"]

#: Lines of a paste shown in the question, and characters of each.
_PREVIEW_LINES = 5
_PREVIEW_WIDTH = 80


def put(text: str, primary: bool = False) -> None:
    """Puts ``text`` on the clipboard, or on the primary selection (where there is one)."""
    clipboard = QGuiApplication.clipboard()
    if primary:
        if clipboard.supportsSelection():
            clipboard.setText(text, QClipboard.Mode.Selection)
        return
    clipboard.setText(text, QClipboard.Mode.Clipboard)


def get(primary: bool = False) -> str:
    """The clipboard's text, or the primary selection's (the clipboard's where there is no
    primary selection, as on Windows and macOS)."""
    clipboard = QGuiApplication.clipboard()
    if primary and clipboard.supportsSelection():
        return clipboard.text(QClipboard.Mode.Selection)
    return clipboard.text(QClipboard.Mode.Clipboard)


def ask_before_paste(parent: QWidget, text: str) -> tuple[bool, bool]:
    """Asks whether to paste several lines (each would run as a command).

    Returns:
        Whether to paste, and whether the user ticked "Don't ask again".
    """
    lines = text.rstrip("\n").split("\n")
    preview = [line if len(line) <= _PREVIEW_WIDTH else line[:_PREVIEW_WIDTH] + "…"
               for line in lines[:_PREVIEW_LINES]]
    if len(lines) > _PREVIEW_LINES:
        preview.append("…")
    if len(lines) > 1:
        question = QCoreApplication.translate(
            "TerminalWidget", "Paste {count} lines into the terminal?").format(count=len(lines))
    else:  # one line and its line break: it runs at once
        question = QCoreApplication.translate(
            "TerminalWidget", "Paste a command that runs at once into the terminal?")
    title = QCoreApplication.translate("TerminalWidget", "Paste")
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText("\n".join(preview))
    paste = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(paste)
    dont_ask = QCheckBox(QCoreApplication.translate("TerminalWidget", "Don't ask again"), box)
    box.setCheckBox(dont_ask)
    box.exec()
    return box.clickedButton() is paste, dont_ask.isChecked()
