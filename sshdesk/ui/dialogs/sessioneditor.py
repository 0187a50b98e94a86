"""The session editor: a saved session's settings, its secrets, and a connection test.

:class:`SessionEditor` edits one :class:`~sshdesk.core.sessions.SavedSession`, new or
existing; the fields and their checks are :class:`~sshdesk.ui.dialogs.sessionform.SessionForm`.
What the person typed as password and passphrase never goes into the session: the caller
gets it separately from :meth:`SessionEditor.secrets` and hands it to the keyring.

Two things run on workers, so the dialog never freezes: asking the keyring whether it can
keep secrets (D-Bus, possibly an unlock prompt), and the connection test.
"""

import functools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.errors import CancelledError, SshdeskError
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, Prompter, UnknownHostKey
from sshdesk.core.sessions import SavedSession
from sshdesk.ui.dialogs.hostkey import WARNING_COLOUR, label
from sshdesk.ui.dialogs.knownhosts import home_relative
from sshdesk.ui.dialogs.sessionform import SessionForm
from sshdesk.ui.prompting import GuiPrompter
from sshdesk.ui.workers import SerialWorker

if TYPE_CHECKING:
    from sshdesk.core.netclient import RemoteConnection
    from sshdesk.core.secrets import SecretKind, SecretStore

# sshdesk.core.secrets is imported where needed, not here: it loads keyring (some 75 ms),
# which the window need not pay for at start-up.


ConnectFunction = Callable[[SessionProfile, Prompter], "RemoteConnection"]


def _core_connect(profile: SessionProfile, prompter: Prompter) -> "RemoteConnection":
    """``sshdesk.core.netclient.connect``, imported on first use as the tabs do."""
    from sshdesk.core.netclient import connect

    return connect(profile, prompter)


class _TestPrompter:
    """The prompter of a connection test: a secret typed in the editor is the one to test,
    so a wrong one is reported rather than asked for again. Everything else (host keys,
    one-time codes, secrets not typed) goes to the person as in a tab."""

    def __init__(self, inner: GuiPrompter, has_password: bool, has_passphrase: bool) -> None:
        self.inner = inner
        self.has_password = has_password
        self.has_passphrase = has_passphrase

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        return self.inner.ask_host_key(key)

    def ask_password(self, host: str, username: str) -> str | None:
        return None if self.has_password else self.inner.ask_password(host, username)

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        if self.has_passphrase:
            return None
        return self.inner.ask_passphrase(host, key_path, retry)

    def ask_interactive(self, host: str, title: str, instructions: str,
                        prompts: list[InteractivePrompt]) -> list[str] | None:
        asks_password = (len(prompts) == 1 and not prompts[0].echo
                         and "password" in prompts[0].text.lower())
        if asks_password and self.has_password:
            return None  # the core answered with the typed password once already
        return self.inner.ask_interactive(host, title, instructions, prompts)


@dataclass(eq=False)
class _TestRun:
    """One connection test, as the worker sees it: plain Python, so it outlives the
    dialog safely."""

    prompter: _TestPrompter
    cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancelled.set()
        self.prompter.inner.close()  # wakes a worker waiting for an answer


def _test_job(run: _TestRun, profile: SessionProfile, connect: ConnectFunction,
              store: "SecretStore | None", session_id: str,
              saved: "tuple[SecretKind, ...]") -> float:
    """Worker thread: connects, closes at once, and returns how long connecting took."""
    if store is not None and saved:
        profile = _with_saved_secrets(profile, store, session_id, saved, run.prompter)
    started = time.monotonic()
    connection = connect(profile, run.prompter)
    elapsed = time.monotonic() - started
    connection.close()
    if run.cancelled.is_set():
        raise CancelledError(profile.address,
                             QCoreApplication.translate("SessionEditor", "test connection"))
    return elapsed


def _with_saved_secrets(profile: SessionProfile, store: "SecretStore", session_id: str,
                        kinds: "tuple[SecretKind, ...]",
                        prompter: _TestPrompter) -> SessionProfile:
    """``profile`` with the secrets saved for the session where none was typed."""
    from sshdesk.core.secrets import SecretKind

    # get() answers None when the keyring cannot be used: the test then asks instead.
    found = {kind: store.get(session_id, kind) for kind in kinds}
    password, passphrase = found.get(SecretKind.PASSWORD), found.get(SecretKind.PASSPHRASE)
    prompter.has_password = prompter.has_password or password is not None
    prompter.has_passphrase = prompter.has_passphrase or passphrase is not None
    return replace(profile, password=profile.password or password,
                   passphrase=profile.passphrase or passphrase)


def _keyring_job(store: "SecretStore | None") -> "tuple[SecretStore, str | None]":
    """Worker thread: the store (made here: loading keyring is slow) and its problem."""
    from sshdesk.core.secrets import SecretStore

    store = store or SecretStore()
    return store, store.problem()


