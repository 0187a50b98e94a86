"""What the core may ask a person while connecting, and the answers it understands.

The connection code calls a :class:`Prompter` from whatever thread it runs on. The GUI's
prompter forwards each question to a dialog on the GUI thread and blocks the worker until
it is answered; the CLI's asks on the controlling terminal; :class:`NoPrompter` answers
every question with a refusal, for scripts without a terminal.
"""

import enum
from dataclasses import dataclass
from typing import Protocol


class HostKeyDecision(enum.Enum):
    """The three answers to an unknown host key."""

    REFUSE = "refuse"
    ACCEPT_ONCE = "accept-once"
    ACCEPT_AND_REMEMBER = "accept-and-remember"


@dataclass(frozen=True)
class UnknownHostKey:
    """An unknown host key as shown to the user.

    Attributes:
        host: Host name or address as the user typed it.
        port: TCP port.
        key_type: SSH key type, e.g. ``ssh-ed25519``.
        fingerprint: ``SHA256:...`` as OpenSSH prints it.
    """

    host: str
    port: int
    key_type: str
    fingerprint: str


@dataclass(frozen=True)
class InteractivePrompt:
    """One question of a keyboard-interactive round, in the server's own words."""

    text: str
    echo: bool


def asks_for_password(prompts: list[InteractivePrompt]) -> bool:
    """Whether a keyboard-interactive round only asks for the password (PAM's
    ``Password:``), which a known password may answer and a typed one counts as."""
    return len(prompts) == 1 and not prompts[0].echo and "password" in prompts[0].text.lower()


class Prompter(Protocol):
    """Answers the questions a login may raise. Methods may block for as long as a person
    needs. Returning ``None`` means no answer can be given (the login goes on with other
    methods); a person cancelling raises :class:`~sshdesk.core.errors.CancelledError`."""

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        """Asks whether to trust a host key seen for the first time."""
        ...

    def ask_password(self, host: str, username: str) -> str | None:
        """Asks for the password of ``username`` on ``host``."""
        ...

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        """Asks for the passphrase of an encrypted key; ``retry`` after a wrong one."""
        ...

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        """Asks one keyboard-interactive round (password, one-time code, ...)."""
        ...


class NoPrompter:
    """A prompter for unattended use: refuses unknown keys and has no secrets to give."""

    def __init__(self, accept_new_host_keys: bool = False) -> None:
        self._accept_new = accept_new_host_keys

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        if self._accept_new:
            return HostKeyDecision.ACCEPT_AND_REMEMBER
        return HostKeyDecision.REFUSE

    def ask_password(self, host: str, username: str) -> str | None:
        return None

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        return None

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        return None
