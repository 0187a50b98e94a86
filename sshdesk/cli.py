"""The headless commands: ``sshdesk exec``, ``ls``, ``get``, ``put`` and ``sessions``.

Built on the core alone (no Qt). ``exec``, ``ls``, ``get`` and ``put`` take a saved
session (its path, name or id) or an ad-hoc ``[user@]host[:port]``; their exit statuses
follow OpenSSH's ``ssh``: the remote command's status, or 255 when connecting or logging
in failed. ``get`` and ``put`` (in :mod:`sshdesk.cli_transfer`) exit 0 when everything
was copied, else 1.
``sessions`` lists, imports and exports the saved sessions and exits 0, or 1 on errors.
"""

import argparse
import getpass
import json
import logging
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sshdesk import __version__, cli_transfer
from sshdesk.core import log as core_log
from sshdesk.core import paths
from sshdesk.core.connection import Connection, connect
from sshdesk.core.errors import CancelledError, SshdeskError
from sshdesk.core.files import display_name
from sshdesk.core.hostkeys import host_entry_name
from sshdesk.core.i18n import tr
from sshdesk.core.profile import SessionProfile, TargetSyntaxError, parse_target
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, NoPrompter, UnknownHostKey

if TYPE_CHECKING:
    # Imported where used: a command on an ad-hoc target starts without them (the
    # benchmarks time whole commands against OpenSSH's, start-up included).
    from sshdesk.core.sessions import SavedSession, SessionStore
    from sshdesk.core.sshconfig import ImportReport

EXIT_CONNECT_FAILED = 255
EXIT_USAGE = 2
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
COMMANDS = ("exec", "ls", "get", "put", "sessions")
DEFAULT_TIMEOUT = 10.0


class TerminalPrompter:
    """Asks on the controlling terminal (``/dev/tty``), as ``ssh`` does.

    Without a terminal every question is refused, as by :class:`NoPrompter`.
    """

    def __init__(self, tty: "Terminal | None", accept_new_host_keys: bool) -> None:
        self._tty = tty
        self._fallback = NoPrompter(accept_new_host_keys)
        self._accept_new = accept_new_host_keys

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        if self._accept_new or self._tty is None:
            return self._fallback.ask_host_key(key)
        host = host_entry_name(key.host, key.port)
        self._say(
            f"The authenticity of host '{host}' can't be established.\n"
            f"{key.key_type} key fingerprint is {key.fingerprint}.\n"
        )
        answer = self._ask("Trust it? [y] yes and remember / [o] this once / [N] no: ")
        return {
            "y": HostKeyDecision.ACCEPT_AND_REMEMBER, "yes": HostKeyDecision.ACCEPT_AND_REMEMBER,
            "o": HostKeyDecision.ACCEPT_ONCE, "once": HostKeyDecision.ACCEPT_ONCE,
        }.get(answer.strip().lower(), HostKeyDecision.REFUSE)

    def ask_password(self, host: str, username: str) -> str | None:
        return self._secret(f"{username}@{host}'s password: ")

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        again = "Wrong passphrase. " if retry else ""
        return self._secret(f"{again}Enter passphrase for key '{key_path}': ")

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        if self._tty is None:
            return None
        for text in (title, instructions):
            if text:
                self._say(text.rstrip("\n") + "\n")
        answers = []
        for prompt in prompts:
            answer = self._ask(prompt.text) if prompt.echo else self._secret(prompt.text)
            if answer is None:
                return None
            answers.append(answer)
        return answers

    def _say(self, text: str) -> None:
        assert self._tty is not None
        self._tty.writer.write(text)
        self._tty.writer.flush()

    def _ask(self, prompt: str) -> str:
        self._say(prompt)
        assert self._tty is not None
        line = self._tty.reader.readline()
        if not line:
            raise CancelledError("", "prompt")
        return line.rstrip("\n")

    def _secret(self, prompt: str) -> str | None:
        if self._tty is None:
            return None
        try:
            return getpass.getpass(prompt, stream=self._tty.writer)
        except EOFError:
            raise CancelledError("", "prompt") from None


