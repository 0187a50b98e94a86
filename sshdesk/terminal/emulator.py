"""The terminal emulator core: evp (libghostty-vt) behind a small, Qt-free interface.

Every evp call in sshdesk lives here, so the core can be swapped for any that passes
``tests/unit/terminal/test_conformance.py``; the widget and the session see only
:class:`EmulatorCore` and plain records.

* **Render model.** :meth:`TerminalEmulator.frame` converts each evp row to a :class:`RowView` of
  style runs. evp returns the same ``Row`` object for a row that still shows the same thing (even
  one a scroll moved), so conversions are cached by row identity and an unchanged row is the same
  :class:`RowView` object: the widget repaints only rows it has not seen. Styles are converted
  once per evp style index.
* **Scrollback.** evp keeps it (bounded in bytes) and scrolls the viewport; a frame shows the
  viewport. evp 0.0.1 has no cheap row count (``scrolled_off`` costs ~7 us a row: 1 MB/s on
  ``seq``), so ``history()`` is counted on demand and cached, and the viewport position is tracked
  here: ``None`` at the bottom (evp follows output), else the top row's index in the scrollback,
  which stays put while output arrives (evp pins a scrolled viewport).
* **Encodings.** evp parses UTF-8 only and reassembles UTF-8 split across feeds, so UTF-8 goes
  straight through; other (ASCII-compatible) encodings pass an incremental decoder, then UTF-8.
  Input for the host (text, pastes, keys) is encoded the other way.
* **Threads.** Not thread-safe: the GUI thread owns an emulator. evp holds the GIL while it
  parses, so :meth:`TerminalEmulator.feed` hands it 64 KiB at a time.
"""

from __future__ import annotations

import codecs
import logging
from collections import deque
from collections.abc import Sequence
from itertools import compress
from operator import ne
from typing import Protocol

import evp
from evp import Key, KeyAction, Mods, MouseAction, MouseButton

from sshdesk.terminal.model import (
    RGB,
    Bell,
    CellStyle,
    ClipboardWrite,
    CursorView,
    FrameView,
    Modes,
    PwdChanged,
    RowView,
    Run,
    TerminalEvent,
    TitleChanged,
    xterm_palette,
)

# The evp enums are passed on so the widget can encode keys and mouse events without evp.
log = logging.getLogger(__name__)

__all__ = [
    "EmulatorCore", "Key", "KeyAction", "Mods", "MouseAction", "MouseButton", "TerminalEmulator",
]

#: evp parses while holding the GIL: 64 KiB takes 1-2 ms.
FEED_CHUNK = 64 * 1024
#: Scrollback costs about 9 bytes a cell; size the budget for rows this wide so a wider window
#: still keeps the lines asked for, plus a page or two that libghostty frees at once.
_BUDGET_COLUMNS = 160
_BYTES_PER_CELL = 10
_BUDGET_SLACK = 1 << 20
_MAX_EVENTS = 256
_NO_MODS = Mods(0)
_CLIPBOARD_TARGETS = ("clipboard", "selection", "primary")  # by evp.ClipboardLocation


class EmulatorCore(Protocol):
    """What the widget and the terminal session use of a terminal core."""

    @property
    def encoding(self) -> str: ...
    @property
    def bell_count(self) -> int: ...
    def feed(self, data: bytes) -> None: ...
    def take_replies(self) -> bytes: ...
    def take_events(self) -> list[TerminalEvent]: ...
    def set_encoding(self, name: str) -> None: ...
    def size(self) -> tuple[int, int]: ...
    def resize(self, columns: int, rows: int) -> None: ...
    def set_cell_size(self, width: int, height: int) -> None: ...
    def set_colors(self, foreground: RGB, background: RGB, palette16: Sequence[RGB]) -> None: ...
    def title(self) -> str: ...
    def pwd(self) -> str: ...
    def modes(self) -> Modes: ...
    def frame(self) -> FrameView: ...
    def display(self) -> list[str]: ...
    def cursor(self) -> tuple[int, int]: ...
    def scroll_viewport(self, delta: int) -> None: ...
    def scroll_viewport_to(self, top: int) -> None: ...
    def scroll_viewport_to_top(self) -> None: ...
    def scroll_viewport_to_bottom(self) -> None: ...
    def viewport_at_bottom(self) -> bool: ...
    def viewport_top(self) -> int: ...
    def scrollback_size(self) -> int: ...
    def history_lines(self) -> list[str]: ...
    def encode_input(self, text: str) -> bytes: ...
    def key_bytes(self, key: Key, mods: Mods = ..., text: str | None = None, *,
                  action: KeyAction = ..., consumed_mods: Mods = ...,
                  unshifted: str | None = None, composing: bool = False) -> bytes: ...
    def mouse_bytes(self, action: MouseAction, x: float, y: float,
                    button: MouseButton | None = None, mods: Mods = ...,
                    any_button_pressed: bool = False) -> bytes: ...
    def paste_bytes(self, text: str) -> bytes: ...
    def is_paste_safe(self, text: str) -> bool: ...
    def focus_bytes(self, gained: bool) -> bytes: ...


