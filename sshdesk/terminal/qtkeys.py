"""Qt key events as the emulator's key events: which key, which modifiers, what it types.

The emulator's encoder (:meth:`EmulatorCore.key_bytes`) turns those into bytes as the
terminal's modes say (cursor keys, keypad, modifyOtherKeys, kitty), so this module knows
nothing about escape sequences, with one exception: :func:`encode_key` puts back xterm's
Ctrl+I, Ctrl+M and Ctrl+[ (see there).

Keys are identified by ``Qt.Key`` and the event's text rather than by native scan codes:
Qt's key already follows the keyboard layout, and the text is what the layout types. For the
physical key of a shifted symbol (``!`` is Shift+1) a US layout is assumed, which only the
kitty protocol's reports can tell.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from sshdesk.terminal.emulator import EmulatorCore, Key, Mods

__all__ = ["KeyInput", "encode_key", "key_input", "mods_of"]

_K = Qt.Key
_NO_MODS = Mods(0)

#: Keys that type nothing, by Qt key.
_SPECIAL: dict[int, Key] = {
    _K.Key_Return: Key.ENTER, _K.Key_Enter: Key.ENTER, _K.Key_Tab: Key.TAB,
    _K.Key_Backtab: Key.TAB, _K.Key_Backspace: Key.BACKSPACE, _K.Key_Escape: Key.ESCAPE,
    _K.Key_Up: Key.ARROW_UP, _K.Key_Down: Key.ARROW_DOWN, _K.Key_Left: Key.ARROW_LEFT,
    _K.Key_Right: Key.ARROW_RIGHT, _K.Key_Home: Key.HOME, _K.Key_End: Key.END,
    _K.Key_PageUp: Key.PAGE_UP, _K.Key_PageDown: Key.PAGE_DOWN, _K.Key_Insert: Key.INSERT,
    _K.Key_Delete: Key.DELETE, _K.Key_Menu: Key.CONTEXT_MENU, _K.Key_Pause: Key.PAUSE,
    _K.Key_Print: Key.PRINT_SCREEN, _K.Key_ScrollLock: Key.SCROLL_LOCK,
    **{_K.Key_F1 + n: Key(Key.F1 + n) for n in range(24)},
}

#: Keys on the keypad (Qt adds KeypadModifier to them); with Num Lock off Qt reports the
#: navigation key, which is the same physical key.
_KEYPAD: dict[int, Key] = {
    **{_K.Key_0 + n: Key(Key.NUMPAD_0 + n) for n in range(10)},
    _K.Key_Plus: Key.NUMPAD_ADD, _K.Key_Minus: Key.NUMPAD_SUBTRACT,
    _K.Key_Asterisk: Key.NUMPAD_MULTIPLY, _K.Key_Slash: Key.NUMPAD_DIVIDE,
    _K.Key_Period: Key.NUMPAD_DECIMAL, _K.Key_Comma: Key.NUMPAD_COMMA,
    _K.Key_Equal: Key.NUMPAD_EQUAL, _K.Key_Enter: Key.NUMPAD_ENTER,
    _K.Key_Return: Key.NUMPAD_ENTER, _K.Key_Up: Key.NUMPAD_UP, _K.Key_Down: Key.NUMPAD_DOWN,
    _K.Key_Left: Key.NUMPAD_LEFT, _K.Key_Right: Key.NUMPAD_RIGHT, _K.Key_Home: Key.NUMPAD_HOME,
    _K.Key_End: Key.NUMPAD_END, _K.Key_PageUp: Key.NUMPAD_PAGE_UP,
    _K.Key_PageDown: Key.NUMPAD_PAGE_DOWN, _K.Key_Insert: Key.NUMPAD_INSERT,
    _K.Key_Delete: Key.NUMPAD_DELETE, _K.Key_Clear: Key.NUMPAD_BEGIN,
}

#: Printable keys of a US layout: (key, what it types unshifted, what it types shifted).
_PRINTABLE_US: tuple[tuple[Key, str, str], ...] = (
    *((Key(Key.A + n), chr(ord("a") + n), chr(ord("A") + n)) for n in range(26)),
    *((Key(Key.DIGIT_0 + n), str(n), ")!@#$%^&*("[n]) for n in range(10)),
    (Key.MINUS, "-", "_"), (Key.EQUAL, "=", "+"), (Key.BRACKET_LEFT, "[", "{"),
    (Key.BRACKET_RIGHT, "]", "}"), (Key.BACKSLASH, "\\", "|"), (Key.SEMICOLON, ";", ":"),
    (Key.QUOTE, "'", '"'), (Key.BACKQUOTE, "`", "~"), (Key.COMMA, ",", "<"),
    (Key.PERIOD, ".", ">"), (Key.SLASH, "/", "?"), (Key.SPACE, " ", " "),
)
#: Character (either case of a US key) -> (key, its unshifted character).
_BY_CHAR: dict[str, tuple[Key, str]] = {
    char: (key, plain) for key, plain, shifted in _PRINTABLE_US for char in (plain, shifted)
}

# Windows reports AltGr as Ctrl+Alt.
_ALTGR_IS_CTRL_ALT = sys.platform == "win32"
# macOS marks the arrow keys as keypad keys.
_ARROWS_ON_KEYPAD = sys.platform == "darwin"
_ARROWS = frozenset({_K.Key_Up, _K.Key_Down, _K.Key_Left, _K.Key_Right})

_MODIFIER_KEYS = frozenset({
    _K.Key_Shift, _K.Key_Control, _K.Key_Meta, _K.Key_Alt, _K.Key_AltGr, _K.Key_CapsLock,
    _K.Key_NumLock, _K.Key_Super_L, _K.Key_Super_R, _K.Key_Hyper_L, _K.Key_Hyper_R,
    _K.Key_Mode_switch,
})

# Qt swaps the two on macOS: ControlModifier is Command there, MetaModifier the Control key.
_QT_CTRL, _QT_SUPER = (
    (Qt.KeyboardModifier.MetaModifier, Qt.KeyboardModifier.ControlModifier)
    if sys.platform == "darwin" else
    (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.MetaModifier)
)


class KeyInput(NamedTuple):
    """A key event in the emulator's terms (the arguments of ``key_bytes``)."""

    key: Key
    mods: Mods
    text: str | None
    unshifted: str | None
    consumed_mods: Mods


