"""The transfer engine against real servers: byte-exact copies both ways, names, trees,
GBK, failures, conflicts, cancel, pause, limits, a full disk, a killed server, hostile
names and symlink loops.

OpenSSH's sftp server runs on this machine, so "remote" files are local files under a
temporary folder: tests make them directly and check results on disk.
"""

import hashlib
import os
import posixpath
import random
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from sshdesk.core import transfers
from sshdesk.core.connection import Connection, connect
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import NoPrompter
from sshdesk.core.transfer_state import (
    ConflictPolicy,
    ItemSnapshot,
    ItemState,
    SymlinkPolicy,
    TransferOptions,
)
from sshdesk.core.transfers import PART_SUFFIX, TransferQueue
from tests.helpers import sshd as sshd_lib
from tests.helpers.accounts import PamService, TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.disks import GBK_ENTRIES, gbk_names_folder, small_disk
from tests.helpers.hostile_sftp import (
    HOSTILE_NAMES,
    HostileSftpServer,
    loop_tree,
    payload,
)
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer
from tests.helpers.system import descendant_pids, make_temp_dir

KiB = 1024
MiB = 1024 * KiB
OLD_TIME = 1_500_000_000  # a kept time cannot be "now" by accident
DONE, FAILED, CANCELLED = ItemState.DONE, ItemState.FAILED, ItemState.CANCELLED

SHORT = 5.0  # seconds: what a few small files need, many times over


# ------------------------------------------------------------------------- helpers


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(4 * MiB):
            digest.update(chunk)
    return digest.hexdigest()


def write_random(path: Path, size: int, seed: int = 0) -> str:
    """A file of ``size`` bytes that never repeats (a piece written at the wrong offset
    shows), in 8 MiB writes; returns its sha256."""
    generator = random.Random(seed)
    digest = hashlib.sha256()
    with open(path, "wb") as stream:
        left = size
        while left:
            chunk = generator.randbytes(min(left, 8 * MiB))
            stream.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def connect_to(server: SshdServer, keys: ClientKeys, folder: Path, **options: Any
               ) -> Connection:
    folder.mkdir(exist_ok=True)
    profile = profile_for(server, key_files=(str(keys.ed25519),), **options)
    return connect(profile, NoPrompter(), trusting(folder, server))


@contextmanager
def transfer_queue(connection: Connection, encoding: str = "utf-8", **options: Any
                   ) -> Iterator[TransferQueue]:
    """A queue on ``connection``; conflicts FAIL unless a test says otherwise, so no test
    can hang on a question nobody answers."""
    options.setdefault("conflict", ConflictPolicy.FAIL)
    options.setdefault("slots", 2)
    queue = TransferQueue(connection.open_sftp_channel, connection.host, encoding,
                          TransferOptions(**options))
    try:
        yield queue
    finally:
        queue.close()


def finish(queue: TransferQueue, ids: list[int], timeout: float = 30.0
           ) -> list[ItemSnapshot]:
    """Waits for the queue to settle; the items ``ids`` as they ended."""
    assert queue.wait(timeout), f"the queue did not settle: {queue.snapshot()}"
    items = {item.item_id: item for item in queue.snapshot().items}
    return [items[item_id] for item_id in ids]


def item_of(queue: TransferQueue, item_id: int) -> ItemSnapshot:
    return next(item for item in queue.snapshot().items if item.item_id == item_id)


def wait_for(queue: TransferQueue, item_id: int, condition: Callable[[ItemSnapshot], bool],
             timeout: float = 20.0) -> ItemSnapshot:
    deadline = time.monotonic() + timeout
    while True:
        item = item_of(queue, item_id)
        if condition(item):
            return item
        assert time.monotonic() < deadline, f"condition not met: {item}"
        time.sleep(0.005)


def tree_of(root: Path) -> dict[str, tuple[str, bytes | str, int, int]]:
    """Everything under ``root`` by relative path: kind, content (or link target), the
    permission bits and the modification time (0 for folders and links)."""
    found: dict[str, tuple[str, bytes | str, int, int]] = {}
    for folder, folders, names in os.walk(root):
        for name in folders + names:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                found[relative] = ("link", os.readlink(path), 0, 0)
            elif stat.S_ISDIR(info.st_mode):
                found[relative] = ("folder", b"", 0, 0)
            else:
                found[relative] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode),
                                   int(info.st_mtime))
    return found


def first_difference(path: Path, expected: Path) -> int | None:
    """The first offset where two files differ (the shorter one's end if one is a
    prefix of the other); None when they are the same."""
    with open(path, "rb") as one, open(expected, "rb") as two:
        offset = 0
        while True:
            a, b = one.read(MiB), two.read(MiB)
            if a != b:
                return offset + next((i for i, (x, y) in enumerate(zip(a, b, strict=False))
                                      if x != y), min(len(a), len(b)))
            if not a:
                return None
            offset += len(a)


def no_part_files(root: Path) -> bool:
    return not [path for path in root.rglob("*") if path.name.endswith(PART_SUFFIX)]


# ------------------------------------------------------------------------ fixtures


@pytest.fixture
def connection(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
               ) -> Iterator[Connection]:
    with connect_to(sshd, client_keys, tmp_path / "client") as opened:
        yield opened


@pytest.fixture
def queue(connection: Connection) -> Iterator[TransferQueue]:
    with transfer_queue(connection) as opened:
        yield opened


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """The server's side of a test (the server runs here, so it is a local folder)."""
    folder = tmp_path / "remote"
    folder.mkdir()
    return folder


@pytest.fixture
def local(tmp_path: Path) -> Path:
    folder = tmp_path / "local"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def source_file(tmp_path_factory: pytest.TempPathFactory
                ) -> Callable[[int], tuple[Path, str]]:
    """``source_file(size)``: a random file of that size and its sha256, made once per
    module. Tests read it, never change it."""
    folder = tmp_path_factory.mktemp("sources")
    made: dict[int, tuple[Path, str]] = {}

    def make(size: int) -> tuple[Path, str]:
        if size not in made:
            path = folder / f"source-{size}.bin"
            made[size] = (path, write_random(path, size, seed=size))
        return made[size]
    return make


@pytest.fixture
def pieces_made(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[int, int]]]:
    """The pieces each file was cut into, as the engine planned them."""
    made: list[list[tuple[int, int]]] = []
    original = transfers._pieces

    def spy(offset: int, size: int, slots: int) -> list[tuple[int, int]]:
        result = original(offset, size, slots)
        made.append(result)
        return result
    monkeypatch.setattr(transfers, "_pieces", spy)
    return made


# ----------------------------------------------------------------- byte-exact copies