class _Codec:
    """A session encoding: host bytes to UTF-8 for evp, and our UTF-8 or text to host bytes."""

    def __init__(self, name: str) -> None:
        info = codecs.lookup(name)
        ascii_chars = bytes(range(128))
        # Escape sequences are ASCII, so only an ASCII-compatible encoding can carry them.
        if ascii_chars.decode(info.name, "replace").encode(info.name, "replace") != ascii_chars:
            raise ValueError(f"{name} is not ASCII-compatible")
        self.name = info.name
        self.is_utf8 = info.name == "utf-8"
        self._decoder = info.incrementaldecoder(errors="replace")

    def to_utf8(self, data: bytes) -> bytes:
        """Host bytes as UTF-8; a character split across calls comes out whole with the last."""
        if self.is_utf8:
            return data  # evp reassembles split UTF-8 itself
        return self._decoder.decode(data).encode("utf-8")

    def from_utf8(self, data: bytes) -> bytes:
        """UTF-8 from evp's encoders in the host's encoding (unmapped characters become ?)."""
        if self.is_utf8 or data.isascii():
            return data
        try:
            return data.decode("utf-8").encode(self.name, "replace")
        except UnicodeDecodeError:  # not text (a legacy mouse report): leave it alone
            return data

    def encode(self, text: str) -> bytes:
        """Text in the host's encoding (unmapped characters become ?)."""
        return text.encode(self.name, "replace")


def _cell_style(style: evp.Style) -> CellStyle:
    return CellStyle(style.foreground, style.background, style.underline_color, style.bold,
                     style.faint, style.italic, style.underline, style.strikethrough,
                     style.inverse, style.invisible, style.blink, style.overline)


def _convert_row(row: evp.Row, styles: list[CellStyle]) -> RowView:
    """Splits a row into runs of equal style, with C-level loops rather than a Python one."""
    graphemes, ids = row.graphemes, row.styles
    text = "".join(graphemes)  # a wide character's tail is "", so it appears once
    count = len(ids)
    if not count:
        return RowView(text, (), graphemes, row.widths)
    if ids.count(ids[0]) == count:
        return RowView(text, (Run(0, text, count, styles[ids[0]]),), graphemes, row.widths)
    starts = [0, *compress(range(1, count), map(ne, ids[1:], ids))]
    ends = [*starts[1:], count]
    runs = tuple(Run(a, "".join(graphemes[a:b]), b - a, styles[ids[a]])
                 for a, b in zip(starts, ends, strict=True))
    return RowView(text, runs, graphemes, row.widths)


class _Sink:
    """What evp's callbacks report, kept apart from the emulator: the callbacks live inside the
    evp terminal, which the garbage collector cannot look into, so a callback that held the
    emulator would keep it (and its scrollback) alive forever."""

    def __init__(self) -> None:
        self.replies = bytearray()
        self.events: deque[TerminalEvent] = deque(maxlen=_MAX_EVENTS)
        self.bells = 0
        self.cell_size: tuple[int, int] | None = None

    def terminal(self, columns: int, rows: int, scrollback_bytes: int) -> evp.Terminal:
        """An evp terminal that reports here."""
        return evp.Terminal(
            columns, rows, max_scrollback_bytes=scrollback_bytes,
            on_write_pty=self.replies.extend, on_bell=self.bell, on_size=self.size,
            on_title_changed=lambda title: self.events.append(TitleChanged(title)),
            on_pwd_changed=lambda pwd: self.events.append(PwdChanged(pwd)),
            on_clipboard_write=self.clipboard)

    def size(self) -> tuple[int, int] | None:
        return self.cell_size

    def bell(self) -> None:
        self.bells += 1
        if not self.events or not isinstance(self.events[-1], Bell):
            self.events.append(Bell())

    def clipboard(self, location: evp.ClipboardLocation, items: list[tuple[str, str]]) -> None:
        self.events.append(ClipboardWrite(_CLIPBOARD_TARGETS[location], tuple(items)))