@dataclass
class Terminal:
    """The controlling terminal, opened twice: a text stream on ``/dev/tty`` cannot be
    opened for reading and writing at once (it is not seekable)."""

    reader: TextIO
    writer: TextIO

    @classmethod
    def open(cls) -> "Terminal | None":
        """The controlling terminal, or None when there is none (cron, CI, pipes)."""
        try:
            reader = open("/dev/tty", encoding="utf-8")  # noqa: SIM115 - closed by close()
        except OSError:
            return None
        try:
            writer = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115
        except OSError:
            reader.close()
            return None
        return cls(reader, writer)

    def close(self) -> None:
        self.reader.close()
        self.writer.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sshdesk",
        description="SSH terminal and SFTP file manager. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"sshdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("exec", help="run a command on a host",
                              description="Run COMMAND on TARGET (a saved session's path, "
                              "name or id, or [user@]host[:port]), streaming its output; exit "
                              "with its status (255: could not connect or log in).")
    _add_connection_options(run)
    run.add_argument("target", metavar="TARGET", help="saved session, or [user@]host[:port]")
    run.add_argument("remote_command", metavar="COMMAND", nargs=argparse.REMAINDER,
                     help="the command and its arguments (after --)")
    listing = commands.add_parser("ls", help="list a remote folder",
                                  description="List PATH on TARGET, one entry a line. TARGET "
                                  "is a saved session's path, name or id, or "
                                  "[user@]host[:port].")
    _add_connection_options(listing)
    listing.add_argument("location", metavar="TARGET[:PATH]",
                         help="TARGET:PATH; an empty PATH is the home folder, and so is a "
                         "saved session named alone")
    listing.add_argument("path", metavar="PATH", nargs="?",
                         help="the folder, when TARGET is given whole (e.g. a session name "
                         "with a colon)")
    listing.add_argument("-l", dest="long", action="store_true",
                         help="long format: type and permissions, size, time, name")
    cli_transfer.add_parsers(commands, _add_connection_options)
    _add_sessions_parser(commands)
    return parser


def _add_sessions_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]"
                         ) -> None:
    sessions = commands.add_parser("sessions", help="list, import and export saved sessions",
                                   description="Manage the saved sessions the app shows.")
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the saved sessions",
                                 description="One session a line: path, user@host:port, "
                                 "tags. Never shows secrets.")
    listing.add_argument("--json", action="store_true",
                         help="a JSON list of objects instead (no secrets)")
    config = actions.add_parser(
        "import-ssh-config", help="import the hosts of an OpenSSH config file",
        description="Add each Host alias of FILE (default ~/.ssh/config) as a session in the "
        "folder ssh_config, or update the sessions imported from FILE before. Runs nothing "
        "the file names (Match blocks are skipped); lists every option not imported.")
    config.add_argument("file", metavar="FILE", nargs="?", type=Path,
                        help="the config file (default ~/.ssh/config)")
    export = actions.add_parser("export", help="write sessions to a file",
                                description="Write the saved sessions (or only those named) "
                                "to FILE, without passwords, for 'sshdesk sessions import'.")
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument("sessions", metavar="SESSION", nargs="*",
                        help="path, name or id of a session to export (default: all)")
    take = actions.add_parser("import", help="read sessions from an exported file",
                              description="Add the sessions of FILE (written by 'sshdesk "
                              "sessions export'); sessions already saved are updated.")
    take.add_argument("file", metavar="FILE", type=Path)
    for parser in (listing, config, export, take):
        parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")


def _add_connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-p", "--port", type=int, help="port (default 22, or the target's)")
    parser.add_argument("-i", "--identity", action="append", default=[], metavar="KEYFILE",
                        help="private key file to offer (repeatable)")
    parser.add_argument("-J", "--jump", action="append", default=[], metavar="[user@]host[:port]",
                        help="jump host(s), comma-separated or repeated, outermost first")
    parser.add_argument("--accept-new-host-key", action="store_true",
                        help="trust and remember an unknown host key (a CHANGED key is "
                        "always refused)")
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="connection timeout (default 10, or the saved session's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")