SIZES = [0, 1, 32 * KiB - 1, 32 * KiB, 32 * KiB + 1, 10 * MiB]


@pytest.mark.parametrize("size", SIZES)
def test_download_is_byte_exact(queue: TransferQueue, source_file: Any, local: Path,
                                size: int) -> None:
    source, digest = source_file(size)
    [item] = finish(queue, queue.download([str(source)], str(local)))
    assert item.state is DONE, item.error
    assert item.target == str(local / source.name)
    assert (item.bytes_done, item.bytes_total, item.files_done) == (size, size, 1)
    assert sha256(local / source.name) == digest
    assert os.listdir(local) == [source.name]


@pytest.mark.parametrize("size", SIZES)
def test_upload_is_byte_exact(queue: TransferQueue, source_file: Any, remote: Path,
                              size: int) -> None:
    source, digest = source_file(size)
    [item] = finish(queue, queue.upload([str(source)], str(remote)))
    assert item.state is DONE, item.error
    assert (item.bytes_done, item.bytes_total, item.files_done) == (size, size, 1)
    assert sha256(remote / source.name) == digest
    assert os.listdir(remote) == [source.name]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("direction", ["download", "upload"])
def test_key_exchanges_mid_transfer_lose_nothing_and_never_hang(
        connection: Connection, source_file: Any, tmp_path: Path, direction: str) -> None:
    # Replies are handled on the transport's own thread, which also runs key exchanges;
    # a reply handler that sent its next request there would wait for an exchange only
    # that thread can finish. Rekeying every 1 MiB puts exchanges among 40 MiB and 300
    # small files' chained requests.
    transport = connection._transport
    transport.packetizer.REKEY_BYTES = 1 * MiB
    exchanges: list[int] = []
    send_kex_init = transport._send_kex_init

    def counting_kex_init() -> None:
        exchanges.append(1)
        send_kex_init()

    transport._send_kex_init = counting_kex_init
    big, digest = source_file(40 * MiB)
    tree = tmp_path / "tree"
    make_tree(tree, files=300)
    expected = tree_of(tree)
    source, target = tmp_path / "source", tmp_path / "target"
    for folder in (source, target):
        folder.mkdir()
    shutil.copy(big, source / big.name)
    shutil.copytree(tree, source / "tree")
    with transfer_queue(connection, slots=4) as queue:
        send = queue.download if direction == "download" else queue.upload
        items = finish(queue, send([str(source / big.name), str(source / "tree")],
                                   str(target)), timeout=100)
    assert [item.state for item in items] == [DONE, DONE], [item.error for item in items]
    assert sha256(target / big.name) == digest
    assert tree_of(target / "tree") == expected
    assert len(exchanges) >= 5


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_overwriting_a_folder_of_small_files_replaces_each(
        connection: Connection, tmp_path: Path, direction: str) -> None:
    # With OVERWRITE nothing needs asking, so existing targets stay in the fast batches:
    # each is replaced in one step (rename over it), never written through or left half.
    source, target = tmp_path / "source", tmp_path / "target"
    make_tree(source / "tree", files=40)
    expected = tree_of(source / "tree")
    shutil.copytree(source / "tree", target / "tree")
    for path in (target / "tree").rglob("*"):
        if path.is_file():
            path.write_bytes(b"old")
    with transfer_queue(connection, conflict=ConflictPolicy.OVERWRITE) as queue:
        send = queue.download if direction == "download" else queue.upload
        [item] = finish(queue, send([str(source / "tree")], str(target)))
    assert item.state is DONE, item.error
    assert tree_of(target / "tree") == expected
    assert no_part_files(target)


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_without_aes_gcm_paramikos_own_paths_carry_it(
        sshd: SshdServer, client_keys: ClientKeys, source_file: Any, tmp_path: Path,
        direction: str) -> None:
    # The short send and receive paths are for AES-GCM; any other cipher must take
    # paramiko's own, byte for byte the same.
    gcm = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
    big, digest = source_file(10 * MiB)
    source, target = tmp_path / "source", tmp_path / "target"
    for folder in (source, target):
        folder.mkdir()
    shutil.copy(big, source / big.name)
    with connect_to(sshd, client_keys, tmp_path / "client",
                    disabled_algorithms=(("ciphers", gcm),)) as other_cipher:
        assert other_cipher._transport.remote_cipher not in gcm
        with transfer_queue(other_cipher) as queue:
            send = queue.download if direction == "download" else queue.upload
            [item] = finish(queue, send([str(source / big.name)], str(target)))
    assert item.state is DONE, item.error
    assert sha256(target / big.name) == digest


@pytest.mark.timeout(60)
@pytest.mark.parametrize("direction", ["download", "upload"])
def test_many_files_just_under_one_request_each(queue: TransferQueue, tmp_path: Path,
                                                 direction: str) -> None:
    # Copied in batches whose next requests are sent for them by another thread: 64 files
    # of 250 KiB in flight are 16 MiB, far over the server's 2 MiB window, so a request
    # that waited for the window on the thread that reads the window's re-opening would
    # never be sent.
    source, target = tmp_path / "source", tmp_path / "target"
    (source / "mid").mkdir(parents=True)
    target.mkdir()
    for number in range(150):
        write_random(source / "mid" / f"{number:03}.bin", 250 * KiB, seed=number)
    expected = tree_of(source / "mid")
    send = queue.download if direction == "download" else queue.upload
    [item] = finish(queue, send([str(source / "mid")], str(target)), timeout=50)
    assert item.state is DONE, item.error
    assert item.files_done == 150
    assert tree_of(target / "mid") == expected


@pytest.mark.timeout(120)
@pytest.mark.parametrize("direction", ["download", "upload"])
def test_100_mib_split_across_four_slots(connection: Connection, source_file: Any,
                                         tmp_path: Path, pieces_made: list[Any],
                                         direction: str) -> None:
    source, digest = source_file(100 * MiB)
    target = tmp_path / "target"
    target.mkdir()
    with transfer_queue(connection, slots=4) as queue:
        ids = getattr(queue, direction)([str(source)], str(target))
        [item] = finish(queue, ids, timeout=90)
    assert item.state is DONE, item.error
    assert sha256(target / source.name) == digest
    assert (item.bytes_done, item.bytes_total) == (100 * MiB, 100 * MiB)
    # 100 MiB in pieces of at least 32 MiB: three, for three slots at once.
    assert [len(pieces) for pieces in pieces_made] == [3]
    assert pieces_made[0][0][0] == 0 and pieces_made[0][-1][1] == 100 * MiB
    assert no_part_files(target)


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_sparse_file_round_trips(queue: TransferQueue, tmp_path: Path, direction: str
                                 ) -> None:
    source_folder = tmp_path / "source"
    source_folder.mkdir()
    sparse = source_folder / "sparse.img"
    with open(sparse, "wb") as stream:
        stream.seek(40 * MiB)
        stream.write(b"!")
    target = tmp_path / "target"
    target.mkdir()
    ids = getattr(queue, direction)([str(sparse)], str(target))
    [item] = finish(queue, ids)
    assert item.state is DONE, item.error
    assert os.path.getsize(target / "sparse.img") == 40 * MiB + 1
    assert sha256(target / "sparse.img") == sha256(sparse)


