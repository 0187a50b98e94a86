"""Reaching a server: the TCP connection, the SSH handshake and the host-key check.

Every failure on the way is translated into an :class:`SshdeskError` that says what
happened in a person's words. paramiko only says "Error reading SSH protocol banner" or
"Incompatible ssh peer", so a :class:`_HandshakeRecorder` listens to the transport's
debug log during the handshake to learn what the other side actually sent.
"""

import itertools
import logging
import socket

import paramiko

from sshdesk.core.errors import (
    ConnectRefusedError,
    ConnectTimeoutError,
    HostKeyChangedError,
    HostKeyRefusedError,
    HostKeyRevokedError,
    HostNotFoundError,
    NetworkError,
    NotSshServerError,
    ObsoleteAlgorithmsError,
    ProtocolError,
)
from sshdesk.core.hostkeys import KnownHosts, Verdict, fingerprint_sha256
from sshdesk.core.i18n import tr
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import HostKeyDecision, Prompter, UnknownHostKey

log = logging.getLogger(__name__)

#: Authenticated encryption is both safer and, in paramiko, faster than CTR + HMAC.
PREFERRED_CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
#: Host key algorithms paramiko 5 no longer accepts, by the name servers offer them under.
OBSOLETE_HOST_KEY_ALGORITHMS = frozenset({"ssh-rsa", "ssh-dss"})
OBSOLETE_KEX = frozenset({
    "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1",
    "diffie-hellman-group-exchange-sha1",
})
_channel_numbers = itertools.count(1)