def _profile(args: argparse.Namespace, target: str) -> SessionProfile:
    user, host, port = parse_target(target)
    if args.port is not None:
        port = args.port
    keys = tuple(args.identity)
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    return SessionProfile(host=host, port=port or 22, username=user, key_files=keys,
                          timeout=timeout, jump_hosts=_jump_hosts(args, keys, timeout))


def _jump_hosts(args: argparse.Namespace, keys: tuple[str, ...],
                timeout: float) -> tuple[SessionProfile, ...]:
    hops = []
    for spec in (part for option in args.jump for part in option.split(",") if part.strip()):
        hop_user, hop_host, hop_port = parse_target(spec)
        hops.append(SessionProfile(host=hop_host, port=hop_port or 22, username=hop_user,
                                   key_files=keys, timeout=timeout))
    return tuple(hops)


def _saved_profile(args: argparse.Namespace, session: "SavedSession") -> SessionProfile:
    """The saved session's profile with its stored secrets, and the command line's options
    on top (as with ssh, they win over the configuration; ``-i`` keys come first)."""
    profile = session.profile
    if session.save_password:
        # Imported here: the keyring is slow to load and only these sessions need it.
        from sshdesk.core.credentials import profile_with_secrets
        from sshdesk.core.secrets import SecretStore

        profile = profile_with_secrets(session, SecretStore())
    keys = tuple(dict.fromkeys((*args.identity, *profile.key_files)))
    timeout = profile.timeout if args.timeout is None else args.timeout
    jumps = _jump_hosts(args, keys, timeout) if args.jump else profile.jump_hosts
    return replace(profile, port=args.port or profile.port, key_files=keys, timeout=timeout,
                   jump_hosts=jumps)


_LOCATION = re.compile(r"^(?P<target>(?:[^@]+@)?(?:\[[^\]]+\]|[^:\[\]]+))(?::(?P<port>\d+)(?=:))?:"
                       r"(?P<path>.*)$")


def split_location(text: str) -> tuple[str, str]:
    """Splits ``[user@]host[:port]:PATH`` into the target and the path."""
    match = _LOCATION.match(text)
    if match is None:
        raise TargetSyntaxError(f"'{text}' is not of the form [user@]host[:port]:PATH")
    target = match["target"] + (f":{match['port']}" if match["port"] else "")
    return target, match["path"]


def _run_exec(connection: Connection, args: argparse.Namespace) -> int:
    words = list(args.remote_command)
    if words and words[0] == "--":
        words = words[1:]
    if not words:
        print("sshdesk exec: no command given (sshdesk exec TARGET -- COMMAND...)",
              file=sys.stderr)
        return EXIT_USAGE

    # Like ssh, the words are joined with spaces and the remote shell parses them.
    return connection.run(" ".join(words), _sink(sys.stdout), _sink(sys.stderr))


def _sink(stream: TextIO) -> Callable[[bytes], None]:
    """Writes remote output through unchanged (bytes, not decoded) and at once."""
    def write(data: bytes) -> None:
        stream.buffer.write(data)
        stream.flush()
    return write


def _run_ls(connection: Connection, path: str, long_format: bool) -> int:
    files = connection.open_sftp()
    entry = files.stat(path or ".")
    entries = files.list_folder(path or ".") if entry.is_dir else [entry]
    lines = []
    times: dict[int, str] = {}  # by the minute: 10,000 files share a few
    for item in sorted(entries, key=lambda e: e.name):
        name = display_name(item.name)
        if item.link_target is not None:
            name += f" -> {display_name(item.link_target)}"
        if long_format:
            minute = item.mtime // 60
            when = times.get(minute)
            if when is None:
                when = times[minute] = time.strftime("%Y-%m-%d %H:%M",
                                                     time.localtime(item.mtime))
            lines.append(f"{stat.filemode(item.mode)} {item.owner:<8} {item.group:<8} "
                         f"{item.size:>12} {when} {name}\n")
        else:
            lines.append(name + "\n")
    sys.stdout.write("".join(lines))
    return 0


def _open_store() -> "SessionStore":
    """The saved sessions, loaded; says on stderr where a damaged file was set aside.

    Raises:
        SessionStoreError: The file cannot be read.
    """
    from sshdesk.core.sessions import SessionStore

    store = SessionStore()
    store.load()
    _tell_recovery(store)
    return store