NAMES = ["with space.txt", "new\nline.txt", "中文名字.txt", "-leading-dash.txt",
         "emoji 🙂.txt"]


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_awkward_names_both_ways(queue: TransferQueue, tmp_path: Path, direction: str
                                 ) -> None:
    source_folder = tmp_path / "source"
    source_folder.mkdir()
    for number, name in enumerate(NAMES):
        (source_folder / name).write_bytes(f"{number}:{name}".encode())
    target = tmp_path / "target"
    target.mkdir()
    ids = getattr(queue, direction)([str(source_folder / n) for n in NAMES], str(target))
    items = finish(queue, ids)
    assert [item.state for item in items] == [DONE] * len(NAMES), [i.error for i in items]
    assert sorted(os.listdir(target)) == sorted(NAMES)
    for number, name in enumerate(NAMES):
        assert (target / name).read_bytes() == f"{number}:{name}".encode()


def make_tree(root: Path, files: int = 200) -> None:
    """``files`` small files in nested folders, with various sizes, modes and times."""
    modes = [0o644, 0o600, 0o755, 0o640, 0o444, 0o700]
    generator = random.Random(7)
    for number in range(files):
        folder = root / f"level-{number % 4}" / f"sub-{number % 5}"
        if number % 3 == 0:
            folder = folder / "deep er"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"file-{number:03d}.dat"
        path.write_bytes(generator.randbytes(generator.randrange(0, 5000)))
        os.chmod(path, modes[number % len(modes)])
        os.utime(path, (OLD_TIME + number, OLD_TIME + number * 7))
    (root / "empty folder").mkdir()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("direction", ["download", "upload"])
def test_folder_tree_keeps_contents_times_and_permissions(
        queue: TransferQueue, tmp_path: Path, direction: str) -> None:
    source = tmp_path / "source" / "tree"
    make_tree(source)
    target = tmp_path / "target"
    target.mkdir()
    [item] = finish(queue, getattr(queue, direction)([str(source)], str(target)))
    assert item.state is DONE, item.error
    assert item.is_folder and (item.files_total, item.files_done) == (200, 200)
    expected = tree_of(source)
    assert tree_of(target / "tree") == expected
    assert sum(1 for kind, *_ in expected.values() if kind == "file") == 200
    assert item.bytes_done == item.bytes_total == sum(
        len(content) for _kind, content, _mode, _time in expected.values())
    assert no_part_files(target)


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_folder_permissions_are_kept(queue: TransferQueue, tmp_path: Path, direction: str
                                     ) -> None:
    source = tmp_path / "source" / "tree"
    (source / "private").mkdir(parents=True)
    (source / "private/file.txt").write_text("x")
    os.chmod(source / "private", 0o700)
    target = tmp_path / "target"
    target.mkdir()
    [item] = finish(queue, getattr(queue, direction)([str(source)], str(target)))
    assert item.state is DONE, item.error
    assert stat.S_IMODE(os.stat(target / "tree/private").st_mode) == 0o700


# ------------------------------------------------------------------------------ GBK


def raw_tree(root: Path) -> dict[bytes, bytes | None]:
    """Every path under ``root`` as raw bytes, with file contents (None for folders)."""
    found: dict[bytes, bytes | None] = {}
    base = os.fsencode(root)
    for folder, folders, names in os.walk(base):
        for name in folders + names:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, base)] = None if name in folders else \
                Path(os.fsdecode(path)).read_bytes()
    return found


def test_gbk_folder_downloads_to_utf8_and_uploads_back_to_gbk(
        connection: Connection, remote: Path, local: Path) -> None:
    gbk_folder = remote / "gbk"
    gbk_folder.mkdir()
    created = gbk_names_folder(gbk_folder)
    with transfer_queue(connection, "gbk") as queue:
        [down] = finish(queue, queue.download([str(gbk_folder)], str(local)))
        assert down.state is DONE, down.error
        for name in GBK_ENTRIES:
            path = local / "gbk" / name.rstrip("/")
            if name.endswith("/"):
                assert path.is_dir(), name
            else:
                assert path.read_bytes() == name.encode("utf-8"), name
        assert len(created) == len(GBK_ENTRIES)

        back = remote / "back"
        back.mkdir()
        [up] = finish(queue, queue.upload([str(local / "gbk")], str(back)))
        assert up.state is DONE, up.error
    assert raw_tree(back / "gbk") == raw_tree(gbk_folder)
    assert b"\xd5\x5c.txt" in os.listdir(os.fsencode(back / "gbk"))  # "誠" in GBK


