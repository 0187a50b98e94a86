"""What it takes to reach and log in to one SSH server.

A :class:`SessionProfile` is a frozen value: connection code never mutates it, and it can
be handed between threads freely. Secrets it carries (password, passphrase) are excluded
from ``repr`` so they never end up in a log line or a traceback.
"""

import getpass
import re
from dataclasses import dataclass, field
from pathlib import Path

from sshdesk.core.i18n import tr

DEFAULT_PORT = 22


@dataclass(frozen=True)
class SessionProfile:
    """How to connect to one host, and the settings of its shell.

    Attributes:
        host: Host name, IPv4 or IPv6 address.
        port: TCP port.
        username: Login name; the local user's name when empty.
        password: Password for ``password`` and keyboard-interactive logins, if known.
        key_files: Private key files to offer, in order.
        passphrase: Passphrase for encrypted key files, if known.
        allow_agent: Offer the keys held by ssh-agent (``SSH_AUTH_SOCK``).
        look_for_keys: Offer ``~/.ssh/id_ed25519``, ``id_ecdsa`` and ``id_rsa`` too.
        compress: Ask for zlib compression (helps on slow links, costs CPU on fast ones).
        timeout: Seconds allowed for the TCP connection.
        banner_timeout: Seconds allowed for the server's SSH greeting; ``timeout`` if None.
        auth_timeout: Seconds allowed for each authentication answer from the server.
        disabled_algorithms: Algorithms not to offer, by kind, as paramiko takes them
            (``{"ciphers": [...], "kex": [...], "keys": [...], "macs": [...]}``).
        keepalive_interval: Seconds between keepalive probes; 0 turns them off.
        keepalive_count_max: Unanswered probes after which the connection counts as lost.
        jump_hosts: Hops to pass through first (ProxyJump), outermost first.
        terminal_type: ``TERM`` announced for shells.
        encoding: Character encoding of the server's terminal output and file names.
    """

    host: str
    port: int = DEFAULT_PORT
    username: str = ""
    password: str | None = field(default=None, repr=False)
    key_files: tuple[str, ...] = ()
    passphrase: str | None = field(default=None, repr=False)
    allow_agent: bool = True
    look_for_keys: bool = True
    compress: bool = False
    timeout: float = 10.0
    banner_timeout: float | None = None
    auth_timeout: float = 30.0
    disabled_algorithms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    keepalive_interval: float = 30.0
    keepalive_count_max: int = 3
    jump_hosts: tuple["SessionProfile", ...] = ()
    terminal_type: str = "xterm-256color"
    encoding: str = "utf-8"

    @property
    def login_name(self) -> str:
        """The user name to log in with: the profile's, or the local user's."""
        return self.username or getpass.getuser()

    @property
    def address(self) -> str:
        """``host`` or ``host:port`` (``[v6]:port``) as a person would write it."""
        if self.port == DEFAULT_PORT:
            return self.host
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def disabled_algorithms_dict(self) -> dict[str, list[str]]:
        """The disabled algorithms in the shape paramiko takes."""
        return {kind: list(names) for kind, names in self.disabled_algorithms}

    def expanded_key_files(self) -> tuple[Path, ...]:
        """The key files with ``~`` expanded."""
        return tuple(Path(p).expanduser() for p in self.key_files)


_TARGET = re.compile(
    r"""^(?:(?P<user>[^@]+)@)?             # optional user@
        (?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:@\[\]]+))
        (?::(?P<port>\d+))?$""",
    re.VERBOSE,
)


class TargetSyntaxError(ValueError):
    """A ``[user@]host[:port]`` string could not be understood."""


def parse_target(text: str) -> tuple[str, str, int | None]:
    """Splits ``[user@]host[:port]`` (IPv6 as ``[addr]:port``) into its parts.

    Returns:
        ``(user, host, port)``; user is "" and port None when absent.

    Raises:
        TargetSyntaxError: The text is not of that form or the port is out of range.
    """
    match = _TARGET.match(text.strip())
    if match is None:
        raise TargetSyntaxError(
            tr("'{text}' is not of the form [user@]host[:port]").format(text=text)
        )
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 1 <= port <= 65535:
        raise TargetSyntaxError(tr("port {port} is not between 1 and 65535").format(port=port))
    return match["user"] or "", match["v6"] or match["host"], port