class TerminalEmulator:
    """A terminal screen fed a host's output; implements :class:`EmulatorCore`.

    Args:
        columns: Width in cells.
        rows: Height in cells.
        encoding: The session's encoding (any ASCII-compatible Python codec name).
        scrollback_lines: How many rows of scrollback to keep at least (for plain rows up to
            160 columns; evp bounds it in bytes, so narrower rows keep more).

    Raises:
        LookupError: The encoding is unknown.
        ValueError: The encoding is not ASCII-compatible.
    """

    def __init__(self, columns: int, rows: int, encoding: str = "utf-8",
                 scrollback_lines: int = 10000) -> None:
        self._codec = _Codec(encoding)
        self._sink = _Sink()
        budget = scrollback_lines * _BUDGET_COLUMNS * _BYTES_PER_CELL
        self._term = self._sink.terminal(columns, rows, budget + _BUDGET_SLACK if budget else 0)
        self._render = evp.RenderState(self._term)
        self._keys = evp.KeyEncoder(self._term)
        self._mouse = evp.MouseEncoder(self._term, track_last_cell=True)
        self._styles: list[CellStyle] = []
        self._rows: dict[int, tuple[evp.Row, RowView]] = {}
        self._palette: tuple[bytes, tuple[RGB, ...]] = (b"", ())
        self._cursor = (0, 0)
        self._top: int | None = None  # viewport's first row in the scrollback; None: at bottom
        self._history_size = 0  # the scrollback's size when last counted
        self._history_stale = True  # output or a resize since
        self._was_alternate = False
        self.rejected_chunks = 0  # chunks the core refused (see feed)

    def feed(self, data: bytes) -> None:
        """Parses what the host wrote, in bounded chunks (see the module notes on the GIL)."""
        if not data:
            return
        self._history_stale = True
        utf8 = self._codec.to_utf8(data)
        for start in range(0, len(utf8), FEED_CHUNK):
            try:
                self._term.feed(utf8[start:start + FEED_CHUNK])
            except evp.GhosttyError as error:
                # libghostty-vt 0.0.1 rejects some odd sequences in some states ("invalid
                # value", found by tests/unit/terminal/test_fuzz.py); a program's garbage
                # must not end the session, so the chunk's effect so far stands.
                log.debug("the terminal core rejected output: %s", error)
                self.rejected_chunks += 1
        if self._top is not None and (b"\x1b[3J" in utf8 or b"\x1bc" in utf8):
            # Erasing the scrollback or a reset puts evp's viewport back at the bottom.
            self._top, self._history_size = None, 0
        self._leave_alternate_at_bottom()

    def take_replies(self) -> bytes:
        """The bytes to send back to the host (device attributes, cursor reports), once."""
        replies = bytes(self._sink.replies)
        self._sink.replies.clear()
        return replies

    def take_events(self) -> list[TerminalEvent]:
        """Title, pwd, bell and clipboard events since the last call, oldest first (the last
        256 at most: the widget takes them every frame)."""
        events = list(self._sink.events)
        self._sink.events.clear()
        return events

    @property
    def bell_count(self) -> int:
        """How many BELs the host sent, in all."""
        return self._sink.bells

    @property
    def encoding(self) -> str:
        """The session's encoding, as Python's codec name (``utf-8``, ``gbk``, ...)."""
        return self._codec.name

    def set_encoding(self, name: str) -> None:
        """Switches the session's encoding now (a character split here is lost); raises as
        the constructor does."""
        self._codec = _Codec(name)

    def size(self) -> tuple[int, int]:
        """``(columns, rows)``."""
        return self._term.size()

    def resize(self, columns: int, rows: int) -> None:
        """Resizes and rewraps the screen and scrollback, and scrolls back to the bottom."""
        width, height = self._sink.cell_size or (0, 0)
        self._term.resize(columns, rows, cell_width=width, cell_height=height)
        self.scroll_viewport_to_bottom()
        self._history_stale = True
        self._history_size = 0  # a rewrap can shrink it: no longer a lower bound

    def set_cell_size(self, width: int, height: int) -> None:
        """Sets a cell's size in pixels: mouse positions are in pixels from then on, and
        size reports (``CSI 14/16/18 t``, mode 2048) tell the host."""
        self._sink.cell_size = (width, height)
        self._mouse = evp.MouseEncoder(self._term, cell_width=width, cell_height=height,
                                       track_last_cell=True)
        columns, rows = self._term.size()
        self._term.resize(columns, rows, cell_width=width, cell_height=height)

    def set_colors(self, foreground: RGB, background: RGB, palette16: Sequence[RGB]) -> None:
        """Applies a color scheme; colors the program set itself (OSC 4/10/11) stay."""
        self._term.set_default_colors(foreground, background)
        self._term.set_default_palette(xterm_palette(palette16))

    def title(self) -> str:
        """The title the program set (OSC 0/2), or ``""``."""
        return self._term.title()

    def pwd(self) -> str:
        """The working directory the program reported (OSC 7), or ``""``."""
        return self._term.pwd()

    def modes(self) -> Modes:
        """A snapshot of the modes the widget acts on."""
        mode = self._term.mode
        return Modes(mode(1), mode(25), mode(9), mode(1000), mode(1002), mode(1003), mode(1006),
                     mode(1004), mode(2004), self._alternate())

    def _alternate(self) -> bool:
        return self._term.mode(1049) or self._term.mode(1047) or self._term.mode(47)

    def frame(self) -> FrameView:
        """What the viewport shows now; unchanged rows are the same :class:`RowView` objects."""
        hidden = not self._term.mode(25)
        # Read the cursor's place even while the program hides it (for cursor() and input
        # methods); its visibility is the mode's, not the frame's.
        if hidden:
            self._term.set_mode(25, True)
        try:
            raw = self._render.frame()
        finally:
            if hidden:
                self._term.set_mode(25, False)
        self._add_styles(raw.new_styles)
        rows = self._convert_rows(raw.rows)
        cursor = self._cursor_view(raw.cursor, rows, not hidden)
        return FrameView(raw.size[0], rows, cursor, raw.foreground, raw.background,
                         self._palette_of(raw.palette))

    def display(self) -> list[str]:
        """The viewport's rows as text: every cell's grapheme, a space for a blank cell, a wide
        character once (so a row is one character per cell, less one per wide character)."""
        return [row.text for row in self.frame().rows]

    def cursor(self) -> tuple[int, int]:
        """The cursor's ``(row, column)`` on the screen, even while hidden; while the viewport
        is scrolled back, where it was when last seen."""
        self.frame()
        return self._cursor

    def _leave_alternate_at_bottom(self) -> None:
        # evp keeps the main screen's viewport where it was while a full-screen program ran;
        # show its bottom again instead, as other terminals do (and as a resize meanwhile,
        # which only reached the alternate screen's viewport, assumed).
        alternate = self._alternate()
        if self._was_alternate and not alternate:
            self.scroll_viewport_to_bottom()
        self._was_alternate = alternate

    def _add_styles(self, new_styles: tuple[evp.Style, ...]) -> None:
        self._styles.extend(map(_cell_style, new_styles))

    def _convert_rows(self, raw_rows: tuple[evp.Row, ...]) -> tuple[RowView, ...]:
        # Keep only this frame's rows: evp reuses a Row object for as long as the row shows the
        # same thing, and holding the Row keeps its id from being reused by another.
        cache, fresh = self._rows, {}
        views = []
        for row in raw_rows:
            hit = cache.get(id(row))
            view = hit[1] if hit is not None and hit[0] is row else _convert_row(row, self._styles)
            fresh[id(row)] = (row, view)
            views.append(view)
        self._rows = fresh
        return tuple(views)

    def _cursor_view(self, raw: tuple[int, int, bool] | None, rows: tuple[RowView, ...],
                     visible: bool) -> CursorView | None:
        if raw is None:
            return None
        column, row, at_tail = raw
        if self._top is None or self._alternate():
            self._cursor = (row, column)
        if at_tail and column > 0:
            return CursorView(row, column - 1, visible, True)
        widths = rows[row].widths
        return CursorView(row, column, visible, column < len(widths) and widths[column] == 2)

    def _palette_of(self, palette: bytes) -> tuple[RGB, ...]:
        if palette != self._palette[0]:
            triples = zip(palette[0::3], palette[1::3], palette[2::3], strict=True)
            self._palette = (palette, tuple(triples))
        return self._palette[1]

    def scrollback_size(self) -> int:
        """How many rows the scrollback holds (0 on the alternate screen). Counts them all
        (~7 us a row) once after output or a resize, then caches: while output streams, call
        it a few times a second at most."""
        if self._history_stale:
            self.history_lines()
        return self._history_size

    def history_lines(self) -> list[str]:
        """The scrollback's rows as text, oldest first, as :meth:`display` renders rows: with
        it, the whole buffer for search. ``scroll_viewport_to(i)`` shows a match in row ``i``.
        A wrapped line stays one row per screen row."""
        history = self._render.history()
        self._add_styles(history.new_styles)
        self._history_size = len(history.rows)
        self._history_stale = False
        return ["".join(row.graphemes) for row in history.rows]

    def viewport_at_bottom(self) -> bool:
        """Whether the viewport shows the screen the program draws on (and follows it)."""
        return self._top is None or self._alternate()

    def viewport_top(self) -> int:
        """The viewport's first row as an index into the scrollback, which is
        :meth:`scrollback_size` at the bottom: a scroll bar's value, with that as maximum."""
        if self.viewport_at_bottom():
            return self.scrollback_size()
        assert self._top is not None
        return self._top

    def scroll_viewport(self, delta: int) -> None:
        """Scrolls the viewport by ``delta`` rows, up into the scrollback for negative."""
        if delta:
            self.scroll_viewport_to(self.viewport_top() + delta)

    def scroll_viewport_to(self, top: int) -> None:
        """Shows scrollback row ``top`` at the top, clamped; at or past the end, the bottom."""
        if self._alternate():
            return  # the alternate screen has no scrollback
        # Output only adds to the scrollback (once full, it drops as many as it adds), so an
        # old count is a lower bound and a scroll that stays above it needs no recount.
        known = self._history_size
        if top >= known:
            known = self.scrollback_size()
        if top >= known:
            self.scroll_viewport_to_bottom()
            return
        self._top = max(0, top)
        self._term.scroll_viewport_to_top()
        self._term.scroll_viewport(self._top)

    def scroll_viewport_to_top(self) -> None:
        """Shows the oldest row of the scrollback."""
        self.scroll_viewport_to(0)

    def scroll_viewport_to_bottom(self) -> None:
        """Shows the screen the program draws on, following its output again."""
        self._top = None
        self._term.scroll_viewport_to_bottom()

    def encode_input(self, text: str) -> bytes:
        """Typed or committed text in the session's encoding."""
        return self._codec.encode(text)

    def key_bytes(self, key: Key, mods: Mods = _NO_MODS, text: str | None = None, *,
                  action: KeyAction = KeyAction.PRESS, consumed_mods: Mods = _NO_MODS,
                  unshifted: str | None = None, composing: bool = False) -> bytes:
        """What a key event sends the host, as the terminal's modes say (DECCKM, keypad,
        modifyOtherKeys, kitty).

        ``text`` is what the key types in the keyboard's layout, before Ctrl or Alt change it,
        ``None`` for keys that type nothing (arrows, F-keys). ``unshifted``, what the key types
        without modifiers (the kitty protocol reports it), defaults to a one-character text in
        lower case, which is right for letters only.
        """
        if unshifted is None and text is not None and len(text) == 1:
            unshifted = text.lower()
        data = self._keys.encode(key, action=action, mods=mods, consumed_mods=consumed_mods,
                                 text=text, unshifted_codepoint=unshifted, composing=composing)
        return self._codec.from_utf8(data)

    def mouse_bytes(self, action: MouseAction, x: float, y: float,
                    button: MouseButton | None = None, mods: Mods = _NO_MODS,
                    any_button_pressed: bool = False) -> bytes:
        """What a mouse event at ``(x, y)`` sends the host; empty unless its modes report it.

        Positions are in pixels from the top left once :meth:`set_cell_size` was called, in
        cells before. Motion in the cell the last motion was reported in is not repeated.
        """
        return self._mouse.encode(action, x, y, button=button, mods=mods,
                                  any_button_pressed=any_button_pressed)

    def paste_bytes(self, text: str) -> bytes:
        """What pasting ``text`` sends: bracketed when the program turned mode 2004 on, control
        characters made harmless, in the session's encoding."""
        return self._codec.from_utf8(evp.encode_paste(text, bracketed=self._term.mode(2004)))

    def is_paste_safe(self, text: str) -> bool:
        """Whether ``text`` can be pasted without asking (no newline, no end-of-paste marker)."""
        return evp.is_paste_safe(text)

    def focus_bytes(self, gained: bool) -> bytes:
        """What gaining or losing focus sends: empty unless the program asked (mode 1004)."""
        if not self._term.mode(1004):
            return b""
        return evp.encode_focus(evp.FocusEvent.GAINED if gained else evp.FocusEvent.LOST)
