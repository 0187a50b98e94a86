"""Search in the terminal's buffer: the search itself (plain text over rows of text) and the
small find bar the terminal widget shows on Ctrl+Shift+F.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

if TYPE_CHECKING:
    from sshdesk.terminal.widget import TerminalWidget

__all__ = ["Finder", "Match", "TerminalFindBar", "search_lines"]


class Match(NamedTuple):
    """A match: buffer row and the ``[start, stop)`` character indices in that row's text."""

    row: int
    start: int
    stop: int


def search_lines(lines: Sequence[str], text: str, *, backwards: bool, case_sensitive: bool,
                 after: Match | None = None) -> Match | None:
    """Finds ``text`` in ``lines``, moving on from ``after`` and wrapping around the ends.

    Args:
        lines: The buffer's rows, oldest first.
        text: What to find (plain text, not a pattern).
        backwards: Towards older rows (up), else towards newer ones.
        case_sensitive: Whether case matters.
        after: The match to move on from; ``None`` starts at the bottom when searching
            backwards, else at the top.

    Returns:
        The next match, ``after`` itself when it is the only one, or ``None``.
    """
    if not text or not lines:
        return None
    pattern = re.compile(re.escape(text), 0 if case_sensitive else re.IGNORECASE)
    count = len(lines)
    if after is None:
        start_row, bound = (count - 1, None) if backwards else (0, None)
    else:
        start_row, bound = after.row, after.start
    for step in range(count + 1):
        row = (start_row - step if backwards else start_row + step) % count
        found = _in_line(pattern, lines[row], backwards, bound if step == 0 else None)
        if found is not None:
            return Match(row, *found)
    return None


def _in_line(pattern: re.Pattern[str], line: str, backwards: bool,
             bound: int | None) -> tuple[int, int] | None:
    """The last match starting before ``bound`` (backwards) or the first after it."""
    spans = [m.span() for m in pattern.finditer(line)]
    if bound is not None:
        spans = [s for s in spans if (s[0] < bound if backwards else s[0] > bound)]
    if not spans:
        return None
    return spans[-1] if backwards else spans[0]


class Finder:
    """A terminal's search: remembers the last one, so that searching again moves on.

    Args:
        terminal: The widget whose buffer is searched and which shows the matches.
    """

    def __init__(self, terminal: TerminalWidget) -> None:
        self._terminal = terminal
        self._last: tuple[str, bool, bool] | None = None  # text, backwards, case-sensitive
        self._match: Match | None = None

    def find(self, text: str, backwards: bool, case_sensitive: bool) -> bool:
        """Finds ``text``, moving on from the last match if it is the same search; shows
        and selects the match. Returns whether there is one."""
        last = self._last
        same = last is not None and (last[0], last[2]) == (text, case_sensitive)
        self._last = (text, backwards, case_sensitive)
        self._match = search_lines(self._terminal.buffer_lines(), text, backwards=backwards,
                                   case_sensitive=case_sensitive,
                                   after=self._match if same else None)
        if self._match is None:
            return False
        self._terminal.show_match(*self._match)
        return True

    def again(self, reverse: bool = False) -> bool:
        """Repeats the last search, the other way with ``reverse``."""
        if self._last is None:
            return False
        text, backwards, case_sensitive = self._last
        return self.find(text, backwards != reverse, case_sensitive)


class TerminalFindBar(QFrame):
    """Find text in the terminal: a text field, older/newer buttons, match case and close.

    Enter finds the next older match (a terminal's news is at the bottom, so searches go up),
    Shift+Enter the next newer one, Escape closes the bar. Typing searches as you type.

    Signals:
        closed: The bar was closed (the terminal takes the focus back).
    """

    closed = Signal()

    def __init__(self, terminal: TerminalWidget) -> None:
        super().__init__(terminal)
        self._terminal = terminal
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Find"))
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.match_case = QCheckBox(self.tr("Match case"), self)
        self.status = QLabel(self)
        older = self._button("↑", self.tr("Find older match (Enter)"), self.find_older)
        newer = self._button("↓", self.tr("Find newer match (Shift+Enter)"), self.find_newer)
        close = self._button("✕", self.tr("Close (Escape)"), self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (self.edit, self.status, older, newer, self.match_case, close):
            layout.addWidget(widget)
        self.edit.textChanged.connect(self._search_again)
        self.match_case.toggled.connect(self._search_again)
        self.hide()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def open(self) -> None:
        """Shows the bar with the terminal's selection (if one line) as the text to find."""
        selected = self._terminal.selected_text()
        if selected and "\n" not in selected:
            self.edit.setText(selected)
        self.show()
        self.raise_()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        """Hides the bar and gives the terminal the focus back."""
        self.hide()
        self._terminal.setFocus()
        self.closed.emit()

    def find_older(self) -> None:
        """Finds the next match above the current one."""
        self._show_result(self._terminal.find(self.edit.text(), backwards=True,
                                              case_sensitive=self.match_case.isChecked()))

    def find_newer(self) -> None:
        """Finds the next match below the current one."""
        self._show_result(self._terminal.find(self.edit.text(), backwards=False,
                                              case_sensitive=self.match_case.isChecked()))

    def _search_again(self) -> None:
        text = self.edit.text()
        if not text:
            self.status.clear()
            self._terminal.clear_selection()
            return
        self._show_result(self._terminal.find(text, case_sensitive=self.match_case.isChecked()))

    def _show_result(self, found: bool) -> None:
        self.status.setText("" if found or not self.edit.text() else self.tr("Not found"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter, Shift+Enter and Escape in the text field."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_newer()
                else:
                    self.find_older()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
