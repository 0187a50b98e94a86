"""Known host keys: reading OpenSSH ``known_hosts`` files and deciding about a server's key.

sshdesk remembers keys in its own file (in the app's data folder) and also reads the
user's ``~/.ssh/known_hosts`` without ever writing to it, so hosts already trusted with
OpenSSH are trusted here too. Entries of its own file can be removed again
(:meth:`KnownHosts.remove`), leaving every other line as it was. The parser is our own
because paramiko's ``HostKeys`` mis-reads marker lines (``@revoked``,
``@cert-authority``) rather than honouring or skipping them.
"""

import base64
import binascii
import enum
import hashlib
import hmac
import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sshdesk.core import atomicfile, paths

log = logging.getLogger(__name__)

_DEFAULT_PORT = 22
_REVOKED = "@revoked"
_CERT_AUTHORITY = "@cert-authority"


def fingerprint_sha256(key_blob: bytes) -> str:
    """Returns the key's fingerprint as OpenSSH prints it (``SHA256:`` + unpadded base64)."""
    digest = base64.b64encode(hashlib.sha256(key_blob).digest()).decode("ascii")
    return "SHA256:" + digest.rstrip("=")


def host_entry_name(host: str, port: int) -> str:
    """The name under which OpenSSH files a host: ``host``, or ``[host]:port`` off port 22."""
    return host if port == _DEFAULT_PORT else f"[{host}]:{port}"


@dataclass(frozen=True)
class KnownHostEntry:
    """One usable line of a known_hosts file.

    Attributes:
        marker: ``""`` or ``"@revoked"`` (``@cert-authority`` lines are not kept).
        patterns: The comma-separated host patterns, or one ``|1|salt|hash`` item.
        key_type: e.g. ``ssh-ed25519``.
        key_blob: The public key in SSH wire format.
        source: The file the line came from.
        line_number: 1-based line number in that file.
    """

    marker: str
    patterns: tuple[str, ...]
    key_type: str
    key_blob: bytes
    source: Path
    line_number: int

    @property
    def fingerprint(self) -> str:
        return fingerprint_sha256(self.key_blob)

    def matches(self, name: str) -> bool:
        """Tells whether this entry applies to ``name`` (see :func:`host_entry_name`)."""
        return _patterns_match(self.patterns, name)


def _patterns_match(patterns: Iterable[str], name: str) -> bool:
    # OpenSSH semantics: a matching negated pattern vetoes the whole line.
    matched = False
    for pattern in patterns:
        if pattern.startswith("|1|"):
            matched = matched or _hashed_match(pattern, name)
        elif pattern.startswith("!"):
            if _wildcard_match(name, pattern[1:]):
                return False
        elif _wildcard_match(name, pattern):
            matched = True
    return matched


def _wildcard_match(name: str, pattern: str) -> bool:
    """OpenSSH's host patterns: ``*`` and ``?`` only, case-insensitive.

    fnmatch would read the brackets of ``[host]:port`` as a character class.
    """
    regex = re.escape(pattern.lower()).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(regex, name.lower()) is not None


def _hashed_match(pattern: str, name: str) -> bool:
    try:
        _, _, salt_b64, hash_b64 = pattern.split("|", 3)
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(hash_b64, validate=True)
    except (ValueError, binascii.Error):
        return False
    actual = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return hmac.compare_digest(actual, expected)


def parse_known_hosts(path: Path) -> list[KnownHostEntry]:
    """Reads the usable entries of a known_hosts file; a missing file has none.

    Lines that cannot be understood and ``@cert-authority`` lines are skipped (and logged),
    never fatal: one odd line must not hide every other host.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as error:
        log.warning("cannot read %s: %s", path, error)
        return []
    entries = []
    # Split at "\n" only, as OpenSSH does: str.splitlines would also split at form feeds
    # and the like, and line numbers would then differ from those remove() counts.
    for number, line in enumerate(text.split("\n"), start=1):
        entry = _parse_line(line, path, number)
        if entry is not None:
            entries.append(entry)
    return entries


def _parse_line(line: str, path: Path, number: int) -> KnownHostEntry | None:
    fields = line.split()
    if not fields or fields[0].startswith("#"):
        return None
    marker = ""
    if fields[0].startswith("@"):
        marker, fields = fields[0], fields[1:]
        if marker == _CERT_AUTHORITY:
            log.debug("%s:%d: @cert-authority entries are not supported, skipped", path, number)
            return None
        if marker != _REVOKED:
            log.info("%s:%d: unknown marker %s, line skipped", path, number, marker)
            return None
    if len(fields) < 3:
        log.info("%s:%d: too few fields, line skipped", path, number)
        return None
    try:
        blob = base64.b64decode(fields[2], validate=True)
    except (ValueError, binascii.Error):
        log.info("%s:%d: key is not valid base64, line skipped", path, number)
        return None
    return KnownHostEntry(marker, tuple(fields[0].split(",")), fields[1], blob, path, number)


class Verdict(enum.Enum):
    """What the known hosts say about a key a server presented."""

    KNOWN = "known"
    UNKNOWN = "unknown"
    CHANGED = "changed"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Verification:
    """A :class:`Verdict` and, for CHANGED and REVOKED, the entry that decided it."""

    verdict: Verdict
    entry: KnownHostEntry | None = None


def default_known_hosts() -> "KnownHosts":
    """Our own known_hosts file plus the user's OpenSSH one (read only)."""
    return KnownHosts(paths.known_hosts_file(), [paths.openssh_known_hosts_file()])


