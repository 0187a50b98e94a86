"""The GUI's :class:`~sshdesk.core.prompts.Prompter`: questions from worker threads,
answered in dialogs on the GUI thread, one dialog at a time.

How a question travels (WinSCP's parked worker, FileZilla's prompt queue):

1. The core calls a ``GuiPrompter.ask_*`` method on a worker thread (or on paramiko's
   transport thread, for keyboard-interactive rounds).
2. The prompter wraps the question in a :class:`Question` holding a
   ``concurrent.futures.Future`` and a function that builds its dialog, and emits it
   through a queued signal to the GUI thread. The worker then blocks on the future.
3. On the GUI thread the window's :class:`PromptQueue` appends it and opens the dialogs one
   by one with ``open()`` (non-blocking, window-modal), never ``exec()``.
4. When a dialog finishes, its answer resolves the future and the worker goes on. A
   cancelled dialog cancels the future, and the worker raises
   :class:`~sshdesk.core.errors.CancelledError` (the core's contract: ``None`` means "no
   answer available", CancelledError means "the person cancelled"). For an unknown host
   key, cancelling is the safe answer, ``REFUSE``.

Nothing waits forever: :meth:`GuiPrompter.cancel_all` (a connection attempt abandoned),
:meth:`GuiPrompter.close` (tab closed, app quitting), the prompter's or the queue's Qt
object being destroyed, all cancel the futures concerned and close a dialog on screen.
"""

import concurrent.futures
import contextlib
import functools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from sshdesk.core.errors import CancelledError
from sshdesk.core.i18n import tr as core_tr  # operation names: the core's own words
from sshdesk.core.profile import DEFAULT_PORT
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, UnknownHostKey
from sshdesk.ui.dialogs.credentials import (
    KeyboardInteractiveDialog,
    PassphraseDialog,
    PasswordDialog,
)
from sshdesk.ui.dialogs.hostkey import UnknownHostKeyDialog, host_address

log = logging.getLogger(__name__)


class PromptDialog(Protocol):
    """What the queue needs of a dialog besides QDialog: the answer, None if cancelled."""

    def answer(self) -> Any: ...


@dataclass(eq=False)
class Question:
    """One question waiting for a person.

    Attributes:
        kind: ``host-key``, ``password``, ``passphrase`` or ``interactive``.
        host: The host it concerns.
        build: Makes the dialog, given its parent window. Called on the GUI thread; it
            closes over plain values only.
        future: Resolved with the answer, or cancelled.
    """

    kind: str
    host: str
    build: Callable[[QWidget | None], QDialog]
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)


def _resolve(future: concurrent.futures.Future[Any], answer: Any) -> None:
    """Sets ``answer`` (None: cancels), unless the future was already resolved."""
    if answer is None:
        future.cancel()
        return
    with contextlib.suppress(concurrent.futures.InvalidStateError):
        future.set_result(answer)  # unless cancelled in the meantime: cancellation wins


class _Backlog:
    """The queue's questions, in plain Python so they can be cancelled while the Qt
    object is being destroyed."""

    def __init__(self) -> None:
        self.waiting: deque[Question] = deque()
        self.current: Question | None = None

    def cancel_all(self) -> None:
        for question in [*self.waiting, *([self.current] if self.current else [])]:
            question.future.cancel()
        self.waiting.clear()


