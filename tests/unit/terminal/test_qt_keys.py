"""Qt key events to terminal bytes, through a real emulator's encoder."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from sshdesk.terminal.emulator import Key, Mods, TerminalEmulator
from sshdesk.terminal.qtkeys import encode_key, key_input, mods_of

M = Qt.KeyboardModifier
K = Qt.Key


def press(key: int, modifiers: M = M.NoModifier, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)


@pytest.fixture
def emulator() -> TerminalEmulator:
    return TerminalEmulator(80, 24)


@pytest.mark.parametrize(("key", "modifiers", "text", "expected"), [
    (K.Key_L, M.NoModifier, "l", b"l"),
    (K.Key_L, M.ShiftModifier, "L", b"L"),
    (K.Key_Exclam, M.ShiftModifier, "!", b"!"),
    (K.Key_Return, M.NoModifier, "\r", b"\r"),
    (K.Key_Tab, M.NoModifier, "\t", b"\t"),
    (K.Key_Backtab, M.ShiftModifier, "", b"\x1b[Z"),
    (K.Key_Backspace, M.NoModifier, "\x08", b"\x7f"),
    (K.Key_Escape, M.NoModifier, "\x1b", b"\x1b"),
    (K.Key_Space, M.NoModifier, " ", b" "),
    # Ctrl: Qt's text is a control character on X11 and empty elsewhere; both work.
    (K.Key_C, M.ControlModifier, "\x03", b"\x03"),
    (K.Key_C, M.ControlModifier, "", b"\x03"),
    (K.Key_D, M.ControlModifier, "", b"\x04"),
    (K.Key_Space, M.ControlModifier, "", b"\x00"),
    (K.Key_Backslash, M.ControlModifier, "", b"\x1c"),
    # What xterm sends and evp's encoder (fixterms) would not: see qtkeys._XTERM_CONTROLS.
    (K.Key_BracketLeft, M.ControlModifier, "\x1b", b"\x1b"),
    (K.Key_I, M.ControlModifier, "\t", b"\t"),
    (K.Key_M, M.ControlModifier, "", b"\r"),
    (K.Key_At, M.ControlModifier | M.ShiftModifier, "", b"\x00"),
    # Alt prefixes ESC (xterm's metaSendsEscape, the default of most terminals).
    (K.Key_B, M.AltModifier, "b", b"\x1bb"),
    (K.Key_B, M.AltModifier | M.ShiftModifier, "B", b"\x1bB"),
    (K.Key_C, M.AltModifier | M.ControlModifier, "", b"\x1b\x03"),
    (K.Key_Backspace, M.AltModifier, "", b"\x1b\x7f"),
    # Keys that type nothing.
    (K.Key_Left, M.ControlModifier, "", b"\x1b[1;5D"),
    (K.Key_Right, M.ShiftModifier, "", b"\x1b[1;2C"),
    (K.Key_Up, M.AltModifier, "", b"\x1b[1;3A"),
    (K.Key_Home, M.NoModifier, "", b"\x1b[H"),
    (K.Key_End, M.NoModifier, "", b"\x1b[F"),
    (K.Key_PageUp, M.NoModifier, "", b"\x1b[5~"),
    (K.Key_PageDown, M.NoModifier, "", b"\x1b[6~"),
    (K.Key_Insert, M.NoModifier, "", b"\x1b[2~"),
    (K.Key_Delete, M.NoModifier, "", b"\x1b[3~"),
    (K.Key_F1, M.NoModifier, "", b"\x1bOP"),
    (K.Key_F5, M.NoModifier, "", b"\x1b[15~"),
    (K.Key_F12, M.NoModifier, "", b"\x1b[24~"),
    (K.Key_F5, M.ShiftModifier, "", b"\x1b[15;2~"),
    # The keypad.
    (K.Key_1, M.KeypadModifier, "1", b"1"),
    (K.Key_Plus, M.KeypadModifier, "+", b"+"),
    (K.Key_Enter, M.KeypadModifier, "\r", b"\r"),
    # Text a layout types that no US key does.
    (K.Key_Eacute, M.NoModifier, "é", "é".encode()),
    (0, M.NoModifier, "ф", "ф".encode()),
])
def test_key_bytes(emulator: TerminalEmulator, key: int, modifiers: M, text: str,
                   expected: bytes) -> None:
    assert encode_key(emulator, press(key, modifiers, text)) == expected


def test_arrows_follow_the_application_cursor_mode(emulator: TerminalEmulator) -> None:
    up = press(K.Key_Up)
    assert encode_key(emulator, up) == b"\x1b[A"
    emulator.feed(b"\x1b[?1h")  # DECCKM, as vim and less set it
    assert encode_key(emulator, up) == b"\x1bOA"
    assert encode_key(emulator, press(K.Key_Left, M.ControlModifier)) == b"\x1b[1;5D"


def test_keypad_follows_the_application_keypad_mode(emulator: TerminalEmulator) -> None:
    one = press(K.Key_1, M.KeypadModifier, "1")
    emulator.feed(b"\x1b=")  # DECKPAM, which Num Lock overrides (xterm's mode 1035) ...
    assert encode_key(emulator, one) == b"1"
    emulator.feed(b"\x1b[?1035l")  # ... unless the program says otherwise
    assert encode_key(emulator, one) == b"\x1bOq"
    assert encode_key(emulator, press(K.Key_1, M.NoModifier, "1")) == b"1"


def test_xterm_controls_give_way_to_the_kitty_protocol(emulator: TerminalEmulator) -> None:
    emulator.feed(b"\x1b[>1u")  # kitty: disambiguate escape codes
    assert encode_key(emulator, press(K.Key_I, M.ControlModifier)) == b"\x1b[105;5u"


def test_modifier_keys_alone_send_nothing(emulator: TerminalEmulator) -> None:
    for key in (K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta, K.Key_CapsLock):
        assert key_input(press(key, M.NoModifier)) is None
        assert encode_key(emulator, press(key)) == b""


def test_key_input_names_the_physical_key_and_the_shift_it_used() -> None:
    shifted = key_input(press(K.Key_Exclam, M.ShiftModifier, "!"))
    assert shifted is not None
    assert (shifted.key, shifted.text, shifted.unshifted) == (Key.DIGIT_1, "!", "1")
    assert shifted.consumed_mods == Mods.SHIFT
    keypad = key_input(press(K.Key_5, M.KeypadModifier, "5"))
    assert keypad is not None and keypad.key == Key.NUMPAD_5 and keypad.mods == Mods(0)
    control = key_input(press(K.Key_C, M.ControlModifier, "\x03"))
    assert control is not None and (control.key, control.text) == (Key.C, "c")


def test_mods_of() -> None:
    mods = mods_of(M.ShiftModifier | M.AltModifier | M.KeypadModifier)
    assert mods == Mods.SHIFT | Mods.ALT
