"""The headless commands: ``sshdesk exec`` and ``sshdesk ls`` on ad-hoc targets.

Built on the core alone (no Qt). Exit statuses follow OpenSSH's ``ssh``: the remote
command's status, or 255 when connecting or logging in failed.
"""

import argparse
import getpass
import logging
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from sshdesk import __version__
from sshdesk.core import log as core_log
from sshdesk.core import paths
from sshdesk.core.connection import Connection, connect
from sshdesk.core.errors import CancelledError, SshdeskError
from sshdesk.core.hostkeys import host_entry_name
from sshdesk.core.profile import SessionProfile, TargetSyntaxError, parse_target
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, NoPrompter, UnknownHostKey

EXIT_CONNECT_FAILED = 255
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
COMMANDS = ("exec", "ls")


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
                              description="Run COMMAND on TARGET ([user@]host[:port]), "
                              "streaming its output; exit with its status (255: could not "
                              "connect or log in).")
    _add_connection_options(run)
    run.add_argument("target", metavar="TARGET", help="[user@]host[:port]")
    run.add_argument("remote_command", metavar="COMMAND", nargs=argparse.REMAINDER,
                     help="the command and its arguments (after --)")
    listing = commands.add_parser("ls", help="list a remote folder",
                                  description="List PATH on TARGET, one entry a line.")
    _add_connection_options(listing)
    listing.add_argument("location", metavar="TARGET:PATH",
                         help="[user@]host[:port]:PATH (an empty PATH is the home folder)")
    listing.add_argument("-l", dest="long", action="store_true",
                         help="long format: type and permissions, size, time, name")
    return parser


def _add_connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-p", "--port", type=int, help="port (default 22, or the target's)")
    parser.add_argument("-i", "--identity", action="append", default=[], metavar="KEYFILE",
                        help="private key file to offer (repeatable)")
    parser.add_argument("-J", "--jump", action="append", default=[], metavar="[user@]host[:port]",
                        help="jump host(s), comma-separated or repeated, outermost first")
    parser.add_argument("--accept-new-host-key", action="store_true",
                        help="trust and remember an unknown host key (a CHANGED key is "
                        "always refused)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="connection timeout (default 10)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")


def _profile(args: argparse.Namespace, target: str) -> SessionProfile:
    user, host, port = parse_target(target)
    if args.port is not None:
        port = args.port
    keys = tuple(args.identity)
    hops = []
    for spec in (part for option in args.jump for part in option.split(",") if part.strip()):
        hop_user, hop_host, hop_port = parse_target(spec)
        hops.append(SessionProfile(host=hop_host, port=hop_port or 22, username=hop_user,
                                   key_files=keys, timeout=args.timeout))
    return SessionProfile(host=host, port=port or 22, username=user, key_files=keys,
                          timeout=args.timeout, jump_hosts=tuple(hops))


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
    for item in entries:
        if long_format:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.mtime))
            print(f"{stat.filemode(item.mode)} {item.size:>12} {when} {item.name}")
        else:
            print(item.name)
    return 0


def main(argv: Sequence[str]) -> int:
    """Runs one headless command; returns the process exit status."""
    args = _parser().parse_args(argv)
    log_handler = core_log.log_to_file(paths.log_dir() / "sshdesk-cli.log")
    if args.verbose:
        core_log.add_handler(logging.StreamHandler(sys.stderr), logging.DEBUG)
    tty = Terminal.open()
    try:
        if args.command == "exec":
            target, path = args.target, ""
        else:
            target, path = split_location(args.location)
        profile = _profile(args, target)
        prompter = TerminalPrompter(tty, args.accept_new_host_key)
        with connect(profile, prompter) as connection:
            if args.command == "exec":
                return _run_exec(connection, args)
            return _run_ls(connection, path, args.long)
    except TargetSyntaxError as error:
        print(f"sshdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SshdeskError as error:
        print(f"sshdesk: {error.describe()}", file=sys.stderr)
        return EXIT_CONNECT_FAILED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    finally:
        if tty is not None:
            tty.close()
        core_log.remove_handler(log_handler)
