"""LocalFileSystem on real temporary folders: listing, links, changes, errors, odd names."""

import grp
import os
import pwd
import stat
from pathlib import Path

import pytest

from sshdesk.core.errors import RemoteFileError
from sshdesk.core.files import FileEntry, FileSystem, TreeCount, display_name
from sshdesk.core.localfs import BATCH_SIZE, LocalFileSystem

BAD_NAME = os.fsdecode(b"bad\xff")


@pytest.fixture
def fs() -> LocalFileSystem:
    return LocalFileSystem()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty folder (tmp_path itself holds the test's home folder)."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def tree(root: Path) -> Path:
    """docs/{a.txt (5 bytes), sub/b.txt (3 bytes)}, .hidden, link -> docs, dangling -> nowhere"""
    (root / "docs" / "sub").mkdir(parents=True)
    (root / "docs" / "a.txt").write_bytes(b"hello")
    (root / "docs" / "sub" / "b.txt").write_bytes(b"abc")
    (root / ".hidden").write_text("")
    (root / "link").symlink_to("docs")
    (root / "dangling").symlink_to("nowhere")
    return root


def _by_name(entries: list[FileEntry]) -> dict[str, FileEntry]:
    return {entry.name: entry for entry in entries}


def test_it_is_a_file_system(fs: LocalFileSystem) -> None:
    shape: FileSystem = fs
    assert not shape.is_remote
    assert shape.label == "this computer"


def test_listing_describes_files_folders_and_links(fs: LocalFileSystem, tree: Path) -> None:
    entries = _by_name(fs.list_folder(str(tree)))
    assert set(entries) == {"docs", ".hidden", "link", "dangling"}
    assert entries["docs"].is_dir and not entries["docs"].is_link
    assert entries[".hidden"].is_hidden and entries[".hidden"].size == 0
    link = entries["link"]
    assert link.is_link and link.link_target == "docs" and link.target_is_dir and link.is_dir
    dangling = entries["dangling"]
    assert dangling.is_link and dangling.link_target == "nowhere" and not dangling.is_dir
    own = entries["docs"]
    assert own.uid == os.getuid() and own.owner == pwd.getpwuid(os.getuid()).pw_name
    assert own.gid == os.getgid() and own.group == grp.getgrgid(os.getgid()).gr_name
    assert own.mtime == int((tree / "docs").lstat().st_mtime)


def test_unknown_owner_shows_its_number(fs: LocalFileSystem, root: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a file to a user that does not exist")
    (root / "orphan").write_text("")
    os.chown(root / "orphan", 54321, 54322)
    entry = fs.list_folder(str(root))[0]
    assert (entry.owner, entry.group, entry.uid, entry.gid) == ("54321", "54322", 54321, 54322)


def test_a_big_folder_arrives_in_batches(fs: LocalFileSystem, root: Path) -> None:
    for number in range(BATCH_SIZE * 2 + 7):
        (root / f"f{number}").touch()
    batches: list[list[FileEntry]] = []
    entries = fs.list_folder(str(root), batches.append)
    assert [len(batch) for batch in batches] == [BATCH_SIZE, BATCH_SIZE, 7]
    assert [e for batch in batches for e in batch] == entries


def test_odd_names_round_trip(fs: LocalFileSystem, root: Path) -> None:
    os.mkdir(os.path.join(os.fsencode(root), b"bad\xff"))
    (root / "文件夹").mkdir()
    names = {entry.name for entry in fs.list_folder(str(root))}
    assert names == {BAD_NAME, "文件夹"}
    assert display_name(BAD_NAME) == "bad\ufffd"
    inside = fs.join(str(root), BAD_NAME)
    fs.make_file(fs.join(inside, "文件.txt"))
    assert [e.name for e in fs.list_folder(inside)] == ["文件.txt"]
    fs.rename(inside, fs.join(str(root), "fixed"))
    assert sorted(os.listdir(root)) == ["fixed", "文件夹"]


def test_paths(fs: LocalFileSystem, isolated_home: Path) -> None:
    assert fs.home() == str(isolated_home)
    assert fs.normalize("~/a/../b/") == str(isolated_home / "b")
    assert fs.parent("/") == "/"
    assert fs.parent("/usr/lib/") == "/usr"
    assert fs.basename("/usr/lib/") == "lib"
    assert fs.basename("/") == "/"
    assert fs.join("/usr", "lib") == "/usr/lib"


def test_stat_follows_a_final_link(fs: LocalFileSystem, tree: Path) -> None:
    entry = fs.stat(str(tree / "link"))
    assert entry.name == "link" and stat.S_ISDIR(entry.mode)
    assert entry.link_target == "docs" and entry.target_is_dir
    dangling = fs.stat(str(tree / "dangling"))
    assert dangling.is_link and dangling.link_target == "nowhere"
    assert fs.stat(str(tree / "docs" / "a.txt")).size == 5


def test_exists_counts_a_dangling_link(fs: LocalFileSystem, tree: Path) -> None:
    assert fs.exists(str(tree / "dangling"))
    assert not fs.exists(str(tree / "missing"))


def test_making_things(fs: LocalFileSystem, root: Path) -> None:
    fs.make_folder(str(root / "new"))
    fs.make_file(str(root / "new" / "empty"))
    fs.make_symlink("new/empty", str(root / "to-empty"))
    assert (root / "new").is_dir()
    assert (root / "new" / "empty").read_bytes() == b""
    assert os.readlink(root / "to-empty") == "new/empty"
    with pytest.raises(RemoteFileError, match="already exists"):
        fs.make_file(str(root / "new" / "empty"))
    with pytest.raises(RemoteFileError, match="already exists"):
        fs.make_folder(str(root / "new"))


def test_rename_refuses_to_replace(fs: LocalFileSystem, tree: Path) -> None:
    with pytest.raises(RemoteFileError) as caught:
        fs.rename(str(tree / "docs" / "a.txt"), str(tree / ".hidden"))
    assert "already exists" in caught.value.message
    assert (tree / "docs" / "a.txt").exists()
    fs.rename(str(tree / "docs" / "a.txt"), str(tree / "docs" / "c.txt"))
    assert (tree / "docs" / "c.txt").read_bytes() == b"hello"


def test_count_tree_counts_links_as_files(fs: LocalFileSystem, tree: Path) -> None:
    (tree / "docs" / "back").symlink_to("..")  # followed, it would loop
    assert fs.count_tree(str(tree / "docs")) == TreeCount(files=3, folders=2,
                                                           bytes=8 + len(".."))
    assert fs.count_tree(str(tree / "docs" / "a.txt")) == TreeCount(files=1, bytes=5)
    assert fs.count_tree(str(tree / "link")) == TreeCount(files=1, bytes=len("docs"))


def test_delete_removes_links_not_what_they_point_at(fs: LocalFileSystem, tree: Path,
                                                     tmp_path_factory: pytest.TempPathFactory,
                                                     ) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "keep.txt").write_text("precious")
    (tree / "docs" / "sub" / "out").symlink_to(outside)
    progress: list[int] = []
    fs.delete(str(tree / "docs"), progress.append)
    assert not (tree / "docs").exists()
    assert (outside / "keep.txt").read_text() == "precious"
    assert progress == [1, 2, 3, 4, 5]  # a.txt, out, b.txt, sub, docs (any order)
    fs.delete(str(tree / "link"))
    assert not (tree / "link").is_symlink()


def test_delete_of_a_link_to_a_folder_keeps_the_folder(fs: LocalFileSystem, tree: Path) -> None:
    fs.delete(str(tree / "link"))
    assert (tree / "docs" / "a.txt").exists()


def test_chmod_recursive_skips_links(fs: LocalFileSystem, tree: Path,
                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "target"
    outside.write_text("")
    outside.chmod(0o600)
    (tree / "docs" / "out").symlink_to(outside)
    fs.chmod(str(tree / "docs"), 0o750, recursive=True)
    for path in (tree / "docs", tree / "docs" / "a.txt", tree / "docs" / "sub",
                 tree / "docs" / "sub" / "b.txt"):
        assert stat.S_IMODE(path.lstat().st_mode) == 0o750, path
    assert stat.S_IMODE(outside.stat().st_mode) == 0o600
    fs.chmod(str(tree / "docs" / "a.txt"), 0o644)
    assert stat.S_IMODE((tree / "docs" / "a.txt").stat().st_mode) == 0o644


def test_chown_to_oneself(fs: LocalFileSystem, tree: Path) -> None:
    fs.chown(str(tree / "docs"), os.getuid(), None, recursive=True)
    fs.chown(str(tree / "docs" / "a.txt"), None, os.getgid())
    assert (tree / "docs" / "sub" / "b.txt").stat().st_uid == os.getuid()


def test_errors_name_the_path_the_reason_and_a_hint(fs: LocalFileSystem,
                                                    root: Path) -> None:
    with pytest.raises(RemoteFileError) as caught:
        fs.list_folder(str(root / "missing"))
    error = caught.value
    assert error.host == "this computer" and error.operation == "list folder"
    assert error.message == f"{root / 'missing'}: no such file or folder"
    assert error.hint == "Check the path; refresh the list."
    (root / "file").write_text("")
    with pytest.raises(RemoteFileError, match="not a folder"):
        fs.list_folder(str(root / "file"))
    with pytest.raises(RemoteFileError, match="no such file"):
        fs.delete(str(root / "missing"))


def test_an_undecodable_path_in_an_error_is_shown_with_marks(fs: LocalFileSystem,
                                                              root: Path) -> None:
    with pytest.raises(RemoteFileError) as caught:
        fs.stat(fs.join(str(root), BAD_NAME))
    assert "bad\ufffd" in caught.value.message


def test_copy_in_copies_files_folders_and_links_and_never_replaces(
        fs: LocalFileSystem, root: Path, tmp_path: Path) -> None:
    desktop = tmp_path / "desktop"
    (desktop / "album").mkdir(parents=True)
    (desktop / "album" / "one.jpg").write_bytes(b"1")
    (desktop / "album" / "latest").symlink_to("one.jpg")
    (desktop / "notes.txt").write_text("notes")
    (root / "taken.txt").write_text("mine")
    (desktop / "taken.txt").write_text("theirs")
    sources = [str(desktop / "notes.txt"), str(desktop / "album")]
    assert fs.copy_in(sources, str(root)) == ["notes.txt", "album"]
    assert (root / "notes.txt").read_text() == "notes"
    assert os.readlink(root / "album" / "latest") == "one.jpg"
    with pytest.raises(RemoteFileError, match="already exists"):
        fs.copy_in([str(desktop / "taken.txt")], str(root))
    assert (root / "taken.txt").read_text() == "mine"
    assert fs.copy_in([str(root / "notes.txt")], str(root)) == []  # already there