def mods_of(modifiers: Qt.KeyboardModifier) -> Mods:
    """Qt's keyboard modifiers as the emulator's (for keys and mouse reports alike)."""
    mods = _NO_MODS
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        mods |= Mods.SHIFT
    if modifiers & _QT_CTRL:
        mods |= Mods.CTRL
    if modifiers & Qt.KeyboardModifier.AltModifier:
        mods |= Mods.ALT
    if modifiers & _QT_SUPER:
        mods |= Mods.SUPER
    return mods


def _printable(text: str) -> bool:
    return bool(text) and all(" " <= c != "\x7f" for c in text)


def key_input(event: QKeyEvent) -> KeyInput | None:
    """What a key press means to the emulator, ``None`` for a modifier key on its own.

    Args:
        event: A key press (or auto-repeat).

    Returns:
        The key, modifiers, the text the key types before Ctrl or Alt change it (``None``
        for keys that type none), its unshifted character and the modifiers the text used up.
    """
    qt_key = event.key()
    if qt_key in _MODIFIER_KEYS:
        return None
    modifiers = event.modifiers()
    mods = mods_of(modifiers)
    if qt_key == _K.Key_Backtab:
        mods |= Mods.SHIFT  # Qt reports Shift+Tab as Backtab, sometimes without Shift
    if modifiers & Qt.KeyboardModifier.KeypadModifier and qt_key in _KEYPAD and not (
            _ARROWS_ON_KEYPAD and qt_key in _ARROWS):
        key = _KEYPAD[qt_key]
        text = event.text() if _printable(event.text()) else None
        return KeyInput(key, mods, text, text, _NO_MODS)
    if qt_key in _SPECIAL:
        return KeyInput(_SPECIAL[qt_key], mods, None, None, _NO_MODS)
    return _text_key(event, qt_key, mods)


def _text_key(event: QKeyEvent, qt_key: int, mods: Mods) -> KeyInput | None:
    if _ALTGR_IS_CTRL_ALT and mods & _CTRL_ALT == _CTRL_ALT and _printable(event.text()) \
            and not event.text().isalpha():
        # Windows reports AltGr as Ctrl+Alt: "@" on a German keyboard is just "@".
        return KeyInput(_BY_CHAR.get(event.text(), (Key.UNIDENTIFIED, ""))[0],
                        mods & ~_CTRL_ALT, event.text(), None, _NO_MODS)
    text: str | None = event.text()
    if not _printable(event.text()):
        # With Ctrl, Qt's text is already the control character (X11) or empty: the key
        # says what was pressed.
        text = _char_of(qt_key, bool(mods & Mods.SHIFT))
    if text is None:
        return None
    key, unshifted = _BY_CHAR.get(text, (Key.UNIDENTIFIED, text.lower()))
    consumed = Mods.SHIFT if mods & Mods.SHIFT and text != unshifted else _NO_MODS
    return KeyInput(key, mods, text, unshifted if len(unshifted) == 1 else None, consumed)


def _char_of(qt_key: int, shift: bool) -> str | None:
    """The character a Qt key stands for (Qt's keys for Latin-1 are their upper-case code)."""
    if not 0x20 <= qt_key <= 0xFF:
        return None
    char = chr(qt_key)
    return char if shift or not char.isalpha() else char.lower()


#: Control characters evp 0.0.1's legacy encoder leaves out (its fixterms rules send CSI u
#: for them even with no keyboard protocol asked for), which xterm, VTE and readline users
#: expect: Ctrl+I is Tab, Ctrl+M is Return, Ctrl+[ is Escape, Ctrl+@ is NUL.
_XTERM_CONTROLS = {"i": b"\t", "m": b"\r", "[": b"\x1b", "@": b"\x00"}
_CTRL_ALT = Mods.CTRL | Mods.ALT


def encode_key(core: EmulatorCore, event: QKeyEvent) -> bytes:
    """The bytes a key press sends the host, as the terminal's modes say; empty for none."""
    key = key_input(event)
    if key is None:
        return b""
    legacy = _legacy_control(core, key)
    if legacy is not None:
        return legacy
    return core.key_bytes(key.key, key.mods, key.text, consumed_mods=key.consumed_mods,
                          unshifted=key.unshifted)


def _legacy_control(core: EmulatorCore, key: KeyInput) -> bytes | None:
    if key.text is None or key.mods & ~(_CTRL_ALT | Mods.SHIFT) or not key.mods & Mods.CTRL:
        return None
    control = _XTERM_CONTROLS.get(key.text.lower() if key.text.isalpha() else key.text)
    if control is None or (key.mods & Mods.SHIFT and key.text.isalpha()):
        return None
    # Only where Ctrl+A is still plain ^A: a program that asked for the kitty protocol or
    # modifyOtherKeys gets what the encoder says.
    if core.key_bytes(Key.A, Mods.CTRL, "a") != b"\x01":
        return None
    return (b"\x1b" if key.mods & Mods.ALT else b"") + control
