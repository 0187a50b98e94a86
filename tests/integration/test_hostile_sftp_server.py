"""The transfer tests' own fixtures, checked against plain paramiko and OpenSSH's sftp.

A transfer test that passes because its hostile server quietly served sane names would
prove nothing, so these pin down what :mod:`tests.helpers.hostile_sftp` really sends and
what :mod:`tests.helpers.disks` really makes.
"""

import contextlib
import errno
import os
import re
import stat
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from sshdesk.core.connection import connect
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import NoPrompter
from tests.helpers import system
from tests.helpers.disks import gbk_names_folder, is_mounted, small_disk
from tests.helpers.hostile_sftp import (
    HOSTILE_FOLDERS,
    HOSTILE_NAMES,
    PAYLOAD_SIZE,
    HostileSftpServer,
    Request,
    Tree,
    loop_tree,
    payload,
    raw_listdir,
)

GBK_FILE = "中文文件.txt".encode("gbk")
GBK_FOLDER = "配置".encode("gbk")
GBK_INNER = "设置.conf".encode("gbk")


@pytest.fixture
def hostile() -> Iterator[HostileSftpServer]:
    with HostileSftpServer() as server:
        yield server


@contextlib.contextmanager
def sftp_to(server: HostileSftpServer, *, use_key: bool = False) -> Iterator[paramiko.SFTPClient]:
    """A paramiko SFTP client that trusts only the server's known_hosts file, so a bad
    ``host_key_line`` fails here."""
    client = paramiko.SSHClient()
    client.load_host_keys(os.fspath(server.known_hosts_file))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    secret: dict[str, object] = (
        {"key_filename": os.fspath(server.client_key_file)}
        if use_key
        else {"password": server.password}
    )
    try:
        client.connect(server.host, server.port, username=server.username, allow_agent=False,
                       look_for_keys=False, timeout=10, **secret)
        with client.open_sftp() as sftp:
            yield sftp
    finally:
        client.close()


def child(folder: str, name: str | bytes) -> bytes:
    """The path the server gives an entry: folder, ``/`` and name, never normalised."""
    raw = name.encode() if isinstance(name, str) else name
    return (b"" if folder == "/" else folder.encode()) + b"/" + raw


# ------------------------------------------------------------------------- listings


def test_root_listing_sends_every_hostile_name_exactly(hostile: HostileSftpServer) -> None:
    with sftp_to(hostile) as sftp:
        raw = raw_listdir(sftp, "/")
        cooked = sftp.listdir("/")
    expected = [*HOSTILE_NAMES, "ok.txt", "dir"]
    assert [entry.name for entry in raw] == [name.encode() for name in expected]
    # paramiko drops "." and ".." as it would a real folder's own entries.
    assert cooked == [name for name in expected if name not in (".", "..")]
    for entry in raw:
        assert entry.longname.encode("utf-8", "surrogateescape").endswith(b" " + entry.name)


def test_folder_listing_sends_the_hostile_names_again(hostile: HostileSftpServer) -> None:
    with sftp_to(hostile) as sftp:
        names = [entry.name for entry in raw_listdir(sftp, "/dir")]
    assert names == [name.encode() for name in (*HOSTILE_NAMES, "inner.txt")]


@pytest.mark.parametrize("folder", ["/", "/dir"])
def test_every_hostile_name_stats_and_reads_as_its_kind(
    hostile: HostileSftpServer, folder: str
) -> None:
    with sftp_to(hostile) as sftp:
        for name in HOSTILE_NAMES:
            path = child(folder, name)
            attributes = sftp.stat(path)
            if name in HOSTILE_FOLDERS:
                assert stat.S_ISDIR(attributes.st_mode), name
                assert sftp.listdir(path) == ["escaped.txt"]
                with sftp.open(path + b"/escaped.txt") as inner:
                    assert inner.read() == payload("escaped.txt")
            else:
                assert stat.S_ISREG(attributes.st_mode), name
                assert attributes.st_size == PAYLOAD_SIZE
                with sftp.open(path) as stream:
                    assert stream.read() == payload(name), name


def test_unknown_paths_are_phantom_files_unless_told_otherwise(
    hostile: HostileSftpServer,
) -> None:
    with sftp_to(hostile) as sftp:
        # What a client gets if it "cleans" ../../evil to /evil and asks again.
        assert stat.S_ISREG(sftp.stat("/evil").st_mode)
        with sftp.open("/nowhere/evil") as stream:
            assert stream.read() == payload("evil")
    with HostileSftpServer(answer_any_path=False) as strict, sftp_to(strict) as sftp:
        with pytest.raises(FileNotFoundError):
            sftp.stat("/evil")
        assert sftp.stat("/../../evil").st_size == PAYLOAD_SIZE


