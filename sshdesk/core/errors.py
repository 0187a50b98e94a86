"""The one family of errors the core raises.

Every error carries the host it concerns, the operation that failed, a plain-language
message and a hint of what to try. Nothing from paramiko or the socket layer leaves the
core: connection code translates such exceptions into these, keeping the original as
``__cause__`` for the log only.
"""

from sshdesk.core.i18n import tr


class SshdeskError(Exception):
    """Base of every error the core reports to a user.

    Attributes:
        host: The host (``name`` or ``name:port``) the error concerns.
        operation: What was being done, e.g. "connect" or "authenticate".
        message: What went wrong, in words a user understands.
        hint: What the user can try next; may be empty.
    """

    _init_arguments: tuple[tuple[object, ...], dict[str, object]]

    def __new__(cls, *args: object, **kwargs: object) -> "SshdeskError":
        error = super().__new__(cls, *args)
        error._init_arguments = (args, kwargs)
        return error

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from the constructor's arguments, not the finished text, so an error
        # raised in the network process is worded by the GUI process's translator.
        args, kwargs = self._init_arguments
        return (_rebuild, (type(self), args, kwargs))

    def __init__(self, host: str, operation: str, message: str, hint: str = "") -> None:
        super().__init__(f"{host}: {message}")
        self.host = host
        self.operation = operation
        self.message = message
        self.hint = hint

    def describe(self) -> str:
        """Returns the message and the hint as a short paragraph for a person."""
        text = tr("{host}: {operation} failed: {message}").format(
            host=self.host, operation=self.operation, message=self.message
        )
        return f"{text}\n{self.hint}" if self.hint else text


def _rebuild(cls: type[SshdeskError], args: tuple[object, ...],
             kwargs: dict[str, object]) -> SshdeskError:
    return cls(*args, **kwargs)  # type: ignore[arg-type]  # each subclass's own arguments


class CancelledError(SshdeskError):
    """The user dismissed a prompt (password, passphrase, host key) or closed the session."""

    def __init__(self, host: str, operation: str) -> None:
        super().__init__(host, operation, tr("cancelled by the user"))


# --- reaching the server ---------------------------------------------------------------


class NetworkError(SshdeskError):
    """The TCP connection could not be made or was lost (base of the network errors)."""


class HostNotFoundError(NetworkError):
    def __init__(self, host: str) -> None:
        super().__init__(
            host,
            tr("connect"),
            tr("the name {name} could not be found").format(name=_name(host)),
            tr("Check the spelling of the host name, or use its IP address; "
               "check that this computer's DNS works."),
        )


class ConnectRefusedError(NetworkError):
    def __init__(self, host: str) -> None:
        super().__init__(
            host,
            tr("connect"),
            tr("the connection was refused: nothing is listening on that port"),
            tr("Check the port number and that the SSH server is running on the host."),
        )


class ConnectTimeoutError(NetworkError):
    def __init__(self, host: str, seconds: float, stage: str) -> None:
        super().__init__(
            host,
            tr("connect"),
            tr("no answer within {seconds:g} seconds ({stage})").format(
                seconds=seconds, stage=stage
            ),
            tr("Check that the host is up and reachable (VPN, firewall), or raise the "
               "connection timeout for slow links."),
        )


class ConnectionLostError(NetworkError):
    def __init__(self, host: str, detail: str = "") -> None:
        message = tr("the connection was lost")
        super().__init__(
            host,
            tr("connection"),
            f"{message} ({detail})" if detail else message,
            tr("Reconnect. If this keeps happening, check the network or lower the "
               "keepalive interval in the session settings."),
        )


class NotSshServerError(NetworkError):
    def __init__(self, host: str, first_line: str) -> None:
        if first_line.upper().startswith("HTTP/"):
            what = tr("the server answered like a web server (HTTP), not an SSH server")
        elif first_line:
            what = tr("the server did not answer as an SSH server; it said: {line}").format(
                line=first_line[:80]
            )
        else:
            what = tr("the server closed the connection without sending an SSH greeting")
        super().__init__(
            host,
            tr("connect"),
            what,
            tr("Check the port: SSH usually listens on 22. The port you used belongs to "
               "another service, or a firewall or proxy is in between."),
        )


class ObsoleteAlgorithmsError(NetworkError):
    """The server offers only algorithms considered broken (ssh-rsa/SHA-1, DSA, ...)."""

    def __init__(self, host: str, what: str, offered: list[str]) -> None:
        super().__init__(
            host,
            tr("connect"),
            tr("the server offers only obsolete {what} algorithms: {offered}").format(
                what=what, offered=", ".join(offered) or "-"
            ),
            tr("Ask the server's administrator to update OpenSSH or enable modern "
               "algorithms (rsa-sha2-256/512, ssh-ed25519, curve25519). sshdesk does not "
               "use SHA-1 signatures or DSA keys."),
        )


