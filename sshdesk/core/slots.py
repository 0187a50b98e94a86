"""The transfer queue's slots, each on a connection of its own where one can be opened
without asking anyone.

Measured on loopback, a 1 GiB download split over four channels of one connection ran at
the speed of the server's one process for that connection (it encrypts every channel's
data); over four connections it took a quarter less time. So a queue's first slot uses
the session's connection, and each further slot logs in again, the same way: through
:class:`LoginMemory`, which remembers what the first login was told (the host key
accepted, a password or passphrase typed), in memory only, and answers the same
questions the same way for the later logins, never asking a person twice. When a further
login fails (a one-time code, a server limit), the slot takes a channel on the session's
connection instead.
"""

import logging
import threading

from sshdesk.core.connection import Connection, connect
from sshdesk.core.errors import SshdeskError
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.prompts import (
    HostKeyDecision,
    InteractivePrompt,
    Prompter,
    UnknownHostKey,
    asks_for_password,
)
from sshdesk.core.sftp_client import SftpChannel

log = logging.getLogger(__name__)


class LoginMemory:
    """A prompter around ``inner`` that remembers the answers a login needs again.

    Secrets stay in this object's memory: never written, never logged.
    """

    def __init__(self, inner: Prompter) -> None:
        self._inner = inner
        self._accepted: set[tuple[str, int, str]] = set()
        self._passwords: dict[tuple[str, str], str] = {}
        self._passphrases: dict[tuple[str, str], str] = {}
        self._interactive_passwords: dict[str, str] = {}
        # The login asked something a person must answer each time (a one-time code):
        # a further login would fail, and a failed login counts against us (fail2ban).
        self.needs_person = False

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        decision = self._inner.ask_host_key(key)
        if decision is not HostKeyDecision.REFUSE:
            self._accepted.add((key.host, key.port, key.fingerprint))
        return decision

    def ask_password(self, host: str, username: str) -> str | None:
        answer = self._inner.ask_password(host, username)
        if answer is not None:
            self._passwords[(host, username)] = answer
        return answer

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        answer = self._inner.ask_passphrase(host, key_path, retry)
        if answer is not None:
            self._passphrases[(host, key_path)] = answer
        return answer

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        answers = self._inner.ask_interactive(host, title, instructions, prompts)
        if not asks_for_password(prompts):
            self.needs_person = self.needs_person or bool(prompts)
        elif answers is not None:
            self._interactive_passwords[host] = answers[0]
        return answers

    def replaying(self) -> Prompter:
        """A prompter that answers from memory alone: the same host key is accepted (for
        this login only), anything else refused; remembered secrets are given again."""
        return _Replay(self)


class _Replay:
    def __init__(self, memory: LoginMemory) -> None:
        self._memory = memory

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        if (key.host, key.port, key.fingerprint) in self._memory._accepted:
            return HostKeyDecision.ACCEPT_ONCE
        return HostKeyDecision.REFUSE

    def ask_password(self, host: str, username: str) -> str | None:
        return self._memory._passwords.get((host, username))

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        return None if retry else self._memory._passphrases.get((host, key_path))

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        password = self._memory._interactive_passwords.get(host)
        if password is not None and asks_for_password(prompts):
            return [password]
        return None  # a one-time code is not asked twice: this login fails


class SlotConnections:
    """A :class:`~sshdesk.core.transfers.TransferQueue`'s channel source: see the module's
    docstring. Thread-safe; :meth:`close` closes the connections it opened."""

    def __init__(self, main: Connection, memory: LoginMemory | None,
                 known_hosts: KnownHosts | None = None) -> None:
        self._main = main
        self._memory = memory
        self._known_hosts = known_hosts
        self._lock = threading.Lock()
        self._extra: list[Connection] = []
        self._given = 0
        self._logins_fail = memory is None
        self._closed = False

    def open_channel(self) -> SftpChannel:
        with self._lock:
            first = self._given == 0
            self._given += 1
            try_login = not (first or self._logins_fail or self._closed
                             or (self._memory is not None and self._memory.needs_person))
        if try_login:
            assert self._memory is not None
            try:
                sibling = connect(self._main.profile, self._memory.replaying(),
                                  self._known_hosts)
            except SshdeskError as error:
                log.info("a further connection for transfers failed (%s); this slot "
                         "shares the session's connection", error.message)
                with self._lock:
                    self._logins_fail = True
            else:
                with self._lock:
                    keep = not self._closed
                    if keep:
                        self._extra.append(sibling)
                if keep:
                    return sibling.open_sftp_channel()
                sibling.close()
        return self._main.open_sftp_channel()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            extra, self._extra = self._extra, []
        for connection in extra:
            connection.close()