class PromptQueue(QObject):
    """Shows the questions of every session of one window, one dialog at a time.

    Lives on the GUI thread; every method must be called there. Get a window's queue with
    :meth:`for_window`, so that all its sessions share it.

    Signals:
        dialog_opened(object): A question's dialog (a QDialog) was just opened.
        dialog_closed(str): The dialog of a question of that kind closed, answered or not.
    """

    dialog_opened = Signal(object)
    dialog_closed = Signal(str)
    _question_resolved = Signal(object)  # from any thread: a future was resolved

    def __init__(self, window: QWidget | None, parent: QObject | None = None) -> None:
        """
        Args:
            window: Parent of the dialogs; None for top-level dialogs.
            parent: Owner of the queue; ``window`` by default.
        """
        super().__init__(parent if parent is not None else window)
        self.setObjectName("sshdesk-prompt-queue")
        self._window = window
        self._backlog = _Backlog()
        self._dialog: QDialog | None = None
        self._question_resolved.connect(self._on_resolved, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._backlog.cancel_all)

    @staticmethod
    def for_window(window: QWidget) -> "PromptQueue":
        """The queue of ``window``, made on first use."""
        existing = window.findChild(PromptQueue, "sshdesk-prompt-queue",
                                    Qt.FindChildOption.FindDirectChildrenOnly)
        return existing if existing is not None else PromptQueue(window)

    @property
    def current_dialog(self) -> QDialog | None:
        """The dialog on screen, if any."""
        return self._dialog

    @property
    def waiting_count(self) -> int:
        """Questions waiting behind the one on screen."""
        return sum(not q.future.done() for q in self._backlog.waiting)

    def post(self, question: Question) -> None:
        """Adds ``question``; shows it at once if no other dialog is open."""
        if question.future.done():
            return
        question.future.add_done_callback(functools.partial(self._notify_resolved, question))
        self._backlog.waiting.append(question)
        if self._backlog.current is None:
            self._show_next()

    def cancel_all(self) -> None:
        """Cancels every question, the one on screen included."""
        self._backlog.cancel_all()

    def _notify_resolved(self, question: Question, _future: object) -> None:
        """Any thread: passes the news to the GUI thread, where a dialog may need closing."""
        with contextlib.suppress(RuntimeError):  # the queue is gone, and its dialogs too
            self._question_resolved.emit(question)

    def _on_resolved(self, question: Question) -> None:
        if question is self._backlog.current and self._dialog is not None:
            log.debug("%s question for %s cancelled while shown", question.kind, question.host)
            self._dialog.reject()  # finished -> _on_finished, which shows the next one

    def _show_next(self) -> None:
        while self._backlog.waiting:
            question = self._backlog.waiting.popleft()
            if question.future.done():
                continue
            try:
                dialog = question.build(self._window)
            except Exception:
                # A question nobody can see must not leave its worker waiting.
                log.exception("cannot build the %s dialog", question.kind)
                question.future.cancel()
                continue
            self._backlog.current, self._dialog = question, dialog
            dialog.finished.connect(functools.partial(self._on_finished, question, dialog))
            dialog.destroyed.connect(functools.partial(self._on_dialog_destroyed, question))
            dialog.open()
            self.dialog_opened.emit(dialog)
            return

    def _on_dialog_destroyed(self, question: Question) -> None:
        """A dialog deleted without finishing (its window went away): cancel, go on."""
        question.future.cancel()
        if question is self._backlog.current and shiboken6.isValid(self):
            self._backlog.current, self._dialog = None, None
            self._show_next()

    def _on_finished(self, question: Question, dialog: QDialog, _result: int) -> None:
        if question is not self._backlog.current:
            return
        self._backlog.current, self._dialog = None, None
        if not question.future.done():
            _resolve(question.future, cast(PromptDialog, dialog).answer())
        clear = getattr(dialog, "clear", None)
        if clear is not None:
            clear()  # the secrets leave the widgets now
        dialog.deleteLater()
        self.dialog_closed.emit(question.kind)
        self._show_next()