def test_realpath_keeps_hostile_names_and_normalises_the_rest(
    hostile: HostileSftpServer,
) -> None:
    with sftp_to(hostile) as sftp:
        assert sftp.normalize(".") == "/"
        assert sftp.normalize("/dir/../../evil") == "/dir/../../evil"
        assert sftp.normalize("/nothing/../ok.txt") == "/ok.txt"


def test_size_only_entries_serve_long_payloads() -> None:
    with HostileSftpServer({"big.bin": 3_000_001}) as server, sftp_to(server) as sftp:
        assert sftp.stat("/big.bin").st_size == 3_000_001
        with sftp.open("/big.bin") as stream:
            assert stream.read() == payload("big.bin", 3_000_001)


def test_writes_are_refused_and_requests_recorded(hostile: HostileSftpServer) -> None:
    with sftp_to(hostile) as sftp:
        with pytest.raises(PermissionError):
            sftp.open("/planted.txt", "w")
        with pytest.raises(OSError):
            sftp.mkdir("/new")
        sftp.open(b"/../../evil").close()
    assert Request("open-write", b"/planted.txt") in hostile.requests
    assert Request("open", b"/../../evil") in hostile.requests


# ------------------------------------------------------------------- symlink loops


def test_loop_is_listed_as_a_link_to_a_folder() -> None:
    # No phantom files: every path below must resolve through the links for real.
    with HostileSftpServer(loop_tree(), answer_any_path=False) as server, \
            sftp_to(server) as sftp:
        listed = {entry.filename: entry.st_mode for entry in sftp.listdir_attr("/dir")}
        assert stat.S_ISLNK(listed["loop"]) and stat.S_ISREG(listed["inner.txt"])
        assert stat.S_ISLNK(sftp.lstat("/loop").st_mode)
        assert stat.S_ISDIR(sftp.stat("/dir/loop").st_mode)
        assert sftp.readlink("/dir/loop") == "."
        # However deep a client follows it, it is the same folder again.
        assert sftp.listdir("/dir/loop/loop/loop") == ["inner.txt", "loop"]
        assert sftp.normalize("/dir/loop/loop") == "/dir"
        with sftp.open("/loop/loop/dir/loop/inner.txt") as stream:
            assert stream.read() == payload("inner.txt")


def test_loop_listed_as_its_target_looks_like_a_plain_folder() -> None:
    tree = loop_tree(listed_as_target=True)
    with HostileSftpServer(tree, answer_any_path=False) as server, sftp_to(server) as sftp:
        listed = {entry.filename: entry.st_mode for entry in sftp.listdir_attr("/")}
        assert stat.S_ISDIR(listed["loop"])
        assert stat.S_ISLNK(sftp.lstat("/loop").st_mode)


# ----------------------------------------------------------------------- GBK names


def test_gbk_names_go_out_and_come_back_as_raw_bytes() -> None:
    tree: Tree = {GBK_FILE: b"gbk file", GBK_FOLDER: {GBK_INNER: b"inner"}}
    with HostileSftpServer(tree) as server, sftp_to(server) as sftp:
        assert [entry.name for entry in raw_listdir(sftp, "/")] == [GBK_FILE, GBK_FOLDER]
        assert [entry.name for entry in raw_listdir(sftp, b"/" + GBK_FOLDER)] == [GBK_INNER]
        with sftp.open(b"/" + GBK_FOLDER + b"/" + GBK_INNER) as stream:
            assert stream.read() == b"inner"
        # What the transfer engine is up against: paramiko cannot decode the names.
        with pytest.raises(UnicodeDecodeError):
            sftp.listdir("/")
    assert Request("open", b"/" + GBK_FOLDER + b"/" + GBK_INNER) in server.requests


# --------------------------------------------------------------- logins, versions


def test_key_login_and_known_hosts_line(hostile: HostileSftpServer) -> None:
    assert re.fullmatch(rf"\[127\.0\.0\.1\]:{hostile.port} ssh-ed25519 AAAA\S+",
                        hostile.host_key_line)
    with sftp_to(hostile, use_key=True) as sftp:
        assert "ok.txt" in sftp.listdir("/")


