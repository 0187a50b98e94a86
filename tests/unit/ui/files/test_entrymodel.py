"""The entries model and its filter: Qt's model rules, texts, sorting, filtering, renaming."""

import os
import stat

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from sshdesk.core.files import FileEntry
from sshdesk.ui.files.entrymodel import (
    ENTRY_ROLE,
    MODIFIED,
    NAME,
    OWNER,
    PERMISSIONS,
    SIZE,
    EntryFilterModel,
    EntryModel,
    shown_name,
)

FILE = stat.S_IFREG | 0o644
FOLDER = stat.S_IFDIR | 0o755
LINK = stat.S_IFLNK | 0o777


def _entries() -> list[FileEntry]:
    return [
        FileEntry("b.txt", 1_300_000, 1_700_000_000, FILE, "alice", "staff", 1000, 50),
        FileEntry("A", 0, 1_600_000_000, FOLDER, "root", "root", 0, 0),
        FileEntry(".profile", 10, 0, FILE),
        FileEntry("c", 4, 1_500_000_000, LINK, link_target="A", target_is_dir=True),
        FileEntry("a10", 5, 0, FILE),
        FileEntry("a9", 6, 0, FILE),
    ]


def _names(model: EntryModel | EntryFilterModel) -> list[str]:
    return [model.index(row, NAME).data(ENTRY_ROLE).name for row in range(model.rowCount())]


def _models(qtmodeltester: object) -> tuple[EntryModel, EntryFilterModel]:
    model = EntryModel()
    proxy = EntryFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]
    return model, proxy


def test_models_keep_qts_rules_while_filled_and_sorted(qapp, qtmodeltester) -> None:
    model, proxy = _models(qtmodeltester)
    entries = _entries()
    model.reset(entries[:3])
    model.add(entries[3:])
    proxy.sort(SIZE, Qt.SortOrder.DescendingOrder)
    proxy.set_show_hidden(True)
    proxy.set_name_filter("a")
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_texts(qapp, qtmodeltester) -> None:
    model, _proxy = _models(qtmodeltester)
    model.reset(_entries())
    row = model.row_of("b.txt")
    assert model.index(row, SIZE).data() == "1.2 MiB"
    assert model.index(row, PERMISSIONS).data() == "-rw-r--r--"
    assert model.index(row, OWNER).data() == "alice"
    assert model.index(row, MODIFIED).data().startswith("2023-11-1")
    folder = model.row_of("A")
    assert model.index(folder, SIZE).data() == ""
    link = model.row_of("c")
    assert model.index(link, NAME).data() == "c -> A"
    assert model.index(link, SIZE).data() == ""  # leads to a folder
    assert model.headerData(SIZE, Qt.Orientation.Horizontal) == "Size"
    assert model.index(row, SIZE).data(Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.index(row, NAME).data(Qt.ItemDataRole.DecorationRole) is not None


def test_undecodable_names_show_marks() -> None:
    name = os.fsdecode(b"r\xe9sum\xe9")
    assert shown_name(FileEntry(name, 0, 0, LINK, link_target=os.fsdecode(b"\xff"))) == \
        "r\ufffdsum\ufffd -> \ufffd"


def test_sorted_folders_first_names_naturally(qtmodeltester) -> None:
    model, proxy = _models(qtmodeltester)
    model.reset(_entries())
    assert _names(model) == ["A", "c", ".profile", "a9", "a10", "b.txt"]
    assert _names(proxy) == ["A", "c", "a9", "a10", "b.txt"]
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert _names(proxy) == ["c", "A", "b.txt", "a10", "a9"]
    proxy.sort(SIZE, Qt.SortOrder.AscendingOrder)
    assert _names(proxy) == ["A", "c", "a10", "a9", "b.txt"]


def test_added_batches_go_into_place(qtmodeltester) -> None:
    model, _proxy = _models(qtmodeltester)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    entries = _entries()
    model.reset(entries[:2])
    model.add(entries[2:])
    assert inserted == [(2, 5)]  # one insertion for the batch
    assert _names(model) == ["A", "c", ".profile", "a9", "a10", "b.txt"]


def test_sorting_keeps_the_selection_on_its_entries(qtmodeltester) -> None:
    model, _proxy = _models(qtmodeltester)
    model.reset(_entries())
    kept = QPersistentModelIndex(model.index(model.row_of("b.txt"), SIZE))
    model.sort(SIZE, Qt.SortOrder.DescendingOrder)
    assert kept.row() == model.row_of("b.txt") and kept.column() == SIZE


def test_filter_patterns(qtmodeltester) -> None:
    model, proxy = _models(qtmodeltester)
    model.reset(_entries())
    proxy.set_name_filter("A1")
    assert _names(proxy) == ["a10"]
    proxy.set_name_filter("a?")
    assert _names(proxy) == ["a9"]
    proxy.set_show_hidden(True)
    proxy.set_name_filter(".p*")
    assert _names(proxy) == [".profile"]


def test_editing_a_name_asks_for_a_rename(qtbot, qtmodeltester) -> None:
    model, _proxy = _models(qtmodeltester)
    model.reset(_entries())
    index = model.index(model.row_of("b.txt"), NAME)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, SIZE)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.rename_requested) as asked:
        assert model.setData(index, " 新.txt ")
    assert asked.args[0].name == "b.txt" and asked.args[1] == "新.txt"
    with qtbot.assertNotEmitted(model.rename_requested):
        assert not model.setData(index, "b.txt")
        assert not model.setData(index, "a/b")
        assert not model.setData(index, "")
        assert not model.setData(QModelIndex(), "x")
