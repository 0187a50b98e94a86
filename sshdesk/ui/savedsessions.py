"""The window's saved sessions: the store, the sidebar, the editor, imports and secrets.

The main window makes one :class:`SavedSessions` once it has painted (loading the store
and building the sidebar would delay the first paint). Keyring calls run on one serial
worker (they may wait on D-Bus, or on a person unlocking the keyring); store files are
local and small, so they are read and written on the GUI thread.
"""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStringListModel
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from sshdesk.core.errors import SshdeskError
from sshdesk.core.profile import SessionProfile
from sshdesk.core.sessions import SavedSession, SessionOrigin, SessionStore
from sshdesk.ui import messages, preferences
from sshdesk.ui.sidebar import SessionSidebar
from sshdesk.ui.workers import SerialWorker

if TYPE_CHECKING:
    from sshdesk.core.demo_launcher import DemoDetails, DemoProcess
    from sshdesk.core.hostkeys import KnownHosts
    from sshdesk.core.secrets import SecretKind, SecretStore
    from sshdesk.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)

#: The demo session's origin: found and removed at exit, or at the next start after a crash.
DEMO_ORIGIN = SessionOrigin("sshdesk:demo", "demo")


class SavedSessions(QObject):
    """Owns the session store for one window and answers the sidebar's requests."""

    def __init__(self, window: "MainWindow", store: SessionStore | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.store = store or SessionStore()
        self._secrets: SecretStore | None = None
        self._keyring = SerialWorker("keyring", self.tr("keyring"), parent=self)
        self._demo: DemoProcess | None = None
        self._demo_known_hosts: KnownHosts | None = None
        self._load()
        self.sidebar = SessionSidebar(self.store, window)
        self.sidebar.connect_requested.connect(self.connect_session)
        self.sidebar.edit_requested.connect(self.edit_session)
        self.sidebar.new_session_requested.connect(lambda folder: self.new_session(folder))
        self.sidebar.session_deleted.connect(self._forget_secrets)
        self.sidebar.session_duplicated.connect(self._copy_secrets)
        self.sidebar.set_expanded_folders(preferences.load_open_folders())
        # What the quick-connect field completes: every session's path, kept current.
        self.names = QStringListModel(self)
        self.sidebar.model.modelReset.connect(self._refresh_names)
        self.sidebar.model.dataChanged.connect(self._refresh_names)
        self._refresh_names()

    def _load(self) -> None:
        try:
            self.store.load()
        except SshdeskError as error:
            messages.error_from(error)
            return
        if self.store.recovered_from is not None:
            messages.warning(self.tr(
                "The saved sessions file could not be read in full. It was kept as {path}; "
                "the sessions that could be read are shown.").format(
                path=self.store.recovered_from))
        if self.store.read_only_reason:
            messages.warning(self.store.read_only_reason)
        if self._forget_demo_sessions():  # left by a demo that did not end cleanly
            self._save()

    @property
    def secrets(self) -> "SecretStore":
        """The keyring, made on first use (importing keyring takes ~75 ms)."""
        if self._secrets is None:
            from sshdesk.core.secrets import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    def _save(self) -> bool:
        try:
            self.store.save()
        except SshdeskError as error:
            messages.error_from(error)
            return False
        return True

    def _refresh_names(self) -> None:
        self.names.setStringList(sorted((s.path for s in self.store.sessions()), key=str.lower))

    def find(self, text: str) -> SavedSession | None:
        """The saved session that ``text`` names (name, ``Folder/name`` or id), if one does."""
        try:
            return self.store.find(text)
        except SshdeskError:
            return None

    # -- connecting ---------------------------------------------------------------------

    def connect_session(self, session_id: str) -> None:
        """Opens a tab on the saved session, its secrets taken from the keyring."""
        session = self.store.get(session_id)
        if session is None:
            return
        known_hosts = self._demo_known_hosts if session.origin == DEMO_ORIGIN else None
        self._window.open_session(session.profile, saved=session, secrets=self.secrets,
                                  known_hosts=known_hosts)
        # Kept in memory and written with the next save (at the latest when the app
        # closes): rewriting a large store at every connect would stall the window.
        self.store.touch(session_id)
        self.sidebar.refresh_recent()

    # -- editing ------------------------------------------------------------------------

    def new_session(self, folder: tuple[str, ...] = (),
                    profile: SessionProfile | None = None) -> None:
        """Opens the editor on a new session (from the quick-connect text, if given)."""
        name = profile.address if profile is not None else ""
        draft = SavedSession(name=name, profile=profile or SessionProfile(host=""),
                             folder=folder)
        self._edit(draft)

    def edit_session(self, session_id: str) -> None:
        session = self.store.get(session_id)
        if session is not None:
            self._edit(session)

    def _edit(self, session: SavedSession) -> None:
        from sshdesk.ui.dialogs.sessioneditor import SessionEditor

        editor = SessionEditor(session, self.store.folders(), self._window,
                               secret_store=self.secrets)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return
        edited = editor.session()
        if session.id:
            self.store.update(edited)
        else:
            edited = self.store.add(edited)
        if self._save():
            self._store_secrets(edited.id, editor.secrets())
            self.sidebar.reload()
            self.sidebar.select_session(edited.id)

    def _store_secrets(self, session_id: str,
                       secrets: "dict[SecretKind, str | None]") -> None:
        store = self.secrets

        def job() -> None:
            for kind, secret in secrets.items():
                if secret is None:
                    continue
                store.forget_for_run(session_id, kind)
                if secret:
                    store.set(session_id, kind, secret)
                else:
                    store.delete(session_id, kind)

        self._keyring.submit(job, on_error=messages.error_from,
                             operation=self.tr("save the password"))

    def _forget_secrets(self, removed: list[SavedSession]) -> None:
        store = self.secrets
        ids = [session.id for session in removed]

        def job() -> None:
            for session_id in ids:
                store.forget_for_run(session_id)
                store.delete(session_id)

        self._keyring.submit(job, on_error=messages.error_from,
                             operation=self.tr("forget the password"))

    def _copy_secrets(self, original_id: str, copy_id: str) -> None:
        from sshdesk.core.secrets import SecretKind

        store = self.secrets

        def job() -> None:
            for kind in SecretKind:
                secret = store.get(original_id, kind)
                if secret is not None:
                    store.set(copy_id, kind, secret)

        self._keyring.submit(job, on_error=messages.error_from,
                             operation=self.tr("copy the password"))

    # -- importing and exporting --------------------------------------------------------

    def import_ssh_config(self) -> None:
        """Asks for an ssh_config file (``~/.ssh/config`` offered) and imports its Hosts."""
        from sshdesk.core import sshconfig

        default = Path.home() / ".ssh" / "config"
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Import from OpenSSH configuration"), str(default))
        if not chosen:
            return
        try:
            result = sshconfig.read_ssh_config(Path(chosen))
        except SshdeskError as error:
            messages.error_from(error)
            return
        report = sshconfig.merge_into(self.store, result)
        if not self._save():
            return
        self.sidebar.reload()
        self._show_report(self.tr("Imported from {file}").format(file=chosen), [
            (self.tr("Imported"), report.imported), (self.tr("Updated"), report.updated),
            (self.tr("Unchanged"), report.unchanged),
            (self.tr("Kept (no longer in the file, not deleted)"), report.skipped),
            (self.tr("Not imported or ignored"),
             [f"{issue.file}:{issue.line}: {issue.text}" for issue in report.issues])])

    def import_sessions(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Import sessions"), str(Path.home()),
            self.tr("sshdesk sessions (*.json);;All files (*)"))
        if not chosen:
            return
        try:
            report = self.store.import_file(Path(chosen))
        except SshdeskError as error:
            messages.error_from(error)
            return
        if self._save():
            self.sidebar.reload()
            self._show_report(self.tr("Imported from {file}").format(file=chosen), [
                (self.tr("Added"), report.added), (self.tr("Updated"), report.updated)])

    def export_sessions(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Export sessions (without passwords)"),
            str(Path.home() / "sshdesk-sessions.json"), self.tr("sshdesk sessions (*.json)"))
        if chosen:
            self.export_sessions_to(Path(chosen))

    def export_sessions_to(self, path: Path) -> None:
        """Exports every session to ``path`` (without secrets) and says so."""
        try:
            count = self.store.export(path)
        except SshdeskError as error:
            messages.error_from(error)
            return
        messages.info(self.tr("{count} sessions exported to {file} (passwords are not "
                              "exported)").format(count=count, file=path))

    def _show_report(self, title: str, sections: list[tuple[str, list[str]]]) -> None:
        lines = []
        for heading, items in sections:
            if items:
                lines.append(f"{heading} ({len(items)}):")
                lines.extend(f"  {item}" for item in items)
        box = QMessageBox(QMessageBox.Icon.Information, title,
                          "\n".join(lines) or self.tr("Nothing to import."),
                          QMessageBox.StandardButton.Ok, self._window)
        box.exec()

    def show_known_hosts(self) -> None:
        from sshdesk.ui.dialogs.knownhosts import KnownHostsDialog

        KnownHostsDialog(parent=self._window).exec()

    # -- the demo -----------------------------------------------------------------------

    def start_demo(self) -> None:
        """Starts the demo server (on a worker), adds its session and opens it."""
        from sshdesk.core.demo_launcher import DemoProcess

        demo = self._demo = DemoProcess()
        worker = SerialWorker("demo", self.tr("demo"), parent=self)
        messages.info(self.tr("Starting the demo server…"))
        worker.submit(demo.start, on_result=self._demo_started, on_error=messages.error_from,
                      operation=self.tr("start the demo server"))

    def _demo_started(self, details: "DemoDetails") -> None:
        self._demo_known_hosts = details.known_hosts()
        session = self.store.add(SavedSession(
            name=self.tr("Demo (this computer)"), profile=details.profile(),
            origin=DEMO_ORIGIN, note=self.tr("A throwaway server on this computer, gone "
                                             "when sshdesk closes.")))
        self._save()
        self.sidebar.reload()
        self.sidebar.select_session(session.id)
        self.connect_session(session.id)

    def _forget_demo_sessions(self) -> bool:
        """Removes the demo's session(s) from the store (unsaved); whether there were any."""
        demo = [s.id for s in self.store.sessions() if s.origin == DEMO_ORIGIN]
        for session_id in demo:
            self.store.remove(session_id)
        return bool(demo)

    def shutdown(self) -> None:
        """At exit: saves what is pending (sessions' last use) and the open folders, stops
        the demo and forgets its session. Blocking for a moment."""
        preferences.save_open_folders(self.sidebar.expanded_folders())
        demo, self._demo = self._demo, None
        self._forget_demo_sessions()
        self._save()
        if demo is not None:
            demo.stop()