def _tell_recovery(store: "SessionStore") -> None:
    if store.recovered_from is not None:
        print(f"sshdesk: the sessions file {store.path} could not be read in full; "
              f"it was set aside as {store.recovered_from}", file=sys.stderr)


def _store_for_targets() -> "SessionStore | None":
    """The saved sessions for looking up a target, or None when there are none or the
    file is unreadable: an ad-hoc target must still work then."""
    if not paths.sessions_file().exists():
        return None
    from sshdesk.core.sessions import SessionStoreError

    try:
        return _open_store()
    except SessionStoreError as error:
        print(f"sshdesk: saved sessions are not available: {error.describe()}",
              file=sys.stderr)
        return None


class _UsageError(Exception):
    """The command line names something that cannot be told apart: exit status 2."""


def _find(store: "SessionStore | None", reference: str) -> "SavedSession | None":
    """The saved session ``reference`` names, or None (it is then an ad-hoc target).

    Raises:
        _UsageError: Several saved sessions answer to it.
    """
    if store is None:
        return None
    from sshdesk.core.sessions import AmbiguousSessionError, SessionNotFoundError

    try:
        return store.find(reference)
    except SessionNotFoundError:
        return None
    except AmbiguousSessionError as error:
        raise _UsageError(error.describe()) from error


def _target_and_paths(args: argparse.Namespace, store: "SessionStore | None"
                      ) -> tuple[str, list[str]]:
    """The target and the remote paths a command names.

    Raises:
        TargetSyntaxError: A location is not ``TARGET:PATH``, or they name several targets.
    """
    if args.command == "exec":
        return args.target, []
    if args.command == "ls":
        if args.path is not None:
            return args.location, [args.path]
        target, path = _locate(store, args.location)
        return target, [path]
    located = [_locate(store, text) for text in cli_transfer.remote_locations(args)]
    targets = list(dict.fromkeys(target for target, _path in located))
    if len(targets) > 1:
        raise TargetSyntaxError(tr("the remote paths name several targets ({targets}); copy "
                                   "from one at a time").format(targets=", ".join(targets)))
    return targets[0], [path for _target, path in located]


def _locate(store: "SessionStore | None", location: str) -> tuple[str, str]:
    """``TARGET[:PATH]``: a saved session named whole (its home folder), a saved session
    and a path after the first colon, or ``[user@]host[:port]:PATH``."""
    if _find(store, location) is not None:
        return location, ""
    reference, colon, path = location.partition(":")
    if colon and _find(store, reference) is not None:
        return reference, path
    return split_location(location)


def _note_use(store: "SessionStore", session: "SavedSession") -> None:
    """Records the login as the session's last use (the app's Recent list shows it); a
    store that cannot be saved is only worth a warning."""
    store.touch(session.id)
    try:
        store.save()
    except SshdeskError as error:
        print(f"sshdesk: warning: {error.describe()}", file=sys.stderr)