def test_sshdesk_connects_with_the_key_and_the_known_hosts_file(
    hostile: HostileSftpServer, tmp_path: Path
) -> None:
    """What transfer tests will do: sshdesk's own connection, nothing else trusted."""
    profile = SessionProfile(host=hostile.host, port=hostile.port, username=hostile.username,
                             key_files=(os.fspath(hostile.client_key_file),), allow_agent=False,
                             look_for_keys=False, keepalive_interval=0.0, timeout=5.0)
    known = KnownHosts(tmp_path / "own_known_hosts", [hostile.known_hosts_file])
    with connect(profile, NoPrompter(), known) as connection:
        assert connection.open_sftp().stat("/ok.txt").size == PAYLOAD_SIZE


def test_wrong_password_is_refused(hostile: HostileSftpServer) -> None:
    transport = paramiko.Transport((hostile.host, hostile.port))
    try:
        with pytest.raises(paramiko.AuthenticationException):
            transport.connect(username=hostile.username, password="wrong")
    finally:
        transport.close()


def _read_exact(channel: paramiko.Channel, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = channel.recv(size - len(data))
        assert chunk, "the server closed the SFTP channel"
        data += chunk
    return data


def test_version_offers_no_limits_extension(hostile: HostileSftpServer) -> None:
    transport = paramiko.Transport((hostile.host, hostile.port))
    try:
        transport.connect(username=hostile.username, password=hostile.password)
        channel = transport.open_session(timeout=10)
        channel.settimeout(10)
        channel.invoke_subsystem("sftp")
        channel.sendall(struct.pack(">IBI", 5, 1, 3))  # SSH_FXP_INIT, version 3
        (length,) = struct.unpack(">I", _read_exact(channel, 4))
        body = _read_exact(channel, length)
    finally:
        transport.close()
    assert body[0] == 2  # SSH_FXP_VERSION
    message = paramiko.Message(body[1:])
    assert message.get_int() == 3
    extensions = []
    while message.packet.tell() < len(body) - 1:
        extensions.append(message.get_text())
        message.get_string()
    assert extensions == ["check-file"]


def test_openssh_sftp_trusts_the_line_and_logs_in_with_the_key(tmp_path: Path) -> None:
    with system.loud_setup("OpenSSH client"):
        system.require_programs("sftp")
    # No NUL name here: OpenSSH's sftp gives up on the whole listing at one.
    tree = {"ok.txt": payload("ok.txt"), "../../evil": payload("x")}
    with HostileSftpServer(tree) as server:
        result = subprocess.run(
            ["sftp", "-F", "/dev/null", "-b", "-", "-P", str(server.port),
             "-i", os.fspath(server.client_key_file), "-o", "IdentitiesOnly=yes",
             "-o", f"UserKnownHostsFile={server.known_hosts_file}",
             "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
             f"{server.username}@{server.host}"],
            input=f"get /ok.txt {tmp_path}/ok.txt\nls -1 /\n".encode(),
            capture_output=True, timeout=30, check=False,
        )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ok.txt").read_bytes() == payload("ok.txt")
    assert b'suspect path "../../evil"' in result.stderr
    assert result.stdout.splitlines()[-1:] == [b"/ok.txt"]


# ---------------------------------------------------------------------------- disks


def test_small_disk_runs_out_of_space_and_goes_away() -> None:
    with small_disk(1024 * 1024) as disk:
        assert is_mounted(disk)
        with (disk / "fill.bin").open("wb") as stream:
            with pytest.raises(OSError) as raised:
                stream.write(b"\0" * (2 * 1024 * 1024))
                stream.flush()
            assert raised.value.errno == errno.ENOSPC
            stream.truncate(0)  # else close() would flush the rest and fail again
    assert not is_mounted(disk)
    assert not disk.exists()


def test_small_disk_unmounts_after_an_error_with_a_file_still_open() -> None:
    stream = None
    with pytest.raises(RuntimeError, match="boom"), small_disk(64 * 1024) as disk:
        stream = (disk / "open.txt").open("wb")
        raise RuntimeError("boom")
    assert stream is not None
    stream.close()
    assert not is_mounted(disk)
    assert not disk.exists()


def test_gbk_names_folder_makes_raw_gbk_names(tmp_path: Path) -> None:
    folder = tmp_path / "gbk"
    folder.mkdir()
    made = gbk_names_folder(folder)
    base = os.fsencode(folder)
    top = {raw.rstrip(b"/") for name, raw in made if "/" not in name.rstrip("/")}
    assert set(os.listdir(base)) == top
    assert os.listdir(base + b"/" + GBK_FOLDER) == [GBK_INNER]
    for name, raw in made:
        assert raw == name.encode("gbk")
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        if not name.endswith("/"):
            with open(base + b"/" + raw, "rb") as stream:
                assert stream.read() == name.encode("utf-8")
    assert "誠.txt".encode("gbk")[1:2] == b"\\"
