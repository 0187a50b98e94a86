"""Bookmarks: kept per side in the config folder, odd names included."""

import os

from sshdesk.core import paths
from sshdesk.ui.files.bookmarks import Bookmarks

ODD = "/srv/" + os.fsdecode(b"bad\xff")


def test_lists_are_kept_apart_and_survive(qapp) -> None:
    local = Bookmarks("local")
    local.add("/home/me/项目")
    local.add("/home/me/项目")
    Bookmarks("remote/deploy@web1:22").add(ODD)
    assert Bookmarks("local").paths() == ["/home/me/项目"]
    assert Bookmarks("remote/deploy@web1:22").paths() == [ODD]
    assert Bookmarks("remote/web2").paths() == []
    assert (paths.config_dir() / "bookmarks.ini").is_file()
    local.remove("/home/me/项目")
    assert Bookmarks("local").paths() == []


def test_a_damaged_list_reads_as_empty(qapp) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "bookmarks.ini").write_text("[folders]\nlocal=[oops\n")
    assert Bookmarks("local").paths() == []
