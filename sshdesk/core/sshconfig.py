"""Importing hosts from OpenSSH's client configuration (``~/.ssh/config``) as saved sessions.

The parser is our own rather than ``paramiko.SSHConfig``, which runs the commands of
``Match exec`` lines while parsing and does not follow ``Include``. Here nothing in a
config file is ever executed: ``Match`` blocks are skipped and listed in the report, and
``Include`` is expanded as OpenSSH expands it (globs, ``~``, relative paths).

Each concrete ``Host`` alias (a pattern without wildcards or negation) becomes one
session. Its settings are those OpenSSH would use for ``ssh alias``: every ``Host`` block
whose patterns match the alias contributes, in file order, and the first value obtained
for a keyword wins. Options sshdesk cannot honour are listed in the report, never dropped
silently.
"""

import getpass
import glob
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from sshdesk.core.errors import SshdeskError
from sshdesk.core.i18n import tr
from sshdesk.core.profile import DEFAULT_PORT, SessionProfile, TargetSyntaxError, parse_target
from sshdesk.core.sessions import SavedSession, SessionOrigin, SessionStore

#: The folder imported sessions are put in.
FOLDER = "ssh_config"

# OpenSSH's READCONF_MAX_DEPTH: how deeply Include may nest. Also bounds ProxyJump chains.
_MAX_DEPTH = 16

#: The keywords mapped onto a :class:`SessionProfile` (some only for some values).
_SUPPORTED = frozenset({
    "hostname", "user", "port", "identityfile", "proxyjump", "serveraliveinterval",
    "serveralivecountmax", "compression", "connecttimeout", "identitiesonly",
    "pubkeyauthentication", "identityagent", "passwordauthentication",
    "kbdinteractiveauthentication",
})

#: Keywords whose every value counts, not only the first (ssh_config(5)).
_CUMULATIVE = frozenset({"identityfile"})

#: The profile fields an ssh_config file decides; a re-import replaces exactly these and
#: keeps what the user set in sshdesk (terminal type, encoding, algorithms, ...).
_CONFIG_FIELDS = (
    "host", "port", "username", "key_files", "allow_agent", "look_for_keys", "compress",
    "timeout", "keepalive_interval", "keepalive_count_max", "jump_hosts",
)


@dataclass(frozen=True)
class ConfigIssue:
    """Something in a config file that was not imported as written.

    Attributes:
        file: The file the line is in.
        line: 1-based line number.
        text: What was not imported and why, for a person.
    """

    file: str
    line: int
    text: str


@dataclass(frozen=True)
class SshConfigImport:
    """The sessions read from one config file (and the files it includes).

    Attributes:
        sessions: One session per concrete Host alias, in file order.
        issues: Unsupported options, Match blocks and unreadable includes, in file order.
        file: The absolute path of the file read (the ``origin.file`` of each session).
    """

    sessions: list[SavedSession]
    issues: list[ConfigIssue]
    file: str = ""


@dataclass(frozen=True)
class ImportReport:
    """What :func:`merge_into` did, by session path (``Folder/name``).

    Attributes:
        imported: Sessions added to the store.
        updated: Stored sessions whose connection settings changed.
        unchanged: Stored sessions already up to date.
        skipped: Stored sessions from this file whose Host is no longer in it. They are
            kept as they are: deleting a session is the user's decision.
        issues: The issues of the file read.
    """

    imported: list[str]
    updated: list[str]
    unchanged: list[str]
    skipped: list[str]
    issues: list[ConfigIssue]


