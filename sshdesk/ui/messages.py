"""The message bridge: every short message for the user passes through here (qutebrowser's
``message`` module, without its global object registry).

Dialogs are for questions and serious failures; everything else ("Connected to web1",
"Upload finished", "Connection lost, reconnecting") is a :class:`Message` posted with
:func:`info`, :func:`warning` or :func:`error`. The main window connects
:attr:`MessageBridge.message_posted` of :func:`bridge` to its status bar (and later a
message log). Posting is allowed from any thread: the signal is queued to the GUI thread.

Every message is logged too, so the log tells the same story as the status bar.
"""

import enum
import logging
import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, Signal

from sshdesk.core.errors import CancelledError, SshdeskError

log = logging.getLogger(__name__)


class Level(enum.Enum):
    """How much a message matters; the status bar styles and times them accordingly."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


#: How long the status bar shows a message of each level, in milliseconds (0: until
#: replaced).
DISPLAY_MS = {Level.INFO: 5000, Level.WARNING: 10000, Level.ERROR: 0}

_LOG_LEVELS = {Level.INFO: logging.INFO, Level.WARNING: logging.WARNING,
               Level.ERROR: logging.ERROR}


@dataclass(frozen=True)
class Message:
    """One message for the user, already translated.

    Attributes:
        level: How much it matters.
        text: The whole sentence to show.
        host: The host it concerns, or "".
        time: When it was posted (``time.time()``).
    """

    level: Level
    text: str
    host: str = ""
    time: float = field(default_factory=time.time)


class MessageBridge(QObject):
    """Carries messages from anywhere to whoever shows them.

    Signals:
        message_posted(object): A :class:`Message` was posted; delivered on the bridge's
            thread (the GUI thread) whatever thread posted it.
    """

    message_posted = Signal(object)

    def post(self, message: Message) -> None:
        """Logs ``message`` and emits it. Any thread."""
        named = not message.host or message.text.startswith(message.host)
        prefix = "" if named else f"{message.host}: "
        log.log(_LOG_LEVELS[message.level], "%s%s", prefix, message.text)
        self.message_posted.emit(message)


_bridge: MessageBridge | None = None
_bridge_lock = threading.Lock()


def bridge() -> MessageBridge:
    """The app's one bridge, made on first use and owned by the application's thread.

    Make the first call on the GUI thread, after the QApplication exists (the main window
    does, when it connects to it).
    """
    global _bridge
    with _bridge_lock:
        if _bridge is None:
            _bridge = MessageBridge()
            app = QCoreApplication.instance()
            if app is not None and _bridge.thread() != app.thread():
                _bridge.moveToThread(app.thread())
        return _bridge


def info(text: str, host: str = "") -> None:
    """Posts an informative message. Any thread."""
    bridge().post(Message(Level.INFO, text, host))


def warning(text: str, host: str = "") -> None:
    """Posts a warning: something went wrong but the user can go on. Any thread."""
    bridge().post(Message(Level.WARNING, text, host))


def error(text: str, host: str = "") -> None:
    """Posts an error that needs no dialog (the session tab shows the details). Any
    thread."""
    bridge().post(Message(Level.ERROR, text, host))


def error_from(failure: SshdeskError) -> None:
    """Posts ``failure`` as one line (message and hint); a cancellation is only logged,
    since the person who cancelled needs no telling. Any thread."""
    if isinstance(failure, CancelledError):
        log.info("%s", failure)
        return
    # The status bar has one line: the first of the description, then the hint.
    problem = failure.describe().splitlines()[0]
    text = problem
    if failure.hint:
        text = QCoreApplication.translate("messages", "{problem} — {hint}").format(
            problem=problem, hint=failure.hint)
    bridge().post(Message(Level.ERROR, text, failure.host))
