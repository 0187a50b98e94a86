"""What drags carry: our own paths with their side, and other programs' local files."""

import os

from PySide6.QtCore import QMimeData, QUrl

from sshdesk.ui.files import dragdrop
from sshdesk.ui.files.dragdrop import Side

ODD = "/tmp/" + os.fsdecode(b"bad\xff") + "/报告 1.txt"


def test_own_drags_round_trip_with_their_side(qapp) -> None:
    data = dragdrop.encode(Side.REMOTE, ["/srv/a", ODD])
    assert dragdrop.decode(data) == (Side.REMOTE, ["/srv/a", ODD])
    assert data.urls() == []  # server paths mean nothing to other programs


def test_local_drags_also_carry_file_urls(qapp) -> None:
    data = dragdrop.encode(Side.LOCAL, [ODD])
    assert data.urls()[0].toString(QUrl.ComponentFormattingOption.FullyEncoded) == \
        "file:///tmp/bad%FF/%E6%8A%A5%E5%91%8A%201.txt"
    plain = QMimeData()
    plain.setUrls(data.urls())
    assert dragdrop.decode(plain) == (Side.LOCAL, [ODD])


def test_anything_else_is_refused(qapp) -> None:
    web = QMimeData()
    web.setUrls([QUrl("https://example.com/a")])
    assert dragdrop.decode(web) is None
    assert dragdrop.decode(QMimeData()) is None
    broken = QMimeData()
    broken.setData(dragdrop.MIME_TYPE, b"{not json")
    assert dragdrop.decode(broken) is None