# -------------------------------------------------------------------------- failures


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder every user can reach (pytest's own temp folder is root's alone)."""
    folder = make_temp_dir("sshdesk-transfers-", mode=0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def user_connection(sshd: SshdServer, client_keys: ClientKeys, password_user: TestUser,
                    tmp_path: Path) -> Iterator[Connection]:
    """A connection as a user who is not root (every test user takes the client keys)."""
    with connect_to(sshd, client_keys, tmp_path / "client", username=password_user.name
                    ) as opened:
        yield opened


def test_remote_permission_denied_fails_the_item_and_the_queue_goes_on(
        user_connection: Connection, shared_dir: Path, local: Path) -> None:
    (shared_dir / "secret.txt").write_text("root only")
    os.chmod(shared_dir / "secret.txt", 0o600)
    (shared_dir / "locked").mkdir()
    (shared_dir / "locked/inside.txt").write_text("x")
    os.chmod(shared_dir / "locked", 0o000)
    (shared_dir / "open.txt").write_text("anyone")
    os.chmod(shared_dir / "open.txt", 0o644)
    with transfer_queue(user_connection) as queue:
        ids = queue.download([str(shared_dir / "secret.txt"), str(shared_dir / "locked"),
                              str(shared_dir / "open.txt")], str(local))
        secret, locked, opened = finish(queue, ids)
    assert secret.state is FAILED
    assert f"{shared_dir / 'secret.txt'}: permission denied" in secret.error
    assert locked.state is FAILED
    assert "permission denied" in locked.error
    assert opened.state is DONE, opened.error
    assert sorted(os.listdir(local)) == ["locked", "open.txt"]  # the folder, empty
    assert os.listdir(local / "locked") == []
    assert (local / "open.txt").read_text() == "anyone"


def test_remote_folder_not_writable_fails_upload_and_the_queue_goes_on(
        user_connection: Connection, shared_dir: Path, local: Path, password_user: TestUser
        ) -> None:
    (local / "a.txt").write_text("a")
    (local / "b.txt").write_text("b")
    writable = shared_dir / "writable"
    writable.mkdir()
    owner = os.stat(password_user.home)
    os.chown(writable, owner.st_uid, owner.st_gid)
    with transfer_queue(user_connection) as queue:
        denied = queue.upload([str(local / "a.txt")], str(shared_dir))
        allowed = queue.upload([str(local / "b.txt")], str(writable))
        first, second = finish(queue, denied + allowed)
    assert first.state is FAILED
    assert "permission denied" in first.error
    assert second.state is DONE, second.error
    assert sorted(os.listdir(shared_dir)) == ["writable"]
    assert os.listdir(writable) == ["b.txt"]


def test_local_target_under_a_regular_file_fails_and_the_queue_goes_on(
        queue: TransferQueue, remote: Path, local: Path) -> None:
    # Root ignores permission bits; a parent that is a file stops even root.
    (remote / "one.txt").write_text("1")
    (remote / "two.txt").write_text("2")
    (local / "not-a-folder").write_text("plain file")
    bad = queue.download([str(remote / "one.txt")], str(local / "not-a-folder"))
    good = queue.download([str(remote / "two.txt")], str(local))
    first, second = finish(queue, bad + good)
    assert first.state is FAILED
    assert "this computer" in first.error and "not a folder" in first.error
    assert second.state is DONE, second.error
    assert (local / "not-a-folder").read_text() == "plain file"
    assert (local / "two.txt").read_text() == "2"


def test_missing_remote_source_fails_with_the_path(queue: TransferQueue, remote: Path,
                                                   local: Path) -> None:
    [item] = finish(queue, queue.download([str(remote / "gone.txt")], str(local)))
    assert item.state is FAILED
    assert f"{remote / 'gone.txt'}: no such file or folder" in item.error
    assert os.listdir(local) == []


def test_retry_of_a_folder_copies_what_failed_and_skips_what_was_copied(
        user_connection: Connection, shared_dir: Path, local: Path) -> None:
    folder = shared_dir / "folder"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "locked.txt"):
        (folder / name).write_text(name)
    os.chmod(folder / "locked.txt", 0o600)  # root's: the user cannot read it
    with transfer_queue(user_connection) as queue:
        [item_id] = queue.download([str(folder)], str(local))
        [item] = finish(queue, [item_id])
        assert item.state is FAILED
        assert len(item.failed_files) == 1 and "locked.txt" in item.failed_files[0]
        assert sorted(os.listdir(local / "folder")) == ["a.txt", "b.txt"]
        os.chmod(folder / "locked.txt", 0o644)
        queue.retry([item_id])
        [item] = finish(queue, [item_id], timeout=SHORT)
    assert item.state is DONE
    assert sorted(os.listdir(local / "folder")) == ["a.txt", "b.txt", "locked.txt"]
    assert (local / "folder/locked.txt").read_text() == "locked.txt"


# ------------------------------------------------------------------------- conflicts


@pytest.fixture
def conflict(remote: Path, local: Path) -> tuple[Path, Path]:
    """A remote ``report.txt`` (new, 2,000 bytes) whose local copy exists (old, 3 bytes)."""
    source = remote / "report.txt"
    source.write_bytes(bytes(range(250)) * 8)
    os.utime(source, (OLD_TIME + 100, OLD_TIME + 100))
    existing = local / "report.txt"
    existing.write_bytes(b"old")
    os.utime(existing, (OLD_TIME, OLD_TIME))
    return source, existing


def download_with(connection: Connection, source: Path, folder: Path,
                  policy: ConflictPolicy) -> ItemSnapshot:
    with transfer_queue(connection, conflict=policy) as queue:
        [item] = finish(queue, queue.download([str(source)], str(folder)), timeout=SHORT)
    return item


def test_conflict_fail(connection: Connection, conflict: tuple[Path, Path], local: Path
                       ) -> None:
    source, existing = conflict
    item = download_with(connection, source, local, ConflictPolicy.FAIL)
    assert item.state is FAILED
    assert f"{existing}: it already exists" in item.error
    assert existing.read_bytes() == b"old" and os.listdir(local) == ["report.txt"]


def test_conflict_skip(connection: Connection, conflict: tuple[Path, Path], local: Path
                       ) -> None:
    source, existing = conflict
    item = download_with(connection, source, local, ConflictPolicy.SKIP)
    assert item.state is DONE and item.files_done == 1
    assert existing.read_bytes() == b"old" and os.listdir(local) == ["report.txt"]


def test_conflict_overwrite(connection: Connection, conflict: tuple[Path, Path], local: Path
                            ) -> None:
    source, existing = conflict
    item = download_with(connection, source, local, ConflictPolicy.OVERWRITE)
    assert item.state is DONE, item.error
    assert existing.read_bytes() == source.read_bytes()
    assert int(existing.stat().st_mtime) == OLD_TIME + 100
    assert os.listdir(local) == ["report.txt"]


def test_conflict_rename_keeps_both(connection: Connection, conflict: tuple[Path, Path],
                                    local: Path) -> None:
    source, existing = conflict
    first = download_with(connection, source, local, ConflictPolicy.RENAME)
    second = download_with(connection, source, local, ConflictPolicy.RENAME)
    assert (first.state, second.state) == (DONE, DONE)
    assert existing.read_bytes() == b"old"
    assert (local / "report (1).txt").read_bytes() == source.read_bytes()
    assert (local / "report (2).txt").read_bytes() == source.read_bytes()
    assert sorted(os.listdir(local)) == ["report (1).txt", "report (2).txt", "report.txt"]


def test_conflict_resume_appends_to_the_shorter_target(
        connection: Connection, conflict: tuple[Path, Path], local: Path) -> None:
    source, existing = conflict
    content = source.read_bytes()
    # The bytes already there are trusted, as sftp's reget does: a marked prefix shows
    # that only the rest was fetched.
    existing.write_bytes(b"#" * 700)
    item = download_with(connection, source, local, ConflictPolicy.RESUME)
    assert item.state is DONE, item.error
    assert existing.read_bytes() == b"#" * 700 + content[700:]
    assert item.bytes_done == len(content)


@pytest.mark.parametrize("policy", [
    ConflictPolicy.FAIL,
    ConflictPolicy.OVERWRITE,
    ConflictPolicy.RENAME,
])
def test_upload_conflicts_leave_nothing_behind(connection: Connection, remote: Path,
                                               local: Path, policy: ConflictPolicy) -> None:
    (local / "report.txt").write_text("new")
    (remote / "report.txt").write_text("old")
    with transfer_queue(connection, conflict=policy) as queue:
        [item] = finish(queue, queue.upload([str(local / "report.txt")], str(remote)),
                        timeout=SHORT)
    expected = {ConflictPolicy.FAIL: {"report.txt": "old"},
                ConflictPolicy.OVERWRITE: {"report.txt": "new"},
                ConflictPolicy.RENAME: {"report.txt": "old", "report (1).txt": "new"}}[policy]
    assert {path.name: path.read_text() for path in remote.iterdir()} == expected
    if policy is ConflictPolicy.FAIL:
        assert item.state is FAILED and "report.txt: it already exists" in item.error
    else:
        assert item.state is DONE, item.error


def test_conflict_resume_upload_completes_a_truncated_target(
        connection: Connection, remote: Path, local: Path, source_file: Any) -> None:
    source, digest = source_file(10 * MiB)
    truncated = remote / source.name
    truncated.write_bytes(source.read_bytes()[:3 * MiB + 5])
    with transfer_queue(connection, conflict=ConflictPolicy.RESUME) as queue:
        [item] = finish(queue, queue.upload([str(source)], str(remote)))
    assert item.state is DONE, item.error
    assert sha256(truncated) == digest
    assert os.listdir(remote) == [source.name]


def newer_setup(remote: Path, local: Path, name: str, remote_time: int, local_time: int
                ) -> None:
    (remote / name).write_text("remote " + name)
    os.utime(remote / name, (remote_time, remote_time))
    (local / name).write_text("local")
    os.utime(local / name, (local_time, local_time))


def test_conflict_newer_overwrites_an_older_target(connection: Connection, remote: Path,
                                                   local: Path) -> None:
    newer_setup(remote, local, "newer-there.txt", OLD_TIME + 50, OLD_TIME)
    item = download_with(connection, remote / "newer-there.txt", local,
                         ConflictPolicy.NEWER)
    assert item.state is DONE, item.error
    assert (local / "newer-there.txt").read_text() == "remote newer-there.txt"


@pytest.mark.parametrize("remote_time", [OLD_TIME, OLD_TIME - 50])
def test_conflict_newer_keeps_a_target_as_new_or_newer(
        connection: Connection, remote: Path, local: Path, remote_time: int) -> None:
    newer_setup(remote, local, "report.txt", remote_time, OLD_TIME)
    item = download_with(connection, remote / "report.txt", local, ConflictPolicy.NEWER)
    assert (local / "report.txt").read_text() == "local"
    assert item.state is DONE


def test_leftover_part_file_is_resumed(queue: TransferQueue, remote: Path, local: Path,
                                       source_file: Any) -> None:
    source, _digest = source_file(10 * MiB)
    content = source.read_bytes()
    (local / (source.name + PART_SUFFIX)).write_bytes(b"=" * (2 * MiB))
    [item] = finish(queue, queue.download([str(source)], str(local)))
    assert item.state is DONE, item.error
    assert (local / source.name).read_bytes() == b"=" * (2 * MiB) + content[2 * MiB:]
    assert os.listdir(local) == [source.name]


def test_conflict_ask_apply_to_all_answers_once(connection: Connection, remote: Path,
                                                local: Path) -> None:
    names = ["a.txt", "b.txt", "c.txt"]
    (remote / "folder").mkdir()
    (local / "folder").mkdir()
    for name in names:
        (remote / "folder" / name).write_text("new " + name)
        (local / "folder" / name).write_text("old")
    with transfer_queue(connection, conflict=ConflictPolicy.ASK) as queue:
        [item_id] = queue.download([str(remote / "folder")], str(local))
        waiting = wait_for(queue, item_id, lambda i: i.state is ItemState.WAITING)
        question = waiting.conflict
        assert question is not None and question.item_id == item_id
        assert Path(question.target).parent == local / "folder"
        assert Path(question.target).name in names
        assert (question.source_size, question.target_size) == (9, 3)
        time.sleep(0.2)  # the other files' questions wait behind this one
        assert item_of(queue, item_id).state is ItemState.WAITING
        queue.answer_conflict(item_id, ConflictPolicy.OVERWRITE, apply_to_all=True)
        [item] = finish(queue, [item_id], timeout=10)
        assert queue.options.conflict is ConflictPolicy.OVERWRITE
    assert item.state is DONE and item.conflict is None
    for name in names:
        assert (local / "folder" / name).read_text() == "new " + name


def test_conflict_ask_without_apply_to_all_asks_each_file(
        connection: Connection, remote: Path, local: Path) -> None:
    (remote / "folder").mkdir()
    (local / "folder").mkdir()
    for name in ("a.txt", "b.txt"):
        (remote / "folder" / name).write_text("new")
        (local / "folder" / name).write_text("old")
    answers: dict[str, ConflictPolicy] = {}
    with transfer_queue(connection, conflict=ConflictPolicy.ASK, slots=1) as queue:
        [item_id] = queue.download([str(remote / "folder")], str(local))
        for choice in (ConflictPolicy.RENAME, ConflictPolicy.OVERWRITE):
            item = wait_for(queue, item_id, lambda i: i.conflict is not None
                            and Path(i.conflict.target).name not in answers)
            assert item.conflict is not None and item.state is ItemState.WAITING
            answers[Path(item.conflict.target).name] = choice
            queue.answer_conflict(item_id, choice)
        [item] = finish(queue, [item_id], timeout=10)
        assert queue.options.conflict is ConflictPolicy.ASK
    assert item.state is DONE, item.error
    assert sorted(answers) == ["a.txt", "b.txt"]
    by_choice = {choice: name for name, choice in answers.items()}
    renamed, overwritten = by_choice[ConflictPolicy.RENAME], by_choice[ConflictPolicy.OVERWRITE]
    stem = renamed.removesuffix(".txt")
    assert (local / "folder" / overwritten).read_text() == "new"
    assert (local / "folder" / renamed).read_text() == "old"
    assert (local / "folder" / f"{stem} (1).txt").read_text() == "new"


def test_conflict_ask_answered_skip_keeps_the_target(connection: Connection, remote: Path,
                                                     local: Path) -> None:
    (remote / "a.txt").write_text("new")
    (local / "a.txt").write_text("old")
    with transfer_queue(connection, conflict=ConflictPolicy.ASK) as queue:
        [item_id] = queue.download([str(remote / "a.txt")], str(local))
        wait_for(queue, item_id, lambda i: i.state is ItemState.WAITING)
        queue.answer_conflict(item_id, ConflictPolicy.SKIP)
        [item] = finish(queue, [item_id], timeout=SHORT)
    assert item.state is DONE
    assert (local / "a.txt").read_text() == "old"


# ------------------------------------------------------- cancel, pause, bandwidth


@pytest.mark.timeout(120)
@pytest.mark.parametrize("direction", ["download", "upload"])
@pytest.mark.parametrize("old_target", [b"the old target, kept", None])
def test_cancel_mid_transfer_keeps_the_old_target_and_leaves_no_part(
        connection: Connection, tmp_path: Path, source_file: Any, old_target: bytes | None,
        direction: str) -> None:
    source, _digest = source_file(200 * MiB)
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / source.name
    if old_target is not None:
        target.write_bytes(old_target)
    with transfer_queue(connection, conflict=ConflictPolicy.OVERWRITE,
                        bandwidth_limit=64 * MiB) as queue:
        [item_id] = getattr(queue, direction)([str(source)], str(folder))
        wait_for(queue, item_id, lambda i: i.bytes_done > 20 * MiB)
        queue.cancel([item_id])
        [item] = finish(queue, [item_id])
    assert item.state is CANCELLED
    assert item.bytes_done < 200 * MiB
    if old_target is None:
        assert os.listdir(folder) == []
    else:
        assert os.listdir(folder) == [source.name]
        assert target.read_bytes() == old_target


@pytest.mark.timeout(120)
@pytest.mark.parametrize("direction", ["download", "upload"])
def test_pause_then_resume_completes_with_the_right_bytes(
        connection: Connection, tmp_path: Path, source_file: Any, direction: str) -> None:
    source, digest = source_file(100 * MiB)
    local = tmp_path / "target"  # the target folder, on either side
    local.mkdir()
    part = local / (source.name + PART_SUFFIX)
    with transfer_queue(connection, slots=4, bandwidth_limit=50 * MiB) as queue:
        [item_id] = getattr(queue, direction)([str(source)], str(local))
        wait_for(queue, item_id, lambda i: i.bytes_done > 10 * MiB)
        queue.pause([item_id])
        assert item_of(queue, item_id).state is ItemState.PAUSED
        assert queue.wait(5)  # a paused item does not hold up wait()
        time.sleep(0.3)  # requests in flight settle
        settled = item_of(queue, item_id).bytes_done
        time.sleep(0.3)
        paused = item_of(queue, item_id)
        assert paused.state is ItemState.PAUSED and paused.bytes_done == settled
        assert part.exists() and part.stat().st_size < 100 * MiB
        assert not (local / source.name).exists()
        queue.set_options(TransferOptions(slots=4, conflict=ConflictPolicy.FAIL))
        queue.resume([item_id])
        [item] = finish(queue, [item_id], timeout=60)
    assert item.state is DONE, item.error
    assert sha256(local / source.name) == digest
    assert os.listdir(local) == [source.name]


@pytest.mark.timeout(120)
def test_progress_after_pause_and_resume_does_not_pass_the_total(
        connection: Connection, local: Path, source_file: Any) -> None:
    source, _digest = source_file(100 * MiB)
    with transfer_queue(connection, slots=4, bandwidth_limit=50 * MiB) as queue:
        [item_id] = queue.download([str(source)], str(local))
        wait_for(queue, item_id, lambda i: i.bytes_done > 10 * MiB)
        queue.pause([item_id])
        time.sleep(0.3)
        queue.set_options(TransferOptions(slots=4, conflict=ConflictPolicy.FAIL))
        queue.resume([item_id])
        [item] = finish(queue, [item_id], timeout=60)
    assert item.state is DONE, item.error
    assert item.bytes_done == item.bytes_total == 100 * MiB


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_bandwidth_limit_slows_the_copy(connection: Connection, source_file: Any,
                                        tmp_path: Path, direction: str) -> None:
    source, digest = source_file(2 * MiB)
    target = tmp_path / "target"
    target.mkdir()
    with transfer_queue(connection, bandwidth_limit=1 * MiB) as queue:
        started = time.monotonic()
        [item] = finish(queue, getattr(queue, direction)([str(source)], str(target)))
        elapsed = time.monotonic() - started
    assert item.state is DONE, item.error
    assert sha256(target / source.name) == digest
    assert 1.0 <= elapsed < 6.0


@pytest.mark.timeout(60)
def test_disk_full_fails_the_item_then_retry_after_freeing_space_completes(
        queue: TransferQueue, source_file: Any, caplog: pytest.LogCaptureFixture) -> None:
    source, digest = source_file(5 * MiB)
    with small_disk(1 * MiB) as disk:
        [item_id] = queue.download([str(source)], str(disk))
        [item] = finish(queue, [item_id])
        assert item.state is FAILED
        assert "no space left on the disk" in item.error
        # The write error stays the item's: the channel's reply reading goes on.
        assert "SFTP reply handling failed" not in caplog.text
        assert "Free some space, then retry" in item.error
        assert not (disk / source.name).exists()
        assert set(os.listdir(disk)) <= {source.name + PART_SUFFIX}
        # The hint says the transfer resumes: grow the disk, retry.
        grown = subprocess.run(["mount", "-o", "remount,size=8m", str(disk)],
                               capture_output=True, text=True, check=False)
        assert grown.returncode == 0, grown.stderr
        queue.retry([item_id])
        [item] = finish(queue, [item_id])
        assert item.state is DONE, item.error
        assert sha256(disk / source.name) == digest
        assert os.listdir(disk) == [source.name]


@pytest.mark.timeout(60)
def test_disk_full_with_small_files_fails_them_and_leaves_no_parts(
        queue: TransferQueue, remote: Path) -> None:
    folder = remote / "many"
    folder.mkdir()
    for number in range(40):
        write_random(folder / f"small-{number:02d}.bin", 100 * KiB, seed=number)
    with small_disk(1 * MiB) as disk:
        [item] = finish(queue, queue.download([str(folder)], str(disk)))
        left = sorted(os.listdir(disk / "many"))
        for name in left:
            assert (disk / "many" / name).read_bytes() == (folder / name).read_bytes()
    assert item.state is FAILED
    assert "no space left on the disk" in item.error
    assert 0 < len(item.failed_files) <= 40 and len(left) + len(item.failed_files) == 40
    assert not [name for name in left if name.endswith(PART_SUFFIX)]


# ----------------------------------------------------------------- a killed server


def kill_sshd(process: sshd_lib.SshdProcess) -> None:
    """SIGKILL the listening sshd and every session process it forked (by their ids)."""
    listener = process.process.pid
    children = descendant_pids(listener)
    os.kill(listener, signal.SIGKILL)
    for pid in children:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.process.wait(10)


@pytest.mark.timeout(180)
def test_server_killed_mid_download_then_retry_on_a_new_server_resumes(
        authorized_keys_file: Path, sshd_pam_service: PamService, client_keys: ClientKeys,
        source_file: Any, tmp_path: Path, local: Path) -> None:
    source, digest = source_file(200 * MiB)
    first = sshd_lib.start_sshd(authorized_keys=authorized_keys_file,
                                binary=sshd_pam_service.sshd_binary, label="killed")
    second: sshd_lib.SshdProcess | None = None
    connections: list[Connection] = []
    part = local / (source.name + PART_SUFFIX)
    try:
        connections.append(connect_to(first.server, client_keys, tmp_path / "c1"))
        with transfer_queue(connections[0], slots=1, bandwidth_limit=100 * MiB) as queue:
            [item_id] = queue.download([str(source)], str(local))
            wait_for(queue, item_id, lambda i: i.bytes_done > 20 * MiB)
            kill_sshd(first)
            [item] = finish(queue, [item_id], timeout=20)
            assert item.state is FAILED
            assert "the connection was lost" in item.error
            assert part.exists()
            kept = part.stat().st_size
            assert 0 < kept < 200 * MiB
            assert first_difference(part, source) == kept  # a true prefix, no holes
            assert not (local / source.name).exists()

            second = sshd_lib.start_sshd(authorized_keys=authorized_keys_file,
                                         binary=sshd_pam_service.sshd_binary,
                                         label="restarted")
            connections.append(connect_to(second.server, client_keys, tmp_path / "c2"))
            queue.set_channel_source(connections[1].open_sftp_channel)
            queue.set_options(TransferOptions(slots=1, conflict=ConflictPolicy.FAIL))
            queue.retry([item_id])
            [item] = finish(queue, [item_id], timeout=60)
        assert item.state is DONE, item.error
        assert item.bytes_done == item.bytes_total == 200 * MiB
        assert sha256(source) == digest
        assert first_difference(local / source.name, source) is None, kept
        assert os.listdir(local) == [source.name]
    finally:
        for opened in connections:
            opened.close()
        first.stop()
        if second is not None:
            second.stop()


# ------------------------------------------------------------------ hostile servers


def hostile_connection(server: HostileSftpServer, folder: Path) -> Connection:
    folder.mkdir(exist_ok=True)
    profile = SessionProfile(
        host=server.host, port=server.port, username=server.username,
        key_files=(str(server.client_key_file),), allow_agent=False, look_for_keys=False,
        keepalive_interval=0.0, timeout=5.0, auth_timeout=15.0)
    return connect(profile, NoPrompter(), trusting(folder,
                                                   extra_lines=(server.host_key_line,)))


def listing_around(tmp_path: Path) -> dict[str, list[str]]:
    """What a download that escaped its folder would change: the folders above the
    test's, and everything in the test's folder outside the target."""
    seen = {str(folder): sorted(os.listdir(folder))
            for folder in (tmp_path.parent, tmp_path.parent.parent, Path("/etc"), Path("/"))}
    for path in tmp_path.rglob("*"):
        if not {"target", "client", "home"} & set(path.relative_to(tmp_path).parts):
            seen.setdefault("tmp", []).append(str(path))
    return seen


# Names that local_name refuses; "." and ".." in a listing are skipped, never followed.
UNSAFE = {"../../evil", "/etc/x", "a/../../b", "sub/../../up", "C:\\win.txt", "c:evil",
          "\\\\server\\share", "nul\x00byte", "evil\\..\\..\\x"}


@pytest.mark.timeout(60)
def test_hostile_folder_writes_nothing_outside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    before = listing_around(tmp_path)
    with HostileSftpServer() as server, \
            hostile_connection(server, tmp_path / "client") as connection, \
            transfer_queue(connection) as queue:
        [item] = finish(queue, queue.download(["/dir"], str(target)))
    assert listing_around(tmp_path) == before
    assert item.state is FAILED  # some of its files were refused
    for name in UNSAFE:
        assert any(failed.startswith(f"/dir/{name}: ") and "not safe" in failed
                   for failed in item.failed_files), name
    assert len(item.failed_files) == len(UNSAFE)
    written = tree_of(target)
    assert set(written) == {"dir", "dir/inner.txt", "dir/CON", "dir/aux.txt"}
    for name in ("inner.txt", "CON", "aux.txt"):
        assert (target / "dir" / name).read_bytes() == payload(name)
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("evil"))


@pytest.mark.timeout(60)
def test_each_hostile_name_downloads_inside_the_target_or_is_refused(tmp_path: Path
                                                                     ) -> None:
    target = tmp_path / "target"
    target.mkdir()
    before = listing_around(tmp_path)
    with HostileSftpServer() as server, \
            hostile_connection(server, tmp_path / "client") as connection, \
            transfer_queue(connection) as queue:
        files = connection.open_sftp()
        listed = [entry.name for entry in files.list_folder("/")]
        paths = [files.join("/", name) for name in listed]  # as a pane builds them
        items = finish(queue, queue.download(paths, str(target)))
    assert listing_around(tmp_path) == before
    assert sorted(listed) == sorted({*HOSTILE_NAMES, "ok.txt", "dir"} - {".", ".."})
    for name, item in zip(listed, items, strict=True):
        if item.state is DONE:
            assert Path(item.target).parent == target, (name, item.target)
        else:
            assert item.state is FAILED, (name, item)
            assert "not safe as a local file name" in item.error, (name, item.error)
    by_name = dict(zip(listed, items, strict=True))
    # "dir" holds the hostile names again: it fails for those, and only for those.
    assert by_name["dir"].is_folder and by_name["dir"].state is FAILED
    assert all("not safe" in failed for failed in by_name["dir"].failed_files)
    assert by_name["sub/../../up"].is_folder and by_name["sub/../../up"].state is DONE
    assert (target / "up/escaped.txt").read_bytes() == payload("escaped.txt")
    refused = {name for name, item in by_name.items()
               if item.state is FAILED and not item.is_folder}
    assert refused == {"C:\\win.txt", "c:evil", "\\\\server\\share", "nul\x00byte",
                       "evil\\..\\..\\x"}
    # "../../evil" joined to "/" is "/../../evil": the file "evil" the person chose,
    # written inside the target under its last part.
    assert (target / "evil").read_bytes() == payload("../../evil")
    assert (target / "ok.txt").read_bytes() == payload("ok.txt")
    assert all(Path(os.path.realpath(path)).is_relative_to(target)
               for path in target.rglob("*"))


def test_download_never_writes_through_a_local_folder_link_leading_out(
        queue: TransferQueue, remote: Path, tmp_path: Path) -> None:
    (remote / "tree/sub").mkdir(parents=True)
    (remote / "tree/sub/file.txt").write_text("from the server")
    (remote / "tree/top.txt").write_text("top")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "target"
    (target / "tree").mkdir(parents=True)
    (target / "tree/sub").symlink_to(outside)
    [item] = finish(queue, queue.download([str(remote / "tree")], str(target)))
    assert os.listdir(outside) == []
    assert (target / "tree/top.txt").read_text() == "top"
    assert item.state is FAILED
    assert any("outside the chosen folder" in failed for failed in item.failed_files)


@pytest.mark.parametrize("policy", [
    ConflictPolicy.OVERWRITE,
    ConflictPolicy.RESUME,
])
def test_existing_local_target_link_is_never_written_through(
        connection: Connection, remote: Path, local: Path, tmp_path: Path,
        policy: ConflictPolicy) -> None:
    (remote / "report.txt").write_bytes(b"x" * 5000)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_bytes(b"victim")
    (local / "report.txt").symlink_to(outside / "victim.txt")
    with transfer_queue(connection, conflict=policy) as queue:
        [item] = finish(queue, queue.download([str(remote / "report.txt")], str(local)))
    assert (outside / "victim.txt").read_bytes() == b"victim"
    assert item.state is DONE, item.error


@pytest.mark.timeout(60)
@pytest.mark.parametrize("listed_as_target", [
    False,
    True,
])
@pytest.mark.parametrize("source", ["/dir", "/loop"])
def test_hostile_symlink_loop_finishes(tmp_path: Path, listed_as_target: bool, source: str
                                       ) -> None:
    target = tmp_path / "target"
    target.mkdir()
    with HostileSftpServer(tree=loop_tree(listed_as_target), answer_any_path=False) \
            as server, hostile_connection(server, tmp_path / "client") as connection, \
            transfer_queue(connection, symlinks=SymlinkPolicy.FOLLOW) as queue:
        [item] = finish(queue, queue.download([source], str(target)), timeout=30)
    assert item.state in (DONE, FAILED), item
    assert all("symlink loop" in failed for failed in item.failed_files), item.failed_files
    inner = list(target.rglob("inner.txt"))
    assert inner and all(path.read_bytes() == payload("inner.txt") for path in inner)
    assert len(list(target.rglob("*"))) < 20


@pytest.mark.timeout(60)
@pytest.mark.parametrize("direction", ["download", "upload"])
def test_symlink_loop_finishes(queue: TransferQueue, remote: Path, local: Path,
                               direction: str) -> None:
    source_side, target_side = (remote, local) if direction == "download" else (local, remote)
    tree = source_side / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub/b.txt").write_text("b")
    (tree / "loop").symlink_to(".")
    (tree / "sub/up").symlink_to("..")
    send = queue.download if direction == "download" else queue.upload
    [item] = finish(queue, send([str(tree)], str(target_side)), timeout=30)
    assert item.state in (DONE, FAILED), item
    assert item.failed_files and all("symlink loop" in f for f in item.failed_files)
    files = {path for path, (kind, *_rest) in tree_of(target_side / "tree").items()
             if kind == "file"}
    assert files == {"a.txt", "sub/b.txt"}


def tree_with_links(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "file.txt").write_text("content")
    (root / "sub/inner.txt").write_text("inner")
    (root / "to-file").symlink_to("file.txt")
    (root / "to-sub").symlink_to("sub")
    (root / "absolute").symlink_to("/etc/hostname")
    (root / "dangling").symlink_to("nowhere")


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_copy_link_recreates_links(connection: Connection, tmp_path: Path, direction: str
                                   ) -> None:
    source = tmp_path / "source" / "tree"
    tree_with_links(source)
    target = tmp_path / "target"
    target.mkdir()
    with transfer_queue(connection, symlinks=SymlinkPolicy.COPY_LINK) as queue:
        [item] = finish(queue, getattr(queue, direction)([str(source)], str(target)),
                        timeout=SHORT)
    assert item.state is DONE, (item.error, item.failed_files)
    copied = tree_of(target / "tree")
    assert copied["to-file"] == ("link", "file.txt", 0, 0)
    assert copied["to-sub"] == ("link", "sub", 0, 0)
    assert copied["absolute"] == ("link", "/etc/hostname", 0, 0)
    assert copied["dangling"] == ("link", "nowhere", 0, 0)
    assert copied["file.txt"][1] == b"content" and copied["sub/inner.txt"][1] == b"inner"
    assert set(copied) == set(tree_of(source))


@pytest.mark.parametrize("direction", ["download", "upload"])
def test_skip_leaves_links_out(connection: Connection, tmp_path: Path, direction: str
                               ) -> None:
    source = tmp_path / "source" / "tree"
    tree_with_links(source)
    target = tmp_path / "target"
    target.mkdir()
    with transfer_queue(connection, symlinks=SymlinkPolicy.SKIP) as queue:
        [item] = finish(queue, getattr(queue, direction)([str(source)], str(target)))
    assert item.state is DONE, (item.error, item.failed_files)
    assert set(tree_of(target / "tree")) == {"file.txt", "sub", "sub/inner.txt"}
    assert item.files_total == 2


@pytest.mark.parametrize("direction", [
    "download",
    "upload",
])
def test_follow_copies_what_links_point_at(connection: Connection, tmp_path: Path,
                                           direction: str) -> None:
    source = tmp_path / "source" / "tree"
    tree_with_links(source)
    target = tmp_path / "target"
    target.mkdir()
    with transfer_queue(connection, symlinks=SymlinkPolicy.FOLLOW) as queue:
        [item] = finish(queue, getattr(queue, direction)([str(source)], str(target)))
    copied = tree_of(target / "tree")
    assert copied["to-file"][:2] == ("file", b"content")
    assert copied["to-sub"][0] == "folder" and copied["to-sub/inner.txt"][1] == b"inner"
    assert copied["absolute"][1] == Path("/etc/hostname").read_bytes()
    assert "dangling" not in copied
    assert item.state is FAILED  # the dangling link is the one failure
    assert len(item.failed_files) == 1 and "dangling" in item.failed_files[0]


def test_upload_target_names_are_posix_paths(queue: TransferQueue, local: Path,
                                             remote: Path) -> None:
    (local / "x.txt").write_text("x")
    [item_id] = queue.upload([str(local / "x.txt")], str(remote))
    [item] = finish(queue, [item_id])
    assert item.target == posixpath.join(str(remote), "x.txt")
    assert item.state is DONE
