"""RemoteFileSystem against a real OpenSSH sftp server: listings, links, changes, errors
and GBK names.

The server runs on this machine, so each test makes its "remote" files directly under a
local temporary folder and checks the results on disk as well as through SFTP.
"""

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from sshdesk.core.connection import Connection, connect
from sshdesk.core.errors import RemoteFileError
from sshdesk.core.files import FileEntry, TreeCount
from sshdesk.core.prompts import NoPrompter
from sshdesk.core.remotefs import RemoteFileSystem
from tests.helpers.accounts import TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.disks import GBK_ENTRIES, gbk_names_folder
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer
from tests.helpers.system import make_temp_dir

# An old file time, so a kept or changed time cannot be "now" by accident.
OLD_TIME = 1_500_000_000


@pytest.fixture
def connection(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
               ) -> Iterator[Connection]:
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as opened:
        yield opened


@pytest.fixture
def files(connection: Connection) -> RemoteFileSystem:
    return connection.open_sftp()


@pytest.fixture
def user_files(sshd: SshdServer, client_keys: ClientKeys, password_user: TestUser,
               tmp_path: Path) -> Iterator[RemoteFileSystem]:
    """Files as a user who is not root (every test user takes the shared client keys)."""
    profile = profile_for(sshd, username=password_user.name,
                          key_files=(str(client_keys.ed25519),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as opened:
        yield opened.open_sftp()


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder every user can reach (pytest's own temp folder is root's alone)."""
    folder = make_temp_dir("sshdesk-remotefs-", mode=0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_files(folder: Path, count: int) -> set[str]:
    """``count`` names in a new ``folder``: hard links to one empty file, since creating
    10,000 files on this ext4 takes seconds and linking them a tenth of one."""
    folder.mkdir()
    names = [f"file-{number:05d}.txt" for number in range(count)]
    os.close(os.open(folder / names[0], os.O_WRONLY | os.O_CREAT, 0o644))
    for name in names[1:]:
        os.link(folder / names[0], folder / name)
    return set(names)


# ------------------------------------------------------------------------- listings


def test_listing_arrives_in_batches_that_add_up_to_the_list(
        files: RemoteFileSystem, tmp_path: Path) -> None:
    names = make_files(tmp_path / "many", 750)
    batches: list[list[FileEntry]] = []
    returned = False

    def on_batch(entries: list[FileEntry]) -> None:
        assert not returned, "a batch came after list_folder returned"
        batches.append(entries)

    listed = files.list_folder(str(tmp_path / "many"), on_batch)
    returned = True
    assert len(batches) > 1  # OpenSSH sends at most 100 names per READDIR reply
    assert sorted(e.name for batch in batches for e in batch) == sorted(names)
    assert sorted(e.name for e in listed) == sorted(names)
    assert "." not in {e.name for e in listed} and ".." not in {e.name for e in listed}


@pytest.mark.timeout(60)
def test_ten_thousand_entries_list_completely(files: RemoteFileSystem, tmp_path: Path) -> None:
    names = make_files(tmp_path / "huge", 10_000)
    listed = files.list_folder(str(tmp_path / "huge"))
    assert len(listed) == 10_000
    assert {e.name for e in listed} == names


def test_listing_describes_files_and_folders(files: RemoteFileSystem, tmp_path: Path) -> None:
    (tmp_path / "data.bin").write_bytes(b"x" * 1234)
    os.chmod(tmp_path / "data.bin", 0o640)
    os.utime(tmp_path / "data.bin", (OLD_TIME, OLD_TIME))
    (tmp_path / "sub").mkdir(mode=0o750)
    os.chmod(tmp_path / "sub", 0o750)
    (tmp_path / ".hidden").write_text("h")
    by_name = {e.name: e for e in files.list_folder(str(tmp_path))}
    data = by_name["data.bin"]
    assert (data.size, data.mtime, data.permissions, data.is_dir) == (1234, OLD_TIME, 0o640,
                                                                       False)
    assert (data.owner, data.group, data.uid, data.gid) == ("root", "root", 0, 0)
    assert by_name["sub"].is_dir and by_name["sub"].permissions == 0o750
    assert by_name[".hidden"].is_hidden and not data.is_hidden


def test_symlinks_are_listed_with_target_and_kind(files: RemoteFileSystem, tmp_path: Path
                                                  ) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("content")
    (tmp_path / "to-folder").symlink_to("folder")
    (tmp_path / "to-file").symlink_to(tmp_path / "file.txt")
    (tmp_path / "dangling").symlink_to("nowhere")
    by_name = {e.name: e for e in files.list_folder(str(tmp_path))}
    to_folder, to_file, dangling = by_name["to-folder"], by_name["to-file"], by_name["dangling"]
    assert to_folder.is_link and to_folder.link_target == "folder"
    assert to_folder.target_is_dir and to_folder.is_dir
    assert to_file.is_link and to_file.link_target == str(tmp_path / "file.txt")
    assert not to_file.target_is_dir and not to_file.is_dir
    assert dangling.is_link and dangling.link_target == "nowhere" and not dangling.is_dir
    assert by_name["folder"].link_target is None and not by_name["folder"].is_link


def test_symlinks_in_batches_are_described_in_the_returned_list(
        files: RemoteFileSystem, tmp_path: Path) -> None:
    (tmp_path / "target").mkdir()
    for number in range(150):
        (tmp_path / f"link-{number:03d}").symlink_to("target")
    listed = files.list_folder(str(tmp_path), lambda entries: None)
    links = [e for e in listed if e.is_link]
    assert len(links) == 150
    assert all(e.link_target == "target" and e.target_is_dir for e in links)


def test_stat_of_a_file_and_a_link(files: RemoteFileSystem, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_bytes(b"12345")
    os.utime(tmp_path / "file.txt", (OLD_TIME, OLD_TIME))
    (tmp_path / "link").symlink_to("file.txt")
    entry = files.stat(str(tmp_path / "file.txt"))
    assert (entry.name, entry.size, entry.mtime, entry.is_link) == ("file.txt", 5, OLD_TIME,
                                                                    False)
    link = files.stat(str(tmp_path / "link"))
    assert link.name == "link" and link.is_link and link.link_target == "file.txt"
    assert link.size == 5  # the target's size
    assert files.exists(str(tmp_path / "link"))
    assert not files.exists(str(tmp_path / "missing"))


def test_home_and_normalize(files: RemoteFileSystem) -> None:
    home = files.home()
    assert home == "/root"
    assert files.normalize("~/a/../b") == "/root/b"
    assert files.normalize("x/./y") == "/root/x/y"
    assert files.normalize("/tmp//z/") == "/tmp/z"


# ------------------------------------------------------------------------- changes


def test_make_rename_count_and_delete_a_tree(files: RemoteFileSystem, tmp_path: Path) -> None:
    root = str(tmp_path / "tree")
    files.make_folder(root)
    files.make_folder(files.join(root, "sub"))
    files.make_folder(files.join(root, "sub/deeper"))
    files.make_file(files.join(root, "a.txt"))
    files.make_file(files.join(root, "sub/b.txt"))
    (tmp_path / "tree/sub/deeper/c.bin").write_bytes(b"z" * 100)
    files.make_symlink("/etc", files.join(root, "sub/etc-link"))
    assert os.readlink(tmp_path / "tree/sub/etc-link") == "/etc"
    assert (tmp_path / "tree/a.txt").read_bytes() == b""

    files.rename(files.join(root, "a.txt"), files.join(root, "renamed.txt"))
    assert sorted(os.listdir(tmp_path / "tree")) == ["renamed.txt", "sub"]

    # The link counts as a file and is not followed into /etc.
    assert files.count_tree(root) == TreeCount(files=4, folders=3,
                                               bytes=100 + len("/etc"))
    progress: list[int] = []
    files.delete(root, progress.append)
    assert not (tmp_path / "tree").exists()
    assert progress == list(range(1, 8))
    assert os.path.isdir("/etc/ssh")  # the link was removed, not followed


def test_delete_a_single_file_and_link(files: RemoteFileSystem, tmp_path: Path) -> None:
    tmp_path = tmp_path / "work"
    (tmp_path / "keep").mkdir(parents=True)
    (tmp_path / "keep/inside.txt").write_text("stays")
    (tmp_path / "link").symlink_to("keep")
    (tmp_path / "file").write_text("x")
    files.delete(str(tmp_path / "link"))
    files.delete(str(tmp_path / "file"))
    assert sorted(os.listdir(tmp_path)) == ["keep"]
    assert (tmp_path / "keep/inside.txt").read_text() == "stays"


def test_make_file_refuses_an_existing_file(files: RemoteFileSystem, tmp_path: Path) -> None:
    (tmp_path / "there.txt").write_bytes(b"precious")
    with pytest.raises(RemoteFileError) as caught:
        files.make_file(str(tmp_path / "there.txt"))
    assert (tmp_path / "there.txt").read_bytes() == b"precious"
    assert caught.value.path == str(tmp_path / "there.txt")


@pytest.mark.parametrize("operation", ["make_file", "make_folder", "make_symlink"])
def test_creating_over_an_existing_name_says_it_exists(files: RemoteFileSystem, tmp_path: Path,
                                                       operation: str) -> None:
    (tmp_path / "there").write_bytes(b"precious")
    create = {"make_file": files.make_file, "make_folder": files.make_folder,
              "make_symlink": lambda path: files.make_symlink("elsewhere", path)}[operation]
    with pytest.raises(RemoteFileError) as caught:
        create(str(tmp_path / "there"))
    assert (tmp_path / "there").read_bytes() == b"precious"
    assert "already exists" in caught.value.message


def test_rename_refuses_an_existing_target(files: RemoteFileSystem, tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    with pytest.raises(RemoteFileError, match="already exists"):
        files.rename(str(tmp_path / "a"), str(tmp_path / "b"))
    assert (tmp_path / "a").read_text() == "a" and (tmp_path / "b").read_text() == "b"


def test_make_folder_refuses_an_existing_folder(files: RemoteFileSystem, tmp_path: Path
                                                ) -> None:
    (tmp_path / "there").mkdir()
    with pytest.raises(RemoteFileError) as caught:
        files.make_folder(str(tmp_path / "there"))
    assert caught.value.path == str(tmp_path / "there")


def test_chmod_one_and_recursive(files: RemoteFileSystem, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub/deeper").mkdir(parents=True)
    for name in ("a", "sub/b", "sub/deeper/c"):
        (tree / name).write_text(name)
    outside = tmp_path / "outside.txt"
    outside.write_text("o")
    os.chmod(outside, 0o644)
    (tree / "sub/link-out").symlink_to(outside)

    files.chmod(str(tree / "a"), 0o600)
    assert stat.S_IMODE(os.stat(tree / "a").st_mode) == 0o600

    files.chmod(str(tree), 0o750, recursive=True)
    for path in (tree, tree / "a", tree / "sub", tree / "sub/b", tree / "sub/deeper",
                 tree / "sub/deeper/c"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o750, path
    assert stat.S_IMODE(os.stat(outside).st_mode) == 0o644  # the link was not followed


def test_chown_recursive_to_roots_own_ids(files: RemoteFileSystem, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub/f").write_text("f")
    for path in (tree, tree / "sub", tree / "sub/f"):
        os.chown(path, 4242, 4343)
    files.chown(str(tree), 0, None, recursive=True)
    for path in (tree, tree / "sub", tree / "sub/f"):
        info = os.stat(path)
        assert (info.st_uid, info.st_gid) == (0, 4343), path  # the group was kept
    files.chown(str(tree / "sub/f"), None, 0)
    info = os.stat(tree / "sub/f")
    assert (info.st_uid, info.st_gid) == (0, 0)
    entry = {e.name: e for e in files.list_folder(str(tree / "sub"))}["f"]
    assert (entry.uid, entry.gid, entry.owner, entry.group) == (0, 0, "root", "root")


# -------------------------------------------------------------------------- errors


def test_missing_path_is_a_readable_error(files: RemoteFileSystem, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-folder")
    for action in (lambda: files.list_folder(missing), lambda: files.stat(missing),
                   lambda: files.delete(missing), lambda: files.count_tree(missing),
                   lambda: files.chmod(missing, 0o644)):
        with pytest.raises(RemoteFileError) as caught:
            action()
        error = caught.value
        assert error.path == missing
        assert error.message == f"{missing}: no such file or folder"
        assert "Check the path" in error.hint
        assert missing in error.describe()


def test_permission_denied_is_a_readable_error(user_files: RemoteFileSystem,
                                               shared_dir: Path) -> None:
    locked = shared_dir / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text("s")
    os.chmod(locked, 0o000)
    for action, path in ((user_files.list_folder, locked),
                         (user_files.stat, locked / "secret.txt"),
                         (user_files.make_folder, shared_dir / "new")):
        with pytest.raises(RemoteFileError) as caught:
            action(str(path))
        assert caught.value.message == f"{path}: permission denied"
        assert "use an account allowed" in caught.value.hint
    with pytest.raises(RemoteFileError, match="permission denied"):
        user_files.delete(str(shared_dir))
    assert (locked / "secret.txt").exists()


def test_chown_to_another_user_as_non_root_is_refused(user_files: RemoteFileSystem,
                                                      shared_dir: Path) -> None:
    own = shared_dir / "own"
    own.mkdir()
    own_file = own / "f"
    own_file.write_text("f")
    info = os.stat(user_files.home())
    os.chown(own_file, info.st_uid, info.st_gid)
    with pytest.raises(RemoteFileError) as caught:
        user_files.chown(str(own_file), 0, None)
    assert "permission denied" in caught.value.message \
        or "not permitted" in caught.value.message
    assert os.stat(own_file).st_uid == info.st_uid


# ----------------------------------------------------------------------------- GBK


@pytest.fixture
def gbk_files(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
              ) -> Iterator[RemoteFileSystem]:
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),), encoding="gbk")
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as opened:
        yield opened.open_sftp()


def test_gbk_names_list_as_chinese_text(gbk_files: RemoteFileSystem, tmp_path: Path) -> None:
    folder = tmp_path / "gbk"
    folder.mkdir()
    gbk_names_folder(folder)
    top = {e.name: e for e in gbk_files.list_folder(str(folder))}
    assert set(top) == {"中文文件.txt", "配置", "数据", "誠.txt"}
    assert top["配置"].is_dir and top["中文文件.txt"].size == len("中文文件.txt".encode())
    inner = gbk_files.list_folder(str(folder / "配置"))
    assert [e.name for e in inner] == ["设置.conf"]
    assert [e.name for e in gbk_files.list_folder(gbk_files.join(str(folder), "数据"))] \
        == ["报告 2024.csv"]
    entry = gbk_files.stat(gbk_files.join(str(folder), "誠.txt"))
    assert entry.name == "誠.txt" and entry.size == len("誠.txt".encode())
    assert len(GBK_ENTRIES) == 6


def test_gbk_names_created_and_renamed_are_gbk_bytes(gbk_files: RemoteFileSystem,
                                                     tmp_path: Path) -> None:
    gbk_files.make_folder(str(tmp_path / "新建文件夹"))
    gbk_files.make_file(str(tmp_path / "新建文件夹/文件.txt"))
    gbk_files.rename(str(tmp_path / "新建文件夹/文件.txt"), str(tmp_path / "新建文件夹/改名.txt"))
    raw = os.fsencode(tmp_path)
    assert "新建文件夹".encode("gbk") in os.listdir(raw)
    assert os.listdir(raw + b"/" + "新建文件夹".encode("gbk")) == ["改名.txt".encode("gbk")]


def test_undecodable_name_lists_and_round_trips(gbk_files: RemoteFileSystem, tmp_path: Path
                                                ) -> None:
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    raw_folder = os.fsencode(tmp_path)
    with open(raw_folder + b"/bad\xff\xfe", "wb") as stream:
        stream.write(b"odd")
    names = [e.name for e in gbk_files.list_folder(str(tmp_path))]
    assert len(names) == 1
    name = names[0]
    assert name.startswith("bad")
    assert name.encode("gbk", "surrogateescape") == b"bad\xff\xfe"
    path = gbk_files.join(str(tmp_path), name)
    assert gbk_files.stat(path).size == 3
    gbk_files.rename(path, path + ".txt")
    assert os.listdir(raw_folder) == [b"bad\xff\xfe.txt"]
    gbk_files.delete(path + ".txt")
    assert os.listdir(raw_folder) == []