class _Pending:
    """A prompter's unanswered futures, guarded by a lock: workers add and remove them,
    the GUI thread cancels them."""

    def __init__(self) -> None:
        self.gui_thread = threading.get_ident()
        self.closed = False
        self._lock = threading.Lock()
        self._futures: set[concurrent.futures.Future[Any]] = set()

    def add(self, future: concurrent.futures.Future[Any]) -> bool:
        """Registers ``future``; False once closed."""
        with self._lock:
            if self.closed:
                return False
            self._futures.add(future)
            return True

    def discard(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._futures.discard(future)

    def cancel_all(self) -> int:
        with self._lock:
            futures, self._futures = self._futures, set()
        return sum(future.cancel() for future in futures)

    def close(self) -> None:
        with self._lock:
            self.closed = True
        self.cancel_all()


class GuiPrompter(QObject):
    """The :class:`~sshdesk.core.prompts.Prompter` of one session in a window.

    Create it on the GUI thread; the ``ask_*`` methods are called by the core on worker
    threads and block until a person answers (or the question is cancelled). Calling them
    on the GUI thread raises RuntimeError, since waiting there would deadlock.

    Signals:
        question_posted(str): A question of that kind reached the GUI thread (a tab may
            flash to draw attention).
    """

    question_posted = Signal(str)
    _posted = Signal(object)  # emitted on the asking thread

    def __init__(
        self, window: QWidget | None, parent: QObject | None = None,
        queue: PromptQueue | None = None,
    ) -> None:
        """
        Args:
            window: The window the dialogs belong to.
            parent: Owner, e.g. the session's tab; ``window`` by default. Destroying it
                cancels every question of this prompter.
            queue: The queue to post to; by default the window's shared one.
        """
        super().__init__(parent if parent is not None else window)
        self._pending = _Pending()
        if queue is None:
            queue = PromptQueue.for_window(window) if window is not None else PromptQueue(
                None, parent=self)
        self.queue = queue
        self._posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._pending.close)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._pending.close)

    # -- Prompter -----------------------------------------------------------------------

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        """Shows :class:`UnknownHostKeyDialog`; cancelling it refuses. Blocking; worker."""
        # Named as the core names hosts in errors: no ":22".
        host = key.host if key.port == DEFAULT_PORT else host_address(key.host, key.port)
        answer = self._ask("host-key", host,
                           core_tr("verify host key"),
                           lambda parent: UnknownHostKeyDialog(key, parent))
        return cast(HostKeyDecision, answer)

    def ask_password(self, host: str, username: str) -> str | None:
        """Shows :class:`PasswordDialog`. Blocking; worker thread.

        Raises:
            CancelledError: The person cancelled, or the question was cancelled.
        """
        answer = self._ask("password", host, core_tr("authenticate"),
                           lambda parent: PasswordDialog(host, username, parent))
        return cast(str, answer)

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        """Shows :class:`PassphraseDialog`. Blocking; worker thread.

        Raises:
            CancelledError: The person cancelled, or the question was cancelled.
        """
        answer = self._ask("passphrase", host, core_tr("authenticate"),
                           lambda parent: PassphraseDialog(host, key_path, retry, parent))
        return cast(str, answer)

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        """Shows :class:`KeyboardInteractiveDialog`. Blocking; any thread but the GUI's.

        Raises:
            CancelledError: The person cancelled, or the question was cancelled.
        """
        frozen = list(prompts)  # copied: the caller's list stays the caller's
        answer = self._ask("interactive", host, core_tr("authenticate"),
                           lambda parent: KeyboardInteractiveDialog(
                               host, title, instructions, frozen, parent))
        return cast(list[str], answer)

    # -- cancelling ---------------------------------------------------------------------

    def cancel_all(self) -> int:
        """Cancels every question of this prompter now waiting; later ones are still
        asked. Any thread.

        Returns:
            How many questions were cancelled.
        """
        return self._pending.cancel_all()

    def close(self) -> None:
        """Cancels every waiting question and refuses any later one (tab closed, app
        quitting). Any thread; idempotent."""
        self._pending.close()

    @property
    def is_closed(self) -> bool:
        return self._pending.closed

    # -- plumbing -----------------------------------------------------------------------

    def _ask(self, kind: str, host: str, operation: str,
             build: Callable[[QWidget | None], QDialog]) -> Any:
        if threading.get_ident() == self._pending.gui_thread:
            raise RuntimeError("GuiPrompter was called on the GUI thread; call the core "
                               "from a worker (sshdesk.ui.workers.SerialWorker)")
        question = Question(kind, host, build)
        if (QCoreApplication.instance() is None or not shiboken6.isValid(self)
                or not self._pending.add(question.future)):
            log.info("%s question for %s not asked: the prompter is closed", kind, host)
            raise CancelledError(host, operation)
        try:
            log.debug("asking the %s question for %s", kind, host)
            self._emit_posted(question)
            return question.future.result()
        except concurrent.futures.CancelledError:
            log.info("%s question for %s cancelled", kind, host)
            raise CancelledError(host, operation) from None
        finally:
            self._pending.discard(question.future)

    def _emit_posted(self, question: Question) -> None:
        try:
            self._posted.emit(question)
        except RuntimeError:  # destroyed since the check: its pending set was closed
            question.future.cancel()

    def _on_posted(self, question: Question) -> None:
        """GUI thread: hands the question to the window's queue."""
        if question.future.done():
            return
        self.question_posted.emit(question.kind)
        try:
            self.queue.post(question)
        except RuntimeError:  # the window and its queue are gone
            question.future.cancel()
