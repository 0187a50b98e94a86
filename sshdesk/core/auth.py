"""The authentication chain: agent, key files, default keys, password, keyboard-interactive.

Methods are tried in OpenSSH's order, restricted to what the server allows. Partial
success (``AuthenticationMethods publickey,keyboard-interactive``) is followed through:
after each partial success the chain goes on with the methods the server still asks for.
"""

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import paramiko

from sshdesk.core import paths
from sshdesk.core.errors import (
    AuthenticationFailedError,
    CancelledError,
    KeyFileError,
    PassphraseRequiredError,
)
from sshdesk.core.keys import load_private_key, public_blob_beside
from sshdesk.core.log import register_secret
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import InteractivePrompt, Prompter, asks_for_password

log = logging.getLogger(__name__)

PASSWORD_ATTEMPTS = 3
#: Extra seconds a keyboard-interactive exchange may take, since a person reads and types
#: a one-time code within it; the server's LoginGraceTime bounds it too.
HUMAN_SECONDS = 300.0
_PUBLICKEY = "publickey"
_PASSWORD = "password"
_INTERACTIVE = "keyboard-interactive"


class Authenticator:
    """Logs one transport in. Blocking; runs on the connecting thread.

    Raises from :meth:`run`:
        AuthenticationFailedError: Every method the server allows was tried and failed.
        KeyFileError, PassphraseRequiredError: A configured key cannot be used.
        CancelledError: The person cancelled a prompt.
        paramiko.SSHException: The transport broke (the caller translates it).
    """

    def __init__(
        self, transport: paramiko.Transport, profile: SessionProfile, prompter: Prompter
    ) -> None:
        self._transport = transport
        self._profile = profile
        self._prompter = prompter
        self._host = profile.address
        self._user = profile.login_name
        self._allowed: list[str] = []
        self._tried: list[str] = []
        self._offered_blobs: set[bytes] = set()
        self._failed_passwords: set[str] = set()
        self._locked_keys: list[Path] = []
        self._password = profile.password
        register_secret(profile.password)

    def run(self) -> None:
        """Tries every applicable method until the transport is authenticated."""
        if self._query_methods():
            return
        steps: list[Callable[[], bool]] = [
            self._agent_keys, self._key_files, self._default_keys,
            self._known_password, self._keyboard_interactive, self._asked_password,
        ]
        for step in steps:
            if step():
                return
        if self._locked_keys:
            # Say what would most likely have worked, rather than a bare refusal.
            raise PassphraseRequiredError(self._host, str(self._locked_keys[0]))
        raise AuthenticationFailedError(self._host, self._user, self._tried, self._allowed)

    # -- bookkeeping --------------------------------------------------------------------

    def _query_methods(self) -> bool:
        """Asks the server which methods it allows ("none" auth); True if already in."""
        try:
            self._transport.auth_none(self._user)
        except paramiko.BadAuthenticationType as error:
            self._allowed = list(error.allowed_types)
            log.info("%s allows %s", self._host, ", ".join(self._allowed))
            return False
        return bool(self._transport.is_authenticated())

    def _note(self, method: str) -> None:
        if method not in self._tried:
            self._tried.append(method)

    def _after_success(self, remaining: list[str]) -> bool:
        """Records a (partial) success; True once fully authenticated."""
        if self._transport.is_authenticated():
            return True
        self._allowed = list(remaining)
        log.info("partial success; %s still wants %s", self._host, ", ".join(remaining))
        return False

    # -- public keys --------------------------------------------------------------------

    def _offer(self, key: paramiko.PKey, label: str) -> bool:
        if _PUBLICKEY not in self._allowed:
            return False
        blob = key.asbytes()
        if blob in self._offered_blobs:
            return False
        self._offered_blobs.add(blob)
        self._note(_PUBLICKEY)
        try:
            remaining = self._transport.auth_publickey(self._user, key)
        except paramiko.BadAuthenticationType as error:
            self._allowed = list(error.allowed_types)
            return False
        except paramiko.AuthenticationException:
            log.info("key %s (%s) refused", label, key.fingerprint)
            return False
        log.info("key %s (%s) accepted", label, key.fingerprint)
        return self._after_success(remaining)

    def _agent_keys(self) -> bool:
        if not self._profile.allow_agent or not os.environ.get("SSH_AUTH_SOCK"):
            return False
        agent = paramiko.Agent()
        try:
            return any(self._offer(key, "from ssh-agent") for key in agent.get_keys())
        finally:
            agent.close()

    def _key_files(self) -> bool:
        return self._offer_files(list(self._profile.expanded_key_files()), required=True)

    def _default_keys(self) -> bool:
        if not self._profile.look_for_keys:
            return False
        existing = [path for path in paths.default_key_files() if path.is_file()]
        return self._offer_files(existing, required=False)

    def _offer_files(self, files: list[Path], required: bool) -> bool:
        for path in files:
            if _PUBLICKEY not in self._allowed:
                return False
            if public_blob_beside(path) in self._offered_blobs:
                continue
            try:
                key = load_private_key(path, self._host, self._profile.passphrase,
                                       self._prompter)
            except KeyFileError:
                if required:
                    raise
                log.info("default key %s is unusable, skipped", path)
                continue
            if key is None:
                self._locked_keys.append(path)
            elif self._offer(key, str(path)):
                return True
        return False

    # -- passwords ----------------------------------------------------------------------

    def _try_password(self, password: str) -> bool:
        register_secret(password)
        self._note(_PASSWORD)
        try:
            remaining = self._transport.auth_password(self._user, password)
        except paramiko.BadAuthenticationType as error:
            self._allowed = list(error.allowed_types)
            return False
        except paramiko.AuthenticationException:
            self._failed_passwords.add(password)
            log.info("password refused for %s@%s", self._user, self._host)
            return False
        self._password = password
        return self._after_success(remaining)

    def _known_password(self) -> bool:
        if self._password is None or _PASSWORD not in self._allowed:
            return False
        return self._try_password(self._password)

    def _asked_password(self) -> bool:
        for _ in range(PASSWORD_ATTEMPTS):
            if _PASSWORD not in self._allowed:
                return False
            answer = self._prompter.ask_password(self._host, self._user)
            if answer is None:
                return False
            if self._try_password(answer):
                return True
        return False

    # -- keyboard-interactive -----------------------------------------------------------

    def _keyboard_interactive(self) -> bool:
        for _ in range(PASSWORD_ATTEMPTS):
            if _INTERACTIVE not in self._allowed:
                return False
            self._note(_INTERACTIVE)
            round_handler = _InteractiveRounds(self, self._host)
            try:
                with _patience(self._transport):
                    remaining = self._transport.auth_interactive(self._user, round_handler)
            except paramiko.BadAuthenticationType as error:
                self._allowed = list(error.allowed_types)
                return False
            except paramiko.AuthenticationException:
                if round_handler.cancelled is not None:
                    raise round_handler.cancelled from None
                if round_handler.declined:
                    return False
                if round_handler.auto_password is not None:
                    self._failed_passwords.add(round_handler.auto_password)
                continue
            return self._after_success(remaining)
        return False

    def usable_password(self) -> str | None:
        """The password known for this login that has not failed yet, if any."""
        if self._password is not None and self._password not in self._failed_passwords:
            return self._password
        return None

    def ask_round(
        self, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        return self._prompter.ask_interactive(self._host, title, instructions, prompts)


class _InteractiveRounds:
    """The keyboard-interactive handler for one attempt: answers each round the server
    sends, any number of them (password, then one-time code, ...)."""

    def __init__(self, authenticator: Authenticator, host: str) -> None:
        self._auth = authenticator
        self._host = host
        self.auto_password: str | None = None
        self.declined = False
        self.cancelled: CancelledError | None = None

    def __call__(self, title: str, instructions: str, prompt_list: list[tuple[str, bool]]
                 ) -> list[str]:
        # Runs on paramiko's transport thread: an exception here would kill the transport,
        # so a declined or cancelled round answers with empty strings and is noted.
        prompts = [InteractivePrompt(text, echo) for text, echo in prompt_list]
        if not prompts:
            return []  # PAM sends an empty closing round; it needs an empty answer
        known = self._auth.usable_password()
        if self.auto_password is None and known is not None and asks_for_password(prompts):
            # A saved password answers PAM's "Password:" round, as OpenSSH clients
            # would with the password method; anything else goes to the person.
            self.auto_password = known
            return [known]
        try:
            answers = self._auth.ask_round(title, instructions, prompts)
        except CancelledError as error:
            self.cancelled = error
            answers = None
        if answers is None or len(answers) != len(prompts):
            self.declined = True
            return [""] * len(prompts)
        for answer in answers:
            register_secret(answer)
        return answers


@contextlib.contextmanager
def _patience(transport: paramiko.Transport) -> Iterator[None]:
    """Lengthens paramiko's auth timeout, which would otherwise count typing time."""
    saved = transport.auth_timeout
    transport.auth_timeout = (saved or 0) + HUMAN_SECONDS
    try:
        yield
    finally:
        transport.auth_timeout = saved
