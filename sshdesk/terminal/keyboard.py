"""The terminal widget's keyboard: which keys it keeps from the window's shortcuts, its own
shortcuts, keys for the host, and input methods (the committed text, the preedit shown at the
cursor, and the cursor's place for the candidate window).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent

from sshdesk.terminal.painting import display_width
from sshdesk.terminal.qtkeys import encode_key

if TYPE_CHECKING:
    from sshdesk.terminal.widget import TerminalWidget

__all__ = ["KeyboardHandler"]

_SHIFT = Qt.KeyboardModifier.ShiftModifier
_CTRL = Qt.KeyboardModifier.ControlModifier
_CTRL_SHIFT = _CTRL | _SHIFT
#: Ctrl with these switches tabs in most applications, so the window keeps them.
_WINDOW_KEYS = frozenset({Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_PageUp,
                          Qt.Key.Key_PageDown})


class KeyboardHandler:
    """Does the keyboard work of a :class:`~sshdesk.terminal.widget.TerminalWidget`."""

    def __init__(self, widget: TerminalWidget) -> None:
        self._widget = widget
        #: What an input method is composing, shown at the cursor until committed.
        self.preedit = ""

    def wants(self, event: QKeyEvent) -> bool:
        """Whether the terminal keeps a key from the window's shortcuts (ShortcutOverride):
        everything the host would get, but Ctrl+Shift combinations and tab switching."""
        if self._shortcut(event) is not None:
            return True
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers & _CTRL_SHIFT == _CTRL_SHIFT:
            return False
        if modifiers & _CTRL and event.key() in _WINDOW_KEYS:
            return False
        return bool(encode_key(self._widget.emulator, event))

    def _shortcut(self, event: QKeyEvent) -> Callable[[], object] | None:
        """The terminal's own action for a key, if it has one."""
        widget = self._widget
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (key, modifiers) == (Qt.Key.Key_Insert, _CTRL) and widget.has_selection():
            return widget.copy  # Ctrl+Insert copies (Windows, Xshell); else it is the host's
        shortcuts: dict[tuple[int, Qt.KeyboardModifier], Callable[[], object]] = {
            (Qt.Key.Key_C, _CTRL_SHIFT): widget.copy,
            (Qt.Key.Key_V, _CTRL_SHIFT): widget.paste,
            (Qt.Key.Key_F, _CTRL_SHIFT): widget.show_find_bar,
            (Qt.Key.Key_Insert, _SHIFT): widget.paste,
            (Qt.Key.Key_PageUp, _SHIFT): lambda: widget.scroll_pages(-1),
            (Qt.Key.Key_PageDown, _SHIFT): lambda: widget.scroll_pages(1),
        }
        return shortcuts.get((key, modifiers))

    def press(self, event: QKeyEvent) -> None:
        """Runs the terminal's shortcut, or sends the key's bytes to the host."""
        shortcut = self._shortcut(event)
        if shortcut is not None:
            shortcut()
            return
        data = encode_key(self._widget.emulator, event)
        if data:
            self._widget.send_typed(data)
        else:
            event.ignore()

    def input_method(self, event: QInputMethodEvent) -> None:
        """Sends committed text in the session's encoding; keeps the preedit to show."""
        widget = self._widget
        if event.commitString():
            widget.send_typed(widget.emulator.encode_input(event.commitString()))
        if event.preeditString() != self.preedit:
            self.preedit = event.preeditString()
            widget.update_cursor_row()
        event.accept()

    def query(self, query: Qt.InputMethodQuery) -> object:
        """Answers an input method's question, ``None`` for those left to Qt."""
        match query:
            case Qt.InputMethodQuery.ImCursorRectangle | Qt.InputMethodQuery.ImAnchorRectangle:
                return self.cursor_rect()
            case Qt.InputMethodQuery.ImFont:
                return self._widget.terminal_font
            case Qt.InputMethodQuery.ImEnabled:
                return True
            case Qt.InputMethodQuery.ImCursorPosition | Qt.InputMethodQuery.ImAnchorPosition:
                return len(self.preedit)
            case Qt.InputMethodQuery.ImSurroundingText | Qt.InputMethodQuery.ImCurrentSelection:
                return ""
            case Qt.InputMethodQuery.ImHints:
                return (Qt.InputMethodHint.ImhNoPredictiveText
                        | Qt.InputMethodHint.ImhNoAutoUppercase)
        return None

    def cursor_rect(self) -> QRect:
        """The cell after the cursor and the preedit text, in the widget's coordinates: where
        the candidate window goes (just below it)."""
        widget = self._widget
        cursor = widget.frame().cursor
        row, column = ((cursor.row, cursor.column) if cursor is not None
                       else widget.emulator.cursor())
        rect = widget.cell_rect(row, column + display_width(self.preedit))
        return rect.translated(widget.viewport().geometry().topLeft())