class SessionEditor(QDialog):
    """Edits a saved session: General, Authentication, Connection and Terminal tabs.

    OK is enabled only while every field is valid. After the dialog is accepted, read
    :meth:`session` and :meth:`secrets`, then call :meth:`clear_secrets`. Create and use
    on the GUI thread.

    Signals:
        keyring_checked(object): It is known whether secrets can be saved: None if they
            can, else the reason (str) shown beside the checkboxes.
        connection_tested(bool, str): A connection test ended: whether it logged in, and
            the text shown beside the button.
    """

    keyring_checked = Signal(object)
    connection_tested = Signal(bool, str)

    def __init__(self, session: SavedSession | None = None,
                 folders: Sequence[tuple[str, ...]] = (), parent: QWidget | None = None, *,
                 secret_store: "SecretStore | None" = None,
                 connect: ConnectFunction | None = None) -> None:
        """
        Args:
            session: The session to edit; a new one (empty id) when None.
            folders: The existing folders, offered in the folder field.
            parent: The window the dialog belongs to.
            secret_store: The keyring; ``SecretStore()`` by default (made on a worker).
            connect: What the connection test calls (tests replace it); by default
                :func:`sshdesk.core.netclient.connect`.
        """
        super().__init__(parent)
        self._original = session or SavedSession(name="", profile=SessionProfile(host=""))
        self._store = secret_store
        self._connect = connect or _core_connect
        self._keyring_known = False
        self._keyring_problem: str | None = None
        self._forget_password = False
        self._test: _TestRun | None = None
        self.setWindowTitle(self.tr("Edit session {name}").format(name=self._original.name)
                            if self._original.id else self.tr("New session"))
        self.form = SessionForm(self._original, folders)
        self.form.validity_changed.connect(self._update_buttons)
        self.form.key_list.add_requested.connect(self._choose_key_files)
        self.form.forget_password_button.clicked.connect(self.forget_saved_password)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_label = label("", selectable=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._test_worker = SerialWorker("session-test", parent=self)
        self._keyring_worker = SerialWorker("keyring-check", parent=self)
        self._set_keyring_checking()
        self._update_buttons()
        self._keyring_worker.submit(_keyring_job, secret_store, on_result=self._on_keyring,
                                    on_error=self._on_keyring_error,
                                    operation=self.tr("check the keyring"))

    def _lay_out(self) -> None:
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(test_row)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self.form.name_edit.setFocus()

    # -- results ----------------------------------------------------------------------------

    def session(self) -> SavedSession:
        """The edited session; its profile never holds a password or passphrase.

        ``save_password`` is the checkboxes' state; while the keyring is unavailable (or
        not yet checked) it stays as it was, so saved secrets are not orphaned.

        Raises:
            ValueError: A field is wrong (OK is disabled then).
        """
        if self._keyring_usable():
            save = (self.form.save_password_check.isChecked()
                    or self.form.save_passphrase_check.isChecked())
        else:
            save = self._original.save_password
        return self.form.session(save)

    def secrets(self) -> "dict[SecretKind, str | None]":
        """What to do with each kept secret: a string to save, ``""`` to forget the saved
        one, None to leave the keyring as it is (always None without a keyring)."""
        from sshdesk.core.secrets import SecretKind

        result: dict[SecretKind, str | None] = dict.fromkeys(SecretKind, None)
        if not self._keyring_usable():
            return result
        saved_before = bool(self._original.id) and self._original.save_password
        form = self.form
        for kind, typed, keep, forgotten in (
            (SecretKind.PASSWORD, form.password_edit.text(), form.save_password_check,
             self._forget_password),
            (SecretKind.PASSPHRASE, form.passphrase_edit.text(), form.save_passphrase_check,
             False),
        ):
            if keep.isChecked() and typed:
                result[kind] = typed
            elif forgotten or (saved_before and not keep.isChecked()):
                result[kind] = ""
        return result

    def clear_secrets(self) -> None:
        """Empties the password and passphrase fields once the caller has read them."""
        self.form.password_edit.clear()
        self.form.passphrase_edit.clear()

    def forget_saved_password(self) -> None:
        """Marks the saved password for deletion (done by the caller after OK)."""
        self._forget_password = True
        self.form.save_password_check.setChecked(False)
        self.form.password_edit.clear()
        self.form.forget_password_button.setEnabled(False)
        self.form.forget_label.setText(self.tr(
            "The saved password will be forgotten when you press OK."))
        self.form.forget_label.show()

    # -- the keyring ------------------------------------------------------------------------

    def _keyring_usable(self) -> bool:
        return self._keyring_known and self._keyring_problem is None

    def _set_keyring_checking(self) -> None:
        for check in self._save_checks():
            check.setEnabled(False)
        self.form.forget_password_button.setEnabled(False)
        self.form.keyring_label.setText(self.tr("Checking whether the keyring is available…"))
        self.form.keyring_label.show()

    def _save_checks(self) -> tuple[Any, ...]:
        return (self.form.save_password_check, self.form.save_passphrase_check)

    def _on_keyring(self, result: "tuple[SecretStore, str | None]") -> None:
        # The worker has loaded the module: importing it here costs nothing.
        from sshdesk.core.secrets import MAX_SECRET_LENGTH

        self._store, problem = result
        self.form.secret_limit = MAX_SECRET_LENGTH
        self._show_keyring(problem)

    def _on_keyring_error(self, error: SshdeskError) -> None:
        self._show_keyring(error.message)

    def _show_keyring(self, problem: str | None) -> None:
        self._keyring_known, self._keyring_problem = True, problem
        for check in self._save_checks():
            check.setEnabled(problem is None)
            if problem is not None:
                check.setChecked(False)
        self.form.forget_password_button.setEnabled(problem is None
                                                    and not self._forget_password)
        if problem is None:
            self.form.keyring_label.hide()
        else:
            self.form.keyring_label.setText(self.tr(
                "Cannot save in the keyring: {reason}; the password will be asked each "
                "time.").format(reason=problem.rstrip(".")))
            self.form.keyring_label.show()
        self.form.revalidate("password", "passphrase")
        self.keyring_checked.emit(problem)

    # -- key files --------------------------------------------------------------------------

    def _choose_key_files(self) -> None:
        folder = Path.home() / ".ssh"
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Choose private key files"),
            str(folder if folder.is_dir() else Path.home()), self.tr("All files (*)"))
        self.add_key_files(paths)

    def add_key_files(self, paths: Sequence[str]) -> None:
        """Adds key files not listed yet (under the home folder, written with ``~``)."""
        listed = set(self.form.key_list.entries())
        for path in paths:
            text = home_relative(Path(path))
            if text not in listed:
                listed.add(text)
                self.form.key_list.append(text)

    # -- the connection test ----------------------------------------------------------------

    def test_connection(self) -> None:
        """Connects with the fields as they are (and the typed secrets) on a worker, then
        disconnects; the result appears beside the button."""
        if self._test is not None or not self.form.is_valid():
            return
        form = self.form
        password, passphrase = form.password_edit.text(), form.passphrase_edit.text()
        profile = replace(form.profile(), password=password or None,
                          passphrase=passphrase or None)
        run = _TestRun(_TestPrompter(GuiPrompter(self, parent=self), bool(password),
                                     bool(passphrase)))
        self._test = run
        self.test_label.setStyleSheet("")
        self.test_label.setText(self.tr("Connecting to {address}…").format(
            address=profile.address))
        self._update_buttons()
        self._test_worker.submit(
            _test_job, run, profile, self._connect, self._store, self._original.id,
            self._saved_kinds(password, passphrase),
            on_result=functools.partial(self._on_tested, run, profile),
            on_error=functools.partial(self._on_test_failed, run),
            operation=self.tr("test connection"))

    def _saved_kinds(self, password: str, passphrase: str) -> "tuple[SecretKind, ...]":
        """The secrets to fetch from the keyring for the test: saved ones not retyped."""
        from sshdesk.core.secrets import SecretKind

        if not (self._original.id and self._original.save_password
                and self._keyring_usable()):
            return ()
        kinds = []
        if not password and not self._forget_password:
            kinds.append(SecretKind.PASSWORD)
        if not passphrase:
            kinds.append(SecretKind.PASSPHRASE)
        return tuple(kinds)

    def _on_tested(self, run: _TestRun, profile: SessionProfile, elapsed: float) -> None:
        self._finish_test(run, True, self.tr("Connected as {user}@{host} in {seconds:.1f} s")
                          .format(user=profile.login_name, host=profile.address,
                                  seconds=elapsed))

    def _on_test_failed(self, run: _TestRun, error: SshdeskError) -> None:
        self._finish_test(run, False, error.describe())

    def _finish_test(self, run: _TestRun, worked: bool, text: str) -> None:
        if run is not self._test:
            return  # cancelled meanwhile
        run.prompter.inner.close()
        run.prompter.inner.deleteLater()
        self._test = None
        self.test_label.setStyleSheet("" if worked else f"color: {WARNING_COLOUR};")
        self.test_label.setText(text)
        self._update_buttons()
        self.connection_tested.emit(worked, text)

    def is_testing(self) -> bool:
        """True while a connection test runs."""
        return self._test is not None

    def _cancel_test(self) -> None:
        run, self._test = self._test, None
        if run is not None:
            run.cancel()
            run.prompter.inner.deleteLater()
            self.test_label.setText("")

    def done(self, result: int) -> None:
        """Closing the dialog, however, cancels a running test; the worker closes the
        connection should it still arrive."""
        self._cancel_test()
        self._update_buttons()
        super().done(result)

    def _update_buttons(self) -> None:
        valid = self.form.is_valid()
        self.ok_button.setEnabled(valid)
        self.test_button.setEnabled(valid and self._test is None)