def _run_remote(args: argparse.Namespace) -> int:
    """``exec``, ``ls``, ``get`` and ``put``: connect to the target and run the command."""
    if args.command in ("get", "put") and (problem := cli_transfer.check_before_connecting(
            args)) is not None:
        print(f"sshdesk {args.command}: {problem}", file=sys.stderr)
        return EXIT_ERROR
    tty = Terminal.open()
    try:
        store = _store_for_targets()
        target, paths = _target_and_paths(args, store)
        saved = _find(store, target)
        profile = _saved_profile(args, saved) if saved is not None else _profile(args, target)
        prompter = TerminalPrompter(tty, args.accept_new_host_key)
        with connect(profile, prompter) as connection:
            if saved is not None and store is not None:
                _note_use(store, saved)
            if args.command == "exec":
                return _run_exec(connection, args)
            if args.command == "ls":
                return _run_ls(connection, paths[0], args.long)
            return cli_transfer.run(connection, args, paths)
    except TargetSyntaxError as error:
        print(f"sshdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    except _UsageError as error:
        print(f"sshdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SshdeskError as error:
        print(f"sshdesk: {error.describe()}", file=sys.stderr)
        return EXIT_CONNECT_FAILED
    finally:
        if tty is not None:
            tty.close()


# --- sshdesk sessions ------------------------------------------------------------------


def _run_sessions(args: argparse.Namespace) -> int:
    """``sessions ACTION``: 0 on success, 1 with a message and a hint on stderr."""
    try:
        store = _open_store()
        if args.action == "list":
            _list_sessions(store, args.json)
        elif args.action == "import-ssh-config":
            from sshdesk.core.sshconfig import merge_into, read_ssh_config

            report = merge_into(store, read_ssh_config(args.file))
            _save(store)
            _print_config_import(report)
        elif args.action == "export":
            ids = [store.find(reference).id for reference in args.sessions] or None
            count = store.export(args.file, ids)
            print(f"exported {count} session{'s' if count != 1 else ''} to {args.file}")
        else:
            result = store.import_file(args.file)
            _save(store)
            for name in result.added:
                print(f"added      {name}")
            for name in result.updated:
                print(f"updated    {name}")
            if result.skipped:
                print(f"left out   {result.skipped} unreadable session record(s)")
    except SshdeskError as error:
        print(f"sshdesk: {error.describe()}", file=sys.stderr)
        return EXIT_ERROR
    return 0


def _save(store: "SessionStore") -> None:
    store.save()
    _tell_recovery(store)


def _address(profile: SessionProfile) -> str:
    """``user@host:port``, the port always shown (``[v6]:port``)."""
    host = f"[{profile.host}]" if ":" in profile.host else profile.host
    user = f"{profile.username}@" if profile.username else ""
    return f"{user}{host}:{profile.port}"


def _list_sessions(store: "SessionStore", as_json: bool) -> None:
    sessions = sorted(store.sessions(), key=lambda s: (s.path.casefold(), s.path))
    if as_json:
        print(json.dumps([_session_json(s) for s in sessions], indent=2, ensure_ascii=False))
        return
    if not sessions:
        print("no saved sessions", file=sys.stderr)
        return
    width = max(len(s.path) for s in sessions)
    address_width = max(len(_address(s.profile)) for s in sessions)
    for session in sessions:
        line = f"{session.path:<{width}}  {_address(session.profile):<{address_width}}"
        print(f"{line}  {', '.join(session.tags)}".rstrip())


def _session_json(session: "SavedSession") -> dict[str, object]:
    """A session as ``sessions list --json`` shows it; there is no place for secrets."""
    profile = session.profile
    origin = session.origin
    return {
        "id": session.id, "name": session.name, "folder": list(session.folder),
        "path": session.path, "host": profile.host, "port": profile.port,
        "username": profile.username, "key_files": list(profile.key_files),
        "jump_hosts": [_address(hop) for hop in profile.jump_hosts],
        "tags": list(session.tags), "note": session.note, "color": session.color,
        "last_used": session.last_used, "startup_command": session.startup_command,
        "initial_remote_folder": session.initial_remote_folder,
        "save_password": session.save_password,
        "origin": None if origin is None else {"file": origin.file, "host": origin.host},
    }


def _print_config_import(report: "ImportReport") -> None:
    for label, entries in (("imported", report.imported), ("updated", report.updated),
                          ("unchanged", report.unchanged)):
        for path in entries:
            print(f"{label:<10} {path}")
    for path in report.skipped:
        print(f"{'kept':<10} {path} (its Host is no longer in the file; not deleted)")
    for issue in report.issues:
        print(f"{issue.file}:{issue.line}: {issue.text}")
    print(f"{len(report.imported)} imported, {len(report.updated)} updated, "
          f"{len(report.unchanged)} unchanged, {len(report.skipped)} kept; "
          f"{len(report.issues)} issue{'s' if len(report.issues) != 1 else ''}")


def main(argv: Sequence[str]) -> int:
    """Runs one headless command; returns the process exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    log_handler = core_log.log_to_file(paths.log_dir() / "sshdesk-cli.log")
    if args.verbose:
        core_log.add_handler(logging.StreamHandler(sys.stderr), logging.DEBUG)
    try:
        if args.command == "sessions":
            return _run_sessions(args)
        return _run_remote(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    finally:
        core_log.remove_handler(log_handler)