class ProtocolError(NetworkError):
    """The SSH conversation broke in a way none of the more specific errors describes."""

    def __init__(self, host: str, operation: str, detail: str) -> None:
        super().__init__(
            host,
            operation,
            tr("the SSH conversation failed: {detail}").format(detail=detail),
            tr("Try again; if it persists, look at the log for details."),
        )


# --- host keys -------------------------------------------------------------------------


class HostKeyError(SshdeskError):
    """The server's identity could not be confirmed."""


class HostKeyChangedError(HostKeyError):
    """The host presented a key other than the one remembered for it. Never accepted."""

    def __init__(
        self, host: str, key_type: str, known_fingerprint: str, offered_fingerprint: str,
        known_in: str,
    ) -> None:
        self.key_type = key_type
        self.known_fingerprint = known_fingerprint
        self.offered_fingerprint = offered_fingerprint
        self.known_in = known_in
        super().__init__(
            host,
            tr("verify host key"),
            tr("WARNING: the host key has CHANGED. Someone may be intercepting the "
               "connection (man-in-the-middle), or the server was reinstalled.\n"
               "Remembered {key_type} key: {known}\nKey offered now: {offered}").format(
                key_type=key_type, known=known_fingerprint, offered=offered_fingerprint
            ),
            tr("Ask the server's administrator for its real fingerprint. Only if it matches "
               "the key offered now, remove the old entry for {host} from {file} "
               "and connect again.").format(host=host, file=known_in),
        )


class HostKeyRevokedError(HostKeyError):
    def __init__(self, host: str, fingerprint: str, known_in: str) -> None:
        self.fingerprint = fingerprint
        super().__init__(
            host,
            tr("verify host key"),
            tr("the host key {fingerprint} is marked as revoked in {file}").format(
                fingerprint=fingerprint, file=known_in
            ),
            tr("Do not connect. Ask the server's administrator for the host's new key."),
        )


class HostKeyRefusedError(HostKeyError):
    def __init__(self, host: str, fingerprint: str, detail: str = "") -> None:
        self.fingerprint = fingerprint
        message = tr("the host key {fingerprint} is not known and was not accepted").format(
            fingerprint=fingerprint
        )
        super().__init__(
            host,
            tr("verify host key"),
            f"{message} ({detail})" if detail else message,
            tr("Compare the fingerprint with the one the server's administrator gives you, "
               "then accept it (on the command line: --accept-new-host-key)."),
        )


# --- authentication --------------------------------------------------------------------


class AuthError(SshdeskError):
    """Logging in failed."""


class AuthenticationFailedError(AuthError):
    def __init__(self, host: str, username: str, tried: list[str], allowed: list[str]) -> None:
        self.username = username
        self.tried = tried
        self.allowed = allowed
        super().__init__(
            host,
            tr("authenticate"),
            tr("the server refused the login of {user} (tried: {tried}; the server "
               "accepts: {allowed})").format(
                user=username, tried=", ".join(tried) or "-", allowed=", ".join(allowed) or "-"
            ),
            tr("Check the user name and password, or which key the server has in "
               "~/.ssh/authorized_keys for this user."),
        )


class PassphraseRequiredError(AuthError):
    def __init__(self, host: str, key_path: str, wrong: bool = False) -> None:
        self.key_path = key_path
        message = (
            tr("the passphrase for the key {path} is wrong")
            if wrong
            else tr("the key {path} is protected by a passphrase and none was given")
        )
        super().__init__(
            host,
            tr("authenticate"),
            message.format(path=key_path),
            tr("Enter the key's passphrase, or load the key into ssh-agent (ssh-add)."),
        )


class KeyFileError(AuthError):
    """A key file is missing, unreadable or in a format sshdesk cannot use."""

    def __init__(self, host: str, key_path: str, message: str, hint: str) -> None:
        self.key_path = key_path
        super().__init__(host, tr("authenticate"), message, hint)


# --- after login -----------------------------------------------------------------------


class CommandTimeoutError(SshdeskError):
    def __init__(self, host: str, command: str, seconds: float) -> None:
        super().__init__(
            host,
            tr("run command"),
            tr("the command did not finish within {seconds:g} seconds: {command}").format(
                seconds=seconds, command=command[:80]
            ),
            tr("Raise the timeout, or run long jobs in the background on the server."),
        )


class ChannelError(SshdeskError):
    """The server refused to open a shell, command or SFTP channel."""

    def __init__(self, host: str, operation: str, detail: str) -> None:
        super().__init__(
            host,
            operation,
            tr("the server refused: {detail}").format(detail=detail),
            tr("The server may limit sessions (MaxSessions) or disable this feature "
               "(e.g. no SFTP subsystem). Ask its administrator."),
        )


class RemoteFileError(SshdeskError):
    """An SFTP operation on a remote path failed."""

    def __init__(self, host: str, operation: str, path: str, reason: str, hint: str = "") -> None:
        self.path = path
        super().__init__(
            host,
            operation,
            tr("{path}: {reason}").format(path=path, reason=reason),
            hint,
        )


def _name(host: str) -> str:
    """Strips a ``:port`` suffix for messages about name resolution."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