class SshConfigError(SshdeskError):
    """The config file to import could not be read."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(
            file,
            tr("read ssh config"),
            tr("the file could not be read: {reason}").format(reason=reason),
            tr("Check the file name, and that the file exists and is readable."),
        )


def read_ssh_config(path: Path | None = None) -> SshConfigImport:
    """Reads an OpenSSH client config file and the files it includes.

    Runs nothing the file names (``Match exec``, ``ProxyCommand``, ...). Reads local
    files only; any thread may call.

    Args:
        path: The file; ``~/.ssh/config`` when None. Relative ``Include`` paths resolve
            against this file's folder (``~/.ssh`` for the default, as in OpenSSH).

    Returns:
        Sessions named after their aliases (``/`` becomes ``_``), in the folder
        ``ssh_config``, each with an origin naming the file and the alias; and the issues
        found. A host whose ProxyJump is malformed or loops is left out, with an issue:
        connecting to it directly could reach another machine than ``ssh`` would.

    Raises:
        SshConfigError: ``path`` does not exist or cannot be read.
    """
    main = (path if path is not None else Path.home() / ".ssh" / "config").expanduser().absolute()
    reader = _Reader(main.parent)
    try:
        reader.read(main, (), 0)
    except OSError as error:
        raise SshConfigError(str(main), error.strerror or str(error)) from error
    origin_file = str(main.resolve())
    resolver = _Resolver(reader.blocks)
    sessions = []
    for alias, where in resolver.aliases():
        try:
            profile = resolver.profile(alias)
        except _UnusableHost as error:
            reader.issues.append(ConfigIssue(*where, tr("{alias}: not imported: {reason}").format(
                alias=alias, reason=error.reason)))
            continue
        # A session name cannot hold "/" (it separates folders); the origin keeps the alias.
        sessions.append(SavedSession(name=alias.replace("/", "_"), profile=profile,
                                     folder=(FOLDER,), origin=SessionOrigin(origin_file, alias)))
    issues = reader.issues + resolver.issues()
    order: dict[str, int] = {}
    for name in reader.files:
        order.setdefault(name, len(order))
    issues.sort(key=lambda issue: (order.get(issue.file, len(order)), issue.line))
    return SshConfigImport(sessions, issues, origin_file)


def merge_into(store: SessionStore, result: SshConfigImport) -> ImportReport:
    """Adds the sessions of ``result`` to ``store``, or updates those imported before.

    A stored session matches when its origin names the same file and alias; its
    connection settings are replaced and everything the user chose (name, folder, tags,
    note, colour, saved password, startup command, terminal settings) is kept. Sessions
    without an origin, or from other files, are never changed. A new session whose path
    is taken gets a numbered name (``web (2)``). Does not save the store.

    Args:
        store: The loaded store.
        result: What :func:`read_ssh_config` read.

    Returns:
        What was imported, updated, left unchanged or skipped, by session path.
    """
    report = ImportReport([], [], [], [], list(result.issues))
    stored_by_alias: dict[str, list[SavedSession]] = {}
    for stored in store.sessions():
        if stored.origin is not None and stored.origin.file == result.file:
            stored_by_alias.setdefault(stored.origin.host.lower(), []).append(stored)
    for session in result.sessions:
        alias = session.origin.host if session.origin is not None else session.name
        matches = stored_by_alias.pop(alias.lower(), [])
        if not matches:
            report.imported.append(store.add(_with_free_name(store, session)).path)
        for stored in matches:
            profile = replace(stored.profile, **{name: getattr(session.profile, name)
                                                 for name in _CONFIG_FIELDS})
            if profile == stored.profile:
                report.unchanged.append(stored.path)
            else:
                store.update(replace(stored, profile=profile))
                report.updated.append(stored.path)
    report.skipped.extend(s.path for group in stored_by_alias.values() for s in group)
    return report


def _with_free_name(store: SessionStore, session: SavedSession) -> SavedSession:
    """``session``, renamed ``name (2)``, ``name (3)``... if its path is already taken."""
    taken = {stored.path.casefold() for stored in store.sessions()}
    candidate, number = session, 1
    while candidate.path.casefold() in taken:
        number += 1
        candidate = replace(session, name=f"{session.name} ({number})")
    return candidate


# --- reading the files -----------------------------------------------------------------


@dataclass(frozen=True)
class _Option:
    keyword: str  # lower case
    spelled: str  # as written, for messages
    args: tuple[str, ...]
    file: str
    line: int

    @property
    def text(self) -> str:
        return " ".join((self.spelled, *self.args))


@dataclass
class _Block:
    """Options that apply to a name when every condition (a Host line's patterns) matches.

    An included file's blocks carry the conditions of the block the Include is in too.
    """

    conditions: tuple[tuple[str, ...], ...]
    own_patterns: tuple[str, ...] = ()
    where: tuple[str, int] = ("", 0)
    options: list[_Option] = field(default_factory=list)


_KEYWORD = re.compile(r"(?P<keyword>[^\s=]+)(?:\s*=\s*|\s+)(?P<rest>.*)")


class _Reader:
    """Reads a config file into blocks, expanding Include and skipping Match blocks."""

    def __init__(self, base: Path) -> None:
        self.blocks: list[_Block] = []
        self.issues: list[ConfigIssue] = []
        self.files: list[str] = []
        self._base = base
        self._open: list[Path] = []

    def read(self, path: Path, conditions: tuple[tuple[str, ...], ...], depth: int) -> None:
        """Reads one file; raises OSError when it cannot be read."""
        text = path.read_text(encoding="utf-8", errors="replace")
        name = str(path)
        self.files.append(name)
        self._open.append(path.resolve())
        block = self._start(conditions)
        in_match = False
        for number, raw in enumerate(text.splitlines(), 1):
            parsed = self._parse(raw, name, number)
            if parsed is None:
                continue
            keyword, spelled, args = parsed
            if keyword == "host":
                in_match = False
                block = self._start((*conditions, args), args, (name, number))
            elif keyword == "match":
                in_match = True
                self._issue(name, number, tr("Match blocks are not evaluated; the options "
                                             "under this one were not imported: {line}"
                                             ).format(line=raw.strip()))
            elif in_match:
                continue
            elif keyword == "include":
                for pattern in args:
                    self._include(pattern, block.conditions, depth, (name, number))
                block = self._start(block.conditions)  # the lines after it come after it
            else:
                block.options.append(_Option(keyword, spelled, args, name, number))
        self._open.pop()

    def _start(self, conditions: tuple[tuple[str, ...], ...], own: tuple[str, ...] = (),
               where: tuple[str, int] = ("", 0)) -> _Block:
        block = _Block(conditions, own, where)
        self.blocks.append(block)
        return block

    def _parse(self, raw: str, file: str, number: int) -> tuple[str, str, tuple[str, ...]] | None:
        """Splits a line into keyword and arguments; None for blank lines and comments."""
        line = raw.strip()
        if not line or line.startswith("#"):
            return None
        match = _KEYWORD.fullmatch(line)
        try:
            args = split_arguments(match["rest"]) if match else []
        except ValueError:
            self._issue(file, number, tr("unbalanced quotes; line ignored: {line}").format(
                line=line))
            return None
        if match is None or not args:
            self._issue(file, number, tr("no value after the keyword; line ignored: {line}"
                                         ).format(line=line))
            return None
        return match["keyword"].lower(), match["keyword"], tuple(args)

    def _include(self, pattern: str, conditions: tuple[tuple[str, ...], ...], depth: int,
                 where: tuple[str, int]) -> None:
        expanded = Path(os.path.expanduser(pattern))
        if not expanded.is_absolute():
            expanded = self._base / expanded
        # A missing file or a glob matching nothing is fine, as in OpenSSH.
        found_paths = sorted(glob.glob(str(expanded)))
        if found_paths and depth >= _MAX_DEPTH:
            self._issue(*where, tr("Include nested more than {limit} levels deep; not "
                                   "read: {path}").format(limit=_MAX_DEPTH, path=expanded))
            return
        for found in found_paths:
            path = Path(found)
            if path.resolve() in self._open:
                self._issue(*where, tr("{path} includes itself; not read again").format(
                    path=path))
                continue
            try:
                self.read(path, conditions, depth + 1)
            except OSError as error:
                self._issue(*where, tr("the included file {path} could not be read: "
                                       "{reason}").format(path=path, reason=error.strerror))

    def _issue(self, file: str, line: int, text: str) -> None:
        self.issues.append(ConfigIssue(file, line, text))


def split_arguments(text: str) -> list[str]:
    """Splits arguments as OpenSSH's ``argv_split`` does for config lines.

    Single or double quotes group words, a backslash escapes a quote, a backslash or
    (outside quotes) a space, and a ``#`` at the start of a word begins a comment.

    Raises:
        ValueError: A quote is not closed.
    """
    words: list[str] = []
    i, size = 0, len(text)
    while i < size:
        if text[i] in " \t":
            i += 1
            continue
        if text[i] == "#":
            break
        word: list[str] = []
        quote = ""
        while i < size and (quote or text[i] not in " \t"):
            char, following = text[i], text[i + 1:i + 2]
            if char == "\\" and following and (following in "'\"\\"
                                               or (following == " " and not quote)):
                word.append(following)
                i += 1
            elif not quote and char in "'\"":
                quote = char
            elif quote and char == quote:
                quote = ""
            else:
                word.append(char)
            i += 1
        if quote:
            raise ValueError("unbalanced quote")
        words.append("".join(word))
    return words


# --- what applies to a host ------------------------------------------------------------


@lru_cache(maxsize=512)
def _pattern(pattern: str) -> re.Pattern[str]:
    text = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.compile(text, re.IGNORECASE | re.DOTALL)


def host_matches(patterns: Iterable[str], name: str) -> bool:
    """Whether a ``Host`` line's patterns select ``name`` (a negated match excludes it)."""
    selected = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if _pattern(pattern[1:] if negated else pattern).fullmatch(name):
            if negated:
                return False
            selected = True
    return selected


def _is_concrete(pattern: str) -> bool:
    return bool(pattern) and not pattern.startswith("!") and not set(pattern) & set("*?")


class _UnusableHost(Exception):
    """A host whose settings cannot be followed safely (a bad or looping ProxyJump)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _HostOptions:
    """The options in effect for one name, with conversions that report bad values."""

    def __init__(self, name: str, options: dict[str, list[_Option]],
                 note: Callable[[_Option, str, str], None]) -> None:
        self.name = name
        self._options = options
        self._note = note

    def first(self, keyword: str) -> _Option | None:
        found = self._options.get(keyword)
        return found[0] if found else None

    def every(self, keyword: str) -> list[_Option]:
        return self._options.get(keyword, [])

    def text(self, keyword: str) -> str | None:
        option = self.first(keyword)
        return option.args[0] if option else None

    def invalid(self, option: _Option) -> None:
        self._note(option, self.name, tr("{option}: not a valid value; ignored").format(
            option=option.text))

    def unsupported(self, option: _Option) -> None:
        self._note(option, self.name, tr("{option}: not supported by sshdesk; ignored").format(
            option=option.text))

    def flag(self, keyword: str, also_true: tuple[str, ...] = ()) -> bool | None:
        option = self.first(keyword)
        if option is None:
            return None
        value = option.args[0].lower()
        if value in ("yes", "true", *also_true):
            return True
        if value in ("no", "false"):
            return False
        self.invalid(option)
        return None

    def number(self, keyword: str, low: int, high: int) -> int | None:
        option = self.first(keyword)
        if option is None:
            return None
        value = option.args[0]
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.invalid(option)
        return None

    def seconds(self, keyword: str) -> float | None:
        """A time as OpenSSH writes it: ``30``, ``30s``, ``5m``, ``1h30m``."""
        option = self.first(keyword)
        if option is None:
            return None
        value = option.args[0].lower()
        parts = re.findall(r"(\d+)([smhdw]?)", value)
        if not parts or "".join(a + b for a, b in parts) != value:
            self.invalid(option)
            return None
        scale = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
        return float(sum(int(amount) * scale[unit] for amount, unit in parts))


class _Resolver:
    """Computes each host's settings from the blocks, first value winning."""

    def __init__(self, blocks: list[_Block]) -> None:
        self._blocks = blocks
        # (file, line, message) -> names it concerns, so one line is one issue.
        self._notes: dict[tuple[str, int, str], list[str]] = {}

    def aliases(self) -> list[tuple[str, tuple[str, int]]]:
        """The concrete aliases, first spelling and place of each (OpenSSH ignores case)."""
        found: dict[str, tuple[str, tuple[str, int]]] = {}
        for block in self._blocks:
            for pattern in block.own_patterns:
                if (_is_concrete(pattern) and pattern.lower() not in found
                        and self._applies(block, pattern)):
                    found[pattern.lower()] = (pattern, block.where)
        return list(found.values())

    def issues(self) -> list[ConfigIssue]:
        return [ConfigIssue(file, line, tr("{message} (hosts: {hosts})").format(
                    message=message, hosts=", ".join(names)))
                for (file, line, message), names in self._notes.items()]

    def _applies(self, block: _Block, name: str) -> bool:
        return all(host_matches(patterns, name) for patterns in block.conditions)

    def _note(self, option: _Option, name: str, message: str) -> None:
        names = self._notes.setdefault((option.file, option.line, message), [])
        if name not in names:
            names.append(name)

    def options(self, name: str) -> _HostOptions:
        """The options in effect for ``name``; notes every unsupported one that applies."""
        options: dict[str, list[_Option]] = {}
        result = _HostOptions(name, options, self._note)
        for block in self._blocks:
            if not self._applies(block, name):
                continue
            for option in block.options:
                if option.keyword not in _SUPPORTED:
                    result.unsupported(option)
                elif option.keyword in _CUMULATIVE or option.keyword not in options:
                    options.setdefault(option.keyword, []).append(option)
        return result

    def profile(self, name: str, chain: tuple[str, ...] = ()) -> SessionProfile:
        """The profile ``ssh name`` would use.

        Raises:
            _UnusableHost: Its ProxyJump is malformed, loops or nests too deeply.
        """
        options = self.options(name)
        host = self._hostname(options)
        user = options.text("user") or ""
        port = options.number("port", 1, 65535) or DEFAULT_PORT
        keys, look_for_keys, allow_agent = self._authentication(options, host, user, port)
        defaults = SessionProfile(host=host)
        # Unset, sshdesk's own keepalive default stays (OpenSSH's is "off").
        interval = options.seconds("serveraliveinterval")
        count = options.number("serveralivecountmax", 1, 10_000)
        return SessionProfile(
            host=host, port=port, username=user, key_files=keys, allow_agent=allow_agent,
            look_for_keys=look_for_keys, compress=options.flag("compression") is True,
            # 0 means the system's default, as in OpenSSH.
            timeout=options.seconds("connecttimeout") or defaults.timeout,
            keepalive_interval=defaults.keepalive_interval if interval is None else interval,
            keepalive_count_max=defaults.keepalive_count_max if count is None else count,
            jump_hosts=self._jump_hosts(options, (*chain, name.lower())),
        )

    def _hostname(self, options: _HostOptions) -> str:
        option = options.first("hostname")
        if option is None:
            return options.name
        try:
            return expand_tokens(option.args[0], {"h": options.name})
        except ValueError:
            options.invalid(option)
            return options.name

    def _authentication(self, options: _HostOptions, host: str, user: str,
                        port: int) -> tuple[tuple[str, ...], bool, bool]:
        """The key files, look_for_keys and allow_agent."""
        keys = self._key_files(options, host, user, port)
        # OpenSSH offers its default keys only when no IdentityFile is named.
        look_for_keys = not keys and not options.flag("identitiesonly")
        allow_agent = True
        agent = options.first("identityagent")
        if agent is not None and agent.args[0].lower() == "none":
            allow_agent = False
        elif agent is not None and agent.args[0] != "SSH_AUTH_SOCK":
            options.unsupported(agent)
        if options.flag("pubkeyauthentication", ("unbound", "host-bound")) is False:
            keys, look_for_keys, allow_agent = (), False, False
        for keyword in ("passwordauthentication", "kbdinteractiveauthentication"):
            # sshdesk always may ask for a password; "no" cannot be honoured.
            option = options.first(keyword)
            if option is not None and options.flag(keyword) is False:
                options.unsupported(option)
        return keys, look_for_keys, allow_agent

    def _key_files(self, options: _HostOptions, host: str, user: str,
                   port: int) -> tuple[str, ...]:
        local_user = getpass.getuser()
        tokens = {"d": str(Path.home()), "u": local_user, "h": host, "r": user or local_user,
                  "n": options.name, "p": str(port)}
        keys: list[str] = []
        for option in options.every("identityfile"):
            if option.args[0].lower() == "none":
                continue
            try:
                key = os.path.expanduser(expand_tokens(option.args[0], tokens, environment=True))
            except ValueError:
                options.invalid(option)
                continue
            if key not in keys:
                keys.append(key)
        return tuple(keys)

    def _jump_hosts(self, options: _HostOptions,
                    chain: tuple[str, ...]) -> tuple[SessionProfile, ...]:
        spec = options.text("proxyjump")
        if spec is None or spec.lower() == "none":
            return ()
        hops: list[SessionProfile] = []
        for part in spec.split(","):
            try:
                user, host, port = parse_target(part.strip().removeprefix("ssh://"))
            except TargetSyntaxError as error:
                raise _UnusableHost(tr("ProxyJump {spec}: {reason}").format(
                    spec=spec, reason=error)) from None
            if host.lower() in chain or len(chain) > _MAX_DEPTH:
                raise _UnusableHost(tr("ProxyJump {spec}: the jump hosts lead back to {host}"
                                       ).format(spec=spec, host=host))
            hop = self.profile(host, chain)
            hop = replace(hop, username=user or hop.username, port=port or hop.port)
            # A hop's own ProxyJump comes before it: sshdesk takes one flat list of hops.
            hops.extend((*hop.jump_hosts, replace(hop, jump_hosts=())))
        return tuple(hops)


def expand_tokens(template: str, values: dict[str, str], environment: bool = False) -> str:
    """Expands ``%x`` tokens (and ``${NAME}`` when ``environment``) as ssh_config does.

    Raises:
        ValueError: An unknown token, a lone ``%`` or an unset environment variable.
    """
    def token(match: re.Match[str]) -> str:
        letter = match[1]
        if not letter:
            raise ValueError("% at the end")
        if letter == "%":
            return "%"
        if letter not in values:
            raise ValueError(f"unknown token %{letter}")
        return values[letter]

    def variable(match: re.Match[str]) -> str:
        if match[1] not in os.environ:
            raise ValueError(f"{match[1]} is not set")
        return os.environ[match[1]]

    text = re.sub(r"%(.?)", token, template, flags=re.DOTALL)
    return re.sub(r"\$\{(\w+)\}", variable, text) if environment else text
