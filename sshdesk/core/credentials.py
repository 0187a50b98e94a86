"""A saved session's secrets at login: filled in from the keyring, and kept once they work.

The flow, on a worker thread: :func:`profile_with_secrets` gives the session's profile
with its saved password and passphrase; the login runs with a :class:`RecordingPrompter`
around the real prompter; once the login has worked, :func:`keep_typed_secrets` saves
what the person typed, in the keyring if the session asks for that, else in memory for
this run, so a second tab or a reconnect does not ask again.
"""

import dataclasses
import logging

from sshdesk.core.errors import SshdeskError
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import (
    HostKeyDecision,
    InteractivePrompt,
    Prompter,
    UnknownHostKey,
    asks_for_password,
)
from sshdesk.core.secrets import SecretKind, SecretStore
from sshdesk.core.sessions import SavedSession

log = logging.getLogger(__name__)


class RecordingPrompter:
    """Passes every question on to ``inner`` and keeps the password and passphrase typed.

    A keyboard-interactive round that only asks for a password (PAM's ``Password:``)
    counts as a password; one-time codes and other answers are never kept.
    """

    def __init__(self, inner: Prompter) -> None:
        self._inner = inner
        self.password: str | None = None
        self.passphrase: str | None = None

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        return self._inner.ask_host_key(key)

    def ask_password(self, host: str, username: str) -> str | None:
        answer = self._inner.ask_password(host, username)
        if answer is not None:
            self.password = answer
        return answer

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        answer = self._inner.ask_passphrase(host, key_path, retry)
        if answer is not None:
            self.passphrase = answer
        return answer

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        answers = self._inner.ask_interactive(host, title, instructions, prompts)
        if answers is not None and asks_for_password(prompts):
            self.password = answers[0]
        return answers


def profile_with_secrets(session: SavedSession, secrets: SecretStore) -> SessionProfile:
    """The session's profile with its saved password and passphrase, where there are some.

    Blocking (the keyring may go over D-Bus): call on a worker thread. An unavailable
    keyring gives a profile without them; the login then asks.
    """
    password = secrets.get(session.id, SecretKind.PASSWORD)
    passphrase = secrets.get(session.id, SecretKind.PASSPHRASE)
    return dataclasses.replace(session.profile, password=password, passphrase=passphrase)


def keep_typed_secrets(session: SavedSession, recorder: RecordingPrompter,
                       secrets: SecretStore) -> SshdeskError | None:
    """Keeps what was typed during a login that worked.

    In the keyring when the session has "save password" on, else for this run only. If the
    keyring refuses, the secrets are kept for this run and the error is returned, for the
    caller to show (the login itself worked). Blocking: call on a worker thread.
    """
    typed = [(kind, secret) for kind, secret in ((SecretKind.PASSWORD, recorder.password),
                                                 (SecretKind.PASSPHRASE, recorder.passphrase))
             if secret is not None]
    problem: SshdeskError | None = None
    for kind, secret in typed:
        secrets.remember_for_run(session.id, kind, secret)
        if session.save_password:
            try:
                secrets.set(session.id, kind, secret)
            except SshdeskError as error:
                log.info("could not save the %s of %s: %s", kind, session.path, error.message)
                problem = error
    return problem