def open_socket(profile: SessionProfile) -> socket.socket:
    """Opens the TCP connection (IPv4 or IPv6, whichever the name resolves to).

    Blocking, at most ``profile.timeout`` seconds per address tried. Any thread.

    Raises:
        NetworkError: The name is unknown, the port is closed or nothing answers.
    """
    host = profile.address
    try:
        sock = socket.create_connection((profile.host, profile.port), timeout=profile.timeout)
    except socket.gaierror as error:
        log.info("cannot resolve %s: %s", profile.host, error)
        raise HostNotFoundError(host) from error
    except ConnectionRefusedError as error:
        raise ConnectRefusedError(host) from error
    except TimeoutError as error:
        raise ConnectTimeoutError(host, profile.timeout, tr("TCP connection")) from error
    except OSError as error:
        raise NetworkError(
            host, tr("connect"),
            tr("cannot connect: {reason}").format(reason=error.strerror or error),
            tr("Check the network connection, VPN and firewall."),
        ) from error
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class _HandshakeRecorder(logging.Handler):
    """Collects what paramiko logs about the peer while the handshake runs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.banner_lines: list[str] = []
        self.offered: dict[str, list[str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Banner: "):
            self.banner_lines.append(message[len("Banner: "):].strip())
            return
        label, sep, values = message.partition(": ")
        if sep and label in ("kex algos", "server key", "server encrypt", "server mac"):
            self.offered[label] = [v.strip() for v in values.split(",") if v.strip()]


def start_transport(
    sock: socket.socket | paramiko.Channel, profile: SessionProfile, known_hosts: KnownHosts
) -> paramiko.Transport:
    """Runs the SSH handshake on an open socket or forwarded channel.

    Blocking, bounded by the profile's banner timeout. Any thread.

    Raises:
        NetworkError: The peer is not an SSH server, is silent, or offers only obsolete
            algorithms.
    """
    transport = paramiko.Transport(
        sock, disabled_algorithms=profile.disabled_algorithms_dict() or None
    )
    greeting_timeout = profile.banner_timeout or profile.timeout
    transport.banner_timeout = greeting_timeout
    transport.handshake_timeout = greeting_timeout
    transport.auth_timeout = profile.auth_timeout
    transport.use_compression(profile.compress)
    _set_preferences(transport, known_hosts.known_key_types(profile.host, profile.port))

    channel = f"paramiko.transport.{next(_channel_numbers)}"
    transport.set_log_channel(channel)
    logger = logging.getLogger(channel)
    recorder = _HandshakeRecorder()
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        transport.start_client(timeout=greeting_timeout + profile.auth_timeout)
    except (paramiko.SSHException, OSError, EOFError) as error:
        transport.close()
        raise _handshake_error(profile, error, recorder) from error
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(logging.NOTSET)
    if not transport.is_active() or transport.get_remote_server_key() is None:
        transport.close()
        raise ConnectTimeoutError(profile.address, greeting_timeout, tr("key exchange"))
    return transport


def _set_preferences(transport: paramiko.Transport, known_types: list[str]) -> None:
    options = transport.get_security_options()
    ciphers = list(options.ciphers)
    options.ciphers = tuple(
        [c for c in PREFERRED_CIPHERS if c in ciphers]
        + [c for c in ciphers if c not in PREFERRED_CIPHERS]
    )
    if known_types:
        # Negotiate a key type we already trust, as OpenSSH does, so a server with
        # several host keys is not reported as unknown.
        key_types = list(options.key_types)
        first = [k for k in key_types if _key_type_of(k) in known_types]
        options.key_types = tuple(first + [k for k in key_types if k not in first])


def _key_type_of(algorithm: str) -> str:
    """The known_hosts key type for a host-key algorithm name (rsa-sha2-* are RSA keys)."""
    return "ssh-rsa" if algorithm.startswith("rsa-sha2-") else algorithm


def _handshake_error(
    profile: SessionProfile, error: BaseException, recorder: _HandshakeRecorder
) -> NetworkError:
    host = profile.address
    text = str(error)
    log.info("handshake with %s failed: %s", host, text)
    if recorder.banner_lines or "protocol version" in text:
        first = recorder.banner_lines[0] if recorder.banner_lines else text
        return NotSshServerError(host, first)
    if "banner" in text:
        # paramiko raises its SSHException while handling the socket timeout.
        if isinstance(error.__cause__ or error.__context__, TimeoutError):
            return ConnectTimeoutError(
                host, profile.banner_timeout or profile.timeout, tr("waiting for the SSH greeting")
            )
        return NotSshServerError(host, "")
    if isinstance(error, paramiko.IncompatiblePeer):
        obsolete = _obsolete_offer(recorder.offered)
        if obsolete is not None:
            return ObsoleteAlgorithmsError(host, *obsolete)
    if isinstance(error, (OSError, EOFError)):
        return NetworkError(
            host, tr("connect"),
            tr("the connection broke during the handshake: {reason}").format(reason=text),
            tr("Try again; check the network."),
        )
    return ProtocolError(host, tr("connect"), text)


def _obsolete_offer(offered: dict[str, list[str]]) -> tuple[str, list[str]] | None:
    keys = offered.get("server key", [])
    if keys and set(keys) <= OBSOLETE_HOST_KEY_ALGORITHMS:
        return tr("host key"), keys
    kex = [k for k in offered.get("kex algos", []) if not k.startswith("ext-info")
           and not k.startswith("kex-strict")]
    if kex and set(kex) <= OBSOLETE_KEX:
        return tr("key exchange"), kex
    return None


def verify_host_key(
    transport: paramiko.Transport, profile: SessionProfile, known_hosts: KnownHosts,
    prompter: Prompter,
) -> None:
    """Checks the server's key against the known hosts; asks about an unknown one.

    Blocking (may wait for a person). Any thread.

    Raises:
        HostKeyChangedError: A different key is remembered for this host. Never asked.
        HostKeyRevokedError: The key is marked ``@revoked``.
        HostKeyRefusedError: The key is unknown and the person (or policy) refused it.
    """
    key = transport.get_remote_server_key()
    key_type, blob = key.get_name(), key.asbytes()
    fingerprint = fingerprint_sha256(blob)
    result = known_hosts.check(profile.host, profile.port, key_type, blob)
    if result.verdict is Verdict.KNOWN:
        return
    if result.verdict is Verdict.REVOKED:
        assert result.entry is not None
        raise HostKeyRevokedError(profile.address, fingerprint, str(result.entry.source))
    if result.verdict is Verdict.CHANGED:
        assert result.entry is not None
        log.warning("host key of %s CHANGED: remembered %s, offered %s (%s:%d)",
                    profile.address, result.entry.fingerprint, fingerprint,
                    result.entry.source, result.entry.line_number)
        raise HostKeyChangedError(profile.address, key_type, result.entry.fingerprint,
                                  fingerprint, str(result.entry.source))
    decision = prompter.ask_host_key(
        UnknownHostKey(profile.host, profile.port, key_type, fingerprint)
    )
    if decision is HostKeyDecision.REFUSE:
        raise HostKeyRefusedError(profile.address, fingerprint)
    if decision is HostKeyDecision.ACCEPT_AND_REMEMBER:
        try:
            known_hosts.remember(profile.host, profile.port, key_type, blob)
        except OSError as error:
            # The person accepted the key: connect anyway, they will be asked next time.
            log.warning("cannot remember the host key in %s: %s", known_hosts.own_file, error)
            return
        log.info("remembered %s key %s for %s", key_type, fingerprint, profile.address)