class KnownHosts:
    """Our own known_hosts file plus read-only ones (normally ``~/.ssh/known_hosts``).

    Thread-safe: workers of several sessions may check and remember keys at once.
    """

    def __init__(self, own_file: Path, read_only_files: Sequence[Path] = ()) -> None:
        self.own_file = own_file
        self.read_only_files = tuple(read_only_files)
        self._lock = threading.Lock()

    def entries(self) -> list[KnownHostEntry]:
        """Every usable entry, ours first. Files are re-read so outside edits count."""
        with self._lock:
            result = parse_known_hosts(self.own_file)
        for path in self.read_only_files:
            result.extend(parse_known_hosts(path))
        return result

    def known_key_types(self, host: str, port: int) -> list[str]:
        """Key types already trusted for the host, to prefer them when negotiating.

        Asking for a type we already know avoids a needless "unknown key" question when a
        server has several host keys.
        """
        name = host_entry_name(host, port)
        types = [e.key_type for e in self.entries() if not e.marker and e.matches(name)]
        return list(dict.fromkeys(types))

    def check(self, host: str, port: int, key_type: str, key_blob: bytes) -> Verification:
        """Decides about the key ``host:port`` presented."""
        name = host_entry_name(host, port)
        matching = [e for e in self.entries() if e.matches(name)]
        for entry in matching:
            if entry.marker == _REVOKED and entry.key_blob == key_blob:
                return Verification(Verdict.REVOKED, entry)
        same_type = [e for e in matching if not e.marker and e.key_type == key_type]
        if any(e.key_blob == key_blob for e in same_type):
            return Verification(Verdict.KNOWN)
        if same_type:
            return Verification(Verdict.CHANGED, same_type[0])
        return Verification(Verdict.UNKNOWN)

    def remember(self, host: str, port: int, key_type: str, key_blob: bytes) -> None:
        """Appends the key to our own file (created with its folder when missing).

        Raises:
            OSError: The file cannot be written.
        """
        line = "{} {} {}\n".format(
            host_entry_name(host, port), key_type, base64.b64encode(key_blob).decode("ascii")
        )
        with self._lock:
            self.own_file.parent.mkdir(parents=True, exist_ok=True)
            needs_newline = self._ends_without_newline()
            with self.own_file.open("a", encoding="utf-8") as stream:
                stream.write(("\n" if needs_newline else "") + line)

    def _ends_without_newline(self) -> bool:
        try:
            with self.own_file.open("rb") as stream:
                stream.seek(0, 2)
                if stream.tell() == 0:
                    return False
                stream.seek(-1, 2)
                return stream.read(1) != b"\n"
        except FileNotFoundError:
            return False

    def remove(self, entry: KnownHostEntry) -> None:
        """Removes ``entry``'s line from our own file; every other line stays byte for byte.

        The line is looked for at ``entry.line_number`` first and, should the file have
        changed since it was read, wherever the same entry now is. An entry no longer in
        the file is already gone: nothing is written. The file is replaced atomically, so
        a crash leaves the old file or the new one, never a mix.

        Blocking (local file I/O). Any thread.

        Raises:
            ValueError: ``entry`` comes from another file (the read-only ones are never
                written).
            OSError: The file cannot be read or written; it is left as it was.
        """
        if entry.source != self.own_file:
            raise ValueError(f"{entry.source} is not sshdesk's own known_hosts file")
        with self._lock:
            try:
                raw = self.own_file.read_bytes()
            except FileNotFoundError:
                return
            lines = raw.split(b"\n")
            index = _line_index(lines, entry)
            if index is None:
                log.info("%s:%d is no longer in the file; nothing to remove",
                         entry.source, entry.line_number)
                return
            del lines[index]
            if index == len(lines) and index > 0:
                # The removed line was the last and had no newline: the line before it
                # must keep its own.
                lines.append(b"")
            atomicfile.replace_file(self.own_file, b"\n".join(lines))
        log.info("removed %s from %s", ",".join(entry.patterns), entry.source)


def _line_index(lines: list[bytes], entry: KnownHostEntry) -> int | None:
    """The index in ``lines`` of ``entry``: at its line number if it is still there,
    else the first line with the same content."""

    def same(index: int) -> bool:
        line = lines[index].decode("utf-8", errors="replace")
        parsed = _parse_line(line, entry.source, index + 1)
        return parsed is not None and replace(parsed, line_number=entry.line_number) == entry

    expected = entry.line_number - 1
    if 0 <= expected < len(lines) and same(expected):
        return expected
    return next((index for index in range(len(lines)) if same(index)), None)
